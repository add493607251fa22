"""The same code on PostgreSQL: migrations build the schema, and races never double a ballot."""
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from app import create_app
from models import Ballot, Participation, Proposal, User, db
from tests.budgeting_factories import project_ids
from tests.conftest import PASSWORD
from tests.scale.races import logged_in_client, run_all

pytestmark = pytest.mark.postgres


@pytest.fixture
def app_config(pg_app_config):
    # The race is the subject here, not CSRF tokens or per-address rate limits.
    return pg_app_config | {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}


def test_migrations_build_the_models_schema_on_postgresql(pg_app_config):
    app = create_app(pg_app_config)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        db.session.remove()
        db.engine.dispose()
    assert diff == []


def test_fifty_clients_casting_and_changing_ballots_at_once(app, make_user, make_process):
    process = make_process(costs=(100, 100, 100, 100), budget=1000)
    ids = project_ids(process)
    vote_url = f"/processes/{process.id}/vote"
    people = [make_user(neighbourhood=process.neighbourhood) for _ in range(20)]
    voters = [(p.id, p.email) for p in people]
    barrier = threading.Barrier(50)
    acknowledged, errors = {}, []

    def sequential(voter, plan):
        """One person changing their mind several times, in order."""
        client = logged_in_client(app, voter[1])
        barrier.wait()
        for choice in plan:
            response = client.post(vote_url, data={"choice": [str(choice)]})
            if response.status_code != 302:
                errors.append(response.status_code)
            else:
                acknowledged[voter[0]] = choice

    def duplicate(voter, choice):
        """The same person submitting from two devices at the same moment."""
        client = logged_in_client(app, voter[1])
        barrier.wait()
        if client.post(vote_url, data={"choice": [str(choice)]}).status_code != 302:
            errors.append("duplicate refused")

    threads = [threading.Thread(target=sequential, args=(v, [ids[i % 4], ids[(i + 1) % 4], ids[(i + 2) % 4]]))
               for i, v in enumerate(voters)]
    doubles = voters[:15]
    threads += [threading.Thread(target=duplicate, args=(v, ids[3])) for v in doubles]
    threads += [threading.Thread(target=duplicate, args=(v, ids[3])) for v in doubles]
    run_all(threads)
    assert errors == []
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Ballot.id))) == len(voters)
    assert db.session.scalar(db.select(db.func.count(Participation.id))) == len(voters)
    from deliberation.budgeting.voting import own_ballot
    for person in people[15:]:  # only their own sequence wrote: the last acknowledged choice stands
        assert [c.proposal_id for c in own_ballot(person, process).choices] == [acknowledged[person.id]]


def test_double_submitted_proposal_form_gives_one_proposal(app, make_user, make_process):
    process = make_process(phase="proposals", costs=[])
    url = f"/processes/{process.id}/proposals/new"
    email = make_user(neighbourhood=process.neighbourhood).email
    barrier = threading.Barrier(8)
    form = {"title": "Bike racks", "description": "By the shops", "estimated_cost": "900",
            "category": "Other", "submission_key": "one-form-sent-eight-times"}
    statuses = []

    def submit():
        client = logged_in_client(app, email)
        barrier.wait()
        statuses.append(client.post(url, data=form).status_code)

    run_all([threading.Thread(target=submit) for _ in range(8)])
    assert statuses == [302] * 8
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 1


def test_simultaneous_registrations_with_one_email_give_one_account(app, make_neighbourhood):
    area_id = str(make_neighbourhood().id)
    barrier = threading.Barrier(6)
    statuses = []

    def register():
        client = app.test_client()
        barrier.wait()
        statuses.append(client.post("/register", data={
            "display_name": "Twin", "email": "twin@example.org", "password": PASSWORD,
            "confirm": PASSWORD, "neighbourhood": area_id}).status_code)

    run_all([threading.Thread(target=register) for _ in range(6)])
    assert sorted(statuses).count(302) == 1 and set(statuses) <= {302, 400}
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1
