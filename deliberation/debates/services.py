"""Debate verbs: create, open, close with a conclusion, archive; hands, announcements, timebox."""
from __future__ import annotations
from deliberation.i18n.locales import writing_language
from deliberation.i18n.formatting import format_datetime
from flask_babel import gettext as _, lazy_gettext as _l

from collections.abc import Callable
from datetime import datetime, timezone

from flask import url_for
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from deliberation import audit
from deliberation import live_messages as said
from deliberation.errors import PolicyError
from deliberation.notifications.languages import notify_each
from deliberation.notifications.services import followers
from deliberation.permissions import can_facilitate, posting_refusal
from deliberation.security import safe_next
from deliberation.threads import owners
from deliberation.threads.services import record_event, thread_for
from models import (Announcement, Debate, DebateStatus, HandRaise, Neighbourhood, Thread, User, db,
                    utcnow)
from models.debates import DEBATE_TRANSITIONS

FILTERS = {"open": _l("Open now"), "upcoming": _l("Upcoming"), "closed": _l("Closed")}


def effective_status(debate: Debate, now: datetime | None = None) -> DebateStatus:
    """The status the clock says, even before anyone has stored it."""
    now = now or utcnow()
    if debate.status in (DebateStatus.CLOSED, DebateStatus.ARCHIVED):
        return debate.status
    if now >= debate.ends_at:
        return DebateStatus.CLOSED
    if debate.status is DebateStatus.OPEN or now >= debate.starts_at:
        return DebateStatus.OPEN
    return DebateStatus.SCHEDULED


