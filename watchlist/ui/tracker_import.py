"""Importing from another tracker in the window: choose the export, preview, confirm, report.

The export is parsed on the reader pool, so a wrong or unreadable file is reported at once even
while a sync runs. Online, the TVmaze look-ups run on the long-running pool (the sync's: an
import and a sync never talk to TVmaze at the same time) and can be cancelled; offline nothing
is looked up. Nothing is written until the user confirms the preview. Applying it runs on the
long-running pool when shows are fetched from TVmaze, and on the single writer thread when it is
database work only; either way each show is its own short transaction (``apply_import``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import date
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from watchlist.importers.apply import (
    ImportOutcomeKind,
    TrackerImportReport,
    apply_import,
)
from watchlist.importers.candidates import ImportSource, ParsedExport
from watchlist.importers.parse import parse_export
from watchlist.importers.preview import (
    ImportPreview,
    PlanKind,
    PlannedImport,
    preview_import,
    selected_items,
)
from watchlist.store.library import Library
from watchlist.ui import icons
from watchlist.ui.sync_controller import SyncController
from watchlist.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from watchlist.sync.service import SyncService

log = logging.getLogger(__name__)

_ANY_INDEX = QModelIndex | QPersistentModelIndex
Today = Callable[[], date]


def _tr(text: str) -> str:
    return QCoreApplication.translate("tracker_import", text)


def _count(count: int, one: str, many: str) -> str:
    """ "1 episode" or "12 episodes" (``many`` has a {count} field)."""
    return _tr(one) if count == 1 else _tr(many).format(count=f"{count:,}")


def _source_text(source: ImportSource) -> str:
    """How the chooser names a tracker's export (translatable)."""
    names = {
        ImportSource.TVTIME: _tr("TV Time (data export)"),
        ImportSource.TRAKT: _tr("Trakt (data export)"),
        ImportSource.IMDB: _tr("IMDb list (CSV)"),
    }
    return names[source]


def _source_hint(source: ImportSource) -> str:
    hints = {
        ImportSource.TVTIME: _tr(
            "Choose the zip TV Time sent you after a data request, or its unzipped folder."
        ),
        ImportSource.TRAKT: _tr(
            "Choose the zip from Trakt's Settings → Data → Export, its unzipped folder, or one "
            "of its JSON files (watched-shows.json, lists-watchlist.json, …)."
        ),
        ImportSource.IMDB: _tr(
            "Choose the CSV file IMDb's “Export” writes for a watchlist, a list or your ratings."
        ),
    }
    return hints[source]


def _file_filter(source: ImportSource) -> str:
    filters = {
        ImportSource.TVTIME: _tr("TV Time export (*.zip *.csv);;All files (*)"),
        ImportSource.TRAKT: _tr("Trakt export (*.zip *.json);;All files (*)"),
        ImportSource.IMDB: _tr("IMDb list (*.csv *.zip);;All files (*)"),
    }
    return filters[source]


def plan_text(kind: PlanKind) -> str:
    """What importing does with a show, as the preview says it."""
    texts = {
        PlanKind.MATCHED: _tr("Add from TVmaze"),
        PlanKind.MANUAL: _tr("Add by hand"),
        PlanKind.IN_LIBRARY: _tr("Already in library"),
        PlanKind.LOOKUP: _tr("Needs a TVmaze look-up"),
        PlanKind.SKIPPED: _tr("Skipped"),
    }
    return texts[kind]


def plan_icon(kind: PlanKind) -> QIcon:
    factories: dict[PlanKind, Callable[[], QIcon]] = {
        PlanKind.MATCHED: icons.tvmaze,
        PlanKind.MANUAL: icons.add_show,
        PlanKind.IN_LIBRARY: icons.in_library,
        PlanKind.LOOKUP: icons.warning,
        PlanKind.SKIPPED: icons.skipped,
    }
    return factories[kind]()


