"""Telling the user what a sync found: a desktop notification where the platform has a tray,
otherwise a banner in the window."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from watchlist.ui import icons
from watchlist.ui.banner import Banner

log = logging.getLogger(__name__)

MAX_LINES = 4


def summary_text(messages: list[str]) -> str:
    """At most a few lines, then how many more."""
    shown = messages[:MAX_LINES]
    more = len(messages) - len(shown)
    text = "\n".join(shown)
    if more > 0:
        text += f"\n… and {more} more in What's new"
    return text


class Notifier(QObject):
    """Shows news after a sync through the system tray or the in-app banner."""

    def __init__(self, banner: Banner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = banner
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icons.app_icon(), self)
            self.tray.setToolTip("Watchlist")

    @property
    def uses_tray(self) -> bool:
        return self.tray is not None

    def notify(self, title: str, messages: list[str]) -> None:
        if not messages:
            return
        text = summary_text(messages)
        log.info("Notification: %s: %s", title, text.replace("\n", "; "))
        if self.tray is not None and QSystemTrayIcon.supportsMessages():
            self.tray.show()
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
            return
        self.banner.show_message(f"{title}: " + text.replace("\n", " · "), can_retry=False,
                                 tone="info")  # fmt: skip
