"""The start-up baseline: a bare PySide6 window with an empty table, shown and grabbed the way
``watchlist gui --screenshot`` shows and grabs the main window (1280x800, offscreen).

    python benchmarks/bare_window.py OUT.png [--print-peak-memory]

``--print-peak-memory`` prints the process's own peak memory (VmHWM, MB) at the end: the memory
baseline. (A parent's ``wait4`` can report the parent's size for a child it forked.)
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


def peak_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.resize(1280, 800)
    window.show()
    for _ in range(5):
        app.processEvents()
    saved = window.grab().save(sys.argv[1])
    if "--print-peak-memory" in sys.argv[2:]:
        print(f"{peak_memory_mb():.1f}")
    return 0 if saved else 1


if __name__ == "__main__":
    sys.exit(main())
