"""Back up now and Restore from backup, from the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from watchlist.store.backup import BackupKind, list_backups, take_backup
from watchlist.store.library import Library, NewShow
from watchlist.ui import messages
from watchlist.ui.backup_dialog import BackupDialog
from watchlist.ui.main_window import MainWindow

from .conftest import wait_for_write


def test_back_up_now_then_restore_brings_the_library_back(
    qtbot: QtBot, sample_window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = sample_window.settings
    sample_window.back_up_now()
    qtbot.waitUntil(lambda: len(list_backups(settings.backups_dir)) == 1)
    library.add_show(NewShow(title="Added after the backup"))
    sample_window.reload()
    qtbot.waitUntil(lambda: sample_window.model.rowCount() == 13)

    dialog = BackupDialog(settings, sample_window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    dialog.list.setCurrentRow(0)
    monkeypatch.setattr(messages, "confirm", lambda *_args: True)
    dialog.restoreRequested.connect(lambda backup: sample_window._restore(backup, dialog))
    dialog.restore_button.click()
    wait_for_write(qtbot, sample_window)
    qtbot.waitUntil(lambda: sample_window.model.rowCount() == 12)
    assert library.count_shows() == 12
    kinds = [backup.kind for backup in list_backups(settings.backups_dir)]
    assert sorted(kinds) == sorted([BackupKind.MANUAL, BackupKind.PRE_RESTORE])


def test_restore_asks_first_and_does_nothing_when_declined(
    qtbot: QtBot, sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample_window.back_up_now()
    qtbot.waitUntil(lambda: len(list_backups(sample_window.settings.backups_dir)) == 1)
    dialog = BackupDialog(sample_window.settings, sample_window)
    qtbot.addWidget(dialog)
    requested: list[object] = []
    dialog.restoreRequested.connect(requested.append)
    monkeypatch.setattr(messages, "confirm", lambda *_args: False)
    dialog.list.setCurrentRow(0)
    dialog.restore_button.click()
    assert requested == []


def test_restore_from_backup_in_the_file_menu_restores_and_reloads_the_window(
    qtbot: QtBot, sample_window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = sample_window.settings
    sample_window.backup_action.trigger()
    qtbot.waitUntil(lambda: len(list_backups(settings.backups_dir)) == 1)
    library.add_show(NewShow(title="Added after the backup"))
    sample_window.reload()
    qtbot.waitUntil(lambda: sample_window.model.rowCount() == 13)
    monkeypatch.setattr(messages, "confirm", lambda *_args: True)
    seen: list[int] = []

    def choose_the_backup() -> None:
        dialog = sample_window.findChild(BackupDialog)
        assert dialog is not None and dialog.isVisible()
        QTimer.singleShot(20_000, dialog.reject)  # never hang the suite if the restore fails
        seen.append(dialog.list.count())
        dialog.list.setCurrentRow(0)
        dialog.restore_button.click()

    QTimer.singleShot(0, choose_the_backup)
    sample_window.restore_action.trigger()  # modal: returns when the dialog closes

    assert seen == [1]
    qtbot.waitUntil(lambda: sample_window.model.rowCount() == 12)
    assert library.count_shows() == 12
    assert "Restored the library" in sample_window.statusBar().currentMessage()


def test_the_backups_dialog_is_one_dialog_listing_new_backups_each_time(
    sample_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened again, it is refreshed (a backup taken meanwhile shows), never built anew."""
    seen: list[tuple[BackupDialog, int]] = []

    def look_and_close(dialog: BackupDialog) -> int:
        items = [dialog.list.item(row) for row in range(dialog.list.count())]
        listed = [item for item in items if item.data(Qt.ItemDataRole.UserRole) is not None]
        seen.append((dialog, len(listed)))
        return 0

    monkeypatch.setattr(BackupDialog, "exec", look_and_close)
    sample_window.show_backups()
    take_backup(sample_window.settings.database_path, sample_window.settings.backups_dir,
                BackupKind.MANUAL)  # fmt: skip
    sample_window.show_backups()
    (first, before), (second, after) = seen
    assert first is second
    assert after == before + 1
    assert len(sample_window.findChildren(BackupDialog)) == 1
