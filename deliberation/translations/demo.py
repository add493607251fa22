"""Demo translations: a proposal and a debate readable in Polish and Urdu, one offer awaiting review."""
from __future__ import annotations

from sqlalchemy import select

from deliberation.translations.services import form_key, save_translation
from models import ContentKind, ContentTranslation, Debate, Process, Proposal, User, db

# (kind, title of the original, language, {field: translation}, translated by staff?)
TRANSLATIONS = [
    (ContentKind.PROPOSAL, "Benches along the canal path", "pl",
     {"title": "Ławki wzdłuż ścieżki nad kanałem",
      "description": "Sześć ławek, żeby starsi sąsiedzi mogli odpocząć."}, True),
    (ContentKind.PROPOSAL, "Benches along the canal path", "ur",
     {"title": "نہر کے راستے کے ساتھ بینچ",
      "description": "چھ بینچ، تاکہ بزرگ پڑوسی آرام کر سکیں۔"}, True),
    (ContentKind.DEBATE, "Lights on the canal path?", "pl",
     {"title": "Oświetlenie ścieżki nad kanałem?",
      "question": "Czy część tegorocznego funduszu powinna pokryć oświetlenie ścieżki nad kanałem?",
      "background": "Ścieżka między **Lock Street** a działkami nie jest oświetlona. Mieszkańcy "
                    "poprosili o lampy na wiosennym zebraniu; rada szacuje koszt na 18 000 £."}, True),
    (ContentKind.PROPOSAL, "Community fridge", "ro",
     {"title": "Frigider comunitar",
      "description": "Un frigider comun la centrul comunitar, ca să aruncăm mai puțină mâncare."}, False),
]


def _subject(kind: ContentKind, title: str):
    if kind is ContentKind.DEBATE:
        return db.session.scalar(select(Debate).where(Debate.title == title))
    return db.session.scalar(select(Proposal).join(Process).where(
        Proposal.title == title, Process.title == "Riverside Fund 2026"))


def load_translations_demo(facilitator: User, volunteer: User) -> None:
    """Add the demo translations once: staff's are published, the volunteer's waits for review."""
    if db.session.scalar(select(ContentTranslation.id).limit(1)) is not None:
        return
    for kind, title, locale, fields, by_staff in TRANSLATIONS:
        subject = _subject(kind, title)
        if subject is None:
            continue
        texts = {form_key(kind, subject, field): text for field, text in fields.items()}
        save_translation(facilitator if by_staff else volunteer, kind, subject, locale, texts)
