"""Participatory budgeting: processes, proposals, ballots, participation and results."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import (JSON, BigInteger, CheckConstraint, ForeignKey, Index, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TimestampMixin, UTCDateTime, db, enum_column, utcnow

# What people read for each enum value; lazy, so each page shows them in its reader's language.
PHASE_LABELS = {"draft": _l("Draft"), "proposals": _l("Collecting proposals"),
                "review": _l("Under review"), "voting": _l("Voting open"), "results": _l("Results"),
                "implementation": _l("Implementation"), "archived": _l("Archived")}
BALLOT_KIND_LABELS = {"approval": _l("Approval (tick the projects you support)"),
                      "knapsack": _l("Knapsack (fill a basket within the budget)"),
                      "cumulative": _l("Cumulative (spread points)"),
                      "ranked": _l("Ranked (order your favourites)"),
                      "choose_one": _l("Choose one")}
TALLY_RULE_LABELS = {"greedy": _l("Greedy by votes"),
                     "greedy-no-skip": _l("Greedy, stopping at the first misfit"),
                     "greedy-threshold": _l("Greedy with a minimum score"),
                     "equalshares/add1": _l("Method of Equal Shares")}
PROPOSAL_STATUS_LABELS = {"submitted": _l("Awaiting review"),
                          "feasible": _l("Feasible: on the ballot"),
                          "unfeasible": _l("Not feasible"), "withdrawn": _l("Withdrawn")}
CHANNEL_LABELS = {"online": _l("Online"), "paper": _l("On paper"), "imported": _l("Imported")}


class Phase(enum.Enum):
    """A process moves forward through these phases, one step at a time."""

    DRAFT = "draft"
    PROPOSALS = "proposals"
    REVIEW = "review"
    VOTING = "voting"
    RESULTS = "results"
    IMPLEMENTATION = "implementation"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self.value]

    @property
    def locks_ballot(self) -> bool:
        """From voting on, the rules of the vote may not change."""
        return self in (Phase.VOTING, Phase.RESULTS, Phase.IMPLEMENTATION, Phase.ARCHIVED)


PHASE_TRANSITIONS: dict[Phase, tuple[Phase, ...]] = {
    Phase.DRAFT: (Phase.PROPOSALS,),
    Phase.PROPOSALS: (Phase.REVIEW,),
    Phase.REVIEW: (Phase.VOTING,),
    Phase.VOTING: (Phase.RESULTS,),
    Phase.RESULTS: (Phase.IMPLEMENTATION, Phase.ARCHIVED),
    Phase.IMPLEMENTATION: (Phase.ARCHIVED,),
    Phase.ARCHIVED: (),
}


class BallotKind(enum.Enum):
    """How residents express their choices."""

    APPROVAL = "approval"
    KNAPSACK = "knapsack"
    CUMULATIVE = "cumulative"
    RANKED = "ranked"
    CHOOSE_ONE = "choose_one"

    @property
    def label(self) -> str:
        return BALLOT_KIND_LABELS[self.value]


class TallyRule(enum.Enum):
    """How ballots become funded projects; values are the tallying package's rule names."""

    GREEDY = "greedy"
    GREEDY_NO_SKIP = "greedy-no-skip"
    GREEDY_THRESHOLD = "greedy-threshold"
    EQUAL_SHARES = "equalshares/add1"

    @property
    def label(self) -> str:
        return TALLY_RULE_LABELS[self.value]


class ProposalStatus(enum.Enum):
    """Where a proposal stands; only feasible proposals reach the ballot."""

    SUBMITTED = "submitted"
    FEASIBLE = "feasible"
    UNFEASIBLE = "unfeasible"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return PROPOSAL_STATUS_LABELS[self.value]


class Channel(enum.Enum):
    """How a ballot reached us."""

    ONLINE = "online"
    PAPER = "paper"
    IMPORTED = "imported"

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self.value]


DEFAULT_CATEGORIES = "Green spaces\nStreets and safety\nCulture and sport\nChildren and youth\nOther"


