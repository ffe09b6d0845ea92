"""Notes as a list model, drawn as comment cards by ``NoteCardDelegate``.

A card's header shows a pin when the note is pinned and a chip with the season or episode the
note is about ("S1E3"); the notes panel keeps pinned notes first.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from watchlist.core.episodes import EpisodeReference
from watchlist.store.views import NoteView
from watchlist.ui import formatting, icons
from watchlist.ui.richtext import SafeTextDocument

_ANY_INDEX = QModelIndex | QPersistentModelIndex
_LayoutKey = tuple[int, datetime | None, str, int, str]  # note id, edited, body, width, font


def _tr(text: str) -> str:
    return QCoreApplication.translate("notes", text)


def describe_reference(reference: EpisodeReference) -> str:
    """ "season 1, episode 3", "season 2", "the specials" or "special 4"."""
    if reference.season == 0:
        if reference.episode is None:
            return _tr("the specials")
        return _tr("special {number}").format(number=reference.episode)
    if reference.episode is None:
        return _tr("season {season}").format(season=reference.season)
    return _tr("season {season}, episode {episode}").format(
        season=reference.season, episode=reference.episode
    )


def _pinned_order(note: NoteView) -> tuple[bool, datetime, int]:
    """Pinned notes first, each group oldest first."""
    return (not note.pinned, note.created_at, note.id)


class NoteRole(IntEnum):
    NOTE_ID = Qt.ItemDataRole.UserRole + 1
    NOTE = Qt.ItemDataRole.UserRole + 2
    SHOW_ID = Qt.ItemDataRole.UserRole + 3


class NotesModel(QAbstractListModel):
    """A thread of notes: in the order given, or pinned first then oldest first."""

    def __init__(self, parent: QObject | None = None, *, pinned_first: bool = False) -> None:
        super().__init__(parent)
        self.pinned_first = pinned_first
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
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(note)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return " ".join(filter(None, [self._tooltip(note), note.body]))
        return None

    def _tooltip(self, note: NoteView) -> str | None:
        lines = []
        if note.pinned:
            lines.append(self.tr("Pinned"))
        if note.reference is not None:
            lines.append(self.tr("About {what}").format(what=describe_reference(note.reference)))
        if note.updated_at:
            lines.append(
                self.tr("Edited {when}").format(when=formatting.timestamp(note.updated_at))
            )
        return "\n".join(lines) or None

    def set_notes(self, notes: list[NoteView]) -> None:
        self.beginResetModel()
        self._notes = sorted(notes, key=_pinned_order) if self.pinned_first else list(notes)
        self.endResetModel()

    def notes(self) -> list[NoteView]:
        return list(self._notes)

    def _place_for(self, note: NoteView, notes: list[NoteView]) -> int:
        if not self.pinned_first:
            return len(notes)
        return bisect.bisect([_pinned_order(other) for other in notes], _pinned_order(note))

    def append(self, note: NoteView) -> None:
        """Add a note: at the end, or in its place when pinned notes come first."""
        row = self._place_for(note, self._notes)
        self.beginInsertRows(QModelIndex(), row, row)
        self._notes.insert(row, note)
        self.endInsertRows()

    def replace(self, note: NoteView) -> None:
        """Show a changed note, moving it when it was pinned or unpinned."""
        row = self.row_of(note.id)
        if row is None:
            return
        others = self._notes[:row] + self._notes[row + 1 :]
        target = self._place_for(note, others) if self.pinned_first else row
        if target != row:
            # Qt's destination is a row of the list before the move.
            destination = target if target < row else target + 1
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
            others.insert(target, note)
            self._notes = others
            self.endMoveRows()
        else:
            self._notes[row] = note
        self.dataChanged.emit(self.index(target), self.index(target))

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
    HEADER_EXTRA = 4  # room above and below the header text for the reference chip
    CHIP_PADDING = 6

    # Laid-out documents are kept for the cards painted lately only; a card's height is kept
    # for every card measured. A view measures every card of a thread to size its scroll bar:
    # measuring 1,000 cards once with one reused document costs no more time than building
    # 1,000 documents, and tens of megabytes less memory at its peak.
    PAINTED_DOCUMENTS = 200
    MEASURED_HEIGHTS = 20_000

    def __init__(self, parent: QObject | None = None, *, show_titles: bool = False) -> None:
        super().__init__(parent)
        self.show_titles = show_titles
        self._documents: OrderedDict[_LayoutKey, SafeTextDocument] = OrderedDict()
        self._heights: dict[_LayoutKey, int] = {}
        self._measuring: SafeTextDocument | None = None

    def clear_layouts(self) -> None:
        """Forget every laid-out card (benchmarks: the first display of a thread)."""
        self._documents.clear()
        self._heights.clear()

    @staticmethod
    def _key(note: NoteView, width: int, font: QFont) -> _LayoutKey:
        return (note.id, note.updated_at, note.body, width, font.key())

    @staticmethod
    def _fill(document: SafeTextDocument, note: NoteView, width: int, font: QFont) -> None:
        document.setDefaultFont(font)
        document.setDocumentMargin(0)
        document.set_markdown_note(note.body)
        document.setTextWidth(width)

    def _document(self, note: NoteView, width: int, font: QFont) -> SafeTextDocument:
        """The laid-out text of a card being painted (the least recently painted go first)."""
        key = self._key(note, width, font)
        document = self._documents.get(key)
        if document is None:
            document = SafeTextDocument()
            self._fill(document, note, width, font)
            self._documents[key] = document
            if len(self._documents) > self.PAINTED_DOCUMENTS:
                self._documents.popitem(last=False)
        else:
            self._documents.move_to_end(key)
        return document

    def _text_height(self, note: NoteView, width: int, font: QFont) -> int:
        """The height of a card's text, laid out in one reused document when not painted."""
        key = self._key(note, width, font)
        height = self._heights.get(key)
        if height is None:
            painted = self._documents.get(key)
            if painted is None:
                if self._measuring is None:
                    self._measuring = SafeTextDocument()
                self._fill(self._measuring, note, width, font)
                painted = self._measuring
            height = int(painted.size().height())
            if len(self._heights) >= self.MEASURED_HEIGHTS:
                self._heights.clear()
            self._heights[key] = height
        return height

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

    def _header_height(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.height() + self.HEADER_EXTRA

    def _paint_chip(
        self, painter: QPainter, option: QStyleOptionViewItem, text: str, rect: QRectF
    ) -> float:
        """Draw the "S1E3" chip at the left of ``rect``; returns its width."""
        font = QFont(option.font)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        font.setBold(True)
        metrics = QFontMetrics(font)
        width = metrics.horizontalAdvance(text) + 2 * self.CHIP_PADDING
        chip = QRectF(rect.left(), rect.top(), width, rect.height())
        palette: QPalette = option.palette
        accent = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_blend(palette.color(QPalette.ColorRole.Base), accent, 0.18))
        painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        return width

    def sizeHint(self, option: QStyleOptionViewItem, index: _ANY_INDEX) -> QSize:
        note: NoteView = index.data(NoteRole.NOTE)
        width = option.rect.width()
        if width <= 0 and isinstance(option.widget, QWidget):
            width = option.widget.width()
        option.rect.setWidth(width)
        text_height = self._text_height(note, self._text_width(option), option.font)
        header_height = self._header_height(option)
        height = 2 * (self.MARGIN + self.PADDING) + header_height + self.HEADER_GAP + text_height
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
        if note.pinned:
            background = _blend(background, icons.pin_colour(), 0.07)
        if selected:
            border = palette.color(QPalette.ColorRole.Highlight)
            background = _blend(background, palette.color(QPalette.ColorRole.Highlight), 0.12)
        painter.setPen(QPen(border, 1.5 if selected else 1.0))
        painter.setBrush(background)
        painter.drawRoundedRect(card, 8, 8)

        left = card.left() + self.PADDING
        top = card.top() + self.PADDING
        header_height = self._header_height(option)
        header_rect = QRectF(left, top, card.width() - 2 * self.PADDING, header_height)
        if note.pinned:
            size = option.fontMetrics.height()
            pin = QRect(int(left), int(top + (header_height - size) / 2), size, size)
            icons.pin().paint(painter, pin)
            header_rect.setLeft(header_rect.left() + size + 4)
        if note.reference_label:
            width = self._paint_chip(painter, option, note.reference_label, header_rect)
            header_rect.setLeft(header_rect.left() + width + 6)
        header_font = self._header_font(option)
        painter.setFont(header_font)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(palette.color(QPalette.ColorRole.Text) if self.show_titles else muted)
        elided = QFontMetrics(header_font).elidedText(
            self.header_text(note), Qt.TextElideMode.ElideRight, int(header_rect.width())
        )
        painter.drawText(
            header_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
        )

        document = self._document(note, self._text_width(option), option.font)
        painter.translate(left, top + header_height + self.HEADER_GAP)
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
