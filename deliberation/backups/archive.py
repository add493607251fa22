"""The backup file: a gzipped tar of the database dump, the uploads and a manifest of checksums.

No Flask here: the file format alone, so it can be read and checked anywhere.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import secrets
import tarfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import BinaryIO

FORMAT = "agora-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
UPLOADS = "uploads"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MAX_MANIFEST = 16 * 1024 * 1024
CHUNK = 1024 * 1024
# Anything reading the file can fail in one of these ways when it is damaged or cut short.
DAMAGE = (tarfile.TarError, OSError, EOFError, zlib.error, UnicodeError)


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message tells the operator why."""


@dataclass
class Manifest:
    """What a backup holds, written last into the file and checked first when restoring."""

    database: str
    schema_revision: str | None
    members: dict[str, dict] = field(default_factory=dict)
    created_at: str = ""
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        return json.dumps({"format": FORMAT, "format_version": self.format_version,
                           "database": self.database, "schema_revision": self.schema_revision,
                           "created_at": self.created_at, "members": self.members},
                          indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Read a manifest, refusing one that is not ours or is from a newer format."""
        try:
            raw = json.loads(data.decode())
            if raw.get("format") != FORMAT:
                raise BackupError("The file is not an Agora backup (its manifest is not ours).")
            if raw.get("format_version") != FORMAT_VERSION:
                raise BackupError(f"The backup uses format version {raw.get('format_version')}, "
                                  f"but this version of Agora reads version {FORMAT_VERSION}.")
            members = {str(name): {"sha256": str(m["sha256"]), "size": int(m["size"])}
                       for name, m in raw["members"].items()}
            revision = raw["schema_revision"]
            return cls(database=str(raw["database"]), members=members,
                       schema_revision=None if revision is None else str(revision),
                       created_at=str(raw["created_at"]))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackupError(f"The backup's manifest is damaged ({error}).") from error


class _Hashing:
    """A file reader that hashes what passes through it."""

    def __init__(self, stream: BinaryIO):
        self.stream, self.digest, self.size = stream, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


class ArchiveWriter:
    """Adds members to a backup being written, remembering each one's checksum."""

    def __init__(self, tar: tarfile.TarFile):
        self.tar, self.members, self.manifest = tar, {}, None

    def _info(self, name: str, size: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, int(time.time())
        return info

    def add_file(self, name: str, source: Path) -> None:
        with open(source, "rb") as stream:
            reader = _Hashing(stream)
            self.tar.addfile(self._info(name, os.fstat(stream.fileno()).st_size), reader)
        self.members[name] = {"sha256": reader.digest.hexdigest(), "size": reader.size}

    def add_bytes(self, name: str, data: bytes) -> None:
        reader = _Hashing(io.BytesIO(data))
        self.tar.addfile(self._info(name, len(data)), reader)
        self.members[name] = {"sha256": reader.digest.hexdigest(), "size": len(data)}

    def add_manifest(self, database: str, schema_revision: str | None) -> Manifest:
        """Write the manifest last, once every member's checksum is known."""
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.manifest = Manifest(database, schema_revision, dict(self.members), created)
        self.add_bytes(MANIFEST, self.manifest.to_json())
        return self.manifest


@contextmanager
def writing(target: Path) -> Iterator[ArchiveWriter]:
    """Write beside ``target``, then rename into place: ``target`` is never half a backup."""
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # personal data
    try:
        with os.fdopen(descriptor, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                writer = ArchiveWriter(tar)
                yield writer
                if writer.manifest is None:
                    raise BackupError("The backup was not finished (no manifest was written).")
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
        _sync_folder(target.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _damaged(path: Path, error: BaseException) -> BackupError:
    return BackupError(f"{path} is damaged or incomplete and cannot be restored ({error}).")


def _check_whole_file(path: Path) -> None:
    """Read the file to its end: gzip's length and CRC catch truncation and flipped bytes."""
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(CHUNK):
                pass
    except DAMAGE as error:
        raise _damaged(path, error) from error


def safe_member_name(name: str) -> bool:
    """Only the database dump and files under uploads/, with no way out of their folder."""
    parts = PurePosixPath(name).parts
    if name in DATABASE_MEMBERS.values():
        return True
    return (len(parts) >= 2 and parts[0] == UPLOADS and "/".join(parts) == name  # canonical
            and all(p not in (".", "..") and "\\" not in p for p in parts))


def _copy_out(tar: tarfile.TarFile, member: tarfile.TarInfo, dest: Path) -> str:
    """Copy one member to ``dest`` and return its sha256."""
    digest, source = hashlib.sha256(), tar.extractfile(member)
    with open(dest, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            try:
                out.write(chunk)
            except OSError as error:  # our disk, not the backup: say so, not "damaged"
                raise BackupError(f"Could not unpack the backup into {dest.parent} ({error}); "
                                  "set TMPDIR to a folder with more room.") from error
    return digest.hexdigest()


def unpack(path: Path, into: Path) -> tuple[Manifest, dict[str, Path]]:
    """Check a backup whole and unpack it into ``into``; refuse anything damaged or unexpected."""
    _check_whole_file(path)
    files: dict[str, Path] = {}
    digests: dict[str, str] = {}
    manifest_data = None
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if member.name in files or (member.name == MANIFEST and manifest_data is not None):
                    raise BackupError(f"The backup holds {member.name} twice.")
                if member.name == MANIFEST and member.isreg() and member.size <= MAX_MANIFEST:
                    manifest_data = tar.extractfile(member).read()
                    continue
                if not (member.isreg() and safe_member_name(member.name)):
                    raise BackupError(f"The backup holds an unexpected entry, {member.name!r}.")
                files[member.name] = into / f"member-{len(files)}"  # our names, never the archive's
                digests[member.name] = _copy_out(tar, member, files[member.name])
    except DAMAGE as error:
        raise _damaged(path, error) from error
    if manifest_data is None:
        raise BackupError(f"{path} has no manifest, so it is not a complete Agora backup.")
    manifest = Manifest.from_json(manifest_data)
    _match(manifest, digests)
    return manifest, files


def _match(manifest: Manifest, digests: dict[str, str]) -> None:
    """Every member the manifest lists is there with its checksum, and nothing else is."""
    missing = sorted(set(manifest.members) - set(digests))
    extra = sorted(set(digests) - set(manifest.members))
    if missing:
        raise BackupError(f"The backup lacks {missing[0]}, which its manifest lists.")
    if extra:
        raise BackupError(f"The backup holds {extra[0]}, which its manifest does not list.")
    for name, digest in digests.items():
        if manifest.members[name]["sha256"] != digest:
            raise BackupError(f"{name} in the backup does not match its checksum: it is damaged.")
