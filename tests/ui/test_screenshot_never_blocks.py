"""``watchlist gui --screenshot`` ends in bounded time: nothing modal can hold it up.

On a large damaged library (too large for the structural check at open, so the damage is met
while the window reads), the window's error message box used to wait for a click forever.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store.damage import damage_a_notes_page, library_with_notes

# A large library is one past the size checked at open; the damaged page is met when the
# window reads the selected show's notes.
AS_IF_LARGE = """
import sys
import watchlist.store.database as database
database.QUICK_CHECK_MAX_BYTES = 0
from watchlist.cli import main
sys.exit(main(["gui", "--screenshot", sys.argv[1]]))
"""


@pytest.mark.slow
def test_a_screenshot_of_a_damaged_large_library_is_a_one_line_error_not_a_hang(
    data_dir: Path, tmp_path: Path
) -> None:
    data_dir.mkdir(parents=True)
    library_with_notes(data_dir / "library.sqlite3")
    damage_a_notes_page(data_dir / "library.sqlite3")
    picture = tmp_path / "shot.png"
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", AS_IF_LARGE, str(picture)],
        capture_output=True,
        text=True,
        timeout=60,  # it used to never end
        check=False,
        env=environment,
    )
    assert result.returncode == 1
    ours = [line for line in result.stderr.splitlines() if line.startswith("watchlist:")]
    assert len(ours) == 1 and "Traceback" not in result.stderr
    assert ours[0].startswith("watchlist: No screenshot was taken: the window said")
    assert "is damaged" in ours[0]
    assert not picture.exists()


def test_the_deadline_ends_a_stuck_process_with_one_line() -> None:
    stuck = (
        "import time\n"
        "from watchlist.ui.modal_watch import Deadline\n"
        "with Deadline(0.2, 'The screenshot'):\n"
        "    time.sleep(60)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", stuck], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 1
    ours = [line for line in result.stderr.splitlines() if line.startswith("watchlist:")]
    assert ours == [
        "watchlist: The screenshot did not finish within 0.2 seconds; nothing was written."
    ]
