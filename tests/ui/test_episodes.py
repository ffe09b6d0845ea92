"""Episode progress in the window: marking in the guide, the bars, the status, next to watch."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from tests.store.shows import add_synced, weekly
from tests.ui.conftest import TODAY, WindowFactory, wait_for_write
from watchlist.core.episodes import EpisodeReference
from watchlist.core.records import SeasonRecord
from watchlist.core.status import WatchStatus
from watchlist.store.library import Library
from watchlist.store.progress import list_episodes, progress_of
from watchlist.ui.episodes import GuideColumn, SeasonGuide
from watchlist.ui.main_window import MainWindow
from watchlist.ui.show_model import Column, ShowRole, ShowRow, ShowRows, ShowTableModel

TITLE = "Slow Horses"


@pytest.fixture
def show_id(library: Library) -> int:
    """Season 1 aired (4 episodes); season 2 has aired 3 of 4 by TODAY (S2E4: 22 July)."""
    episodes = weekly(1, 4, date(2025, 1, 1)) + weekly(2, 4, date(2025, 7, 1))
    seasons = (
        SeasonRecord(1, premiere_date=date(2025, 1, 1), episode_count=4),
        SeasonRecord(2, premiere_date=date(2025, 7, 1), episode_count=4),
    )
    return add_synced(library, title=TITLE, tvmaze=5_000, seasons=seasons, episodes=episodes)


@pytest.fixture
def window(show_id: int, make_window: WindowFactory, qtbot: QtBot) -> MainWindow:
    window = make_window()
    assert window.show_list.select_show(show_id)
    qtbot.waitUntil(lambda: window.detail.show_id == show_id)
    qtbot.waitUntil(lambda: window.model.next_to_watch(show_id) is not None)
    return window


def guide_of(window: MainWindow) -> SeasonGuide:
    return window.detail.seasons


def bar_text(window: MainWindow, season: int) -> str:
    guide = guide_of(window)
    index = guide.index_of(EpisodeReference(season))
    return str(index.siblingAtColumn(GuideColumn.WATCHED).data())


def watched(library: Library, show_id: int) -> list[str]:
    return [f"S{e.season_number}E{e.number}" for e in list_episodes(library, show_id) if e.watched]


def press_on(
    qtbot: QtBot,
    window: MainWindow,
    reference: EpisodeReference,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Make ``reference`` the guide's current row and press ``key`` there."""
    guide = guide_of(window)
    guide.expand_season(reference.season)
    index = guide.index_of(reference)
    assert index.isValid()
    guide.setCurrentIndex(index)
    guide.setFocus()
    qtbot.keyClick(guide, key, modifier)


def next_in_list(window: MainWindow, show_id: int) -> str:
    proxy = window.show_list.proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, 0).data(ShowRole.SHOW_ID) == show_id:
            return str(proxy.index(row, Column.NEXT_EPISODE).data())
    raise AssertionError("show not listed")


def trigger(menu: QMenu, name: str) -> None:
    action = next(action for action in menu.actions() if action.objectName() == name)
    assert action.isEnabled()
    action.trigger()


def test_seasons_show_bars_of_watched_over_aired(window: MainWindow) -> None:
    assert bar_text(window, 1) == "0 of 4 watched"
    assert bar_text(window, 2) == "0 of 3 watched"
    assert window.detail.episode_progress.text().startswith("Next to watch: S1E1 · Episode 1")


def test_space_marks_one_episode_watched(
    window: MainWindow, library: Library, show_id: int, qtbot: QtBot
) -> None:
    press_on(qtbot, window, EpisodeReference(1, 2), Qt.Key.Key_Space)
    wait_for_write(qtbot, window)
    assert watched(library, show_id) == ["S1E2"]
    qtbot.waitUntil(lambda: bar_text(window, 1) == "1 of 4 watched")
    index = guide_of(window).index_of(EpisodeReference(1, 2))
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value


