"""Run every speed-at-scale benchmark and print one table (``make bench``).

Each benchmark runs as its own process (a fresh interpreter and Qt, as a user's start) and
prints one JSON object; this collects them and prints, per metric and library size, the value,
the baseline measured in the same run, their ratio, the target and whether it is met. Machines
are noisy, so the ratio is the figure to compare between machines; targets are absolute where
the issue sets them that way (milliseconds a frame, megabytes). Nothing here passes or fails:
the exit status is 0 whenever the benchmarks ran. The raw figures go to
``benchmarks/out/results.json`` and the table, as Markdown, to ``benchmarks/out/results.md``.

    python benchmarks/run_all.py                      # everything, 1k, 10k and 100k shows
    python benchmarks/run_all.py --sizes 1000,10000   # smaller libraries only
    python benchmarks/run_all.py --quick --only gui,notes
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SIZES = (1_000, 10_000, 100_000)
BENCHMARKS = ("startup", "gui", "notes", "import", "sync")
IMPORT_SIZE = 10_000
TARGET_SIZE = 100_000  # the per-keystroke, selection, search and memory targets are set here


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table."""

    metric: str
    size: str
    value: str
    baseline: str
    ratio: str
    target: str
    met: str


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("yes" if ok else "NO")


def run_benchmark(script: str, arguments: Sequence[str]) -> dict[str, Any]:
    """Run ``benchmarks/<script>`` and return the JSON object it prints last."""
    environment = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    command = [sys.executable, str(HERE / script), *arguments]
    started = time.perf_counter()
    print(f"running {script} {' '.join(arguments)} ...", file=sys.stderr, flush=True)
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(
            f"{script} {' '.join(arguments)} exited {done.returncode}:\n{done.stderr[-3000:]}"
        )
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def milliseconds(value: float) -> str:
    return f"{value:.1f} ms"


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}x" if baseline else "-"


def startup_rows(results: dict[int, dict[str, Any]]) -> list[Row]:
    targets = {10_000: 1.3, 100_000: 2.0}
    rows = []
    for size, result in sorted(results.items()):
        target = targets.get(size)
        rows.append(
            Row(
                "start-up, whole process (median)",
                f"{size:,}",
                seconds(result["app_s"]),
                seconds(result["bare_s"]) + " bare window",
                f"{result['ratio']:.2f}x",
                f"<= {target}x" if target else "-",
                verdict(None if target is None else result["ratio"] <= target),
            )
        )
    return rows


def gui_rows(results: dict[int, dict[str, Any]]) -> list[Row]:
    rows = []
    for size, result in sorted(results.items()):
        at_target = size == TARGET_SIZE
        typed, qt = result["filter"]["window"], result["filter"]["qt_proxy"]
        rows.append(
            Row(
                "filter as you type, per keystroke (median)",
                f"{size:,}",
                milliseconds(typed["median_ms"]) + f" (p90 {typed['p90_ms']:.1f})",
                milliseconds(qt["median_ms"]) + " QSortFilterProxyModel",
                ratio(typed["median_ms"], qt["median_ms"]),
                "<= 16 ms" if at_target else "-",
                verdict(typed["median_ms"] <= 16 if at_target else None),
            )
        )
    for size, result in sorted(results.items()):
        at_target = size == TARGET_SIZE
        chosen, reads = result["select"]["ten_notes"], result["select"]["ten_notes_reads"]
        rows.append(
            Row(
                "select a show, 10 notes (median)",
                f"{size:,}",
                milliseconds(chosen["median_ms"]),
                milliseconds(reads["median_ms"]) + " library reads",
                ratio(chosen["median_ms"], reads["median_ms"]),
                "<= 16 ms" if at_target else "-",
                verdict(chosen["median_ms"] <= 16 if at_target else None),
            )
        )
    for size, result in sorted(results.items()):
        chosen, reads = result["select"]["thousand_notes"], result["select"]["thousand_notes_reads"]
        rows.append(
            Row(
                "select a show, 1,000 notes (median)",
                f"{size:,}",
                milliseconds(chosen["median_ms"]),
                milliseconds(reads["median_ms"]) + " library reads",
                ratio(chosen["median_ms"], reads["median_ms"]),
                "<= 50 ms",
                verdict(chosen["median_ms"] <= 50),
            )
        )
    for key, what in (
        ("open_peak_memory_mb", "peak memory, library open"),
        ("peak_memory_mb", "peak memory, after typing and selecting"),
    ):
        for size, result in sorted(results.items()):
            at_target = size == TARGET_SIZE
            peak, bare = result[key], result["bare_peak_memory_mb"]
            rows.append(
                Row(
                    what,
                    f"{size:,}",
                    f"{peak:.0f} MB (+{peak - bare:.0f} MB)",
                    f"{bare:.0f} MB bare window",
                    ratio(peak, bare),
                    "<= +200 MB" if at_target else "-",
                    verdict(peak - bare <= 200 if at_target else None),
                )
            )
    return rows


def notes_rows(results: dict[int, dict[str, Any]]) -> list[Row]:
    rows = []
    for size, result in sorted(results.items()):
        at_target = size == TARGET_SIZE
        rows.append(
            Row(
                f"note search, FTS5 (median of {result['queries']} queries)",
                f"{result['notes']:,} notes",
                milliseconds(result["fts_median_ms"]) + f" (max {result['fts_max_ms']:.0f})",
                milliseconds(result["like_median_ms"]) + " LIKE scan",
                ratio(result["fts_median_ms"], result["like_median_ms"]),
                "<= 20 ms" if at_target else "-",
                verdict(result["fts_median_ms"] <= 20 if at_target else None),
            )
        )
    return rows


