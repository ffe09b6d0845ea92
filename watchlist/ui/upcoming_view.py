"""Upcoming: the followed shows' next episodes and seasons, by month, drawn as cards.

Rows are month headers and items in one flat list model (headers cannot be selected), so the
view scrolls and keyboard-navigates like any list. Confirmed dates come before estimates on the
same day (``core.upcoming.sort_upcoming``); estimates carry a badge in their estimate colour,
their window ("late 2025") and a dashed border, like the detail pane's estimate card.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QStackedLayout,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from watchlist.core.estimate import EstimateKind, format_chance
from watchlist.core.upcoming import Certainty, UpcomingItem, UpcomingKind, group_by_month
from watchlist.ui import formatting, icons

_ANY_INDEX = QModelIndex | QPersistentModelIndex

ESTIMATE_KIND_OF = {
    Certainty.CONFIRMED: EstimateKind.CONFIRMED,
    Certainty.ANNOUNCED: EstimateKind.ANNOUNCED,
    Certainty.ESTIMATED: EstimateKind.ESTIMATED,
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("upcoming", text)


class UpcomingRole(IntEnum):
    ITEM = Qt.ItemDataRole.UserRole + 1
    IS_HEADER = Qt.ItemDataRole.UserRole + 2
    SHOW_ID = Qt.ItemDataRole.UserRole + 3
    COUNTDOWN = Qt.ItemDataRole.UserRole + 4
    WHEN = Qt.ItemDataRole.UserRole + 5
    BADGE = Qt.ItemDataRole.UserRole + 6


ItemKey = tuple[int, str, int, int | None]


def item_key(item: UpcomingItem) -> ItemKey:
    """What stays the same about an item across reloads (for keeping the selection)."""
    return (item.show_id, item.kind.value, item.season_number, item.episode_number)


def month_label(year: int, month: int) -> str:
    """ "July 2025", in the user's locale."""
    return QLocale().toString(formatting.qdate(date(year, month, 1)), "MMMM yyyy")


def when_text(item: UpcomingItem) -> str:
    """ "Tuesday 15 July 2025" for a date; an estimate's window and how sure it is."""
    if not item.is_estimate:
        return QLocale().toString(formatting.qdate(item.likely), "dddd d MMMM yyyy")
    text = _tr("{window} · {percent}% likely in that window").format(
        window=item.window_label, percent=round(item.confidence * 100)
    )
    if not item.conditional:
        return text
    text = _tr("If renewed: {window}").format(window=text)
    if item.renewal_chance is None:
        return text
    return _tr("{text} · {chance} of similar shows got another season").format(
        text=text, chance=format_chance(item.renewal_chance)
    )


def badge_text(item: UpcomingItem) -> str:
    """ "Estimated" or "Announced" for a date that is not confirmed; empty when it is."""
    if item.conditional:
        return _tr("If renewed")
    if item.certainty is Certainty.ESTIMATED:
        return _tr("Estimated")
    if item.certainty is Certainty.ANNOUNCED:
        return _tr("Announced")
    return ""


def subtitle_text(item: UpcomingItem) -> str:
    """ "S2E3 · Title · Apple TV+"."""
    return f"{item.what} · {item.network}" if item.network else item.what


def tooltip_text(item: UpcomingItem) -> str:
    if not item.is_estimate:
        return _tr("Confirmed: {date}").format(date=formatting.long_date(item.likely))
    return _tr("Not a confirmed date. Likeliest around {date}. {reason}").format(
        date=formatting.long_date(item.likely), reason=item.reason
    )


@dataclass(frozen=True, slots=True)
class _Row:
    header: str = ""
    item: UpcomingItem | None = None


