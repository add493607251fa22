"""Opinion-map pages, refusals and the CSV report read from the catalogues (pseudo-locale)."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from deliberation.demo import DEMO_PASSWORD, load_demo
from models import Conversation, Statement, db
from tests.conftest import app_settings
from tests.i18n.catalogues import TRANSLATIONS
from tests.i18n.pseudo import OPEN, PSEUDO, Checker, build_catalogue, read_as_each_role
from tests.i18n.test_pseudo_locale import _stored_text


@pytest.fixture
def app_config(tmp_path):
    pseudo = build_catalogue(tmp_path / "pseudo")
    return app_settings(tmp_path, EXTRA_LOCALES=(PSEUDO,), WTF_CSRF_ENABLED=False,
                        BABEL_TRANSLATION_DIRECTORIES=f"{TRANSLATIONS};{pseudo}")


def test_opinion_map_pages_read_from_the_catalogues(app):
    load_demo()
    db.session.commit()
    conversation = db.session.scalar(select(Conversation))
    statement = db.session.scalar(select(Statement).where(
        Statement.conversation_id == conversation.id).order_by(Statement.id))
    base = f"/debates/{conversation.debate_id}/opinions"
    reading = [(base, None), (base + "/map", None), (base + "/map/live", None)]
    too_long = "z" * 141
    sent = {
        "anonymous": reading,
        "resident@agora.example": reading + [
            (f"/opinions/statements/{statement.id}/flag", None),
            (base + "/statements", {"text": too_long}), (base + "/statements", {"text": ""}),
            (f"/opinions/statements/{statement.id}/flag", {"reason": "nonsense"})],
        "newcomer@agora.example": reading + [(base + "/statements", {"text": "Unverified words"})],
        "facilitator@agora.example": reading + [
            (f"/opinions/statements/{statement.id}/hide", None), ("/staff/flags", None),
            (f"/opinions/statements/{statement.id}/hide", {"reason": ""}),
            (base + "/start", {"seeds": "again"})],
    }
    checker = Checker(_stored_text() | {too_long, "Unverified words", "again"})
    problems, statuses = read_as_each_role(app, checker, sent, DEMO_PASSWORD)
    assert statuses.count(400) >= 4, "the refusals were really read"
    assert not problems, "\n".join(problems)


def test_the_report_headings_are_translated(app):
    load_demo()
    db.session.commit()
    conversation = db.session.scalar(select(Conversation))
    client = app.test_client()
    client.set_cookie("agora_lang", PSEUDO)
    client.post("/login", data={"email": "facilitator@agora.example", "password": DEMO_PASSWORD})
    text = client.get(f"/debates/{conversation.debate_id}/opinions/report.csv").get_data(as_text=True)
    headings = next(csv.reader(io.StringIO(text)))
    assert len(headings) >= 10 and all(h.startswith(OPEN) for h in headings), headings
