"""Telling the user what a sync found: a desktop notification where the platform has a system
tray, otherwise an information banner in the window."""

from __future__ import annotations

import logging
from enum import StrEnum

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from watchlist.ui import icons
from watchlist.ui.banner import Banner

log = logging.getLogger(__name__)

MESSAGE_MS = 10_000


class Shown(StrEnum):
    """Where a notification went."""

    TRAY = "tray"
    BANNER = "banner"
    HELD_BACK = "held back"  # the banner shows a problem the user has not dismissed


class Notifier(QObject):
    """Shows news through the system tray or the in-app banner; ``activated`` when clicked."""

    activated = Signal()

    def __init__(
        self, banner: Banner, parent: QObject | None = None, *, use_tray: bool | None = None
    ) -> None:
        super().__init__(parent)
        self.banner = banner
        if use_tray is None:
            use_tray = (
                QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()
            )
        self.tray: QSystemTrayIcon | None = None
        if use_tray:
            self.tray = QSystemTrayIcon(icons.app_icon(), self)
            self.tray.setToolTip(self.tr("Watchlist"))
            self.tray.messageClicked.connect(self.activated)
            self.tray.activated.connect(lambda _reason: self.activated.emit())

    @property
    def uses_tray(self) -> bool:
        return self.tray is not None

    def notify(self, title: str, text: str) -> Shown:
        """Show ``title`` and ``text`` (lines); a problem in the banner is never covered up."""
        log.info("Notification: %s: %s", title, text.replace("\n", "; "))
        if self.tray is not None:
            self.tray.show()
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)
            return Shown.TRAY
        if not self.banner.isHidden() and self.banner.tone == "problem":
            log.info("Notification held back: the banner shows a problem")
            return Shown.HELD_BACK
        self.banner.show_message(
            f"{title}: " + text.replace("\n", " · "), can_retry=False, tone="info"
        )
        return Shown.BANNER
