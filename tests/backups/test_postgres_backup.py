"""On PostgreSQL: a backup taken beside a real server while residents vote over HTTP restores,
through `flask --app app restore`, every receipt they were shown; a damaged backup leaves the
site as it was."""
from pathlib import Path

import pytest
from sqlalchemy import select

from deliberation.budgeting.voting import cast_ballot
from models import Comment, db
from tests.backups.helpers import (HEAD, another_site, assert_consistent, ballot_choices, cli,
                                   committed_ids, flask_command, flip_bytes, snapshot, truncate)
from tests.backups.storm import Storm
from tests.budgeting_factories import project_ids
from tests.scale.servers import free_port, start_server, stop_server

pytestmark = pytest.mark.postgres

STORM_TIMEOUT = 240  # thirty logins and votes through one server taking one request at a time


@pytest.fixture
def app_config(pg_app_config):
    return pg_app_config


@pytest.fixture
def voting(app, make_user, make_process, make_debate):
    process = make_process(costs=(100, 100, 100, 100), budget=1000)
    debate = make_debate(neighbourhood=process.neighbourhood)
    voters = [make_user(neighbourhood=process.neighbourhood) for _ in range(30)]
    return process, debate, voters


def test_backup_beside_a_real_server_under_a_vote_storm(app, app_config, voting, another_pg_url,
                                                         tmp_path):
    process, debate, voters = voting
    ids, backup = project_ids(process), tmp_path / "agora-nightly.tar.gz"
    port = free_port()
    server = start_server(app_config["SQLALCHEMY_DATABASE_URI"], port, tmp_path)
    storm = Storm(app, process.id, ids, debate.id, [v.id for v in voters], workers=4,
                  server_url=f"http://127.0.0.1:{port}", emails={v.id: v.email for v in voters})
    try:
        storm.start()
        storm.wait_for(12, STORM_TIMEOUT, "receipts before the backup")
        ballots_before, comments_before = storm.copy()
        committed = committed_ids(app)
        made = cli(app, "backup", str(backup))  # in process, so pg_dump starts mid-storm
        storm.wait_for(storm.acknowledged + 5, STORM_TIMEOUT, "the storm goes on after the backup")
    finally:
        storm.stop()
        stop_server(server)
    assert made.exit_code == 0, made.output
    assert f"Backed up the PostgreSQL database (schema {HEAD})" in made.output
    assert len(storm.ballots) > len(ballots_before), "residents were still voting"
    assert ballots_before, "some receipts were shown before the backup began"

    restored = flask_command(another_pg_url, tmp_path / "restored-uploads",  # as an operator would
                             "restore", "--yes", str(backup))
    assert restored.returncode == 0, restored.stderr
    with another_site(tmp_path / "fresh", another_pg_url) as fresh, fresh.app_context():
        choices = ballot_choices()
        for code, chosen in ballots_before.items():
            assert choices.get(code) == chosen, f"receipt {code} came back with its choices"
        bodies = dict(db.session.execute(select(Comment.id, Comment.body)).all())
        assert {i: bodies.get(i) for i in comments_before} == comments_before
        assert set(choices) >= committed["ballots"]
        assert committed_ids(fresh)["audit"] >= committed["audit"]
        assert_consistent(choices_per_ballot=2)
        db.session.rollback()


@pytest.fixture
def backed_up_then_changed(app, voting, tmp_path):
    process, _, voters = voting
    ids = project_ids(process)
    cast_ballot(voters[0], process, ids[:2])
    db.session.commit()
    backup = tmp_path / "good.tar.gz"
    result = cli(app, "backup", str(backup))
    assert result.exit_code == 0, result.output
    for voter in voters[1:4]:
        cast_ballot(voter, process, ids[1:3])
    db.session.commit()
    db.session.rollback()  # no transaction of ours stays open beside the restore
    return backup


@pytest.mark.parametrize("damage", [flip_bytes, truncate])
def test_a_damaged_backup_is_refused_and_the_live_database_untouched(
        app, backed_up_then_changed, tmp_path, damage):
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(backed_up_then_changed.read_bytes())
    damage(bad)
    before = snapshot(app)
    result = cli(app, "restore", "--yes", str(bad))
    assert result.exit_code == 1
    assert "is damaged or incomplete" in result.output and "Nothing was changed." in result.output
    assert snapshot(app) == before and len(before["ballots"]) == 4


def test_a_good_backup_restores_over_the_live_database(app, backed_up_then_changed):
    result = cli(app, "restore", "--yes", str(backed_up_then_changed))
    assert result.exit_code == 0, result.output
    after = snapshot(app)
    assert len(after["ballots"]) == 1 and after["alembic_version"] == [(HEAD,)]


def test_answering_no_changes_nothing(app, backed_up_then_changed):
    before = snapshot(app)
    result = cli(app, "restore", str(backed_up_then_changed), input="n\n")
    assert result.exit_code == 1 and "nothing was changed" in result.output
    assert snapshot(app) == before


def test_a_postgres_backup_is_refused_by_a_sqlite_site(backed_up_then_changed, tmp_path):
    with another_site(tmp_path / "sqlite-site") as site:
        result = cli(site, "restore", "--yes", str(backed_up_then_changed))
        assert result.exit_code == 1
        assert "is a backup of a PostgreSQL database, but this site runs on SQLite" in result.output
        assert not Path(site.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")).exists()