def outcome_text(kind: ImportOutcomeKind) -> str:
    texts = {
        ImportOutcomeKind.ADDED_FROM_TVMAZE: _tr("Added from TVmaze"),
        ImportOutcomeKind.ADDED_MANUALLY: _tr("Added by hand"),
        ImportOutcomeKind.IN_LIBRARY: _tr("Already in library"),
        ImportOutcomeKind.SKIPPED: _tr("Skipped"),
        ImportOutcomeKind.FAILED: _tr("Failed"),
    }
    return texts[kind]


def outcome_icon(kind: ImportOutcomeKind) -> QIcon:
    factories: dict[ImportOutcomeKind, Callable[[], QIcon]] = {
        ImportOutcomeKind.ADDED_FROM_TVMAZE: icons.tvmaze,
        ImportOutcomeKind.ADDED_MANUALLY: icons.add_show,
        ImportOutcomeKind.IN_LIBRARY: icons.in_library,
        ImportOutcomeKind.SKIPPED: icons.skipped,
        ImportOutcomeKind.FAILED: icons.failed,
    }
    return factories[kind]()


def _why(item: PlannedImport) -> str:
    """The preview's reason, naming TVmaze's title when it differs from the export's."""
    reason = item.reason
    if item.matched_title and item.matched_title.casefold() != item.candidate.title.casefold():
        reason += _tr(" (TVmaze: “{title}”)").format(title=item.matched_title)
    return reason[:1].upper() + reason[1:]


def _watched_text(item: PlannedImport) -> str:
    candidate = item.candidate
    if item.kind not in (PlanKind.MATCHED, PlanKind.MANUAL, PlanKind.LOOKUP):
        return ""  # a show left alone keeps its own progress
    if candidate.episodes_unknown:
        return _count(candidate.unnamed_plays, "Unknown (1 play)", "Unknown ({count} plays)")
    count = len(candidate.watched)
    return _count(count, "1 episode", "{count} episodes") if count else ""


def _watched_tip(item: PlannedImport) -> str | None:
    if not item.candidate.episodes_unknown:
        return None
    return _tr(
        "The export counts the plays but does not name the episodes, so none can be marked "
        "watched; the show is imported as watching (completed when the plays cover every aired "
        "episode)."
    )


# -- choosing the export ------------------------------------------------------------------


