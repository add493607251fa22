"""Backup verbs: write a backup of the live site, check one, and restore one over the live site.

They need an app context (for the settings and the migrations), never a request.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import flask_migrate
from alembic.script import ScriptDirectory
from flask import current_app

from deliberation.backups import archive, databases
from deliberation.backups.archive import UPLOADS, BackupError, Manifest
from deliberation.backups.databases import LABELS
from models import db


@dataclass
class BackupSummary:
    """What a finished backup holds, for the operator."""

    path: Path
    manifest: Manifest

    @property
    def uploads(self) -> int:
        return sum(1 for name in self.manifest.members if name.startswith(UPLOADS + "/"))

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass
class VerifiedBackup:
    """A backup checked whole and unpacked: its dump and uploads are safe to load."""

    manifest: Manifest
    dump: Path
    uploads: dict[str, Path]


def live_database() -> databases.SQLiteDatabase | databases.PostgresDatabase:
    return databases.for_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def known_revisions() -> set[str]:
    """Every schema revision this code's migrations know, head included."""
    config = current_app.extensions["migrate"].migrate.get_config()
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def _upload_files(folder: Path) -> Iterator[tuple[str, Path]]:
    """Regular files under the upload folder, as archive names (never following links)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        name = f"{UPLOADS}/{path.relative_to(folder).as_posix()}"
        if (path.is_file() and not path.is_symlink() and not path.name.startswith(".")
                and archive.safe_member_name(name)):  # what restore would refuse is left out
            yield name, path


def create_backup(target: Path) -> BackupSummary:
    """Write the database and the uploads to ``target``, safely while the site serves."""
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the backup's file name, "
                          f"e.g. {target / 'agora-backup.tar.gz'}.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    try:
        return _write_backup(target, live_database())
    except OSError as error:
        raise BackupError(f"Could not write {target} ({error}).") from error


def _write_backup(target: Path, database) -> BackupSummary:
    """Dump the database beside the target, then pack it with the uploads."""
    with tempfile.TemporaryDirectory(prefix=".agora-backup-", dir=target.parent) as work:
        dump = Path(work) / database.member
        # The database first, then the photos: a photo is saved before the row naming it is
        # committed, so every photo the dump refers to is complete on disk by now.
        database.dump(dump)
        revision = database.revision_of(dump)
        with archive.writing(target) as out:
            out.add_file(database.member, dump)
            for name, path in _upload_files(Path(current_app.config["UPLOAD_FOLDER"])):
                try:
                    data = path.read_bytes()  # whole, so its checksum and its bytes agree
                except FileNotFoundError:
                    continue  # removed meanwhile
                out.add_bytes(name, data)
            manifest = out.add_manifest(database.kind, revision)
    return BackupSummary(target, manifest)


def _check_revision(revision: str | None) -> None:
    """Refuse a schema these migrations do not know: it came from a newer Agora."""
    if revision is not None and revision not in known_revisions():
        raise BackupError(f"The backup's database is at schema revision {revision}, which this "
                          "version of Agora does not know: it was made by a newer version. "
                          "Upgrade Agora first, then restore.")


def verify_backup(path: Path, work: Path) -> VerifiedBackup:
    """Check a backup end to end, unpacked into ``work``, without touching the live site."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    database = live_database()
    manifest, files = archive.unpack(path, work)
    if manifest.database != database.kind:
        theirs, ours = LABELS.get(manifest.database, manifest.database), LABELS[database.kind]
        raise BackupError(f"{path} is a backup of a {theirs} database, but this site runs on "
                          f"{ours}. Restore it on a site that uses {theirs}.")
    _check_revision(manifest.schema_revision)
    dump = files.pop(database.member, None)
    if dump is None:
        raise BackupError(f"{path} holds no {LABELS[database.kind]} database dump.")
    database.check_dump(dump)
    in_dump = database.revision_of(dump)
    if in_dump != manifest.schema_revision:
        raise BackupError(f"The manifest says schema revision {manifest.schema_revision}, but the "
                          f"database in the backup is at {in_dump}: the backup is inconsistent.")
    uploads = {PurePosixPath(name).relative_to(UPLOADS).as_posix(): source
               for name, source in files.items()}
    return VerifiedBackup(manifest, dump, uploads)


def _restore_uploads(uploads: dict[str, Path], folder: Path) -> None:
    """Put each photo back (each file whole, by rename); photos added since are left alone."""
    for name, source in uploads.items():
        dest = folder / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        partial = dest.with_name(f".{dest.name}.restoring")
        shutil.copyfile(source, partial)
        os.replace(partial, dest)


def restore_backup(path: Path, confirm: Callable[[Manifest], bool] = lambda manifest: True
                   ) -> Manifest | None:
    """Replace the live database with a checked backup, add its uploads and migrate to head.

    Nothing is touched until the whole file has been checked and ``confirm`` said yes;
    returns None when it said no.
    """
    database = live_database()
    with tempfile.TemporaryDirectory(prefix="agora-restore-") as work:
        try:
            backup = verify_backup(path, Path(work))
        except OSError as error:
            raise BackupError(f"Could not read {path} ({error}). Nothing was changed.") from error
        except BackupError as error:
            raise BackupError(f"{error} Nothing was changed.") from error
        if not confirm(backup.manifest):
            return None
        # Photos first: extra files harm nothing if loading the database then fails.
        folder = Path(current_app.config["UPLOAD_FOLDER"])
        try:
            _restore_uploads(backup.uploads, folder)
        except OSError as error:
            raise BackupError(f"Could not put the uploaded files back in {folder} ({error}). "
                              "The database was not changed.") from error
        db.session.remove()
        db.engine.dispose()  # no pooled connection holds the old database open
        database.load(backup.dump, Path(work))
        db.engine.dispose()
    if backup.manifest.schema_revision is not None:
        flask_migrate.upgrade()
    return backup.manifest
