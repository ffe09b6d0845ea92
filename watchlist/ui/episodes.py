"""The detail pane's seasons with episode progress: a bar per season, its episodes inside.

``SeasonGuide`` is a tree: one row per season (premiere, and a bar "8 of 10 watched" of the
aired episodes), its episodes as child rows with a watched check. Unaired episodes are listed
but cannot be marked. The guide never changes the library or its own checks itself: it emits
``markRequested`` and shows the new state when the window hands it the guide read after the
write (clicking a check asks, the refresh answers).

Keys on the tree: Space marks the current episode (or its whole season, on a season row)
watched or unwatched, Ctrl+U marks everything up to the current episode, and the Menu key or
Shift+F10 opens the context menu with every action.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from watchlist.core.episodes import EpisodeReference
from watchlist.core.progress import SeasonProgress
from watchlist.store.progress import EpisodeGuide, GuideEpisode
from watchlist.store.views import SeasonView
from watchlist.ui import formatting

_ANY_INDEX = QModelIndex | QPersistentModelIndex
# At most this many rows tall; longer seasons scroll inside the tree.
MAX_VISIBLE_ROWS = 18


class GuideRole(IntEnum):
    """Item data roles of the guide's first column."""

    REFERENCE = Qt.ItemDataRole.UserRole + 1  # EpisodeReference: S2 for a season, S2E4
    EPISODE = Qt.ItemDataRole.UserRole + 2  # GuideEpisode (episode rows only)
    PROGRESS = Qt.ItemDataRole.UserRole + 3  # SeasonProgress (season rows, progress column)


class GuideColumn(IntEnum):
    NAME = 0
    DATE = 1
    WATCHED = 2


class _GuideModel(QStandardItemModel):
    """Items of the guide; a click on a check asks for the change instead of making it."""

    checkRequested = Signal(QModelIndex)

    def setData(self, index: _ANY_INDEX, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.CheckStateRole:
            self.checkRequested.emit(self.index(index.row(), index.column(), index.parent()))
            return False  # the check follows the library once the write is done
        return super().setData(index, value, role)


class SeasonProgressDelegate(QStyledItemDelegate):
    """Draws a season's "8 of 10 watched" with a slim bar of the same share beneath it."""

    BAR_HEIGHT = 4

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _ANY_INDEX) -> None:
        super().paint(painter, option, index)
        progress = index.data(GuideRole.PROGRESS)
        if not isinstance(progress, SeasonProgress) or not progress.aired:
            return
        cell = QRect(option.rect)
        top = cell.bottom() - self.BAR_HEIGHT - 2
        track = QRectF(cell.left() + 10, top, cell.width() - 20, self.BAR_HEIGHT)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        fill = palette.highlightedText() if selected else palette.highlight()
        empty = QColor(fill.color())
        empty.setAlphaF(0.25)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(empty)
        painter.drawRoundedRect(track, 2, 2)
        share = min(progress.watched, progress.aired) / progress.aired
        if share > 0:
            painter.setBrush(fill)
            done = QRectF(track.left(), top, track.width() * share, self.BAR_HEIGHT)
            painter.drawRoundedRect(done, 2, 2)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _ANY_INDEX) -> QSize:
        size = super().sizeHint(option, index)
        needed = option.fontMetrics.height() + 2 * self.BAR_HEIGHT + 6
        return QSize(size.width(), max(size.height(), needed))


