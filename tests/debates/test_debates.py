"""Debates: facilitators create and close them, the clock opens and closes them, residents follow."""
from datetime import timedelta

import pytest

from deliberation.debates import services
from deliberation.errors import PolicyError
from models import AuditEntry, Debate, DebateStatus, HandRaise, ThreadEvent, db, utcnow
from tests.conftest import login

FORMAT = "%Y-%m-%dT%H:%M"


def test_facilitator_creates_a_debate_from_the_form(client, make_user, make_neighbourhood):
    area = make_neighbourhood("Riverside")
    login(client, make_user("facilitator", neighbourhood=area))
    now = utcnow()
    response = client.post(f"/neighbourhoods/{area.slug}/debates/new", data={
        "title": "Canal lights", "question": "Should the canal path be lit?",
        "background": "It is *dark*.", "link_url": "",
        "starts_at": (now - timedelta(minutes=1)).strftime(FORMAT),
        "ends_at": (now + timedelta(hours=1)).strftime(FORMAT)})
    assert response.status_code == 302
    debate = db.session.scalar(db.select(Debate))
    assert debate.status is DebateStatus.OPEN and debate.neighbourhood_id == area.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Should the canal path be lit?" in page and "<em>dark</em>" in page
    assert "Closes in 6" in page or "Closes in 5" in page  # "Closes in N minutes"
    listing = client.get(f"/neighbourhoods/{area.slug}/debates?show=open").get_data(as_text=True)
    assert "Canal lights" in listing
    assert "Canal lights" in client.get(f"/neighbourhoods/{area.slug}").get_data(as_text=True)


def test_residents_and_other_facilitators_cannot_create(client, make_user, make_neighbourhood):
    area = make_neighbourhood()
    for person in (make_user(neighbourhood=area), make_user("facilitator")):
        login(client, person)
        assert client.get(f"/neighbourhoods/{area.slug}/debates/new").status_code == 403


def test_end_before_start_is_refused_next_to_the_field(client, make_user, make_neighbourhood):
    area = make_neighbourhood()
    login(client, make_user("facilitator", neighbourhood=area))
    now = utcnow()
    response = client.post(f"/neighbourhoods/{area.slug}/debates/new", data={
        "title": "T", "question": "Q?", "starts_at": (now + timedelta(hours=2)).strftime(FORMAT),
        "ends_at": (now + timedelta(hours=1)).strftime(FORMAT), "link_url": "https://evil.example"})
    assert response.status_code == 400
    assert 'id="ends_at-error"' in response.get_data(as_text=True)


def test_timebox_closes_a_debate_lazily_on_the_next_visit(client, make_debate):
    debate = make_debate(minutes=1)
    debate.ends_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert services.effective_status(debate) is DebateStatus.CLOSED
    page = client.get(f"/debates/{debate.id}").get_data(as_text=True)
    assert "This debate has closed." in page
    db.session.refresh(debate)
    assert debate.status is DebateStatus.CLOSED
    assert db.session.scalar(db.select(ThreadEvent.kind).order_by(ThreadEvent.id.desc())) == "debate_closed"
    listing = client.get(f"/neighbourhoods/{debate.neighbourhood.slug}/debates?show=closed")
    assert debate.title in listing.get_data(as_text=True)


def test_closing_publishes_the_conclusion_and_transitions_are_guarded(client, make_user, make_debate):
    debate = make_debate()
    facilitator = make_user("facilitator", neighbourhood=debate.neighbourhood)
    login(client, facilitator)
    assert client.post(f"/debates/{debate.id}/conclude",
                       data={"conclusion": "We will ask for **lights**."}).status_code == 302
    page = client.get(f"/debates/{debate.id}").get_data(as_text=True)
    assert page.index("Conclusion") < page.index("Discussion")
    assert "<strong>lights</strong>" in page
    db.session.refresh(debate)
    with pytest.raises(PolicyError, match="closed cannot become open"):
        services.open_debate(facilitator, debate)
    services.archive_debate(facilitator, debate)
    assert debate.status is DebateStatus.ARCHIVED
    assert {"debate.close", "debate.conclude", "debate.archive"} <= set(
        db.session.scalars(db.select(AuditEntry.action)).all())


def test_scheduled_debate_is_upcoming_and_can_be_opened_early(client, make_user, make_debate):
    debate = make_debate(status="scheduled")
    resident = make_user(neighbourhood=debate.neighbourhood)
    login(client, resident)
    page = client.get(f"/debates/{debate.id}").get_data(as_text=True)
    assert "This debate opens on" in page
    listing = client.get(f"/neighbourhoods/{debate.neighbourhood.slug}/debates?show=upcoming")
    assert debate.title in listing.get_data(as_text=True)
    services.open_debate(make_user("admin"), debate)
    db.session.commit()
    assert services.effective_status(debate) is DebateStatus.OPEN


def test_raise_hand_queue_and_call_next(client, make_user, make_debate):
    debate = make_debate()
    area = debate.neighbourhood
    ann, bob = make_user(neighbourhood=area, name="Ann"), make_user(neighbourhood=area, name="Bob")
    facilitator = make_user("facilitator", neighbourhood=area)
    services.raise_hand(ann, debate)
    services.raise_hand(bob, debate)
    with pytest.raises(PolicyError, match="already raised"):
        services.raise_hand(ann, debate)
    db.session.commit()
    login(client, facilitator)
    assert client.post(f"/debates/{debate.id}/call-next").status_code == 302
    page = client.get(f"/debates/{debate.id}").get_data(as_text=True)
    assert "Now speaking: <strong>Ann</strong>" in page
    assert [h.user_id for h in db.session.scalars(db.select(HandRaise))] == [bob.id]
    login(client, bob)
    client.post(f"/debates/{debate.id}/hand", data={"lower": "1"})
    assert db.session.scalar(db.select(db.func.count(HandRaise.id))) == 0


def test_announcement_is_shown_and_broadcast(client, make_user, make_debate):
    debate = make_debate()
    login(client, make_user("facilitator", neighbourhood=debate.neighbourhood))
    client.post(f"/debates/{debate.id}/announce", data={"body": "Break for 5 minutes"})
    assert "Break for 5 minutes" in client.get(f"/debates/{debate.id}").get_data(as_text=True)
    event = db.session.scalar(db.select(ThreadEvent).order_by(ThreadEvent.id.desc()))
    assert event.kind == "announcement" and event.payload["message"] == "Announcement: %(body)s" \
        and event.payload["params"] == {"body": "Break for 5 minutes"}


def test_demo_debates_load_once(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    debates = db.session.scalars(db.select(Debate).order_by(Debate.id)).all()
    assert [d.title for d in debates] == ["Lights on the canal path?", "Opening hours of the youth club"]
    assert debates[1].conclusion and debates[1].status is DebateStatus.CLOSED
    from models import Comment
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 4


def test_countdowns_read_in_minutes_hours_or_days():
    from deliberation.i18n.formatting import format_duration
    assert [format_duration(m) for m in (1, 90, 150, 10078)] == ["1 minute", "90 minutes", "2 hours", "6 days"]
