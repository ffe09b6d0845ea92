"""The navigation sidebar: shows by watch status (with counts), upcoming, notes, what's new."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QWidget

from watchlist.core.status import WatchStatus
from watchlist.ui import icons

_NOTES_KEY = "notes"
_NEWS_KEY = "news"
_UPCOMING_KEY = "upcoming"
_ALL_KEY = "all"
MINIMUM_WIDTH = 140
_ENTRY_PADDING = 28  # the icon's gap and the item's margins, both sides, and the frame


def compact_count(count: int, locale: QLocale) -> str:
    """A count short enough for the sidebar: 9,999 in full, then cut (never rounded up) to
    16.3k, 100k, 1M, 1.2M; the tooltip has the exact count."""
    if count < 10_000:
        return locale.toString(count)
    unit, suffix = (1_000, "k") if count < 1_000_000 else (1_000_000, "M")
    if count >= 100 * unit:
        return f"{locale.toString(count // unit)}{suffix}"
    tenths = count * 10 // unit
    if tenths % 10 == 0:
        return f"{locale.toString(tenths // 10)}{suffix}"
    return f"{locale.toString(tenths / 10, 'f', 1)}{suffix}"


class Sidebar(QListView):
    """Quick filters; emits ``watchFilterChosen`` (a WatchStatus or None) or ``notesChosen``."""

    watchFilterChosen = Signal(object)
    notesChosen = Signal()
    newsChosen = Signal()
    upcomingChosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAccessibleName(self.tr("Library sections"))
        self.entries = QStandardItemModel(self)
        self.setModel(self.entries)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setSpacing(1)
        self.setMinimumWidth(MINIMUM_WIDTH)
        self._labels: dict[str, str] = {}
        self._add(_ALL_KEY, icons.all_shows(), self.tr("All shows"))
        for status in WatchStatus:
            self._add(status.value, icons.watch(status), self.tr(status.label))
        self._add(_UPCOMING_KEY, icons.upcoming(), self.tr("Upcoming"))
        self._add(_NOTES_KEY, icons.all_notes(), self.tr("All notes"))
        self._add(_NEWS_KEY, icons.whats_new(), self.tr("What's new"))
        self.refresh_icons()
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.setCurrentIndex(self.entries.index(0, 0))

    def _add(self, key: str, icon: object, label: str) -> None:
        item = QStandardItem(icon, label)  # type: ignore[call-overload]
        item.setData(key, Qt.ItemDataRole.UserRole)
        item.setToolTip(label)
        self._labels[key] = label
        self.entries.appendRow(item)

    def refresh_icons(self) -> None:
        """Redraw the icons in the palette's colours."""
        for row in range(self.entries.rowCount()):
            item = self.entries.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            if key == _ALL_KEY:
                item.setIcon(icons.all_shows())
            elif key == _NOTES_KEY:
                item.setIcon(icons.all_notes())
            elif key == _NEWS_KEY:
                item.setIcon(icons.whats_new())
            elif key == _UPCOMING_KEY:
                item.setIcon(icons.upcoming())
            else:
                item.setIcon(icons.watch(WatchStatus(key)))

    def _row_of(self, key: str) -> int:
        for row in range(self.entries.rowCount()):
            if self.entries.item(row).data(Qt.ItemDataRole.UserRole) == key:
                return row
        raise KeyError(key)

    def set_counts(self, total: int, by_status: dict[WatchStatus, int], notes: int) -> None:
        locale = QLocale()
        counts: dict[str, int] = {_ALL_KEY: total, _NOTES_KEY: notes}
        counts |= {status.value: count for status, count in by_status.items()}
        for key, count in counts.items():
            item = self.entries.item(self._row_of(key))
            item.setText(f"{self._labels[key]}  ({compact_count(count, locale)})")
            item.setToolTip(f"{self._labels[key]}: {locale.toString(count)}")
        self._fit_width()

    def _fit_width(self) -> None:
        """Widen to the longest entry, so no label or count is ever cut off."""
        metrics = self.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(self.entries.item(row).text())
            for row in range(self.entries.rowCount())
        )
        icon = self.iconSize().width()
        if icon <= 0:
            icon = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, self)
        self.setMinimumWidth(max(MINIMUM_WIDTH, widest + icon + _ENTRY_PADDING))

    def current_key(self) -> str:
        return str(self.currentIndex().data(Qt.ItemDataRole.UserRole) or _ALL_KEY)

    def choose(self, key: str) -> None:
        self.setCurrentIndex(self.entries.index(self._row_of(key), 0))

    def choose_status(self, status: WatchStatus | None) -> None:
        self.choose(status.value if status else _ALL_KEY)

    def choose_notes(self) -> None:
        self.choose(_NOTES_KEY)

    def choose_news(self) -> None:
        self.choose(_NEWS_KEY)

    def choose_upcoming(self) -> None:
        self.choose(_UPCOMING_KEY)

    def is_list_key(self, key: str) -> bool:
        return key not in (_NOTES_KEY, _NEWS_KEY, _UPCOMING_KEY)

    def _current_changed(self, current: object, _previous: object) -> None:
        key = self.current_key()
        if key == _NOTES_KEY:
            self.notesChosen.emit()
        elif key == _NEWS_KEY:
            self.newsChosen.emit()
        elif key == _UPCOMING_KEY:
            self.upcomingChosen.emit()
        else:
            self.watchFilterChosen.emit(None if key == _ALL_KEY else WatchStatus(key))
