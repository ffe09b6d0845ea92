"""Note cards: measured with one reused document, painted from a bounded cache, and the same
size either way."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QListView, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from watchlist.store.views import NoteView
from watchlist.ui.notes_model import NoteCardDelegate, NotesModel

WIDTH = 420


def note(number: int, body: str) -> NoteView:
    return NoteView(
        id=number, show_id=1, show_title="Dark", body=body,
        created_at=datetime(2025, 1, 1, 12, tzinfo=UTC), updated_at=None,
    )  # fmt: skip


@pytest.fixture
def view(qtbot: QtBot) -> QListView:
    shown = QListView()
    qtbot.addWidget(shown)
    shown.resize(WIDTH, 600)
    model = NotesModel(shown)
    shown.setModel(model)
    shown.setItemDelegate(NoteCardDelegate(shown))
    return shown


def option_for(view: QListView) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(0, 0, WIDTH, 0)
    return option


def card_height(view: QListView, row: int) -> int:
    delegate = view.itemDelegate()
    assert isinstance(delegate, NoteCardDelegate)
    return delegate.sizeHint(option_for(view), view.model().index(row, 0)).height()


def paint(view: QListView, row: int) -> None:
    image = QImage(WIDTH, 400, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    option = option_for(view)
    option.rect = QRect(0, 0, WIDTH, card_height(view, row))
    view.itemDelegate().paint(painter, option, view.model().index(row, 0))
    painter.end()


def test_a_card_measures_the_same_measured_painted_or_forgotten(view: QListView) -> None:
    model = view.model()
    assert isinstance(model, NotesModel)
    bodies = ["Short.", "A *longer* note\n\n- one\n- two\n- three", "word " * 200]
    model.set_notes([note(number, body) for number, body in enumerate(bodies, 1)])
    measured = [card_height(view, row) for row in range(3)]
    assert measured[0] < measured[1] < measured[2]  # more text, taller cards
    for row in range(3):
        paint(view, row)
    delegate = view.itemDelegate()
    assert isinstance(delegate, NoteCardDelegate)
    delegate.clear_layouts()
    assert [card_height(view, row) for row in range(3)] == measured


def test_painted_documents_are_bounded_and_edits_are_measured_again(
    view: QListView, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(NoteCardDelegate, "PAINTED_DOCUMENTS", 5)
    model = view.model()
    assert isinstance(model, NotesModel)
    model.set_notes([note(number, f"Note {number}") for number in range(1, 41)])
    for row in range(40):
        paint(view, row)
    delegate = view.itemDelegate()
    assert isinstance(delegate, NoteCardDelegate)
    assert len(delegate._documents) == 5  # only the cards painted last keep a layout
    short = card_height(view, 0)
    model.replace(replace_body(model.notes()[0], "word " * 300))
    row = model.row_of(1)
    assert row is not None
    assert card_height(view, row) > short  # the edited note is measured again


def replace_body(original: NoteView, body: str) -> NoteView:
    return replace(original, body=body, updated_at=datetime(2025, 2, 1, tzinfo=UTC))
