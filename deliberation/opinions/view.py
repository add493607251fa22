"""What pages and pushes show of a map: groups of five or more, no person's votes, "you" only to you."""
from __future__ import annotations
from flask_babel import gettext as _

from dataclasses import dataclass, field
from datetime import datetime

from babel import Locale
from babel.numbers import format_percent
from flask_babel import get_locale
from sqlalchemy import select

from deliberation.opinionmaths import SMALL_GROUP
from deliberation.opinions import chart
from models import Conversation, MapSnapshot, Statement, db

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
REPRESENTATIVE_SHOWN = 3


def percent(part: int, whole: int) -> str:
    """A share written the reader's way (12 %, 12%, ٪١٢ ...)."""
    return format_percent(part / whole if whole else 0, locale=get_locale() or Locale.parse("en_GB"))


@dataclass(frozen=True)
class Counts:
    """Reactions to one statement among some people."""

    agree: int = 0
    disagree: int = 0
    passed: int = 0

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.passed

    def widths(self, length: float = 100.0) -> tuple[float, float, float]:
        """Bar segment lengths for agree, disagree and pass."""
        if not self.total:
            return 0.0, 0.0, 0.0
        return tuple(round(length * n / self.total, 1) for n in (self.agree, self.disagree, self.passed))

    def summary(self) -> str:
        if not self.total:
            return _("No reactions yet")
        return _("%(agree)s agree, %(disagree)s disagree, %(passed)s pass",
                 agree=percent(self.agree, self.total), disagree=percent(self.disagree, self.total),
                 passed=percent(self.passed, self.total))


@dataclass(frozen=True)
class Representative:
    statement: Statement
    direction: int
    share: str  # of the group on its side


@dataclass
class GroupView:
    index: int  # colour and order among the groups shown
    letter: str
    size: int
    hull: str
    dots: list[chart.Point]
    label_at: chart.Point
    representative: list[Representative] = field(default_factory=list)


@dataclass
class StatementRow:
    statement: Statement
    everyone: Counts
    by_group: list[Counts]


@dataclass
class MapView:
    """Everything the map page draws and lists, already anonymised."""

    computed_at: datetime | None = None
    vote_count: int = 0
    participants: int = 0  # everyone who reacted at all
    groups: list[GroupView] = field(default_factory=list)
    not_shown: int = 0  # placed in groups too small to show, or not placed yet
    you: chart.Point | None = None
    your_group: str | None = None
    consensus: list[StatementRow] = field(default_factory=list)
    rows: list[StatementRow] = field(default_factory=list)

    @property
    def has_map(self) -> bool:
        return bool(self.groups) or self.you is not None


def _statements(conversation_id: int) -> dict[int, Statement]:
    return {s.id: s for s in db.session.scalars(select(Statement).where(
        Statement.conversation_id == conversation_id, Statement.hidden_at.is_(None))
        .order_by(Statement.id))}


def shown_groups(result: dict) -> list[dict]:
    """Groups large enough that showing them identifies nobody, in id order."""
    return [g for g in result["groups"] if len(g["members"]) >= SMALL_GROUP]


def _group_view(index: int, group: dict, result: dict, frame: chart.Frame,
                statements: dict[int, Statement]) -> GroupView:
    dots = [frame(result["participants"][str(m)]) for m in group["members"]
            if str(m) in result["participants"]]
    hull = chart.convex_hull(dots)
    centre = frame(group["centre"])
    view = GroupView(index=index, letter=LETTERS[index % len(LETTERS)], size=len(group["members"]),
                     hull=chart.polygon(hull), dots=dots, label_at=centre)
    for rep in group["representative"]:
        statement = statements.get(rep["statement"])
        if statement is None or len(view.representative) >= REPRESENTATIVE_SHOWN:
            continue
        side = rep["agree"] if rep["direction"] > 0 else rep["disagree"]
        view.representative.append(Representative(statement, rep["direction"],
                                                  percent(side, rep["seen"])))
    return view


def _row(statement: Statement, result: dict, groups: list[dict]) -> StatementRow:
    summary = result["statements"].get(str(statement.id))
    if summary is None:
        return StatementRow(statement, Counts(), [Counts() for _g in groups])
    everyone = Counts(summary["agree"], summary["disagree"], summary["passed"])
    by_group = [Counts(*summary["by_group"].get(str(g["id"]), (0, 0, 0))) for g in groups]
    return StatementRow(statement, everyone, by_group)


def map_view(conversation: Conversation, snapshot: MapSnapshot | None, viewer_id: int | None) -> MapView:
    """The page's picture of the map for one reader."""
    statements = _statements(conversation.id)
    if snapshot is None:
        return MapView(rows=[StatementRow(s, Counts(), []) for s in statements.values()])
    result = snapshot.result
    groups = shown_groups(result)
    members = {m for g in groups for m in g["members"]}
    mine = result["participants"].get(str(viewer_id)) if viewer_id else None
    points = [result["participants"][str(m)] for m in members if str(m) in result["participants"]]
    frame = chart.Frame(points + ([mine] if mine else []))
    view = MapView(computed_at=snapshot.computed_at, vote_count=snapshot.vote_count,
                   participants=len(result["participants"]) + len(result["unclustered"]),
                   groups=[_group_view(i, g, result, frame, statements) for i, g in enumerate(groups)])
    view.not_shown = view.participants - len(members)
    if mine is not None:
        view.you = frame(mine)
        view.your_group = next((v.letter for v, g in zip(view.groups, groups)
                                if viewer_id in g["members"]), None)
    view.rows = [_row(s, result, groups) for s in statements.values()]
    by_id = {row.statement.id: row for row in view.rows}
    view.consensus = [by_id[s] for s in result["consensus"] if s in by_id]
    return view


def push_payload(snapshot: MapSnapshot) -> dict:
    """What every open map page hears of a new map: counts only, no person and no small group."""
    result, conversation_id = snapshot.result, snapshot.conversation_id
    visible = set(_statements(conversation_id))
    groups = shown_groups(result)
    return {
        "conversation_id": conversation_id, "marker": snapshot.marker, "votes": snapshot.vote_count,
        "groups": [{"letter": LETTERS[i % len(LETTERS)], "size": len(g["members"])}
                   for i, g in enumerate(groups)],
        "consensus": [s for s in result["consensus"] if s in visible],
        "statements": {sid: [v["agree"], v["disagree"], v["passed"]]
                       for sid, v in result["statements"].items() if int(sid) in visible},
    }
