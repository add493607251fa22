"""Editing a debate: who may, what may still change in each state, and telling those watching."""
from __future__ import annotations
from babel.lists import format_list
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from deliberation.i18n.formatting import format_number

from datetime import datetime, timezone

from deliberation import audit
from deliberation.debates import services
from deliberation import live_messages as said
from deliberation.errors import PolicyError
from deliberation.permissions import can_facilitate
from deliberation.threads.services import record_event
from models import Debate, DebateStatus, User, utcnow

FIELDS = ("title", "question", "background", "link_url", "starts_at", "ends_at")
# The audit log is written in English; what people read of a field's name is translated.
FIELD_NAMES = {"title": "title", "question": "question", "background": "background",
               "link_url": "related page", "starts_at": "start time", "ends_at": "end time"}
LABELS = {"title": _l("title"), "question": _l("question"), "background": _l("background"),
          "link_url": _l("related page"), "starts_at": _l("start time"), "ends_at": _l("end time")}
LIMITS = {"title": 150, "question": 300, "background": 10_000}
REQUIRED = {"title": _l("Give the debate a title."),
            "question": _l("Write the question residents will discuss.")}
EDITABLE = (DebateStatus.SCHEDULED, DebateStatus.OPEN)
# live.js refreshes the status region (title, question, countdown, edited notice) on it.
REFRESH_KIND = "debate_edited"


def can_edit_debate(user: User, debate: Debate) -> bool:
    """Who may edit: the debate's neighbourhood facilitators and admins (route, link, service)."""
    return can_facilitate(user, debate.neighbourhood_id)


def edit_refusal(debate: Debate) -> str | None:
    """Why the debate cannot change now; None while it is upcoming or open."""
    status = services.effective_status(debate)
    if status in EDITABLE:
        return None
    return (f"This debate is {status.label.lower()}, so its details can no longer change: "
            "residents discussed it as it stood.")


def edit_debate(actor: User, debate: Debate, values: dict) -> list[str]:
    """Apply the allowed changes, log before → after and tell everyone watching; changed names."""
    if not can_edit_debate(actor, debate):
        raise PolicyError(_("Only this neighbourhood's facilitators can edit this debate."),
                          status=403)
    services.sync_status(debate)
    refusal = edit_refusal(debate)
    if refusal:
        raise PolicyError(refusal, status=409)
    new = _cleaned(debate, values)
    _check_times(debate, new["starts_at"], new["ends_at"])
    changes = {k: (getattr(debate, k), v) for k, v in new.items() if getattr(debate, k) != v}
    if not changes:
        return []
    for key, (_before, value) in changes.items():
        setattr(debate, key, value)
    debate.edited_at = utcnow()
    _announce(actor, debate, changes)
    return sorted(changes)


def _cleaned(debate: Debate, values: dict) -> dict:
    """The typed values, trimmed and checked the way the create form checks them."""
    new = {key: (values.get(key) or "").strip() for key in LIMITS}
    for key, message in REQUIRED.items():
        if not new[key]:
            raise PolicyError(str(message), field=key)
    for key, limit in LIMITS.items():
        if len(new[key]) > limit:
            raise PolicyError(_("Keep the %(key)s under %(limit)s characters.", key=LABELS[key], limit=format_number(limit)), field=key)
    new["link_url"] = services.parse_link(values.get("link_url"))
    for key in ("starts_at", "ends_at"):
        new[key] = _typed_time(getattr(debate, key), values.get(key), key)
    return new


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _typed_time(stored: datetime, typed: datetime | None, field: str) -> datetime:
    """The typed time, or the stored one when unchanged: the form shows whole minutes only."""
    if typed is None:
        raise PolicyError(_("Choose the %(field)s.", field=LABELS[field]), field=field)
    stored, typed = _utc(stored), _utc(typed)
    same = stored.replace(second=0, microsecond=0) == typed.replace(second=0, microsecond=0)
    return stored if same else typed


def _check_times(debate: Debate, starts_at: datetime, ends_at: datetime) -> None:
    """Once open, the start is history; the end may move, but never into the past."""
    now, moved = utcnow(), starts_at != _utc(debate.starts_at)
    if moved and debate.status is DebateStatus.OPEN:
        raise PolicyError(_("The debate is open, so its start cannot move."), field="starts_at")
    if moved and starts_at <= now:
        raise PolicyError(_("Choose a start in the future, or use “Open now” on the debate page."),
                          field="starts_at")
    if ends_at <= starts_at:
        raise PolicyError(_("The end must be after the start."), field="ends_at")
    if ends_at <= now:
        raise PolicyError(_("The end time has already passed. Choose a time in the future."),
                          field="ends_at")


def _text(value) -> str:
    """How a value reads in the audit log."""
    if value is None:
        return "—"
    return value.strftime("%d %b %Y %H:%M UTC") if isinstance(value, datetime) else str(value)


def _names(keys) -> str:
    """'question and end time': the changed fields in words."""
    words = [FIELD_NAMES[k] for k in FIELDS if k in keys]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _announce(actor: User, debate: Debate, changes: dict) -> None:
    """Audit who changed what, refresh open pages once committed, and notify followers."""
    names = _names(changes)
    detail = {k: [_text(old), _text(new)] for k, (old, new) in changes.items()}
    audit.record(actor, "debate.edit", debate,
                 f"Changed the {names} of the debate “{debate.title}”",
                 neighbourhood_id=debate.neighbourhood_id, detail=detail, public=True)
    record_event(services.debate_thread(debate), REFRESH_KIND,
                 {**said.said(said.DEBATE_CHANGED),
                  "changed": sorted(changes)})
    services.tell_followers(debate, lambda: _(
        "“%(title)s”: the facilitator changed the %(fields)s.", title=debate.title,
        fields=format_list([str(LABELS[k]) for k in FIELDS if k in changes], locale=get_locale())),
        exclude=actor.id)
