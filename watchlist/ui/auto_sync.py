"""Syncs the window starts by itself (at start-up, every few hours) and the news after a sync.

Both follow the user's ``Preferences``. An automatic sync starts only when Watchlist is online,
no sync is running and the library has shows linked to TVmaze (checked off the GUI thread).
After every sync the change log is read off the GUI thread for news about followed shows
(``sync.notifications``), which the ``Notifier`` shows unless the user turned that off.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from watchlist.store.library import Library
from watchlist.ui.notifier import Notifier
from watchlist.ui.preferences import Preferences
from watchlist.ui.sync_controller import SyncController
from watchlist.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from watchlist.sync.notifications import Notification
    from watchlist.sync.service import SyncReport

log = logging.getLogger(__name__)

MS_PER_HOUR = 3_600_000


def has_linked_shows(library: Library) -> bool:
    """Whether any show is linked to TVmaze (so a sync has something to do); for a worker."""
    from watchlist.sync.merge import sync_targets

    return any(target.tvmaze_id is not None for target in sync_targets(library))


def read_notifications(library: Library, report: SyncReport) -> list[Notification]:
    """The news a sync found about followed shows; for a worker."""
    from watchlist.sync.notifications import notifications_after_sync

    return notifications_after_sync(library, report)


class SyncAutomation(QObject):
    """Starts syncs per the preferences and notifies the user of what they found."""

    syncSkipped = Signal(str)  # why an automatic sync did not start (for the log and tests)
    notificationsReady = Signal(object)  # list[Notification], also when empty

    def __init__(
        self,
        library: Library,
        sync: SyncController,
        runner: TaskRunner,
        notifier: Notifier,
        *,
        start_sync: Callable[[], None],
        preferences: Preferences,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.sync = sync
        self.runner = runner
        self.notifier = notifier
        self._start_sync = start_sync
        self.preferences = preferences
        self.timer = QTimer(self)
        self.timer.setObjectName("autoSyncTimer")
        self.timer.timeout.connect(lambda: self.sync_if_possible("timer"))
        self.sync.syncFinished.connect(self._sync_finished)
        self.apply(preferences)

    def apply(self, preferences: Preferences) -> None:
        """Use new preferences: (re)start or stop the timer."""
        self.preferences = preferences
        interval = preferences.sync_every_hours * MS_PER_HOUR
        if not interval:
            self.timer.stop()
        elif not (self.timer.isActive() and self.timer.interval() == interval):
            # An unchanged interval keeps running: saving the preferences is no reason to wait
            # a whole interval again.
            self.timer.start(interval)
            log.info("Syncing every %d hours while Watchlist runs", preferences.sync_every_hours)

    def start_up(self) -> None:
        """Called once the library is on screen: sync if the user asked for it at start-up."""
        if self.preferences.sync_on_start:
            self.sync_if_possible("start-up")

    def sync_if_possible(self, why: str) -> None:
        """Start a sync unless offline, already syncing or nothing is linked to TVmaze."""
        if self.sync.offline:
            self._skip(why, "offline")
            return
        if self.sync.syncing:
            self._skip(why, "a sync is already running")
            return
        library = self.library

        def checked(linked: bool) -> None:
            if not linked:
                self._skip(why, "no show is linked to TVmaze")
            elif self.sync.offline:
                self._skip(why, "offline")
            elif self.sync.syncing:
                self._skip(why, "a sync is already running")
            else:
                log.info("Automatic sync (%s)", why)
                self._start_sync()

        self.runner.read(lambda: has_linked_shows(library), checked)

    def _skip(self, why: str, reason: str) -> None:
        log.info("No automatic sync (%s): %s", why, reason)
        self.syncSkipped.emit(reason)

    def _sync_finished(self, report: SyncReport) -> None:
        if not self.preferences.notify_after_sync or report.started_at is None:
            return
        library = self.library
        self.runner.read(lambda: read_notifications(library, report), self._notify)

    def _notify(self, notifications: list[Notification]) -> None:
        # Checked again: the user may have turned notifications off while the news was read.
        if notifications and self.preferences.notify_after_sync:
            from watchlist.sync.notifications import notification_digest

            if len({notification.show_id for notification in notifications}) == 1:
                # One show: its title heads the message, so the lines need not repeat it.
                title = notifications[0].show_title
                text = "\n".join(notification.message for notification in notifications)
            else:
                title = self.tr("News about your shows")
                text = notification_digest(notifications)
            self.notifier.notify(title, text)
        self.notificationsReady.emit(notifications)
