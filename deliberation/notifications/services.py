"""Following things and hearing about them: in-app notices, a live badge, a daily digest."""
from __future__ import annotations
from flask_babel import gettext as _

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from deliberation import live
from deliberation.errors import PolicyError
from deliberation.extensions import socketio
from deliberation.mail import send_mail
from models import Follow, Notification, NotificationSetting, User, db, utcnow
from models.follows import FOLLOWABLE, NOTIFICATION_KINDS


def follow(user: User, subject_type: str, subject_id: int) -> None:
    """Follow something; following twice is the same as once."""
    if subject_type not in FOLLOWABLE:
        raise PolicyError(_("That cannot be followed."))
    if is_following(user, subject_type, subject_id):
        return
    db.session.add(Follow(user_id=user.id, subject_type=subject_type, subject_id=subject_id))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()


def unfollow(user: User, subject_type: str, subject_id: int) -> None:
    db.session.execute(db.delete(Follow).where(
        Follow.user_id == user.id, Follow.subject_type == subject_type, Follow.subject_id == subject_id))


def is_following(user: User, subject_type: str, subject_id: int) -> bool:
    return db.session.scalar(select(Follow.id).where(
        Follow.user_id == user.id, Follow.subject_type == subject_type,
        Follow.subject_id == subject_id)) is not None


def followers(subject_type: str, subject_id: int) -> set[int]:
    return set(db.session.scalars(select(Follow.user_id).where(
        Follow.subject_type == subject_type, Follow.subject_id == subject_id)))


def settings_for(user: User) -> dict[str, NotificationSetting]:
    """Every kind with the person's choice (defaults: in the app, no email)."""
    saved = {s.kind: s for s in db.session.scalars(select(NotificationSetting).where(
        NotificationSetting.user_id == user.id))}
    return {kind: saved.get(kind) or NotificationSetting(user_id=user.id, kind=kind, in_app=True,
                                                        digest=False) for kind in NOTIFICATION_KINDS}


def save_settings(user: User, choices: dict[str, tuple[bool, bool]]) -> None:
    current = settings_for(user)
    for kind, (in_app, digest) in choices.items():
        if kind in current:
            setting = current[kind]
            setting.in_app, setting.digest = in_app, digest
            db.session.add(setting)


def notify(user_ids: set[int], kind: str, message: str, url: str | None = None,
           exclude: int | None = None) -> int:
    """Leave a notice for each person who wants this kind; their badge updates after the commit."""
    targets = {uid for uid in user_ids if uid != exclude}
    if not targets:
        return 0
    muted = set(db.session.scalars(select(NotificationSetting.user_id).where(
        NotificationSetting.user_id.in_(targets), NotificationSetting.kind == kind,
        NotificationSetting.in_app.is_(False), NotificationSetting.digest.is_(False))))
    targets -= muted
    db.session.add_all(Notification(user_id=uid, kind=kind, message=message[:1000], url=url)
                       for uid in targets)
    db.session.flush()
    # Counted now, in one query: no SQL may run once the commit has happened.
    unread = dict(db.session.execute(select(Notification.user_id, func.count()).where(
        Notification.user_id.in_(targets), Notification.read_at.is_(None))
        .group_by(Notification.user_id)).all())
    for uid in targets:
        live.after_commit(lambda uid=uid: _push_badge(uid, unread.get(uid, 1), message, url))
    return len(targets)


def _push_badge(user_id: int, unread: int, message: str, url: str | None) -> None:
    socketio.emit("notification", {"unread": unread, "message": message, "url": url},
                  to=live.user_room(user_id))


def unread_count(user_id: int) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))) or 0


def send_digests() -> int:
    """Email each person who asked for it the notices of the last day not yet emailed."""
    wanted = defaultdict(set)
    for setting in db.session.scalars(select(NotificationSetting).where(NotificationSetting.digest.is_(True))):
        wanted[setting.user_id].add(setting.kind)
    sent = 0
    for user_id, kinds in wanted.items():
        notices = db.session.scalars(select(Notification).where(
            Notification.user_id == user_id, Notification.kind.in_(kinds),
            Notification.emailed_at.is_(None),
            Notification.created_at >= utcnow() - timedelta(days=1)).order_by(Notification.id)).all()
        user = db.session.get(User, user_id)
        if not notices or user is None or not user.is_active:
            continue
        lines = [f"- {n.message}" for n in notices]
        send_mail(user.email, f"Agora: {len(notices)} update(s) today",
                  f"Hello {user.display_name},\n\nHere is what happened today:\n\n" + "\n".join(lines)
                  + "\n\nChange which emails you get under My account → Notification settings.\n")
        for notice in notices:
            notice.emailed_at = utcnow()
        sent += 1
    return sent
