"""Census lists that staff import to verify residents."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TimestampMixin, db


class CensusEntry(TimestampMixin, db.Model):
    """One household reference from the council's census list for a neighbourhood."""

    __tablename__ = "census_entries"
    __table_args__ = (UniqueConstraint("neighbourhood_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"), index=True)
    reference: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(200), default="")
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A reference verifies one person only, so a leaked code cannot verify a crowd.
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)

    neighbourhood = relationship("Neighbourhood")
