"""The main window driven like a user would: filter, select, edit, notes, remove, restart."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from watchlist.core.status import RenewalStatus, WatchStatus
from watchlist.store.library import Library, NewShow, SeasonEdit, ShowChanges
from watchlist.store.limits import MAX_NETWORK_LENGTH
from watchlist.store.models import Show
from watchlist.ui import list_loading, messages
from watchlist.ui.detail_pane import DetailPane
from watchlist.ui.main_window import MainWindow
from watchlist.ui.notes_panel import NoteEditDialog, NotesPanel
from watchlist.ui.show_dialogs import EditShowDialog
from watchlist.ui.show_model import Column, ShowRows

from .conftest import TODAY, WindowFactory, wait_for_write

REQUIRED_OBJECT_NAMES = (
    "mainWindow", "showList", "showFilter", "detailPane", "synopsis", "renewalStatus",
    "seasonCount", "releaseEstimate", "notesPanel", "notesList", "noteInput", "addNoteButton",
)  # fmt: skip


def titles(window: MainWindow) -> list[str]:
    proxy = window.show_list.proxy
    return [proxy.index(row, Column.TITLE).data() for row in range(proxy.rowCount())]


def select(window: MainWindow, title: str) -> None:
    show_id = window.library.resolve_show_id(title)
    assert window.show_list.select_show(show_id)


def test_every_contract_object_name_exists(sample_window: MainWindow) -> None:
    for name in REQUIRED_OBJECT_NAMES[1:]:
        assert sample_window.findChild(QWidget, name) is not None, name
    assert sample_window.objectName() == "mainWindow"


def test_filter_as_you_type_matches_title_network_and_genre(
    qtbot: QtBot, sample_window: MainWindow
) -> None:
    box = sample_window.show_list.filter
    qtbot.keyClicks(box, "netf")
    assert len(titles(sample_window)) == 6
    assert sample_window.count_label.text() == "6 of 12 shows"
    box.clear()
    qtbot.keyClicks(box, "horror")
    assert titles(sample_window) == ["All of Us Are Dead"]
    box.clear()
    assert len(titles(sample_window)) == 12


def test_ctrl_f_focuses_the_filter(qtbot: QtBot, sample_window: MainWindow) -> None:
    sample_window.activateWindow()
    sample_window.show_list.view.setFocus()
    qtbot.keyClick(sample_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is sample_window.show_list.filter


def test_quick_filter_by_watch_status_shows_counts(sample_window: MainWindow) -> None:
    sample_window.sidebar.choose_status(WatchStatus.WATCHING)
    assert sorted(titles(sample_window)) == ["Ghosts", "Severance", "Squid Game"]
    assert sample_window.count_label.text() == "3 of 12 shows"
    labels = [
        sample_window.sidebar.entries.item(row).text()
        for row in range(sample_window.sidebar.entries.rowCount())
    ]
    assert "Watching  (3)" in labels and "All shows  (12)" in labels


def test_sorting_by_next_season_puts_ended_shows_last(sample_window: MainWindow) -> None:
    sample_window.show_list.view.sortByColumn(Column.NEXT_RELEASE, Qt.SortOrder.AscendingOrder)
    shown = titles(sample_window)
    ended = {"Dark", "Derry Girls", "GLOW", "Silicon Valley", "Squid Game", "The Big Bang Theory"}
    assert set(shown[-len(ended) :]) == ended


def test_selecting_a_show_fills_the_detail_pane(sample_window: MainWindow) -> None:
    select(sample_window, "All of Us Are Dead")
    detail: DetailPane = sample_window.detail
    assert detail.title.text() == "All of Us Are Dead"
    show = sample_window.library.find_show("All of Us Are Dead")
    assert detail.renewal.status_text(show, TODAY) == "Renewed for season 2 · announced 6 Jun 2022"
    assert detail.season_count.text() == "2 seasons · 1 aired, 1 announced"
    assert detail.estimate.headline.text().startswith("Season 2: ")
    assert detail.estimate.property("estimateKind") == "estimated"
    assert "Season 1 premiered Jan 2022" in detail.estimate.toolTip()
    assert "zombie" not in detail.synopsis.toPlainText()
    assert "high school" in detail.synopsis.toPlainText()
    assert detail.seasons.model_.rowCount() == 2
    notes: NotesPanel = sample_window.notes
    assert notes.model.rowCount() == 2
    assert notes.heading.text() == "Notes (2)"


def test_why_expander_shows_the_reason(sample_window: MainWindow) -> None:
    select(sample_window, "All of Us Are Dead")
    card = sample_window.detail.estimate
    assert not card.reason.isVisible()
    card.why_button.click()
    assert card.reason.isVisible()
    assert card.reason.text() == card.toolTip()


def test_confirmed_and_estimated_look_different(
    qtbot: QtBot, sample_window: MainWindow, library: Library
) -> None:
    show_id = library.add_show(
        NewShow(
            title="Confirmed Show",
            seasons=(SeasonEdit(1, date(2024, 3, 1)), SeasonEdit(2, date(2025, 9, 1))),
        )
    )
    sample_window.reload(select=show_id)
    qtbot.waitUntil(lambda: sample_window.detail.show_id == show_id)
    card = sample_window.detail.estimate
    confirmed_style = card.styleSheet()
    assert card.property("estimateKind") == "confirmed"
    assert card.headline.text() == "Season 2: 1 September 2025"
    select(sample_window, "Severance")
    assert card.property("estimateKind") == "estimated"
    assert "solid" in confirmed_style and "dashed" in card.styleSheet()


def test_watch_status_changed_in_place_is_saved_and_marked(
    qtbot: QtBot, sample_window: MainWindow, library: Library
) -> None:
    select(sample_window, "Dark")
    combo = sample_window.detail.watch_status
    combo.setCurrentIndex(combo.findData(WatchStatus.ON_HOLD))
    wait_for_write(qtbot, sample_window)
    show = library.find_show("Dark")
    assert show.watch_status is WatchStatus.ON_HOLD
    assert "watch_status" in show.user_edited
    qtbot.waitUntil(lambda: sample_window.model.watch_status_counts()[WatchStatus.ON_HOLD] == 2)


def test_edit_dialog_marks_only_changed_fields(
    qtbot: QtBot, sample_window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    select(sample_window, "Mindhunter")

    def fill_and_accept(dialog: EditShowDialog) -> int:
        dialog.form.renewal.setCurrentIndex(dialog.form.renewal.findData(RenewalStatus.CANCELLED))
        dialog.form.expected.setText("")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(EditShowDialog, "exec", fill_and_accept)
    sample_window.edit_action.trigger()
    wait_for_write(qtbot, sample_window)
    show = library.find_show("Mindhunter")
    assert show.renewal_status is RenewalStatus.CANCELLED
    assert show.user_edited == {"renewal"}
    qtbot.waitUntil(lambda: "Cancelled" in sample_window.detail.renewal.text())


def test_edit_dialog_refuses_a_date_it_cannot_read(sample_window: MainWindow) -> None:
    dialog = EditShowDialog(sample_window.library.find_show("Dark"), sample_window)
    dialog.form.expected.setText("after the strike")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    assert "not a date Watchlist understands" in dialog.problem.text()
    dialog.form.expected.setText("spring 2026")
    assert ok.isEnabled()
    assert dialog.form.expected_hint.text() == "Understood as: spring 2026"


def test_posting_a_note_with_the_button_and_with_ctrl_enter(
    qtbot: QtBot, sample_window: MainWindow, library: Library
) -> None:
    select(sample_window, "Dark")
    panel = sample_window.notes
    assert panel.input.placeholderText().startswith("Leave a note")
    qtbot.keyClicks(panel.input, "Jonas and Martha, finally.")
    qtbot.mouseClick(panel.post_button, Qt.MouseButton.LeftButton)
    wait_for_write(qtbot, sample_window)
    qtbot.keyClicks(panel.input, "Second *thought*")
    qtbot.keyClick(panel.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_for_write(qtbot, sample_window)
    bodies = [note.body for note in library.notes(library.resolve_show_id("Dark"))]
    assert bodies[-2:] == ["Jonas and Martha, finally.", "Second *thought*"]
    assert panel.model.rowCount() == len(bodies)
    assert panel.input.toPlainText() == ""


def test_an_empty_note_cannot_be_posted(qtbot: QtBot, sample_window: MainWindow) -> None:
    select(sample_window, "Dark")
    qtbot.keyClicks(sample_window.notes.input, "   ")
    assert not sample_window.notes.post_button.isEnabled()


def test_editing_and_deleting_a_note(
    qtbot: QtBot, sample_window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    select(sample_window, "All of Us Are Dead")
    panel = sample_window.notes
    first = panel.model.index(0)

    def rewrite(dialog: NoteEditDialog) -> int:
        dialog.editor.setPlainText("Rewritten note")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NoteEditDialog, "exec", rewrite)
    panel._edit(first)
    wait_for_write(qtbot, sample_window)
    show_id = library.resolve_show_id("All of Us Are Dead")
    assert library.notes(show_id)[0].body == "Rewritten note"
    assert "edited" in panel.list.itemDelegate().header_text(panel.model.notes()[0])

    asked: list[str] = []

    def confirm(_parent: object, _title: str, question: str, _action: str) -> bool:
        asked.append(question)
        return True

    monkeypatch.setattr(messages, "confirm", confirm)
    panel.list.setCurrentIndex(panel.model.index(0))
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    wait_for_write(qtbot, sample_window)
    assert asked and "Rewritten note" in asked[0]
    assert [n.body for n in library.notes(show_id)] == [panel.model.notes()[0].body]
    assert library.find_show("All of Us Are Dead").note_count == 1


def test_removing_a_show_asks_naming_its_notes(
    qtbot: QtBot, sample_window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    select(sample_window, "All of Us Are Dead")
    asked: list[str] = []

    def confirm(_parent: object, _title: str, question: str, _action: str) -> bool:
        asked.append(question)
        return True

    monkeypatch.setattr(messages, "confirm", confirm)
    sample_window.remove_action.trigger()
    wait_for_write(qtbot, sample_window)
    assert asked == [
        "Remove “All of Us Are Dead”? Its 2 notes will be deleted too. This cannot be undone."
    ]
    assert "All of Us Are Dead" not in titles(sample_window)
    assert library.count_shows() == 11


def test_declining_removal_keeps_the_show(
    sample_window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    select(sample_window, "Dark")
    monkeypatch.setattr(messages, "confirm", lambda *_args: False)
    sample_window.remove_action.trigger()
    assert library.count_shows() == 12


def test_notes_browser_lists_all_notes_newest_first_and_opens_the_show(
    qtbot: QtBot, sample_window: MainWindow
) -> None:
    sample_window.sidebar.choose_notes()
    browser = sample_window.notes_browser
    qtbot.waitUntil(lambda: browser.model.rowCount() == 5)
    dates = [note.created_at for note in browser.model.notes()]
    assert dates == sorted(dates, reverse=True)
    qtbot.keyClicks(browser.search, "ROOFTOP")
    qtbot.waitUntil(lambda: browser.model.rowCount() == 1, timeout=3000)
    assert browser.count.text() == "1 note containing “ROOFTOP”"
    browser.showRequested.emit(browser.model.notes()[0].show_id, browser.model.notes()[0].id)
    assert sample_window.centre.currentWidget() is sample_window.show_list
    assert sample_window.detail.title.text() == "All of Us Are Dead"


def test_window_state_persists_across_restart(
    qtbot: QtBot, sample_window: MainWindow, make_window: WindowFactory
) -> None:
    select(sample_window, "Severance")
    sample_window.show_list.view.sortByColumn(Column.SEASONS, Qt.SortOrder.DescendingOrder)
    sample_window.splitter.setSizes([200, 500, 580])
    sizes = sample_window.splitter.sizes()
    sample_window.close()
    restarted = make_window()
    header = restarted.show_list.view.horizontalHeader()
    assert header.sortIndicatorSection() == Column.SEASONS
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert titles(restarted)[0] == "The Big Bang Theory"
    assert restarted.detail.title.text() == "Severance"
    assert restarted.splitter.sizes() == sizes


def test_first_run_welcome_offers_the_sample_library(
    qtbot: QtBot, make_window: WindowFactory, library: Library
) -> None:
    window = make_window()
    assert window.pages.currentWidget() is window.welcome
    qtbot.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.rowCount() == 12, timeout=10_000)
    assert window.pages.currentWidget() is window.splitter
    assert library.count_shows() == 12


def test_hostile_synopsis_is_sanitized_and_loads_nothing(
    qtbot: QtBot, sample_window: MainWindow, library: Library
) -> None:
    hostile = (
        '<p onmouseover="alert(1)">Plot<script>alert(2)</script>'
        '<img src="https://tracker.example/pixel.png" onerror="alert(3)">'
        '<a href="javascript:alert(4)">bad</a> <a href="https://www.tvmaze.com/">ok</a>'
        '<iframe src="https://evil.example"></iframe><style>p{}</style></p>'
    )
    show_id = library.resolve_show_id("Dark")
    with library.writing() as session:
        session.get(Show, show_id).synopsis_html = hostile  # type: ignore[union-attr]
    refused: list[str] = []
    sample_window.detail.synopsis.resourceRefused.connect(refused.append)
    select(sample_window, "Dark")
    rendered = sample_window.detail.synopsis.toHtml()
    for forbidden in ("script", "alert", "onerror", "onmouseover", "tracker", "iframe",
                      "javascript", "evil"):  # fmt: skip
        assert forbidden not in rendered
    assert 'href="https://www.tvmaze.com/"' in rendered
    assert refused == []


def test_screenshot_command_renders_the_selected_show(tmp_path: Path) -> None:
    import subprocess
    import sys

    target = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, "-m", "watchlist", "--demo", "gui", "--screenshot", str(target),
         "--select", "All of Us Are Dead"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(target))
    assert (image.width(), image.height()) == (1280, 800)


def test_a_slow_older_reload_never_replaces_newer_rows(
    qtbot: QtBot, make_window: WindowFactory, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reads run in parallel, so a reload's rows can arrive after a later reload's."""
    window = make_window()
    release = threading.Event()
    real_load_rows = list_loading.load_rows

    def slow_empty_load(opened: Library, stop: object = None) -> ShowRows:
        rows = real_load_rows(opened)  # read before the show below exists...
        release.wait(10)  # ...and delivered only after the newer reload
        return rows

    monkeypatch.setattr(list_loading, "load_rows", slow_empty_load)
    window.reload()
    monkeypatch.setattr(list_loading, "load_rows", real_load_rows)
    qtbot.wait(100)  # the first read has taken its snapshot
    library.add_show(NewShow(title="Arriving later"))
    window.reload()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    release.set()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    assert window.model.rowCount() == 1
    assert window.pages.currentWidget() is window.splitter


