"""Notifications after a sync, syncing on start-up and every N hours, and the preferences."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QIODevice, QSettings
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QSystemTrayIcon
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from tests.sync.fake_tvmaze import FakeTvmaze, all_of_us_are_dead
from tests.sync.fakes import FakeTime
from watchlist.config import Settings
from watchlist.core.status import WatchStatus
from watchlist.store.library import Library, NewShow, ShowChanges
from watchlist.sync.service import build_sync_service
from watchlist.ui.auto_sync import MS_PER_HOUR
from watchlist.ui.banner import Banner
from watchlist.ui.main_window import MainWindow
from watchlist.ui.notifier import Notifier, Shown
from watchlist.ui.preferences import Preferences, PreferencesDialog

SyncWindowFactory = Callable[..., MainWindow]


@pytest.fixture
def tvmaze(httpserver: HTTPServer) -> FakeTvmaze:
    server = FakeTvmaze(httpserver)
    server.posters["medium_55555.jpg"] = real_jpeg()
    return server


def real_jpeg() -> bytes:
    """A small poster Qt can really decode (a broken one is a Qt warning, and tests fail)."""
    image = QImage(21, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#3949ab"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    return bytes(buffer.data().data())


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state.ini"


@pytest.fixture(autouse=True)
def no_system_tray(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notifications go to the in-app banner, whatever the test machine's desktop has."""
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))


def save_preferences(state_path: Path, **values: Any) -> None:
    Preferences(**values).save(QSettings(str(state_path), QSettings.Format.IniFormat))


@pytest.fixture
def make_sync_window(tvmaze_windows: SyncWindowFactory, tvmaze: FakeTvmaze) -> SyncWindowFactory:
    return lambda *, offline=False: tvmaze_windows(tvmaze.url, offline=offline)


@pytest.fixture
def linked_show(library: Library, tvmaze: FakeTvmaze, data_dir: Path) -> int:
    """All of Us Are Dead, added from TVmaze (season 2 announced without a date), followed."""
    tvmaze.add(all_of_us_are_dead())
    settings = Settings(data_dir=data_dir, tvmaze_url=tvmaze.url)
    time = FakeTime()
    with build_sync_service(settings, library, clock=time.clock, sleep=time.sleep) as service:
        show_id = service.add_show(55555)
    library.edit_show(show_id, ShowChanges(watch_status=WatchStatus.WATCHING))
    return show_id


