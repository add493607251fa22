"""Stored payloads outside the browser: files are attachments, mail is plain text, links on site."""
from __future__ import annotations

from datetime import timedelta

import pytest

from deliberation.debates.services import create_debate
from deliberation.errors import PolicyError
from deliberation.mail import outbox
from models import Neighbourhood, Phase, Process, Survey, User, db, utcnow
from tests.conftest import login
from tests.security.conftest import PASSWORD, demo_user
from tests.security.payloads import SCRIPT, poison_everything


def test_exports_with_hostile_names_are_attachments_not_pages(seeded):
    poison_everything()
    results = db.session.scalar(db.select(Process).where(Process.phase == Phase.RESULTS).limit(1))
    survey = db.session.scalar(db.select(Survey).limit(1))
    seeded.config["WTF_CSRF_ENABLED"] = False
    client = seeded.test_client()
    login(client, demo_user("admin"), PASSWORD)
    for url, mimetype in [(f"/processes/{results.id}/export/projects.csv", "text/csv"),
                          (f"/processes/{results.id}/export/ballots.csv", "text/csv"),
                          (f"/processes/{results.id}/export/election.pb", "text/plain"),
                          ("/dashboard/participation.csv", "text/csv"),
                          (f"/surveys/{survey.id}/export.csv", "text/csv")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == mimetype, url
        assert response.headers["Content-Disposition"].startswith("attachment;"), url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    projects = client.get(f"/processes/{results.id}/export/projects.csv").get_data(as_text=True)
    assert "window.__xss" in projects  # the text is there, as data, in a file that is not a page


def test_csv_cells_cannot_become_spreadsheet_formulas(client, make_user, make_process):
    process = make_process(phase="results")
    process.proposals[0].title = '=HYPERLINK("http://evil.example","x")'
    db.session.commit()
    from deliberation.budgeting.results import compute_results
    compute_results(process)
    db.session.commit()
    text = client.get(f"/processes/{process.id}/export/projects.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text and ',=HYPERLINK' not in text


def test_mail_is_plain_text_even_with_hostile_names(client, make_user):
    user = make_user(name=SCRIPT)
    client.post("/forgot-password", data={"email": user.email})
    message = outbox()[-1]
    assert message.get_content_type() == "text/plain"
    assert not message.is_multipart()
    assert "<html" not in message.get_content().lower()


def test_debate_links_must_stay_on_site(make_user):
    facilitator = make_user("facilitator")
    area = db.session.get(Neighbourhood, facilitator.neighbourhood_id)
    start = utcnow()
    for link in ["javascript:window.__xss=1", "//evil.example", "https://evil.example/",
                 " javascript:alert(1)", "/\\evil.example"]:
        with pytest.raises(PolicyError):
            create_debate(facilitator, area, "Lights", "More lights?", "", start,
                          start + timedelta(hours=1), link)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(User.id))) >= 1
