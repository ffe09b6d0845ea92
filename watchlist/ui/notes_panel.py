"""The comments-style notes thread under a show, with a composer at the bottom.

A note can be about a season or an episode ("S1E3", typed in the composer's small field or
changed later from the card's menu) and can be pinned; pinned notes come first. The panel's
menu exports the show's notes as Markdown. The panel only asks (signals); the window writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from watchlist.core.episodes import (
    EpisodeReference,
    EpisodeReferenceError,
    parse_episode_reference,
)
from watchlist.store.limits import MAX_NOTE_LENGTH
from watchlist.store.views import NoteView
from watchlist.ui import icons, messages
from watchlist.ui.notes_model import NoteCardDelegate, NoteRole, NotesModel, describe_reference


class EpisodeReferenceEdit(QLineEdit):
    """A small field for what a note is about: "S1E3", "1x03", "S2", or empty for the show.

    It checks as the user types; ``problem`` says what is wrong, ``explanation`` what it read.
    """

    validityChanged = Signal(bool)

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setPlaceholderText(self.tr("e.g. S1E3"))
        self.setToolTip(
            self.tr("The season or episode this note is about: S1E3, 1x03 or S2. Leave it "
                    "empty for the whole show.")
        )  # fmt: skip
        self.setClearButtonEnabled(True)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("S10E100") * 2 + 24)
        self._valid = True
        self.textChanged.connect(self._check)

    def reference(self) -> EpisodeReference | None:
        """The reference typed, or None when empty; raises EpisodeReferenceError if invalid."""
        text = self.text().strip()
        return parse_episode_reference(text) if text else None

    def is_valid(self) -> bool:
        return self._valid

    def problem(self) -> str:
        """Why the text is not a reference ("" when it is, or is empty)."""
        try:
            self.reference()
        except EpisodeReferenceError as error:
            return str(error)
        return ""

    def explanation(self) -> str:
        """ "About season 1, episode 3", a problem, or "" when empty."""
        try:
            reference = self.reference()
        except EpisodeReferenceError as error:
            return str(error)
        if reference is None:
            return ""
        return self.tr("About {what}").format(what=describe_reference(reference))

    def _check(self, _text: str) -> None:
        valid = not self.problem()
        if valid != self._valid:
            self._valid = valid
            self.validityChanged.emit(valid)


class ReferenceHint(QLabel):
    """Says what a reference field understood, or why it is not one (in the warning colour)."""

    def __init__(self, field: EpisodeReferenceEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setWordWrap(True)
        field.textChanged.connect(lambda _text: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        text = self.field.explanation()
        self.setText(text)
        self.setVisible(bool(text))
        problem = not self.field.is_valid()
        colour = icons.problem_colour().name() if problem else "palette(placeholder-text)"
        self.setStyleSheet(f"color: {colour};")


class NoteEditDialog(QDialog):
    """Edit the text of one note and what it is about."""

    def __init__(self, note: NoteView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditDialog")
        self.setWindowTitle(self.tr("Edit note"))
        self.editor = QPlainTextEdit(note.body)
        self.editor.setObjectName("noteEditor")
        self.reference_edit = EpisodeReferenceEdit(note.reference_label)
        self.reference_edit.setObjectName("noteEditReference")
        self.reference_hint = ReferenceHint(self.reference_edit)
        self.reference_hint.setObjectName("noteEditReferenceHint")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.editor.textChanged.connect(self._update)
        self.reference_edit.textChanged.connect(lambda _text: self._update())
        about = QFormLayout()
        about.addRow(self.tr("Episode or season:"), self.reference_edit)
        about.addRow("", self.reference_hint)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addLayout(about)
        layout.addWidget(self.buttons)
        self.resize(480, 300)

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(
            bool(self.text().strip()) and self.reference_edit.is_valid()
        )

    def text(self) -> str:
        return self.editor.toPlainText()

    def reference(self) -> EpisodeReference | None:
        return self.reference_edit.reference()


class NoteReferenceDialog(QDialog):
    """Tie a note to a season or an episode, or (empty) to the whole show."""

    def __init__(self, note: NoteView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteReferenceDialog")
        self.setWindowTitle(self.tr("Episode or season"))
        question = QLabel(
            self.tr("Which season or episode is this note about? Leave empty for the whole show.")
        )
        question.setWordWrap(True)
        self.reference_edit = EpisodeReferenceEdit(note.reference_label)
        self.reference_edit.setObjectName("noteReferenceDialogEdit")
        self.reference_edit.setMaximumWidth(16_777_215)
        self.reference_hint = ReferenceHint(self.reference_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reference_edit.validityChanged.connect(
            buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled
        )
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.reference_edit)
        layout.addWidget(self.reference_hint)
        layout.addWidget(buttons)
        self.resize(380, self.sizeHint().height())

    def reference(self) -> EpisodeReference | None:
        return self.reference_edit.reference()


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


@dataclass(frozen=True, slots=True)
class Draft:
    """A note being written: its text and what the episode field says."""

    text: str
    reference: str = ""


class NotesPanel(QWidget):
    """Notes of the selected show, pinned first then oldest first, like comments."""

    postRequested = Signal(int, str, object)  # show id, text, EpisodeReference or None
    editRequested = Signal(int, str, object)  # note id, text, EpisodeReference or None
    referenceRequested = Signal(int, object)  # note id, EpisodeReference or None
    pinRequested = Signal(int, bool)  # note id, pinned
    deleteRequested = Signal(int)
    exportRequested = Signal(int)  # show id: export its notes as Markdown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesPanel")
        self.show_id: int | None = None
        # What the composer held for each show the user left (text, episode field), and what
        # was posted and not yet saved: a failed post goes back to its own show's draft.
        self._drafts: dict[int, Draft] = {}
        self._posting: dict[int, Draft] = {}
        self.model = NotesModel(self, pinned_first=True)

        self.heading = QLabel()
        self.heading.setObjectName("notesHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.export_action = QAction(
            icons.export_file(), self.tr("Export notes as &Markdown…"), self
        )
        self.export_action.setObjectName("exportNotesAction")
        self.export_action.setToolTip(self.tr("Export this show's notes as Markdown"))
        self.export_action.triggered.connect(self.request_export)
        self.menu_button = QToolButton()
        self.menu_button.setObjectName("notesMenuButton")
        self.menu_button.setAutoRaise(True)
        self.export_action.setIconText(self.tr("Export"))
        self.menu_button.setDefaultAction(self.export_action)
        self.menu_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

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
        self.reference = EpisodeReferenceEdit()
        self.reference.setObjectName("noteReference")
        self.reference.setAccessibleName(self.tr("Episode or season of the new note"))
        self.reference.textChanged.connect(lambda _text: self._update_post_button())
        self.reference.returnPressed.connect(self._post)
        self.reference_hint = ReferenceHint(self.reference)
        self.reference_hint.setObjectName("noteReferenceHint")
        reference_label = QLabel(self.tr("&Episode:"))
        reference_label.setBuddy(self.reference)
        reference_label.setToolTip(self.reference.toolTip())
        delete_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_shortcut.activated.connect(lambda: self._delete(self.list.currentIndex()))

        composer = QHBoxLayout()
        composer.addWidget(self.input, 1)
        composer.addWidget(self.post_button, 0, Qt.AlignmentFlag.AlignBottom)
        about = QHBoxLayout()
        about.addWidget(reference_label)
        about.addWidget(self.reference)
        about.addWidget(self.reference_hint, 1)
        about.addStretch(0)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.menu_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.addLayout(heading_row)
        layout.addWidget(thread, 1)
        layout.addLayout(composer)
        layout.addLayout(about)
        self.set_show(None, [])

    # -- state ----------------------------------------------------------------------------

    def set_show(self, show_id: int | None, notes: list[NoteView]) -> None:
        """Show the thread of a show (or nothing when ``show_id`` is None).

        The composer keeps a draft per show: what was typed for the show left is there again
        when the user comes back to it.
        """
        changed = show_id != self.show_id
        if changed and self.show_id is not None and self.show_id not in self._posting:
            left = Draft(self.input.toPlainText(), self.reference.text())
            if left.text.strip() or left.reference:
                self._drafts[self.show_id] = left
            else:
                self._drafts.pop(self.show_id, None)
        self.show_id = show_id
        self.model.set_notes(notes)
        if changed:
            draft = None
            if show_id is not None:
                draft = self._posting.get(show_id) or self._drafts.pop(show_id, None)
            self.input.setPlainText(draft.text if draft else "")
            self.reference.setText(draft.reference if draft else "")
        editable = show_id is not None and show_id not in self._posting
        self.input.setEnabled(editable)
        self.reference.setEnabled(editable)
        self.export_action.setEnabled(show_id is not None)
        self._update_post_button()
        self._refresh_heading()

    def draft_of(self, show_id: int) -> Draft | None:
        """What the composer holds for a show: shown now, left as a draft, or being posted."""
        if show_id == self.show_id:
            return Draft(self.input.toPlainText(), self.reference.text())
        return self._posting.get(show_id) or self._drafts.get(show_id)

    def note_added(self, note: NoteView) -> None:
        self._posting.pop(note.show_id, None)
        if note.show_id != self.show_id:
            return
        self.model.append(note)
        self.input.clear()
        self.reference.clear()
        self.input.setEnabled(True)
        self.reference.setEnabled(True)
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)
        self._refresh_heading()
        row = self.model.row_of(note.id)
        if row is not None:
            self.list.scrollTo(self.model.index(row))

    def note_changed(self, note: NoteView) -> None:
        """Show an edited, re-tied, pinned or unpinned note (pinned ones move to the top)."""
        self.model.replace(note)
        row = self.model.row_of(note.id)
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row))
            self.list.scrollTo(self.model.index(row))

    def note_deleted(self, note_id: int) -> None:
        self.model.remove(note_id)
        self._refresh_heading()

    def post_failed(self, show_id: int) -> None:
        """A post was not saved: its text goes back to its own show's composer, whichever
        show is shown now."""
        draft = self._posting.pop(show_id, None)
        if show_id != self.show_id:
            if draft is not None:
                self._drafts[show_id] = draft
            return
        if draft is not None and not self.input.toPlainText().strip():
            self.input.setPlainText(draft.text)
            self.reference.setText(draft.reference)
        self.input.setEnabled(True)
        self.reference.setEnabled(True)
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
            self.show_id is not None
            and self.input.isEnabled()
            and bool(text)
            and self.reference.is_valid()
        )
        too_long = len(text) > MAX_NOTE_LENGTH
        if not self.reference.is_valid():
            tip = self.tr("Correct the episode or season first: {problem}").format(
                problem=self.reference.problem()
            )
        elif too_long:
            tip = self.tr("This note is too long (at most {limit} characters)").format(
                limit=f"{MAX_NOTE_LENGTH:,}"
            )
        else:
            tip = self.tr("Post the note (Ctrl+Enter)")
        self.post_button.setToolTip(tip)

    # -- actions --------------------------------------------------------------------------

    def _post(self) -> None:
        text = self.input.toPlainText()
        if self.show_id is None or not text.strip() or not self.input.isEnabled():
            return
        try:
            reference = self.reference.reference()
        except EpisodeReferenceError:
            self.reference.setFocus(Qt.FocusReason.OtherFocusReason)
            self.reference.selectAll()
            return
        self._posting[self.show_id] = Draft(text, self.reference.text())
        self.input.setEnabled(False)
        self.reference.setEnabled(False)
        self.post_button.setEnabled(False)
        self.postRequested.emit(self.show_id, text, reference)

    def request_export(self) -> None:
        """Ask the window to export this show's notes as Markdown."""
        if self.show_id is not None:
            self.exportRequested.emit(self.show_id)

    def card_menu(self, index: QModelIndex) -> QMenu:
        """The context menu of one note card."""
        note: NoteView = index.data(NoteRole.NOTE)
        menu = QMenu(self)
        edit = QAction(icons.edit(), self.tr("Edit…"), menu)
        edit.setObjectName("editNoteAction")
        edit.triggered.connect(lambda: self._edit(index))
        copy = QAction(self.tr("Copy text"), menu)
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(note.body))
        pin = QAction(
            icons.unpin() if note.pinned else icons.pin(),
            self.tr("Unpin") if note.pinned else self.tr("Pin to the top"),
            menu,
        )
        pin.setObjectName("pinNoteAction")
        pin.triggered.connect(lambda: self.pinRequested.emit(note.id, not note.pinned))
        about = QAction(
            icons.episode_reference(),
            self.tr("Change episode or season…")
            if note.reference
            else self.tr("Tie to an episode or season…"),
            menu,
        )
        about.setObjectName("noteReferenceAction")
        about.triggered.connect(lambda: self._change_reference(index))
        delete = QAction(icons.remove_show(), self.tr("Delete…"), menu)
        delete.setObjectName("deleteNoteAction")
        delete.triggered.connect(lambda: self._delete(index))
        menu.addActions([edit, copy])
        menu.addSeparator()
        menu.addActions([pin, about])
        if note.reference is not None:
            whole = QAction(self.tr("About the whole show"), menu)
            whole.setObjectName("clearNoteReferenceAction")
            whole.triggered.connect(lambda: self.referenceRequested.emit(note.id, None))
            menu.addAction(whole)
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.addSeparator()
        menu.addAction(delete)
        return menu

    def _context_menu(self, position: QPoint) -> None:
        index = self.list.indexAt(position)
        if not index.isValid():
            return
        menu = self.card_menu(index)
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self.list.viewport().mapToGlobal(position))

    def _edit(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        note: NoteView = index.data(NoteRole.NOTE)
        dialog = NoteEditDialog(note, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        text, reference = dialog.text(), dialog.reference()
        if text.strip() != note.body or reference != note.reference:
            self.editRequested.emit(note.id, text, reference)

    def _change_reference(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        note: NoteView = index.data(NoteRole.NOTE)
        dialog = NoteReferenceDialog(note, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.reference() != note.reference:
            self.referenceRequested.emit(note.id, dialog.reference())

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
