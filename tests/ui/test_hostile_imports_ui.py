"""The window's *Import…* with files no parser can hold: a plain message, nothing imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from tests.store.snapshot import snapshot
from watchlist.store.library import Library
from watchlist.ui.main_window import MainWindow

from .conftest import wait_for_write

HEADER = '{"format": "watchlist-export", "version": 1, "shows": '
HOSTILE_FILES = {
    "nested 5,000 deep": (
        HEADER + "[" * 5_000 + "]" * 5_000 + "}",
        "nests lists or objects hundreds of levels deep",
    ),
    "a 5,000-digit number": (
        HEADER + '[{"title": "x", "rating": ' + "9" * 5_000 + "}]}",
        "a number more than 4,300 digits long",
    ),
    "a lone surrogate": (
        HEADER + '[{"title": "Dark\\ud800"}]}',
        "shows[0].title: is not valid Unicode text",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_importing_a_hostile_file_is_a_plain_message_and_imports_nothing(  # noqa: PLR0917
    qtbot: QtBot,
    sample_window: MainWindow,
    library: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
) -> None:
    text, message = HOSTILE_FILES[case]
    hostile = tmp_path / "hostile.json"
    hostile.write_text(text, encoding="utf-8")
    shown: dict[str, list[str]] = {"warning": [], "critical": []}
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown["warning"].append(text))
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _p, _t, text: shown["critical"].append(text)
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(hostile), ""))
    before = snapshot(library)
    action = sample_window.findChild(QAction, "importAction")
    assert action is not None
    action.trigger()
    wait_for_write(qtbot, sample_window)
    assert shown["critical"] == []  # not "Something went wrong"
    assert len(shown["warning"]) == 1 and message in shown["warning"][0]
    assert snapshot(library) == before
