"""The show list's model: a table over library rows, filtered and sorted by C++ proxies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)

from watchlist.core.estimate import Estimate, EstimateKind
from watchlist.core.status import RenewalStatus, WatchStatus
from watchlist.store.views import ShowSummary
from watchlist.ui import icons

_ANY_INDEX = QModelIndex | QPersistentModelIndex
_NO_DATE_SORT_KEY = date.max.toordinal() + 1


class ShowRole(IntEnum):
    """Custom item data roles of the show model."""

    SHOW_ID = Qt.ItemDataRole.UserRole + 1
    SORT_KEY = Qt.ItemDataRole.UserRole + 2
    SEARCH_TEXT = Qt.ItemDataRole.UserRole + 3
    WATCH_STATUS = Qt.ItemDataRole.UserRole + 4
    RENEWAL_STATUS = Qt.ItemDataRole.UserRole + 5


class Column(IntEnum):
    TITLE = 0
    NETWORK = 1
    RENEWAL = 2
    SEASONS = 3
    NEXT_RELEASE = 4


_RENEWAL_ORDER = {
    RenewalStatus.AIRING: 0,
    RenewalStatus.RENEWED: 1,
    RenewalStatus.AWAITING: 2,
    RenewalStatus.IN_DEVELOPMENT: 3,
    RenewalStatus.UNKNOWN: 4,
    RenewalStatus.CANCELLED: 5,
    RenewalStatus.ENDED: 6,
}


@dataclass(frozen=True, slots=True)
class ShowRow:
    """One row: the library's summary and its next-season estimate, computed off the GUI thread."""

    summary: ShowSummary
    estimate: Estimate

    @property
    def search_text(self) -> str:
        parts = (self.summary.title, self.summary.network or "", *self.summary.genres)
        return " ".join(parts).casefold()

    @property
    def next_release_text(self) -> str:
        if self.estimate.kind is EstimateKind.NONE:
            return self.estimate.label
        prefix = "" if self.estimate.kind is EstimateKind.CONFIRMED else "~ "
        return prefix + self.estimate.label


class ShowTableModel(QAbstractTableModel):
    """Rows of the library, addressed by show id."""

    HEADERS = ("Title", "Network", "Renewal", "Seasons", "Next season")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ShowRow] = []
        self._row_of_id: dict[int, int] = {}

    # -- reading --------------------------------------------------------------------------

    def rowCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: _ANY_INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == ShowRole.SHOW_ID:
            return row.summary.id
        if role == ShowRole.SORT_KEY:
            return self._sort_key(row, column)
        if role == ShowRole.SEARCH_TEXT:
            return row.search_text
        if role == ShowRole.WATCH_STATUS:
            return row.summary.watch_status.value
        if role == ShowRole.RENEWAL_STATUS:
            return row.summary.renewal_status.value
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.SEASONS:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _display(row: ShowRow, column: Column) -> str:
        summary = row.summary
        if column is Column.TITLE:
            return summary.title
        if column is Column.NETWORK:
            return summary.network or ""
        if column is Column.RENEWAL:
            return summary.renewal_status.label
        if column is Column.SEASONS:
            return str(len(summary.season_premieres)) if summary.season_premieres else ""
        return row.next_release_text

    @staticmethod
    def _sort_key(row: ShowRow, column: Column) -> Any:
        summary = row.summary
        if column is Column.TITLE:
            return summary.title.casefold()
        if column is Column.NETWORK:
            return (summary.network or "\uffff").casefold()
        if column is Column.RENEWAL:
            return _RENEWAL_ORDER[summary.renewal_status]
        if column is Column.SEASONS:
            return len(summary.season_premieres)
        likely = row.estimate.likely
        return likely.toordinal() if likely else _NO_DATE_SORT_KEY

    @staticmethod
    def _decoration(row: ShowRow, column: Column) -> Any:
        if column is Column.RENEWAL:
            return icons.renewal(row.summary.renewal_status)
        if column is Column.TITLE:
            return icons.watch(row.summary.watch_status)
        if column is Column.NEXT_RELEASE:
            return icons.estimate(row.estimate.kind)
        return None

    @staticmethod
    def _tooltip(row: ShowRow, column: Column) -> str | None:
        if column is Column.NEXT_RELEASE:
            return row.estimate.reason
        if column is Column.TITLE:
            return f"{row.summary.title} · {row.summary.watch_status.label}"
        return None

    def show_id_at(self, row: int) -> int:
        return self._rows[row].summary.id

    def row_of(self, show_id: int) -> int | None:
        return self._row_of_id.get(show_id)

    def summary(self, show_id: int) -> ShowSummary | None:
        row = self._row_of_id.get(show_id)
        return None if row is None else self._rows[row].summary

    def watch_status_counts(self) -> dict[WatchStatus, int]:
        counts = dict.fromkeys(WatchStatus, 0)
        for row in self._rows:
            counts[row.summary.watch_status] += 1
        return counts

    # -- changing -------------------------------------------------------------------------

    def refresh_decorations(self) -> None:
        """Ask views to redraw icons (after a palette change)."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, len(Column) - 1),
                [Qt.ItemDataRole.DecorationRole],
            )

    def set_rows(self, rows: list[ShowRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._reindex()
        self.endResetModel()

    def upsert(self, row: ShowRow) -> None:
        """Replace the row of the same show, or append a new one."""
        position = self._row_of_id.get(row.summary.id)
        if position is None:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
            self._rows.append(row)
            self._row_of_id[row.summary.id] = len(self._rows) - 1
            self.endInsertRows()
            return
        self._rows[position] = row
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(Column) - 1))

    def remove(self, show_id: int) -> None:
        position = self._row_of_id.get(show_id)
        if position is None:
            return
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._rows[position]
        self._reindex()
        self.endRemoveRows()

    def _reindex(self) -> None:
        self._row_of_id = {row.summary.id: index for index, row in enumerate(self._rows)}


class WatchStatusFilter(QSortFilterProxyModel):
    """Keeps rows of one watch status (or all), filtering in C++ on a role."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterRole(ShowRole.WATCH_STATUS)
        self.setFilterKeyColumn(Column.TITLE)
        self.status: WatchStatus | None = None

    def set_status(self, status: WatchStatus | None) -> None:
        self.status = status
        pattern = "" if status is None else f"^{QRegularExpression.escape(status.value)}$"
        self.setFilterRegularExpression(pattern)


class ShowFilterProxy(QSortFilterProxyModel):
    """Filter-as-you-type over title, network and genres, and sorting by each column's key."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterRole(ShowRole.SEARCH_TEXT)
        self.setFilterKeyColumn(Column.TITLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortRole(ShowRole.SORT_KEY)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)

    def set_text(self, text: str) -> None:
        self.setFilterFixedString(text.strip().casefold())
