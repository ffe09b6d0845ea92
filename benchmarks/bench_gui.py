"""Filter as you type, selecting a show, and memory, in the real main window.

Opens a generated library (``generate_library.py``) in ``MainWindow`` as the app does, waits
until the rows are loaded and every next-season estimate is made (the steady state the window
reaches a few seconds after start), then:

- types 6-letter words into the filter box a letter at a time and times each keystroke from
  setting the text to the proxy being up to date (``setText`` returns only after the proxy has
  filtered, the view told); the baseline is Qt's own C++ filter, a ``QSortFilterProxyModel``
  with a fixed-string filter over a ``QStringListModel`` of the same texts;
- selects random shows (10 notes each) and the show with 1,000 notes, and times each from the
  selection to the detail pane and the notes thread filled (the thread's first cards laid
  out); the baseline is the two library reads alone (``show`` and ``notes``); the 1,000-note
  show is timed with an empty text-layout cache each time (its first display);
- reads the process's peak memory (VmHWM) once the library is open (loaded and estimated) and
  again after the filtering and selecting, and that of ``bare_window.py`` for a baseline.

Prints one JSON object; run_all.py runs it once per size. Never passes or fails.

    python benchmarks/bench_gui.py --size 100000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_library import library_for
from PySide6.QtCore import (
    QEventLoop,
    QSettings,
    QSortFilterProxyModel,
    QStringListModel,
    Qt,
    QTimer,
)

from watchlist.config import Settings
from watchlist.store.library import Library
from watchlist.ui.app import create_application
from watchlist.ui.main_window import MainWindow

HERE = Path(__file__).resolve().parent
WORDS = ("harbor", "margot", "silver", "tokyo ", "kyoto ", "netfli")
TYPING_ROUNDS = 3
RANDOM_SELECTIONS = 40
HEAVY_SELECTIONS = 7


def run_events(milliseconds: int = 0) -> None:
    """Let the window process events (paint) for a moment, as between keystrokes."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def wait_for(signal: Any, done: Callable[[], bool], timeout_ms: int = 600_000) -> None:
    if done():
        return
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def peak_memory_mb() -> float:
    with Path("/proc/self/status").open() as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def bare_window_peak_memory_mb() -> float:
    """Peak memory of ``bare_window.py`` (a bare PySide6 window), the memory baseline."""
    with tempfile.TemporaryDirectory(prefix="watchlist-bench-gui-") as folder:
        shot = Path(folder) / "bare.png"
        done = subprocess.run(
            [sys.executable, str(HERE / "bare_window.py"), str(shot), "--print-peak-memory"],
            capture_output=True,
            text=True,
            check=True,
        )
    return float(done.stdout.split()[-1])


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": statistics.median(ordered) * 1000,
        "p90_ms": ordered[int(0.9 * (len(ordered) - 1))] * 1000,
        "max_ms": ordered[-1] * 1000,
        "count": len(ordered),
    }


def measure_filter(window: MainWindow) -> dict[str, float]:
    box = window.show_list.filter
    times = []
    for _ in range(TYPING_ROUNDS):
        for word in WORDS:
            for length in range(1, len(word) + 1):
                started = time.perf_counter()
                box.setText(word[:length])
                times.append(time.perf_counter() - started)
                run_events()
            box.setText("")
            run_events()
    return summary(times)


def measure_qt_filter(texts: list[str]) -> dict[str, Any]:
    """The baseline: Qt's own C++ fixed-string filter over the same texts, typed the same way."""
    strings = QStringListModel(texts)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(strings)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)
    baseline = []
    for _ in range(TYPING_ROUNDS):
        for word in WORDS:
            for length in range(1, len(word) + 1):
                started = time.perf_counter()
                proxy.setFilterFixedString(word[:length])
                baseline.append(time.perf_counter() - started)
            proxy.setFilterFixedString("")
    return summary(baseline)


def measure_selection(window: MainWindow, library: Library, heavy_title: str) -> dict[str, Any]:
    model, show_list, notes = window.model, window.show_list, window.notes
    rng = random.Random(7)
    ids = [model.show_id_at(row) for row in range(model.rowCount())]
    heavy = library.resolve_show_id(heavy_title)
    ordinary = [show_id for show_id in rng.sample(ids, RANDOM_SELECTIONS + 1) if show_id != heavy]

    def select(show_id: int) -> float:
        started = time.perf_counter()
        if not show_list.select_show(show_id):
            raise RuntimeError(f"show {show_id} is not listed")
        notes.list.executeDelayedItemsLayout()  # the first cards measured and placed
        elapsed = time.perf_counter() - started
        if notes.show_id != show_id or window.detail.show_id != show_id:
            raise RuntimeError("the selection did not reach the detail pane and notes")
        run_events()
        return elapsed

    def reads(show_id: int) -> float:
        started = time.perf_counter()
        library.show(show_id)
        library.notes(show_id)
        return time.perf_counter() - started

    select(ordinary[-1])
    plain = [select(show_id) for show_id in ordinary[:RANDOM_SELECTIONS]]
    plain_reads = [reads(show_id) for show_id in ordinary[:RANDOM_SELECTIONS]]
    heavy_times, heavy_reads = [], []
    delegate = notes.list.itemDelegate()
    for index in range(HEAVY_SELECTIONS):
        select(ordinary[index])
        delegate.clear_layouts()  # the first display of the thread: no cached layouts
        heavy_times.append(select(heavy))
        heavy_reads.append(reads(heavy))
    return {
        "ten_notes": summary(plain),
        "ten_notes_reads": summary(plain_reads),
        "thousand_notes": summary(heavy_times),
        "thousand_notes_reads": summary(heavy_reads),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    options = parser.parse_args()
    generated = library_for(options.size, quiet=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    create_application()
    started = time.perf_counter()
    library = Library.open(generated.database_url)
    state = QSettings(str(Path(tempfile.mkdtemp()) / "state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, Settings(data_dir=generated.data_dir), state)
    window.resize(1280, 800)
    window.show()
    wait_for(window.libraryLoaded, lambda: window.loaded)
    loaded = time.perf_counter() - started
    wait_for(window.model.estimatesCompleted, lambda: window.model.estimates_complete)
    estimated = time.perf_counter() - started
    run_events(50)
    open_peak_memory = peak_memory_mb()
    result = {
        "size": options.size,
        "shows": window.model.rowCount(),
        "loaded_s": loaded,
        "estimates_done_s": estimated,
        "filter": {"window": measure_filter(window)},
        "select": measure_selection(window, library, generated.heavy_show_title),
        "open_peak_memory_mb": open_peak_memory,  # loaded and estimated, before any use
        # Read before the filter baseline adds its own copy of every row's text.
        "peak_memory_mb": peak_memory_mb(),
        "bare_peak_memory_mb": bare_window_peak_memory_mb(),
    }
    result["filter"]["qt_proxy"] = measure_qt_filter(list(window.model.search_texts()))
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # skip tearing down 100,000 rows and widgets: the figures are printed


if __name__ == "__main__":
    main()