def minutes_left(debate: Debate) -> int:
    """For the countdown: whole minutes until the end, rounded up."""
    return max(0, int((debate.ends_at - utcnow()).total_seconds() // 60) + 1)


def debate_thread(debate: Debate) -> Thread:
    return thread_for("debate", debate.id, debate.neighbourhood_id)


def _transition(debate: Debate, to: DebateStatus) -> None:
    if to not in DEBATE_TRANSITIONS[debate.status]:
        raise PolicyError(_("A debate that is %(lower)s cannot become %(lower2)s.", lower=debate.status.label.lower(), lower2=to.label.lower()))
    debate.status = to


def _close(actor: User | None, debate: Debate, summary: str) -> None:
    _transition(debate, DebateStatus.CLOSED)
    debate.closed_at = utcnow()
    audit.record(actor, "debate.close", debate, summary, neighbourhood_id=debate.neighbourhood_id,
                 public=True)
    record_event(debate_thread(debate), "debate_closed", said.said(said.DEBATE_CLOSED))


def sync_status(debate: Debate) -> bool:
    """Store what the clock says (open at the start, close at the end); True if it changed."""
    now, before = utcnow(), debate.status
    if debate.status is DebateStatus.SCHEDULED and now >= debate.starts_at:
        _transition(debate, DebateStatus.OPEN)
    if debate.status is DebateStatus.OPEN and now >= debate.ends_at:
        _close(None, debate, f"“{debate.title}” closed at its end time")
    return debate.status is not before


def parse_link(link: str | None) -> str | None:
    link = (link or "").strip()
    if not link:
        return None
    if safe_next(link, default="") != link or len(link) > 300:
        raise PolicyError(_("Give a page address on this site, starting with /."), field="link_url")
    return link


def create_debate(actor: User, area: Neighbourhood, title: str, question: str, background: str,
                  starts_at: datetime, ends_at: datetime, link_url: str | None = None) -> Debate:
    """Put a question to a neighbourhood for a set time."""
    if not can_facilitate(actor, area.id):
        raise PolicyError(_("Only facilitators of this neighbourhood can start debates."), status=403)
    starts_at, ends_at = (t if t.tzinfo else t.replace(tzinfo=timezone.utc)
                          for t in (starts_at, ends_at))
    if ends_at <= starts_at:
        raise PolicyError(_("The end must be after the start."), field="ends_at")
    if ends_at <= utcnow():
        raise PolicyError(_("The end time has already passed."), field="ends_at")
    debate = Debate(neighbourhood_id=area.id, title=title.strip(), question=question.strip(),
                    background=(background or "").strip(), link_url=parse_link(link_url),
                    starts_at=starts_at, ends_at=ends_at, created_by_id=actor.id,
                    language=writing_language())
    db.session.add(debate)
    db.session.flush()
    debate_thread(debate)
    sync_status(debate)
    audit.record(actor, "debate.create", debate, f"Started the debate “{debate.title}”",
                 neighbourhood_id=area.id, public=True)
    return debate


def _require_facilitator(actor: User, debate: Debate) -> None:
    if not can_facilitate(actor, debate.neighbourhood_id):
        raise PolicyError(_("Only this neighbourhood's facilitators can do that."), status=403)


def open_debate(actor: User, debate: Debate) -> Debate:
    """Open a scheduled debate now rather than at its start time."""
    _require_facilitator(actor, debate)
    sync_status(debate)
    _transition(debate, DebateStatus.OPEN)
    debate.starts_at = min(debate.starts_at, utcnow())
    audit.record(actor, "debate.open", debate, f"Opened the debate “{debate.title}”",
                 neighbourhood_id=debate.neighbourhood_id, public=True)
    record_event(debate_thread(debate), "debate_opened", said.said(said.DEBATE_OPENED))
    tell_followers(debate, lambda: _("The debate “%(title)s” is open.", title=debate.title))
    return debate


def conclude_debate(actor: User, debate: Debate, conclusion: str) -> Debate:
    """Close with the facilitator's conclusion, or add one after the timebox closed it."""
    _require_facilitator(actor, debate)
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise PolicyError(_("Write the conclusion residents will read at the top."),
                          field="conclusion")
    sync_status(debate)
    if debate.status is DebateStatus.OPEN:
        _close(actor, debate, f"Closed the debate “{debate.title}”")
    elif debate.status is not DebateStatus.CLOSED:
        raise PolicyError(_("A debate that is %(lower)s cannot be concluded.", lower=debate.status.label.lower()))
    debate.conclusion = conclusion
    audit.record(actor, "debate.conclude", debate, f"Published the conclusion of “{debate.title}”",
                 neighbourhood_id=debate.neighbourhood_id, public=True)
    tell_followers(debate, lambda: _("The debate “%(title)s” closed with a conclusion.",
                                     title=debate.title))
    return debate


def archive_debate(actor: User, debate: Debate) -> Debate:
    _require_facilitator(actor, debate)
    sync_status(debate)
    _transition(debate, DebateStatus.ARCHIVED)
    audit.record(actor, "debate.archive", debate, f"Archived the debate “{debate.title}”",
                 neighbourhood_id=debate.neighbourhood_id)
    return debate


def announce(actor: User, debate: Debate, body: str) -> Announcement:
    """Tell everyone in the debate something, live and on the page."""
    _require_facilitator(actor, debate)
    body = (body or "").strip()
    if not body:
        raise PolicyError(_("Write the announcement."), field="body")
    if len(body) > 500:
        raise PolicyError(_("Keep announcements under 500 characters."), field="body")
    item = Announcement(debate_id=debate.id, author_id=actor.id, body=body)
    db.session.add(item)
    audit.record(actor, "debate.announce", debate, f"Announced in “{debate.title}”: {body}",
                 neighbourhood_id=debate.neighbourhood_id)
    record_event(debate_thread(debate), "announcement",
                 {"body": body, **said.said(said.ANNOUNCEMENT, body=body)})
    tell_followers(debate, lambda: _("Announcement in “%(title)s”: %(body)s", title=debate.title,
                                     body=body), exclude=actor.id)
    return item


def tell_followers(debate: Debate, message: Callable[[], str], exclude: int | None = None) -> None:
    """People who follow the debate hear of its news, each in their language (message() is)."""
    audience = followers("debate", debate.id)
    notify_each(audience, "debate", message, url_for("debates.show", debate_id=debate.id),
                exclude=exclude)


def hand_queue(debate: Debate) -> list[HandRaise]:
    return list(db.session.scalars(select(HandRaise).where(HandRaise.debate_id == debate.id)
                                   .order_by(HandRaise.created_at, HandRaise.id)).unique())


def _hands_changed(debate: Debate, message: str, person: User) -> None:
    record_event(debate_thread(debate), "hands",
                 {"count": len(hand_queue(debate)), **said.said(message, name=person.display_name)})


def raise_hand(user: User, debate: Debate) -> HandRaise:
    """Join the queue to speak; the same people who may comment may speak."""
    refusal = posting_refusal(user, debate_thread(debate))
    if refusal:
        raise PolicyError(refusal, status=403)
    hand = HandRaise(debate_id=debate.id, user_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(hand)
    except IntegrityError:
        raise PolicyError(_("Your hand is already raised.")) from None
    _hands_changed(debate, said.HAND_RAISED, user)
    return hand


def lower_hand(user: User, debate: Debate) -> None:
    hand = db.session.scalar(select(HandRaise).where(HandRaise.debate_id == debate.id,
                                                     HandRaise.user_id == user.id))
    if hand is None:
        raise PolicyError(_("Your hand is not raised."))
    db.session.delete(hand)
    db.session.flush()
    _hands_changed(debate, said.HAND_LOWERED, user)


def call_next(actor: User, debate: Debate) -> User:
    """Give the floor to whoever raised their hand first."""
    _require_facilitator(actor, debate)
    queue = hand_queue(debate)
    if not queue:
        raise PolicyError(_("Nobody has raised their hand."))
    speaker = queue[0].user
    db.session.delete(queue[0])
    debate.speaker_id = speaker.id
    db.session.flush()
    audit.record(actor, "debate.call_next", debate, f"Gave the floor to {speaker.display_name}",
                 neighbourhood_id=debate.neighbourhood_id)
    _hands_changed(debate, said.YOUR_TURN, speaker)
    return speaker


def debates_for(area: Neighbourhood, which: str = "open") -> list[Debate]:
    """A neighbourhood's debates by what the clock says: open, upcoming or closed."""
    now = utcnow()
    query = select(Debate).where(Debate.neighbourhood_id == area.id)
    live_states = Debate.status.in_([DebateStatus.SCHEDULED, DebateStatus.OPEN])
    if which == "upcoming":
        query = query.where(Debate.status == DebateStatus.SCHEDULED, Debate.starts_at > now)
        query = query.order_by(Debate.starts_at)
    elif which == "closed":
        query = query.where(or_(~live_states, Debate.ends_at <= now))
        query = query.order_by(Debate.ends_at.desc())
    else:
        query = query.where(live_states, Debate.ends_at > now, or_(
            Debate.status == DebateStatus.OPEN, Debate.starts_at <= now)).order_by(Debate.ends_at)
    return list(db.session.scalars(query.limit(200)))


def describe_debate(debate_id: int) -> owners.ThreadSubject | None:
    """How a debate appears to its thread."""
    debate = db.session.get(Debate, debate_id)
    if debate is None:
        return None
    status = effective_status(debate)
    opens = _("This debate opens on %(when)s.", when=format_datetime(debate.starts_at))
    reason = {DebateStatus.SCHEDULED: opens,
              DebateStatus.CLOSED: _("This debate has closed."),
              DebateStatus.ARCHIVED: _("This debate is archived.")}.get(status, "")
    return owners.ThreadSubject(title=debate.title, url=f"/debates/{debate.id}",
                                neighbourhood_id=debate.neighbourhood_id,
                                is_open=status is DebateStatus.OPEN, closed_reason=reason)


owners.register("debate", describe_debate)
