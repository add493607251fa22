"""Compute pabutools' MES + add1 outcomes once, so tests can compare without waiting minutes.

Usage (from the repo root):
    python scripts/generate_pabutools_fixtures.py [--data DIR] [--max-voters 10000] [--jobs 2]
        [--timeout SECONDS] [--force] [FILE ...]

Writes tests/tallying/fixtures/pabutools_mes_add1.json: {file name: [project ids in selection order]}.
The fixture is rewritten after every file, so an interrupted run resumes where it stopped
(files already present are skipped unless --force is given). A file pabutools cannot finish
within --timeout seconds is listed, with the reason, in pabutools_mes_add1_not_computed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import sys
import time
from multiprocessing import Process, Queue
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / ".." / "shared" / "pabulib"
FIXTURE = REPO / "tests" / "tallying" / "fixtures" / "pabutools_mes_add1.json"
NOT_COMPUTED = FIXTURE.with_name("pabutools_mes_add1_not_computed.json")


def header_numbers(path: Path) -> tuple[str, int, int]:
    """Read vote_type, num_votes and num_projects from META without parsing the votes."""
    meta: dict[str, str] = {}
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            cells = line.rstrip("\r\n").split(";")
            if cells[0].strip().upper() == "PROJECTS":
                break
            if len(cells) >= 2:
                meta[cells[0].strip()] = cells[1].strip()
    return (
        meta.get("vote_type", ""),
        int(meta.get("num_votes", 0)),
        int(meta.get("num_projects", 0)),
    )


def run_pabutools(path_text: str) -> tuple[str, list[str], float]:
    """Run pabutools' MES with Cost_Sat and add1 completion on one file."""
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import method_of_equal_shares

    start = time.perf_counter()
    instance, profile = parse_pabulib(path_text)
    outcome = method_of_equal_shares(
        instance, profile, sat_class=Cost_Sat, voter_budget_increment=1
    )
    return Path(path_text).name, [str(p.name) for p in outcome], time.perf_counter() - start


def load(path: Path) -> dict:
    """Return a JSON file written so far, or an empty mapping."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def save(path: Path, results: dict) -> None:
    """Write a JSON mapping atomically with files in name order."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(dict(sorted(results.items())), indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def completion_steps(path: Path) -> int:
    """How many add1 steps the completion needs (from our own fast implementation), for the reason text."""
    sys.path.insert(0, str(REPO))
    from deliberation.tallying import read_pb
    from deliberation.tallying.equalshares import equal_shares_add1

    return equal_shares_add1(*read_pb(path)).details["completion_steps"]


def worker(path_text: str, inbox: Queue) -> None:
    """Child process: compute one file and report it."""
    inbox.put(run_pabutools(path_text))


def pick_files(args: argparse.Namespace, done: dict) -> list[Path]:
    """Approval files up to the voter limit, smallest first, skipping those already done."""
    paths = [Path(p) for p in args.files] if args.files else sorted(Path(args.data).glob("*.pb"))
    chosen = []
    for path in paths:
        kind, voters, projects = header_numbers(path)
        if (
            kind == "approval"
            and voters <= args.max_voters
            and (args.force or path.name not in done)
        ):
            chosen.append((voters * projects, path))
    return [path for _, path in sorted(chosen)]


def run_all(todo: list[Path], args: argparse.Namespace, results: dict, skipped: dict) -> None:
    """Keep up to --jobs child processes busy; stop any that exceeds --timeout."""
    inbox: Queue = Queue()
    running: dict[str, tuple[Process, float, Path]] = {}
    pending = list(todo)
    while pending or running:
        while pending and len(running) < args.jobs:
            path = pending.pop(0)
            child = Process(target=worker, args=(str(path), inbox), daemon=True)
            child.start()
            running[path.name] = (child, time.perf_counter(), path)
        try:
            name, selected, seconds = inbox.get(timeout=1)
            results[name] = selected
            skipped.pop(name, None)
            save(FIXTURE, results)
            save(NOT_COMPUTED, skipped)
            running.pop(name)[0].join()
            print(f"{seconds:8.1f}s {name}: {len(selected)} projects", flush=True)
        except queue.Empty:  # nobody finished this second
            pass
        for name, (child, started, path) in list(running.items()):
            if time.perf_counter() - started > args.timeout:
                child.terminate()
                child.join()
                running.pop(name)
                steps = completion_steps(path)
                skipped[name] = (
                    f"pabutools did not finish within {args.timeout:.0f} s: add1 completion "
                    f"needs {steps:,} budget steps, each a full MES run"
                )
                save(NOT_COMPUTED, skipped)
                print(f"timeout  {name}: {skipped[name]}", flush=True)


def main() -> int:
    """Compute the missing outcomes in parallel and store them as they arrive."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--max-voters", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per file")
    parser.add_argument(
        "--force", action="store_true", help="recompute files already in the fixture"
    )
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    results, skipped = load(FIXTURE), load(NOT_COMPUTED)
    todo = pick_files(args, {**results, **skipped})
    print(f"{len(todo)} files to compute with {args.jobs} processes", flush=True)
    started = time.perf_counter()
    run_all(todo, args, results, skipped)
    print(
        f"done in {time.perf_counter() - started:.0f}s; fixture has {len(results)} files, "
        f"{len(skipped)} not computed",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
