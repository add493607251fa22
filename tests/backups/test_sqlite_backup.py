"""On SQLite: a backup taken while residents vote restores everything they were told was saved,
and a damaged, foreign or newer backup is refused with the live site untouched."""
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from deliberation.backups import archive, services
from deliberation.budgeting.images import store_image
from deliberation.budgeting.voting import cast_ballot
from models import Comment, Proposal, db
from tests.backups.helpers import (HEAD, another_site, assert_consistent, ballot_choices, cli,
                                   committed_ids, flip_bytes, repack, rewrite, snapshot,
                                   truncate)
from tests.backups.storm import Storm
from tests.budgeting_factories import project_ids
from tests.conftest import PASSWORD

STORM_TIMEOUT = 180
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


@pytest.fixture
def voting(app, make_user, make_process, make_debate):
    """A process open for voting, a debate beside it, and sixty verified residents."""
    process = make_process(costs=(100, 100, 100, 100), budget=1000)
    debate = make_debate(neighbourhood=process.neighbourhood)
    voters = [make_user(neighbourhood=process.neighbourhood) for _ in range(60)]
    return process, debate, voters


def test_backup_during_a_vote_storm_restores_all_acknowledged_before_it(app, voting, tmp_path):
    process, debate, voters = voting
    ids, backup = project_ids(process), tmp_path / "agora-nightly.tar.gz"
    storm = Storm(app, process.id, ids, debate.id, [v.id for v in voters])
    storm.start()
    try:
        storm.wait_for(20, STORM_TIMEOUT, "votes before the backup")
        ballots_before, comments_before = storm.copy()
        committed = committed_ids(app)
        result = cli(app, "backup", str(backup))
        storm.wait_for(storm.acknowledged + 5, STORM_TIMEOUT, "the storm goes on after the backup")
    finally:
        storm.stop()
    assert result.exit_code == 0, result.output
    assert f"Backed up the SQLite database (schema {HEAD})" in result.output
    assert len(ballots_before) >= 5 and storm.failures == []
    assert len(storm.ballots) > len(ballots_before), "residents were still voting"

    with another_site(tmp_path / "fresh") as fresh:
        result = cli(fresh, "restore", "--yes", str(backup))
        assert result.exit_code == 0, result.output
        with fresh.app_context():
            restored = ballot_choices()
            for code, choices in ballots_before.items():
                assert restored.get(code) == choices, f"ballot {code} came back as acknowledged"
            bodies = dict(db.session.execute(select(Comment.id, Comment.body)).all())
            assert {i: bodies.get(i) for i in comments_before} == comments_before
            assert committed_ids(fresh)["audit"] >= committed["audit"]
            assert set(restored) >= committed["ballots"]
            assert_consistent(choices_per_ballot=2)
        assert snapshot(fresh)["alembic_version"] == [(HEAD,)]


def test_uploads_round_trip(app, make_user, make_process, tmp_path):
    process = make_process(phase="proposals")
    name = store_image(PNG)
    proposal = db.session.scalar(select(Proposal).where(Proposal.process_id == process.id))
    proposal.image_name = name
    db.session.commit()
    assert cli(app, "backup", str(tmp_path / "b.tar.gz")).exit_code == 0

    with another_site(tmp_path / "fresh") as fresh:
        result = cli(fresh, "restore", "--yes", str(tmp_path / "b.tar.gz"))
        assert result.exit_code == 0, result.output
        assert (Path(fresh.config["UPLOAD_FOLDER"]) / name).read_bytes() == PNG
        with fresh.app_context():
            assert db.session.get(Proposal, proposal.id).image_name == name
            # the restored site serves the photo from its own upload folder
            response = fresh.test_client().get(f"/uploads/{name}")
            assert (response.status_code, response.get_data()) == (200, PNG)
            response.close()


@pytest.fixture
def backed_up_then_changed(app, voting, tmp_path):
    """A good backup, then more votes after it: restoring it would lose them, so a refused
    restore must leave them in place."""
    process, _, voters = voting
    ids = project_ids(process)
    cast_ballot(voters[0], process, ids[:2])
    db.session.commit()
    backup = tmp_path / "good.tar.gz"
    assert cli(app, "backup", str(backup)).exit_code == 0
    for voter in voters[1:4]:
        cast_ballot(voter, process, ids[1:3])
    db.session.commit()
    return backup


def flip_one_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:]


