"""Outcome, delivery, rating and survey pages in any language; notices and mail in each reader's own."""
from __future__ import annotations

import csv
import io

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from sqlalchemy import select

from deliberation.budgeting.processes import advance_phase
from deliberation.budgeting.voting import cast_ballot
from deliberation.demo import DEMO_PASSWORD, load_demo
from deliberation.mail import outbox
from deliberation.notifications.services import follow
from deliberation.outcomes import delivery as deliveries
from deliberation.outcomes.services import publish_outcome
from models import (Delivery, DeliveryStatus, LocalService, Neighbourhood, Notification, Outcome, Phase,
                    Process, Survey, db)
from tests.budgeting_factories import project_ids
from tests.conftest import app_settings
from tests.i18n.catalogues import TRANSLATIONS
from tests.i18n.pseudo import OPEN, PSEUDO, Checker, build_catalogue, read_as_each_role
from tests.i18n.test_pseudo_locale import _stored_text

POLISH = {  # a few test translations, enough to tell who got which language
    "The council published the outcome of “%(title)s”.": "Rada opublikowała decyzję w sprawie „%(title)s”.",
    "“%(title)s”: %(status)s, %(progress)s%% done.": "„%(title)s”: %(status)s, wykonano %(progress)s%%.",
    "In progress": "W realizacji",
    "A message about “%(title)s”": "Wiadomość o „%(title)s”",
    "%(name)s (%(group)s) writes:": "%(name)s (%(group)s) pisze:",
    "Reply through Agora; your email address was not shared.": "Odpowiedz przez Agorę; twój adres nie został udostępniony.",
}


def _polish_catalogue(directory):
    catalog = Catalog(locale="pl")
    for msgid, text in POLISH.items():
        catalog.add(msgid, text)
    target = directory / "pl" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)
    return directory


@pytest.fixture
def app_config(tmp_path):
    pseudo = build_catalogue(tmp_path / "pseudo")
    polish = _polish_catalogue(tmp_path / "polish")
    return app_settings(tmp_path, EXTRA_LOCALES=(PSEUDO,), WTF_CSRF_ENABLED=False,
                        BABEL_TRANSLATION_DIRECTORIES=f"{TRANSLATIONS};{pseudo};{polish}")


def _pages() -> dict[str, list[str]]:
    """Every page of outcomes and surveys in the demo, per role that can open it."""
    deliveries_ = db.session.scalars(select(Delivery.id)).all()
    services = db.session.scalars(select(LocalService.id)).all()
    slugs = db.session.scalars(select(Neighbourhood.slug)).all()
    published = db.session.scalars(select(Outcome.process_id)).all()
    waiting = [p.id for p in db.session.scalars(select(Process).where(Process.phase == Phase.RESULTS))]
    surveys = db.session.scalars(select(Survey)).all()
    assert deliveries_ and services and published and waiting and surveys, "the demo has all of it"
    public = ["/ratings", "/services", "/surveys", *(f"/services/{i}" for i in services),
              *(f"/projects/{i}" for i in deliveries_), *(f"/neighbourhoods/{s}/projects" for s in slugs),
              *(f"/processes/{i}/outcome" for i in published), *(f"/surveys/{s.id}" for s in surveys)]
    survey_staff = ["/surveys/manage", "/surveys/new"] + [
        url for s in surveys for url in (f"/surveys/{s.id}/results", f"/surveys/{s.id}/edit",
                                         f"/surveys/{s.id}/questions/new",
                                         *(f"/surveys/questions/{q.id}/edit" for q in s.questions))]
    return {
        "anonymous": public,
        "resident@agora.example": public + [f"/surveys/{s.id}/answer" for s in surveys],
        "facilitator@agora.example": public + survey_staff,
        "councillor@agora.example": public + survey_staff + ["/dashboard"]
        + [f"/processes/{i}/outcome/publish" for i in waiting],
    }


def _refusals() -> dict[str, list[tuple[str, dict]]]:
    """Forms sent wrong, so every message by a field and every refusal is read too."""
    delivered = db.session.scalar(select(Delivery.id).where(Delivery.status == DeliveryStatus.DELIVERED))
    ongoing = db.session.scalar(select(Delivery.id).where(Delivery.status != DeliveryStatus.DELIVERED,
                                                          Delivery.status != DeliveryStatus.CANCELLED))
    waiting = db.session.scalar(select(Process).where(Process.phase == Phase.RESULTS))
    first = project_ids(waiting)[0]
    survey = db.session.scalars(select(Survey)).first()
    service = db.session.scalar(select(LocalService.id))
    return {
        "resident@agora.example": [
            (f"/projects/{delivered}/rate", {}), (f"/services/{service}/rate", {"stars": "9"}),
            (f"/projects/{ongoing}/volunteer", {"offer": ""}),
            (f"/surveys/{survey.id}/answer", {f"q-{q.id}": "x" * 6000 for q in survey.questions}),
        ],
        "facilitator@agora.example": [
            ("/surveys/new", {"title": "", "audience": ""}),
            (f"/surveys/{survey.id}/questions/new", {"prompt": "More?", "kind": "single_choice", "options": "one"}),
        ],
        "councillor@agora.example": [
            (f"/projects/{ongoing}/updates", {"body": "", "status": "planned", "progress": "500", "spent": "-1"}),
            (f"/projects/{ongoing}/updates", {"body": "Done", "status": "planned", "progress": "5", "spent": "0"}),
            (f"/projects/{ongoing}/milestones", {"title": "Dig"}),
            (f"/projects/{ongoing}/contact", {"message": ""}),
            (f"/projects/{ongoing}/community", {"lead_group": "Group", "lead_email": "nobody@example.org"}),
            (f"/processes/{waiting.id}/outcome/publish",
             {f"decision-{first}": "reject" if first in waiting.result.selected else "fund"}),
            ("/services", {"name": ""}),
        ],
    }


