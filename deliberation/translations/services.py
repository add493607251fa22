"""Translation verbs: offer one (authors and staff publish at once, volunteers wait), review, read."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from deliberation import audit, permissions
from deliberation.errors import PolicyError
from deliberation.i18n.locales import LANGUAGES
from deliberation.translations.content import KINDS, language_of, parts
from models import ContentKind, ContentTranslation, TranslationStatus, User, db, utcnow

# Longest translation of each field: what the original column holds, and a generous cap for prose.
LIMITS = {"title": 150, "question": 300, "prompt": 300}
PROSE_LIMIT = 20_000


def form_key(kind: ContentKind, subject, field: str) -> str:
    """The form field that carries one part's translation."""
    return f"{kind.value}-{subject.id}-{field}"


def translate_refusal(user: User, kind: ContentKind, subject) -> str | None:
    """Why this person may not offer a translation of this content; None if they may."""
    if not getattr(user, "is_authenticated", False):
        return _("Log in to add a translation.")
    if KINDS[kind].owns(user, subject):
        return None
    if not permissions.can_take_part(user):
        return _("Only verified residents can offer translations. Staff in your neighbourhood can "
                 "verify you.")
    if user.neighbourhood_id not in KINDS[kind].areas(subject):
        return _("Only residents of this neighbourhood can offer translations of what is written here.")
    return None


def target_languages(subject) -> list[str]:
    """Languages a translation can be written in: every shipped one but the original's."""
    return [code for code in LANGUAGES if code != language_of(subject)]


def translations_of(kind: ContentKind, subject, locale: str) -> dict[str, ContentTranslation]:
    """Every stored translation (any status) of this content in one language, by form key."""
    found = {}
    for part_kind, part, field in parts(kind, subject):
        row = _row(part_kind, part.id, field, locale)
        if row is not None:
            found[form_key(part_kind, part, field)] = row
    return found


def _row(kind: ContentKind, subject_id: int, field: str, locale: str) -> ContentTranslation | None:
    return db.session.scalar(select(ContentTranslation).filter_by(
        kind=kind, subject_id=subject_id, field=field, locale=locale))


def _clean(texts: dict[str, str], key: str, field: str) -> str:
    text = (texts.get(key) or "").strip()
    limit = LIMITS.get(field, PROSE_LIMIT)
    if len(text) > limit:
        raise PolicyError(_("Keep this to %(max)s characters or fewer.", max=limit), field=key)
    return text


def save_translation(actor: User, kind: ContentKind, subject, locale: str,
                     texts: dict[str, str]) -> TranslationStatus:
    """Store a translation; live at once from its author or staff, waiting for staff from others."""
    refusal = translate_refusal(actor, kind, subject)
    if refusal:
        raise PolicyError(refusal, status=403)
    if locale not in target_languages(subject):
        raise PolicyError(_("Choose a language other than the original's."), field="locale")
    owner = KINDS[kind].owns(actor, subject)
    status = TranslationStatus.APPROVED if owner else TranslationStatus.PENDING
    changed = [_store(actor, owner, part_kind, part, field, locale, texts)
               for part_kind, part, field in parts(kind, subject)]
    changed = [field for field in changed if field]
    if not changed:
        first = form_key(kind, subject, KINDS[kind].fields[0])
        raise PolicyError(_("Write the translation of at least one part, or change one."), field=first)
    areas = sorted(KINDS[kind].areas(subject))
    audit.record(actor, "translation.saved", subject,
                 f"Translation into {locale} of {kind.value} {subject.id} ({status.value})",
                 neighbourhood_id=areas[0] if areas else None,
                 detail={"locale": locale, "fields": changed, "status": status.value})
    return status


def _store(actor: User, owner: bool, kind: ContentKind, part, field: str, locale: str,
           texts: dict[str, str]) -> str | None:
    """Write one part's translation if it is new or changed; the part's key when written."""
    key = form_key(kind, part, field)
    text = _clean(texts, key, field)
    row = _row(kind, part.id, field, locale)
    if not text or (row is not None and row.text == text):
        return None
    if row is not None and row.status is TranslationStatus.APPROVED and not owner:
        raise PolicyError(_("This part already has an approved translation. Ask the author or "
                            "staff if it needs changing."), field=key)
    if row is None:
        row = ContentTranslation(kind=kind, subject_id=part.id, field=field, locale=locale)
        db.session.add(row)
    row.text, row.translated_by_id = text, actor.id
    row.status = TranslationStatus.APPROVED if owner else TranslationStatus.PENDING
    row.reviewed_by_id = actor.id if owner else None
    row.reviewed_at = utcnow() if owner else None
    return key


def review_translation(actor: User, kind: ContentKind, subject, locale: str, approve: bool) -> int:
    """Approve or reject what volunteers offered in one language; the count of parts decided."""
    if not KINDS[kind].owns(actor, subject):
        raise PolicyError(_("Only the author or staff can review translations of this."), status=403)
    waiting = [row for row in translations_of(kind, subject, locale).values()
               if row.status is TranslationStatus.PENDING]
    if not waiting:
        raise PolicyError(_("Nothing is waiting for review in this language."), status=409)
    decision = TranslationStatus.APPROVED if approve else TranslationStatus.REJECTED
    for row in waiting:
        row.status, row.reviewed_by_id, row.reviewed_at = decision, actor.id, utcnow()
    areas = sorted(KINDS[kind].areas(subject))
    audit.record(actor, f"translation.{decision.value}", subject,
                 f"Translation into {locale} of {kind.value} {subject.id} {decision.value}",
                 neighbourhood_id=areas[0] if areas else None,
                 detail={"locale": locale, "parts": len(waiting)})
    return len(waiting)


def set_original_language(actor: User, kind: ContentKind, subject, code: str) -> None:
    """Correct which language the original is in (it is guessed from the author's page language)."""
    if not KINDS[kind].owns(actor, subject):
        raise PolicyError(_("Only the author or staff can change this."), status=403)
    if code not in LANGUAGES:
        raise PolicyError(_("Choose a language from the list."), field="language")
    if any(row.locale == code for k, part, field in parts(kind, subject)
           for row in [_row(k, part.id, field, code)] if row is not None):
        raise PolicyError(_("There is already a translation into that language. It cannot also be "
                            "the original's language."), field="language")
    if code == subject.language:
        return
    before, subject.language = subject.language, code
    areas = sorted(KINDS[kind].areas(subject))
    audit.record(actor, "translation.original_language", subject,
                 f"Original language of {kind.value} {subject.id}: {before} -> {code}",
                 neighbourhood_id=areas[0] if areas else None,
                 detail={"before": before, "after": code})
