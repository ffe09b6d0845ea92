"""The show list's model: a table over library rows, and the proxy that filters and sorts it.

Both are built for libraries of 100,000 shows. ``ShowTableModel`` keeps per-row values the
filter and the sort read (search text, watch status, sort keys) in plain lists, and estimates
a row's next season only when something needs it: the rows on screen first, the rest in short
slices while the window is idle, keeping every row's sort key but whole estimates only for the
shows shown lately. ``ShowFilterProxy`` filters by scanning those lists (a
substring test per row, in C) and sorts with Python's ``sorted`` on a key list, then tells
the view once, as one layout change: a ``QSortFilterProxyModel`` asks the source for every
row's value through ``data()``, a Python call per row, per keystroke and per comparison.
Each show's next episode to watch arrives just after the rows, from a second background read
of a few aggregate queries (``store.progress.next_to_watch``), so the list shows as soon as
before; a show refreshed on its own in between keeps its fresher value.
"""

from __future__ import annotations

import time
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication

from watchlist.core.episodes import EpisodeReference
from watchlist.core.estimate import Estimate, EstimateKind
from watchlist.core.status import RenewalStatus, WatchStatus
from watchlist.store.estimates import estimate_show
from watchlist.store.views import ShowSummary
from watchlist.ui import icons

_ANY_INDEX = QModelIndex | QPersistentModelIndex
_NO_DATE_SORT_KEY = date.max.toordinal() + 1
_NOTHING_TO_WATCH_SORT_KEY = (10_000, 0)  # after every real season
_NOT_ESTIMATED = -1
RECENT_ESTIMATES = 2_000  # whole estimates kept, for the shows shown lately
# Background estimating starts once the window has painted and settled, and works in slices
# this long, so the window never stalls for a frame.
ESTIMATE_START_DELAY_MS = 500
ESTIMATE_SLICE_SECONDS = 0.008
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ShowRole(IntEnum):
    """Custom item data roles of the show model."""

    SHOW_ID = Qt.ItemDataRole.UserRole + 1
    SORT_KEY = Qt.ItemDataRole.UserRole + 2
    SEARCH_TEXT = Qt.ItemDataRole.UserRole + 3
    WATCH_STATUS = Qt.ItemDataRole.UserRole + 4
    RENEWAL_STATUS = Qt.ItemDataRole.UserRole + 5


class Column(IntEnum):
    TITLE = 0
    NEXT_EPISODE = 1
    NETWORK = 2
    RENEWAL = 3
    SEASONS = 4
    NEXT_RELEASE = 5


_RENEWAL_ORDER = {
    RenewalStatus.AIRING: 0,
    RenewalStatus.RENEWED: 1,
    RenewalStatus.AWAITING: 2,
    RenewalStatus.IN_DEVELOPMENT: 3,
    RenewalStatus.UNKNOWN: 4,
    RenewalStatus.CANCELLED: 5,
    RenewalStatus.ENDED: 6,
}


def search_text_of(summary: ShowSummary) -> str:
    """What the filter box searches: title, network and genres, case-folded."""
    return " ".join((summary.title, summary.network or "", *summary.genres)).casefold()


@dataclass(frozen=True, slots=True)
class ShowRow:
    """One row, for adding or refreshing a single show: the library's summary (with its
    ``next_to_watch`` filled in), its search text and its estimate (None: the model estimates
    it when first needed)."""

    summary: ShowSummary
    search_text: str
    estimate: Estimate | None = None

    @classmethod
    def of(cls, summary: ShowSummary, estimate: Estimate | None = None) -> ShowRow:
        return cls(summary, search_text_of(summary), estimate)


@dataclass(frozen=True, slots=True)
class ShowRows:
    """Every row of the list, as the loading worker prepares it: summaries and their search
    texts, index for index (two lists rather than 100,000 row objects)."""

    summaries: list[ShowSummary]
    search_texts: list[str]

    @classmethod
    def of(cls, summaries: list[ShowSummary]) -> ShowRows:
        return cls(summaries, [search_text_of(summary) for summary in summaries])

    def __len__(self) -> int:
        return len(self.summaries)


