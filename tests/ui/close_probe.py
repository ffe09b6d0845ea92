"""``watchlist gui`` in a real process that starts a sync and closes its window when asked.

Run as ``python -m tests.ui.close_probe CLOSE_FILE`` with ``WATCHLIST_DATA_DIR`` and
``WATCHLIST_TVMAZE_URL`` set. Once the list is loaded the probe starts a sync, as *Sync* in the
toolbar does, and prints ``syncing``; as soon as CLOSE_FILE exists it prints ``closing`` and
closes the window, as the user would. The exit status is the app's.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from watchlist.ui import app as app_module
from watchlist.ui.main_window import MainWindow


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    close_file = Path(sys.argv[1])
    create_application = app_module.create_application
    state = {"syncing": False, "closing": False}

    def window() -> MainWindow | None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        return found[0] if found else None

    def poll() -> None:
        shown = window()
        if shown is None:
            return
        if not state["syncing"] and shown.loaded:
            state["syncing"] = True
            shown.sync_all()
            print("syncing", flush=True)
        if state["syncing"] and not state["closing"] and close_file.exists():
            state["closing"] = True
            print("closing", flush=True)
            shown.close()

    def create_with_probe() -> QApplication:
        application = create_application()
        timer = QTimer(application)
        timer.timeout.connect(poll)
        timer.start(20)
        return application

    app_module.create_application = create_with_probe
    from watchlist.cli import main as watchlist_main

    return watchlist_main(["gui"])


if __name__ == "__main__":
    sys.exit(main())
