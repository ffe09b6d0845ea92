"""Start-up: the whole ``watchlist gui --screenshot PNG`` process vs a bare PySide6 window.

For each generated library (``generate_library.py``) the app's own command runs as a new process
(offline, on that library) until it has written its screenshot and exited: interpreter start,
imports, opening and checking the database, loading the list, drawing and grabbing the window.
The screenshot is the window as a user first sees it: for a library of more than 2,000 shows,
its first page of rows with the library's counts (``ui/list_loading.py``), taken before the rest
of the list is read; the process then stops that read and exits.
The baseline, ``bare_window.py``, is the same interpreter showing and grabbing a ``QMainWindow``
with an empty ``QTableView`` at the same size. Runs alternate (baseline, app, baseline, app...)
so both see the same machine load; the medians and their ratio are printed as one JSON object,
with each process's peak memory (``wait4``'s ``ru_maxrss``). Both run with compiled modules
cached under ``out/pycache`` (as an installed app has them). Never passes or fails.

    python benchmarks/bench_startup.py --size 10000 [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_library import library_for

HERE = Path(__file__).resolve().parent
# Compiled modules are cached here, as an installed app has them (pip compiles on install):
# a start-up that compiles every module from source is not what a user sees.
BYTECODE_CACHE = HERE / "out" / "pycache"


def app_command(data_dir: Path, screenshot: Path) -> list[str]:
    """``watchlist gui --screenshot`` through the installed entry point when there is one."""
    script = Path(sys.executable).parent / "watchlist"
    launcher = [str(script)] if script.is_file() else [sys.executable, "-m", "watchlist"]
    return [
        *launcher,
        "--data-dir",
        str(data_dir),
        "--offline",
        "gui",
        "--screenshot",
        str(screenshot),
    ]


def timed_process(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one process run to its end; raises if it failed."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} exited {process.returncode}: {errors.strip()}")
    return seconds, usage.ru_maxrss / 1024


def measure(size: int, runs: int) -> dict[str, Any]:
    generated = library_for(size, quiet=True)
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "WATCHLIST_OFFLINE": "1",
        "PYTHONPYCACHEPREFIX": str(BYTECODE_CACHE),
    }
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    app_times, app_memory, bare_times, bare_memory = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="watchlist-bench-startup-") as name:
        folder = Path(name)
        bare = [sys.executable, str(HERE / "bare_window.py"), str(folder / "bare.png")]
        app = app_command(generated.data_dir, folder / "app.png")
        timed_process(app, environment)  # a first, unmeasured run warms the caches
        timed_process(bare, environment)
        for _ in range(runs):
            seconds, memory = timed_process(bare, environment)
            bare_times.append(seconds)
            bare_memory.append(memory)
            seconds, memory = timed_process(app, environment)
            app_times.append(seconds)
            app_memory.append(memory)
    app_median, bare_median = statistics.median(app_times), statistics.median(bare_times)
    return {
        "size": size,
        "shows": generated.shows,
        "runs": runs,
        "app_s": app_median,
        "bare_s": bare_median,
        "ratio": app_median / bare_median,
        "app_times_s": app_times,
        "bare_times_s": bare_times,
        "app_peak_mb": statistics.median(app_memory),
        "bare_peak_mb": statistics.median(bare_memory),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    print(json.dumps(measure(options.size, options.runs)))


if __name__ == "__main__":
    main()