def import_rows(result: dict[str, Any]) -> list[Row]:
    return [
        Row(
            "import of an export (median)",
            f"{result['shows']:,}",
            seconds(result["import_seconds"]),
            seconds(result["executemany_seconds"]) + " sqlite3 executemany",
            f"{result['ratio']:.2f}x",
            "<= 3x",
            verdict(result["ratio"] <= 3),
        )
    ]


def sync_rows(result: dict[str, Any]) -> list[Row]:
    full, incremental = result["full"], result["incremental"]
    full_ratio = full["seconds"] / full["fewest_seconds"] if full["fewest_seconds"] else 0.0
    return [
        Row(
            f"full sync at 20 calls / 10 s, {full['failed']} failed",
            f"{result['shows']} shows",
            seconds(full["seconds"]),
            seconds(full["fewest_seconds"]) + " fewest allowed",
            f"{full_ratio:.3f}x",
            "<= 1.1x, 0 failed",
            verdict(full_ratio <= 1.1 and full["failed"] == 0),
        ),
        Row(
            f"incremental sync, {result['changed']} changed: requests",
            f"{result['shows']} shows",
            str(incremental["requests"]),
            "-",
            "-",
            f"<= {result['changed'] + 1}",
            verdict(incremental["requests"] <= result["changed"] + 1 and not incremental["failed"]),
        ),
    ]


HEADERS = Row("metric", "size", "value", "baseline", "ratio", "target", "met?")


def text_table(rows: Sequence[Row]) -> str:
    cells = [
        [row.metric, row.size, row.value, row.baseline, row.ratio, row.target, row.met]
        for row in (HEADERS, *rows)
    ]
    widths = [max(len(line[column]) for line in cells) for column in range(len(cells[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in cells
    )


def markdown_table(rows: Sequence[Row]) -> str:
    def line(row: Row) -> str:
        cells = (row.metric, row.size, row.value, row.baseline, row.ratio, row.target, row.met)
        return "| " + " | ".join(cell.replace("<=", "≤") for cell in cells) + " |"

    return "\n".join((line(HEADERS), "|" + " --- |" * 7, *(line(row) for row in rows)))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        lines = cpuinfo.read_text().splitlines()
        names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
        cpu = names[0] if names else cpu
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(part) for part in text.split(",") if part],
        default=list(SIZES),
        help="library sizes, comma-separated (default 1000,10000,100000)",
    )
    parser.add_argument(
        "--only",
        type=lambda text: [part for part in text.split(",") if part],
        default=list(BENCHMARKS),
        help=f"benchmarks to run, comma-separated, of {','.join(BENCHMARKS)}",
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, no sync")
    parser.add_argument(
        "--reprint", action="store_true", help="print the table of the last run, run nothing"
    )
    options = parser.parse_args(argv)
    if options.reprint:
        report(json.loads((OUT / "results.json").read_text()))
        return 0
    unknown = set(options.only) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    wanted = [name for name in BENCHMARKS if name in options.only]
    if options.quick and "sync" in wanted:
        wanted.remove("sync")
    sizes = sorted(set(options.sizes))

    needed = set(sizes)
    if "import" in wanted:
        needed.add(IMPORT_SIZE)
    generate = [sys.executable, str(HERE / "generate_library.py"), *map(str, sorted(needed))]
    subprocess.run(generate, check=True)  # cached; generates only what is missing

    started = time.perf_counter()
    raw: dict[str, Any] = {"machine": machine(), "sizes": sizes, "quick": options.quick}
    startup_runs = "3" if options.quick else "7"
    if "startup" in wanted:
        raw["startup"] = {
            size: run_benchmark("bench_startup.py", ["--size", str(size), "--runs", startup_runs])
            for size in sizes
        }
    if "gui" in wanted:
        raw["gui"] = {size: run_benchmark("bench_gui.py", ["--size", str(size)]) for size in sizes}
    if "notes" in wanted:
        rounds = "2" if options.quick else "5"
        raw["notes"] = {
            size: run_benchmark("bench_note_search.py", ["--size", str(size), "--rounds", rounds])
            for size in sizes
        }
    if "import" in wanted:
        runs = "1" if options.quick else "3"
        raw["import"] = run_benchmark(
            "bench_import.py", ["--size", str(IMPORT_SIZE), "--runs", runs, "--json"]
        )
    if "sync" in wanted:
        raw["sync"] = run_benchmark("bench_sync.py", ["--json"])
    raw["seconds"] = time.perf_counter() - started
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(raw, indent=2) + "\n")
    report(raw)
    return 0


def by_size(results: dict[Any, dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Results keyed by library size (JSON turns the keys into strings)."""
    return {int(size): result for size, result in results.items()}


def report(raw: dict[str, Any]) -> None:
    """Print the table of ``raw`` results and write it as Markdown."""
    sections: dict[str, Callable[[Any], list[Row]]] = {
        "startup": lambda results: startup_rows(by_size(results)),
        "gui": lambda results: gui_rows(by_size(results)),
        "notes": lambda results: notes_rows(by_size(results)),
        "import": import_rows,
        "sync": sync_rows,
    }
    rows = [row for name in BENCHMARKS if name in raw for row in sections[name](raw[name])]
    (OUT / "results.md").write_text(markdown_table(rows) + "\n")
    print(f"\nWatchlist benchmarks on {raw['machine']} ({raw['seconds']:.0f} s)")
    print(text_table(rows))


if __name__ == "__main__":
    sys.exit(main())
