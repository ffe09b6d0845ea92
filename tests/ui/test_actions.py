"""Shortcuts, the add dialog, the About box, palette-following icons and safe links."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QPalette
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from watchlist.core.status import RenewalStatus
from watchlist.store.library import Library
from watchlist.ui import icons, messages
from watchlist.ui.about import AboutDialog
from watchlist.ui.main_window import MainWindow
from watchlist.ui.richtext import open_safe_link
from watchlist.ui.show_dialogs import AddShowDialog

from .conftest import wait_for_write


def test_standard_shortcuts_are_bound(sample_window: MainWindow) -> None:
    bindings = {
        action.objectName(): action.shortcut().toString()
        for action in (
            sample_window.add_action,
            sample_window.find_action,
            sample_window.quit_action,
            sample_window.about_action,
            sample_window.remove_action,
        )
    }
    assert bindings == {
        "addShowAction": "Ctrl+N",
        "findAction": "Ctrl+F",
        "quitAction": "Ctrl+Q",
        "aboutAction": "F1",
        "removeShowAction": "Del",
    }


def test_delete_key_in_the_show_list_removes_after_confirmation(
    qtbot: QtBot, sample_window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, question, _a: asked.append(question))
    sample_window.activateWindow()
    sample_window.show_list.view.setFocus()
    qtbot.keyClick(sample_window.show_list.view, Qt.Key.Key_Delete)
    assert len(asked) == 1 and "All of Us Are Dead" in asked[0]
    assert library.count_shows() == 12


def test_ctrl_n_adds_a_show_from_the_dialog(
    qtbot: QtBot, sample_window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: AddShowDialog) -> int:
        qtbot.keyClicks(dialog.form.title, "Kingdom")
        dialog.form.network.setText("Netflix")
        dialog.form.country.setText("kr")
        dialog.form.seasons.add_season(date(2019, 1, 25))
        dialog.form.seasons.add_season(date(2020, 3, 13))
        dialog.form.seasons.add_season(announced=True)
        dialog.form.renewal.setCurrentIndex(dialog.form.renewal.findData(RenewalStatus.AWAITING))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AddShowDialog, "exec", fill)
    sample_window.activateWindow()
    qtbot.keyClick(sample_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wait_for_write(qtbot, sample_window)
    qtbot.waitUntil(lambda: sample_window.detail.title.text() == "Kingdom")
    show = library.find_show("Kingdom")
    assert (show.network, show.country, show.premiered) == ("Netflix", "KR", date(2019, 1, 25))
    assert [s.premiere_date for s in show.seasons] == [date(2019, 1, 25), date(2020, 3, 13), None]
    assert sample_window.detail.season_count.text() == "3 seasons · 2 aired, 1 announced"


def test_add_dialog_needs_a_title_and_a_readable_expected_date(qtbot: QtBot) -> None:
    dialog = AddShowDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.form.title, "Kingdom")
    assert ok.isEnabled()
    dialog.form.expected.setText("someday")
    assert not ok.isEnabled()
    dialog.form.expected.setText("late 2026")
    assert ok.isEnabled()
    dialog.form.seasons.add_season()
    dialog.form.seasons.rows[0][1].setDate(QDate(2019, 1, 25))
    assert dialog.new_show().seasons[0].premiere_date == date(2019, 1, 25)
    dialog.form.seasons.remove_last()
    assert dialog.new_show().seasons == ()


def test_about_box_names_version_data_folder_and_tvmaze_licence(
    qtbot: QtBot, sample_window: MainWindow
) -> None:
    dialog = AboutDialog(sample_window.settings, sample_window)
    qtbot.addWidget(dialog)
    text = dialog.findChild(type(sample_window.count_label), "aboutText").text()
    assert "Watchlist 0." in text
    assert str(sample_window.settings.data_dir) in text
    assert "TVmaze" in text and "CC BY-SA" in text


def test_action_icons_follow_a_dark_palette(qtbot: QtBot, sample_window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    light_icon = sample_window.add_action.icon().pixmap(32, 32).toImage()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(
            lambda: sample_window.add_action.icon().pixmap(32, 32).toImage() != light_icon
        )
        assert icons.is_dark()
        assert icons.text_colour() == QColor("#e8eaed")
    finally:
        app.setPalette(original)


@pytest.mark.parametrize(
    ("url", "opened"),
    [
        ("https://www.tvmaze.com/shows/1", True),
        ("http://example.com/", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/path", False),
    ],
)
def test_only_http_links_open_in_the_browser(
    monkeypatch: pytest.MonkeyPatch, url: str, opened: bool
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda target: calls.append(target) or True)
    assert open_safe_link(QUrl(url)) is opened
    assert len(calls) == int(opened)
