"""Soak the crash harness: many more SIGKILLs than ``make test`` runs, then a summary.

The same harness as ``tests/reliability/test_crash.py`` (writers and real ``watchlist``
processes writing notes, imports and syncs against a local TVmaze look-alike, killed at random
moments, the library checked after every kill), run for as many kills as asked. Prints the seed
first, so a failure can be repeated, and a summary at the end; exits 1 when a check failed, with
the library and the writers' journals kept for examination. Never part of ``make test``.

    python benchmarks/soak_crash.py [--kills 5000] [--seed N] [--workers 2]
"""

from __future__ import annotations

import argparse
import logging
import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pytest_httpserver import HTTPServer

from tests.reliability.harness import CrashHarness, HarnessError, keep_folder
from tests.sync.fake_tvmaze import FakeTvmaze

DEFAULT_KILLS = 5_000


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=DEFAULT_KILLS, help="processes to kill")
    parser.add_argument("--seed", type=int, help="repeat a run (default: a fresh seed)")
    parser.add_argument("--workers", type=int, default=2, help="rounds run in parallel")
    parser.add_argument("--keep", action="store_true", help="keep the folder after a success")
    args = parser.parse_args(argv)
    if args.kills < 1 or args.workers < 1:
        parser.error("--kills and --workers must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 10**9)
    folder = keep_folder("watchlist-soak-")
    print(f"crash soak: {args.kills} kills, seed {seed}, folder {folder}", flush=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    started = time.monotonic()
    try:
        harness = CrashHarness(
            folder,
            seed=seed,
            tvmaze=FakeTvmaze(server),
            say=lambda text: print(f"  {time.monotonic() - started:6.0f} s  {text}", flush=True),
        )
        report = harness.run(kills=args.kills, workers=args.workers)
    except HarnessError as error:
        print(f"FAILED: {error}", flush=True)
        return 1
    finally:
        server.clear()
        if server.is_running():
            server.stop()
    print(report.summary())
    per_minute = report.kills / max(report.seconds / 60, 1e-9)
    print(
        f"{per_minute:.0f} kills a minute; {report.interrupted_writes / report.kills:.0%} of "
        "the kills landed between a write's start and its acknowledgement; no check failed."
    )
    if args.keep:
        print(f"kept {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
