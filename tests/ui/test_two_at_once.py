"""The window and command lines writing notes to one library at the same time lose none."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.processes import watchlist_command
from watchlist.store.library import Library
from watchlist.ui.main_window import MainWindow

from .conftest import wait_for_write

COMMAND_LINES = 6
MIN_WINDOW_NOTES = 8


@pytest.mark.slow
def test_the_window_and_command_lines_posting_notes_at_once_lose_none(
    qtbot: QtBot, sample_window: MainWindow, library: Library, data_dir: Path
) -> None:
    show_id = library.resolve_show_id("Dark")
    before = [note.body for note in library.notes(show_id)]
    assert sample_window.show_list.select_show(show_id)
    environment = {**os.environ, "WATCHLIST_DATA_DIR": str(data_dir)}
    command_lines = [
        subprocess.Popen(
            watchlist_command("note", str(show_id), f"from the command line {number}"),
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(COMMAND_LINES)
    ]
    posted: list[str] = []
    # The window keeps posting until every command line has finished, so the writes overlap.
    while len(posted) < MIN_WINDOW_NOTES or any(p.poll() is None for p in command_lines):
        body = f"from the window {len(posted)}"
        sample_window.notes.input.setPlainText(body)
        sample_window.notes.post_button.click()
        wait_for_write(qtbot, sample_window)
        posted.append(body)
    for process in command_lines:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert out.startswith("Added note ") and "locked" not in err

    bodies = [note.body for note in library.notes(show_id)]
    expected = before + posted + [f"from the command line {n}" for n in range(COMMAND_LINES)]
    assert sorted(bodies) == sorted(expected)
    sample_window.reload()
    qtbot.waitUntil(lambda: sample_window.notes.model.rowCount() == len(expected), timeout=10_000)
    connection = sqlite3.connect(data_dir / "library.sqlite3")
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()
