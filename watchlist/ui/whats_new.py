"""What's new: the change log that syncs write (renewals, endings, new seasons), newest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from watchlist.store.views import ChangeView
from watchlist.ui import formatting, icons

CHANGE_ROLE = Qt.ItemDataRole.UserRole + 1


class ChangesModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._changes: list[ChangeView] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._changes)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        change = self._changes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{change.show_title} · {change.kind.label}\n{change.summary}\n"
                + formatting.timestamp(change.happened_at)
            )
        if role == Qt.ItemDataRole.DecorationRole:
            return icons.change(change.kind.value)
        if role == CHANGE_ROLE:
            return change
        return None

    def set_changes(self, changes: list[ChangeView]) -> None:
        self.beginResetModel()
        self._changes = list(changes)
        self.endResetModel()


class WhatsNewView(QWidget):
    """The change log; activating an entry opens its show."""

    showRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("whatsNew")
        self.model = ChangesModel(self)
        heading = QLabel(self.tr("What's new in your shows"))
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        self.list = QListView()
        self.list.setObjectName("whatsNewList")
        self.list.setModel(self.model)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setWordWrap(True)
        self.list.setSpacing(4)
        self.list.setAlternatingRowColors(True)
        self.list.activated.connect(self._open)
        self.list.clicked.connect(self._open)
        self.empty = QLabel(
            self.tr("Nothing yet. When a sync finds a renewal, an ending or a new season date, "
                    "it is listed here.")
        )  # fmt: skip
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        body = QWidget()
        self.stack = QStackedLayout(body)
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(heading)
        layout.addWidget(body, 1)

    def set_changes(self, changes: list[ChangeView]) -> None:
        self.model.set_changes(changes)
        self.stack.setCurrentWidget(self.list if changes else self.empty)

    def _open(self, index: QModelIndex) -> None:
        change = index.data(CHANGE_ROLE)
        if isinstance(change, ChangeView):
            self.showRequested.emit(change.show_id)
