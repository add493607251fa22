"""A server killed with SIGKILL mid-vote loses no ballot whose receipt was shown, and keeps no half ballot."""
import threading
import time

import pytest

from models import Ballot, BallotChoice, Participation, db
from tests.budgeting_factories import project_ids
from tests.conftest import PASSWORD
from tests.scale.resident import Resident
from tests.scale.servers import free_port as _free_port, kill_server, start_server as _start, stop_server

pytestmark = pytest.mark.postgres

# Generous, for a busy 2-core machine: thirty residents log in and vote through one process
# that takes page requests one at a time. Alone, the receipts arrive within about two seconds.
REQUEST_TIMEOUT = 60
RECEIPTS_DEADLINE = 180


@pytest.fixture
def app_config(pg_app_config):
    return pg_app_config


def test_sigkill_while_voting_keeps_every_shown_receipt(app, app_config, make_user, make_process, tmp_path):
    process = make_process(costs=(100, 100, 100, 100), budget=1000)
    ids, process_id = project_ids(process), process.id
    people = [(p.email, p.id) for p in (make_user(neighbourhood=process.neighbourhood) for _ in range(30))]
    db.session.commit()
    port = _free_port()
    server = _start(app_config["SQLALCHEMY_DATABASE_URI"], port, tmp_path)
    shown: dict[str, list[int]] = {}
    stop = threading.Event()
    failures: list[str] = []

    def voter(email: str, n: int) -> None:
        client = Resident(f"http://127.0.0.1:{port}", timeout=REQUEST_TIMEOUT)
        try:
            client.log_in(email, PASSWORD)
            while not stop.is_set():
                choice = [ids[n % 4], ids[(n + 1) % 4]]
                code = client.vote(process_id, choice)
                if code:
                    shown[code] = choice
                n += 1
        except Exception as error:  # noqa: BLE001 - the server dies under them; that is the point
            failures.append(repr(error))

    threads = [threading.Thread(target=voter, args=(email, i)) for i, (email, _) in enumerate(people)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + RECEIPTS_DEADLINE
    while len(shown) < 20 and time.monotonic() < deadline and not failures:
        time.sleep(0.05)
    kill_server(server)  # master and worker at once, mid-vote
    stop.set()
    for t in threads:
        t.join(timeout=REQUEST_TIMEOUT + 30)
    assert len(shown) >= 20, f"voters should have got receipts before the crash: {failures[:3]}"
    assert not [t for t in threads if t.is_alive()], "every voter stops once the server is gone"

    server = _start(app_config["SQLALCHEMY_DATABASE_URI"], port, tmp_path)
    try:
        client = Resident(f"http://127.0.0.1:{port}")
        client.log_in(people[0][0], PASSWORD)
        assert client.get(f"/processes/{process_id}")[0] == 200
    finally:
        stop_server(server)

    db.session.expire_all()
    stored = {b.receipt_code: b for b in db.session.scalars(db.select(Ballot))}
    assert set(shown) <= set(stored)
    assert db.session.scalar(db.select(db.func.count(Participation.id))) == len(stored)
    empty = db.session.scalar(db.select(db.func.count(Ballot.id)).where(
        ~db.exists().where(BallotChoice.ballot_id == Ballot.id)))
    assert empty == 0, "no ballot may be left without its choices"
    for ballot in stored.values():
        assert len(ballot.choices) == 2