class UpcomingModel(QAbstractListModel):
    """Month headers and upcoming items, in date order; estimates can be left out."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[UpcomingItem] = []
        self._rows: list[_Row] = []
        self._today = date.today()
        self._include_estimates = True

    # -- content --------------------------------------------------------------------------

    def set_items(self, items: list[UpcomingItem], today: date) -> None:
        self._items = list(items)
        self._today = today
        self._rebuild()

    def set_include_estimates(self, include: bool) -> None:
        if include != self._include_estimates:
            self._include_estimates = include
            self._rebuild()

    @property
    def include_estimates(self) -> bool:
        return self._include_estimates

    def _rebuild(self) -> None:
        shown = [item for item in self._items if self._include_estimates or not item.is_estimate]
        rows: list[_Row] = []
        for group in group_by_month(shown):
            rows.append(_Row(header=month_label(group.year, group.month)))
            rows += [_Row(item=item) for item in group.items]
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def items(self) -> list[UpcomingItem]:
        """The items shown, in order."""
        return [row.item for row in self._rows if row.item is not None]

    def headers(self) -> list[str]:
        return [row.header for row in self._rows if row.item is None]

    def total_count(self) -> int:
        """Every loaded item, shown or not."""
        return len(self._items)

    def estimate_count(self) -> int:
        return sum(1 for item in self._items if item.is_estimate)

    def row_of(self, key: ItemKey) -> int | None:
        for row, entry in enumerate(self._rows):
            if entry.item is not None and item_key(entry.item) == key:
                return row
        return None

    def row_of_show(self, show_id: int) -> int | None:
        for row, entry in enumerate(self._rows):
            if entry.item is not None and entry.item.show_id == show_id:
                return row
        return None

    # -- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _ANY_INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].item is None:
            return Qt.ItemFlag.NoItemFlags  # headers: not selectable, skipped by the keyboard
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _ANY_INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        item = row.item
        if role == UpcomingRole.IS_HEADER:
            return item is None
        if item is None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return row.header
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            badge = badge_text(item)
            parts = [item.show_title, subtitle_text(item), when_text(item)]
            parts += [badge] if badge else []
            return " · ".join([*parts, item.countdown(self._today)])
        if role == UpcomingRole.ITEM:
            return item
        if role == UpcomingRole.SHOW_ID:
            return item.show_id
        if role == UpcomingRole.COUNTDOWN:
            return item.countdown(self._today)
        if role == UpcomingRole.WHEN:
            return when_text(item)
        if role == UpcomingRole.BADGE:
            return badge_text(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_text(item)
        return None


class UpcomingCardDelegate(QStyledItemDelegate):
    """Paints month headers as section titles and items as cards.

    A card: the kind's icon; the show's title with the countdown on the right; what it is
    (episode or season premiere) and where; the date, or an estimate's badge and window.
    """

    MARGIN = 6
    PADDING = 10
    ICON = 28
    LINE_GAP = 3
    HEADER_TOP = 14
    HEADER_BOTTOM = 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icons: dict[str, QIcon] = {}

    def refresh_icons(self) -> None:
        """Forget the icons so they are drawn again in the palette's colours."""
        self._icons.clear()

    def _icon(self, item: UpcomingItem) -> QIcon:
        key = "episode" if item.kind is UpcomingKind.EPISODE else item.certainty.value
        icon = self._icons.get(key)
        if icon is None:
            icon = (
                icons.upcoming_episode()
                if item.kind is UpcomingKind.EPISODE
                else icons.estimate(ESTIMATE_KIND_OF[item.certainty])
            )
            self._icons[key] = icon
        return icon

    @staticmethod
    def _fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.92))
        header = QFont(option.font)
        header.setBold(True)
        header.setPointSizeF(header.pointSizeF() * 1.1)
        return title, small, header

    def sizeHint(self, option: QStyleOptionViewItem, index: _ANY_INDEX) -> QSize:
        width = option.rect.width()
        if width <= 0 and isinstance(option.widget, QWidget):
            width = option.widget.width()
        title, small, header = self._fonts(option)
        if index.data(UpcomingRole.IS_HEADER):
            top = self.HEADER_TOP if index.row() > 0 else self.HEADER_BOTTOM
            return QSize(width, top + QFontMetrics(header).height() + self.HEADER_BOTTOM + 2)
        lines = (
            QFontMetrics(title).height()
            + QFontMetrics(option.font).height()
            + QFontMetrics(small).height()
            + 2 * self.LINE_GAP
        )
        return QSize(width, 2 * (self.MARGIN + self.PADDING) + max(lines, self.ICON))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _ANY_INDEX) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if index.data(UpcomingRole.IS_HEADER):
            self._paint_header(painter, option, str(index.data()), first=index.row() == 0)
        else:
            item = index.data(UpcomingRole.ITEM)
            countdown = str(index.data(UpcomingRole.COUNTDOWN))
            self._paint_card(painter, option, item, countdown)
        painter.restore()

    def _paint_header(
        self, painter: QPainter, option: QStyleOptionViewItem, label: str, *, first: bool
    ) -> None:
        palette: QPalette = option.palette
        _title, _small, header = self._fonts(option)
        metrics = QFontMetrics(header)
        top = option.rect.top() + (self.HEADER_BOTTOM if first else self.HEADER_TOP)
        text_rect = QRectF(
            option.rect.left() + self.MARGIN,
            top,
            option.rect.width() - 2 * self.MARGIN,
            metrics.height(),
        )
        painter.setFont(header)
        # Headers are not enabled items (so the keyboard skips them); still draw them normal.
        normal = QPalette.ColorGroup.Normal
        painter.setPen(palette.color(normal, QPalette.ColorRole.WindowText))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         label)  # fmt: skip
        line = QColor(palette.color(normal, QPalette.ColorRole.Mid))
        painter.setPen(QPen(line, 1.0))
        left = text_rect.left() + metrics.horizontalAdvance(label) + 10
        middle = text_rect.center().y()
        if left < text_rect.right():
            painter.drawLine(int(left), int(middle), int(text_rect.right()), int(middle))

    def _paint_card(
        self, painter: QPainter, option: QStyleOptionViewItem, item: UpcomingItem, countdown: str
    ) -> None:
        palette: QPalette = option.palette
        title_font, small_font, _header = self._fonts(option)
        card = QRectF(option.rect).adjusted(self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        kind = ESTIMATE_KIND_OF[item.certainty]
        accent = icons.estimate_colour(kind)
        background = palette.color(QPalette.ColorRole.Base)
        if item.is_estimate:
            background = blend(background, accent, 0.06)
        border = QColor(accent) if item.is_estimate else palette.color(QPalette.ColorRole.Mid)
        if selected:
            border = palette.color(QPalette.ColorRole.Highlight)
            background = blend(background, border, 0.12)
        elif hovered:
            background = blend(background, palette.color(QPalette.ColorRole.Highlight), 0.05)
        pen = QPen(border, 1.5 if selected else 1.0)
        if item.is_estimate and not selected:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(background)
        painter.drawRoundedRect(card, 8, 8)

        inner = card.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        icon_rect = QRectF(inner.left(), inner.top() + 1, self.ICON, self.ICON)
        self._icon(item).paint(painter, icon_rect.toRect())
        left = icon_rect.right() + self.PADDING
        width = inner.right() - left
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        align = Qt.AlignmentFlag.AlignVCenter

        # Line 1: title, countdown on the right.
        title_metrics = QFontMetrics(title_font)
        y = inner.top()
        painter.setFont(title_font)
        countdown_width = title_metrics.horizontalAdvance(countdown)
        painter.setPen(accent if item.is_estimate else text)
        line = QRectF(left, y, width, title_metrics.height())
        painter.drawText(line, Qt.AlignmentFlag.AlignRight | align, countdown)
        painter.setPen(text)
        title_width = int(width - countdown_width - 12)
        painter.drawText(
            line,
            Qt.AlignmentFlag.AlignLeft | align,
            title_metrics.elidedText(item.show_title, Qt.TextElideMode.ElideRight, title_width),
        )
        y += title_metrics.height() + self.LINE_GAP

        # Line 2: what and where.
        metrics = QFontMetrics(option.font)
        painter.setFont(option.font)
        painter.setPen(text)
        line = QRectF(left, y, width, metrics.height())
        painter.drawText(
            line,
            Qt.AlignmentFlag.AlignLeft | align,
            metrics.elidedText(subtitle_text(item), Qt.TextElideMode.ElideRight, int(width)),
        )
        y += metrics.height() + self.LINE_GAP

        # Line 3: the date, or a badge and the estimate's window.
        small_metrics = QFontMetrics(small_font)
        painter.setFont(small_font)
        x = left
        badge = badge_text(item)
        if badge:
            badge_width = small_metrics.horizontalAdvance(badge) + 12
            pill = QRectF(x, y, badge_width, small_metrics.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(blend(palette.color(QPalette.ColorRole.Base), accent, 0.22))
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(accent)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, badge)
            x += badge_width + 6
        painter.setPen(muted)
        line = QRectF(x, y, left + width - x, small_metrics.height())
        painter.drawText(
            line,
            Qt.AlignmentFlag.AlignLeft | align,
            small_metrics.elidedText(when_text(item), Qt.TextElideMode.ElideRight,
                                     int(line.width())),
        )  # fmt: skip


def blend(base: QColor, tint: QColor, amount: float) -> QColor:
    """``base`` moved ``amount`` (0..1) of the way towards ``tint``."""
    return QColor(
        round(base.red() * (1 - amount) + tint.red() * amount),
        round(base.green() * (1 - amount) + tint.green() * amount),
        round(base.blue() * (1 - amount) + tint.blue() * amount),
    )


class UpcomingView(QWidget):
    """The upcoming list with a heading, an estimates switch and an empty state.

    Selecting an item emits ``showSelected`` (the window shows it in the detail pane);
    activating one (double-click, Enter) emits ``showRequested`` (open it in the show list).
    """

    showSelected = Signal(int)
    showRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("upcomingView")
        self.loaded = False
        self._restoring = False
        self.model = UpcomingModel(self)
        heading = QLabel(self.tr("Coming up"))
        heading.setObjectName("upcomingHeading")
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        self.estimates = QCheckBox(self.tr("Show estimates"))
        self.estimates.setObjectName("upcomingEstimates")
        self.estimates.setToolTip(
            self.tr("Also list seasons whose premiere is only estimated or announced vaguely")
        )
        self.estimates.setChecked(True)
        self.estimates.toggled.connect(self._estimates_toggled)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.estimates)
        self.count = QLabel()
        self.count.setObjectName("upcomingCount")
        self.count.setEnabled(False)

        self.list = QListView()
        self.list.setObjectName("upcomingList")
        self.list.setAccessibleName(self.tr("Upcoming episodes and seasons"))
        self.list.setModel(self.model)
        self.delegate = UpcomingCardDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setFrameShape(QListView.Shape.NoFrame)
        self.list.setMouseTracking(True)
        self.list.viewport().setAutoFillBackground(False)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.list.clicked.connect(self._clicked)
        self.list.activated.connect(self._activated)

        self.empty = QLabel()
        self.empty.setObjectName("upcomingEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.empty.setMargin(24)
        body = QWidget()
        self.stack = QStackedLayout(body)
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.count)
        layout.addWidget(body, 1)
        self.empty.setText(self.tr("Loading…"))
        self.stack.setCurrentWidget(self.empty)

    def set_items(self, items: list[UpcomingItem], today: date) -> None:
        """Show these items (sorted by ``core.upcoming.sort_upcoming``), keeping the selection."""
        selected = self.selected_item()
        self.loaded = True
        self._restoring = True  # the same item again is no new choice of show
        try:
            self.model.set_items(items, today)
            row = self.model.row_of(item_key(selected)) if selected is not None else None
            if row is not None:
                self.list.selectionModel().setCurrentIndex(
                    self.model.index(row),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect,
                )
        finally:
            self._restoring = False
        self._update_texts()

    def selected_item(self) -> UpcomingItem | None:
        index = self.list.currentIndex()
        item = index.data(UpcomingRole.ITEM) if index.isValid() else None
        return item if isinstance(item, UpcomingItem) else None

    def select_show(self, show_id: int) -> bool:
        """Select the first item of a show; True when it has one."""
        row = self.model.row_of_show(show_id)
        if row is None:
            return False
        self.list.setCurrentIndex(self.model.index(row))
        return True

    def refresh_icons(self) -> None:
        self.delegate.refresh_icons()
        self.list.viewport().update()

    def _estimates_toggled(self, shown: bool) -> None:
        self.model.set_include_estimates(shown)
        self._update_texts()

    def _update_texts(self) -> None:
        shown = self.model.items()
        total, estimates = self.model.total_count(), self.model.estimate_count()
        shows = len({item.show_id for item in shown})
        if shown:
            confirmed = sum(1 for item in shown if not item.is_estimate)
            dates = self.tr("1 date") if len(shown) == 1 else self.tr("{count} dates")
            of_shows = self.tr("1 show") if shows == 1 else self.tr("{count} shows")
            self.count.setText(
                self.tr("{dates} for {shows} · {confirmed} confirmed, {estimated} estimated")
                .format(dates=dates.format(count=len(shown)), shows=of_shows.format(count=shows),
                        confirmed=confirmed, estimated=len(shown) - confirmed)
            )  # fmt: skip
        else:
            self.count.clear()
        if not total:
            self.empty.setText(
                self.tr("Nothing coming up yet.\n\nShows you are watching, plan to watch or have "
                        "on hold appear here with their next episode or season, and so do "
                        "completed shows once they are renewed. Sync with TVmaze to get the "
                        "latest dates.")
            )  # fmt: skip
        elif not shown and estimates:
            self.empty.setText(
                self.tr("No confirmed dates yet. Turn on “Show estimates” to see when new "
                        "seasons are likely.")
            )  # fmt: skip
        self.stack.setCurrentWidget(self.list if shown else self.empty)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring:
            return
        show_id = current.data(UpcomingRole.SHOW_ID) if current.isValid() else None
        if isinstance(show_id, int):
            self.showSelected.emit(show_id)

    def _clicked(self, index: QModelIndex) -> None:
        # A click on the item that is already current does not change it; still show its show.
        if index == self.list.currentIndex():
            self._current_changed(index, QModelIndex())

    def _activated(self, index: QModelIndex) -> None:
        show_id = index.data(UpcomingRole.SHOW_ID)
        if isinstance(show_id, int):
            self.showRequested.emit(show_id)
