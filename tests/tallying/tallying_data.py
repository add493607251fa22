"""Where the real pabulib elections live for tests, and a cache so each file is parsed once per run."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from deliberation.tallying import Instance, Profile, read_pb

REPO = Path(__file__).resolve().parents[2]
PABULIB = REPO / ".." / "shared" / "pabulib"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pabulib_files() -> list[Path]:
    """All .pb files of the shared data set, in name order."""
    return sorted(PABULIB.glob("*.pb")) if PABULIB.is_dir() else []


def require_pabulib() -> None:
    """Skip the calling module, saying why, when the shared data set is not beside the repository."""
    if not pabulib_files():
        pytest.skip(
            f"real pabulib elections not found in {PABULIB.resolve()}", allow_module_level=True
        )


@cache
def election(name: str) -> tuple[Instance, Profile]:
    """Parse one shared file (cached for the whole test session)."""
    return read_pb(PABULIB / name)
