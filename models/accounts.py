"""People, their staff roles and how they were verified."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from models.base import TimestampMixin, UTCDateTime, db, enum_column


class Role(enum.Enum):
    """Staff roles; every account is a resident of its neighbourhood besides."""

    FACILITATOR = "facilitator"
    COUNCILLOR = "councillor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {"facilitator": _l("Facilitator"), "councillor": _l("Councillor"),
                "admin": _l("Admin")}[self.value]


class VerificationMethod(enum.Enum):
    """How staff confirmed that a person lives where they say."""

    CENSUS = "census"
    IN_PERSON = "in_person"

    @property
    def label(self) -> str:
        return {"census": _l("census list"), "in_person": _l("in person")}[self.value]


def new_session_token() -> str:
    """A fresh random token; rotating it ends every session of the account."""
    return secrets.token_urlsafe(32)


class User(UserMixin, TimestampMixin, db.Model):
    """An account: a resident, and possibly staff."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "(verified_at IS NULL) = (verification_method IS NULL)", name="verification_complete"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"), index=True)
    census_reference: Mapped[str | None] = mapped_column(String(64))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verification_method: Mapped[VerificationMethod | None] = mapped_column(
        enum_column(VerificationMethod)
    )
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    blocked_reason: Mapped[str | None] = mapped_column(String(300))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    # The language the person chose for Agora's pages and mail; None: guess from the browser.
    locale: Mapped[str | None] = mapped_column(String(10))
    # Unread notifications, counted in the query that loads the logged-in user for a request
    # (every page's menu shows it); None when loaded any other way or after a commit.
    unread_notifications: Mapped[int | None] = query_expression()

    neighbourhood = relationship("Neighbourhood", foreign_keys=[neighbourhood_id])
    verified_by = relationship("User", remote_side=[id], foreign_keys=[verified_by_id])
    role_grants = relationship(
        "RoleGrant", foreign_keys="RoleGrant.user_id", back_populates="user",
        cascade="all, delete-orphan", lazy="selectin",
    )

    def get_id(self) -> str:
        """Sessions hold the rotating token, so a password change or block ends them."""
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.blocked_at is None and self.deleted_at is None

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def has_role(self, role: Role, neighbourhood_id: int | None = None) -> bool:
        """True if granted ``role``; for facilitators, in that neighbourhood when one is given."""
        return any(
            g.role is role and (neighbourhood_id is None or g.neighbourhood_id == neighbourhood_id)
            for g in self.role_grants
        )

    @property
    def roles(self) -> set[Role]:
        return {g.role for g in self.role_grants}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class RoleGrant(TimestampMixin, db.Model):
    """One staff role held by one person; facilitators hold it per neighbourhood."""

    __tablename__ = "role_grants"
    __table_args__ = (
        CheckConstraint(
            "(role = 'facilitator') = (neighbourhood_id IS NOT NULL)", name="scope_matches_role"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhoods.id"))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user = relationship("User", foreign_keys=[user_id], back_populates="role_grants")
    neighbourhood = relationship("Neighbourhood", lazy="joined")


# NULL scopes never collide in a plain UNIQUE, so the index folds them to 0.
Index(
    "uq_role_grants_user_role_scope",
    RoleGrant.user_id, RoleGrant.role, func.coalesce(RoleGrant.neighbourhood_id, 0),
    unique=True,
)
