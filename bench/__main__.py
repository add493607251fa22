"""`make bench`: every benchmark, each printing its figures beside a baseline from the same run."""
import importlib
import os
import sys

MODULES = [
    "bench.tally",
    "bench.results",
    "bench.ballots",
    "bench.live",
    "bench.fanout",
    "bench.soak",
    "bench.opinions",
    "bench.opinion_votes",
]


def main() -> None:
    print(f"Agora benchmarks on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    chosen = sys.argv[1:] or MODULES
    for name in chosen:
        module = importlib.import_module(name if name.startswith("bench.") else f"bench.{name}")
        module.main()


if __name__ == "__main__":
    main()
