"""Backup test helpers: the CLI in and out of process, other sites, damaged files, snapshots."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
from contextlib import contextmanager
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import func, select

from app import create_app
from deliberation.backups import archive
from models import AuditEntry, Ballot, BallotChoice, Comment, Participation, ThreadEvent, db
from tests.conftest import app_settings

ROOT = Path(__file__).resolve().parents[2]
HEAD = ScriptDirectory(str(ROOT / "migrations")).get_current_head()  # the schema this code builds
CLI_TIMEOUT = 300  # a busy 2-core machine; alone, a backup or restore takes about a second


def cli(app: Flask, *args: str, input: str | None = None):
    """Run a flask command of this app in process, as `flask --app app ...` would (in its own
    app context: the command would otherwise run in whichever app's context is current)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args), input=input)


def flask_command(db_url: str, uploads: Path, *args: str, input: str | None = None):
    """Run `flask --app app ...` in its own process, configured through the environment."""
    env = os.environ | {"DATABASE_URL": db_url, "SECRET_KEY": "test-secret-key",
                        "UPLOAD_FOLDER": str(uploads), "AGORA_ENV": "development"}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env,
                          input=input, capture_output=True, text=True, timeout=CLI_TIMEOUT)


@contextmanager
def another_site(folder: Path, db_url: str | None = None):
    """A second Agora with its own (empty) database and upload folder, to restore into."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = app_settings(folder, **({"SQLALCHEMY_DATABASE_URI": db_url} if db_url else {}))
    site = create_app(settings)
    try:
        yield site
    finally:
        with site.app_context():
            db.session.remove()
            db.engine.dispose()


def snapshot(app: Flask) -> dict[str, list[tuple]]:
    """Every row of every table, in key order: equal snapshots mean an untouched database."""
    with app.app_context():
        rows = {"alembic_version": list(db.session.execute(db.text(
            "SELECT version_num FROM alembic_version")))}
        for table in db.metadata.sorted_tables:
            rows[table.name] = [tuple(r) for r in db.session.execute(
                select(table).order_by(*table.primary_key.columns))]
        db.session.rollback()
    return rows


def committed_ids(app: Flask) -> dict[str, set]:
    """Receipt codes, comment ids and audit entry ids committed at this moment."""
    with app.app_context():
        found = {"ballots": set(db.session.scalars(select(Ballot.receipt_code))),
                 "comments": set(db.session.scalars(select(Comment.id))),
                 "audit": set(db.session.scalars(select(AuditEntry.id)))}
        db.session.rollback()
    return found


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def assert_consistent(choices_per_ballot: int) -> None:
    """In the current app's database, every ballot came whole with its participation and audit
    entry, and every comment with its live event: the backup was one snapshot."""
    empty = db.session.scalar(select(func.count(Ballot.id)).where(
        ~select(BallotChoice.id).where(BallotChoice.ballot_id == Ballot.id).exists()))
    assert empty == 0, "no ballot may come back without its choices"
    sizes = set(db.session.scalars(
        select(func.count(BallotChoice.id)).group_by(BallotChoice.ballot_id)))
    assert sizes <= {choices_per_ballot}
    ballots = count(Ballot)
    assert count(Participation) == ballots
    assert count(AuditEntry, AuditEntry.action == "ballot.cast") == ballots
    assert count(ThreadEvent, ThreadEvent.kind == "comment_posted") == count(Comment)


def ballot_choices() -> dict[str, list[int]]:
    """Receipt code -> the ballot's projects, in the current app's database."""
    return {b.receipt_code: sorted(c.proposal_id for c in b.choices)
            for b in db.session.scalars(select(Ballot))}


def flip_bytes(path: Path, at: float = 0.5, length: int = 16) -> None:
    data = bytearray(path.read_bytes())
    start = int(len(data) * at)
    for i in range(start, min(start + length, len(data))):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def truncate(path: Path, keep: float = 0.6) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:int(len(data) * keep)])


def repack(source: Path, dest: Path, *, edit=None, database: str | None = None,
           revision: str | None = "keep") -> None:
    """Write a well-formed backup, new manifest and all, from another one's members:
    ``edit(name, path)`` may alter an unpacked member, and the manifest may name another
    database kind or schema revision."""
    work = dest.parent / f"{dest.name}.work"
    work.mkdir()
    old, files = archive.unpack(source, work)
    with archive.writing(dest) as out:
        for name, path in files.items():
            if edit:
                edit(name, path)
            out.add_file(name, path)
        out.add_manifest(database or old.database,
                         old.schema_revision if revision == "keep" else revision)


def rewrite(source: Path, dest: Path, changes: dict) -> None:
    """Copy a backup member by member, keeping its manifest, with ``changes[name](bytes)``
    applied (None drops the member): what damage on disk would leave, in a valid gzip."""
    members = {}
    with tarfile.open(source, "r:gz") as tar:
        for member in tar:
            members[member.name] = tar.extractfile(member).read()
    for name, change in changes.items():
        members[name] = None if change is None else change(members[name])
    tar_with(dest, {name: data for name, data in members.items() if data is not None})


def tar_with(dest: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> None:
    """A hand-made archive, for entries our own writer would never produce."""
    with tarfile.open(dest, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tar.addfile(info)
