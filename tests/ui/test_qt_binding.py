"""The Qt binding Watchlist runs on keeps Python's own objects intact."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

CALLS = 2_000


def test_qt_methods_returning_nothing_leave_none_alive(qtbot: QtBot) -> None:
    """PySide6 6.12.0 (excluded in pyproject.toml) loses a reference to None per such call.

    On Python 3.11 None has a few thousand references, so the app aborted with "deallocating
    None" after a few minutes of use.
    """
    field = QLineEdit()
    qtbot.addWidget(field)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        field.setText("x")
        field.update()
    assert sys.getrefcount(None) > before - CALLS // 10
