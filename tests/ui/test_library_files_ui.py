"""The window and library files: a lost library is offered its newest backup, and another
program's database is never restored over the library."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.store.damage import digest
from tests.store.test_library_identity import foreign_alembic_database
from watchlist.config import Settings
from watchlist.store.backup import BackupKind, list_backups, take_backup
from watchlist.store.library import Library, NewShow
from watchlist.ui import app as app_module
from watchlist.ui import messages
from watchlist.ui.backup_dialog import BackupDialog
from watchlist.ui.main_window import MainWindow

from .conftest import wait_for_write


@pytest.fixture
def settings(data_dir: Path, tmp_path: Path) -> Settings:
    return Settings(data_dir=data_dir, config_dir=tmp_path / "config")


def test_an_emptied_library_is_a_dialog_offering_its_newest_backup_with_shows(
    qtbot: QtBot, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library.open(settings.database_url) as library:
        library.add_note(library.add_show(NewShow(title="Dark")), "Years of notes")
    holding = take_backup(
        settings.database_path,
        settings.backups_dir,
        BackupKind.DAILY,
        now=lambda: datetime(2026, 1, 1, tzinfo=UTC),
    )
    for side in ("-wal", "-shm"):
        Path(f"{settings.database_path}{side}").unlink(missing_ok=True)
    settings.database_path.write_bytes(b"")  # lost: an empty file where the library was
    newer_but_empty = take_backup(
        settings.database_path,
        settings.backups_dir,
        BackupKind.MANUAL,
        now=lambda: datetime(2026, 1, 2, tzinfo=UTC),
    )
    shown: list[tuple[str, bool]] = []

    def answer(reason: str, *, offer_restore: bool) -> bool:
        shown.append((reason, offer_restore))
        return offer_restore  # the user chooses Restore from backup…

    monkeypatch.setattr(messages, "cannot_open_library", answer)
    monkeypatch.setattr(messages, "confirm", lambda *_args: True)
    offered: list[Path | None] = []

    def restore_what_is_offered(dialog: BackupDialog) -> int:
        selected = dialog.selected()
        offered.append(selected.path if selected else None)
        dialog.restore_button.click()
        return int(dialog.result())

    monkeypatch.setattr(BackupDialog, "exec", restore_what_is_offered)

    library = app_module.open_library_or_explain(settings)

    assert library is not None
    with library:
        assert [note.body for note in library.notes()] == ["Years of notes"]
    assert len(shown) == 1 and shown[0][1]
    assert "is empty (0 bytes)" in shown[0][0] and str(holding.path) in shown[0][0]
    assert offered == [holding.path]  # not the newer backup of the empty file
    assert newer_but_empty.path != holding.path


def test_restoring_another_programs_database_in_the_window_is_refused_and_changes_nothing(
    qtbot: QtBot,
    sample_window: MainWindow,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = sample_window.settings
    settings.backups_dir.mkdir(parents=True, exist_ok=True)
    foreign = settings.backups_dir / "library-manual-20260101T000000Z.sqlite3"
    foreign_alembic_database(foreign, "0004")
    library.engine.dispose()
    before = digest(settings.database_path)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    monkeypatch.setattr(messages, "confirm", lambda *_args: True)
    dialog = BackupDialog(settings, sample_window)
    qtbot.addWidget(dialog)
    dialog.restoreRequested.connect(lambda backup: sample_window._restore(backup, dialog))
    dialog.choose(foreign)
    dialog.restore_button.click()
    wait_for_write(qtbot, sample_window)

    assert len(warnings) == 1 and "is not a Watchlist library" in warnings[0]
    library.engine.dispose()
    assert digest(settings.database_path) == before
    assert [backup.path for backup in list_backups(settings.backups_dir)] == [foreign]
    assert library.count_shows() == 12  # every later read still works
