"""Import of a 10k-show export vs inserting the same rows with plain sqlite3 ``executemany``.

The export comes from the generated library (``generate_library.py``). "Import" is the whole
``watchlist import FILE`` path: read, parse and validate the file, match shows, write in one
transaction. The baseline inserts the rows that import writes (shows, seasons, episodes, notes,
already converted to SQL values) with ``executemany`` into an empty library of the same schema
(the full-text triggers included) with the same pragmas, in one transaction. Prints a table;
never passes or fails.

    python benchmarks/bench_import.py [--size 10000] [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_library import library_for

from watchlist.core.networks import guess_network_kind
from watchlist.store.exchange import export_json, import_file
from watchlist.store.library import Library


@dataclass(frozen=True, slots=True)
class ImportTiming:
    size: int
    shows: int
    notes: int
    import_seconds: float
    executemany_seconds: float

    @property
    def ratio(self) -> float:
        return self.import_seconds / self.executemany_seconds


@contextmanager
def empty_library(folder: Path, name: str) -> Iterator[Path]:
    """A new library file at the current schema (migrated by the app), closed again."""
    path = folder / name
    Library.open(f"sqlite:///{path}").close()
    yield path


def rows_of(document: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows an import of ``document`` into an empty library writes, as SQL values."""
    shows, seasons, episodes, notes = [], [], [], []
    for show_id, show in enumerate(document["shows"], start=1):
        ids = show.get("external_ids") or {}
        renewal = show.get("renewal") or {}
        kind = show.get("network_kind") or guess_network_kind(show.get("network"))
        shows.append(
            (
                show_id, show["title"], ids.get("tvmaze"), ids.get("imdb"), ids.get("thetvdb"),
                show.get("network"), kind.value if hasattr(kind, "value") else kind,
                show.get("country"), show.get("language"), json.dumps(show.get("genres") or []),
                show.get("synopsis") or "", show.get("synopsis_html") or "",
                show.get("status") or "unknown", renewal.get("status") or "unknown",
                renewal.get("announced_on"), show.get("next_season_expected"),
                show.get("premiered"), show.get("ended"), show.get("poster_url"),
                show.get("watch_status") or "plan_to_watch", show.get("rating"),
                _sql_time(show.get("added_at")), _sql_time(show.get("updated_at")),
                _sql_time(show.get("last_synced_at")), json.dumps(show.get("user_edited") or []),
            )
        )  # fmt: skip
        for season in show.get("seasons") or ():
            seasons.append(
                (
                    show_id, season["number"], season.get("name") or "",
                    season.get("premiere_date"), season.get("end_date"),
                    season.get("episode_count"),
                )
            )  # fmt: skip
        for episode in show.get("episodes") or ():
            episodes.append(
                (
                    show_id, episode["season"], episode.get("number"), episode.get("title") or "",
                    episode.get("airdate"), bool(episode.get("watched")),
                )
            )  # fmt: skip
        for note in show.get("notes") or ():
            notes.append(
                (
                    show_id, _sql_time(note["created_at"]), _sql_time(note.get("updated_at")),
                    note["body"], note.get("season"), note.get("episode"),
                    bool(note.get("pinned")),
                )
            )  # fmt: skip
    return {"shows": shows, "seasons": seasons, "episodes": episodes, "notes": notes}


def _sql_time(text: str | None) -> str | None:
    """An export timestamp as the library stores it (naive UTC)."""
    return None if text is None else text.replace("T", " ").removesuffix("+00:00")


INSERTS = {
    "shows": "INSERT INTO shows (id, title, tvmaze_id, imdb_id, thetvdb_id, network, network_kind,"
    " country, language, genres, synopsis, synopsis_html, provider_status, renewal_status,"
    " renewal_announced_on, next_season_expected, premiered, ended, poster_url, watch_status,"
    " rating, added_at, updated_at, last_synced_at, user_edited)"
    " VALUES (" + ", ".join("?" * 25) + ")",
    "seasons": "INSERT INTO seasons (show_id, number, name, premiere_date, end_date,"
    " episode_count) VALUES (?, ?, ?, ?, ?, ?)",
    "episodes": "INSERT INTO episodes (show_id, season_number, number, title, airdate, watched)"
    " VALUES (?, ?, ?, ?, ?, ?)",
    "notes": "INSERT INTO notes (show_id, created_at, updated_at, body, season_number,"
    " episode_number, pinned) VALUES (?, ?, ?, ?, ?, ?, ?)",
}


def executemany_seconds(path: Path, rows: dict[str, list[tuple[Any, ...]]]) -> float:
    """Insert ``rows`` with plain sqlite3, as the app's connections are set up (WAL, foreign
    keys, synchronous=FULL), in one transaction."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA synchronous = FULL")
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        for table, statement in INSERTS.items():
            if rows[table]:
                connection.executemany(statement, rows[table])
        connection.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        connection.close()


def measure(size: int = 10_000, runs: int = 3) -> ImportTiming:
    generated = library_for(size, quiet=True)
    with tempfile.TemporaryDirectory(prefix="watchlist-bench-import-") as name:
        folder = Path(name)
        export = folder / "export.json"
        with Library.open(generated.database_url) as source:
            export.write_text(export_json(source), encoding="utf-8")
        document = json.loads(export.read_text(encoding="utf-8"))
        rows = rows_of(document)
        imports, baselines = [], []
        for run in range(runs):
            with empty_library(folder, f"baseline-{run}.sqlite3") as path:
                baselines.append(executemany_seconds(path, rows))
            with empty_library(folder, f"import-{run}.sqlite3") as path:
                with Library.open(f"sqlite:///{path}") as target:
                    started = time.perf_counter()
                    report = import_file(target, export)
                    imports.append(time.perf_counter() - started)
                if report.shows_added != len(rows["shows"]):
                    raise RuntimeError(f"import added {report.shows_added} shows, not all")
        return ImportTiming(
            size=size,
            shows=len(rows["shows"]),
            notes=len(rows["notes"]),
            import_seconds=statistics.median(imports),
            executemany_seconds=statistics.median(baselines),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON object (run_all.py)")
    options = parser.parse_args()
    timing = measure(options.size, options.runs)
    if options.json:
        print(json.dumps({**asdict(timing), "ratio": timing.ratio}))
        return
    print(
        f"import of a {timing.shows:,}-show export ({timing.notes:,} notes): "
        f"{timing.import_seconds:.2f} s; sqlite3 executemany of the same rows: "
        f"{timing.executemany_seconds:.2f} s; ratio {timing.ratio:.2f} (target <= 3)"
    )


if __name__ == "__main__":
    main()