def damage(kind: str, good: Path, bad: Path) -> None:
    """The ways a backup goes bad: on disk, in transit, or by being something else."""
    if kind in ("flipped", "truncated"):
        bad.write_bytes(good.read_bytes())
        (flip_bytes if kind == "flipped" else truncate)(bad)
    elif kind == "member altered, gzip intact":
        rewrite(good, bad, {archive.DATABASE_MEMBERS["sqlite"]: flip_one_byte})
    elif kind == "no manifest":
        rewrite(good, bad, {archive.MANIFEST: None})
    else:
        bad.write_bytes(b"just some text, not a backup\n" * 100)


@pytest.mark.parametrize("kind, message", [
    ("flipped", "is damaged or incomplete"),
    ("truncated", "is damaged or incomplete"),
    ("member altered, gzip intact", "does not match its checksum"),
    ("no manifest", "has no manifest"),
    ("not a backup", "is damaged or incomplete"),
])
def test_a_damaged_backup_is_refused_and_the_live_database_untouched(
        app, backed_up_then_changed, tmp_path, kind, message):
    bad = tmp_path / "bad.tar.gz"
    damage(kind, backed_up_then_changed, bad)
    before = snapshot(app)
    result = cli(app, "restore", "--yes", str(bad))
    assert result.exit_code == 1
    assert message in result.output and "Nothing was changed." in result.output
    assert snapshot(app) == before
    assert len(before["ballots"]) == 4


def test_a_backup_from_a_newer_schema_is_refused(app, backed_up_then_changed, tmp_path):
    def future(name, path):
        if name == archive.DATABASE_MEMBERS["sqlite"]:
            with closing(sqlite3.connect(path)) as copy:
                copy.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
                copy.commit()
    newer = tmp_path / "newer.tar.gz"
    repack(backed_up_then_changed, newer, edit=future, revision="0099_from_the_future")
    before = snapshot(app)
    result = cli(app, "restore", "--yes", str(newer))
    assert result.exit_code == 1
    assert "schema revision 0099_from_the_future, which this version of Agora does not know" \
        in result.output
    assert snapshot(app) == before


def test_a_backup_of_the_other_database_kind_is_refused(app, backed_up_then_changed, tmp_path):
    other = tmp_path / "pg.tar.gz"
    repack(backed_up_then_changed, other, database="postgresql")
    before = snapshot(app)
    result = cli(app, "restore", "--yes", str(other))
    assert result.exit_code == 1
    assert "is a backup of a PostgreSQL database, but this site runs on SQLite" in result.output
    assert snapshot(app) == before


def test_answering_no_changes_nothing_and_yes_restores(app, backed_up_then_changed):
    before = snapshot(app)
    result = cli(app, "restore", str(backed_up_then_changed), input="n\n")
    assert result.exit_code == 1
    assert "Everything written since the backup was made will be lost [y/N]" in result.output
    assert "Restore cancelled; nothing was changed." in result.output
    assert snapshot(app) == before

    result = cli(app, "restore", str(backed_up_then_changed), input="y\n")
    assert result.exit_code == 0, result.output
    assert len(snapshot(app)["ballots"]) == 1  # back to the backup: the later three are gone


def test_a_failed_backup_leaves_the_previous_file_whole(app, make_process, tmp_path, monkeypatch):
    make_process()
    store_image(PNG)
    target = tmp_path / "nightly.tar.gz"
    assert cli(app, "backup", str(target)).exit_code == 0
    good = target.read_bytes()

    def disk_full(self, name, data):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(archive.ArchiveWriter, "add_bytes", disk_full)
    result = cli(app, "backup", str(target))
    assert result.exit_code == 1
    assert "No space left on device" in result.output and "No backup was written." in result.output
    assert target.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_backup_wants_a_file_name_not_a_folder(app, tmp_path):
    result = cli(app, "backup", str(tmp_path))
    assert result.exit_code == 2 and "is a directory" in result.output
    with pytest.raises(services.BackupError, match="is a folder; give the backup's file name"):
        services.create_backup(tmp_path)


def test_a_restored_resident_can_log_in(app, make_user, tmp_path):
    person = make_user(email="kept@example.org")
    assert cli(app, "backup", str(tmp_path / "b.tar.gz")).exit_code == 0
    with another_site(tmp_path / "fresh") as fresh:
        assert cli(fresh, "restore", "--yes", str(tmp_path / "b.tar.gz")).exit_code == 0
        fresh.config["WTF_CSRF_ENABLED"] = False
        response = fresh.test_client().post("/login", data={"email": person.email,
                                                            "password": PASSWORD})
        assert response.status_code == 302
