"""Importing from TV Time, Trakt and IMDb in the window: preview first, then write, then report."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from werkzeug import Request, Response

from tests.sync.fake_tvmaze import FakeTvmaze, the_witcher, under_the_dome
from watchlist.importers.candidates import ImportSource
from watchlist.store.library import Library
from watchlist.store.progress import list_episodes
from watchlist.ui.main_window import MainWindow
from watchlist.ui.tracker_import import ChooseExportDialog, ImportPreviewDialog, PreviewColumn

from .conftest import wait_for_write
from .test_sync_ui import real_jpeg

EXPORTS = Path(__file__).parent.parent / "fixtures" / "imports"
REAL_TVTIME = EXPORTS / "real" / "tvtime" / "samindika97_v2"

MakeWindow = Callable[..., MainWindow]


class GatedLookups(FakeTvmaze):
    """TVmaze whose /lookup/shows answers wait for the test to open the gate."""

    def __init__(self, server: HTTPServer) -> None:
        self.gate = threading.Event()
        self.gate.set()
        self.waiting = threading.Event()
        super().__init__(server)

    def _lookup(self, request: Request) -> Response:
        self.waiting.set()
        self.gate.wait(timeout=20)
        return super()._lookup(request)

    def _poster(self, request: Request) -> Response:
        self.posters.setdefault(request.path.rsplit("/", 1)[1], real_jpeg())
        return super()._poster(request)


@pytest.fixture
def tvmaze(httpserver: HTTPServer) -> GatedLookups:
    fake = GatedLookups(httpserver)
    fake.add(under_the_dome())
    fake.add(the_witcher())
    fake.lookups.update({"264492": 1, "362696": 28276, "tt1553656": 1, "tt5180504": 28276})
    return fake


@pytest.fixture
def make_window(tvmaze_windows: MakeWindow, tvmaze: GatedLookups) -> MakeWindow:
    return lambda *, offline=False: tvmaze_windows(tvmaze.url, offline=offline)


@pytest.fixture
def warnings_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def warning(_parent: QWidget, _title: str, text: str, *_args: object) -> None:
        shown.append(text)

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "critical", warning)  # "Something went wrong" lands here too
    return shown


def wait_for_preview(qtbot: QtBot, window: MainWindow) -> ImportPreviewDialog:
    qtbot.waitUntil(lambda: window.tracker_import.preview_dialog is not None, timeout=10_000)
    dialog = window.tracker_import.preview_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def plans(dialog: ImportPreviewDialog) -> dict[str, str]:
    model = dialog.model
    return {
        model.index(row, PreviewColumn.SHOW).data(): model.index(row, PreviewColumn.PLAN).data()
        for row in range(model.rowCount())
    }


def choose_export(monkeypatch: pytest.MonkeyPatch, source: ImportSource, path: Path) -> None:
    """Answer the 'Import from another tracker' dialog as a user would."""

    def answer(dialog: ChooseExportDialog) -> int:
        dialog.set_source(source)
        dialog.path_edit.setText(str(path))
        assert dialog.ok_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ChooseExportDialog, "exec", answer)


def finish(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tracker_import.busy, timeout=10_000)
    wait_for_write(qtbot, window)


def test_the_preview_is_shown_and_nothing_is_written_until_confirmed(
    qtbot: QtBot,
    make_window: MakeWindow,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    choose_export(monkeypatch, ImportSource.TVTIME, EXPORTS / "tvtime")
    window.import_tracker_action.trigger()
    dialog = wait_for_preview(qtbot, window)
    assert plans(dialog) == {
        "Under the Dome": "Add from TVmaze",
        "The Witcher": "Add from TVmaze",
        "Game of Thrones": "Add by hand",
        "Doctor Who (2005)": "Add by hand",
        "Stranger Things": "Add by hand",
    }
    assert dialog.summary.text() == (
        "5 shows in the TV Time export: 2 to add from TVmaze, 3 to add by hand, 0 already in "
        "your library, 0 skipped. 2 movies left out: Watchlist follows series."
    )
    why = dialog.model.index(1, PreviewColumn.WHY).data()
    assert why == "Matched by TheTVDB id 362696"
    assert dialog.import_button.text() == "Import 5 shows"
    assert library.count_shows() == 0
    assert not window.import_tracker_action.isEnabled()

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.tracker_import.report_dialog is not None, timeout=10_000)
    finish(qtbot, window)
    assert library.count_shows() == 5
    assert library.find_show("The Witcher").external_ids.tvmaze == 28276
    qtbot.waitUntil(lambda: window.model.rowCount() == 5)
    assert window.import_tracker_action.isEnabled()


def test_a_real_tv_time_export_through_the_window(
    qtbot: QtBot,
    make_window: MakeWindow,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The real 2023-24 export (fixtures/imports/real), chosen in the dialog, online."""
    window = make_window()
    choose_export(monkeypatch, ImportSource.TVTIME, REAL_TVTIME)
    window.import_tracker_action.trigger()
    dialog = wait_for_preview(qtbot, window)
    assert dialog.summary.text() == (
        "66 shows in the TV Time export: 2 to add from TVmaze, 64 to add by hand, 0 already in "
        "your library, 0 skipped. 228 movies left out: Watchlist follows series."
    )
    assert dialog.model.rowCount() == 66 and dialog.import_button.text() == "Import 66 shows"
    assert plans(dialog)["TheTVDB show 362299"] == "Add by hand"  # no name, unknown to TVmaze
    dialog.resize(1280, 800)
    picture = dialog.grab()
    assert picture.save(str(tmp_path / "preview.png"))
    assert (picture.width(), picture.height()) == (1280, 800)
    table, header = dialog.table, dialog.table.horizontalHeader()
    for column in (PreviewColumn.SHOW, PreviewColumn.PLAN, PreviewColumn.WATCHED):
        assert header.sectionSize(column) >= table.sizeHintForColumn(column)  # nothing elided

    dialog.accept()
    qtbot.waitUntil(lambda: window.tracker_import.report_dialog is not None, timeout=30_000)
    finish(qtbot, window)
    report = window.tracker_import.report_dialog
    assert report is not None
    assert report.summary.text() == (
        "2 matched on TVmaze and added with their seasons and episodes; 64 not matched, added by "
        "hand; 0 already in your library; 0 skipped; 0 failed. 1,074 episodes marked watched."
    )
    assert library.count_shows() == 66
    report.reject()


