"""Every note in the library, newest first and searchable, for reading notes offline."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QStackedLayout, QVBoxLayout, QWidget

from watchlist.store.views import NoteView
from watchlist.ui import icons
from watchlist.ui.notes_model import NoteCardDelegate, NoteRole, NotesModel
from watchlist.ui.notes_panel import NoteThreadView

SEARCH_DELAY_MS = 200


class NotesBrowser(QWidget):
    """All notes as cards with their show's title; activating one opens its show."""

    searchChanged = Signal(str)
    showRequested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesBrowser")
        self.model = NotesModel(self)
        self.search = QLineEdit()
        self.search.setObjectName("notesSearch")
        self.search.setPlaceholderText(self.tr("Search all notes"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.search(), QLineEdit.ActionPosition.LeadingPosition)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(lambda: self.searchChanged.emit(self.search_text()))
        self.search.textChanged.connect(lambda _text: self._debounce.start())

        self.count = QLabel()
        self.count.setObjectName("notesCount")
        self.list = NoteThreadView()
        self.list.setObjectName("allNotesList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(NoteCardDelegate(self.list, show_titles=True))
        self.list.activated.connect(self._open)
        self.list.clicked.connect(self._open)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        results = QWidget()
        self.results = QStackedLayout(results)
        self.results.addWidget(self.list)
        self.results.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.search)
        layout.addWidget(self.count)
        layout.addWidget(results, 1)

    def search_text(self) -> str:
        return self.search.text().strip()

    def set_notes(self, notes: list[NoteView], *, searched: str) -> None:
        self.model.set_notes(notes)
        count = len(notes)
        if searched:
            template = (
                self.tr("1 note containing “{text}”")
                if count == 1
                else self.tr("{count} notes containing “{text}”")
            )
        else:
            template = (
                self.tr("1 note, newest first")
                if count == 1
                else self.tr("{count} notes, newest first")
            )
        self.count.setText(template.format(count=count, text=searched))
        if not notes:
            self.empty.setText(
                self.tr("No note contains “{text}”.").format(text=searched)
                if searched
                else self.tr("No notes yet. Select a show and leave one in its notes panel.")
            )
        self.results.setCurrentWidget(self.list if notes else self.empty)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.showRequested.emit(index.data(NoteRole.SHOW_ID), index.data(NoteRole.NOTE_ID))
