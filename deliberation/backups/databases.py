"""Dumping, checking and loading each database kind: SQLite through its backup API, PostgreSQL
through pg_dump, pg_restore and psql. No Flask here; each takes the SQLAlchemy URL."""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from deliberation.backups.archive import DATABASE_MEMBERS, BackupError

LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
LOCK_TIMEOUT_MS = 60_000


def for_url(url: str) -> SQLiteDatabase | PostgresDatabase:
    """The database behind the app's SQLAlchemy URL."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return SQLiteDatabase(parsed)
    if backend == "postgresql":
        return PostgresDatabase(parsed)
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {backend}.")


def _one_revision(rows: list[str]) -> str | None:
    if len(rows) > 1:
        raise BackupError(f"The database names several schema revisions ({', '.join(rows)}).")
    return rows[0] if rows else None


class SQLiteDatabase:
    """A SQLite file, copied page by page from one consistent snapshot while others write."""

    kind = "sqlite"
    member = DATABASE_MEMBERS["sqlite"]

    def __init__(self, url: URL):
        if not url.database or url.database == ":memory:":
            raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
        self.path = Path(url.database)

    def describe(self) -> str:
        return f"the SQLite database {self.path}"

    def dump(self, dest: Path) -> None:
        """Copy the live database in one step: one read snapshot, so writers carry on (WAL)."""
        if not self.path.is_file():
            raise BackupError(f"There is no database at {self.path}.")
        try:
            with closing(sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_MS / 1000)) as live, \
                    closing(sqlite3.connect(dest)) as copy:
                live.backup(copy)  # pages=-1: the whole database from one snapshot
                copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        except sqlite3.Error as error:
            raise BackupError(f"Could not copy {self.path} ({error}).") from error

    def check_dump(self, dump: Path) -> None:
        """SQLite's own check of every page and index of the copy."""
        try:
            with closing(sqlite3.connect(dump)) as copy:
                result = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as error:
            raise BackupError(f"The database in the backup cannot be read ({error}).") from error
        if result != ["ok"]:
            raise BackupError(f"The database in the backup is damaged: {'; '.join(result[:3])}.")

    def revision_of(self, dump: Path) -> str | None:
        """The alembic revision recorded inside the dump itself."""
        try:
            with closing(sqlite3.connect(dump)) as copy:
                rows = [r[0] for r in copy.execute("SELECT version_num FROM alembic_version")]
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return None
            raise BackupError(f"The database in the backup cannot be read ({error}).") from error
        except sqlite3.DatabaseError as error:
            raise BackupError(f"The database in the backup cannot be read ({error}).") from error
        return _one_revision(rows)

    def load(self, dump: Path, work: Path) -> None:
        """Copy the checked dump over the live database in one transaction: all or nothing."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with closing(sqlite3.connect(dump)) as source, \
                    closing(sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_MS / 1000)) as live:
                source.backup(live)
        except sqlite3.Error as error:
            raise BackupError(f"Could not write {self.path} ({error}); SQLite left it as it was. "
                              "Stop the app and try again.") from error


def _pg_bin() -> Path | None:
    """The newest of /usr/lib/postgresql/*/bin, where Debian keeps each version's tools."""
    def version(folder: Path) -> tuple:
        return tuple(int(n) for n in re.findall(r"\d+", folder.parent.name)) or (0,)
    folders = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "pg_dump").is_file()]
    return max(folders, key=version) if folders else None


def _tool(name: str) -> str:
    """A PostgreSQL client program: the newest Debian version, else the one on PATH."""
    folder = _pg_bin()
    found = str(folder / name) if folder else shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found; install PostgreSQL's client tools "
                          "(Debian: apt-get install postgresql-client).")
    return found


class PostgresDatabase:
    """A PostgreSQL database, reached with the app's own credentials passed in PG* variables."""

    kind = "postgresql"
    member = DATABASE_MEMBERS["postgresql"]
    QUERY_ENV = {"host": "PGHOST", "port": "PGPORT", "sslmode": "PGSSLMODE",
                 "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
                 "connect_timeout": "PGCONNECT_TIMEOUT", "options": "PGOPTIONS"}

    def __init__(self, url: URL):
        self.url = url
        given = {"PGHOST": url.host, "PGPORT": url.port, "PGUSER": url.username,
                 "PGPASSWORD": url.password, "PGDATABASE": url.database}
        for key, variable in self.QUERY_ENV.items():
            value = url.query.get(key)  # a tuple when the key is repeated
            if value is not None:
                given[variable] = value if isinstance(value, str) else value[-1]
        self.env = os.environ | {k: str(v) for k, v in given.items() if v is not None}

    def describe(self) -> str:
        where = f"{self.url.host or 'localhost'}:{self.url.port or 5432}"
        return f"the PostgreSQL database {self.url.database} on {where}"

    def _run(self, what: str, args: list[str]) -> str:
        """Run a client program; on failure say what failed, with its message but no password."""
        result = subprocess.run(args, env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            message = result.stderr.strip() or result.stdout.strip() or f"exit {result.returncode}"
            if self.url.password:
                message = message.replace(str(self.url.password), "***")
            raise BackupError(f"{what} failed: {message[-1500:]}")
        return result.stdout

    def dump(self, dest: Path) -> None:
        """pg_dump runs in one snapshot, so what it writes is consistent while the app writes."""
        self._run("pg_dump", [_tool("pg_dump"), "--format=custom", "--no-password",
                              f"--file={dest}"])

    def check_dump(self, dump: Path) -> None:
        """pg_restore reads the dump's table of contents without connecting anywhere."""
        try:
            self._run("Reading the database dump (pg_restore --list)",
                      [_tool("pg_restore"), "--list", str(dump)])
        except BackupError as error:
            raise BackupError(f"The database in the backup cannot be read. {error}") from error

    def revision_of(self, dump: Path) -> str | None:
        """The alembic revision stored in the dump's own alembic_version table."""
        script = self._run("Reading the schema revision (pg_restore)", [
            _tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(dump)])
        rows, inside = [], False
        for line in script.splitlines():
            if line.startswith("COPY ") and "alembic_version" in line:
                inside = True
            elif inside and line == "\\.":
                break
            elif inside and line.strip():
                rows.append(line.strip())
        return _one_revision(rows)

    def load(self, dump: Path, work: Path) -> None:
        """Empty the schema and load the dump in ONE transaction: on any error, nothing changed."""
        script, prelude = work / "restore.sql", work / "prelude.sql"
        self._run("pg_restore", [_tool("pg_restore"), "--no-owner", f"--file={script}", str(dump)])
        prelude.write_text("SET client_min_messages = warning;\n"
                           f"SET lock_timeout = {LOCK_TIMEOUT_MS};\n"
                           "DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n")
        try:
            self._run("Loading the backup (psql)", [
                _tool("psql"), "-X", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1",
                "--single-transaction", "--output=/dev/null", f"--file={prelude}",
                f"--file={script}"])
        except BackupError as error:
            raise BackupError(f"{error} The transaction was rolled back, so the database is as "
                              "it was.") from error