def test_every_outcome_and_survey_page_reads_from_the_catalogues(app):
    load_demo()
    db.session.commit()
    pages, refusals = _pages(), _refusals()
    typed = {value for sent in refusals.values() for _url, form in sent for value in form.values()}
    options = {"\n".join(q.options) for s in db.session.scalars(select(Survey)) for q in s.questions if q.options}
    checker = Checker(_stored_text() | typed | options)  # what people typed is shown back, untranslated
    sent = {role: [(url, None) for url in urls] + refusals.get(role, []) for role, urls in pages.items()}
    problems, statuses = read_as_each_role(app, checker, sent, DEMO_PASSWORD, forms_are_wrong=True)
    assert len(statuses) > 60
    assert not problems, "\n".join(problems)


def test_the_csv_headings_people_read_are_translated(app):
    load_demo()
    db.session.commit()
    survey = db.session.scalars(select(Survey)).first()
    client = app.test_client()
    client.set_cookie("agora_lang", PSEUDO)
    client.post("/login", data={"email": "councillor@agora.example", "password": DEMO_PASSWORD})
    headings = next(csv.reader(io.StringIO(client.get("/dashboard/participation.csv").get_data(as_text=True))))
    assert len(headings) == 9 and all(h.startswith(OPEN) for h in headings), headings
    client.post("/login", data={"email": "facilitator@agora.example", "password": DEMO_PASSWORD})
    answers = client.get(f"/surveys/{survey.id}/export.csv").get_data(as_text=True)
    code, *questions = next(csv.reader(io.StringIO(answers)))
    assert code == "response_code" and questions and all(q.startswith(OPEN) for q in questions)


def _notices(user) -> list[str]:
    return list(db.session.scalars(select(Notification.message).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def test_notices_and_mail_are_written_in_each_readers_language(make_user, make_process):
    process = make_process(costs=(400, 300, 200, 100), budget=600, title="Park Fund")
    area = process.neighbourhood
    polish, english = make_user(neighbourhood=area), make_user(neighbourhood=area)
    polish.locale = "pl"
    a, b, c, _d = project_ids(process)
    for voter, picks in ((polish, [a, c]), (english, [a, b]), (make_user(neighbourhood=area), [a, c])):
        cast_ballot(voter, process, picks)
    advance_phase(None, process, Phase.RESULTS)
    councillor = make_user("councillor")
    publish_outcome(councillor, process, {p: (p in process.result.selected, "") for p in project_ids(process)}, "")
    db.session.commit()
    assert _notices(polish) == ["Rada opublikowała decyzję w sprawie „Park Fund”."]
    assert _notices(english) == ["The council published the outcome of “Park Fund”."]

    project = db.session.scalar(select(Delivery).where(Delivery.proposal_id == a))
    for person in (polish, english):
        follow(person, "project", project.id)
    deliveries.post_update(councillor, project, "Started", DeliveryStatus.IN_PROGRESS, 20, 0)
    db.session.commit()
    assert _notices(polish)[-1] == "„Project 1”: W realizacji, wykonano 20%."
    assert _notices(english)[-1] == "“Project 1”: In progress, 20% done."
    assert str(DeliveryStatus.IN_PROGRESS.label) == "In progress", "the councillor's own language is back"

    deliveries.set_community_lead(councillor, project, "Friends of the Park", councillor)
    helpers = [deliveries.volunteer(person, project, "I can dig", "") for person in (polish, english)]
    deliveries.contact_volunteers(councillor, project, [h.id for h in helpers], "See you Saturday")
    mail = {m["To"]: m for m in outbox()[-2:]}
    to_polish, to_english = mail[polish.email], mail[english.email]
    assert to_polish["Subject"] == "Wiadomość o „Project 1”"
    assert "pisze:" in to_polish.get_content() and "See you Saturday" in to_polish.get_content()
    assert to_english["Subject"] == "A message about “Project 1”"
    assert "Reply through Agora; your email address was not shared." in to_english.get_content()
