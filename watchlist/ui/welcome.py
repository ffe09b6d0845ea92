"""The first-run view of an empty library."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from watchlist.ui import icons


class WelcomeView(QWidget):
    """Offers the sample library or adding a first show."""

    sampleRequested = Signal()
    addRequested = Signal()
    tvmazeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeView")
        logo = QLabel()
        logo.setPixmap(icons.app_icon().pixmap(96, 96))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading = QLabel(self.tr("Welcome to Watchlist"))
        heading.setObjectName("welcomeHeading")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        heading.setFont(font)
        text = QLabel(
            self.tr(
                "Keep every show you follow in one place: whether it was renewed, how many "
                "seasons there are, when the next one is likely to arrive, and your own notes. "
                "Everything stays on this computer and works offline."
            )
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(520)
        text.setMinimumHeight(text.heightForWidth(520))
        self.sample_button = QPushButton(icons.sample_shows(), self.tr("Add sample shows"))
        self.sample_button.setObjectName("addSampleButton")
        self.sample_button.setToolTip(
            self.tr("A dozen real shows with their seasons, to explore the app")
        )
        self.sample_button.clicked.connect(self.sampleRequested)
        self.add_button = QPushButton(icons.add_show(), self.tr("Add a show…"))
        self.add_button.setObjectName("welcomeAddButton")
        self.add_button.clicked.connect(self.addRequested)
        self.add_button.setDefault(True)
        self.tvmaze_button = QPushButton(icons.tvmaze(), self.tr("Add from TVmaze…"))
        self.tvmaze_button.setObjectName("welcomeTvmazeButton")
        self.tvmaze_button.clicked.connect(self.tvmazeRequested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.sample_button)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.tvmaze_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(logo)
        layout.addWidget(heading)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch(3)

    def set_busy(self, busy: bool) -> None:
        self.sample_button.setEnabled(not busy)
        self.add_button.setEnabled(not busy)

    def set_online(self, online: bool) -> None:
        self.tvmaze_button.setVisible(online)
