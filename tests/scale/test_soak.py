"""A short soak: Redis restarted and one app process killed mid-load lose nothing acknowledged."""
import shutil

import pytest

from bench.soak import run_soak

pytestmark = pytest.mark.postgres

SOAK_SECONDS = 40  # the run itself waits (up to its own named timeout) for both processes to serve again


def test_short_soak_keeps_everything_acknowledged(pg_url):
    if shutil.which("redis-server") is None:
        pytest.skip("the soak starts its own redis-server, which is not installed")
    lines: list[str] = []
    result = run_soak(pg_url, SOAK_SECONDS, out=lines.append)
    tally = result["tally"]
    assert result["lost"] == {"receipts": 0, "comments": 0, "survey answers": 0}, lines
    assert tally.receipts and tally.comments and tally.answers, f"every kind was acknowledged: {lines}"
    assert all(count > 0 for count in result["served_after_restart"].values()), lines
    assert tally.served["page"] > 0 and tally.served["ballot"] > 0, lines