class Process(TimestampMixin, db.Model):
    """One budgeting cycle for a neighbourhood (or for all of them)."""

    __tablename__ = "processes"
    __table_args__ = (
        CheckConstraint("budget > 0", name="budget_positive"),
        CheckConstraint("min_choices >= 0 AND (max_choices IS NULL OR max_choices >= min_choices)",
                        name="choice_limits"),
        CheckConstraint("min_spend_percent >= 0 AND min_spend_percent <= 100", name="spend_share"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(150))
    description: Mapped[str] = mapped_column(Text, default="")
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhoods.id"), index=True)
    budget: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(8), default="GBP")
    phase: Mapped[Phase] = mapped_column(enum_column(Phase), default=Phase.DRAFT)
    ballot_kind: Mapped[BallotKind] = mapped_column(enum_column(BallotKind), default=BallotKind.APPROVAL)
    min_choices: Mapped[int] = mapped_column(default=0)
    max_choices: Mapped[int | None]
    total_points: Mapped[int | None]
    max_points_per_project: Mapped[int | None]
    min_spend_percent: Mapped[int] = mapped_column(default=0)
    tally_rule: Mapped[TallyRule] = mapped_column(enum_column(TallyRule), default=TallyRule.GREEDY)
    score_threshold: Mapped[int | None]
    categories: Mapped[str] = mapped_column(Text, default=DEFAULT_CATEGORIES)
    proposals_open_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voting_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voting_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source_file: Mapped[str | None] = mapped_column(String(200))

    neighbourhood = relationship("Neighbourhood")
    proposals = relationship("Proposal", back_populates="process", order_by="Proposal.id")
    result = relationship("ProcessResult", uselist=False, back_populates="process")

    @property
    def category_list(self) -> list[str]:
        return [c.strip() for c in self.categories.splitlines() if c.strip()]

    @property
    def area_name(self) -> str:
        return self.neighbourhood.name if self.neighbourhood else _("All neighbourhoods")


class Proposal(TimestampMixin, db.Model):
    """A resident's project idea, and after review a project on the ballot."""

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint("estimated_cost > 0", name="cost_positive"),
        CheckConstraint("revised_cost IS NULL OR revised_cost > 0", name="revised_cost_positive"),
        CheckConstraint("latitude IS NULL OR (latitude BETWEEN -90 AND 90)", name="latitude_range"),
        CheckConstraint("longitude IS NULL OR (longitude BETWEEN -180 AND 180)", name="longitude_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(150))
    description: Mapped[str] = mapped_column(Text, default="")
    # The language it was written in: the original, authoritative for moderation and the audit log.
    language: Mapped[str] = mapped_column(String(10), default="en", server_default="en")
    estimated_cost: Mapped[int] = mapped_column(BigInteger)
    category: Mapped[str] = mapped_column(String(80), default="Other")
    location: Mapped[str] = mapped_column(String(200), default="")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    image_name: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[ProposalStatus] = mapped_column(enum_column(ProposalStatus),
                                                  default=ProposalStatus.SUBMITTED, index=True)
    review_reason: Mapped[str | None] = mapped_column(String(1000))
    revised_cost: Mapped[int | None] = mapped_column(BigInteger)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # A form submitted twice carries the same key, so it creates one proposal.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(64))

    process = relationship("Process", back_populates="proposals")
    author = relationship("User", foreign_keys=[author_id])

    @property
    def cost(self) -> int:
        """What the project costs on the ballot: the reviewed cost if there is one."""
        return self.revised_cost or self.estimated_cost


class Participation(TimestampMixin, db.Model):
    """That a person voted in a process, and how; never what they chose."""

    __tablename__ = "participations"
    __table_args__ = (UniqueConstraint("process_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhoods.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Ballot(db.Model):
    """An anonymous ballot: a keyed hash, not the voter's id, ties it to its voter."""

    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("process_id", "voter_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id"), index=True)
    voter_key: Mapped[str] = mapped_column(String(64))
    receipt_code: Mapped[str] = mapped_column(String(20), unique=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    version: Mapped[int] = mapped_column(default=1)

    choices = relationship("BallotChoice", cascade="all, delete-orphan",
                           order_by="BallotChoice.position")


class BallotChoice(db.Model):
    """One project on a ballot, with its points (or its rank, for ranked ballots)."""

    __tablename__ = "ballot_choices"
    __table_args__ = (
        UniqueConstraint("ballot_id", "proposal_id"),
        CheckConstraint("points > 0", name="points_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    points: Mapped[int] = mapped_column(default=1)
    position: Mapped[int] = mapped_column(default=0)

    proposal = relationship("Proposal")


class ProcessResult(TimestampMixin, db.Model):
    """The tally computed when voting closed, kept so the results page is instant."""

    __tablename__ = "process_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id"), unique=True)
    rule: Mapped[str] = mapped_column(String(40))
    selected: Mapped[list] = mapped_column(JSON)
    scores: Mapped[dict] = mapped_column(JSON)
    explanations: Mapped[dict] = mapped_column(JSON)
    total_cost: Mapped[int] = mapped_column(BigInteger)
    ballots_counted: Mapped[int]

    process = relationship("Process", back_populates="result")


Index("ix_participations_process_channel", Participation.process_id, Participation.channel)
