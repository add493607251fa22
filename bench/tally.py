"""Tallying speed: our engine against pabutools on the same files, in one run, with ratios.

Run from the repository root:  python -m bench.tally [--quick] [--add1-everywhere] [FILE ...]
or                              python bench/tally.py [...]

For each file: parse time, then greedy, equal shares (no completion) and equal shares with add1
completion, ours and pabutools' (greedy_utilitarian_welfare with Cost_Sat ranks approval
projects by votes, like our greedy; method_of_equal_shares with Cost_Sat). pabutools' add1
completion takes minutes to hours on the big files, so by default it runs only on
Wieliczka 2023 (about 20 s); --add1-everywhere runs it on every file. --quick also skips
pabutools' plain equal shares on files above 20,000 voters.
Peak memory: tracemalloc's peak while we parse and run every rule on the file (NumPy included),
and the process's maximum resident size at the end.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from deliberation.tallying import read_pb
from deliberation.tallying.equalshares import equal_shares, equal_shares_add1
from deliberation.tallying.greedy import greedy

DATA = REPO / ".." / "shared" / "pabulib"
FILES = [
    "Poland_Warszawa_2026.pb",
    "Poland_Wroclaw_2015_150_-_500.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
    "Poland_Warszawa_2021_Mokotow.pb",
    "Poland_Gdynia_2020.pb",
]
ADD1_REFERENCE = "Poland_Wieliczka_2023_Green_Budget.pb"
OURS = {"greedy": greedy, "equalshares": equal_shares, "equalshares/add1": equal_shares_add1}


def timed(function, *args):
    """(result, seconds)."""
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def theirs(rule: str, instance, profile):
    """The same rule in pabutools."""
    from pabutools.election import Cost_Sat
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    if rule == "greedy":
        return greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    increment = 1 if rule == "equalshares/add1" else None
    return method_of_equal_shares(
        instance, profile, sat_class=Cost_Sat, voter_budget_increment=increment
    )


def peak_memory(path: Path) -> int:
    """Peak bytes allocated while we parse the file and run every rule (tracemalloc)."""
    tracemalloc.start()
    instance, profile = read_pb(path)
    for rule in OURS.values():
        rule(instance, profile)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def wanted(rule: str, name: str, voters: int, args: argparse.Namespace) -> bool:
    """Whether pabutools should run this rule on this file in this run."""
    if rule == "equalshares/add1":
        return args.add1_everywhere or name == ADD1_REFERENCE
    if rule == "equalshares" and args.quick:
        return voters <= 20_000
    return True


def row(label: str, ours: float, reference: float | None) -> str:
    """One line of the report."""
    if reference is None:
        return f"  {label:<18} ours {ours:8.3f} s   pabutools      (not run)"
    return f"  {label:<18} ours {ours:8.3f} s   pabutools {reference:9.3f} s   {reference / ours:8.1f}x faster"


def bench_file(path: Path, args: argparse.Namespace) -> None:
    """Time one file, ours then pabutools."""
    from pabutools.election import parse_pabulib

    (instance, profile), parse_ours = timed(read_pb, path)
    print(
        f"\n{path.name}: {profile.n_voters:,} voters, {len(instance.projects)} projects, {profile.kind}",
        flush=True,
    )
    (their_instance, their_profile), parse_theirs = timed(parse_pabulib, str(path))
    print(row("parse", parse_ours, parse_theirs), flush=True)
    for rule, ours in OURS.items():
        outcome, seconds = timed(ours, instance, profile)
        reference = None
        if wanted(rule, path.name, profile.n_voters, args):
            result, reference = timed(theirs, rule, their_instance, their_profile)
            if rule != "greedy" and [p.name for p in result] != outcome.selected:
                print(f"  !! {rule}: outcomes differ from pabutools", flush=True)
        print(
            row(rule, seconds, reference) + f"   (parse + rule: {parse_ours + seconds:.3f} s)",
            flush=True,
        )
    print(
        f"  peak memory (ours, parse + all rules): {peak_memory(path) / 2**20:.1f} MiB", flush=True
    )


def main(argv: list[str] | None = None) -> int:
    """Benchmark the chosen files."""
    parser = argparse.ArgumentParser(description="Tallying speed against pabutools.")
    parser.add_argument(
        "--quick", action="store_true", help="skip pabutools' equal shares on the largest files"
    )
    parser.add_argument(
        "--add1-everywhere", action="store_true", help="run pabutools' add1 on every file (slow)"
    )
    parser.add_argument("files", nargs="*", help=f"pabulib files (default: {', '.join(FILES)})")
    args = parser.parse_args(argv)
    paths = [Path(f) for f in args.files] or [DATA / name for name in FILES]
    print(f"os.cpu_count() = {os.cpu_count()}; Python {sys.version.split()[0]}")
    for path in paths:
        if not path.exists():
            print(f"\n{path}: not found, skipped")
            continue
        bench_file(path, args)
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nprocess peak resident memory (ours and pabutools together): {peak_rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
