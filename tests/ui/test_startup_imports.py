"""The window starts without the network stack: sync loads it when it is first used."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_opening_the_window_does_not_load_the_network_stack(tmp_path: Path) -> None:
    code = (
        "import sys, watchlist.ui.app, watchlist.ui.main_window; "
        "print(sorted({'requests', 'urllib3', 'watchlist.sync.http'} & set(sys.modules)))"
    )
    env = {**os.environ, "WATCHLIST_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "[]"
