"""After the vote: the council's decisions, delivery of funded projects, and residents' ratings."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

import enum
from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TimestampMixin, UTCDateTime, db, enum_column, utcnow


class DeliveryStatus(enum.Enum):
    """A funded project's life once the council has decided to fund it."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"planned": _l("Planned"), "in_progress": _l("In progress"), "delivered": _l("Delivered"),
                "cancelled": _l("Cancelled")}[self.value]


DELIVERY_TRANSITIONS: dict[DeliveryStatus, tuple[DeliveryStatus, ...]] = {
    DeliveryStatus.PLANNED: (DeliveryStatus.IN_PROGRESS, DeliveryStatus.CANCELLED),
    DeliveryStatus.IN_PROGRESS: (DeliveryStatus.DELIVERED, DeliveryStatus.CANCELLED),
    DeliveryStatus.DELIVERED: (),
    DeliveryStatus.CANCELLED: (),
}


class Outcome(TimestampMixin, db.Model):
    """The council's official decision on a process, published once."""

    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id"), unique=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    # The language it was written in: the original, authoritative for moderation and the audit log.
    language: Mapped[str] = mapped_column(String(10), default="en", server_default="en")
    published_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    process = relationship("Process")
    published_by = relationship("User")
    decisions = relationship("OutcomeDecision", back_populates="outcome",
                             order_by="OutcomeDecision.id", cascade="all, delete-orphan")


class OutcomeDecision(db.Model):
    """Funded or not, per project, with the council's reason."""

    __tablename__ = "outcome_decisions"
    __table_args__ = (
        UniqueConstraint("outcome_id", "proposal_id"),
        # Departing from the vote is allowed only with a reason.
        CheckConstraint("funded = voted_funded OR length(rationale) > 0", name="deviation_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    voted_funded: Mapped[bool]
    funded: Mapped[bool]
    rationale: Mapped[str] = mapped_column(Text, default="")

    outcome = relationship("Outcome", back_populates="decisions")
    proposal = relationship("Proposal")

    @property
    def deviates(self) -> bool:
        return self.funded != self.voted_funded


class Delivery(TimestampMixin, db.Model):
    """How a funded project is being built: status, progress and money spent."""

    __tablename__ = "deliveries"
    __table_args__ = (
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_percent"),
        CheckConstraint("spent >= 0 AND allocation > 0", name="money_positive"),
        CheckConstraint("status != 'cancelled' OR length(cancel_reason) > 0", name="cancel_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), unique=True)
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhoods.id"), index=True)
    status: Mapped[DeliveryStatus] = mapped_column(enum_column(DeliveryStatus),
                                                  default=DeliveryStatus.PLANNED)
    progress: Mapped[int] = mapped_column(default=0)
    allocation: Mapped[int] = mapped_column(BigInteger)
    spent: Mapped[int] = mapped_column(BigInteger, default=0)
    cancel_reason: Mapped[str] = mapped_column(String(1000), default="")
    community_delivered: Mapped[bool] = mapped_column(default=False)
    lead_group: Mapped[str] = mapped_column(String(150), default="")
    lead_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposal = relationship("Proposal")
    lead_user = relationship("User")
    milestones = relationship("Milestone", order_by="Milestone.due_on", cascade="all, delete-orphan")
    updates = relationship("ProgressUpdate", order_by="ProgressUpdate.id.desc()",
                           cascade="all, delete-orphan")


class Milestone(db.Model):
    """A dated step in delivering a project."""

    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(150))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)


class ProgressUpdate(TimestampMixin, db.Model):
    """A dated report on a project: what happened, and the figures after it."""

    __tablename__ = "progress_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[DeliveryStatus] = mapped_column(enum_column(DeliveryStatus))
    progress: Mapped[int]
    spent: Mapped[int] = mapped_column(BigInteger)
    image_name: Mapped[str | None] = mapped_column(String(80))

    author = relationship("User")


class Volunteer(TimestampMixin, db.Model):
    """A resident's offer to help deliver a community project."""

    __tablename__ = "volunteers"
    __table_args__ = (UniqueConstraint("delivery_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    offer: Mapped[str] = mapped_column(String(500))
    availability: Mapped[str] = mapped_column(String(200), default="")

    user = relationship("User")


class ProjectRating(db.Model):
    """How well a delivered project serves a resident: 1 to 5 stars, changeable."""

    __tablename__ = "project_ratings"
    __table_args__ = (UniqueConstraint("delivery_id", "user_id"),
                      CheckConstraint("stars BETWEEN 1 AND 5", name="stars_range"))

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    stars: Mapped[int]
    comment: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LocalService(TimestampMixin, db.Model):
    """An ongoing service residents rate at any time: street cleaning, a library, a youth club."""

    __tablename__ = "local_services"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(80), default="Other")
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhoods.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    neighbourhood = relationship("Neighbourhood")


class ServiceRating(db.Model):
    """A resident's current rating of a service; history keeps every earlier one for trends."""

    __tablename__ = "service_ratings"
    __table_args__ = (UniqueConstraint("service_id", "user_id"),
                      CheckConstraint("stars BETWEEN 1 AND 5", name="stars_range"))

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("local_services.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    stars: Mapped[int]
    comment: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RatingEvent(db.Model):
    """Every rating given, of a project or a service, kept for the trend over time."""

    __tablename__ = "rating_events"
    __table_args__ = (CheckConstraint("stars BETWEEN 1 AND 5", name="stars_range"),
                      CheckConstraint("(delivery_id IS NULL) != (service_id IS NULL)", name="one_subject"))

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("deliveries.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("local_services.id", ondelete="CASCADE"),
                                                   index=True)
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhoods.id"))
    stars: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