class ChooseExportDialog(QDialog):
    """Which tracker the export comes from, and where it is (a zip, a folder or a file)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chooseExportDialog")
        self.setWindowTitle(self.tr("Import from another tracker"))
        self.kind = QComboBox()
        self.kind.setObjectName("importSource")
        for source in ImportSource:
            self.kind.addItem(_source_text(source), source)
        self.hint = QLabel()
        self.hint.setObjectName("importSourceHint")
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText(self.tr("A zip, a folder or a file"))
        self.file_button = QPushButton(self.tr("File…"))
        self.file_button.clicked.connect(self._choose_file)
        self.folder_button = QPushButton(self.tr("Folder…"))
        self.folder_button.clicked.connect(self._choose_folder)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.file_button)
        path_row.addWidget(self.folder_button)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Preview…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Import from:"), self.kind)
        form.addRow("", self.hint)
        form.addRow(self.tr("Export:"), path_row)
        note = QLabel(
            self.tr("Nothing is written yet: the next step shows what would be imported, and asks.")
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(lambda _index: self._update())
        self.path_edit.textChanged.connect(lambda _text: self._update())
        self._update()
        self.resize(560, self.sizeHint().height())

    def source(self) -> ImportSource:
        return ImportSource(self.kind.currentData())

    def set_source(self, source: ImportSource) -> None:
        self.kind.setCurrentIndex(self.kind.findData(source))

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def _update(self) -> None:
        self.hint.setText(_source_hint(self.source()))
        self.ok_button.setEnabled(bool(self.path_edit.text().strip()))

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the export"),
            str(Path.home()),
            _file_filter(self.source()),
        )
        if path:
            self.path_edit.setText(path)

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the unzipped export"), str(Path.home())
        )
        if path:
            self.path_edit.setText(path)


# -- progress -----------------------------------------------------------------------------


class ImportProgressDialog(QDialog):
    """What the import is doing in the background, with a Cancel button."""

    cancelRequested = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importProgressDialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.label = QLabel()
        self.label.setObjectName("importProgressLabel")
        self.label.setMinimumWidth(380)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton(icons.cancel(), self.tr("Cancel"))
        self.cancel_button.setObjectName("importCancelButton")
        self.cancel_button.clicked.connect(self._cancel)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addLayout(row)

    def set_text(self, text: str) -> None:
        self.label.setText(text)

    def set_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling…"))
        self.cancelRequested.emit()

    def reject(self) -> None:
        """Escape or closing the window cancels; the dialog closes when the work has stopped."""
        if self.cancel_button.isEnabled():
            self._cancel()


# -- preview ------------------------------------------------------------------------------


class PreviewColumn(IntEnum):
    SHOW = 0
    PLAN = 1
    WATCHED = 2
    STATUS = 3
    WHY = 4


class ImportPreviewModel(QAbstractTableModel):
    """The shows of a preview; those that would be written can be unticked to leave them out."""

    selectionChanged = Signal()

    def __init__(self, preview: ImportPreview, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self._kept = [item.will_write for item in preview.items]

    def rowCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.preview.items)

    def columnCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PreviewColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = {
            PreviewColumn.SHOW: self.tr("Show"),
            PreviewColumn.PLAN: self.tr("What happens"),
            PreviewColumn.WATCHED: self.tr("Watched"),
            PreviewColumn.STATUS: self.tr("Status"),
            PreviewColumn.WHY: self.tr("Why"),
        }
        return headers[PreviewColumn(section)]

    def flags(self, index: _ANY_INDEX) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == PreviewColumn.SHOW and self.preview.items[index.row()].will_write:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _ANY_INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.preview.items[index.row()]
        column = PreviewColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == PreviewColumn.WHY:
            return _why(item)
        if role == Qt.ItemDataRole.ToolTipRole and column == PreviewColumn.WATCHED:
            return _watched_tip(item)
        if role == Qt.ItemDataRole.DecorationRole and column == PreviewColumn.PLAN:
            return plan_icon(item.kind)
        if role == Qt.ItemDataRole.CheckStateRole and column == PreviewColumn.SHOW:
            if not item.will_write:
                return None
            kept = self._kept[index.row()]
            return Qt.CheckState.Checked if kept else Qt.CheckState.Unchecked
        return None

    def _text(self, item: PlannedImport, column: PreviewColumn) -> str:
        if column == PreviewColumn.SHOW:
            return item.candidate.label
        if column == PreviewColumn.PLAN:
            return plan_text(item.kind)
        if column == PreviewColumn.WATCHED:
            return _watched_text(item)
        if column == PreviewColumn.STATUS:
            status = item.candidate.watch_status
            return status.label if status and item.will_write else ""
        return _why(item)

    def setData(self, index: _ANY_INDEX, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != PreviewColumn.SHOW:
            return False
        if not self.preview.items[index.row()].will_write:
            return False
        self._kept[index.row()] = Qt.CheckState(value) == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.selectionChanged.emit()
        return True

    def selected(self) -> list[int]:
        """Positions in ``preview.items`` to apply: every row except unticked ones."""
        return [
            row
            for row, item in enumerate(self.preview.items)
            if self._kept[row] or not item.will_write
        ]

    def writes(self) -> int:
        return sum(self._kept)


class ImportPreviewDialog(QDialog):
    """Every show of the export and what importing would do with it; nothing written yet."""

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreviewDialog")
        self.setWindowTitle(self.tr("Import from {source}").format(source=preview.source.label))
        self.preview = preview
        self.model = ImportPreviewModel(preview, self)

        self.summary = QLabel(self._summary_text())
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.notes = QLabel("\n".join(f"• {note}" for note in preview.notes))
        self.notes.setObjectName("importNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setVisible(bool(preview.notes))
        self.problem = QLabel()
        self.problem.setObjectName("importLookupProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        problem_icon = QLabel()
        problem_icon.setPixmap(icons.warning().pixmap(20, 20))
        problem_row = QWidget()
        problem_layout = QHBoxLayout(problem_row)
        problem_layout.setContentsMargins(0, 0, 0, 0)
        problem_layout.addWidget(problem_icon, 0, Qt.AlignmentFlag.AlignTop)
        problem_layout.addWidget(self.problem, 1)
        problem_row.setVisible(bool(preview.lookup_problem))
        if preview.lookup_problem:
            self.problem.setText(
                self.tr("{problem} Shows that were not looked up will be added by hand.").format(
                    problem=preview.lookup_problem
                )
            )

        self.table = QTableView()
        self.table.setObjectName("importPreviewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in (PreviewColumn.SHOW, PreviewColumn.PLAN, PreviewColumn.WATCHED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PreviewColumn.STATUS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PreviewColumn.WHY, QHeaderView.ResizeMode.Stretch)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importConfirmButton")
        self.import_button.setIcon(icons.import_tracker())
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.model.selectionChanged.connect(self._update_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(problem_row)
        layout.addWidget(self.notes)
        layout.addWidget(self.table, 1)
        hint = QLabel(self.tr("Untick a show to leave it out. Nothing is written until you "
                              "press Import."))  # fmt: skip
        hint.setEnabled(False)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self._update_button()
        self.resize(900, 520)

    def _summary_text(self) -> str:
        preview = self.preview
        if preview.nothing_to_import:
            return self.tr("Nothing to import: the {source} export lists no shows.").format(
                source=preview.source.label
            )
        shows = _count(preview.shows, "1 show", "{count} shows")
        text = self.tr(
            "{shows} in the {source} export: {matched} to add from TVmaze, {manual} to add by "
            "hand, {present} already in your library, {skipped} skipped."
        ).format(
            shows=shows,
            source=preview.source.label,
            matched=preview.count(PlanKind.MATCHED),
            manual=preview.count(PlanKind.MANUAL),
            present=preview.count(PlanKind.IN_LIBRARY),
            skipped=preview.count(PlanKind.SKIPPED),
        )
        lookups = preview.count(PlanKind.LOOKUP)
        if lookups:
            text += " " + _count(
                lookups,
                "1 show named only by its id needs a TVmaze look-up: import again when online.",
                "{count} shows named only by their ids need a TVmaze look-up: import again "
                "when online.",
            )
        if preview.movies:
            text += " " + _count(
                preview.movies,
                "1 movie left out: Watchlist follows series.",
                "{count} movies left out: Watchlist follows series.",
            )
        if preview.not_series:
            text += " " + _count(
                preview.not_series,
                "1 other entry is not a series (listed as skipped).",
                "{count} other entries are not series (listed as skipped).",
            )
        return text

    def _update_button(self) -> None:
        writes = self.model.writes()
        self.import_button.setEnabled(writes > 0)
        self.import_button.setText(
            _count(writes, "Import 1 show", "Import {count} shows")
            if writes
            else self.tr("Nothing to import")
        )

    def selected(self) -> list[int]:
        return self.model.selected()


# -- report -------------------------------------------------------------------------------


class ImportReportModel(QAbstractTableModel):
    """What the import did, show by show, with how each was (or was not) matched."""

    def __init__(
        self,
        report: TrackerImportReport,
        items: Sequence[PlannedImport],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.report = report
        self._items = list(items)

    def rowCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.report.outcomes)

    def columnCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Show"), self.tr("Result"), self.tr("Details"))[section]

    def data(self, index: _ANY_INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        outcome = self.report.outcomes[index.row()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 1:
            return outcome_icon(outcome.kind)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if index.column() == 0:
            return outcome.title
        if index.column() == 1:
            return outcome_text(outcome.kind)
        return self.details(index.row())

    def details(self, row: int) -> str:
        """How the show was matched (or why not), episodes marked, and any problem."""
        outcome = self.report.outcomes[row]
        item = self._items[row] if row < len(self._items) else None
        parts: list[str] = []
        if outcome.kind in (ImportOutcomeKind.ADDED_FROM_TVMAZE, ImportOutcomeKind.ADDED_MANUALLY):
            if item is not None and item.reason:
                parts.append(_why(item))
        elif outcome.message:
            parts.append(outcome.message[:1].upper() + outcome.message[1:])
        if outcome.episodes_marked:
            parts.append(
                _count(
                    outcome.episodes_marked,
                    "1 episode marked watched",
                    "{count} episodes marked watched",
                )
            )
        if outcome.kind is ImportOutcomeKind.ADDED_FROM_TVMAZE and outcome.message:
            parts.append(outcome.message)
        return "; ".join(parts)


class ImportReportDialog(QDialog):
    """The report after an import: counts, then every show with what became of it."""

    def __init__(
        self,
        report: TrackerImportReport,
        items: Sequence[PlannedImport],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importReportDialog")
        self.setWindowTitle(self.tr("Imported from {source}").format(source=report.source.label))
        self.report = report
        self.model = ImportReportModel(report, items, self)
        self.summary = QLabel(self.summary_text())
        self.summary.setObjectName("importReportSummary")
        self.summary.setWordWrap(True)
        self.table = QTableView()
        self.table.setObjectName("importReportTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(820, 440)

    def summary_text(self) -> str:
        report = self.report
        marked = sum(outcome.episodes_marked for outcome in report.outcomes)
        text = self.tr(
            "{matched} matched on TVmaze and added with their seasons and episodes; {manual} not "
            "matched, added by hand; {present} already in your library; {skipped} skipped; "
            "{failed} failed. {marked} episodes marked watched."
        ).format(
            matched=report.count(ImportOutcomeKind.ADDED_FROM_TVMAZE),
            manual=report.count(ImportOutcomeKind.ADDED_MANUALLY),
            present=report.count(ImportOutcomeKind.IN_LIBRARY),
            skipped=report.count(ImportOutcomeKind.SKIPPED),
            failed=report.count(ImportOutcomeKind.FAILED),
            marked=f"{marked:,}",
        )
        if report.cancelled:
            text += " " + self.tr("The import was cancelled before the end.")
        return text


# -- the flow -----------------------------------------------------------------------------


class _Relay(QObject):
    """Lives on the GUI thread; look-ups and the apply report progress into it."""

    progress = Signal(int, int, str)


class TrackerImport(QObject):
    """Runs one import at a time: parse, preview, confirm, apply, report."""

    importFinished = Signal(object)  # TrackerImportReport, after shows were written
    failed = Signal(object)  # an exception: the window shows it (never a traceback for ours)
    stateChanged = Signal(bool)  # True while an import is under way

    def __init__(
        self,
        library: Library,
        sync: SyncController,
        runner: TaskRunner,
        *,
        today: Today = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.sync = sync
        self.runner = runner
        self.today = today
        self._window = parent
        self._cancel: threading.Event | None = None
        self.progress_dialog: ImportProgressDialog | None = None
        self.preview_dialog: ImportPreviewDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress)
        self._item_text = ""  # "Looking up “{title}” on TVmaze ({number} of {total})…"

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def start(self) -> None:
        """Ask which tracker and which export, then preview it."""
        if self.busy:
            return
        dialog = ChooseExportDialog(self._window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.preview(dialog.source(), dialog.path())

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    # -- preview ----------------------------------------------------------------------------

    def preview(self, source: ImportSource, path: Path) -> None:
        """Read the export and look its shows up (online), then show the preview."""
        if self.busy:
            return
        cancel = threading.Event()
        self._cancel = cancel
        self.stateChanged.emit(True)
        self._show_progress(self.tr("Import from {source}").format(source=source.label))
        self._set_stage(self.tr("Reading the export…"))
        self.runner.read(lambda: parse_export(source, path), self._parsed, self._failed)

    def _parsed(self, parsed: ParsedExport) -> None:
        cancel = self._cancel
        if cancel is None or cancel.is_set():
            self._finish()
            return
        library = self.library
        if self.sync.offline:
            self._set_stage(self.tr("Comparing with your library…"))
            self.runner.read(
                lambda: preview_import(library, parsed, provider=None),
                self._previewed,
                self._failed,
            )
            return
        sync, relay = self.sync, self._relay
        self._set_stage(
            self.tr("Looking the shows up on TVmaze…"),
            self.tr("Looking up “{title}” on TVmaze ({number} of {total})…"),
        )

        def look_up() -> ImportPreview:
            return sync.with_service(
                lambda service: preview_import(
                    library,
                    parsed,
                    provider=service.provider,
                    progress=relay.progress.emit,
                    cancel=cancel,
                )
            )

        self.runner.long_running(look_up, self._previewed, self._failed)

    def _previewed(self, preview: ImportPreview) -> None:
        cancel = self._cancel
        self._close_progress()
        if cancel is None or cancel.is_set():
            self._finish()
            return
        dialog = ImportPreviewDialog(preview, self._window)
        self.preview_dialog = dialog
        dialog.accepted.connect(lambda: self._apply(preview, dialog.selected()))
        dialog.rejected.connect(self._finish)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # -- apply ------------------------------------------------------------------------------

    def _apply(self, preview: ImportPreview, selected: list[int]) -> None:
        self.preview_dialog = None
        cancel = self._cancel
        if cancel is None:
            return
        items = selected_items(preview, selected)
        online = not self.sync.offline
        fetches = online and any(item.kind is PlanKind.MATCHED for item in items)
        library, sync, relay, today = self.library, self.sync, self._relay, self.today()
        self._show_progress(self.tr("Import from {source}").format(source=preview.source.label))
        self._set_stage(
            self.tr("Importing…"), self.tr("Importing “{title}” ({number} of {total})…")
        )

        def write_with(service: SyncService | None) -> TrackerImportReport:
            return apply_import(
                library,
                preview,
                service=service,
                selected=selected,
                today=today,
                progress=relay.progress.emit,
                cancel=cancel,
            )

        def write() -> TrackerImportReport:
            return sync.with_service(write_with) if fetches else write_with(None)

        # Fetching from TVmaze takes as long as the network does: the sync's pool, so the
        # window's own writes (a note posted meanwhile) are not queued behind it.
        start = self.runner.long_running if fetches else self.runner.write
        start(write, lambda report: self._applied(report, items), self._failed)

    def _applied(self, report: TrackerImportReport, items: list[PlannedImport]) -> None:
        self._close_progress()
        self._finish()
        dialog = ImportReportDialog(report, items, self._window)
        self.report_dialog = dialog
        dialog.finished.connect(lambda _result: self._report_closed(dialog))
        dialog.open()
        self.importFinished.emit(report)

    # -- progress and endings ---------------------------------------------------------------

    def _show_progress(self, title: str) -> None:
        dialog = ImportProgressDialog(title, self._window)
        dialog.cancelRequested.connect(self.cancel)
        self.progress_dialog = dialog
        dialog.open()

    def _set_stage(self, text: str, item_text: str = "") -> None:
        self._item_text = item_text
        if self.progress_dialog is not None:
            self.progress_dialog.set_text(text)
            self.progress_dialog.bar.setRange(0, 0)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, title: str) -> None:
        dialog = self.progress_dialog
        if dialog is None or not dialog.cancel_button.isEnabled():
            return
        dialog.set_progress(done, total)
        if title and self._item_text:
            dialog.set_text(self._item_text.format(title=title, number=done + 1, total=total))

    def _close_progress(self) -> None:
        dialog, self.progress_dialog = self.progress_dialog, None
        if dialog is not None:
            dialog.done(QDialog.DialogCode.Accepted)
            dialog.deleteLater()

    def _failed(self, error: BaseException) -> None:
        self._close_progress()
        self._finish()
        self.failed.emit(error)

    def _report_closed(self, dialog: ImportReportDialog) -> None:
        if self.report_dialog is dialog:
            self.report_dialog = None
        dialog.deleteLater()

    def _finish(self) -> None:
        self._close_progress()
        self.preview_dialog = None
        if self._cancel is not None:
            self._cancel = None
            self.stateChanged.emit(False)
