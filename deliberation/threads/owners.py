"""Which kinds of thing own threads, so thread code never imports debates or proposals."""
from __future__ import annotations

from typing import Callable, NamedTuple

from models import Thread


class ThreadSubject(NamedTuple):
    """What a thread needs to know about its owner."""

    title: str
    url: str
    neighbourhood_id: int
    is_open: bool
    closed_reason: str = ""
    staff_only: bool = False  # e.g. a draft proposal: only its neighbourhood's staff see it


Describe = Callable[[int], "ThreadSubject | None"]
_OWNERS: dict[str, Describe] = {}
SUBJECT_TYPES = ("debate", "proposal")


def register(subject_type: str, describe: Describe) -> None:
    """An owner says how to describe its subjects; later registrations replace earlier ones."""
    if subject_type not in SUBJECT_TYPES:
        raise ValueError(f"Unknown thread subject type {subject_type!r}")
    _OWNERS[subject_type] = describe


def describe(thread: Thread) -> ThreadSubject | None:
    """The owner's description, or None when the owner or the subject is gone."""
    owner = _OWNERS.get(thread.subject_type)
    return owner(thread.subject_id) if owner is not None else None