def test_the_report_says_what_matched_and_what_did_not(
    qtbot: QtBot, make_window: MakeWindow, library: Library
) -> None:
    window = make_window()
    window.tracker_import.preview(ImportSource.TVTIME, EXPORTS / "tvtime")
    dialog = wait_for_preview(qtbot, window)
    dialog.accept()
    qtbot.waitUntil(lambda: window.tracker_import.report_dialog is not None, timeout=10_000)
    finish(qtbot, window)
    report = window.tracker_import.report_dialog
    assert report is not None
    assert report.summary.text().startswith(
        "2 matched on TVmaze and added with their seasons and episodes; 3 not matched, added by "
        "hand; 0 already in your library; 0 skipped; 0 failed."
    )
    model = report.model
    rows = {
        model.index(row, 0).data(): (model.index(row, 1).data(), model.index(row, 2).data())
        for row in range(model.rowCount())
    }
    result, details = rows["Under the Dome"]
    assert result == "Added from TVmaze"
    assert details.startswith("Matched by TheTVDB id 264492; 2 episodes marked watched")
    assert rows["Game of Thrones"] == (
        "Added by hand",
        "TVmaze knows no show with TheTVDB id 121361 or exactly this title; 1 episode marked "
        "watched",
    )
    assert "Inception" not in rows  # a movie: counted in the preview, never a row
    assert window.statusBar().currentMessage().startswith("From TV Time: 2 added from TVmaze")
    report.reject()
    assert window.tracker_import.report_dialog is None


def test_cancelling_the_preview_writes_nothing(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tvmaze: GatedLookups
) -> None:
    window = make_window()
    window.tracker_import.preview(ImportSource.TRAKT, EXPORTS / "trakt")
    dialog = wait_for_preview(qtbot, window)
    requests = len(tvmaze.paths())
    dialog.reject()
    finish(qtbot, window)
    assert library.count_shows() == 0
    assert window.tracker_import.report_dialog is None
    assert len(tvmaze.paths()) == requests  # nothing fetched either
    assert window.import_tracker_action.isEnabled()


def test_cancelling_the_lookups_stops_them_and_writes_nothing(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tvmaze: GatedLookups
) -> None:
    window = make_window()
    tvmaze.gate.clear()
    window.tracker_import.preview(ImportSource.TVTIME, EXPORTS / "tvtime")
    qtbot.waitUntil(tvmaze.waiting.is_set, timeout=10_000)
    progress = window.tracker_import.progress_dialog
    assert progress is not None
    qtbot.waitUntil(lambda: "Looking up “Under the Dome” on TVmaze (1 of" in progress.label.text())
    qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
    tvmaze.gate.set()
    finish(qtbot, window)
    assert window.tracker_import.preview_dialog is None
    assert window.tracker_import.progress_dialog is None
    assert tvmaze.count("/lookup/shows") == 1
    assert library.count_shows() == 0


