"""How long a note write waits while ``watchlist import`` of a large file runs in another process.

Writes an export of SIZE shows (each with 3 seasons, 4 episodes and 2 notes; 140,000 shows make
a 138 MB file), starts ``python -m watchlist import`` on a library holding one show, and adds a
note to that show every 50 ms through the library API until the import ends. Prints the
import's time, how many notes were written and failed, and the longest wait. ``--worst notes``
instead imports the largest file the limits let through that costs the most to copy in: 40
shows of 89,000 short notes each (3.56 million notes, each indexed for search). Never passes
or fails.

    python benchmarks/bench_import_wait.py [--size 140000 | --worst notes|episodes]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from watchlist.store.library import Library, NewShow


def typical_export(size: int) -> dict[str, Any]:
    rng = random.Random(size)
    shows = []
    for number in range(size):
        shows.append(
            {
                "title": f"Show {number} {rng.choice(['Dark', 'Lost', 'Fargo', 'Severance'])}",
                "external_ids": {"tvmaze": 100_000 + number, "imdb": f"tt{9_000_000 + number}"},
                "network": rng.choice(["Netflix", "HBO", "BBC One", "AMC"]),
                "country": "US",
                "language": "English",
                "genres": ["Drama", "Thriller"],
                "synopsis": "A synopsis",
                "status": "running",
                "renewal": {"status": "renewed", "announced_on": "2022-06-06"},
                "premiered": f"{1990 + number % 30}-01-28",
                "watch_status": "watching",
                "seasons": [
                    {"number": season, "premiere_date": f"{2000 + season}-01-1{season}"}
                    for season in (1, 2, 3)
                ],
                "episodes": [
                    {"season": 1, "number": episode, "airdate": f"2010-01-0{episode}"}
                    for episode in (1, 2, 3, 4)
                ],
                "notes": [
                    {
                        "created_at": f"2023-0{1 + index}-0{1 + number % 9}T10:00:00+00:00",
                        "body": f"Note {index} about show {number}: "
                        + "words " * rng.randint(5, 30),
                    }
                    for index in range(2)
                ],
            }
        )
    return {"format": "watchlist-export", "version": 1, "shows": shows}


def worst_export(kind: str) -> dict[str, Any]:
    if kind == "episodes":  # 4.95 million episodes: the record limit, in 132 MB
        shows = [
            {
                "title": f"S{number}",
                "episodes": [
                    {"season": 1 + n // 1000, "number": n % 1000 + 1} for n in range(50_000)
                ],
            }
            for number in range(99)
        ]
    else:  # 3.56 million notes: as many as 200 MB holds
        shows = [
            {
                "title": f"S{number}",
                "notes": [
                    {"created_at": f"2023-01-01T00:00:{n % 60:02d}+00:00", "body": f"n{n}"}
                    for n in range(89_000)
                ],
            }
            for number in range(40)
        ]
    return {"format": "watchlist-export", "version": 1, "shows": shows}


def measure(export: Path, folder: Path) -> None:
    url = f"sqlite:///{folder / 'library.sqlite3'}"
    with Library.open(url) as library:
        show_id = library.add_show(NewShow(title="Notes go here"))
    environment = {**os.environ, "WATCHLIST_DATA_DIR": str(folder)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "watchlist", "import", str(export)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    waits: list[tuple[float, float]] = []
    failures: list[str] = []
    with Library.open(url) as library:
        while process.poll() is None:
            before = time.perf_counter()
            try:
                library.add_note(show_id, f"written {before - started:.2f} s in")
                waits.append((time.perf_counter() - before, before - started))
            except Exception as error:  # counted and shown: that is the point
                failures.append(str(error)[:160])
            time.sleep(0.05)
    out, err = process.communicate()
    print(f"import: exit {process.returncode} after {time.perf_counter() - started:.1f} s")
    print(f"  {(out or err).strip()[:300]}")
    print(f"notes written meanwhile: {len(waits)}; failed: {len(failures)}")
    if waits:
        longest, when = max(waits)
        print(f"longest wait: {longest:.2f} s ({when:.1f} s into the import)")
    for failure in failures[:3]:
        print(f"  failed: {failure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=140_000)
    parser.add_argument("--worst", choices=["notes", "episodes"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="watchlist-import-wait-") as name:
        folder = Path(name)
        export = folder / "export.json"
        document = worst_export(args.worst) if args.worst else typical_export(args.size)
        export.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
        print(f"export: {export.stat().st_size / 1_048_576:.0f} MB")
        measure(export, folder / "data")


if __name__ == "__main__":
    main()
