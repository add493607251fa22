"""Notices and mail written in each reader's own language: stored text is translated when it is written."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from flask_babel import force_locale
from sqlalchemy import select

from deliberation.i18n.locales import LANGUAGES
from deliberation.notifications.services import notify
from models import User, db

ENGLISH = "en_GB"


def babel_code(code: str | None) -> str:
    """The Babel locale of a saved language code; British English when none is saved."""
    return LANGUAGES[code].babel_code if code in LANGUAGES else ENGLISH


def in_language_of(person: User):
    """Write mail or a notice for one person in their language: `with in_language_of(author):`."""
    return force_locale(babel_code(person.locale))


def in_english(text) -> str:
    """Audit summaries are one shared English record, whatever language the actor reads."""
    with force_locale(ENGLISH):
        return str(text)


def notify_each(user_ids: set[int], kind: str, message: Callable[[], str], url: str | None,
                exclude: int | None = None) -> int:
    """A notice is stored text, so each person's is written (message()) in their language."""
    targets = {uid for uid in user_ids if uid != exclude}
    if not targets:
        return 0
    by_locale: dict[str, set[int]] = defaultdict(set)
    for user_id, code in db.session.execute(select(User.id, User.locale).where(User.id.in_(targets))):
        by_locale[babel_code(code)].add(user_id)
    sent = 0
    for code, ids in sorted(by_locale.items()):
        with force_locale(code):
            sent += notify(ids, kind, message(), url)
    return sent