def _estimate_sort_key(estimate: Estimate | None) -> int:
    """An estimate's place when sorting by next season (the likely day; no date last)."""
    if estimate is None:
        return _NOT_ESTIMATED
    return estimate.likely.toordinal() if estimate.likely else _NO_DATE_SORT_KEY


def next_release_text(estimate: Estimate) -> str:
    """The list's "Next season" cell: the label, "~" when estimated, and "If renewed" when the
    window assumes a renewal that has not been announced."""
    if estimate.kind is EstimateKind.NONE:
        return estimate.label
    prefix = "" if estimate.kind is EstimateKind.CONFIRMED else "~ "
    if estimate.conditional:
        prefix = "If renewed: ~ "
    return prefix + estimate.label


class ShowTableModel(QAbstractTableModel):
    """Rows of the library, addressed by show id; see the module docstring."""

    HEADERS = ("Title", "Up next", "Network", "Renewal", "Seasons", "Next season")

    # Emitted when every row has its estimate (after ``set_rows``, once the idle slices end).
    estimatesCompleted = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._summaries: list[ShowSummary] = []
        self._search: list[str] = []
        self._watch: list[WatchStatus] = []
        self._row_of_id: dict[int, int] = {}
        self._next_to_watch: dict[int, EpisodeReference] = {}
        self._next_refreshed: set[int] = set()  # shows upserted since the rows were set
        self._rows_generation = 0
        # Each row's next-season sort key, _NOT_ESTIMATED until its estimate is made. Whole
        # estimates (their label and reason) are kept only for the shows shown lately: at
        # 100,000 shows keeping every one took 14 MB, the keys take 0.8.
        self._estimate_keys = array("q")
        self._recent_estimates: OrderedDict[int, Estimate] = OrderedDict()
        self._missing_estimates = 0
        self._next_to_estimate = 0
        self._sort_keys: dict[Column, list[Any]] = {}
        self._watch_counts: dict[WatchStatus, int] = dict.fromkeys(WatchStatus, 0)
        self._icons: dict[object, Any] = {}
        self._today: Callable[[], date] = date.today
        # The day the rows' estimates are made for, fixed when the rows are set: an estimate
        # remade later (after the recent ones dropped it) must agree with its sort key.
        self._estimate_day = date.today()
        self._estimating = QTimer(self)
        self._estimating.setInterval(0)
        self._estimating.timeout.connect(self._estimate_slice)
        self._estimating_soon = QTimer(self)
        self._estimating_soon.setSingleShot(True)
        self._estimating_soon.setInterval(ESTIMATE_START_DELAY_MS)
        self._estimating_soon.timeout.connect(self._estimating.start)

    # -- reading --------------------------------------------------------------------------

    def rowCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._summaries)

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
        return self.row_data(index.row(), index.column(), role)

    def row_data(self, row: int, column: int, role: int) -> Any:
        """``data()`` by row and column, for the proxy (no index objects on the way)."""
        summary = self._summaries[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.TITLE:
                return summary.title
            if column == Column.NEXT_EPISODE:
                reference = self._next_to_watch.get(summary.id)
                return reference.label if reference else ""
            if column == Column.NETWORK:
                return summary.network or ""
            if column == Column.RENEWAL:
                return summary.renewal_status.label
            if column == Column.SEASONS:
                return str(len(summary.season_premieres)) if summary.season_premieres else ""
            return next_release_text(self.estimate_at(row))
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.NEXT_RELEASE:
                return self.estimate_at(row).reason
            if column == Column.TITLE:
                return f"{summary.title} · {summary.watch_status.label}"
            if column == Column.NEXT_EPISODE:
                return self.next_episode_tip(summary.id)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            centred = column in (Column.SEASONS, Column.NEXT_EPISODE)
            return int(Qt.AlignmentFlag.AlignCenter) if centred else None
        if role == ShowRole.SHOW_ID:
            return summary.id
        if role == ShowRole.SORT_KEY:
            return self.sort_keys(Column(column))[row]
        if role == ShowRole.SEARCH_TEXT:
            return self._search[row]
        if role == ShowRole.WATCH_STATUS:
            return summary.watch_status.value
        if role == ShowRole.RENEWAL_STATUS:
            return summary.renewal_status.value
        return None

    def _decoration(self, row: int, column: int) -> Any:
        summary = self._summaries[row]
        if column == Column.RENEWAL:
            key: object = summary.renewal_status
            factory: Callable[[], Any] = lambda: icons.renewal(summary.renewal_status)  # noqa: E731
        elif column == Column.TITLE:
            key = summary.watch_status
            factory = lambda: icons.watch(summary.watch_status)  # noqa: E731
        elif column == Column.NEXT_RELEASE:
            kind = self.estimate_at(row).kind
            key = kind
            factory = lambda: icons.estimate(kind)  # noqa: E731
        else:
            return None
        icon = self._icons.get(key)
        if icon is None:
            icon = self._icons[key] = factory()
        return icon

    def show_id_at(self, row: int) -> int:
        return self._summaries[row].id

    def row_of(self, show_id: int) -> int | None:
        return self._row_of_id.get(show_id)

    def summary(self, show_id: int) -> ShowSummary | None:
        row = self._row_of_id.get(show_id)
        return None if row is None else self._summaries[row]

    @property
    def rows_generation(self) -> int:
        """Changes with every ``set_rows``: what a bulk ``set_next_to_watch`` is for."""
        return self._rows_generation

    def set_next_to_watch(self, found: dict[int, EpisodeReference], generation: int) -> None:
        """Every row's next episode to watch, read after the rows of ``generation``.

        Ignored when newer rows were set since; shows refreshed one by one in the meantime
        keep their own (fresher) value.
        """
        if generation != self._rows_generation:
            return
        refreshed, current = self._next_refreshed, self._next_to_watch
        # Keyed by the rows' own id objects, not the read's copies: megabytes at 100,000 rows.
        merged = {
            summary.id: reference
            for summary in self._summaries
            if (reference := found.get(summary.id)) is not None and summary.id not in refreshed
        }
        merged.update((show_id, current[show_id]) for show_id in refreshed if show_id in current)
        self._next_to_watch = merged
        self._sort_keys.pop(Column.NEXT_EPISODE, None)
        if self._summaries:
            self.dataChanged.emit(
                self.index(0, Column.NEXT_EPISODE),
                self.index(len(self._summaries) - 1, Column.NEXT_EPISODE),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
            )

    def next_to_watch(self, show_id: int) -> EpisodeReference | None:
        """The show's first aired episode not yet watched, if it has one."""
        return self._next_to_watch.get(show_id)

    def next_episode_tip(self, show_id: int) -> str:
        reference = self._next_to_watch.get(show_id)
        if reference is None:
            return self.tr("Nothing aired is left to watch")
        return self.tr("Next to watch: {episode}").format(episode=reference.label)

    def watch_status_counts(self) -> dict[WatchStatus, int]:
        return dict(self._watch_counts)

    def search_texts(self) -> Sequence[str]:
        """Each row's search text, by row (the proxy's filter reads it; do not change it)."""
        return self._search

    def watch_statuses(self) -> Sequence[WatchStatus]:
        """Each row's watch status, by row (read-only, like ``search_texts``)."""
        return self._watch

    # -- estimates ------------------------------------------------------------------------

    def estimate_at(self, row: int) -> Estimate:
        """The row's next-season estimate: remembered for a show shown lately, else made now."""
        show_id = self._summaries[row].id
        estimate = self._recent_estimates.get(show_id)
        if estimate is not None:
            self._recent_estimates.move_to_end(show_id)
            return estimate
        estimate = estimate_show(self._summaries[row], self._estimate_day)
        self._remember_estimate(show_id, estimate)
        if self._estimate_keys[row] == _NOT_ESTIMATED:
            self._estimate_keys[row] = _estimate_sort_key(estimate)
            self._missing_estimates -= 1
            self._sort_keys.pop(Column.NEXT_RELEASE, None)
        return estimate

    def _remember_estimate(self, show_id: int, estimate: Estimate) -> None:
        self._recent_estimates[show_id] = estimate
        self._recent_estimates.move_to_end(show_id)
        if len(self._recent_estimates) > RECENT_ESTIMATES:
            self._recent_estimates.popitem(last=False)

    @property
    def estimates_complete(self) -> bool:
        return self._missing_estimates == 0

    def estimate_all(self) -> None:
        """Estimate every row now (for sorting by next season before the slices got there)."""
        if self._missing_estimates:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            try:
                self._estimate_until(None)
            finally:
                QGuiApplication.restoreOverrideCursor()

    def _estimate_slice(self) -> None:
        self._estimate_until(time.perf_counter() + ESTIMATE_SLICE_SECONDS)

    def _estimate_until(self, deadline: float | None) -> None:
        keys, summaries, today = self._estimate_keys, self._summaries, self._estimate_day
        position, end = self._next_to_estimate, len(summaries)
        while position < end:
            if keys[position] == _NOT_ESTIMATED:
                keys[position] = _estimate_sort_key(estimate_show(summaries[position], today))
                self._missing_estimates -= 1
            position += 1
            if deadline is not None and not position % 64 and time.perf_counter() > deadline:
                break
        self._next_to_estimate = position
        if position >= end:
            self._estimating.stop()
            self._missing_estimates = 0
            self._sort_keys.pop(Column.NEXT_RELEASE, None)
            self.estimatesCompleted.emit()

    # -- sort keys ------------------------------------------------------------------------

    def sort_keys(self, column: Column) -> list[Any]:
        """Every row's sort key for ``column``, by row; cached until the rows change."""
        keys = self._sort_keys.get(column)
        if keys is None:
            if column is Column.NEXT_RELEASE:
                self.estimate_all()
            keys = self._sort_keys[column] = self._compute_sort_keys(column)
        return keys

    def _compute_sort_keys(self, column: Column) -> list[Any]:
        summaries = self._summaries
        if column is Column.TITLE:
            return [summary.title.casefold() for summary in summaries]
        if column is Column.NETWORK:
            return [(summary.network or "\uffff").casefold() for summary in summaries]
        if column is Column.RENEWAL:
            return [_RENEWAL_ORDER[summary.renewal_status] for summary in summaries]
        if column is Column.SEASONS:
            return [len(summary.season_premieres) for summary in summaries]
        if column is Column.NEXT_EPISODE:
            found, nothing = self._next_to_watch.get, _NOTHING_TO_WATCH_SORT_KEY
            return [
                (reference.season, reference.episode or 0)
                if (reference := found(summary.id))
                else nothing
                for summary in summaries
            ]
        return list(self._estimate_keys)

    # -- changing -------------------------------------------------------------------------

    def refresh_decorations(self) -> None:
        """Ask views to redraw icons (after a palette change)."""
        self._icons.clear()
        if self._summaries:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._summaries) - 1, len(Column) - 1),
                [Qt.ItemDataRole.DecorationRole],
            )

    def set_rows(self, rows: ShowRows, today: Callable[[], date] | None = None) -> None:
        """Replace every row. Estimates are made as rows are shown or sorted by and,
        from shortly after, in idle slices; ``today`` is the date they are made for."""
        self.beginResetModel()
        self._summaries = list(rows.summaries)
        self._search = list(rows.search_texts)
        self._next_to_watch = {}
        self._next_refreshed = set()
        self._rows_generation += 1
        if today is not None:
            self._today = today
        self._estimate_day = self._today()
        self._estimate_keys = array("q", [_NOT_ESTIMATED]) * len(self._summaries)
        self._recent_estimates.clear()
        self._missing_estimates = len(self._summaries)
        self._next_to_estimate = 0
        self._reindex()
        self.endResetModel()
        self._estimating.stop()
        if self._missing_estimates:
            self._estimating_soon.start()

    def upsert(self, row: ShowRow) -> None:
        """Replace the row of the same show, or append a new one."""
        summary = row.summary
        self._next_refreshed.add(summary.id)
        if summary.next_to_watch is None:
            self._next_to_watch.pop(summary.id, None)
        else:
            self._next_to_watch[summary.id] = summary.next_to_watch
        existing = self._row_of_id.get(summary.id)
        position = len(self._summaries) if existing is None else existing
        if existing is None:
            end = position
            self.beginInsertRows(QModelIndex(), end, end)
            self._summaries.append(summary)
            self._search.append(row.search_text)
            self._watch.append(summary.watch_status)
            self._estimate_keys.append(_estimate_sort_key(row.estimate))
            self._missing_estimates += row.estimate is None
            self._row_of_id[summary.id] = end
            self._watch_counts[summary.watch_status] += 1
            self._sort_keys.clear()
            self.endInsertRows()
        else:
            self._watch_counts[self._summaries[position].watch_status] -= 1
            self._watch_counts[summary.watch_status] += 1
            self._summaries[position] = summary
            self._search[position] = row.search_text
            self._watch[position] = summary.watch_status
            was_missing = self._estimate_keys[position] == _NOT_ESTIMATED
            self._missing_estimates += (row.estimate is None) - was_missing
            self._estimate_keys[position] = _estimate_sort_key(row.estimate)
            self._sort_keys.clear()
            self.dataChanged.emit(self.index(position, 0), self.index(position, len(Column) - 1))
        self._recent_estimates.pop(summary.id, None)
        if row.estimate is not None:
            self._remember_estimate(summary.id, row.estimate)
        else:
            self._next_to_estimate = min(self._next_to_estimate, position)
            self._estimating_soon.start()

    def remove(self, show_id: int) -> None:
        position = self._row_of_id.get(show_id)
        if position is None:
            return
        self.beginRemoveRows(QModelIndex(), position, position)
        self._next_to_watch.pop(show_id, None)
        del self._summaries[position], self._search[position], self._watch[position]
        self._missing_estimates -= self._estimate_keys[position] == _NOT_ESTIMATED
        del self._estimate_keys[position]
        self._recent_estimates.pop(show_id, None)
        self._next_to_estimate = min(self._next_to_estimate, position)
        self._reindex()
        self.endRemoveRows()

    def _reindex(self) -> None:
        self._row_of_id = {summary.id: row for row, summary in enumerate(self._summaries)}
        self._watch = [summary.watch_status for summary in self._summaries]
        self._sort_keys.clear()
        counts = dict.fromkeys(WatchStatus, 0)
        for status in self._watch:
            counts[status] += 1
        self._watch_counts = counts


