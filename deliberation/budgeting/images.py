"""Proposal photos: checked by content, not by name, and stored under a random name."""
from __future__ import annotations

import re
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from deliberation.errors import PolicyError

MAX_BYTES = 2 * 1024 * 1024
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
NAME = re.compile(r"^[A-Za-z0-9_-]{20,40}\.(png|jpg|webp)$")


def upload_dir() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _kind(data: bytes) -> str | None:
    for signature, ext in SIGNATURES.items():
        if data.startswith(signature):
            return ext
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def store_image(data: bytes) -> str:
    """Save an uploaded photo and return its stored name; refuse anything else."""
    if len(data) > MAX_BYTES:
        raise PolicyError(_("The photo is larger than 2 MB. Please choose a smaller one."), field="image")
    ext = _kind(data)
    if ext is None:
        raise PolicyError(_("The photo must be a PNG, JPEG or WebP image."), field="image")
    name = f"{secrets.token_urlsafe(18)}.{ext}"
    (upload_dir() / name).write_bytes(data)
    return name


def is_stored_name(name: str) -> bool:
    """Only names we generated are ever served."""
    return bool(NAME.match(name))
