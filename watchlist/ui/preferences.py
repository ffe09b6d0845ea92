"""Preferences: notifications after a sync, and syncing on start-up or every few hours."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

MAX_SYNC_INTERVAL_HOURS = 168


@dataclass(frozen=True, slots=True)
class Preferences:
    """What the user chose; stored in the window's QSettings."""

    notify_after_sync: bool = True
    sync_on_start: bool = False
    sync_every_hours: int = 0  # 0: never

    @classmethod
    def load(cls, state: QSettings) -> Preferences:
        def flag(key: str, default: bool) -> bool:
            return str(state.value(key, default)).lower() in ("true", "1")

        try:
            hours = int(str(state.value("syncEveryHours", 0)))
        except ValueError:
            hours = 0
        return cls(
            notify_after_sync=flag("notifyAfterSync", True),
            sync_on_start=flag("syncOnStart", False),
            sync_every_hours=max(0, min(hours, MAX_SYNC_INTERVAL_HOURS)),
        )

    def save(self, state: QSettings) -> None:
        state.setValue("notifyAfterSync", self.notify_after_sync)
        state.setValue("syncOnStart", self.sync_on_start)
        state.setValue("syncEveryHours", self.sync_every_hours)
        state.sync()


class PreferencesDialog(QDialog):
    """Edits Preferences; ``preferences()`` gives the result after ``exec``."""

    def __init__(
        self, current: Preferences, *, offline: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.notify = QCheckBox(self.tr("Tell me about renewals, cancellations and new dates"))
        self.notify.setObjectName("notifyAfterSync")
        self.notify.setChecked(current.notify_after_sync)
        self.on_start = QCheckBox(self.tr("Sync with TVmaze when Watchlist starts"))
        self.on_start.setObjectName("syncOnStart")
        self.on_start.setChecked(current.sync_on_start)
        self.every = QSpinBox()
        self.every.setObjectName("syncEveryHours")
        self.every.setRange(0, MAX_SYNC_INTERVAL_HOURS)
        self.every.setSpecialValueText(self.tr("Never"))
        self.every.valueChanged.connect(self._update_suffix)
        self.every.setValue(current.sync_every_hours)
        self._update_suffix(self.every.value())
        form = QFormLayout()
        form.addRow(self.tr("After a sync:"), self.notify)
        form.addRow(self.tr("Start-up:"), self.on_start)
        form.addRow(self.tr("Sync while open, every:"), self.every)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if offline:
            note = QLabel(
                self.tr("Offline mode is on, so Watchlist will not sync until it is off.")
            )
            note.setWordWrap(True)
            note.setEnabled(False)
            layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _update_suffix(self, hours: int) -> None:
        self.every.setSuffix(self.tr(" hour") if hours == 1 else self.tr(" hours"))

    def preferences(self) -> Preferences:
        return Preferences(
            notify_after_sync=self.notify.isChecked(),
            sync_on_start=self.on_start.isChecked(),
            sync_every_hours=self.every.value(),
        )
