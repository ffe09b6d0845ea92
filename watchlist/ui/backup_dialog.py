"""Restore from backup: the backups in the data folder, newest first, with a safe restore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from watchlist.config import Settings
from watchlist.store.backup import BackupFile, BackupKind, list_backups
from watchlist.ui import formatting, icons, messages

_KIND_LABELS = {
    BackupKind.DAILY: "Daily",
    BackupKind.PRE_MIGRATION: "Before an upgrade",
    BackupKind.MANUAL: "Made by you",
    BackupKind.PRE_RESTORE: "Before a restore",
}


class BackupDialog(QDialog):
    """Lists backups; emits ``restoreRequested`` with the chosen file after confirmation."""

    restoreRequested = Signal(object)
    backupRequested = Signal()

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        offer_backup_now: bool = True,
        chosen: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle(self.tr("Backups"))
        self.settings = settings
        intro = QLabel(
            self.tr(
                "Watchlist backs up your library every day and before every upgrade. "
                "Restoring replaces the library with the backup; the library as it is now is "
                "kept as a backup first."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda _item: self._restore())
        self.restore_button = QPushButton(icons.import_file(), self.tr("Restore…"))
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self._restore)
        self.backup_button = QPushButton(icons.export_file(), self.tr("Back up now"))
        self.backup_button.setObjectName("backupNowButton")
        self.backup_button.clicked.connect(self.backupRequested)
        folder_button = QPushButton(self.tr("Open folder"))
        folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(settings.backups_dir)))
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.backup_button.setVisible(offer_backup_now)  # not when the library cannot be opened
        buttons.addButton(folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(560, 380)
        self.refresh()
        if chosen is not None:
            self.choose(chosen)

    def refresh(self) -> None:
        self.list.clear()
        for backup in list_backups(self.settings.backups_dir):
            text = self.tr("{when} · {kind} · {size}").format(
                when=formatting.timestamp(backup.taken_at),
                kind=self.tr(_KIND_LABELS[backup.kind]),
                size=_size_text(backup.size),
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, backup)
            self.list.addItem(item)
        if not self.list.count():
            placeholder = QListWidgetItem(self.tr("No backups yet."))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        self._update_buttons()

    def choose(self, path: Path) -> None:
        """Select the backup at ``path`` (the one a lost library is offered)."""
        for row in range(self.list.count()):
            backup = self.list.item(row).data(Qt.ItemDataRole.UserRole)
            if isinstance(backup, BackupFile) and backup.path == path:
                self.list.setCurrentRow(row)
                return

    def selected(self) -> BackupFile | None:
        items = self.list.selectedItems()
        backup = items[0].data(Qt.ItemDataRole.UserRole) if items else None
        return backup if isinstance(backup, BackupFile) else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _restore(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        question = self.tr(
            "Replace your library with the backup from {when}? Changes made since then will "
            "be replaced; the library as it is now is kept as a backup first."
        ).format(when=formatting.timestamp(backup.taken_at))
        if messages.confirm(self, self.tr("Restore from backup"), question, self.tr("Restore")):
            self.restoreRequested.emit(backup)


def _size_text(size: int) -> str:
    if size >= 1_048_576:
        return f"{size / 1_048_576:.1f} MB"
    return f"{max(1, size // 1024)} KB"
