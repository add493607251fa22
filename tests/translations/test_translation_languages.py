"""The translation pages and notes read from the catalogues (pseudo-locale), refusals included."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from deliberation.demo import DEMO_PASSWORD, load_demo
from models import ContentTranslation, Debate, Outcome, Proposal, Survey, db
from tests.conftest import app_settings
from tests.i18n.catalogues import TRANSLATIONS
from tests.i18n.pseudo import PSEUDO, Checker, build_catalogue, read_as_each_role
from tests.i18n.test_pseudo_locale import _stored_text


@pytest.fixture
def app_config(tmp_path):
    pseudo = build_catalogue(tmp_path / "pseudo")
    return app_settings(tmp_path, EXTRA_LOCALES=(PSEUDO,), WTF_CSRF_ENABLED=False,
                        BABEL_TRANSLATION_DIRECTORIES=f"{TRANSLATIONS};{pseudo}")


def _pages() -> dict[str, list[tuple[str, dict | None]]]:
    translated = db.session.scalars(select(ContentTranslation.subject_id)).all()
    proposal = db.session.get(Proposal, translated[0])
    debate = db.session.scalar(select(Debate).order_by(Debate.id))
    survey = db.session.scalar(select(Survey).order_by(Survey.id))
    outcome = db.session.scalar(select(Outcome).order_by(Outcome.id))
    reading = [f"/proposals/{proposal.id}", f"/proposals/{proposal.id}?original=1",
               f"/debates/{debate.id}", f"/surveys/{survey.id}", f"/processes/{outcome.process_id}/outcome"]
    mine = f"/translations/proposal/{proposal.id}"
    return {
        "anonymous": [(url, None) for url in reading],
        "resident@agora.example": [(url, None) for url in reading] + [
            (mine + "?to=ro", None), (mine, {"locale": "pl", f"proposal-{proposal.id}-title": "x"}),
            (mine, {"locale": "ro"}), (f"/translations/debate/{debate.id}", None)],
        "hillcrest@agora.example": [(mine, None)],
        "facilitator@agora.example": [
            ("/translations/review", None), (mine, None), (f"/translations/survey/{survey.id}", None),
            (mine, {"locale": "pl", f"proposal-{proposal.id}-title": "ł" * 200}),
            (mine + "/language", {"language": "xx"}), (mine + "/language", {"language": "ur"})],
        "councillor@agora.example": [(f"/translations/outcome/{outcome.id}", None),
                                     ("/translations/review", None)],
    }


def test_translation_pages_read_from_the_catalogues(app):
    load_demo()
    db.session.commit()
    pages = _pages()
    typed = {v for sent in pages.values() for _url, form in sent if form for v in form.values()}
    checker = Checker(_stored_text() | typed)
    problems, statuses = read_as_each_role(app, checker, pages, DEMO_PASSWORD)
    assert sum(status in (400, 403) for status in statuses) >= 5, "the refusals were really read"
    assert not problems, "\n".join(problems)
