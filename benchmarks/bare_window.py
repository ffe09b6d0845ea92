"""The start-up baseline: a bare PySide6 window with an empty table, shown and grabbed the way
``watchlist gui --screenshot`` shows and grabs the main window (1280x800, offscreen).

    python benchmarks/bare_window.py OUT.png
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.resize(1280, 800)
    window.show()
    for _ in range(5):
        app.processEvents()
    return 0 if window.grab().save(sys.argv[1]) else 1


if __name__ == "__main__":
    sys.exit(main())
