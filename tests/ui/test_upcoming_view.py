"""The Upcoming view: months, order, countdowns, estimates marked, and opening a show from it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.store.shows import add_synced, weekly
from watchlist.core.records import EpisodeRecord, SeasonRecord
from watchlist.core.status import RenewalStatus, WatchStatus
from watchlist.core.upcoming import Certainty, UpcomingItem, UpcomingKind
from watchlist.store.library import Library, NewShow, SeasonEdit, ShowChanges
from watchlist.ui.main_window import MainWindow
from watchlist.ui.upcoming_view import UpcomingRole, UpcomingView

from .conftest import TODAY, WindowFactory, wait_for_write


@pytest.fixture
def followed(library: Library) -> dict[str, int]:
    """Three confirmed dates (today, tomorrow, in 12 days), estimates, and a dropped show."""
    ids = {
        "Slow Horses": add_synced(
            library,
            title="Slow Horses",
            tvmaze=1,
            seasons=(SeasonRecord(1, premiere_date=date(2025, 7, 1), episode_count=4),),
            episodes=weekly(1, 4, date(2025, 7, 1)),
        ),
        "Severance": add_synced(
            library,
            title="Severance",
            tvmaze=2,
            seasons=(
                SeasonRecord(1, premiere_date=date(2022, 2, 18), episode_count=9),
                SeasonRecord(2, premiere_date=date(2025, 7, 16)),
            ),
            episodes=weekly(2, 2, date(2025, 7, 16)),
        ),
        "Andor": add_synced(
            library,
            title="Andor",
            tvmaze=3,
            seasons=(SeasonRecord(1, premiere_date=date(2025, 6, 1), episode_count=2),),
            episodes=[
                EpisodeRecord(1, 1, "One Way Out", date(2025, 6, 1)),
                EpisodeRecord(1, 2, "Announcement", date(2025, 7, 27)),
            ],
        ),
        "Lost Interest": add_synced(
            library,
            title="Lost Interest",
            tvmaze=4,
            seasons=(SeasonRecord(1, premiere_date=date(2025, 7, 20)),),
            episodes=weekly(1, 2, date(2025, 7, 20)),
            watch=WatchStatus.DROPPED,
        ),
    }
    ids["Dark"] = library.add_show(
        NewShow(
            title="Dark",
            renewal_status=RenewalStatus.RENEWED,
            watch_status=WatchStatus.WATCHING,
            seasons=(SeasonEdit(1, date(2023, 5, 1), 10),),
        )
    )
    return ids


def open_upcoming(qtbot: QtBot, window: MainWindow) -> UpcomingView:
    window.upcoming_action.trigger()
    assert window.centre.currentWidget() is window.upcoming
    qtbot.waitUntil(lambda: window.upcoming.loaded, timeout=5000)
    return window.upcoming


def rows(view: UpcomingView) -> list[str]:
    """Each row as text: "# July 2025" for a header, else "title | what | countdown | badge"."""
    model = view.model
    found = []
    for row in range(model.rowCount()):
        index = model.index(row)
        if index.data(UpcomingRole.IS_HEADER):
            found.append(f"# {index.data()}")
            continue
        item: UpcomingItem = index.data(UpcomingRole.ITEM)
        badge = index.data(UpcomingRole.BADGE)
        found.append(
            " | ".join([item.show_title, item.what, index.data(UpcomingRole.COUNTDOWN), badge])
        )
    return found


def row_of(view: UpcomingView, show_title: str) -> QModelIndex:
    for row in range(view.model.rowCount()):
        item = view.model.index(row).data(UpcomingRole.ITEM)
        if isinstance(item, UpcomingItem) and item.show_title == show_title:
            return view.model.index(row)
    raise AssertionError(f"{show_title} is not listed")


def test_upcoming_lists_confirmed_dates_by_month_with_countdowns(
    qtbot: QtBot, followed: dict[str, int], make_window: WindowFactory
) -> None:
    view = open_upcoming(qtbot, make_window())
    listed = rows(view)
    assert listed[:4] == [
        "# July 2025",
        "Slow Horses | S1E3 · Episode 3 | today | ",
        "Severance | Season 2 premiere · S2E1 · Episode 1 | tomorrow | ",
        "Andor | S1E2 · Announcement | in 12 days | ",
    ]
    assert not any(line.startswith("Lost Interest") for line in listed)
    headers = [line for line in listed if line.startswith("# ")]
    assert headers == sorted(set(headers), key=listed.index)  # each month once, in order
    assert view.count.text() == "6 dates for 4 shows · 3 confirmed, 3 estimated"


def test_estimates_are_marked_with_their_window_and_an_approximate_countdown(
    qtbot: QtBot, followed: dict[str, int], make_window: WindowFactory
) -> None:
    view = open_upcoming(qtbot, make_window())
    index = row_of(view, "Dark")
    item: UpcomingItem = index.data(UpcomingRole.ITEM)
    assert item.certainty is Certainty.ESTIMATED
    assert index.data(UpcomingRole.BADGE) == "Estimated"
    assert index.data(UpcomingRole.WHEN).startswith(item.window_label + " · ")
    assert "% likely" in index.data(UpcomingRole.WHEN)
    assert index.data(UpcomingRole.COUNTDOWN).startswith("in about ")
    assert "Estimated" in index.data()  # the accessible text says so too
    assert "Not a confirmed date" in index.data(Qt.ItemDataRole.ToolTipRole)
    confirmed = row_of(view, "Andor")
    assert confirmed.data(UpcomingRole.WHEN) == "Sunday 27 July 2025"
    assert confirmed.data(UpcomingRole.BADGE) == ""


def test_hiding_estimates_leaves_confirmed_dates_only(
    qtbot: QtBot, followed: dict[str, int], make_window: WindowFactory
) -> None:
    view = open_upcoming(qtbot, make_window())
    view.estimates.setChecked(False)
    assert [item.show_title for item in view.model.items()] == [
        "Slow Horses",
        "Severance",
        "Andor",
    ]
    assert view.model.headers() == ["July 2025"]
    view.estimates.setChecked(True)
    assert len(view.model.items()) == 6


def test_hidden_estimates_stay_hidden_after_a_restart(
    qtbot: QtBot, followed: dict[str, int], make_window: WindowFactory
) -> None:
    window = make_window()
    open_upcoming(qtbot, window).estimates.setChecked(False)
    window.close()
    view = open_upcoming(qtbot, make_window())
    assert not view.estimates.isChecked()
    assert [item.show_title for item in view.model.items()] == [
        "Slow Horses",
        "Severance",
        "Andor",
    ]


def test_confirmed_dates_come_before_estimates_on_the_same_day(qtbot: QtBot) -> None:
    day = date(2025, 9, 3)

    def item(title: str, certainty: Certainty) -> UpcomingItem:
        return UpcomingItem(
            show_id=len(title), show_title=title, network=None, kind=UpcomingKind.PREMIERE,
            certainty=certainty, likely=day, earliest=day, latest=day, season_number=2,
        )  # fmt: skip

    view = UpcomingView()
    qtbot.addWidget(view)
    view.set_items(
        [item("Abbott Elementary", Certainty.ESTIMATED), item("Zorro", Certainty.CONFIRMED)],
        TODAY,
    )
    assert [i.show_title for i in view.model.items()] == ["Zorro", "Abbott Elementary"]
    assert view.model.headers() == ["September 2025"]
    assert view.model.index(1).data(UpcomingRole.COUNTDOWN) == "in 50 days"


def test_nothing_followed_shows_the_empty_state(
    qtbot: QtBot, library: Library, make_window: WindowFactory
) -> None:
    library.add_show(NewShow(title="Old favourite", watch_status=WatchStatus.DROPPED))
    view = open_upcoming(qtbot, make_window())
    assert view.stack.currentWidget() is view.empty
    assert "Nothing coming up" in view.empty.text()


def test_only_estimates_hidden_says_how_to_see_them(
    qtbot: QtBot, library: Library, make_window: WindowFactory
) -> None:
    library.add_show(
        NewShow(
            title="Dark",
            renewal_status=RenewalStatus.RENEWED,
            watch_status=WatchStatus.WATCHING,
            seasons=(SeasonEdit(1, date(2023, 5, 1), 10),),
        )
    )
    view = open_upcoming(qtbot, make_window())
    assert view.stack.currentWidget() is view.list
    view.estimates.setChecked(False)
    assert view.stack.currentWidget() is view.empty
    assert "Show estimates" in view.empty.text()


def test_clicking_an_item_shows_its_show_in_the_detail_pane(
    qtbot: QtBot, followed: dict[str, int], make_window: WindowFactory
) -> None:
    window = make_window()
    window.show_list.filter.setText("Slow")  # hides Andor from the list
    view = open_upcoming(qtbot, window)
    index = row_of(view, "Andor")
    qtbot.mouseClick(
        view.list.viewport(), Qt.MouseButton.LeftButton, pos=view.list.visualRect(index).center()
    )
    qtbot.waitUntil(lambda: window.detail.title.text() == "Andor", timeout=5000)
    assert window.show_list.selected_show_id() == followed["Andor"]
    assert window.centre.currentWidget() is view  # still in the upcoming view
    assert window.edit_action.isEnabled()


def test_activating_an_item_opens_the_show_in_the_list(
    qtbot: QtBot, followed: dict[str, int], make_window: WindowFactory
) -> None:
    window = make_window()
    view = open_upcoming(qtbot, window)
    index = row_of(view, "Severance")
    view.list.activated.emit(index)
    assert window.centre.currentWidget() is window.show_list
    assert window.sidebar.current_key() == "all"
    assert window.show_list.selected_show_id() == followed["Severance"]


def test_month_headers_cannot_be_selected(
    qtbot: QtBot, followed: dict[str, int], make_window: WindowFactory
) -> None:
    view = open_upcoming(qtbot, make_window())
    header = view.model.index(0)
    assert header.data(UpcomingRole.IS_HEADER)
    qtbot.mouseClick(
        view.list.viewport(), Qt.MouseButton.LeftButton, pos=view.list.visualRect(header).center()
    )
    assert view.selected_item() is None


def test_the_view_follows_edits(
    qtbot: QtBot, followed: dict[str, int], make_window: WindowFactory
) -> None:
    window = make_window()
    view = open_upcoming(qtbot, window)
    assert view.select_show(followed["Andor"])
    qtbot.waitUntil(lambda: window.detail.show_id == followed["Andor"], timeout=5000)
    window.detail.watchStatusChosen.emit(followed["Andor"], WatchStatus.DROPPED)
    wait_for_write(qtbot, window)
    qtbot.waitUntil(
        lambda: all(item.show_title != "Andor" for item in view.model.items()), timeout=5000
    )
    assert view.model.items()[0].show_title == "Slow Horses"


def test_the_view_follows_edits_made_elsewhere_after_a_reload(
    qtbot: QtBot, followed: dict[str, int], library: Library, make_window: WindowFactory
) -> None:
    window = make_window()
    view = open_upcoming(qtbot, window)
    library.edit_show(followed["Lost Interest"], ShowChanges(watch_status=WatchStatus.WATCHING))
    window.reload()
    qtbot.waitUntil(
        lambda: any(item.show_title == "Lost Interest" for item in view.model.items()),
        timeout=5000,
    )


def test_upcoming_is_not_saved_as_the_list_filter(
    qtbot: QtBot, followed: dict[str, int], make_window: WindowFactory, ui_state_path: Path
) -> None:
    window = make_window()
    open_upcoming(qtbot, window)
    window.close()
    state = QSettings(str(ui_state_path), QSettings.Format.IniFormat)
    assert state.value("watchFilter") in ("", None)


def test_the_keyboard_moves_from_item_to_item_over_month_headers(
    qtbot: QtBot, followed: dict[str, int], make_window: WindowFactory
) -> None:
    window = make_window()
    view = open_upcoming(qtbot, window)
    assert view.select_show(followed["Andor"])  # the last item of July
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_Down)
    selected = view.selected_item()
    assert selected is not None and selected.show_title == "Dark"
    qtbot.waitUntil(lambda: window.detail.show_id == followed["Dark"], timeout=5000)


def test_a_reload_keeps_the_selected_item_without_choosing_it_again(
    qtbot: QtBot, followed: dict[str, int], make_window: WindowFactory
) -> None:
    window = make_window()
    view = open_upcoming(qtbot, window)
    assert view.select_show(followed["Severance"])
    chosen: list[int] = []
    view.showSelected.connect(chosen.append)
    items = view.model.items()
    view.set_items(list(reversed(items)), TODAY)
    selected = view.selected_item()
    assert selected is not None and selected.show_title == "Severance"
    assert chosen == []


def test_one_date_is_counted_in_the_singular(qtbot: QtBot) -> None:
    day = date(2025, 7, 16)
    view = UpcomingView()
    qtbot.addWidget(view)
    view.set_items(
        [
            UpcomingItem(
                show_id=1, show_title="Severance", network="Apple TV+",
                kind=UpcomingKind.EPISODE, certainty=Certainty.CONFIRMED, likely=day,
                earliest=day, latest=day, season_number=2, episode_number=4,
            )
        ],
        TODAY,
    )  # fmt: skip
    assert view.count.text() == "1 date for 1 show · 1 confirmed, 0 estimated"
    assert view.model.index(1).data() == (
        "Severance · S2E4 · Apple TV+ · Wednesday 16 July 2025 · tomorrow"
    )