def test_clicking_a_check_asks_the_library_and_follows_it(
    window: MainWindow, library: Library, show_id: int, qtbot: QtBot
) -> None:
    guide = guide_of(window)
    guide.expand_season(1)
    index = guide.index_of(EpisodeReference(1, 1))
    # What the item delegate does when the check box is clicked:
    changed = guide.model().setData(
        index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert not changed  # the check waits for the write
    wait_for_write(qtbot, window)
    assert watched(library, show_id) == ["S1E1"]
    qtbot.waitUntil(
        lambda: (
            guide.index_of(EpisodeReference(1, 1)).data(Qt.ItemDataRole.CheckStateRole)
            == Qt.CheckState.Checked.value
        )
    )
    press_on(qtbot, window, EpisodeReference(1, 1), Qt.Key.Key_Space)
    wait_for_write(qtbot, window)
    assert watched(library, show_id) == []
    qtbot.waitUntil(lambda: bar_text(window, 1) == "0 of 4 watched")


def test_ctrl_u_marks_everything_up_to_here(
    window: MainWindow, library: Library, show_id: int, qtbot: QtBot
) -> None:
    press_on(
        qtbot,
        window,
        EpisodeReference(2, 2),
        Qt.Key.Key_U,
        Qt.KeyboardModifier.ControlModifier,
    )
    wait_for_write(qtbot, window)
    assert watched(library, show_id) == ["S1E1", "S1E2", "S1E3", "S1E4", "S2E1", "S2E2"]
    qtbot.waitUntil(lambda: bar_text(window, 2) == "2 of 3 watched")
    assert bar_text(window, 1) == "4 of 4 watched"
    assert guide_of(window).isExpanded(guide_of(window).index_of(EpisodeReference(2)))


def test_the_context_menu_marks_a_whole_season_and_unmarks_it(
    window: MainWindow, library: Library, show_id: int, qtbot: QtBot
) -> None:
    guide = guide_of(window)
    trigger(guide.build_menu(guide.index_of(EpisodeReference(1))), "seasonWatchedAction")
    wait_for_write(qtbot, window)
    assert watched(library, show_id) == ["S1E1", "S1E2", "S1E3", "S1E4"]
    qtbot.waitUntil(lambda: bar_text(window, 1) == "4 of 4 watched")
    guide.expand_season(1)
    episode_menu = guide.build_menu(guide.index_of(EpisodeReference(1, 3)))
    trigger(episode_menu, "seasonUnwatchedAction")
    wait_for_write(qtbot, window)
    assert watched(library, show_id) == []
    qtbot.waitUntil(lambda: bar_text(window, 1) == "0 of 4 watched")


def test_space_on_a_season_row_marks_the_aired_episodes(
    window: MainWindow, library: Library, show_id: int, qtbot: QtBot
) -> None:
    press_on(qtbot, window, EpisodeReference(2), Qt.Key.Key_Space)
    wait_for_write(qtbot, window)
    assert watched(library, show_id) == ["S2E1", "S2E2", "S2E3"]


def test_unaired_episodes_are_listed_but_cannot_be_marked(
    window: MainWindow, library: Library, show_id: int, qtbot: QtBot
) -> None:
    guide = guide_of(window)
    guide.expand_season(2)
    index = guide.index_of(EpisodeReference(2, 4))
    assert index.isValid()
    assert index.siblingAtColumn(GuideColumn.DATE).data() == "Airs 22 July 2025"
    assert not index.flags() & Qt.ItemFlag.ItemIsUserCheckable
    menu = guide.build_menu(index)
    names = {action.objectName(): action.isEnabled() for action in menu.actions()}
    assert names["toggleEpisodeAction"] is False
    assert names["watchedUpToAction"] is False
    writes: list[object] = []
    guide.markRequested.connect(lambda *args: writes.append(args))
    press_on(qtbot, window, EpisodeReference(2, 4), Qt.Key.Key_Space)
    press_on(
        qtbot,
        window,
        EpisodeReference(2, 4),
        Qt.Key.Key_U,
        Qt.KeyboardModifier.ControlModifier,
    )
    guide.model().setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert writes == []
    assert not window.runner.busy
    assert watched(library, show_id) == []


def test_watching_the_last_aired_episode_completes_the_show(
    window: MainWindow, library: Library, show_id: int, qtbot: QtBot
) -> None:
    press_on(
        qtbot,
        window,
        EpisodeReference(2, 3),
        Qt.Key.Key_U,
        Qt.KeyboardModifier.ControlModifier,
    )
    wait_for_write(qtbot, window)
    assert library.show(show_id).watch_status is WatchStatus.COMPLETED
    qtbot.waitUntil(lambda: window.detail.watch_status.currentData() == WatchStatus.COMPLETED)
    summary = window.model.summary(show_id)
    assert summary is not None and summary.watch_status is WatchStatus.COMPLETED
    assert window.detail.episode_progress.text().startswith("All caught up")
    assert "is now Completed" in window.statusBar().currentMessage()


def test_a_watch_status_the_user_chose_stays(
    window: MainWindow, library: Library, show_id: int, qtbot: QtBot
) -> None:
    combo = window.detail.watch_status
    combo.setCurrentIndex(combo.findData(WatchStatus.ON_HOLD))
    wait_for_write(qtbot, window)
    qtbot.waitUntil(lambda: "watch_status" in library.show(show_id).user_edited)
    press_on(
        qtbot,
        window,
        EpisodeReference(2, 3),
        Qt.Key.Key_U,
        Qt.KeyboardModifier.ControlModifier,
    )
    wait_for_write(qtbot, window)
    assert progress_of(library, show_id, today=TODAY).caught_up
    assert library.show(show_id).watch_status is WatchStatus.ON_HOLD
    qtbot.waitUntil(lambda: bar_text(window, 2) == "3 of 3 watched")
    assert window.detail.watch_status.currentData() == WatchStatus.ON_HOLD


def test_the_list_shows_next_to_watch_and_follows_marking(
    window: MainWindow, show_id: int, qtbot: QtBot
) -> None:
    assert next_in_list(window, show_id) == "S1E1"
    press_on(qtbot, window, EpisodeReference(1, 1), Qt.Key.Key_Space)
    wait_for_write(qtbot, window)
    qtbot.waitUntil(lambda: next_in_list(window, show_id) == "S1E2")
    press_on(
        qtbot,
        window,
        EpisodeReference(2, 3),
        Qt.Key.Key_U,
        Qt.KeyboardModifier.ControlModifier,
    )
    wait_for_write(qtbot, window)
    qtbot.waitUntil(lambda: next_in_list(window, show_id) == "")


def test_sorting_by_next_to_watch_puts_shows_with_nothing_to_watch_last(
    sample_window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    ginny = library.resolve_show_id("Ginny & Georgia")  # plan to watch: nothing watched yet
    qtbot.waitUntil(lambda: sample_window.model.next_to_watch(ginny) is not None)
    view = sample_window.show_list.view
    view.sortByColumn(Column.NEXT_EPISODE, Qt.SortOrder.AscendingOrder)
    proxy = sample_window.show_list.proxy
    texts = [proxy.index(row, Column.NEXT_EPISODE).data() for row in range(proxy.rowCount())]
    assert texts[0] == "S1E1"
    assert texts[-1] == ""  # Silicon Valley is linked to TVmaze without episodes yet


def test_a_hand_entered_show_can_be_marked_from_its_episode_counts(
    sample_window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    show_id = library.resolve_show_id("Ginny & Georgia")  # nothing watched in the sample
    assert sample_window.show_list.select_show(show_id)
    qtbot.waitUntil(lambda: sample_window.detail.show_id == show_id)
    assert bar_text(sample_window, 1) == "0 of 10 watched"
    press_on(
        qtbot,
        sample_window,
        EpisodeReference(2, 4),
        Qt.Key.Key_U,
        Qt.KeyboardModifier.ControlModifier,
    )
    wait_for_write(qtbot, sample_window)
    assert progress_of(library, show_id, today=TODAY).next_to_watch == EpisodeReference(2, 5)
    qtbot.waitUntil(lambda: bar_text(sample_window, 2) == "4 of 10 watched")
    assert next_in_list(sample_window, show_id) == "S2E5"


def test_marking_keeps_the_current_row(window: MainWindow, qtbot: QtBot) -> None:
    press_on(qtbot, window, EpisodeReference(1, 3), Qt.Key.Key_Space)
    wait_for_write(qtbot, window)
    qtbot.waitUntil(lambda: bar_text(window, 1) == "1 of 4 watched")
    assert guide_of(window).current_reference() == EpisodeReference(1, 3)


def test_the_guide_grows_with_an_expanded_season(window: MainWindow) -> None:
    guide = guide_of(window)
    collapsed = guide.height()
    guide.expand_season(1)
    assert guide.height() > collapsed
    assert QModelIndex() != guide.index_of(EpisodeReference(1, 4))


def test_a_bulk_next_to_watch_read_keeps_fresher_rows_and_skips_stale_loads(
    library: Library, show_id: int, qtbot: QtBot
) -> None:
    model = ShowTableModel()
    summary = library.show_summary(show_id)
    other = replace(summary, id=show_id + 1, title="Other")
    model.set_rows(ShowRows.of([summary, other]))
    generation = model.rows_generation
    model.upsert(ShowRow.of(replace(summary, next_to_watch=EpisodeReference(2, 1))))
    model.set_next_to_watch(
        {show_id: EpisodeReference(1, 1), show_id + 1: EpisodeReference(3, 3)}, generation
    )
    assert model.next_to_watch(show_id) == EpisodeReference(2, 1)  # refreshed after the read
    assert model.next_to_watch(show_id + 1) == EpisodeReference(3, 3)
    model.set_rows(ShowRows.of([summary, other]))
    model.set_next_to_watch({show_id: EpisodeReference(1, 1)}, generation)  # an older load
    assert model.next_to_watch(show_id) is None


@pytest.mark.qt_log_ignore("This plugin does not support", extend=True)  # a popup, offscreen
def test_shift_f10_opens_the_menu_of_the_current_episode(window: MainWindow, qtbot: QtBot) -> None:
    shown: list[list[str]] = []

    def read_and_close() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            shown.append([action.text() for action in menu.actions() if action.text()])
            menu.close()

    QTimer.singleShot(50, read_and_close)
    press_on(
        qtbot, window, EpisodeReference(1, 2), Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier
    )
    assert shown == [
        [
            "Mark S1E2 watched",
            "Watched up to here",
            "Mark season 1 watched",
            "Mark season 1 unwatched",
        ]
    ]


def test_a_tvmaze_show_without_its_episodes_yet_says_to_sync_instead_of_a_next_episode(
    library: Library, make_window: WindowFactory, qtbot: QtBot
) -> None:
    seasons = (SeasonRecord(1, premiere_date=date(2024, 3, 1), episode_count=6),)
    linked = add_synced(library, title="Episodes to come", tvmaze=6_000, seasons=seasons)
    window = make_window()
    assert window.show_list.select_show(linked)
    qtbot.waitUntil(lambda: window.detail.show_id == linked)
    text = window.detail.episode_progress.text()
    assert text == "6 aired episodes · sync with TVmaze to mark them watched"
    qtbot.waitUntil(lambda: not window.runner.busy)  # the list's next-to-watch read is in
    assert next_in_list(window, linked) == ""  # the list agrees: nothing to watch next yet
