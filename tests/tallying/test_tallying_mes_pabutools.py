"""Equal shares with add1 completion gives exactly pabutools' outcome on the real approval files.

pabutools takes minutes per large file, so its outcomes are computed once by
scripts/generate_pabutools_fixtures.py and stored in fixtures/pabutools_mes_add1.json.
"""

from __future__ import annotations

import json

import pytest

from deliberation.tallying.equalshares import equal_shares_add1
from tests.tallying.tallying_data import FIXTURES, election, pabulib_files, require_pabulib

require_pabulib()

MAX_VOTERS = 10_000
FIXTURE = json.loads((FIXTURES / "pabutools_mes_add1.json").read_text(encoding="utf-8"))
NOT_COMPUTED = json.loads(
    (FIXTURES / "pabutools_mes_add1_not_computed.json").read_text(encoding="utf-8")
)


def eligible() -> list[str]:
    """Approval files with at most 10,000 voters."""
    names = []
    for path in pabulib_files():
        _, profile = election(path.name)
        if profile.kind == "approval" and profile.n_voters <= MAX_VOTERS:
            names.append(path.name)
    return names


def test_fixture_covers_every_eligible_file(capsys):
    missing = [name for name in eligible() if name not in FIXTURE and name not in NOT_COMPUTED]
    with capsys.disabled():
        print(f"\npabutools fixture: {len(FIXTURE)} files compared")
        for name, reason in NOT_COMPUTED.items():
            print(f"  not compared with pabutools: {name}: {reason}")
    assert not missing, f"run scripts/generate_pabutools_fixtures.py for: {missing}"


@pytest.mark.parametrize("name", sorted(FIXTURE))
def test_same_projects_in_the_same_order_as_pabutools(name):
    instance, profile = election(name)
    assert equal_shares_add1(instance, profile).selected == FIXTURE[name]
