"""Notes about a season or an episode, pinned notes first, and notes exported as Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from watchlist.core.episodes import EpisodeReference
from watchlist.store.library import Library
from watchlist.ui.main_window import MainWindow
from watchlist.ui.notes_model import NoteRole
from watchlist.ui.notes_panel import NoteEditDialog, NoteReferenceDialog, NotesPanel

from .conftest import wait_for_write


def select(window: MainWindow, title: str) -> int:
    show_id = window.library.resolve_show_id(title)
    assert window.show_list.select_show(show_id)
    return show_id


def trigger(panel: NotesPanel, row: int, action_name: str) -> None:
    """Choose an entry of a note card's context menu."""
    menu = panel.card_menu(panel.model.index(row))
    action = menu.findChild(QAction, action_name)
    assert action is not None, action_name
    action.trigger()
    menu.deleteLater()


def bodies(panel: NotesPanel) -> list[str]:
    return [note.body for note in panel.model.notes()]


def test_a_note_posted_with_an_episode_is_about_that_episode(
    qtbot: QtBot, sample_window: MainWindow, library: Library
) -> None:
    show_id = select(sample_window, "Dark")
    panel = sample_window.notes
    qtbot.keyClicks(panel.input, "The cave scene.")
    qtbot.keyClicks(panel.reference, "s01e03")
    assert panel.reference_hint.text() == "About season 1, episode 3"
    qtbot.mouseClick(panel.post_button, Qt.MouseButton.LeftButton)
    wait_for_write(qtbot, sample_window)
    note = library.notes(show_id)[-1]
    assert (note.body, note.reference) == ("The cave scene.", EpisodeReference(1, 3))
    card = panel.model.index(panel.model.row_of(note.id) or 0)
    assert card.data(Qt.ItemDataRole.ToolTipRole) == "About season 1, episode 3"
    assert panel.reference.text() == ""  # the next note starts about the whole show


def test_an_invalid_episode_is_refused_with_a_message(
    qtbot: QtBot, sample_window: MainWindow, library: Library
) -> None:
    show_id = select(sample_window, "Dark")
    panel = sample_window.notes
    before = len(library.notes(show_id))
    qtbot.keyClicks(panel.input, "Which episode was it?")
    qtbot.keyClicks(panel.reference, "episode three")
    assert panel.reference_hint.isVisibleTo(panel)
    assert panel.reference_hint.text() == (
        "'episode three' is not an episode or season. Try S1E3, S01E03, 1x03, S2 or 'season 2'."
    )
    assert not panel.post_button.isEnabled()
    qtbot.keyClick(panel.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_for_write(qtbot, sample_window)
    assert len(library.notes(show_id)) == before
    panel.reference.setText("S2")
    assert panel.post_button.isEnabled()


def test_pinning_moves_a_note_to_the_top_and_unpinning_puts_it_back(
    qtbot: QtBot, sample_window: MainWindow, library: Library
) -> None:
    show_id = select(sample_window, "All of Us Are Dead")
    panel = sample_window.notes
    first, last = bodies(panel)
    trigger(panel, 1, "pinNoteAction")
    wait_for_write(qtbot, sample_window)
    assert bodies(panel) == [last, first]
    assert panel.model.notes()[0].pinned
    assert [note.pinned for note in library.notes(show_id)] == [False, True]
    assert panel.list.currentIndex().row() == 0
    panel.list.viewport().grab()  # the card with its pin paints

    select(sample_window, "Dark")
    select(sample_window, "All of Us Are Dead")
    assert bodies(panel) == [last, first]  # pinned first when read back from the library

    trigger(panel, 0, "pinNoteAction")
    wait_for_write(qtbot, sample_window)
    assert bodies(panel) == [first, last]
    assert not any(note.pinned for note in library.notes(show_id))


def test_the_context_menu_ties_a_note_to_a_season_and_back_to_the_show(
    qtbot: QtBot, sample_window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    show_id = select(sample_window, "All of Us Are Dead")
    panel = sample_window.notes

    def answer(dialog: NoteReferenceDialog) -> int:
        dialog.reference_edit.setText("season 2")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NoteReferenceDialog, "exec", answer)
    trigger(panel, 0, "noteReferenceAction")
    wait_for_write(qtbot, sample_window)
    assert library.notes(show_id)[0].reference == EpisodeReference(2)
    assert panel.model.notes()[0].reference_label == "S2"
    panel.list.viewport().grab()  # the card with its chip paints

    trigger(panel, 0, "clearNoteReferenceAction")
    wait_for_write(qtbot, sample_window)
    assert library.notes(show_id)[0].reference is None


def test_the_edit_dialog_changes_text_and_episode_together(
    qtbot: QtBot, sample_window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    show_id = select(sample_window, "All of Us Are Dead")
    panel = sample_window.notes
    seen: list[bool] = []

    def answer(dialog: NoteEditDialog) -> int:
        dialog.reference_edit.setText("S1E")
        save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
        seen.append(save.isEnabled())
        dialog.reference_edit.setText("1x04")
        dialog.editor.setPlainText("Episode four is the best.")
        seen.append(save.isEnabled())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NoteEditDialog, "exec", answer)
    trigger(panel, 0, "editNoteAction")
    wait_for_write(qtbot, sample_window)
    assert seen == [False, True]
    note = library.notes(show_id)[0]
    assert (note.body, note.reference) == ("Episode four is the best.", EpisodeReference(1, 4))
    assert panel.model.index(0).data(NoteRole.NOTE).reference_label == "S1E4"


def test_export_as_markdown_writes_the_shows_notes_to_the_chosen_file(
    qtbot: QtBot,
    sample_window: MainWindow,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    show_id = select(sample_window, "All of Us Are Dead")
    first = library.notes(show_id)[0]
    library.set_note_reference(first.id, EpisodeReference(1, 3))
    library.pin_note(library.notes(show_id)[1].id)
    target = tmp_path / "dead notes.md"
    offered: list[str] = []

    def save_as(_parent: object, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        offered.append(suggested)
        return str(target), "Markdown (*.md)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    sample_window.notes.export_action.trigger()
    qtbot.waitUntil(target.exists, timeout=10_000)
    wait_for_write(qtbot, sample_window)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# All of Us Are Dead\n")
    assert "## Pinned" in text
    assert " · S1E3" in text
    assert first.body.strip() in text
    assert Path(offered[0]).name == "All of Us Are Dead notes.md"
    assert (
        "Exported the notes of “All of Us Are Dead”" in sample_window.statusBar().currentMessage()
    )


def test_export_is_unavailable_without_a_show(sample_window: MainWindow) -> None:
    sample_window.notes.set_show(None, [])
    assert not sample_window.notes.export_action.isEnabled()
    assert not sample_window.notes.reference.isEnabled()
