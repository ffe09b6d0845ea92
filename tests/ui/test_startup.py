"""Starting the window on a library it cannot use: a dialog that says what happened and what to
do, nothing overwritten; a damaged library can be restored from a backup right there. And a bug
is a dialog naming the log file, never a silent exit.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.processes import as_unprivileged, run_watchlist
from tests.store.damage import damage_a_notes_page, digest, disk_full_after, library_with_notes
from watchlist.applog import LOG_FILE_NAME, setup_logging
from watchlist.config import Settings
from watchlist.store.backup import BackupKind, list_backups, take_backup
from watchlist.store.library import Library, NewShow
from watchlist.ui import app as app_module
from watchlist.ui import messages
from watchlist.ui.backup_dialog import BackupDialog
from watchlist.ui.main_window import MainWindow

from .conftest import wait_for_write

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Shown:
    """What the start-up dialog was asked to show."""

    reason: str
    offer_restore: bool


@pytest.fixture
def settings(data_dir: Path, tmp_path: Path) -> Settings:
    return Settings(data_dir=data_dir, config_dir=tmp_path / "config")


@pytest.fixture
def start_up_dialog(monkeypatch: pytest.MonkeyPatch) -> Callable[[bool], list[Shown]]:
    """Replace the start-up dialog; the answer given is 'restore' when ``restore`` is set."""

    def install(restore: bool) -> list[Shown]:
        shown: list[Shown] = []

        def answer(reason: str, *, offer_restore: bool) -> bool:
            shown.append(Shown(reason, offer_restore))
            return restore and offer_restore

        monkeypatch.setattr(messages, "cannot_open_library", answer)
        return shown

    return install


@pytest.fixture(autouse=True)
def keep_excepthook(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_gui installs its exception dialog; put pytest's hook back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


def a_library_with_a_note(path: Path, body: str = "written before") -> None:
    with Library.open(f"sqlite:///{path}") as library:
        library.add_note(library.add_show(NewShow(title="Dark")), body)


def make_newer(path: Path) -> None:
    a_library_with_a_note(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()


def make_not_a_database(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("shopping list: milk, eggs\n" * 200)


def make_foreign(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    connection.close()


def make_damaged(path: Path) -> None:
    library_with_notes(path)
    damage_a_notes_page(path)


# (what lies in the data folder, what the message must say happened, what it must say to do)
UNUSABLE = {
    "damaged": (make_damaged, "is damaged", "watchlist restore"),
    "newer": (make_newer, "written by a newer version of Watchlist", "Update Watchlist"),
    "not a database": (make_not_a_database, "is not a Watchlist library", "move it away"),
    "another program's": (make_foreign, "tables Watchlist did not create", "Choose another"),
}


@pytest.mark.parametrize("case", sorted(UNUSABLE))
def test_an_unusable_library_is_a_dialog_saying_what_to_do_and_is_left_untouched(
    case: str, settings: Settings, start_up_dialog: Callable[[bool], list[Shown]]
) -> None:
    make, happened, to_do = UNUSABLE[case]
    make(settings.database_path)
    before = digest(settings.database_path)
    files = sorted(settings.data_dir.iterdir())
    shown = start_up_dialog(False)

    assert app_module.run_gui(settings) == 1

    assert len(shown) == 1
    assert happened in shown[0].reason and to_do in shown[0].reason
    assert not shown[0].offer_restore  # there is no backup to offer
    assert digest(settings.database_path) == before
    # Nothing added beside it either, but SQLite's (empty) companions of a read-only look.
    wal = settings.database_path.with_name("library.sqlite3-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    companions = {wal, settings.database_path.with_name("library.sqlite3-shm")}
    assert sorted(set(settings.data_dir.iterdir()) - companions) == files


def test_a_full_disk_while_creating_the_library_is_a_dialog(
    settings: Settings, start_up_dialog: Callable[[bool], list[Shown]]
) -> None:
    shown = start_up_dialog(False)
    with disk_full_after(1):
        assert app_module.run_gui(settings) == 1
    assert len(shown) == 1
    assert "is full" in shown[0].reason and "Free some disk space" in shown[0].reason


def test_an_unwritable_data_folder_is_a_dialog(
    tmp_path: Path, start_up_dialog: Callable[[bool], list[Shown]]
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("where the data folder should be")
    shown = start_up_dialog(False)
    assert app_module.run_gui(Settings(data_dir=blocker / "watchlist")) == 1
    assert "Cannot create the data folder" in shown[0].reason
    assert "--data-dir" in shown[0].reason
    assert blocker.read_text() == "where the data folder should be"


@pytest.mark.parametrize("make", [make_damaged, make_not_a_database])
def test_a_damaged_library_with_backups_is_offered_a_restore(
    make: Callable[[Path], None],
    settings: Settings,
    start_up_dialog: Callable[[bool], list[Shown]],
) -> None:
    a_library_with_a_note(settings.database_path)
    take_backup(settings.database_path, settings.backups_dir, BackupKind.DAILY)
    settings.database_path.unlink()
    make(settings.database_path)
    before = digest(settings.database_path)
    shown = start_up_dialog(False)  # the user closes the dialog instead

    assert app_module.run_gui(settings) == 1

    assert shown[0].offer_restore
    assert digest(settings.database_path) == before
    assert [backup.kind for backup in list_backups(settings.backups_dir)] == [BackupKind.DAILY]


def test_restoring_from_the_start_up_dialog_opens_the_backup_and_keeps_the_damaged_file(
    settings: Settings,
    start_up_dialog: Callable[[bool], list[Shown]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a_library_with_a_note(settings.database_path, "in the backup")
    take_backup(settings.database_path, settings.backups_dir, BackupKind.DAILY)
    settings.database_path.unlink()
    make_damaged(settings.database_path)
    damaged = settings.database_path.read_bytes()
    shown = start_up_dialog(True)
    monkeypatch.setattr(messages, "confirm", lambda *_args: True)
    offered: list[bool] = []

    def choose_the_backup(dialog: BackupDialog) -> int:
        offered.append(dialog.backup_button.isVisibleTo(dialog))
        dialog.list.setCurrentRow(0)
        dialog.restore_button.click()
        return int(dialog.result())

    monkeypatch.setattr(BackupDialog, "exec", choose_the_backup)

    library = app_module.open_library_or_explain(settings)

    assert library is not None
    with library:
        assert [note.body for note in library.notes()] == ["in the backup"]
    assert len(shown) == 1 and shown[0].offer_restore
    assert offered == [False]  # no "Back up now" of a library that cannot be opened
    kept = [b for b in list_backups(settings.backups_dir) if b.kind is BackupKind.PRE_RESTORE]
    assert len(kept) == 1
    assert kept[0].path.read_bytes()[100:] == damaged[100:]  # the damaged pages, kept


def test_the_start_up_dialog_offers_restore_only_when_asked(qtbot: QtBot) -> None:
    seen: list[tuple[str, list[str]]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append((box.informativeText(), [b.text() for b in box.buttons()]))
        restore = box.findChild(QPushButton, "restoreFromBackupButton")
        (restore or box.button(QMessageBox.StandardButton.Close)).click()

    QTimer.singleShot(0, answer)
    assert messages.cannot_open_library("The library is damaged.", offer_restore=True)
    QTimer.singleShot(0, answer)
    assert not messages.cannot_open_library("Update Watchlist.", offer_restore=False)
    assert seen[0][0] == "The library is damaged."
    assert "Restore from backup…" in seen[0][1]
    assert seen[1][1] == ["Close"]


@pytest.fixture
def read_only() -> Iterator[list[Path]]:
    paths: list[Path] = []
    yield paths
    for path in paths:
        path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_library_is_a_dialog_in_a_real_process(
    what: str, data_dir: Path, read_only: list[Path]
) -> None:
    library = data_dir / "library.sqlite3"
    a_library_with_a_note(library)
    before = digest(library)
    target = data_dir if what == "folder" else library
    target.chmod(0o555 if what == "folder" else 0o444)
    read_only.append(target)

    probe = as_unprivileged([sys.executable, "-m", "tests.ui.startup_probe"])
    result = run_watchlist(
        probe, data_dir=data_dir, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO)
    )

    assert result.returncode == 1, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    expected = f"The data folder {data_dir} is not writable" if what == "folder" else "read-only"
    assert expected in shown["reason"] and "nothing was changed" in shown["reason"]
    assert not shown["offer_restore"]
    assert "Traceback" not in result.stderr
    assert digest(library) == before


# -- a full disk after the window opened -----------------------------------------------------


def test_a_full_disk_when_posting_a_note_is_a_message_and_saves_nothing(
    qtbot: QtBot,
    sample_window: MainWindow,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    show_id = library.resolve_show_id("Dark")
    before = [note.body for note in library.notes(show_id)]
    assert sample_window.show_list.select_show(show_id)
    with disk_full_after(0):
        library.engine.dispose()  # new connections, each allowed no more pages
        sample_window.notes.input.setPlainText("x" * 50_000)
        sample_window.notes.post_button.click()
        wait_for_write(qtbot, sample_window)
    library.engine.dispose()
    assert len(warnings) == 1
    assert "is full, so nothing was saved" in warnings[0] and "Free some disk space" in warnings[0]
    assert [note.body for note in library.notes(show_id)] == before


# -- bugs --------------------------------------------------------------------------------------


@pytest.fixture
def critical_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    return shown


@pytest.fixture
def log_file(data_dir: Path) -> Iterator[Path]:
    path = setup_logging(data_dir / "logs")
    assert path == data_dir / "logs" / LOG_FILE_NAME
    yield path
    setup_logging(None)


def test_an_unexpected_error_is_a_dialog_naming_the_log_file(
    critical_dialogs: list[str], log_file: Path
) -> None:
    try:
        raise ZeroDivisionError("division by zero in the estimator")
    except ZeroDivisionError as error:
        app_module.report_unexpected_error(type(error), error, error.__traceback__)
    assert len(critical_dialogs) == 1
    assert "division by zero in the estimator" in critical_dialogs[0]
    assert str(log_file) in critical_dialogs[0]
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "ZeroDivisionError" in logged


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_reaches_the_dialog(
    qtbot: QtBot, critical_dialogs: list[str], log_file: Path
) -> None:
    app_module.install_exception_dialog()

    def broken_slot() -> None:
        raise RuntimeError("a bug in a slot")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(critical_dialogs), timeout=5000)
    assert "a bug in a slot" in critical_dialogs[0] and str(log_file) in critical_dialogs[0]


def test_a_bug_while_opening_the_library_is_the_dialog_not_a_silent_exit(
    settings: Settings,
    critical_dialogs: list[str],
    log_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(_settings: Settings) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(app_module, "open_library_or_explain", broken)
    assert app_module.run_gui(settings) == 1
    assert len(critical_dialogs) == 1 and str(log_file) in critical_dialogs[0]
