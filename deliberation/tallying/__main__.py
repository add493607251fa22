"""Command line: python -m deliberation.tallying [--rule NAME] [--json] FILE.pb [FILE.pb ...]

With --json, one line per file:
{"file": ..., "rule": ..., "selected": [ids in selection order], "total_cost": ..., "seconds": ...}
A file that cannot be read is reported on stderr; the others still run; the exit status is 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from fractions import Fraction
from pathlib import Path

from .outcome import Outcome, money
from .pabulib import PabulibError, read_pb
from .registry import ALIASES, TALLY_RULES, UnknownRule, rule_for, rule_named


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m deliberation.tallying", description="Tally pabulib files."
    )
    parser.add_argument(
        "--rule",
        choices=sorted(TALLY_RULES) + sorted(ALIASES),
        metavar="NAME",
        help="rule to run (default: the file's META rule): " + ", ".join(TALLY_RULES),
    )
    parser.add_argument("--json", action="store_true", help="print one JSON line per file")
    parser.add_argument("files", nargs="+", metavar="FILE.pb")
    return parser.parse_args(argv)


def _number(value) -> int | float:
    """JSON-friendly money."""
    return value if isinstance(value, int) else float(Fraction(value))


def _table(name: str, outcome: Outcome, instance) -> str:
    """A readable report: funded projects in order, then the others in file order."""
    lines = [
        f"{name}: {outcome.rule}, spent {money(outcome.total_cost)} of {money(outcome.budget)}"
    ]
    funded = set(outcome.selected)
    width = max([len(p.id) for p in instance.projects] + [7])
    lines.append(f"  {'#':>3}  {'project':<{width}}  {'cost':>13}  why")
    rows = [(str(k), pid) for k, pid in enumerate(outcome.selected, 1)]
    rows += [("-", p.id) for p in instance.projects if p.id not in funded]
    for mark, pid in rows:
        cost = money(instance.project(pid).cost)
        lines.append(
            f"  {mark:>3}  {pid:<{width}}  {cost:>13}  {outcome.explanations.get(pid, '')}"
        )
    return "\n".join(lines)


def _one_file(path: str, args: argparse.Namespace) -> None:
    """Read, tally and print one file; raises PabulibError for a bad file."""
    try:
        instance, profile = read_pb(path)
    except OSError as error:
        raise PabulibError(path, 0, f"cannot read the file ({error.strerror or error})") from None
    if args.rule:
        name = rule_named(args.rule)[0]
    else:
        name, note = rule_for(instance)
        if note:
            print(f"{Path(path).name}: {note}", file=sys.stderr)
    start = time.perf_counter()
    outcome = rule_named(name)[1](instance, profile)
    seconds = time.perf_counter() - start
    if args.json:
        print(
            json.dumps(
                {
                    "file": Path(path).name,
                    "rule": name,
                    "selected": outcome.selected,
                    "total_cost": _number(outcome.total_cost),
                    "seconds": round(seconds, 6),
                },
                ensure_ascii=False,
            )
        )
    else:
        print(_table(Path(path).name, outcome, instance) + f"\n  ({seconds:.3f} s)\n")


def main(argv: list[str] | None = None) -> int:
    """Run every file; exit 2 if any could not be read."""
    args = _arguments(argv)
    failed = False
    for path in args.files:
        try:
            _one_file(path, args)
        except PabulibError as error:
            print(error, file=sys.stderr)
            failed = True
        except UnknownRule as error:
            print(f"{path}: {error}", file=sys.stderr)
            failed = True
        sys.stdout.flush()
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
