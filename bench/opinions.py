"""Opinion maps: our compute_map against red-dwarf's Pol.is pipeline on the same votes, one run.

Run from the repository root:  python -m bench opinions
or                              python -m bench.opinions [--quick] [--participants N] ...

The matrix: 10,000 participants x 1,000 statements, 30% of the cells voted (3 million votes),
four planted opinion groups (votes flipped with probability 0.15), no passes, so that red-dwarf
(which codes a pass as 0 inside its PCA) computes the same map. Figures:
  * time of compute_map from an (n, 3) vote array, cold (no previous state) and warm (last
    state passed back, as the web layer recomputes): median of 3 runs, wall clock and the
    process's CPU time (all threads) of the median run;
  * memory: tracemalloc's peak while one cold compute_map runs (Python and NumPy allocations;
    BLAS' own work buffers are not traced), and the growth of the peak resident set size
    (VmHWM in /proc/self/status; resource.getrusage's ru_maxrss where there is no /proc) across
    one cold compute_map in a fresh spawned process that has already loaded the votes;
  * red-dwarf 0.4.0's run_pipeline on the same votes (a list of dicts, its input format, built
    beforehand and not timed), one run, and the ratio of its time to ours; --quick runs it on a
    2,000 x 200 matrix instead. Then how well each map recovers the planted groups, and how
    well the two agree (adjusted Rand index over the participants both clustered).
Targets for ours at full size: under 2 s and 500 MB on 2 cores.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from deliberation.opinionmaths import compute_map

GROUPS = 4
NOISE = 0.15
RUNS = 3
SEED = 2024


def planted_votes(
    participants: int, statements: int, density: float, *, seed: int = SEED
) -> tuple[np.ndarray, np.ndarray]:
    """(votes (n, 3), planted group per participant row): groups at equal angles on a circle of
    opinion, each statement agreed by the groups within 90 degrees of its own direction."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, GROUPS, participants)
    theta = 2 * np.pi * np.arange(GROUPS) / GROUPS
    phi = rng.uniform(0.0, 2 * np.pi, statements)
    stance = np.where(np.cos(theta[:, None] - phi[None, :]) >= 0, 1, -1).astype(np.int8)
    rows, cols = np.nonzero(rng.random((participants, statements), dtype=np.float32) < density)
    values = stance[labels[rows], cols]
    values = np.where(rng.random(len(rows)) < NOISE, -values, values)
    votes = np.stack([rows + 1, cols + 1, values], axis=1).astype(np.int64)
    return votes[rng.permutation(len(votes))], labels


def timed(function, *args, **kwargs):
    """(result, wall seconds, CPU seconds of the whole process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def median_run(function, *args, **kwargs):
    """(result, wall, cpu) of the median of RUNS runs by wall clock."""
    runs = sorted((timed(function, *args, **kwargs) for _ in range(RUNS)), key=lambda r: r[1])
    return runs[len(runs) // 2]


def traced_peak(votes: np.ndarray) -> int:
    """tracemalloc's peak bytes during one cold compute_map."""
    tracemalloc.start()
    compute_map(votes)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def peak_resident_kib() -> int:
    """This process's peak resident set in KiB: VmHWM from /proc where there is one, else
    ru_maxrss (which a spawned child inherits from its parent on Linux, hence VmHWM first)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _rss_child(path: str, queue) -> None:
    """In a fresh process: load the votes, then report the peak resident set before and after."""
    votes = np.load(path)
    before = peak_resident_kib()
    compute_map(votes)
    queue.put((before, peak_resident_kib()))


def resident_growth(votes: np.ndarray) -> tuple[float, float]:
    """(MiB the peak resident set grows by across one compute_map, MiB it reaches), measured
    in a spawned process that holds only the votes when compute_map starts."""
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "votes.npy")
        np.save(path, votes)
        queue = context.Queue()
        child = context.Process(target=_rss_child, args=(path, queue))
        child.start()
        before, after = queue.get(timeout=600)
        child.join()
    return (after - before) / 1024, after / 1024


def red_dwarf(votes: np.ndarray, seed: int = 0):
    """(red-dwarf's result, wall, cpu, participant -> cluster), or None when it is not installed."""
    try:
        with warnings.catch_warnings():
            # red-dwarf's own pydantic model triggers pydantic's UnsupportedFieldAttributeWarning
            # on import; it is harmless and not ours.
            warnings.filterwarnings("ignore", module="pydantic._internal._generate_schema")
            from reddwarf.implementations.polis import run_pipeline
    except ImportError:
        return None
    records = [{"participant_id": p, "statement_id": s, "vote": v} for p, s, v in votes.tolist()]
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            message="Passing a list to DataFrame.from_dict",
            module="reddwarf.utils.matrix",
        )
        result, wall, cpu = timed(run_pipeline, votes=records, random_state=seed)
    labels = result.participants_df["cluster_id"].dropna()
    return result, wall, cpu, {int(p): int(g) for p, g in labels.items()}