class ShowFilterProxy(QAbstractProxyModel):
    """Filter-as-you-type over title, network and genres, a watch-status filter, and sorting
    by each column's key; see the module docstring for why it is not a QSortFilterProxyModel.

    Changes reach views as one layout change with the persistent indexes (the selection, the
    current row) moved along, as a QSortFilterProxyModel's ``invalidate()`` does.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: ShowTableModel | None = None
        self._visible: list[int] = []  # proxy row -> source row
        self._order: list[int] | None = None  # every source row in sort order; None: unsorted
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._text = ""
        self._status: WatchStatus | None = None
        self._search: Sequence[str] = []
        self._statuses: Sequence[WatchStatus] = []
        self._relayouting = False

    # -- the source -----------------------------------------------------------------------

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        if not isinstance(model, ShowTableModel):
            raise TypeError("ShowFilterProxy filters a ShowTableModel")
        if self._source is not None:
            raise RuntimeError("ShowFilterProxy's source is set once")
        self.beginResetModel()
        super().setSourceModel(model)
        self._source = model
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        model.rowsInserted.connect(self._source_rows_inserted)
        model.rowsRemoved.connect(self._source_rows_removed)
        model.dataChanged.connect(self._source_data_changed)
        self._rebuild(sort=True)
        self.endResetModel()

    def _source_reset(self) -> None:
        self._rebuild(sort=True)
        self.endResetModel()

    def _source_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1
        self._relayout(sort=True, renumber=lambda row: row + count if row >= first else row)

    def _source_rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1

        def renumber(row: int) -> int | None:
            if row < first:
                return row
            return None if row <= last else row - count

        self._relayout(sort=True, renumber=renumber)

    def _source_data_changed(
        self, _top_left: QModelIndex, _bottom_right: QModelIndex, roles: Sequence[int] = ()
    ) -> None:
        if list(roles) == [Qt.ItemDataRole.DecorationRole]:
            if self._visible:
                self.dataChanged.emit(
                    self.index(0, 0),
                    self.index(len(self._visible) - 1, len(Column) - 1),
                    [Qt.ItemDataRole.DecorationRole],
                )
            return
        self._relayout(sort=True)

    # -- filtering and sorting ------------------------------------------------------------

    def set_text(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle == self._text:
            return
        narrower = bool(self._text) and self._text in needle
        self._text = needle
        self._relayout(within_visible=narrower)

    def set_status(self, status: WatchStatus | None) -> None:
        if status == self._status:
            return
        self._status = status
        self._relayout()

    @property
    def status(self) -> WatchStatus | None:
        return self._status

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = column
        self._sort_order = order
        self._relayout(sort=True)

    def sortColumn(self) -> int:
        return self._sort_column

    def sortOrder(self) -> Qt.SortOrder:
        return self._sort_order

    @property
    def relayouting(self) -> bool:
        """True while views are told of a filter or sort change (selection signals then
        only say that the selected row moved or went)."""
        return self._relayouting

    def _relayout(
        self,
        *,
        sort: bool = False,
        within_visible: bool = False,
        renumber: Callable[[int], int | None] | None = None,
    ) -> None:
        """Recompute the visible rows and tell views, moving their persistent indexes.

        ``renumber`` maps source rows from before a source change to after it (None: gone).
        """
        self._relayouting = True
        try:
            self.layoutAboutToBeChanged.emit()
            persistent = self.persistentIndexList()
            sources: list[int | None] = [self._visible[index.row()] for index in persistent]
            if renumber is not None:
                sources = [None if row is None else renumber(row) for row in sources]
            self._rebuild(sort=sort, within_visible=within_visible)
            if persistent:
                moved = self._proxy_rows({row for row in sources if row is not None})
                self.changePersistentIndexList(
                    persistent,
                    [
                        self.index(moved[source], index.column())
                        if source is not None and source in moved
                        else QModelIndex()
                        for source, index in zip(sources, persistent, strict=True)
                    ],
                )
            self.layoutChanged.emit()
        finally:
            self._relayouting = False

    def _proxy_rows(self, sources: set[int]) -> dict[int, int]:
        """Where each of ``sources`` is now shown (absent when filtered out)."""
        rows = {source: self.proxy_row_of(source) for source in sources}
        return {source: row for source, row in rows.items() if row is not None}

    def _rebuild(self, *, sort: bool = False, within_visible: bool = False) -> None:
        source = self._source
        if source is None:
            self._visible = []
            return
        if sort or self._order is None or len(self._order) != source.rowCount():
            self._search = source.search_texts()
            self._statuses = source.watch_statuses()
            self._order = self._sorted_rows(source)
            within_visible = False
        candidates = self._visible if within_visible else self._order
        needle, status, search = self._text, self._status, self._search
        if status is not None:
            statuses = self._statuses
            candidates = [row for row in candidates if statuses[row] is status]
        if needle:
            self._visible = [row for row in candidates if needle in search[row]]
        else:
            self._visible = list(candidates)

    def _sorted_rows(self, source: ShowTableModel) -> list[int]:
        rows = range(source.rowCount())
        if not 0 <= self._sort_column < len(Column):
            return list(rows)
        keys = source.sort_keys(Column(self._sort_column))
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        return sorted(rows, key=keys.__getitem__, reverse=descending)

    # -- the proxy ------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _ANY_INDEX = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._visible) and 0 <= column < len(Column)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, _index: _ANY_INDEX | None = None) -> QModelIndex:  # type: ignore[override]
        return QModelIndex()

    def rowCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def hasChildren(self, parent: _ANY_INDEX = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._visible)

    def flags(self, index: _ANY_INDEX) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: _ANY_INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._source is None or index.row() >= len(self._visible):
            return None
        return self._source.row_data(self._visible[index.row()], index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._source is None or orientation != Qt.Orientation.Horizontal:
            return None
        return self._source.headerData(section, orientation, role)

    def mapToSource(self, proxy_index: _ANY_INDEX) -> QModelIndex:
        if not proxy_index.isValid() or self._source is None:
            return QModelIndex()
        return self._source.index(self._visible[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: _ANY_INDEX) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        row = self.proxy_row_of(source_index.row())
        return QModelIndex() if row is None else self.index(row, source_index.column())

    def proxy_row_of(self, source_row: int) -> int | None:
        """Where a source row is shown, or None when it is filtered out."""
        try:
            return self._visible.index(source_row)
        except ValueError:
            return None

    def source_row_at(self, proxy_row: int) -> int:
        return self._visible[proxy_row]
