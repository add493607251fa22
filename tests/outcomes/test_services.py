"""Outcomes: decisions with reasons, delivery lifecycle, volunteers, ratings and the league table."""
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from deliberation.budgeting.processes import advance_phase
from deliberation.budgeting.voting import cast_ballot
from deliberation.errors import PolicyError
from deliberation.mail import outbox
from deliberation.outcomes import delivery as deliveries
from deliberation.outcomes import ratings
from deliberation.outcomes.services import publish_outcome
from models import (Delivery, DeliveryStatus, OutcomeDecision, Phase, ProjectRating, ServiceRating,
                    db, utcnow)
from tests.budgeting_factories import project_ids


@pytest.fixture
def counted(make_user, make_process):
    """A counted process where projects 1 and 2 won (costs 400+300 > 600, so 1 and 3)."""
    process = make_process(costs=(400, 300, 200, 100), budget=600)
    a, b, c, d = project_ids(process)
    for picks in ([a, c], [a, b], [a, c]):
        cast_ballot(make_user(neighbourhood=process.neighbourhood), process, picks)
    advance_phase(None, process, Phase.RESULTS)
    db.session.commit()
    return process


def test_publishing_follows_the_vote_and_starts_tracking(counted, make_user):
    councillor = make_user("councillor")
    a, b, c, d = project_ids(counted)
    assert set(counted.result.selected) == {a, c}
    decisions = {pid: (pid in (a, c), "") for pid in (a, b, c, d)}
    outcome = publish_outcome(councillor, counted, decisions, "As voted.")
    db.session.commit()
    assert counted.phase is Phase.IMPLEMENTATION
    assert {d.proposal_id for d in db.session.scalars(db.select(Delivery))} == {a, c}
    assert not any(d.deviates for d in outcome.decisions)
    with pytest.raises(PolicyError, match="only once"):
        publish_outcome(councillor, counted, decisions, "")


def test_a_departure_from_the_vote_needs_a_reason(counted, make_user):
    councillor = make_user("councillor")
    a, b, c, d = project_ids(counted)
    decisions = {a: (False, ""), b: (False, ""), c: (True, ""), d: (True, "")}
    with pytest.raises(PolicyError) as refusal:
        publish_outcome(councillor, counted, decisions, "")
    assert refusal.value.field == f"rationale-{a}"
    decisions[a] = (False, "The site is being sold.")
    decisions[d] = (True, "A donor covers it.")
    outcome = publish_outcome(councillor, counted, decisions, "")
    assert sorted(x.proposal_id for x in outcome.decisions if x.deviates) == sorted([a, d])


def test_database_refuses_an_unexplained_departure(counted, make_user):
    a = project_ids(counted)[0]
    publish_outcome(make_user("councillor"), counted, {p: (p in counted.result.selected, "")
                                                       for p in project_ids(counted)}, "")
    decision = db.session.scalar(db.select(OutcomeDecision).where(OutcomeDecision.proposal_id == a))
    decision.funded = not decision.voted_funded
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_implementation_needs_a_published_outcome(counted, make_user):
    with pytest.raises(PolicyError, match="publishes the outcome"):
        advance_phase(make_user("admin"), counted, Phase.IMPLEMENTATION)


@pytest.fixture
def delivery(counted, make_user):
    publish_outcome(make_user("councillor"), counted,
                    {p: (p in counted.result.selected, "") for p in project_ids(counted)}, "")
    db.session.commit()
    return db.session.scalars(db.select(Delivery).order_by(Delivery.id)).first()


def test_delivery_lifecycle_is_guarded(delivery, make_user):
    councillor, resident = make_user("councillor"), make_user(neighbourhood=delivery.proposal.process.neighbourhood)
    with pytest.raises(PolicyError, match="named lead"):
        deliveries.post_update(resident, delivery, "hi", DeliveryStatus.IN_PROGRESS, 10, 0)
    with pytest.raises(PolicyError, match="cannot become"):
        deliveries.post_update(councillor, delivery, "done?", DeliveryStatus.DELIVERED, 100, 0)
    deliveries.post_update(councillor, delivery, "Started", DeliveryStatus.IN_PROGRESS, 30, 100)
    with pytest.raises(PolicyError, match="cannot go down"):
        deliveries.post_update(councillor, delivery, "Oops", DeliveryStatus.IN_PROGRESS, 40, 50)
    with pytest.raises(PolicyError, match="Say why"):
        deliveries.post_update(councillor, delivery, "Stop", DeliveryStatus.CANCELLED, 40, 100)
    deliveries.post_update(councillor, delivery, "Done", DeliveryStatus.DELIVERED, 90, 380)
    assert delivery.progress == 100 and delivery.delivered_at is not None


