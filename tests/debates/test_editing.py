"""Editing a debate: facilitators change it while upcoming or open, within the rules, openly."""
import re
from datetime import timedelta

import pytest

from deliberation.debates import editing
from deliberation.errors import PolicyError
from deliberation.notifications.services import follow
from models import AuditEntry, Debate, DebateStatus, Notification, ThreadEvent, db, utcnow
from tests.conftest import login

FORMAT = "%Y-%m-%dT%H:%M"


def _form(debate: Debate, **changes) -> dict:
    """What the edit form sends back untouched, with some fields retyped."""
    data = {"title": debate.title, "question": debate.question, "background": debate.background,
            "link_url": debate.link_url or "", "starts_at": debate.starts_at.strftime(FORMAT),
            "ends_at": debate.ends_at.strftime(FORMAT)}
    return data | {k: (v.strftime(FORMAT) if hasattr(v, "strftime") else v)
                   for k, v in changes.items()}


def _values(debate: Debate, **changes) -> dict:
    """What the service is handed, as the route would hand it."""
    return {key: getattr(debate, key) for key in editing.FIELDS} | changes


def _edits() -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "debate.edit")))


def _facilitator(make_user, debate, **kwargs):
    return make_user("facilitator", neighbourhood=debate.neighbourhood, **kwargs)


def test_facilitator_edits_an_open_debate_and_everyone_is_told(client, make_user, make_debate):
    debate = make_debate()
    resident = make_user(neighbourhood=debate.neighbourhood)
    follow(resident, "debate", debate.id)
    facilitator = _facilitator(make_user, debate)
    login(client, facilitator)
    page = client.get(f"/debates/{debate.id}").get_data(as_text=True)
    assert f'href="/debates/{debate.id}/edit">Edit debate</a>' in page
    form = client.get(f"/debates/{debate.id}/edit").get_data(as_text=True)
    assert 'value="Save changes"' in form and debate.question in form
    new_end = (utcnow() + timedelta(hours=3)).replace(second=0, microsecond=0)
    response = client.post(f"/debates/{debate.id}/edit", data=_form(
        debate, question="Should the canal path get solar lights?", ends_at=new_end,
        background="Quote: **£12,000**.<script>alert(1)</script>", link_url="/processes/1"))
    assert response.status_code == 302
    db.session.refresh(debate)
    assert debate.question == "Should the canal path get solar lights?"
    assert debate.ends_at == new_end and debate.edited_at is not None
    page = client.get(f"/debates/{debate.id}").get_data(as_text=True)
    assert "Should the canal path get solar lights?" in page and "<strong>£12,000</strong>" in page
    assert "<script>alert" not in page and 'href="/processes/1"' in page
    assert f"Details changed on {debate.edited_at.day} {debate.edited_at:%b %Y}" in page
    assert f'data-countdown="{new_end.isoformat()}"' in page
    [entry] = _edits()
    assert entry.actor_id == facilitator.id and entry.public and entry.subject_id == debate.id
    assert entry.detail["question"] == ["Do we want lights along the canal path?",
                                        "Should the canal path get solar lights?"]
    assert set(entry.detail) == {"question", "background", "link_url", "ends_at"}
    event = db.session.scalar(db.select(ThreadEvent).order_by(ThreadEvent.id.desc()))
    assert event.kind == editing.REFRESH_KIND == "debate_edited"
    assert event.payload["message"] == "The facilitator changed this debate's details."
    assert event.payload["changed"] == ["background", "ends_at", "link_url", "question"]
    notice = db.session.scalar(db.select(Notification).where(Notification.user_id == resident.id))
    assert notice.url == f"/debates/{debate.id}" and "changed the question" in notice.message


def test_the_live_status_region_carries_the_new_question_and_countdown(client, make_user,
                                                                        make_debate):
    debate = make_debate()
    later = debate.ends_at + timedelta(hours=1)
    editing.edit_debate(make_user("admin"), debate,
                        _values(debate, question="New question?", ends_at=later))
    db.session.commit()
    fragment = client.get(f"/debates/{debate.id}/fragments/status").get_data(as_text=True)
    assert "New question?" in fragment and "Details changed on" in fragment
    assert f'data-countdown="{debate.ends_at.isoformat()}"' in fragment
    assert "Edit debate" not in fragment  # anonymous readers get no edit link


def test_residents_and_other_facilitators_get_403(client, make_user, make_debate):
    debate = make_debate()
    outsiders = (make_user(neighbourhood=debate.neighbourhood), make_user("facilitator"))
    for person in outsiders:
        login(client, person)
        assert client.get(f"/debates/{debate.id}/edit").status_code == 403
        assert client.post(f"/debates/{debate.id}/edit",
                           data=_form(debate, title="Taken over")).status_code == 403
        assert "Edit debate" not in client.get(f"/debates/{debate.id}").get_data(as_text=True)
        with pytest.raises(PolicyError) as refused:
            editing.edit_debate(person, debate, _values(debate, title="Taken over"))
        assert refused.value.status == 403
    client.post("/logout")
    assert client.get(f"/debates/{debate.id}/edit").status_code == 302  # to the login page
    db.session.refresh(debate)
    assert debate.title == "Should the canal path get lights?" and _edits() == []


def test_admins_edit_debates_anywhere(client, make_user, make_debate):
    debate = make_debate(status="scheduled")
    login(client, make_user("admin"))
    response = client.post(f"/debates/{debate.id}/edit", data=_form(debate, title="Renamed"))
    assert response.status_code == 302
    db.session.refresh(debate)
    assert debate.title == "Renamed" and _edits()[0].detail == {
        "title": ["Should the canal path get lights?", "Renamed"]}