def agreement(first: dict[int, int], second: dict[int, int]) -> float:
    """Adjusted Rand index over the participants both groupings cover."""
    from sklearn.metrics import adjusted_rand_score

    common = sorted(set(first) & set(second))
    return adjusted_rand_score([first[p] for p in common], [second[p] for p in common])


def bench_size(participants: int, statements: int, density: float, *, reference: bool) -> None:
    """Time ours (and red-dwarf when asked) on one planted matrix and print the figures."""
    votes, labels = planted_votes(participants, statements, density)
    truth = {i + 1: int(g) for i, g in enumerate(labels)}
    print(
        f"\n{participants:,} participants x {statements:,} statements, {density:.0%} voted: "
        f"{len(votes):,} votes, {GROUPS} planted groups",
        flush=True,
    )
    cold, wall, cpu = median_run(compute_map, votes)
    print(f"  ours, cold           {wall:7.3f} s wall  {cpu:7.3f} s CPU  (k = {cold.k})")
    _, warm_wall, warm_cpu = median_run(compute_map, votes, previous=cold.state)
    print(f"  ours, warm start     {warm_wall:7.3f} s wall  {warm_cpu:7.3f} s CPU", flush=True)
    traced = traced_peak(votes) / 2**20
    print(f"  ours, peak traced    {traced:7.1f} MiB (tracemalloc)", flush=True)
    growth, reached = resident_growth(votes)
    print(
        f"  ours, resident grew  {growth:7.1f} MiB (peak RSS, VmHWM, of a fresh process holding"
        f" the votes: {reached:.0f} MiB at the end)",
        flush=True,
    )
    if (participants, statements) == (10_000, 1_000):
        met = wall < 2.0 and max(traced, growth) * 2**20 < 500e6
        print(f"  target (< 2 s, < 500 MB): {'met' if met else 'MISSED'}", flush=True)
    ours = dict(cold.state.members)
    print(f"  ours against planted groups: ARI {agreement(ours, truth):.3f}", flush=True)
    if not reference:
        return
    outcome = red_dwarf(votes)
    if outcome is None:
        print("  red-dwarf            (not installed)")
        return
    result, their_wall, their_cpu, theirs = outcome
    print(
        f"  red-dwarf            {their_wall:7.3f} s wall  {their_cpu:7.3f} s CPU  "
        f"(k = {result.clusterer.n_clusters})   {their_wall / wall:6.1f}x our cold time",
        flush=True,
    )
    print(
        f"  red-dwarf against planted groups: ARI {agreement(theirs, truth):.3f};"
        f" ours against red-dwarf: ARI {agreement(ours, theirs):.3f}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    """Benchmark the full-size matrix (and red-dwarf on it, or on a small one with --quick)."""
    parser = argparse.ArgumentParser(description="Opinion-map speed against red-dwarf.")
    parser.add_argument("--quick", action="store_true", help="red-dwarf on 2,000 x 200 only")
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--statements", type=int, default=1_000)
    parser.add_argument("--density", type=float, default=0.3)
    if argv is None:  # `python -m bench opinions` passes nothing on; `-m bench.opinions` may
        argv = sys.argv[1:] if __name__ == "__main__" else []
    args = parser.parse_args(argv)
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(
        f"\nOpinion maps: os.cpu_count() = {os.cpu_count()}, load average {load}; "
        f"Python {sys.version.split()[0]}"
    )
    bench_size(args.participants, args.statements, args.density, reference=not args.quick)
    if args.quick:
        bench_size(2_000, 200, args.density, reference=True)
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nprocess peak resident memory (ours and red-dwarf together): {peak_rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