def date_season_two_upstream(tvmaze: FakeTvmaze) -> None:
    tvmaze.shows[55555]["_embedded"]["seasons"][1]["premiereDate"] = "2025-10-03"
    tvmaze.change(55555)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until no sync runs and every background job has called back."""
    qtbot.waitUntil(lambda: not window.sync.syncing and not window.runner.busy, timeout=10_000)


# -- notifications --------------------------------------------------------------------------


def test_a_sync_that_dates_a_followed_show_notifies_in_the_banner(
    qtbot: QtBot, make_sync_window: SyncWindowFactory, tvmaze: FakeTvmaze, linked_show: int
) -> None:
    window = make_sync_window()
    assert not window.notifier.uses_tray
    date_season_two_upstream(tvmaze)
    with qtbot.waitSignal(window.automation.notificationsReady, timeout=10_000) as ready:
        window.sync_action.trigger()
    notifications = ready.args[0]
    assert [n.show_id for n in notifications] == [linked_show]
    assert window.banner.isVisible() and window.banner.tone == "info"
    assert window.banner.text.text() == "All of Us Are Dead: Season 2 premieres 3 October 2025"
    assert not window.banner.retry.isVisible()


def test_the_upcoming_view_shows_the_dates_a_sync_brought(
    qtbot: QtBot, make_sync_window: SyncWindowFactory, tvmaze: FakeTvmaze, linked_show: int
) -> None:
    window = make_sync_window()
    window.sidebar.choose_upcoming()
    qtbot.waitUntil(lambda: window.upcoming.loaded, timeout=5000)
    [before] = window.upcoming.model.items()
    assert before.is_estimate
    date_season_two_upstream(tvmaze)
    window.sync_action.trigger()
    qtbot.waitUntil(lambda: not window.upcoming.model.items()[0].is_estimate, timeout=10_000)
    [after] = window.upcoming.model.items()
    assert (after.show_id, after.season_number, after.likely) == (linked_show, 2, date(2025, 10, 3))


def test_a_sync_without_news_shows_nothing(
    qtbot: QtBot, make_sync_window: SyncWindowFactory, tvmaze: FakeTvmaze, linked_show: int
) -> None:
    window = make_sync_window()
    with qtbot.waitSignal(window.automation.notificationsReady, timeout=10_000) as ready:
        window.sync_all(full=True)
    assert ready.args[0] == []
    assert not window.banner.isVisible()


def test_notifications_can_be_turned_off(
    qtbot: QtBot,
    make_sync_window: SyncWindowFactory,
    tvmaze: FakeTvmaze,
    linked_show: int,
    state_path: Path,
) -> None:
    save_preferences(state_path, notify_after_sync=False)
    window = make_sync_window()
    date_season_two_upstream(tvmaze)
    ready: list[object] = []
    window.automation.notificationsReady.connect(ready.append)
    with qtbot.waitSignal(window.sync.syncFinished, timeout=10_000) as finished:
        window.sync_action.trigger()
    assert [outcome.kind.value for outcome in finished.args[0].outcomes] == ["updated"]
    settle(qtbot, window)
    assert ready == []
    assert not window.banner.isVisible()


def test_a_notification_never_covers_a_problem_in_the_banner(qtbot: QtBot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    notifier = Notifier(banner, use_tray=False)
    assert notifier.notify("News", "Severance: renewed") is Shown.BANNER
    assert banner.tone == "info" and banner.text.text() == "News: Severance: renewed"
    banner.show_message("Sync failed: no network")
    assert notifier.notify("News", "Dark: ended\nGLOW: cancelled") is Shown.HELD_BACK
    assert banner.text.text() == "Sync failed: no network"


# -- syncing by itself ----------------------------------------------------------------------


def test_sync_on_start_up_when_asked_and_online(
    qtbot: QtBot,
    make_sync_window: SyncWindowFactory,
    tvmaze: FakeTvmaze,
    linked_show: int,
    state_path: Path,
) -> None:
    save_preferences(state_path, sync_on_start=True)
    before = len(tvmaze.paths())
    window = make_sync_window()
    qtbot.waitUntil(lambda: len(tvmaze.paths()) > before, timeout=10_000)
    settle(qtbot, window)
    assert "/updates/shows" in tvmaze.paths()[before:]
    assert window.statusBar().currentMessage().startswith("Synced")


def test_no_sync_on_start_up_unless_asked(
    qtbot: QtBot, make_sync_window: SyncWindowFactory, tvmaze: FakeTvmaze, linked_show: int
) -> None:
    before = len(tvmaze.paths())
    window = make_sync_window()
    settle(qtbot, window)
    assert len(tvmaze.paths()) == before


def test_no_sync_on_start_up_when_offline(
    qtbot: QtBot,
    make_sync_window: SyncWindowFactory,
    tvmaze: FakeTvmaze,
    linked_show: int,
    state_path: Path,
) -> None:
    save_preferences(state_path, sync_on_start=True, sync_every_hours=1)
    before = len(tvmaze.paths())
    window = make_sync_window(offline=True)
    settle(qtbot, window)
    with qtbot.waitSignal(window.automation.syncSkipped, timeout=5000) as skipped:
        window.automation.timer.timeout.emit()
    assert skipped.args == ["offline"]
    assert len(tvmaze.paths()) == before


def test_no_sync_on_start_up_without_shows_linked_to_tvmaze(
    qtbot: QtBot,
    make_sync_window: SyncWindowFactory,
    tvmaze: FakeTvmaze,
    library: Library,
    state_path: Path,
) -> None:
    library.add_show(NewShow(title="Typed in by hand", watch_status=WatchStatus.WATCHING))
    save_preferences(state_path, sync_on_start=True)
    window = make_sync_window()
    with qtbot.waitSignal(window.automation.syncSkipped, timeout=5000) as skipped:
        window.automation.start_up()
    assert skipped.args == ["no show is linked to TVmaze"]
    settle(qtbot, window)
    assert tvmaze.paths() == []


def test_the_timer_syncs_every_n_hours_as_chosen(
    qtbot: QtBot,
    make_sync_window: SyncWindowFactory,
    tvmaze: FakeTvmaze,
    linked_show: int,
    state_path: Path,
) -> None:
    save_preferences(state_path, sync_every_hours=6)
    window = make_sync_window()
    timer = window.automation.timer
    assert timer.isActive() and not timer.isSingleShot()
    assert timer.interval() == 6 * MS_PER_HOUR
    date_season_two_upstream(tvmaze)
    with qtbot.waitSignal(window.sync.syncFinished, timeout=10_000) as finished:
        timer.timeout.emit()
    assert [outcome.show_id for outcome in finished.args[0].updated] == [linked_show]
    assert timer.isActive()  # and again in six hours


def test_the_timer_is_off_by_default_and_skips_while_a_sync_runs(
    qtbot: QtBot, make_sync_window: SyncWindowFactory, linked_show: int
) -> None:
    window = make_sync_window()
    assert not window.automation.timer.isActive()
    with qtbot.waitSignal(window.sync.syncFinished, timeout=10_000):
        window.sync_all()
        with qtbot.waitSignal(window.automation.syncSkipped, timeout=5000) as skipped:
            window.automation.sync_if_possible("timer")
    assert skipped.args == ["a sync is already running"]


# -- preferences ----------------------------------------------------------------------------


def test_preferences_are_saved_applied_and_loaded_again(
    qtbot: QtBot,
    make_sync_window: SyncWindowFactory,
    linked_show: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_sync_window()
    assert window.preferences == Preferences()

    def choose(dialog: PreferencesDialog) -> int:
        assert dialog.notify.isChecked() and not dialog.on_start.isChecked()
        assert dialog.every.text() == "Never"
        dialog.notify.setChecked(False)
        dialog.on_start.setChecked(True)
        dialog.every.setValue(1)
        assert dialog.every.text() == "1 hour"
        dialog.every.setValue(12)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PreferencesDialog, "exec", choose)
    window.preferences_action.trigger()
    chosen = Preferences(notify_after_sync=False, sync_on_start=True, sync_every_hours=12)
    assert window.preferences == chosen
    assert window.automation.timer.interval() == 12 * MS_PER_HOUR
    window.close()
    again = make_sync_window()
    assert again.preferences == chosen
    assert again.automation.timer.isActive()


def test_cancelled_preferences_change_nothing(
    qtbot: QtBot, make_sync_window: SyncWindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_sync_window()

    def cancel(dialog: PreferencesDialog) -> int:
        dialog.every.setValue(3)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PreferencesDialog, "exec", cancel)
    window.preferences_action.trigger()
    assert window.preferences == Preferences()
    assert not window.automation.timer.isActive()


def test_unreadable_preferences_fall_back_to_the_defaults(state_path: Path) -> None:
    state = QSettings(str(state_path), QSettings.Format.IniFormat)
    state.setValue("syncEveryHours", "often")
    state.setValue("notifyAfterSync", "no")
    assert Preferences.load(state) == Preferences(notify_after_sync=False)
    state.setValue("syncEveryHours", 10_000)
    assert Preferences.load(state).sync_every_hours == 168


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")  # the offscreen platform has no tray
def test_with_a_system_tray_news_goes_to_a_desktop_notification(qtbot: QtBot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    notifier = Notifier(banner, use_tray=True)
    assert notifier.notify("Severance", "Renewed for season 3") is Shown.TRAY
    assert notifier.tray is not None and notifier.tray.isVisible()
    assert banner.isHidden()
    with qtbot.waitSignal(notifier.activated, timeout=1000):
        notifier.tray.messageClicked.emit()
    notifier.tray.hide()


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform
def test_clicking_a_notification_opens_whats_new(
    make_sync_window: SyncWindowFactory, linked_show: int
) -> None:
    window = make_sync_window()
    window.sidebar.choose_upcoming()
    window.notifier.activated.emit()
    assert window.centre.currentWidget() is window.whats_new
