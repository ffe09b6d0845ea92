"""Shows added by hand from an import, in the window: their seasons; Find on TVmaze links them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from werkzeug import Request, Response

from tests.sync.fake_tvmaze import FakeTvmaze, under_the_dome
from watchlist.core.status import WatchStatus
from watchlist.importers.candidates import ImportSource
from watchlist.store.library import Library, NewShow
from watchlist.ui.main_window import MainWindow
from watchlist.ui.tracker_import import PreviewColumn
from watchlist.ui.tvmaze_dialog import TvmazeDialog

from .conftest import wait_for_write
from .test_sync_ui import real_jpeg
from .test_tracker_import_ui import wait_for_preview

REAL = Path(__file__).parent.parent / "fixtures" / "imports" / "real"


class PosterTvmaze(FakeTvmaze):
    """The TVmaze look-alike, with posters Qt can decode."""

    def _poster(self, request: Request) -> Response:
        self.posters.setdefault(request.path.rsplit("/", 1)[1], real_jpeg())
        return super()._poster(request)


@pytest.fixture
def tvmaze(httpserver: HTTPServer) -> PosterTvmaze:
    fake = PosterTvmaze(httpserver)
    fake.add(under_the_dome())
    show = {key: value for key, value in fake.shows[1].items() if key != "_embedded"}
    fake.search_body = [{"score": 0.9, "show": show}]
    return fake


@pytest.fixture
def make_window(
    tvmaze_windows: Callable[..., MainWindow], tvmaze: PosterTvmaze
) -> Callable[..., MainWindow]:
    return lambda *, offline=False: tvmaze_windows(tvmaze.url, offline=offline)


@pytest.fixture
def opened_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[TvmazeDialog]:
    """The TVmaze dialogs the window opens, shown without blocking the test."""
    opened: list[TvmazeDialog] = []

    def show(dialog: TvmazeDialog) -> int:
        opened.append(dialog)
        dialog.show()
        return 0

    monkeypatch.setattr(TvmazeDialog, "exec", show)
    return opened


def select(qtbot: QtBot, window: MainWindow, show_id: int) -> None:
    qtbot.waitUntil(lambda: window.show_list.select_show(show_id), timeout=5000)
    qtbot.waitUntil(lambda: window.detail.show_id == show_id, timeout=5000)


def import_offline(qtbot: QtBot, window: MainWindow, source: ImportSource, path: Path) -> None:
    window.tracker_import.preview(source, path)
    dialog = wait_for_preview(qtbot, window)
    dialog.accept()
    qtbot.waitUntil(lambda: window.tracker_import.report_dialog is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not window.tracker_import.busy, timeout=10_000)
    wait_for_write(qtbot, window)


def test_an_imported_show_added_by_hand_shows_the_seasons_it_was_watched_in(
    qtbot: QtBot, make_window: Callable[..., MainWindow], library: Library, tmp_path: Path
) -> None:
    history = json.loads(
        (REAL / "trakt" / "fuzeman_trakt.py" / "sync_history_shows.json").read_text("utf-8")
    )
    (tmp_path / "watched-history.json").write_text(json.dumps(history), encoding="utf-8")
    window = make_window(offline=True)
    import_offline(qtbot, window, ImportSource.TRAKT, tmp_path)
    parks = library.find_show("Parks and Recreation")  # S2E1-S2E3 watched, 25 plays
    select(qtbot, window, parks.id)
    detail = window.detail
    assert detail.season_count.text() == "1 season"  # never "0 seasons" beside "3 of 3"
    assert "3 of 3 aired episodes watched" in detail.episode_progress.text()
    model = detail.seasons.model()
    assert model.index(0, 0).data() == "Season 2 · 3 episodes"
    assert model.index(0, 1).data() == "Date unknown"  # aired, not "Announced"
    assert detail.find_button.isVisibleTo(detail)


def test_the_preview_says_which_shows_have_unknown_episodes_and_what_was_left_out(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(offline=True)
    path = REAL / "trakt" / "moogar0880_PyTrakt" / "sync_watched_shows__noseasons.json"
    window.tracker_import.preview(ImportSource.TRAKT, path)
    dialog = wait_for_preview(qtbot, window)
    watched = dialog.model.index(0, PreviewColumn.WATCHED)
    assert watched.data() == "Unknown (56 plays)"
    assert "does not name the episodes" in watched.data(Qt.ItemDataRole.ToolTipRole)
    assert dialog.notes.isVisibleTo(dialog)
    assert "could not be known" in dialog.notes.text()
    dialog.reject()


def test_shows_named_only_by_an_id_wait_for_a_lookup_offline(
    qtbot: QtBot, make_window: Callable[..., MainWindow], library: Library, tmp_path: Path
) -> None:
    (tmp_path / "user_tv_show_data.csv").write_text(
        "user_id,tv_show_id,is_followed,nb_episodes_seen\n1,264492,1,3\n1,121361,1,0\n", "utf-8"
    )
    window = make_window(offline=True)
    window.tracker_import.preview(ImportSource.TVTIME, tmp_path)
    dialog = wait_for_preview(qtbot, window)
    model = dialog.model
    assert [model.index(row, PreviewColumn.PLAN).data() for row in range(2)] == [
        "Needs a TVmaze look-up"
    ] * 2
    assert model.index(0, PreviewColumn.SHOW).data() == "TheTVDB show 264492"
    flags = model.flags(model.index(0, PreviewColumn.SHOW))
    assert not flags & Qt.ItemFlag.ItemIsUserCheckable
    assert "2 shows named only by their ids need a TVmaze look-up" in dialog.summary.text()
    assert dialog.import_button.text() == "Nothing to import"
    dialog.reject()
    assert library.count_shows() == 0


def test_find_on_tvmaze_links_a_hand_added_show_keeping_the_users_data(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    library: Library,
    tvmaze: PosterTvmaze,
    opened_dialogs: list[TvmazeDialog],
) -> None:
    show_id = library.add_show(NewShow(title="The Dome", watch_status=WatchStatus.DROPPED))
    library.add_note(show_id, "stopped after the pilot")
    window = make_window()
    select(qtbot, window, show_id)
    button = window.detail.find_button
    assert button.isVisibleTo(window.detail)
    button.click()
    [dialog] = opened_dialogs
    assert dialog.windowTitle() == "Find “The Dome” on TVmaze"
    assert dialog.query.text() == "The Dome"
    assert dialog.add_button.text() == "Link to this show"
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    search = next(request for request, _ in tvmaze.server.log if request.path == "/search/shows")
    assert search.args["q"] == "The Dome"
    dialog.add_selected()
    qtbot.waitUntil(lambda: window.detail.title.text() == "Under the Dome", timeout=5000)
    show = library.show(show_id)
    assert (show.external_ids.tvmaze, show.watch_status) == (1, WatchStatus.DROPPED)
    assert [note.body for note in library.notes(show_id)] == ["stopped after the pilot"]
    assert len(show.seasons) == 3
    assert not button.isVisibleTo(window.detail)  # linked: nothing left to find
    assert window.statusBar().currentMessage() == "Linked to TVmaze"


def test_find_on_tvmaze_refuses_a_show_already_in_the_library(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    library: Library,
    opened_dialogs: list[TvmazeDialog],
    data_dir: Path,
) -> None:
    window = make_window()
    window.sync.add(1, lambda _id: None, lambda error: pytest.fail(str(error)))
    qtbot.waitUntil(lambda: library.count_shows() == 1, timeout=5000)
    mine = library.add_show(NewShow(title="Dome, again"))
    window.reload(select=mine)
    qtbot.waitUntil(lambda: window.detail.show_id == mine, timeout=5000)
    window.detail.find_button.click()
    [dialog] = opened_dialogs
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    dialog.add_selected()
    qtbot.waitUntil(lambda: "already in your library" in dialog.status.text(), timeout=5000)
    assert "a TVmaze show can be linked to one show only" in dialog.status.text()
    assert library.show(mine).external_ids.tvmaze is None
    assert window.detail.show_id == mine  # the selection stays on the user's show
    dialog.reject()


def test_find_on_tvmaze_offline_says_why_it_cannot(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    library: Library,
    opened_dialogs: list[TvmazeDialog],
    tvmaze: PosterTvmaze,
) -> None:
    show_id = library.add_show(NewShow(title="The Dome"))
    window = make_window(offline=True)
    select(qtbot, window, show_id)
    window.detail.find_button.click()
    assert opened_dialogs == []
    assert "Offline mode is on" in window.banner.text.text()
    assert tvmaze.paths() == []
