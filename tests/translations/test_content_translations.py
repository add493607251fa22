"""Translations of what people wrote: who may add them, review, and what each reader is shown."""
from __future__ import annotations

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from deliberation.translations.machine import NoMachineTranslator
from models import User, AuditEntry, ContentKind, ContentTranslation, Proposal, TranslationStatus, db
from tests.conftest import login

POLISH_TITLE = "Nowe ławki w parku"


@pytest.fixture
def area(make_neighbourhood):
    return make_neighbourhood("Riverside")


@pytest.fixture
def proposal(make_process, make_user, area):
    process = make_process(phase="proposals", neighbourhood=area)
    author = make_user(neighbourhood=area, name="Ada Author")
    item = process.proposals[0]
    item.author_id, item.title, item.description = author.id, "New park benches", "Six benches."
    db.session.commit()
    return item


def _url(item, kind="proposal"):
    return f"/translations/{kind}/{item.id}"


def _key(item, field, kind="proposal"):
    return f"{kind}-{item.id}-{field}"


def _polish(client):
    client.set_cookie("agora_lang", "pl")


def _rows(item):
    return list(db.session.scalars(select(ContentTranslation).filter_by(subject_id=item.id)))


def test_an_authors_translation_is_shown_to_readers_of_that_language(client, proposal):
    login(client, _author(proposal))
    response = client.post(_url(proposal), data={"locale": "pl", _key(proposal, "title"): POLISH_TITLE,
                                                  _key(proposal, "description"): "Sześć ławek."})
    assert response.status_code == 302
    rows = _rows(proposal)
    assert {r.field: r.status for r in rows} == {"title": TranslationStatus.APPROVED,
                                                 "description": TranslationStatus.APPROVED}
    reader = client.application.test_client()
    _polish(reader)
    page = reader.get(f"/proposals/{proposal.id}").text
    assert POLISH_TITLE in page and "Sześć ławek." in page and "New park benches" not in page
    original = reader.get(f"/proposals/{proposal.id}?original=1").text
    assert "New park benches" in original and POLISH_TITLE not in original
    english = client.application.test_client().get(f"/proposals/{proposal.id}").text
    assert "New park benches" in english and POLISH_TITLE not in english
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "translation.saved"))
    assert entry is not None and entry.detail["status"] == "approved"


def _author(proposal):
    return db.session.get(User, proposal.author_id)


def test_a_volunteers_translation_waits_for_staff_then_shows(client, app, proposal, area, make_user):
    volunteer = make_user(neighbourhood=area, name="Vera Volunteer")
    login(client, volunteer)
    client.post(_url(proposal), data={"locale": "pl", _key(proposal, "title"): POLISH_TITLE})
    assert [r.status for r in _rows(proposal)] == [TranslationStatus.PENDING]
    reader = app.test_client()
    _polish(reader)
    assert POLISH_TITLE not in reader.get(f"/proposals/{proposal.id}").text, "not before review"

    staff = app.test_client()
    login(staff, make_user("facilitator", neighbourhood=area))
    queue = staff.get("/translations/review").text
    assert POLISH_TITLE in queue and "Vera Volunteer" in queue
    staff.post(f"/translations/review/proposal/{proposal.id}/pl", data={"approve": "Approve"})
    assert [r.status for r in _rows(proposal)] == [TranslationStatus.APPROVED]
    assert POLISH_TITLE in reader.get(f"/proposals/{proposal.id}").text
    assert POLISH_TITLE not in staff.get("/translations/review").text


def test_a_rejected_translation_is_never_shown(client, app, proposal, area, make_user):
    login(client, make_user(neighbourhood=area))
    client.post(_url(proposal), data={"locale": "pl", _key(proposal, "title"): "Zły tytuł"})
    staff = app.test_client()
    login(staff, make_user("facilitator", neighbourhood=area))
    staff.post(f"/translations/review/proposal/{proposal.id}/pl", data={"reject": "Reject"})
    assert [r.status for r in _rows(proposal)] == [TranslationStatus.REJECTED]
    reader = app.test_client()
    _polish(reader)
    assert "Zły tytuł" not in reader.get(f"/proposals/{proposal.id}").text


@pytest.mark.parametrize("who", ["unverified", "elsewhere", "anonymous"])
def test_only_local_verified_residents_and_staff_may_translate(client, proposal, area, make_user, who):
    if who == "unverified":
        login(client, make_user("unverified", neighbourhood=area))
    elif who == "elsewhere":
        login(client, make_user())
    response = client.post(_url(proposal), data={"locale": "pl", _key(proposal, "title"): "X"})
    assert response.status_code == (302 if who == "anonymous" else 403)
    if who == "anonymous":
        assert "/login" in response.headers["Location"]
    assert _rows(proposal) == []


