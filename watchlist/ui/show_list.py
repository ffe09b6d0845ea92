"""The show list: filter-as-you-type box above a sortable table of the library."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from watchlist.core.status import WatchStatus
from watchlist.ui import icons
from watchlist.ui.show_model import Column, ShowFilterProxy, ShowRole, ShowTableModel


class ShowList(QWidget):
    """The library as a table; emits ``showSelected`` with the selected show's id (or 0)."""

    showSelected = Signal(int)
    countsChanged = Signal()

    def __init__(self, model: ShowTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("showListPanel")
        self.model = model
        self.proxy = ShowFilterProxy(self)
        self.proxy.setSourceModel(model)
        self._shown_id = 0  # the show last announced by showSelected

        self.filter = QLineEdit()
        self.filter.setObjectName("showFilter")
        self.filter.setAccessibleName(self.tr("Filter shows"))
        self.filter.setPlaceholderText(self.tr("Filter by title, network or genre (Ctrl+F)"))
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(icons.search(), QLineEdit.ActionPosition.LeadingPosition)
        self.filter.textChanged.connect(self._filter_changed)

        self.view = QTableView()
        self.view.setObjectName("showList")
        self.view.setAccessibleName(self.tr("Shows"))
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        # Rows are one line of text; fixed heights spare the view measuring 100,000 of them.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().setVisible(False)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.NEXT_EPISODE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.NETWORK, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.RENEWAL, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.SEASONS, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.NEXT_RELEASE, QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(36)
        # Should a column be sized to its contents, measure the rows on screen, not the first
        # 1,000 (Qt's default): measuring a row is a Python call per role.
        header.setResizeContentsPrecision(0)
        header.resizeSection(Column.NEXT_EPISODE, 60)
        header.resizeSection(Column.NETWORK, 80)
        header.resizeSection(Column.RENEWAL, 96)
        header.resizeSection(Column.SEASONS, 60)
        header.resizeSection(Column.NEXT_RELEASE, 180)
        header.setSortIndicator(Column.TITLE, Qt.SortOrder.AscendingOrder)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        for model_signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            model_signal.connect(self.countsChanged)
        model.dataChanged.connect(lambda *_: self.countsChanged.emit())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)

    # -- filtering ------------------------------------------------------------------------

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self.countsChanged.emit()
        self._keep_selection_visible()

    def set_watch_filter(self, status: WatchStatus | None) -> None:
        self.proxy.set_status(status)
        self.countsChanged.emit()
        self._keep_selection_visible()

    def _keep_selection_visible(self) -> None:
        if not self.view.selectionModel().hasSelection():
            self._announce(0)

    def visible_count(self) -> int:
        return self.proxy.rowCount()

    # -- selection ------------------------------------------------------------------------

    def selected_show_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return int(rows[0].data(ShowRole.SHOW_ID))

    def select_show(self, show_id: int) -> bool:
        """Select a show if it is listed under the current filters; True when it is."""
        source_row = self.model.row_of(show_id)
        if source_row is None:
            return False
        row = self.proxy.proxy_row_of(source_row)
        if row is None:
            return False
        index = self.proxy.index(row, Column.TITLE)
        self.view.selectRow(index.row())
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def select_first(self) -> None:
        if self.proxy.rowCount():
            self.view.selectRow(0)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        show_id = self.selected_show_id() or 0
        if show_id == self._shown_id and self.proxy.relayouting:
            return  # a filter or sort moved the row, the selection is the same show
        self._announce(show_id)

    def _announce(self, show_id: int) -> None:
        self._shown_id = show_id
        self.showSelected.emit(show_id)

    def current_index(self) -> QModelIndex:
        return self.view.currentIndex()
