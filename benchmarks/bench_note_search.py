"""Note search across all notes: the full-text index (FTS5) vs a LIKE scan of the same notes.

On a generated library (``generate_library.py``; 1,001,000 notes at 100k shows) each query runs
through ``Library.notes(search=..., newest_first=True)``, the call the window's notes browser
makes, so a time includes building the notes it returns. The queries are what someone looks
for in their own notes: rarer words, names with a word, words typed part-way. The baseline is
the same call with the index switched off, so that the library scans the notes with LIKE as it
does on a database without the index. Prints one JSON object; never passes or fails.

    python benchmarks/bench_note_search.py --size 100000 [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_library import library_for

from watchlist.store.library import Library

QUERIES = (
    "accordion",
    "zeppelin",
    "ouija board",
    "snow globe",
    "gramophone",
    "ventriloq",
    "doppelgang",
    "taxiderm",
    "kaleidosc",
    "eppelin",  # from inside a word: the index finds nothing, so the library scans
    "crystal ball is definitely",
    "the dumbwaiter",
)
BASELINE_ROUNDS = 1  # a scan of a million notes takes seconds; once per query is plenty


def index_switched_off() -> AbstractContextManager[object]:
    """Make ``Library.notes`` scan with LIKE, as it does where there is no index."""
    return mock.patch("watchlist.store.library.note_search_condition", return_value=None)


def timed_queries(library: Library, rounds: int) -> tuple[list[float], dict[str, int]]:
    times, found = [], {}
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            notes = library.notes(search=query, newest_first=True)
            times.append(time.perf_counter() - started)
            found[query] = len(notes)
    return times, found


def measure(size: int, rounds: int) -> dict[str, Any]:
    generated = library_for(size, quiet=True)
    with Library.open(generated.database_url) as library:
        notes = library.count_notes()
        timed_queries(library, 1)  # warm the page cache: both sides read from memory
        indexed, found = timed_queries(library, rounds)
        with index_switched_off():
            scanned, scan_found = timed_queries(library, BASELINE_ROUNDS)
    if scan_found != found:
        raise RuntimeError(f"the index and the scan disagree: {found} vs {scan_found}")
    return {
        "size": size,
        "notes": notes,
        "queries": len(QUERIES),
        "rounds": rounds,
        "found": found,
        "fts_median_ms": statistics.median(indexed) * 1000,
        "fts_max_ms": max(indexed) * 1000,
        "like_median_ms": statistics.median(scanned) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    print(json.dumps(measure(options.size, options.rounds)))


if __name__ == "__main__":
    main()
