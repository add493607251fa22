"""A vote storm: residents voting and commenting in threads until stopped, through the real
services (in process) or a real server (over HTTP), noting everything they were told was saved."""
from __future__ import annotations

import threading
import time

from flask import Flask
from sqlalchemy.exc import IntegrityError, OperationalError

from deliberation.budgeting.voting import cast_ballot
from deliberation.debates.services import debate_thread
from deliberation.threads.services import post_comment
from models import Debate, Process, User, db
from tests.conftest import PASSWORD
from tests.scale.resident import Resident

ATTEMPTS = 30  # SQLite answers "database is locked" to a writer that lost a race; try again
REQUEST_TIMEOUT = 60


def choice_for(n: int, project_ids: list[int]) -> list[int]:
    return sorted({project_ids[n % len(project_ids)], project_ids[(n + 1) % len(project_ids)]})


class Storm:
    """Workers that each vote for their share of the voters, commenting after each vote, then
    keep commenting until stopped. Acknowledged means the commit (or the receipt page) returned."""

    def __init__(self, app: Flask, process_id: int, project_ids: list[int], debate_id: int,
                 voter_ids: list[int], workers: int = 4, server_url: str | None = None,
                 emails: dict[int, str] | None = None):
        self.app, self.process_id, self.project_ids = app, process_id, project_ids
        self.debate_id, self.voter_ids, self.workers = debate_id, voter_ids, workers
        self.server_url, self.emails = server_url, emails or {}
        self.lock, self.stopping = threading.Lock(), threading.Event()
        self.ballots: dict[str, list[int]] = {}   # receipt code -> choices
        self.comments: dict[int, str] = {}        # comment id -> body
        self.failures: list[str] = []
        self.threads = [threading.Thread(target=self._work, args=(i,), daemon=True)
                        for i in range(workers)]

    @property
    def acknowledged(self) -> int:
        with self.lock:
            return len(self.ballots) + len(self.comments)

    def copy(self) -> tuple[dict[str, list[int]], dict[int, str]]:
        with self.lock:
            return dict(self.ballots), dict(self.comments)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def wait_for(self, acknowledged: int, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while self.acknowledged < acknowledged and not self.failures:
            assert time.monotonic() < deadline, \
                f"{what}: only {self.acknowledged} acknowledged in {timeout} s"
            time.sleep(0.02)
        assert not self.failures, self.failures[:3]

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=REQUEST_TIMEOUT * 3)
        assert not [t for t in self.threads if t.is_alive()], "every worker stops when asked"

    def _work(self, worker: int) -> None:
        try:
            with self.app.test_request_context():
                mine = self.voter_ids[worker::self.workers]
                for n, voter_id in enumerate(mine):
                    if self.stopping.is_set():
                        return
                    self._vote(voter_id, worker + n * self.workers)
                    self._comment(voter_id)
                while mine and not self.stopping.is_set():
                    self._comment(mine[-1])
        except Exception as error:  # noqa: BLE001 - reported by wait_for and the test
            self.failures.append(repr(error))

    def _commit(self, action):
        for attempt in range(ATTEMPTS):
            try:
                value = action()
                db.session.commit()
                return value
            except (OperationalError, IntegrityError):
                db.session.rollback()
                if attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _vote(self, voter_id: int, n: int) -> None:
        choices = choice_for(n, self.project_ids)
        if self.server_url:
            client = Resident(self.server_url, timeout=REQUEST_TIMEOUT)
            client.log_in(self.emails[voter_id], PASSWORD)
            code = client.vote(self.process_id, choices)
            assert code, "the vote page showed no receipt"
        else:
            code = self._commit(lambda: cast_ballot(db.session.get(User, voter_id),
                                                    db.session.get(Process, self.process_id),
                                                    choices).receipt_code)
        with self.lock:
            self.ballots[code] = choices

    def _comment(self, author_id: int) -> None:
        body = f"Comment {time.monotonic_ns()} from resident {author_id}"
        comment_id = self._commit(lambda: post_comment(
            db.session.get(User, author_id),
            debate_thread(db.session.get(Debate, self.debate_id)), body).id)
        with self.lock:
            self.comments[comment_id] = body
