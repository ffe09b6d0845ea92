"""The comments-style notes thread under a show, with a composer at the bottom."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from watchlist.store.limits import MAX_NOTE_LENGTH
from watchlist.store.views import NoteView
from watchlist.ui import icons, messages
from watchlist.ui.notes_model import NoteCardDelegate, NoteRole, NotesModel


class NoteEditDialog(QDialog):
    """Edit the text of one note."""

    def __init__(self, note: NoteView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditDialog")
        self.setWindowTitle(self.tr("Edit note"))
        self.editor = QPlainTextEdit(note.body)
        self.editor.setObjectName("noteEditor")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.editor.textChanged.connect(
            lambda: buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(
                bool(self.text().strip())
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)
        self.resize(480, 260)

    def text(self) -> str:
        return self.editor.toPlainText()


class NoteComposer(QPlainTextEdit):
    """The note input; Ctrl+Enter submits."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.submitted.emit()
            event.accept()
            return
        super().keyPressEvent(event)


NOTE_LAYOUT_BATCH = 30


class NoteThreadView(QListView):
    """A list of note cards that re-measures them when its width changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        # Measure cards in batches between events: a show with 1,000 notes shows its first
        # cards at once and measures the rest (a text layout each) while the window is idle.
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(NOTE_LAYOUT_BATCH)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


class NotesPanel(QWidget):
    """Notes of the selected show, oldest first, like comments under an article."""

    postRequested = Signal(int, str)
    editRequested = Signal(int, str)
    deleteRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesPanel")
        self.show_id: int | None = None
        self.model = NotesModel(self)

        self.heading = QLabel()
        self.heading.setObjectName("notesHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)

        self.list = NoteThreadView()
        self.list.setObjectName("notesList")
        self.list.setAccessibleName(self.tr("Notes"))
        self.list.setModel(self.model)
        self.list.setItemDelegate(NoteCardDelegate(self.list))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.doubleClicked.connect(self._edit)

        self.empty = QLabel(self.tr("No notes yet. Leave the first one below."))
        self.empty.setObjectName("notesEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.empty.setWordWrap(True)
        thread = QWidget()
        self.thread_stack = QStackedLayout(thread)
        self.thread_stack.addWidget(self.list)
        self.thread_stack.addWidget(self.empty)

        self.input = NoteComposer()
        self.input.setObjectName("noteInput")
        self.input.setAccessibleName(self.tr("New note"))
        self.input.setPlaceholderText(self.tr("Leave a note… (Ctrl+Enter to post)"))
        self.input.setTabChangesFocus(True)
        self.input.setFixedHeight(self.input.fontMetrics().lineSpacing() * 3 + 16)
        self.post_button = QPushButton(icons.post_note(), self.tr("Post"))
        self.post_button.setObjectName("addNoteButton")
        self.post_button.setToolTip(self.tr("Post the note (Ctrl+Enter)"))
        self.post_button.setEnabled(False)
        self.post_button.clicked.connect(self._post)
        self.input.textChanged.connect(self._update_post_button)
        self.input.submitted.connect(self._post)
        delete_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_shortcut.activated.connect(lambda: self._delete(self.list.currentIndex()))

        composer = QHBoxLayout()
        composer.addWidget(self.input, 1)
        composer.addWidget(self.post_button, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.addWidget(self.heading)
        layout.addWidget(thread, 1)
        layout.addLayout(composer)
        self.set_show(None, [])

    # -- state ----------------------------------------------------------------------------

    def set_show(self, show_id: int | None, notes: list[NoteView]) -> None:
        """Show the thread of a show (or nothing when ``show_id`` is None)."""
        changed = show_id != self.show_id
        self.show_id = show_id
        self.model.set_notes(notes)
        if changed:
            self.input.clear()
        self.input.setEnabled(show_id is not None)
        self._update_post_button()
        self._refresh_heading()

    def note_added(self, note: NoteView) -> None:
        if note.show_id != self.show_id:
            return
        self.model.append(note)
        self.input.clear()
        self.input.setEnabled(True)
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)
        self._refresh_heading()
        self.list.scrollToBottom()

    def note_changed(self, note: NoteView) -> None:
        self.model.replace(note)

    def note_deleted(self, note_id: int) -> None:
        self.model.remove(note_id)
        self._refresh_heading()

    def post_failed(self) -> None:
        self.input.setEnabled(True)
        self._update_post_button()

    def _refresh_heading(self) -> None:
        count = self.model.rowCount()
        if self.show_id is None:
            self.heading.setText(self.tr("Notes"))
        else:
            self.heading.setText(self.tr("Notes ({count})").format(count=count))
        self.thread_stack.setCurrentWidget(self.list if count else self.empty)

    def _update_post_button(self) -> None:
        text = self.input.toPlainText().strip()
        self.post_button.setEnabled(
            self.show_id is not None and self.input.isEnabled() and bool(text)
        )
        too_long = len(text) > MAX_NOTE_LENGTH
        self.post_button.setToolTip(
            self.tr("This note is too long (at most {limit} characters)").format(
                limit=f"{MAX_NOTE_LENGTH:,}"
            )
            if too_long
            else self.tr("Post the note (Ctrl+Enter)")
        )

    # -- actions --------------------------------------------------------------------------

    def _post(self) -> None:
        text = self.input.toPlainText()
        if self.show_id is None or not text.strip():
            return
        self.input.setEnabled(False)
        self.post_button.setEnabled(False)
        self.postRequested.emit(self.show_id, text)

    def _context_menu(self, position: QPoint) -> None:
        index = self.list.indexAt(position)
        if not index.isValid():
            return
        menu = QMenu(self)
        edit = QAction(icons.edit(), self.tr("Edit…"), menu)
        edit.triggered.connect(lambda: self._edit(index))
        copy = QAction(self.tr("Copy text"), menu)
        copy.triggered.connect(
            lambda: QGuiApplication.clipboard().setText(index.data(NoteRole.NOTE).body)
        )
        delete = QAction(icons.remove_show(), self.tr("Delete…"), menu)
        delete.triggered.connect(lambda: self._delete(index))
        menu.addActions([edit, copy])
        menu.addSeparator()
        menu.addAction(delete)
        menu.popup(self.list.viewport().mapToGlobal(position))

    def _edit(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        note: NoteView = index.data(NoteRole.NOTE)
        dialog = NoteEditDialog(note, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.text().strip() != note.body:
            self.editRequested.emit(note.id, dialog.text())

    def _delete(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        note: NoteView = index.data(NoteRole.NOTE)
        preview = note.body if len(note.body) <= 80 else note.body[:79] + "…"
        if messages.confirm(
            self,
            self.tr("Delete note"),
            self.tr("Delete this note? This cannot be undone.\n\n“{text}”").format(text=preview),
            self.tr("Delete note"),
        ):
            self.deleteRequested.emit(note.id)
