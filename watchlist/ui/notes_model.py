"""Notes as a list model, drawn as comment cards by ``NoteCardDelegate``."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from watchlist.store.views import NoteView
from watchlist.ui import formatting
from watchlist.ui.richtext import SafeTextDocument

_ANY_INDEX = QModelIndex | QPersistentModelIndex


class NoteRole(IntEnum):
    NOTE_ID = Qt.ItemDataRole.UserRole + 1
    NOTE = Qt.ItemDataRole.UserRole + 2
    SHOW_ID = Qt.ItemDataRole.UserRole + 3


class NotesModel(QAbstractListModel):
    """A thread of notes, in the order given."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notes: list[NoteView] = []

    def rowCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._notes)

    def data(self, index: _ANY_INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        note = self._notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return note.body
        if role == NoteRole.NOTE_ID:
            return note.id
        if role == NoteRole.NOTE:
            return note
        if role == NoteRole.SHOW_ID:
            return note.show_id
        if role == Qt.ItemDataRole.ToolTipRole and note.updated_at:
            return self.tr("Edited {when}").format(when=formatting.timestamp(note.updated_at))
        return None

    def set_notes(self, notes: list[NoteView]) -> None:
        self.beginResetModel()
        self._notes = list(notes)
        self.endResetModel()

    def notes(self) -> list[NoteView]:
        return list(self._notes)

    def append(self, note: NoteView) -> None:
        self.beginInsertRows(QModelIndex(), len(self._notes), len(self._notes))
        self._notes.append(note)
        self.endInsertRows()

    def replace(self, note: NoteView) -> None:
        for row, existing in enumerate(self._notes):
            if existing.id == note.id:
                self._notes[row] = note
                self.dataChanged.emit(self.index(row), self.index(row))
                return

    def remove(self, note_id: int) -> None:
        for row, existing in enumerate(self._notes):
            if existing.id == note_id:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._notes[row]
                self.endRemoveRows()
                return

    def row_of(self, note_id: int) -> int | None:
        return next((row for row, note in enumerate(self._notes) if note.id == note_id), None)


class NoteCardDelegate(QStyledItemDelegate):
    """Paints a note as a card: a header (show, date, "edited") above Markdown text."""

    MARGIN = 6
    PADDING = 10
    HEADER_GAP = 4

    def __init__(self, parent: QObject | None = None, *, show_titles: bool = False) -> None:
        super().__init__(parent)
        self.show_titles = show_titles
        self._documents: dict[tuple[int, object, int], SafeTextDocument] = {}

    def _document(self, note: NoteView, width: int, font: QFont) -> SafeTextDocument:
        key = (note.id, (note.updated_at, note.body), width)
        document = self._documents.get(key)
        if document is None:
            if len(self._documents) > 2_000:
                self._documents.clear()
            document = SafeTextDocument()
            document.setDefaultFont(font)
            document.setDocumentMargin(0)
            document.set_markdown_note(note.body)
            document.setTextWidth(width)
            self._documents[key] = document
        return document

    def header_text(self, note: NoteView) -> str:
        when = formatting.timestamp(note.created_at)
        edited = self.tr(" · edited") if note.updated_at else ""
        if self.show_titles:
            return f"{note.show_title} · {when}{edited}"
        return f"{when}{edited}"

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        return max(80, option.rect.width() - 2 * (self.MARGIN + self.PADDING))

    def _header_font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        font.setBold(self.show_titles)
        return font

    def sizeHint(self, option: QStyleOptionViewItem, index: _ANY_INDEX) -> QSize:
        note: NoteView = index.data(NoteRole.NOTE)
        width = option.rect.width()
        if width <= 0 and isinstance(option.widget, QWidget):
            width = option.widget.width()
        option.rect.setWidth(width)
        document = self._document(note, self._text_width(option), option.font)
        header_height = option.fontMetrics.height()
        height = (
            2 * (self.MARGIN + self.PADDING)
            + header_height
            + self.HEADER_GAP
            + int(document.size().height())
        )
        return QSize(width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _ANY_INDEX) -> None:
        note: NoteView = index.data(NoteRole.NOTE)
        palette: QPalette = option.palette
        card = QRectF(option.rect).adjusted(self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background = palette.color(QPalette.ColorRole.Base)
        border = palette.color(QPalette.ColorRole.Mid)
        if selected:
            border = palette.color(QPalette.ColorRole.Highlight)
            background = _blend(background, palette.color(QPalette.ColorRole.Highlight), 0.12)
        painter.setPen(QPen(border, 1.5 if selected else 1.0))
        painter.setBrush(background)
        painter.drawRoundedRect(card, 8, 8)

        left = card.left() + self.PADDING
        top = card.top() + self.PADDING
        header_font = self._header_font(option)
        painter.setFont(header_font)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(palette.color(QPalette.ColorRole.Text) if self.show_titles else muted)
        header_rect = QRectF(
            left, top, card.width() - 2 * self.PADDING, option.fontMetrics.height()
        )
        elided = option.fontMetrics.elidedText(
            self.header_text(note), Qt.TextElideMode.ElideRight, int(header_rect.width())
        )
        painter.drawText(
            header_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
        )

        document = self._document(note, self._text_width(option), option.font)
        painter.translate(left, top + option.fontMetrics.height() + self.HEADER_GAP)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = QPalette(palette)
        context.palette.setColor(QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.Text))
        document.documentLayout().draw(painter, context)
        painter.restore()


def _blend(base: QColor, tint: QColor, amount: float) -> QColor:
    return QColor(
        round(base.red() * (1 - amount) + tint.red() * amount),
        round(base.green() * (1 - amount) + tint.green() * amount),
        round(base.blue() * (1 - amount) + tint.blue() * amount),
    )