def test_volunteers_are_contacted_without_revealing_addresses(delivery, make_user):
    area = delivery.proposal.process.neighbourhood
    councillor, lead = make_user("councillor"), make_user(neighbourhood=area, name="Lead")
    helper = make_user(neighbourhood=area, email="helper@example.org")
    with pytest.raises(PolicyError, match="not looking for volunteers"):
        deliveries.volunteer(helper, delivery, "Paint", "")
    deliveries.set_community_lead(councillor, delivery, "Friends of the Park", lead)
    record = deliveries.volunteer(helper, delivery, "I can paint", "Weekends")
    deliveries.volunteer(helper, delivery, "I can paint and dig", "Weekends")
    assert len(deliveries.delivery_volunteers(delivery)) == 1
    assert deliveries.contact_volunteers(lead, delivery, [record.id], "See you Saturday") == 1
    mail = outbox()[-1]
    assert mail["To"] == "helper@example.org" and "See you Saturday" in mail.get_content()
    with pytest.raises(PolicyError, match="Only the project's lead"):
        deliveries.contact_volunteers(helper, delivery, [record.id], "spam")


def test_project_ratings_need_delivery_and_residence(delivery, make_user, make_neighbourhood):
    councillor = make_user("councillor")
    resident = make_user(neighbourhood=delivery.proposal.process.neighbourhood)
    with pytest.raises(PolicyError, match="once they are delivered"):
        ratings.rate_project(resident, delivery, 4, "")
    deliveries.post_update(councillor, delivery, "Go", DeliveryStatus.IN_PROGRESS, 50, 0)
    deliveries.post_update(councillor, delivery, "Done", DeliveryStatus.DELIVERED, 100, 0)
    with pytest.raises(PolicyError, match="verified residents"):
        ratings.rate_project(make_user(neighbourhood=make_neighbourhood()), delivery, 4, "")
    ratings.rate_project(resident, delivery, 4, "Good")
    ratings.rate_project(resident, delivery, 2, "Changed my mind")
    db.session.commit()
    assert [(r.stars, r.comment) for r in db.session.scalars(db.select(ProjectRating))] == [(2, "Changed my mind")]


def test_service_ratings_change_at_most_monthly(make_user):
    councillor, resident = make_user("councillor"), make_user()
    service = ratings.create_service(councillor, "Library", "", "Culture", None)
    ratings.rate_service(resident, service, 3, "")
    db.session.commit()
    with pytest.raises(PolicyError, match="you can change your rating from"):
        ratings.rate_service(resident, service, 5, "")
    rating = db.session.scalar(db.select(ServiceRating))
    rating.updated_at = utcnow() - timedelta(days=31)
    ratings.rate_service(resident, service, 5, "")
    assert rating.stars == 5


def test_league_table_does_not_rank_a_single_rating_above_many_good_ones(make_user):
    councillor = make_user("councillor")
    lone = ratings.create_service(councillor, "Lone", "", "Other", None)
    loved = ratings.create_service(councillor, "Loved", "", "Other", None)
    ratings.rate_service(make_user(), lone, 5, "")
    for stars in (5, 4, 5, 4, 5, 4, 5, 4, 5, 4):
        ratings.rate_service(make_user(), loved, stars, "")
    db.session.commit()
    rows, overall = ratings.league_table()
    assert [r.name for r in rows] == ["Loved", "Lone"]
    assert rows[1].mean == 5.0 and rows[1].count == 1 and rows[0].count == 10
    assert rows[0].trend[-1] == pytest.approx(4.5)


def test_a_service_page_shows_its_own_line_of_the_league_table(client, make_user):
    councillor = make_user("councillor")
    library = ratings.create_service(councillor, "Library", "", "Culture", None)
    other = ratings.create_service(councillor, "Pool", "", "Sport", None)
    for stars in (4, 2):
        ratings.rate_service(make_user(), library, stars, "")
    ratings.rate_service(make_user(), other, 5, "")
    db.session.commit()
    row = ratings.service_row(library)
    league = next(r for r in ratings.league_table()[0] if r.item.id == library.id)
    assert (row.count, row.mean, row.score, row.trend) == (league.count, league.mean, league.score, league.trend)
    page = client.get(f"/services/{library.id}").get_data(as_text=True)
    assert "Average 3.0 stars from 2 ratings." in page
