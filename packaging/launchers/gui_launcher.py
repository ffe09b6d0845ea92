"""Entry script of the windowed program (Windows ``watchlist-gui.exe``, the macOS app).

A windowed program has no console: Python then sets ``sys.stdout`` and ``sys.stderr`` to None,
and the first message written to them would crash the app. Send them to the null device
instead; the log file in the data folder still records everything.
"""

import os
import sys
from pathlib import Path

from watchlist.cli import gui_main

if __name__ == "__main__":
    for stream in ("stdout", "stderr"):
        if getattr(sys, stream) is None:
            # Open for the life of the process: there is nothing to close it before exit.
            setattr(sys, stream, Path(os.devnull).open("w", encoding="utf-8"))  # noqa: SIM115
    raise SystemExit(gui_main())
