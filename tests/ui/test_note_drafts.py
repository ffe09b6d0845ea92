"""The composer keeps a draft per show; a note whose write fails goes back to its own show.

A note was typed and posted, the user changed show while it was being written, the write
failed: the text was lost, since the composer had been cleared for the other show.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import wait_for_write
from watchlist.core.episodes import EpisodeReference
from watchlist.store.errors import LibraryFullError
from watchlist.store.library import Library
from watchlist.store.views import NoteView
from watchlist.ui.main_window import MainWindow


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    return shown


def select(window: MainWindow, library: Library, title: str) -> int:
    show_id = library.resolve_show_id(title)
    assert window.show_list.select_show(show_id)
    assert window.notes.show_id == show_id
    return show_id


def test_a_draft_stays_with_its_show_while_the_user_looks_at_others(
    sample_window: MainWindow, library: Library
) -> None:
    notes = sample_window.notes
    select(sample_window, library, "Dark")
    notes.input.setPlainText("Half a thought about the caves")
    notes.reference.setText("S1E3")
    select(sample_window, library, "Severance")
    assert notes.input.toPlainText() == "" and notes.reference.text() == ""
    notes.input.setPlainText("Severance draft")
    select(sample_window, library, "Dark")
    assert notes.input.toPlainText() == "Half a thought about the caves"
    assert notes.reference.text() == "S1E3"
    select(sample_window, library, "Severance")
    assert notes.input.toPlainText() == "Severance draft"


def test_a_note_that_fails_to_save_after_the_user_moved_on_returns_to_its_show(
    qtbot: QtBot,
    sample_window: MainWindow,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:
    notes = sample_window.notes
    release = threading.Event()
    real_add_note = library.add_note

    def add_note_that_fails(
        show_id: int, body: str, *, reference: EpisodeReference | None = None
    ) -> NoteView:
        release.wait(10)  # the user moves on while this write waits
        raise LibraryFullError("The disk holding the library is full, so nothing was saved.")

    monkeypatch.setattr(library, "add_note", add_note_that_fails)
    dark = select(sample_window, library, "Dark")
    before = [note.body for note in library.notes(dark)]
    notes.input.setPlainText("Jonas is his own grandfather?")
    notes.reference.setText("S2E8")
    notes.post_button.click()
    assert not notes.input.isEnabled()  # posting

    select(sample_window, library, "Severance")
    assert notes.input.isEnabled() and notes.input.toPlainText() == ""
    notes.input.setPlainText("Severance thoughts, not posted")
    release.set()
    wait_for_write(qtbot, sample_window)

    assert len(warnings) == 1 and "is full" in warnings[0]
    message = sample_window.statusBar().currentMessage()
    assert "Your note about “Dark” was not saved" in message
    assert notes.input.toPlainText() == "Severance thoughts, not posted"  # untouched
    assert [note.body for note in library.notes(dark)] == before  # nothing saved

    select(sample_window, library, "Dark")
    assert notes.input.toPlainText() == "Jonas is his own grandfather?"
    assert notes.reference.text() == "S2E8"
    assert notes.input.isEnabled() and notes.post_button.isEnabled()

    monkeypatch.setattr(library, "add_note", real_add_note)  # the disk has room again
    notes.post_button.click()
    wait_for_write(qtbot, sample_window)
    assert [note.body for note in library.notes(dark)] == [*before, "Jonas is his own grandfather?"]
    assert notes.input.toPlainText() == ""


def test_a_note_that_fails_on_the_show_still_shown_stays_in_the_composer(
    qtbot: QtBot,
    sample_window: MainWindow,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:
    def add_note_that_fails(
        show_id: int, body: str, *, reference: EpisodeReference | None = None
    ) -> NoteView:
        raise LibraryFullError("The disk holding the library is full, so nothing was saved.")

    monkeypatch.setattr(library, "add_note", add_note_that_fails)
    notes = sample_window.notes
    select(sample_window, library, "Dark")
    notes.input.setPlainText("Kept")
    notes.post_button.click()
    wait_for_write(qtbot, sample_window)
    assert notes.input.toPlainText() == "Kept" and notes.input.isEnabled()
    assert len(warnings) == 1
