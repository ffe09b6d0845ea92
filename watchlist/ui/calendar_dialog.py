"""Export calendar: where to write the .ics file and whether estimated premieres go in it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from watchlist.ui import icons

CALENDAR_SUFFIX = ".ics"


def with_calendar_suffix(path: Path) -> Path:
    """``path`` ending in .ics (a name typed without it gets it)."""
    return path if path.suffix.lower() == CALENDAR_SUFFIX else path.with_name(path.name + ".ics")


class CalendarExportDialog(QDialog):
    """Asks for the file (remembered between exports) and whether to include estimates."""

    def __init__(
        self, path: Path, *, estimates: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("calendarExportDialog")
        self.setWindowTitle(self.tr("Export calendar"))
        self.setMinimumWidth(520)
        explanation = QLabel(
            self.tr("Confirmed premieres and new episodes of the shows you follow, for the next "
                    "12 months, as an iCalendar file. Export to the same file again to update "
                    "it: calendar apps recognise the events and update them instead of adding "
                    "copies.")
        )  # fmt: skip
        explanation.setWordWrap(True)
        self.path = QLineEdit(str(path))
        self.path.setObjectName("calendarPath")
        self.path.setAccessibleName(self.tr("Calendar file"))
        self.browse = QPushButton(self.tr("Choose…"))
        self.browse.setObjectName("calendarBrowse")
        self.browse.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        self.estimates = QCheckBox(
            self.tr("Include estimated premieres, marked as tentative events")
        )
        self.estimates.setObjectName("calendarEstimates")
        self.estimates.setToolTip(
            self.tr("Seasons without a confirmed date go in on their likeliest day, with their "
                    "window in the description; they turn into confirmed events once dated.")
        )  # fmt: skip
        self.estimates.setChecked(estimates)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        export = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        export.setText(self.tr("Export"))
        export.setIcon(icons.calendar_export())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.path.textChanged.connect(
            lambda text: export.setEnabled(bool(text.strip()))
        )  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(row)
        layout.addWidget(self.estimates)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export calendar"), self.path.text(),
            self.tr("iCalendar file (*.ics);;All files (*)"),
        )  # fmt: skip
        if chosen:
            self.path.setText(str(with_calendar_suffix(Path(chosen))))

    def chosen_path(self) -> Path:
        return with_calendar_suffix(Path(self.path.text().strip()).expanduser())

    def include_estimates(self) -> bool:
        return self.estimates.isChecked()
