"""Notices and mail about budgeting, each written in its reader's own language."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from flask_babel import force_locale
from sqlalchemy import select

from deliberation.i18n.locales import LANGUAGES
from deliberation.notifications.services import notify
from models import User, db


def _babel_code(code: str | None) -> str:
    """The Babel locale of a saved language code; British English when none is saved."""
    return LANGUAGES[code].babel_code if code in LANGUAGES else "en_GB"


def notify_each(user_ids: set[int], kind: str, message: Callable[[], str], url: str | None) -> None:
    """A notice is stored text, so each person's is written (message()) in their language."""
    if not user_ids:
        return
    by_locale: dict[str, set[int]] = defaultdict(set)
    for user_id, code in db.session.execute(
            select(User.id, User.locale).where(User.id.in_(user_ids))):
        by_locale[_babel_code(code)].add(user_id)
    for code, ids in sorted(by_locale.items()):
        with force_locale(code):
            notify(ids, kind, message(), url)


def in_language_of(person: User):
    """Write mail or a notice for one person in their language: `with in_language_of(author):`."""
    return force_locale(_babel_code(person.locale))
