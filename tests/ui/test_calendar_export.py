"""File → Export calendar: the dialog, the .ics file written off the GUI thread, the banner."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from tests.store.shows import add_synced, weekly
from watchlist.core.records import SeasonRecord
from watchlist.core.status import RenewalStatus, WatchStatus
from watchlist.store.library import Library, NewShow, SeasonEdit
from watchlist.ui.calendar_dialog import CalendarExportDialog
from watchlist.ui.main_window import MainWindow

from .conftest import WindowFactory


@pytest.fixture
def window(library: Library, make_window: WindowFactory) -> MainWindow:
    """Severance (TVmaze 2) premieres tomorrow with two dated episodes; Dark is only estimated."""
    add_synced(
        library,
        title="Severance",
        tvmaze=2,
        seasons=(
            SeasonRecord(1, premiere_date=date(2022, 2, 18), episode_count=9),
            SeasonRecord(2, premiere_date=date(2025, 7, 16)),
        ),
        episodes=weekly(2, 2, date(2025, 7, 16)),
    )
    library.add_show(
        NewShow(
            title="Dark",
            renewal_status=RenewalStatus.RENEWED,
            watch_status=WatchStatus.WATCHING,
            seasons=(SeasonEdit(1, date(2023, 5, 1), 10),),
        )
    )
    return make_window()


def export_with(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    target: Path,
    *,
    estimates: bool,
) -> None:
    """Choose ``target`` in the (patched) file dialog, set the option, export, wait."""
    chosen: list[str] = []

    def save_file_name(parent: QWidget, caption: str, start: str, filters: str) -> tuple[str, str]:
        chosen.append(start)
        return str(target.with_suffix("")), "iCalendar file (*.ics)"  # no suffix typed

    def fill(dialog: CalendarExportDialog) -> int:
        dialog.browse.click()
        dialog.estimates.setChecked(estimates)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    monkeypatch.setattr(CalendarExportDialog, "exec", fill)
    window.calendar_action.trigger()
    qtbot.waitUntil(window.banner.isVisible, timeout=5000)
    assert chosen, "the file dialog was not asked"


def events(path: Path) -> dict[str, tuple[str, str]]:
    """UID -> (status, summary) of every event in the file."""
    calendar = Calendar.from_ical(path.read_bytes())
    return {
        str(event["UID"]): (str(event["STATUS"]), str(event["SUMMARY"]))
        for event in calendar.walk("VEVENT")
    }


def test_export_calendar_writes_the_confirmed_dates(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "shows.ics"
    export_with(qtbot, window, monkeypatch, target, estimates=False)
    assert events(target) == {
        "tvmaze-2-s2-premiere@watchlist": ("CONFIRMED", "Severance — Season 2 premiere"),
        "tvmaze-2-s2e2@watchlist": ("CONFIRMED", "Severance S2E2 · Episode 2"),
    }
    assert window.banner.tone == "info"
    assert window.banner.text.text() == f"Calendar written to {target}: 2 events."


def test_export_calendar_can_add_estimates_as_tentative_and_remembers_the_choice(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    ui_state_path: Path,
) -> None:
    target = tmp_path / "shows.ics"
    export_with(qtbot, window, monkeypatch, target, estimates=True)
    written = events(target)
    assert len(written) == 3
    status, summary = written[
        f"show-{window.library.resolve_show_id('Dark')}-s2-premiere@watchlist"
    ]
    assert status == "TENTATIVE" and summary.startswith("Dark — Season 2 premiere?")
    window.save_state()
    state = QSettings(str(ui_state_path), QSettings.Format.IniFormat)
    assert state.value("calendarPath") == str(target)
    dialog_started: list[tuple[str, bool]] = []

    def look(dialog: CalendarExportDialog) -> int:
        dialog_started.append((dialog.path.text(), dialog.include_estimates()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(CalendarExportDialog, "exec", look)
    window.calendar_action.trigger()
    assert dialog_started == [(str(target), True)]


def test_exporting_again_keeps_the_same_uids(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "shows.ics"
    export_with(qtbot, window, monkeypatch, target, estimates=True)
    first = set(events(target))
    window.banner.hide()
    export_with(qtbot, window, monkeypatch, target, estimates=True)
    assert set(events(target)) == first


def test_a_calendar_that_cannot_be_written_is_reported_in_the_banner(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "no such folder" / "shows.ics"
    export_with(qtbot, window, monkeypatch, target, estimates=False)
    assert window.banner.tone == "problem"
    assert window.banner.text.text().startswith("The calendar was not written. Cannot write")
    assert not target.parent.exists()


def test_the_export_button_needs_a_file_name(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = CalendarExportDialog(tmp_path / "watchlist.ics")
    qtbot.addWidget(dialog)
    export = dialog.buttons.buttons()[0]
    assert export.text() == "Export" and export.isEnabled()
    dialog.path.clear()
    assert not export.isEnabled()
    dialog.path.setText(str(tmp_path / "mine"))
    assert dialog.chosen_path() == tmp_path / "mine.ics"
