"""What residents follow, and how they want to hear about it."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import TimestampMixin, db

FOLLOWABLE = ("process", "project", "debate", "neighbourhood")
NOTIFICATION_KINDS = {
    "process": _l("Budgeting processes I follow (or in neighbourhoods I follow) opening a new phase"),
    "outcome": _l("Outcomes published for processes I voted in or follow"),
    "progress": _l("Progress on projects I follow"),
    "proposal": _l("Reviews of my proposals"),
    "moderation": _l("Moderators' actions on what I wrote"),
    "debate": _l("News from debates I follow"),
}


class Follow(TimestampMixin, db.Model):
    """A resident follows a process, a funded project, a debate or a neighbourhood."""

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "subject_type", "subject_id"),
        CheckConstraint("subject_type IN ('process', 'project', 'debate', 'neighbourhood')",
                        name="followable"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int]


class NotificationSetting(db.Model):
    """Per kind of notice: show it in the app, and include it in a daily email digest."""

    __tablename__ = "notification_settings"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    in_app: Mapped[bool] = mapped_column(default=True)
    digest: Mapped[bool] = mapped_column(default=False)