def test_offline_import_keeps_every_show_as_manual_without_the_network(
    qtbot: QtBot, make_window: MakeWindow, library: Library, tvmaze: GatedLookups
) -> None:
    window = make_window(offline=True)
    window.tracker_import.preview(ImportSource.TRAKT, EXPORTS / "trakt")
    dialog = wait_for_preview(qtbot, window)
    assert set(plans(dialog).values()) == {"Add by hand"}
    assert dialog.problem.isVisibleTo(dialog)
    assert dialog.problem.text().startswith("Offline: nothing was looked up on TVmaze.")
    dialog.accept()
    qtbot.waitUntil(lambda: window.tracker_import.report_dialog is not None, timeout=10_000)
    finish(qtbot, window)
    dome = library.find_show("Under the Dome")
    assert (dome.external_ids.tvmaze, dome.external_ids.imdb) == (None, "tt1553656")
    assert [episode.number for episode in list_episodes(library, dome.id)] == [1, 2, 3]
    assert library.count_shows() == 4
    assert tvmaze.paths() == []


def test_unticked_shows_are_left_out(
    qtbot: QtBot, make_window: MakeWindow, library: Library
) -> None:
    window = make_window(offline=True)
    window.tracker_import.preview(ImportSource.IMDB, EXPORTS / "imdb" / "watchlist.csv")
    dialog = wait_for_preview(qtbot, window)
    model = dialog.model
    row = next(
        row
        for row in range(model.rowCount())
        if model.index(row, PreviewColumn.SHOW).data() == "Chernobyl (2019)"
    )
    assert model.setData(
        model.index(row, PreviewColumn.SHOW),
        Qt.CheckState.Unchecked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    assert dialog.import_button.text() == "Import 2 shows"
    dialog.accept()
    finish(qtbot, window)
    assert sorted(show.title for show in library.list_shows()) == ["The Witcher", "Under the Dome"]


def test_a_show_already_in_the_library_is_said_so_and_left_alone(
    qtbot: QtBot, make_window: MakeWindow, library: Library
) -> None:
    from watchlist.store.library import NewShow

    existing = library.add_show(NewShow(title="Chernobyl"))
    window = make_window(offline=True)
    window.tracker_import.preview(ImportSource.IMDB, EXPORTS / "imdb" / "watchlist.csv")
    dialog = wait_for_preview(qtbot, window)
    assert plans(dialog)["Chernobyl (2019)"] == "Already in library"
    dialog.accept()
    finish(qtbot, window)
    assert library.count_shows() == 3
    assert library.show(existing).rating is None


@pytest.mark.parametrize(
    "case",
    [
        (ImportSource.TRAKT, "imdb/watchlist.csv", "This looks like an IMDb list, not a Trakt"),
        (ImportSource.TVTIME, "trakt", "This looks like a Trakt export, not a TV Time export"),
        (ImportSource.IMDB, "missing.csv", "Cannot read"),
        (ImportSource.TRAKT, "garbage.bin", "garbage.bin is not valid JSON (line 1, column 1)"),
        (ImportSource.TRAKT, "deep.json", "deep.json is nested more deeply than any Trakt export"),
    ],
)
def test_an_unreadable_or_wrong_kind_of_file_gives_a_message_and_writes_nothing(
    qtbot: QtBot,
    make_window: MakeWindow,
    warnings_shown: list[str],
    tmp_path: Path,
    case: tuple[ImportSource, str, str],
) -> None:
    source, path, message = case
    (tmp_path / "garbage.bin").write_bytes(b"\xff\xfe\x00\x81 binary")
    (tmp_path / "deep.json").write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    made = ("garbage.bin", "missing.csv", "deep.json")
    target = tmp_path / path if path in made else EXPORTS / path
    window = make_window()
    window.tracker_import.preview(source, target)
    finish(qtbot, window)
    assert len(warnings_shown) == 1
    assert message in warnings_shown[0]
    assert "Traceback" not in warnings_shown[0]
    assert "went wrong" not in warnings_shown[0]
    assert window.tracker_import.preview_dialog is None
    assert window.tracker_import.progress_dialog is None
    assert window.library.count_shows() == 0
