"""Add from TVmaze: type a title, pick the show from the results, and it joins the library.

The same dialog finds a show added by hand on TVmaze (``link_to``): it searches for its title
at once, and the chosen TVmaze show is linked to it instead of added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from watchlist.core.errors import WatchlistError
from watchlist.ui import icons
from watchlist.ui.sync_controller import SyncController

if TYPE_CHECKING:
    from watchlist.sync.provider import SearchResult

SEARCH_DELAY_MS = 400
MIN_QUERY_LENGTH = 2
THUMBNAIL_SIZE = QSize(44, 62)
RESULT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """The library's show (added by hand) that the dialog finds on TVmaze."""

    show_id: int
    title: str


class TvmazeDialog(QDialog):
    """Debounced search with posters; emits ``showAdded(show_id)`` and closes when added.

    With ``link_to``, the chosen show is linked to that show of the library (``showLinked``).
    """

    showAdded = Signal(int)
    showLinked = Signal(int)
    alreadyInLibrary = Signal(int)

    def __init__(
        self,
        controller: SyncController,
        parent: QWidget | None = None,
        *,
        link_to: LinkTarget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tvmazeDialog")
        self.link_to = link_to
        self.setWindowTitle(
            self.tr("Find “{title}” on TVmaze").format(title=link_to.title)
            if link_to
            else self.tr("Add from TVmaze")
        )
        self.controller = controller
        self._generation = 0
        self._adding = False

        self.query = QLineEdit()
        self.query.setObjectName("tvmazeSearch")
        self.query.setPlaceholderText(self.tr("Title of the show, e.g. All of Us Are Dead"))
        self.query.setClearButtonEnabled(True)
        self.query.addAction(icons.search(), QLineEdit.ActionPosition.LeadingPosition)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.search_now)
        self.query.textChanged.connect(lambda _text: self._debounce.start())
        self.query.returnPressed.connect(self.search_now)

        self.model = QStandardItemModel(self)
        self.results = QListView()
        self.results.setObjectName("tvmazeResults")
        self.results.setModel(self.model)
        self.results.setIconSize(THUMBNAIL_SIZE)
        self.results.setSpacing(2)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setWordWrap(True)
        self.results.selectionModel().selectionChanged.connect(self._update_buttons)
        self.results.doubleClicked.connect(lambda _index: self.add_selected())

        self.status = QLabel()
        self.status.setObjectName("tvmazeStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        credit = QLabel(
            self.tr("Search and show data by <a href='https://www.tvmaze.com'>TVmaze</a> "
                    "(CC BY-SA).")
        )  # fmt: skip
        credit.setOpenExternalLinks(True)
        credit.setEnabled(False)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.add_button = self.buttons.addButton(
            self.tr("Link to this show") if link_to else self.tr("Add to library"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.add_button.setObjectName("tvmazeAddButton")
        self.add_button.setIcon(icons.add_show())
        self.buttons.accepted.connect(self.add_selected)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        layout.addWidget(credit)
        layout.addWidget(self.buttons)
        self.resize(560, 520)
        self._update_buttons()
        self._say(self.tr("Type at least two letters of a title."))
        if link_to is not None:
            self.query.setText(link_to.title)  # searched when the debounce fires

    # -- searching ------------------------------------------------------------------------

    def search_now(self) -> None:
        self._debounce.stop()
        text = self.query.text().strip()
        self._generation += 1
        if len(text) < MIN_QUERY_LENGTH:
            self.model.clear()
            self._say(self.tr("Type at least two letters of a title."))
            return
        generation = self._generation
        self._say(self.tr("Searching TVmaze…"))
        self.controller.search(
            text,
            lambda results: self._show_results(generation, text, results),
            lambda error: self._search_failed(generation, error),
        )

    def _show_results(self, generation: int, text: str, results: list[SearchResult]) -> None:
        if generation != self._generation:
            return  # an older query answered late
        self.model.clear()
        placeholder = icons.poster_placeholder()
        for result in results:
            item = QStandardItem(placeholder, self._result_text(result))
            item.setData(result, RESULT_ROLE)
            item.setToolTip(result.summary[:400] if result.summary else result.title)
            item.setSizeHint(QSize(0, THUMBNAIL_SIZE.height() + 8))
            self.model.appendRow(item)
            if result.poster_url:
                self._load_thumbnail(generation, item.row(), result.poster_url)
        if results:
            self.results.setCurrentIndex(self.model.index(0, 0))
            found = (
                self.tr("{count} shows found. Double-click one to link it.")
                if self.link_to
                else self.tr("{count} shows found. Double-click one to add it.")
            )
            self._say(found.format(count=len(results)))
        else:
            self._say(self.tr("No show on TVmaze matches “{text}”.").format(text=text))
        self._update_buttons()

    def _result_text(self, result: SearchResult) -> str:
        year = f" ({result.year})" if result.year else ""
        facts = " · ".join(part for part in (result.network, result.status_label) if part)
        return f"{result.title}{year}\n{facts}"

    def _load_thumbnail(self, generation: int, row: int, url: str) -> None:
        def loaded(data: bytes) -> None:
            if generation != self._generation:
                return
            pixmap = QPixmap()
            if pixmap.loadFromData(data):
                item = self.model.item(row)
                if item is not None:
                    scaled = pixmap.scaled(
                        THUMBNAIL_SIZE,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                    item.setIcon(QIcon(scaled))

        self.controller.thumbnail(url, loaded, lambda _error: None)

    def _search_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.model.clear()
        message = (
            str(error)
            if isinstance(error, WatchlistError)
            else self.tr("The search failed unexpectedly; the details are in the log file.")
        )
        self._say(message, problem=True)
        self._update_buttons()

    # -- adding ---------------------------------------------------------------------------

    def selected(self) -> SearchResult | None:
        index = self.results.currentIndex()
        result: SearchResult | None = index.data(RESULT_ROLE) if index.isValid() else None
        return result

    def add_selected(self) -> None:
        result = self.selected()
        if result is None or self._adding:
            return
        self._adding = True
        self._update_buttons()
        if self.link_to is not None:
            self._say(self.tr("Linking to “{title}” and syncing its seasons…").format(
                title=result.title
            ))  # fmt: skip
            self.controller.link(
                self.link_to.show_id, result.provider_id, self._linked, self._add_failed
            )
            return
        self._say(self.tr("Adding “{title}” with its seasons…").format(title=result.title))
        self.controller.add(result.provider_id, self._added, self._add_failed)

    def _added(self, show_id: int) -> None:
        self._adding = False
        self.showAdded.emit(show_id)
        self.accept()

    def _linked(self, show_id: int) -> None:
        self._adding = False
        self.showLinked.emit(show_id)
        self.accept()

    def _add_failed(self, error: BaseException) -> None:
        from watchlist.sync.errors import AlreadyInLibraryError

        self._adding = False
        self._update_buttons()
        if isinstance(error, AlreadyInLibraryError):
            if self.link_to is None:  # linking: say so, and leave the selection alone
                self.alreadyInLibrary.emit(error.show_id)
            self._say(str(error), problem=True)
            return
        message = (
            str(error)
            if isinstance(error, WatchlistError)
            else self.tr("Adding failed unexpectedly; the details are in the log file.")
        )
        self._say(message, problem=True)

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.selected() is not None and not self._adding)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #c62828;" if problem else "")
