"""The one way the window asks for confirmation or tells the user something went wrong."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(parent: QWidget | None, title: str, question: str, action: str) -> bool:
    """Ask before something that cannot be undone; Cancel is the default answer."""
    box = QMessageBox(parent)
    box.setObjectName("confirmDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(question)
    accept = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is accept


def cannot_open_library(reason: str, *, offer_restore: bool) -> bool:
    """Say at start-up why the library cannot be opened and what to do.

    With ``offer_restore`` (a damaged library that has backups) the dialog offers to restore
    one; returns True when the user chose that.
    """
    box = QMessageBox()
    box.setObjectName("openFailedDialog")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("messages", "Watchlist"))
    box.setText(QCoreApplication.translate("messages", "Watchlist cannot open your library."))
    box.setInformativeText(reason)
    restore = None
    if offer_restore:
        restore = box.addButton(
            QCoreApplication.translate("messages", "Restore from backup…"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        restore.setObjectName("restoreFromBackupButton")
    close = box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(restore or close)
    box.setEscapeButton(close)
    box.exec()
    return restore is not None and box.clickedButton() is restore