def test_the_welcome_buttons_work_while_a_background_read_runs(
    qtbot: QtBot, make_window: WindowFactory, library: Library
) -> None:
    """Only a pending write (an import already running) disables them, never a read."""
    window = make_window()
    release = threading.Event()
    window.runner.read(lambda: release.wait(10))
    try:
        assert window.welcome.sample_button.isEnabled()
        qtbot.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
        assert not window.welcome.sample_button.isEnabled()  # the import is pending
        qtbot.waitUntil(lambda: window.model.rowCount() == 12, timeout=10_000)
    finally:
        release.set()
    assert library.count_shows() == 12


def test_a_row_refreshed_while_a_reload_reads_is_not_put_back_by_it(
    qtbot: QtBot, sample_window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit lands while a long reload is reading: the reload's older row must not win."""
    window = sample_window
    show_id = library.resolve_show_id("Severance")
    release, reading = threading.Event(), threading.Event()
    real_load_rows = list_loading.load_rows

    def slow_load(opened: Library, stop: object = None) -> ShowRows:
        rows = real_load_rows(opened)  # Severance still "watching"
        reading.set()
        release.wait(10)
        return rows

    monkeypatch.setattr(list_loading, "load_rows", slow_load)
    window.reload()
    assert reading.wait(10)
    monkeypatch.setattr(list_loading, "load_rows", real_load_rows)
    library.edit_show(show_id, ShowChanges(watch_status=WatchStatus.ON_HOLD))
    window._refresh_show(show_id)
    qtbot.waitUntil(lambda: window.model.summary(show_id).watch_status is WatchStatus.ON_HOLD)
    release.set()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    assert window.model.summary(show_id).watch_status is WatchStatus.ON_HOLD


def test_the_detail_pane_is_never_squeezed_narrower_than_its_content(
    qtbot: QtBot, sample_window: MainWindow
) -> None:
    """It scrolls down, never sideways: any narrower and its buttons would be cut off."""
    window = sample_window
    needed = window.detail.widget().minimumSizeHint().width()
    window.splitter.setSizes([150, 2000, 50])
    qtbot.waitUntil(lambda: window.detail.width() > 50)
    assert window.detail.viewport().width() >= needed


def test_text_that_cannot_wrap_never_makes_the_detail_pane_wider_than_a_screen(
    qtbot: QtBot, make_window: WindowFactory, library: Library
) -> None:
    from watchlist.ui.detail_pane import MAX_MINIMUM_WIDTH

    show_id = library.add_show(NewShow(title="Long" * 60, network="N" * MAX_NETWORK_LENGTH))
    window = make_window()
    assert window.show_list.select_show(show_id)
    qtbot.waitUntil(lambda: window.detail.show_id == show_id)
    assert window.detail.widget().minimumSizeHint().width() > MAX_MINIMUM_WIDTH  # it would be
    assert window.detail.minimumSizeHint().width() <= MAX_MINIMUM_WIDTH
    assert window.minimumSizeHint().width() < 1280
