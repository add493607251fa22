"""Neighbourhoods and residents' requests to move between them."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TimestampMixin, UTCDateTime, db, enum_column


class Neighbourhood(TimestampMixin, db.Model):
    """An area whose residents share a fund, debates and surveys."""

    __tablename__ = "neighbourhoods"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"<Neighbourhood {self.slug}>"


class MoveStatus(enum.Enum):
    """A move request is decided once, by staff."""

    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class MoveRequest(TimestampMixin, db.Model):
    """A resident asks to belong to another neighbourhood."""

    __tablename__ = "move_requests"
    __table_args__ = (
        # At most one open request per resident, enforced by the database.
        Index(
            "uq_move_requests_one_pending",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    from_neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"))
    to_neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"))
    reason: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[MoveStatus] = mapped_column(enum_column(MoveStatus), default=MoveStatus.PENDING)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User", foreign_keys=[user_id])
    from_neighbourhood = relationship("Neighbourhood", foreign_keys=[from_neighbourhood_id])
    to_neighbourhood = relationship("Neighbourhood", foreign_keys=[to_neighbourhood_id])
