"""The backup file refuses entries that could write outside their folder, and the PostgreSQL
tools never echo the password they were given."""
import hashlib
import json

import pytest
from sqlalchemy.engine import make_url

from deliberation.backups import archive
from deliberation.backups.archive import BackupError, safe_member_name
from deliberation.backups.databases import PostgresDatabase
from tests.backups.helpers import tar_with


@pytest.mark.parametrize("name, safe", [
    ("database.sqlite3", True),
    ("database.pgdump", True),
    ("uploads/abc.png", True),
    ("uploads/2026/abc.png", True),
    ("uploads/../../etc/cron.d/evil", False),
    ("/etc/passwd", False),
    ("uploads//abc.png", False),  # only the canonical spelling: "/abc.png" would be absolute
    ("uploads/abc.png/", False),
    ("uploads", False),
    ("uploads/.", False),
    ("elsewhere/abc.png", False),
    ("database.sqlite3/../x", False),
    ("uploads/a\\..\\b.png", False),
])
def test_member_names(name, safe):
    assert safe_member_name(name) is safe


def manifest_for(members: dict[str, bytes]) -> bytes:
    return json.dumps({"format": archive.FORMAT, "format_version": 1, "database": "sqlite",
                       "schema_revision": None, "created_at": "2026-01-01T00:00:00+00:00",
                       "members": {n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                                   for n, d in members.items()}}).encode()


def test_an_entry_escaping_the_uploads_folder_is_refused(tmp_path):
    members = {"uploads/../../evil.sh": b"rm -rf /"}
    tar_with(tmp_path / "evil.tar.gz", {**members, archive.MANIFEST: manifest_for(members)})
    (tmp_path / "out").mkdir()
    with pytest.raises(BackupError, match="unexpected entry, 'uploads/../../evil.sh'"):
        archive.unpack(tmp_path / "evil.tar.gz", tmp_path / "out")
    assert not (tmp_path / "evil.sh").exists()


def test_a_link_is_refused(tmp_path):
    tar_with(tmp_path / "link.tar.gz", {archive.MANIFEST: manifest_for({})},
             links={"uploads/photo.png": "/etc/passwd"})
    (tmp_path / "out").mkdir()
    with pytest.raises(BackupError, match="unexpected entry"):
        archive.unpack(tmp_path / "link.tar.gz", tmp_path / "out")


def test_a_newer_format_is_refused(tmp_path):
    data = json.loads(manifest_for({}))
    data["format_version"] = 2
    tar_with(tmp_path / "v2.tar.gz", {archive.MANIFEST: json.dumps(data).encode()})
    (tmp_path / "out").mkdir()
    with pytest.raises(BackupError, match="format version 2, but this version of Agora reads"):
        archive.unpack(tmp_path / "v2.tar.gz", tmp_path / "out")


def test_a_member_the_manifest_does_not_list_is_refused(tmp_path):
    tar_with(tmp_path / "extra.tar.gz",
             {"uploads/new.png": b"x", archive.MANIFEST: manifest_for({})})
    (tmp_path / "out").mkdir()
    with pytest.raises(BackupError, match="uploads/new.png, which its manifest does not list"):
        archive.unpack(tmp_path / "extra.tar.gz", tmp_path / "out")


def test_the_password_never_reaches_a_message(tmp_path):
    """The password goes to pg_dump in PGPASSWORD; a failure message shows stars instead."""
    url = make_url("postgresql+psycopg://agora:s3cret-pass@127.0.0.1:1/agora?sslmode=disable")
    database = PostgresDatabase(url)
    assert database.env["PGPASSWORD"] == "s3cret-pass" and database.env["PGSSLMODE"] == "disable"
    assert "s3cret" not in database.describe()
    with pytest.raises(BackupError) as refused:
        database._run("pg_dump", ["sh", "-c", "echo 'no login with s3cret-pass' >&2; exit 1"])
    assert "s3cret-pass" not in str(refused.value) and "***" in str(refused.value)
