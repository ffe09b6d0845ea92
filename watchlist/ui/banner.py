"""A dismissible banner across the top of the window for problems that need the user's eye."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from watchlist.ui import icons


class Banner(QFrame):
    """A message with an optional Retry button; hidden until ``show_message``."""

    retryRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setObjectName("bannerText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry = QPushButton(icons.sync(), self.tr("Retry"))
        self.retry.setObjectName("bannerRetry")
        self.retry.clicked.connect(self._retry)
        close = QToolButton()
        close.setObjectName("bannerClose")
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Dismiss"))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.retry)
        layout.addWidget(close)
        self.tone = "problem"
        self.hide()

    def show_message(self, text: str, *, can_retry: bool = True, tone: str = "problem") -> None:
        """Show ``text``; ``tone`` is "problem" (red, with a warning icon) or "info" (blue)."""
        self.tone = tone
        rgb = "198, 40, 40" if tone == "problem" else "21, 101, 192"
        self.setStyleSheet(
            f"QFrame#banner {{ background: rgba({rgb}, 0.12);"
            f" border: 1px solid rgba({rgb}, 0.55); border-radius: 6px; }}"
        )
        icon = icons.warning() if tone == "problem" else icons.whats_new()
        self.icon.setPixmap(icon.pixmap(20, 20))
        self.text.setText(text)
        self.retry.setVisible(can_retry)
        self.show()

    def _retry(self) -> None:
        self.hide()
        self.retryRequested.emit()