@pytest.mark.parametrize("status", ["closed", "archived"])
def test_closed_and_archived_debates_are_refused(client, make_user, make_debate, status):
    debate = make_debate(status="closed")
    debate.status = DebateStatus(status)
    db.session.commit()
    facilitator = _facilitator(make_user, debate)
    login(client, facilitator)
    assert "Edit debate" not in client.get(f"/debates/{debate.id}").get_data(as_text=True)
    page = client.get(f"/debates/{debate.id}/edit")
    assert page.status_code == 409
    message = f"This debate is {status}, so its details can no longer change"
    assert message in page.get_data(as_text=True)
    assert client.post(f"/debates/{debate.id}/edit",
                       data=_form(debate, title="Rewritten")).status_code == 409
    with pytest.raises(PolicyError, match="can no longer change") as refused:
        editing.edit_debate(facilitator, debate, _values(debate, title="Rewritten"))
    assert refused.value.status == 409
    db.session.rollback()
    db.session.refresh(debate)
    assert debate.title != "Rewritten" and debate.edited_at is None and _edits() == []


def test_a_debate_whose_time_ran_out_is_refused_too(client, make_user, make_debate):
    debate = make_debate()
    debate.ends_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    login(client, _facilitator(make_user, debate))
    assert client.get(f"/debates/{debate.id}/edit").status_code == 409


def _error(page: str, field: str) -> str:
    found = re.search(rf'<ul class="errors" id="{field}-error">(.*?)</ul>', page, re.S)
    return found.group(1) if found else ""


def test_an_open_debate_cannot_move_its_start(client, make_user, make_debate):
    debate = make_debate()
    login(client, _facilitator(make_user, debate))
    form = client.get(f"/debates/{debate.id}/edit").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="starts_at"[^>]*readonly', form)
    assert "The debate is open, so its start cannot move." in form
    response = client.post(f"/debates/{debate.id}/edit", data=_form(
        debate, title="Moved", starts_at=debate.starts_at + timedelta(hours=1)))
    assert response.status_code == 400
    assert "its start cannot move" in _error(response.get_data(as_text=True), "starts_at")
    db.session.refresh(debate)
    assert debate.title != "Moved" and _edits() == []


def test_a_past_end_time_is_refused_next_to_the_field_and_typed_values_kept(client, make_user,
                                                                            make_debate):
    debate = make_debate()
    login(client, _facilitator(make_user, debate))
    past = utcnow() - timedelta(minutes=2)  # after the start (5 minutes ago), before now
    response = client.post(f"/debates/{debate.id}/edit", data=_form(
        debate, question="A retyped question?", background="My *new* notes", ends_at=past))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The end time has already passed" in _error(page, "ends_at")
    assert 'aria-describedby="ends_at-error"' in page and 'aria-invalid="true"' in page
    assert 'value="A retyped question?"' in page and "My *new* notes</textarea>" in page
    assert f'value="{past.strftime(FORMAT)}"' in page
    db.session.refresh(debate)
    assert debate.question == "Do we want lights along the canal path?"
    assert debate.edited_at is None and _edits() == []
    assert db.session.scalar(db.select(db.func.count(ThreadEvent.id))) == 0


def test_scheduled_debates_move_both_times_but_not_into_the_past(client, make_user, make_debate):
    debate = make_debate(status="scheduled")
    login(client, _facilitator(make_user, debate))
    starts = (utcnow() + timedelta(days=2)).replace(second=0, microsecond=0)
    bad = client.post(f"/debates/{debate.id}/edit",
                      data=_form(debate, starts_at=starts, ends_at=starts - timedelta(hours=1)))
    assert "The end must be after the start." in _error(bad.get_data(as_text=True), "ends_at")
    past = client.post(f"/debates/{debate.id}/edit",
                       data=_form(debate, starts_at=utcnow() - timedelta(hours=1)))
    assert "Choose a start in the future" in _error(past.get_data(as_text=True), "starts_at")
    ok = client.post(f"/debates/{debate.id}/edit",
                     data=_form(debate, starts_at=starts, ends_at=starts + timedelta(hours=2)))
    assert ok.status_code == 302
    db.session.refresh(debate)
    assert debate.starts_at == starts and debate.status is DebateStatus.SCHEDULED
    assert set(_edits()[0].detail) == {"starts_at", "ends_at"}


def test_blank_question_and_outside_link_are_refused(client, make_user, make_debate):
    debate = make_debate()
    login(client, _facilitator(make_user, debate))
    blank = client.post(f"/debates/{debate.id}/edit", data=_form(debate, question="   "))
    assert blank.status_code == 400 and _error(blank.get_data(as_text=True), "question")
    link = client.post(f"/debates/{debate.id}/edit",
                       data=_form(debate, link_url="https://evil.example"))
    assert link.status_code == 400
    assert "starting with /" in _error(link.get_data(as_text=True), "link_url")
    assert _edits() == []


def test_saving_without_changes_records_nothing(client, make_user, make_debate):
    debate = make_debate()
    login(client, _facilitator(make_user, debate))
    response = client.post(f"/debates/{debate.id}/edit", data=_form(debate), follow_redirects=True)
    assert "Nothing changed." in response.get_data(as_text=True)
    db.session.refresh(debate)
    assert debate.edited_at is None and _edits() == []
    assert "Details changed" not in response.get_data(as_text=True)