def test_staff_elsewhere_cannot_review(client, app, proposal, area, make_user):
    login(client, make_user(neighbourhood=area))
    client.post(_url(proposal), data={"locale": "pl", _key(proposal, "title"): POLISH_TITLE})
    other = app.test_client()
    login(other, make_user("facilitator"))
    assert POLISH_TITLE not in other.get("/translations/review").text
    assert other.post(f"/translations/review/proposal/{proposal.id}/pl",
                      data={"approve": "Approve"}).status_code == 403
    assert [r.status for r in _rows(proposal)] == [TranslationStatus.PENDING]


def test_bad_input_is_refused_by_the_field_and_kept(client, proposal, area, make_user):
    login(client, _author(proposal))
    long_title = "ł" * 151
    response = client.post(_url(proposal), data={"locale": "pl", _key(proposal, "title"): long_title,
                                                  _key(proposal, "description"): "Sześć ławek."})
    assert response.status_code == 400
    assert "150 characters or fewer" in response.text and long_title in response.text
    assert _rows(proposal) == [], "nothing half-written: the description was not saved either"
    same = client.post(_url(proposal), data={"locale": "pl"})
    assert same.status_code == 400 and "at least one part" in same.text
    assert client.get(_url(proposal) + "?to=en").status_code == 200  # falls back to another language


def test_a_volunteer_cannot_replace_an_approved_translation(client, app, proposal, area, make_user):
    login(client, _author(proposal))
    client.post(_url(proposal), data={"locale": "pl", _key(proposal, "title"): POLISH_TITLE})
    volunteer = app.test_client()
    login(volunteer, make_user(neighbourhood=area))
    response = volunteer.post(_url(proposal), data={"locale": "pl", _key(proposal, "title"): "Inny"})
    assert response.status_code == 400 and "already has an approved translation" in response.text
    assert [r.text for r in _rows(proposal)] == [POLISH_TITLE]


def test_the_note_says_when_the_original_changed_since(client, app, proposal):
    login(client, _author(proposal))
    client.post(_url(proposal), data={"locale": "pl", _key(proposal, "title"): POLISH_TITLE})
    reader = app.test_client()
    _polish(reader)
    with force_locale("pl"):
        stale = gettext("The original has changed since it was translated.")
    assert stale not in reader.get(f"/proposals/{proposal.id}").text
    proposal.description = "Eight benches now."
    db.session.commit()
    assert stale in reader.get(f"/proposals/{proposal.id}").text


def test_a_survey_is_translated_with_its_questions(client, app, make_survey, make_user, area):
    staff = make_user("facilitator", neighbourhood=area)
    survey = make_survey(neighbourhood=area, author=staff)
    question = survey.questions[0]
    login(client, staff)
    form = {"locale": "ro", "survey-%d-title" % survey.id: "Plimbare pentru siguranță",
            "survey_question-%d-prompt" % question.id: "Cât de sigur vă simțiți noaptea?"}
    assert client.get(f"/translations/survey/{survey.id}").status_code == 200
    assert client.post(f"/translations/survey/{survey.id}", data=form).status_code == 302
    reader = app.test_client()
    reader.set_cookie("agora_lang", "ro")
    login(reader, make_user(neighbourhood=area))
    reader.set_cookie("agora_lang", "ro")
    db.session.refresh(survey)
    page = reader.get(f"/surveys/{survey.id}/answer").text
    assert "Cât de sigur vă simțiți noaptea?" in page and "Plimbare pentru siguranță" in page


def test_the_author_can_correct_the_originals_language(client, app, proposal):
    login(client, _author(proposal))
    response = client.post(_url(proposal) + "/language", data={"language": "pl"})
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.language == "pl"
    reader = app.test_client()
    assert "Written in" in reader.get(f"/proposals/{proposal.id}").text
    bad = client.post(_url(proposal) + "/language", data={"language": "xx"})
    assert bad.status_code == 400
    db.session.refresh(proposal)
    assert proposal.language == "pl"


def test_new_content_records_the_language_it_was_written_in(client, make_process, make_user, area):
    process = make_process(phase="proposals", neighbourhood=area)
    login(client, make_user(neighbourhood=area))
    client.set_cookie("agora_lang", "es")
    client.post(f"/processes/{process.id}/proposals/new", data={
        "title": "Huerto comunitario", "description": "Un huerto.", "estimated_cost": "100",
        "category": "Other"})
    made = db.session.scalar(select(Proposal).where(Proposal.title == "Huerto comunitario"))
    assert made is not None and made.language == "es"


class _Echo(NoMachineTranslator):
    def suggest(self, text, source, target):
        return f"[{target}] {text}"


def test_a_machine_translator_only_drafts_a_suggestion(client, app, proposal):
    app.extensions["agora.machine_translator"] = _Echo()
    login(client, _author(proposal))
    page = client.get(_url(proposal) + "?to=pl").text
    assert "[pl] New park benches" in page and "machine suggestion" in page
    assert _rows(proposal) == [], "a suggestion is not saved until a person saves it"