class SeasonGuide(QTreeView):
    """Seasons with progress bars, episodes with watched checks; see the module docstring.

    Emits ``markRequested(reference, up_to, watched)``: a season (S2) or an episode (S2E4),
    with ``up_to`` for everything from S1E1 to that episode.
    """

    markRequested = Signal(object, bool, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seasonsTable")
        self.setAccessibleName(self.tr("Seasons and episodes"))
        self.model_ = _GuideModel(0, len(GuideColumn), self)
        self.model_.setHorizontalHeaderLabels(
            [self.tr("Season"), self.tr("Premiere"), self.tr("Watched")]
        )
        self.model_.checkRequested.connect(self._check_clicked)
        self.setModel(self.model_)
        self.setItemDelegateForColumn(GuideColumn.WATCHED, SeasonProgressDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setExpandsOnDoubleClick(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(GuideColumn.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(GuideColumn.DATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(GuideColumn.WATCHED, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(GuideColumn.WATCHED, 150)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.expanded.connect(lambda _index: self._fit_height())
        self.collapsed.connect(lambda _index: self._fit_height())
        self._show_id: int | None = None
        self._guide: EpisodeGuide | None = None

    # -- filling --------------------------------------------------------------------------

    def set_seasons(
        self, seasons: tuple[SeasonView, ...], guide: EpisodeGuide | None = None
    ) -> None:
        """Show ``seasons`` with the guide's progress and episodes (for the same show).

        When the guide is of the show already shown (a refresh after marking), the expanded
        seasons, the current row and the scroll position are kept.
        """
        same_show = guide is not None and guide.show_id == self._show_id
        expanded = self.expanded_seasons() if same_show else set()
        current = self.current_reference() if same_show else None
        scroll = self.verticalScrollBar().value()
        self._show_id = guide.show_id if guide is not None else None
        self._guide = guide
        self.model_.removeRows(0, self.model_.rowCount())
        for season in seasons:
            progress = guide.progress.season(season.number) if guide else None
            episodes = guide.season_episodes(season.number) if guide else ()
            self.model_.appendRow(self._season_items(season, progress, episodes))
        for row in range(self.model_.rowCount()):
            index = self.model_.index(row, 0)
            reference = index.data(GuideRole.REFERENCE)
            if reference is not None and reference.season in expanded:
                self.setExpanded(index, True)
        if current is not None:
            index = self.index_of(current)
            if index.isValid():
                self.setCurrentIndex(index)
        self._fit_height()
        if same_show:
            self.verticalScrollBar().setValue(scroll)

    def _season_items(
        self,
        season: SeasonView,
        progress: SeasonProgress | None,
        episodes: tuple[GuideEpisode, ...],
    ) -> list[QStandardItem]:
        name = QStandardItem(self.season_text(season))
        name.setData(EpisodeReference(season.number), GuideRole.REFERENCE)
        premiere = QStandardItem(self.premiere_text(season, progress))
        premiere.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        watched = QStandardItem(self.progress_text(progress))
        watched.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if progress is not None:
            watched.setData(progress, GuideRole.PROGRESS)
            watched.setToolTip(self.progress_tip(progress))
        for episode in episodes:
            name.appendRow(self._episode_items(episode))
        return [name, premiere, watched]

    def premiere_text(self, season: SeasonView, progress: SeasonProgress | None) -> str:
        """The premiere date; an undated season is announced, unless episodes of it were
        watched (an import added by hand): then it aired, on a date Watchlist does not know."""
        if season.premiere_date:
            return formatting.long_date(season.premiere_date)
        if progress is not None and progress.watched:
            return self.tr("Date unknown")
        return self.tr("Announced")

    def _episode_items(self, episode: GuideEpisode) -> list[QStandardItem]:
        title = episode.title or self.tr("Episode {number}").format(number=episode.number)
        name = QStandardItem(f"{episode.number}. {title}")
        name.setData(episode.reference, GuideRole.REFERENCE)
        name.setData(episode, GuideRole.EPISODE)
        name.setCheckState(Qt.CheckState.Checked if episode.watched else Qt.CheckState.Unchecked)
        name.setCheckable(episode.markable)
        if episode.airdate is not None:
            day = formatting.long_date(episode.airdate)
            date_text = day if episode.aired else self.tr("Airs {date}").format(date=day)
        else:
            date_text = ""
        aired = QStandardItem(date_text)
        aired.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        status = QStandardItem(self.episode_status(episode))
        status.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        tip = self.episode_tip(episode)
        items = [name, aired, status]
        for item in items:  # never edited: the view has no edit triggers
            item.setToolTip(tip)
            if not episode.aired:
                item.setForeground(self.palette().placeholderText())
        return items

    # -- texts ----------------------------------------------------------------------------

    def season_text(self, season: SeasonView) -> str:
        if season.number == 0:
            name = self.tr("Specials")
        else:
            name = self.tr("Season {number}").format(number=season.number)
        if season.episode_count:
            episodes = (
                self.tr("1 episode")
                if season.episode_count == 1
                else self.tr("{count} episodes").format(count=season.episode_count)
            )
            return f"{name} · {episodes}"
        return name

    def progress_text(self, progress: SeasonProgress | None) -> str:
        if progress is None or not progress.aired:
            return ""
        return self.tr("{watched} of {aired} watched").format(
            watched=min(progress.watched, progress.aired), aired=progress.aired
        )

    def progress_tip(self, progress: SeasonProgress) -> str:
        if not progress.aired:
            return self.tr("No episode of this season has aired yet.")
        text = self.tr("{watched} of {aired} aired episodes watched").format(
            watched=min(progress.watched, progress.aired), aired=progress.aired
        )
        if progress.total > progress.aired:
            text += self.tr("; {count} more to come").format(count=progress.total - progress.aired)
        return text

    def episode_status(self, episode: GuideEpisode) -> str:
        return "" if episode.aired else self.tr("Not aired yet")

    def episode_tip(self, episode: GuideEpisode) -> str:
        if not episode.aired:
            return self.tr("Not aired yet: it can be marked once it has aired.")
        if not episode.markable:
            return self.tr("Sync this show to get its episodes from TVmaze before marking them.")
        return self.tr("Space: watched or not · Ctrl+U: watched up to here")

    # -- reading the tree -----------------------------------------------------------------

    def expanded_seasons(self) -> set[int]:
        numbers: set[int] = set()
        for row in range(self.model_.rowCount()):
            index = self.model_.index(row, 0)
            if self.isExpanded(index):
                numbers.add(index.data(GuideRole.REFERENCE).season)
        return numbers

    def current_reference(self) -> EpisodeReference | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        reference = index.siblingAtColumn(0).data(GuideRole.REFERENCE)
        return reference if isinstance(reference, EpisodeReference) else None

    def index_of(self, reference: EpisodeReference) -> QModelIndex:
        """The first-column index of a season (S2) or an episode (S2E4), or an invalid one."""
        for row in range(self.model_.rowCount()):
            season = self.model_.index(row, 0)
            if season.data(GuideRole.REFERENCE).season != reference.season:
                continue
            if reference.episode is None:
                return season
            for child in range(self.model_.rowCount(season)):
                index = self.model_.index(child, 0, season)
                if index.data(GuideRole.REFERENCE) == reference:
                    return index
        return QModelIndex()

    def expand_season(self, number: int) -> None:
        index = self.index_of(EpisodeReference(number))
        if index.isValid():
            self.setExpanded(index, True)

    def season_can_be_marked(self, number: int, *, watched: bool) -> bool:
        """Whether marking season ``number`` (un)watched would change anything."""
        if self._guide is None:
            return False
        episodes = self._guide.season_episodes(number)
        if watched:
            return any(e.markable and not e.watched for e in episodes)
        return any(e.markable and e.watched for e in episodes)

    # -- marking --------------------------------------------------------------------------

    def _episode_at(self, index: QModelIndex) -> GuideEpisode | None:
        episode = index.siblingAtColumn(0).data(GuideRole.EPISODE) if index.isValid() else None
        return episode if isinstance(episode, GuideEpisode) else None

    def _check_clicked(self, index: QModelIndex) -> None:
        episode = self._episode_at(index)
        if episode is not None and episode.markable:
            self.markRequested.emit(episode.reference, False, not episode.watched)

    def toggle_current(self) -> None:
        """Space: the current episode, or on a season row the whole season."""
        index = self.currentIndex()
        if not index.isValid():
            return
        episode = self._episode_at(index)
        if episode is not None:
            if episode.markable:
                self.markRequested.emit(episode.reference, False, not episode.watched)
            return
        reference = index.siblingAtColumn(0).data(GuideRole.REFERENCE)
        if isinstance(reference, EpisodeReference):
            watch = self.season_can_be_marked(reference.season, watched=True)
            if watch or self.season_can_be_marked(reference.season, watched=False):
                self.markRequested.emit(reference, False, watch)

    def mark_up_to_current(self) -> None:
        """Ctrl+U: every episode from S1E1 to the current one."""
        episode = self._episode_at(self.currentIndex())
        if episode is not None and episode.markable and episode.season >= 1:
            self.markRequested.emit(episode.reference, True, True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        if key == Qt.Key.Key_Space and plain:
            self.toggle_current()
        elif key == Qt.Key.Key_U and modifiers == Qt.KeyboardModifier.ControlModifier:
            self.mark_up_to_current()
        elif key == Qt.Key.Key_F10 and modifiers == Qt.KeyboardModifier.ShiftModifier:
            self._open_menu_at_current()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- the context menu -----------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            index = self.indexAt(event.pos())
            if index.isValid():
                self.setCurrentIndex(index)
            else:
                return
            self.build_menu(index).exec(event.globalPos())
        else:
            self._open_menu_at_current()
        event.accept()

    def _open_menu_at_current(self) -> None:
        index = self.currentIndex()
        if not index.isValid():
            return
        rect = self.visualRect(index)
        self.build_menu(index).exec(self.viewport().mapToGlobal(QPoint(rect.left(), rect.bottom())))

    def build_menu(self, index: QModelIndex) -> QMenu:
        """The actions for the season or episode at ``index`` (unavailable ones disabled)."""
        menu = QMenu(self)
        menu.setObjectName("episodeMenu")
        episode = self._episode_at(index)
        reference = index.siblingAtColumn(0).data(GuideRole.REFERENCE)
        if not isinstance(reference, EpisodeReference):
            return menu
        if episode is not None:
            label = episode.reference.label
            toggle = menu.addAction(
                self.tr("Mark {episode} unwatched").format(episode=label)
                if episode.watched
                else self.tr("Mark {episode} watched").format(episode=label)
            )
            toggle.setObjectName("toggleEpisodeAction")
            toggle.setShortcut(QKeySequence(Qt.Key.Key_Space))
            toggle.setEnabled(episode.markable)
            toggle.triggered.connect(
                lambda: self.markRequested.emit(episode.reference, False, not episode.watched)
            )
            up_to = menu.addAction(self.tr("Watched up to here"))
            up_to.setObjectName("watchedUpToAction")
            up_to.setShortcut(QKeySequence("Ctrl+U"))
            up_to.setEnabled(episode.markable and episode.season >= 1)
            up_to.triggered.connect(lambda: self.markRequested.emit(episode.reference, True, True))
            if not episode.aired:
                toggle.setToolTip(self.tr("Not aired yet"))
            menu.addSeparator()
        season = EpisodeReference(reference.season)
        watch = menu.addAction(self.tr("Mark season {number} watched").format(number=season.season))
        watch.setObjectName("seasonWatchedAction")
        watch.setEnabled(self.season_can_be_marked(season.season, watched=True))
        watch.triggered.connect(lambda: self.markRequested.emit(season, False, True))
        unwatch = menu.addAction(
            self.tr("Mark season {number} unwatched").format(number=season.season)
        )
        unwatch.setObjectName("seasonUnwatchedAction")
        unwatch.setEnabled(self.season_can_be_marked(season.season, watched=False))
        unwatch.triggered.connect(lambda: self.markRequested.emit(season, False, False))
        return menu

    # -- size -----------------------------------------------------------------------------

    def _visible_rows(self) -> int:
        rows = self.model_.rowCount()
        for row in range(self.model_.rowCount()):
            index = self.model_.index(row, 0)
            if self.isExpanded(index):
                rows += self.model_.rowCount(index)
        return rows

    def _fit_height(self) -> None:
        """As tall as its rows (the detail pane scrolls), up to ``MAX_VISIBLE_ROWS``."""
        first = self.model_.index(0, 0)
        row_height = (
            self.rowHeight(first) if first.isValid() and self.rowHeight(first) > 0 else 0
        ) or self.fontMetrics().height() + 8
        rows = min(max(self._visible_rows(), 1), MAX_VISIBLE_ROWS)
        height = self.header().sizeHint().height() + 2 * self.frameWidth() + rows * row_height
        self.setFixedHeight(height)
