"""The main window: wires the sidebar, show list, detail pane and notes to the library."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QLocale, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from watchlist.config import Settings, sample_library_path
from watchlist.core.episodes import EpisodeReference
from watchlist.core.errors import WatchlistError
from watchlist.core.status import WatchStatus
from watchlist.core.text import shortened
from watchlist.store.backup import BackupFile, BackupKind, restore_backup, take_backup
from watchlist.store.errors import ListReadCancelledError
from watchlist.store.estimates import estimate_show
from watchlist.store.exchange import (
    ImportReport,
    export_csv,
    export_json,
    import_file,
    write_atomically,
)
from watchlist.store.library import UNSET, Library, NewShow, ShowChanges
from watchlist.store.notes_markdown import export_notes_markdown
from watchlist.store.progress import MarkResult, episode_guide, mark_watched, next_to_watch
from watchlist.store.upcoming import upcoming
from watchlist.store.views import NoteView, RemovedShow, ShowDetail
from watchlist.ui import icons, list_loading, messages
from watchlist.ui.about import AboutDialog
from watchlist.ui.auto_sync import SyncAutomation
from watchlist.ui.backup_dialog import BackupDialog
from watchlist.ui.banner import Banner
from watchlist.ui.calendar_dialog import CalendarExportDialog
from watchlist.ui.detail_pane import DetailPane
from watchlist.ui.list_loading import FirstPage, LoadedRows
from watchlist.ui.notes_browser import NotesBrowser
from watchlist.ui.notes_panel import NotesPanel
from watchlist.ui.notifier import Notifier
from watchlist.ui.preferences import Preferences, PreferencesDialog
from watchlist.ui.show_dialogs import AddShowDialog, EditShowDialog
from watchlist.ui.show_list import ShowList
from watchlist.ui.show_model import Column, ShowRow, ShowTableModel
from watchlist.ui.sidebar import Sidebar
from watchlist.ui.sync_controller import ServiceFactory, SyncController
from watchlist.ui.tasks import TaskRunner
from watchlist.ui.tracker_import import TrackerImport
from watchlist.ui.tvmaze_dialog import LinkTarget, TvmazeDialog
from watchlist.ui.upcoming_view import UpcomingView
from watchlist.ui.welcome import WelcomeView
from watchlist.ui.whats_new import WhatsNewView

if TYPE_CHECKING:
    from watchlist.core.upcoming import UpcomingItem
    from watchlist.importers.apply import TrackerImportReport
    from watchlist.sync.service import ShowOutcome, SyncProgress, SyncReport

log = logging.getLogger(__name__)

Today = Callable[[], date]
UPCOMING_REFRESH_MS = 300  # syncs and edits come in bursts: reload the upcoming view once


def _unless_stopped(stop: threading.Event, deliver: Callable[[Any], None]) -> Callable[[Any], None]:
    """``deliver`` a read's result unless the read was stopped: one stopped after its last
    batch of rows still returns them, but nobody wants them any more."""

    def delivered(result: Any) -> None:
        if not stop.is_set():
            deliver(result)

    return delivered


class MainWindow(QMainWindow):
    """Watchlist's main window."""

    libraryLoaded = Signal()  # every row is in the list (after each reload)
    listShown = Signal()  # rows are on screen: a large library's first page, or every row
    showDisplayed = Signal(int)
    writeFinished = Signal()

    def __init__(
        self,
        library: Library,
        settings: Settings,
        ui_state: QSettings,
        *,
        today: Today = date.today,
        sync_factory: ServiceFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Watchlist"))
        self.setWindowIcon(icons.app_icon())
        self.library = library
        self.settings = settings
        self.ui_state = ui_state
        self.today = today
        self.runner = TaskRunner(self)
        self.runner.unhandledError.connect(self.show_error)
        self.sync = (
            SyncController(library, settings, self.runner, service_factory=sync_factory)
            if sync_factory is not None
            else SyncController(library, settings, self.runner)
        )
        self.sync.setParent(self)
        self.tracker_import = TrackerImport(library, self.sync, self.runner, today=today,
                                            parent=self)  # fmt: skip
        self.loaded = False
        self.listed = False  # rows have been on screen (a large library's first page counts)
        self._first_page: FirstPage | None = None  # on screen until every row has been read
        self._page_selection: int | None = None  # the row the first page selected by itself
        self._list_load_stop: threading.Event | None = None
        self._pending_selection: int | None = None
        self._reload_generation = 0  # the newest reload; older reads arriving late are dropped
        self._closing = False  # errors of work stopped by the closing are not shown
        self._pending_writes = 0
        self._refreshed_ids: set[int] = set()  # rows refreshed since the last reload began
        self._removed_ids: set[int] = set()  # shows removed since the last reload began
        self._backup_dialog: BackupDialog | None = None
        self._note_count = 0
        self._last_sync_ids: list[int] | None = None
        self._last_sync_full = False

        self.model = ShowTableModel(self)
        self.sidebar = Sidebar()
        self.show_list = ShowList(self.model)
        self.notes_browser = NotesBrowser()
        self.whats_new = WhatsNewView()
        self.upcoming = UpcomingView()
        self.detail = DetailPane()
        self.notes = NotesPanel()
        self.welcome = WelcomeView()

        self.centre = QStackedWidget()
        self.centre.setObjectName("centreStack")
        self.centre.addWidget(self.show_list)
        self.centre.addWidget(self.notes_browser)
        self.centre.addWidget(self.whats_new)
        self.centre.addWidget(self.upcoming)
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.setObjectName("rightSplitter")
        self.right.addWidget(self.detail)
        self.right.addWidget(self.notes)
        self.right.setStretchFactor(0, 3)
        self.right.setStretchFactor(1, 2)
        self.right.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.centre)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.splitter)
        self.banner = Banner()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(6, 4, 6, 0)
        central_layout.setSpacing(4)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.sync_label = QLabel()
        self.sync_label.setObjectName("syncLabel")
        self.sync_progress = QProgressBar()
        self.sync_progress.setObjectName("syncProgress")
        self.sync_progress.setMaximumWidth(160)
        self.sync_progress.setTextVisible(False)
        self.sync_cancel = QToolButton()
        self.sync_cancel.setObjectName("syncCancel")
        self.sync_cancel.setText(self.tr("Cancel"))
        self.sync_cancel.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.sync_cancel.clicked.connect(self.sync.cancel)
        for widget in (self.sync_label, self.sync_progress, self.sync_cancel):
            widget.setVisible(False)
            self.statusBar().addWidget(widget)
        self.count_label = QLabel()
        self.count_label.setObjectName("showCount")
        self.statusBar().addPermanentWidget(self.count_label)

        self.notifier = Notifier(self.banner, self)
        self.preferences = Preferences.load(ui_state)
        self.automation = SyncAutomation(
            library, self.sync, self.runner, self.notifier,
            start_sync=self.sync_all, preferences=self.preferences, parent=self,
        )  # fmt: skip
        self._upcoming_loads = 0
        self._upcoming_refresh = QTimer(self)
        self._upcoming_refresh.setSingleShot(True)
        self._upcoming_refresh.setInterval(UPCOMING_REFRESH_MS)
        self._upcoming_refresh.timeout.connect(self._load_upcoming_if_shown)

        self._create_actions()
        self._create_menus_and_toolbar()
        self._connect()
        self.resize(1280, 800)
        self.restore_state()
        self.reload()

    # -- construction ---------------------------------------------------------------------

    def _action(
        self,
        text: str,
        icon: Callable[[], Any] | None,
        slot: Callable[[], Any],
        shortcut: QKeySequence | str | QKeySequence.StandardKey | None = None,
        name: str = "",
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if icon is not None:
            action.setIcon(icon())
            self._icon_factories[action] = icon
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _create_actions(self) -> None:
        self._icon_factories: dict[QAction, Callable[[], Any]] = {}
        self.add_action = self._action(
            self.tr("&Add show…"), icons.add_show, self.add_show, "Ctrl+N", "addShowAction"
        )
        self.add_action.setToolTip(self.tr("Add a show by hand (Ctrl+N)"))
        self.edit_action = self._action(
            self.tr("&Edit show…"), icons.edit, self.edit_selected, "Ctrl+E", "editShowAction"
        )
        self.remove_action = self._action(
            self.tr("&Remove show…"), icons.remove_show, self.remove_selected, None,
            "removeShowAction",
        )  # fmt: skip
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.show_list.view.addAction(self.remove_action)
        self.find_action = self._action(
            self.tr("&Find"), icons.search, self.focus_filter, "Ctrl+F", "findAction"
        )
        self.tvmaze_action = self._action(
            self.tr("Add from &TVmaze…"), icons.tvmaze, self.add_from_tvmaze, "Ctrl+T",
            "addFromTvmazeAction",
        )  # fmt: skip
        self.sync_action = self._action(
            self.tr("&Sync"), icons.sync, self.sync_all, "F5", "syncAction"
        )
        self.sync_action.setToolTip(self.tr("Bring synced shows up to date with TVmaze (F5)"))
        self.full_sync_action = self._action(
            self.tr("Sync &everything again"), None, lambda: self.sync_all(full=True),
            "Ctrl+F5", "fullSyncAction",
        )  # fmt: skip
        self.offline_action = QAction(icons.offline(), self.tr("Work &offline"), self)
        self.offline_action.setObjectName("offlineAction")
        self.offline_action.setCheckable(True)
        self._icon_factories[self.offline_action] = icons.offline
        self.offline_action.toggled.connect(self._offline_toggled)
        self.import_action = self._action(
            self.tr("&Import…"), icons.import_file, self.import_library, None, "importAction"
        )
        self.export_action = self._action(
            self.tr("E&xport…"), icons.export_file, self.export_library, None, "exportAction"
        )
        self.import_tracker_action = self._action(
            self.tr("Import from another &tracker…"), icons.import_tracker,
            self.tracker_import.start, None, "importTrackerAction",
        )  # fmt: skip
        self.import_tracker_action.setToolTip(
            self.tr("Import shows from TV Time, Trakt or an IMDb list, after a preview")
        )
        self.backup_action = self._action(
            self.tr("&Back up now"), icons.export_file, self.back_up_now, None, "backupAction"
        )
        self.restore_action = self._action(
            self.tr("&Restore from backup…"), icons.import_file, self.show_backups, None,
            "restoreAction",
        )  # fmt: skip
        if not self.settings.uses_default_database:
            for action in (self.backup_action, self.restore_action):
                action.setEnabled(False)
                action.setToolTip(
                    self.tr("Backups are for the library file; back up a database server "
                            "with its own tools (e.g. pg_dump).")
                )  # fmt: skip
        self.notes_action = self._action(
            self.tr("All &notes"), icons.all_notes, self.sidebar.choose_notes,
            "Ctrl+Shift+N", "allNotesAction",
        )  # fmt: skip
        self.news_action = self._action(
            self.tr("What's &new"), icons.whats_new, self.sidebar.choose_news, "Ctrl+Shift+W",
            "whatsNewAction",
        )  # fmt: skip
        self.upcoming_action = self._action(
            self.tr("&Upcoming"), icons.upcoming, self.sidebar.choose_upcoming, "Ctrl+Shift+U",
            "upcomingAction",
        )  # fmt: skip
        self.calendar_action = self._action(
            self.tr("Export &calendar…"), icons.calendar_export, self.export_calendar_file, None,
            "exportCalendarAction",
        )  # fmt: skip
        self.calendar_action.setToolTip(
            self.tr("Write the premieres and new episodes of the shows you follow to an "
                    "iCalendar (.ics) file")
        )  # fmt: skip
        self.preferences_action = self._action(
            self.tr("&Preferences…"), icons.preferences, self.edit_preferences,
            QKeySequence.StandardKey.Preferences, "preferencesAction",
        )  # fmt: skip
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.about_action = self._action(
            self.tr("&About Watchlist"), icons.about, self.show_about, "F1", "aboutAction"
        )
        self.quit_action = self._action(
            self.tr("&Quit"), icons.quit_app, self.close, "Ctrl+Q", "quitAction"
        )
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _create_menus_and_toolbar(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu(self.tr("&File"))
        file_menu.addActions([self.add_action, self.tvmaze_action])
        file_menu.addSeparator()
        file_menu.addActions([self.sync_action, self.full_sync_action, self.offline_action])
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.import_tracker_action, self.export_action,
                              self.calendar_action])  # fmt: skip
        file_menu.addSeparator()
        file_menu.addActions([self.backup_action, self.restore_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu_bar.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.edit_action, self.remove_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences_action)
        view_menu = menu_bar.addMenu(self.tr("&View"))
        view_menu.addActions([self.upcoming_action, self.notes_action, self.news_action])
        help_menu = menu_bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

        self.toolbar = QToolBar(self.tr("Main toolbar"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addActions([self.add_action, self.tvmaze_action, self.sync_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.edit_action, self.remove_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.import_action, self.export_action])
        self.addToolBar(self.toolbar)

    def _connect(self) -> None:
        self.sidebar.watchFilterChosen.connect(self._watch_filter_chosen)
        self.sidebar.notesChosen.connect(self._notes_chosen)
        self.sidebar.newsChosen.connect(self._news_chosen)
        self.sidebar.upcomingChosen.connect(self._upcoming_chosen)
        self.upcoming.showSelected.connect(self._upcoming_show_selected)
        self.upcoming.showRequested.connect(lambda show_id: self._open_show_from_note(show_id, 0))
        self.notifier.activated.connect(self._notification_activated)
        self.whats_new.showRequested.connect(lambda show_id: self._open_show_from_note(show_id, 0))
        self.banner.retryRequested.connect(self._retry_sync)
        self.sync.syncStarted.connect(self._sync_started)
        self.sync.syncProgressed.connect(self._sync_progressed)
        self.sync.showLanded.connect(self._show_landed)
        self.sync.syncFinished.connect(self._sync_finished)
        self.sync.syncFailed.connect(self._sync_failed)
        self.sync.offlineChanged.connect(lambda _offline: self._update_actions())
        self.show_list.showSelected.connect(self._show_selected)
        self.show_list.countsChanged.connect(self._update_counts)
        self.detail.editRequested.connect(lambda _show_id: self.edit_selected())
        self.detail.findOnTvmazeRequested.connect(self.find_on_tvmaze)
        self.detail.watchStatusChosen.connect(
            lambda show_id, status: self._edit_show(show_id, ShowChanges(watch_status=status))
        )
        self.detail.ratingChosen.connect(
            lambda show_id, rating: self._edit_show(show_id, ShowChanges(rating=rating))
        )
        self.detail.episodesMarkRequested.connect(self._mark_episodes)
        self.notes.postRequested.connect(self._post_note)
        self.notes.editRequested.connect(self._edit_note)
        self.notes.referenceRequested.connect(self._tie_note)
        self.notes.pinRequested.connect(self._pin_note)
        self.notes.deleteRequested.connect(self._delete_note)
        self.notes.exportRequested.connect(self.export_notes)
        self.tracker_import.importFinished.connect(self._tracker_imported)
        self.tracker_import.failed.connect(self.show_error)
        self.tracker_import.stateChanged.connect(
            lambda busy: self.import_tracker_action.setEnabled(not busy)
        )
        self.notes_browser.searchChanged.connect(self._load_all_notes)
        self.notes_browser.showRequested.connect(self._open_show_from_note)
        self.welcome.sampleRequested.connect(self.import_sample)
        self.welcome.addRequested.connect(self.add_show)
        self.welcome.tvmazeRequested.connect(self.add_from_tvmaze)

    # -- loading --------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Reload every row off the GUI thread, then restore or set the selection."""
        library = self.library
        if select is not None:
            self._pending_selection = select
        self._reload_generation += 1
        generation = self._reload_generation
        self._refreshed_ids = set()  # this reload's read sees every write committed before it
        self._removed_ids = set()
        self.stop_loading_list()  # an older reload's rows would be dropped anyway
        if self.model.rowCount() == 0:  # start-up: a large library shows its first page first
            today, status = self.today(), self.show_list.proxy.status
            # The page is the head of the list in title order: the list's own head only
            # when it is sorted that way (as it is unless the user sorted by another column).
            large = list_loading.LARGE_LIBRARY if self._sorted_by_title() else sys.maxsize
            page_rows, stop = list_loading.FIRST_PAGE_ROWS, threading.Event()
            self._list_load_stop = stop
            self.runner.read(
                lambda: list_loading.first_look(
                    library, today, status=status, large=large, page_rows=page_rows, stop=stop
                ),
                _unless_stopped(stop, lambda look: self._first_look_done(look, generation)),
                self._list_load_failed,
            )
        else:
            self._load_everything(generation)

    def _sorted_by_title(self) -> bool:
        proxy = self.show_list.proxy
        return proxy.sortColumn() == -1 or (
            proxy.sortColumn() == Column.TITLE and proxy.sortOrder() == Qt.SortOrder.AscendingOrder
        )

    def _load_everything(self, generation: int) -> None:
        library, stop = self.library, threading.Event()
        self._list_load_stop = stop
        self.runner.read(
            lambda: list_loading.load_everything(library, stop),
            _unless_stopped(stop, lambda loaded: self._rows_loaded(loaded, generation)),
            self._list_load_failed,
        )

    def stop_loading_list(self) -> None:
        """Stop reading the list (its rows are not wanted: the window closes, or a newer reload
        started); rows already on screen, such as a large library's first page, stay."""
        if self._list_load_stop is not None:
            self._list_load_stop.set()
            self._list_load_stop = None

    def _list_load_failed(self, error: BaseException) -> None:
        if isinstance(error, ListReadCancelledError):
            log.debug("Stopped reading the show list")
            return
        self.show_error(error)

    def _first_look_done(self, look: LoadedRows | FirstPage, generation: int) -> None:
        if generation != self._reload_generation:
            return
        if isinstance(look, LoadedRows):
            self._rows_loaded(look, generation)
            return
        self._first_page = look
        self.model.set_rows(look.rows, today=self.today)
        self.model.set_next_to_watch(look.next_to_watch, self.model.rows_generation)
        self._note_count = look.note_count
        self.pages.setCurrentWidget(self.splitter)
        wanted = self._pending_selection or self._saved_selection()
        if not (wanted and self.show_list.select_show(wanted)):
            self.show_list.select_first()
        self._page_selection = self.show_list.selected_show_id()
        self._update_counts()
        self._update_actions()
        self.listed = True
        self.listShown.emit()
        self._load_everything(generation)

    def _rows_loaded(self, loaded: LoadedRows, generation: int) -> None:
        if generation != self._reload_generation:
            return  # reads run in parallel: a later reload's rows may have arrived first
        rows, note_count = loaded.rows, loaded.note_count
        self._list_load_stop = None
        # Rows refreshed on their own while this reload was reading are newer than its own.
        refreshed, self._refreshed_ids = self._refreshed_ids, set()
        previous = self.show_list.selected_show_id()
        if self._first_page is not None and previous == self._page_selection:
            previous = None  # the first page chose it, not the user: the saved one comes first
        page, self._first_page = self._first_page, None
        self.model.set_rows(rows, today=self.today)
        for show_id in self._removed_ids:  # removed while this reload was reading
            self.model.remove(show_id)
        self._removed_ids = set()
        if page is not None:  # the page's next episodes stand until every row's are read
            self.model.set_next_to_watch(page.next_to_watch, self.model.rows_generation)
        self._load_next_to_watch()
        self._note_count = note_count
        self.pages.setCurrentWidget(self.splitter if rows else self.welcome)
        wanted = self._pending_selection or previous or self._saved_selection()
        self._pending_selection = None
        if not (wanted and self.show_list.select_show(wanted)):
            self.show_list.select_first()
        self._update_counts()
        self._update_actions()
        self._upcoming_refresh.start()
        if not self.loaded:
            self.loaded = True
            self.automation.start_up()
        for show_id in refreshed:
            if self.model.row_of(show_id) is not None:
                self._refresh_show(show_id)
        self.listed = True
        self.listShown.emit()
        self.libraryLoaded.emit()

    def _load_next_to_watch(self) -> None:
        """Every show's next episode to watch, read after the rows so they show sooner."""
        library, today, generation = self.library, self.today(), self.model.rows_generation
        self.runner.read(
            lambda: next_to_watch(library, today=today),
            lambda found: self.model.set_next_to_watch(found, generation),
        )

    def _refresh_show(self, show_id: int) -> None:
        self._refreshed_ids.add(show_id)
        library, today = self.library, self.today()
        self.runner.read(lambda: list_loading.load_row(library, show_id, today), self._row_loaded)

    def _row_loaded(self, row: ShowRow) -> None:
        self.model.upsert(row)
        self._upcoming_refresh.start()
        if self.detail.show_id == row.summary.id:
            self._display_show(row.summary.id)
        self._update_counts()
        self._recount_first_page()

    def _recount_first_page(self) -> None:
        """While a first page stands in for the list, its counts are the library's: after a
        show is added, changed or removed they are read again."""
        page, library = self._first_page, self.library
        if page is None:
            return

        def recounted(by_status: dict[WatchStatus, int]) -> None:
            if self._first_page is page:
                self._first_page = replace(page, by_watch_status=by_status)
                self._update_counts()

        self.runner.read(library.count_by_watch_status, recounted)

    def _update_counts(self) -> None:
        page = self._first_page
        if page is not None:  # the rest of a large library is still being read
            self.count_label.setText(
                self.tr("{total} shows (reading the list\u2026)").format(
                    total=QLocale().toString(page.total)
                )
            )
            self.sidebar.set_counts(page.total, page.by_watch_status, self._note_count)
            return
        total = self.model.rowCount()
        listed = self.show_list.visible_count()
        locale = QLocale()
        self.count_label.setText(self.tr("{listed} of {total} shows").format(
            listed=locale.toString(listed), total=locale.toString(total)
        ))  # fmt: skip
        self.sidebar.set_counts(total, self.model.watch_status_counts(),
                                self._note_count)  # fmt: skip

    # -- selection and display ------------------------------------------------------------

    def _show_selected(self, show_id: int) -> None:
        self._update_actions()
        if not show_id:
            self.detail.clear()
            self.notes.set_show(None, [])
            return
        self._display_show(show_id)

    def _display_show(self, show_id: int) -> None:
        """Fill the detail pane and notes of one show (three small indexed reads)."""
        today = self.today()
        try:
            detail = self.library.show(show_id)
            notes = self.library.notes(show_id)
            guide = episode_guide(self.library, show_id, today=today)
        except WatchlistError as error:
            self.show_error(error)
            return
        self.detail.set_show(
            detail, estimate_show(detail, today), self._poster(detail), today, guide
        )
        self.notes.set_show(show_id, notes)
        self.showDisplayed.emit(show_id)

    def _poster(self, show: ShowDetail) -> Path | None:
        if not show.poster_file:
            return None
        path = self.settings.posters_dir / show.poster_file
        return path if path.is_file() else None

    def _watch_filter_chosen(self, status: WatchStatus | None) -> None:
        self.centre.setCurrentWidget(self.show_list)
        selected = self.show_list.selected_show_id()
        self.show_list.set_watch_filter(status)
        if not (selected and self.show_list.select_show(selected)):
            self.show_list.select_first()
        self._update_actions()

    def _notes_chosen(self) -> None:
        self.centre.setCurrentWidget(self.notes_browser)
        self._load_all_notes(self.notes_browser.search_text())
        self._update_actions()

    def _news_chosen(self) -> None:
        self.centre.setCurrentWidget(self.whats_new)
        self._load_changes()
        self._update_actions()

    def _load_changes(self) -> None:
        library = self.library
        self.runner.read(lambda: library.changes(limit=500), self.whats_new.set_changes)

    def _load_all_notes(self, search: str) -> None:
        library = self.library
        self.runner.read(
            lambda: library.notes(search=search or None, newest_first=True),
            lambda notes: self.notes_browser.set_notes(notes, searched=search),
        )

    def _open_show_from_note(self, show_id: int, _note_id: int) -> None:
        self.sidebar.choose_status(None)
        if self.show_list.select_show(show_id):
            self.show_list.view.setFocus()

    def focus_filter(self) -> None:
        if self.centre.currentWidget() is self.notes_browser:
            self.notes_browser.search.setFocus()
            self.notes_browser.search.selectAll()
            return
        self.show_list.filter.setFocus()
        self.show_list.filter.selectAll()

    def _update_actions(self) -> None:
        has_show = self.show_list.selected_show_id() is not None
        in_list = self.centre.currentWidget() is self.show_list
        self.edit_action.setEnabled(has_show)
        self.remove_action.setEnabled(has_show and in_list)
        online = not self.sync.offline
        self.welcome.set_online(online)
        for action in (self.tvmaze_action, self.sync_action, self.full_sync_action):
            action.setEnabled(
                online and not (action is not self.tvmaze_action and self.sync.syncing)
            )
        offline_tip = self.tr("Offline mode is on: Watchlist does not use the network.")
        self.sync_action.setToolTip(
            offline_tip if not online else self.tr("Bring synced shows up to date with TVmaze (F5)")
        )

    # -- writes ---------------------------------------------------------------------------

    def _write(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        def done(result: Any) -> None:
            self._write_ended()
            on_done(result)
            self.writeFinished.emit()

        def failed(error: BaseException) -> None:
            self._write_ended()
            if on_error is not None:
                on_error(error)
            self.show_error(error)
            self.writeFinished.emit()

        self._pending_writes += 1
        self.welcome.set_busy(True)  # no second import of the sample while one runs
        self.runner.write(work, done, failed)

    def _write_ended(self) -> None:
        """Background reads never disable the welcome buttons: only a pending write does."""
        self._pending_writes -= 1
        self.welcome.set_busy(self._pending_writes > 0)

    def add_show(self) -> None:
        dialog = AddShowDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        new: NewShow = dialog.new_show()
        library = self.library

        def added(show_id: int) -> None:
            self.statusBar().showMessage(self.tr("Added “{title}”").format(title=new.title), 5000)
            self.sidebar.choose_status(None)
            self.show_list.filter.clear()
            self.reload(select=show_id)

        self._write(lambda: library.add_show(new), added)

    def edit_selected(self) -> None:
        show_id = self.show_list.selected_show_id()
        if show_id is None:
            return
        dialog = EditShowDialog(self.library.show(show_id), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            changes = dialog.changes()
            if changes.given():
                self._edit_show(show_id, changes)

    def _edit_show(self, show_id: int, changes: ShowChanges) -> None:
        library = self.library
        self._write(
            lambda: library.edit_show(show_id, changes),
            lambda _detail: self._refresh_show(show_id),
            lambda _error: self._refresh_show(show_id),
        )

    def _mark_episodes(
        self, show_id: int, reference: EpisodeReference, up_to: bool, watched: bool
    ) -> None:
        """Mark episodes on the writer; the list row and the detail pane follow once done."""
        library, today = self.library, self.today()

        def marked(result: MarkResult) -> None:
            if result.status_changed:
                message = self.tr("“{title}” is now {status}").format(
                    title=result.show_title, status=self.tr(result.watch_status.label)
                )
            else:
                if up_to:
                    message = self.tr("Marked everything up to {episode} watched")
                elif watched:
                    message = self.tr("Marked {episode} watched")
                else:
                    message = self.tr("Marked {episode} unwatched")
                message = message.format(episode=reference.label)
            self.statusBar().showMessage(message, 5000)
            self._refresh_show(show_id)

        self._write(
            lambda: mark_watched(
                library, show_id, reference, up_to=up_to, watched=watched, today=today
            ),
            marked,
            lambda _error: self._refresh_show(show_id),
        )

    def remove_selected(self) -> None:
        show_id = self.show_list.selected_show_id()
        if show_id is None:
            return
        preview = self.library.removal_preview(show_id)
        if preview.note_count == 1:
            question = self.tr(
                "Remove “{title}”? Its note will be deleted too. This cannot be undone."
            ).format(title=preview.title)
        elif preview.note_count:
            question = self.tr(
                "Remove “{title}”? Its {count} notes will be deleted too. This cannot be undone."
            ).format(title=preview.title, count=preview.note_count)
        else:
            question = self.tr("Remove “{title}”? This cannot be undone.").format(
                title=preview.title
            )
        if not messages.confirm(self, self.tr("Remove show"), question, self.tr("Remove show")):
            return
        library = self.library

        def removed(result: RemovedShow) -> None:
            self.model.remove(result.id)
            self._removed_ids.add(result.id)  # a reload still reading has it: not shown again
            self._note_count = max(0, self._note_count - result.note_count)
            self.statusBar().showMessage(
                self.tr("Removed “{title}”").format(title=result.title), 5000
            )
            if self.model.rowCount() == 0:
                self.pages.setCurrentWidget(self.welcome)
            self._update_counts()
            self._recount_first_page()
            self._upcoming_refresh.start()

        self._write(lambda: library.remove_show(show_id), removed)

    def _post_note(self, show_id: int, text: str, reference: EpisodeReference | None) -> None:
        library = self.library

        def posted(note: NoteView) -> None:
            self.notes.note_added(note)
            self._note_count = self._note_count + 1
            self._update_counts()

        def failed(_error: BaseException) -> None:
            self.notes.post_failed(show_id)  # the text goes back to its own show's composer
            summary = self.model.summary(show_id)
            self.statusBar().showMessage(
                self.tr("Your note about “{title}” was not saved; its text is back in the "
                        "composer of that show.").format(title=summary.title if summary else "")
            )  # fmt: skip

        self._write(lambda: library.add_note(show_id, text, reference=reference), posted, failed)

    def _edit_note(self, note_id: int, text: str, reference: Any = UNSET) -> None:
        """Replace a note's text and (unless UNSET) what it is about."""
        library = self.library
        self._write(lambda: library.edit_note(note_id, text, reference=reference),
                    self.notes.note_changed)  # fmt: skip

    def _tie_note(self, note_id: int, reference: EpisodeReference | None) -> None:
        library = self.library
        self._write(lambda: library.set_note_reference(note_id, reference),
                    self.notes.note_changed)  # fmt: skip

    def _pin_note(self, note_id: int, pinned: bool) -> None:
        library = self.library
        self._write(lambda: library.pin_note(note_id, pinned), self.notes.note_changed)

    def export_notes(self, show_id: int) -> None:
        """Write a show's notes as Markdown to a file the user picks (off the GUI thread)."""
        title = self.library.show(show_id).title
        name = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or "notes"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export notes as Markdown"), str(Path.home() / f"{name} notes.md"),
            self.tr("Markdown (*.md);;All files (*)"),
        )  # fmt: skip
        if not path:
            return
        target, library = Path(path), self.library

        def export() -> Path:
            write_atomically(target, export_notes_markdown(library, show_id))
            return target

        self.runner.read(
            export,
            lambda written: self.statusBar().showMessage(
                self.tr("Exported the notes of “{title}” to {path}").format(
                    title=title, path=written
                ), 10_000,
            ),
            self.show_error,
        )  # fmt: skip

    def _delete_note(self, note_id: int) -> None:
        library = self.library

        def deleted(_result: None) -> None:
            self.notes.note_deleted(note_id)
            self._note_count = max(0, self._note_count - 1)
            self._update_counts()

        self._write(lambda: library.delete_note(note_id), deleted)

    def import_sample(self) -> None:
        self._import_path(sample_library_path())

    def import_library(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a Watchlist export"), str(Path.home()),
            self.tr("Watchlist export (*.json);;All files (*)"),
        )  # fmt: skip
        if path:
            self._import_path(Path(path))

    def _import_path(self, path: Path) -> None:
        library = self.library

        def imported(report: ImportReport) -> None:
            self.statusBar().showMessage(report.summary(), 10_000)
            self.reload()

        self._write(lambda: import_file(library, path), imported)

    def _tracker_imported(self, report: TrackerImportReport) -> None:
        """Reload the list after an import from another tracker, selecting a show it added."""
        self.statusBar().showMessage(report.summary(), 15_000)
        added = [outcome.show_id for outcome in report.outcomes if outcome.show_id is not None]
        if added:
            self.sidebar.choose_status(None)
            self.show_list.filter.clear()
        self.reload(select=added[0] if added else None)

    def export_library(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export the library"), str(Path.home() / "watchlist-export.json"),
            self.tr("Watchlist export (*.json);;Show list as CSV (*.csv)"),
        )  # fmt: skip
        if not path:
            return
        target = Path(path)
        as_csv = target.suffix.lower() == ".csv" or "csv" in chosen.lower()
        library = self.library

        def export() -> Path:
            text = export_csv(library) if as_csv else export_json(library)
            write_atomically(target, text)
            return target

        self.runner.read(
            export,
            lambda written: self.statusBar().showMessage(
                self.tr("Exported to {path}").format(path=written), 10_000
            ),
            self.show_error,
        )

    # -- TVmaze ---------------------------------------------------------------------------

    def add_from_tvmaze(self) -> None:
        if self.sync.offline:
            self.banner.show_message(
                self.tr("Offline mode is on, so TVmaze cannot be searched. Turn off "
                        "File → Work offline to add shows from TVmaze."),
                can_retry=False,
            )  # fmt: skip
            return
        dialog = TvmazeDialog(self.sync, self)
        dialog.showAdded.connect(self._show_added_from_tvmaze)
        dialog.alreadyInLibrary.connect(self._select_existing)
        dialog.exec()

    def find_on_tvmaze(self, show_id: int) -> None:
        """Link a show added by hand (or imported) to the TVmaze show the user picks."""
        if self.sync.offline:
            self.banner.show_message(
                self.tr("Offline mode is on, so TVmaze cannot be searched. Turn off "
                        "File → Work offline to find this show on TVmaze."),
                can_retry=False,
            )  # fmt: skip
            return
        try:
            show = self.library.show(show_id)
        except WatchlistError as error:
            self.show_error(error)
            return
        dialog = TvmazeDialog(self.sync, self, link_to=LinkTarget(show.id, show.title))
        dialog.showLinked.connect(self._show_linked)
        dialog.exec()

    def _show_linked(self, show_id: int) -> None:
        self.statusBar().showMessage(self.tr("Linked to TVmaze"), 5000)
        self._refresh_show(show_id)

    def _show_added_from_tvmaze(self, show_id: int) -> None:
        self.statusBar().showMessage(self.tr("Added from TVmaze"), 5000)
        self.sidebar.choose_status(None)
        self.show_list.filter.clear()
        self.reload(select=show_id)

    def _select_existing(self, show_id: int) -> None:
        self.sidebar.choose_status(None)
        self.show_list.filter.clear()
        self.show_list.select_show(show_id)

    def sync_all(self, *, full: bool = False) -> None:
        self._last_sync_ids = None
        self._last_sync_full = full
        self.banner.hide()
        self.sync.sync(full=full)

    def _retry_sync(self) -> None:
        ids = self._last_sync_ids
        self.banner.hide()
        self.sync.sync(ids, full=self._last_sync_full)

    def _sync_started(self) -> None:
        self.sync_label.setText(self.tr("Checking TVmaze for changes…"))
        self.sync_progress.setRange(0, 0)
        for widget in (self.sync_label, self.sync_progress, self.sync_cancel):
            widget.setVisible(True)
        self._update_actions()

    def _sync_progressed(self, progress: SyncProgress) -> None:
        self.sync_progress.setRange(0, max(progress.total, 1))
        self.sync_progress.setValue(progress.done)
        if progress.title:
            self.sync_label.setText(self.tr("Syncing “{title}” ({number} of {total})…").format(
                title=progress.title, number=progress.done + 1, total=progress.total
            ))  # fmt: skip

    def _show_landed(self, outcome: ShowOutcome) -> None:
        if outcome.kind.value in ("updated", "gone"):
            self._refresh_show(outcome.show_id)

    def _sync_ended(self) -> None:
        for widget in (self.sync_label, self.sync_progress, self.sync_cancel):
            widget.setVisible(False)
        self._update_actions()

    def _sync_finished(self, report: SyncReport) -> None:
        self._sync_ended()
        self.statusBar().showMessage(report.summary(), 15_000)
        if report.stopped:
            self.banner.show_message(
                self.tr("Sync stopped: {reason}").format(reason=report.stopped)
            )
        elif report.failed:
            failures = "; ".join(f"{o.title}: {o.message}" for o in report.failed[:3])
            more = len(report.failed) - 3
            if more > 0:
                failures += self.tr(" (and {count} more)").format(count=more)
            self._last_sync_ids = [outcome.show_id for outcome in report.failed]
            self.banner.show_message(
                self.tr("{count} show(s) could not be synced. {failures}").format(
                    count=len(report.failed), failures=failures
                )
            )
        if self.detail.show_id is not None:
            self._display_show(self.detail.show_id)
        if self.centre.currentWidget() is self.whats_new:
            self._load_changes()
        self._upcoming_refresh.start()

    def _sync_failed(self, error: BaseException) -> None:
        self._sync_ended()
        if isinstance(error, WatchlistError):
            self.banner.show_message(self.tr("Sync failed: {reason}").format(reason=error),
                                     can_retry=not self.sync.offline)  # fmt: skip
        else:
            self.show_error(error)

    def _offline_toggled(self, offline: bool) -> None:
        self.sync.set_user_offline(offline)
        self.ui_state.setValue("workOffline", offline)
        self._update_actions()

    # -- upcoming, calendar, preferences -------------------------------------------------

    def _upcoming_chosen(self) -> None:
        self.centre.setCurrentWidget(self.upcoming)
        self._load_upcoming()
        self._update_actions()

    def _load_upcoming_if_shown(self) -> None:
        if self.centre.currentWidget() is self.upcoming:
            self._load_upcoming()

    def _load_upcoming(self) -> None:
        """Read the followed shows' upcoming dates off the GUI thread; the newest read wins."""
        library, today = self.library, self.today()
        self._upcoming_loads += 1
        load = self._upcoming_loads

        def loaded(items: list[UpcomingItem]) -> None:
            if load == self._upcoming_loads:
                self.upcoming.set_items(items, today)

        self.runner.read(lambda: upcoming(library, today), loaded)

    def _upcoming_show_selected(self, show_id: int) -> None:
        """Show an upcoming item's show in the detail pane, selected in the (hidden) list."""
        if self.show_list.selected_show_id() == show_id:
            return
        if not self.show_list.select_show(show_id):
            self.show_list.filter.clear()
            self.show_list.set_watch_filter(None)
            self.show_list.select_show(show_id)

    def export_calendar_file(self) -> None:
        """Ask where, then write the calendar off the GUI thread; the banner says how it went."""
        state = self.ui_state
        saved = state.value("calendarPath")
        path = Path(saved) if isinstance(saved, str) and saved else Path.home() / "watchlist.ics"
        estimates = str(state.value("calendarEstimates", "false")).lower() == "true"
        dialog = CalendarExportDialog(path, estimates=estimates, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        target, estimates = dialog.chosen_path(), dialog.include_estimates()
        state.setValue("calendarPath", str(target))
        state.setValue("calendarEstimates", estimates)
        library, today = self.library, self.today()

        def export() -> int:
            from watchlist.store.calendar import export_calendar

            text = export_calendar(library, today=today, estimates=estimates)
            write_atomically(target, text)
            return text.count("BEGIN:VEVENT")

        def written(events: int) -> None:
            template = (
                self.tr("Calendar written to {path}: 1 event.")
                if events == 1
                else self.tr("Calendar written to {path}: {count} events.")
            )
            self.banner.show_message(template.format(path=target, count=events),
                                     can_retry=False, tone="info")  # fmt: skip

        def failed(error: BaseException) -> None:
            if not isinstance(error, WatchlistError):
                self.show_error(error)
                return
            self.banner.show_message(
                self.tr("The calendar was not written. {reason}").format(reason=error),
                can_retry=False,
            )

        self.runner.read(export, written, failed)

    def edit_preferences(self) -> None:
        dialog = PreferencesDialog(self.preferences, offline=self.sync.offline, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.preferences = dialog.preferences()
        self.preferences.save(self.ui_state)
        self.automation.apply(self.preferences)

    def _notification_activated(self) -> None:
        self.bring_to_front()
        if self.pages.currentWidget() is self.splitter:
            self.sidebar.choose_news()

    # -- backups --------------------------------------------------------------------------

    def back_up_now(self, then: Callable[[], None] | None = None) -> None:
        settings = self.settings

        def done(backup: BackupFile) -> None:
            self.statusBar().showMessage(
                self.tr("Backed up to {path}").format(path=backup.path), 10_000
            )
            if then is not None:
                then()

        self.runner.read(
            lambda: take_backup(settings.database_path, settings.backups_dir, BackupKind.MANUAL),
            done,
            self.show_error,
        )

    def show_backups(self) -> None:
        """The backups dialog: built once and refreshed on every opening, so a backup finishing
        after it was closed still has a live dialog to refresh."""
        dialog = self._backup_dialog
        if dialog is None:
            dialog = self._backup_dialog = BackupDialog(self.settings, self)
            dialog.backupRequested.connect(lambda: self.back_up_now(dialog.refresh))
            dialog.restoreRequested.connect(lambda backup: self._restore(backup, dialog))
        else:
            dialog.refresh()
        dialog.exec()

    def _restore(self, backup: BackupFile, dialog: QDialog) -> None:
        settings = self.settings

        def restored(_kept: object) -> None:
            dialog.accept()
            self.statusBar().showMessage(
                self.tr("Restored the library from {path}").format(path=backup.path.name), 10_000
            )
            self.reload()

        self._write(
            lambda: restore_backup(backup.path, settings.database_path, settings.backups_dir),
            restored,
        )

    # -- messages -------------------------------------------------------------------------

    def show_error(self, error: BaseException) -> None:
        """An expected failure as a plain message; a bug as an apology with the log's place."""
        if self._closing:  # work the closing stopped: no dialog may hold the exit
            log.info("After closing: %s", shortened(str(error), 300))
            return
        if isinstance(error, WatchlistError):
            QMessageBox.warning(self, self.tr("Watchlist"), str(error))
            return
        from watchlist.applog import current_log_file

        log.error("Unexpected error", exc_info=(type(error), error, error.__traceback__))
        where = current_log_file()
        detail = self.tr("Details were written to {path}.").format(path=where) if where else ""
        QMessageBox.critical(
            self,
            self.tr("Watchlist"),
            self.tr("Something went wrong: {error}. {detail}").format(error=error, detail=detail),
        )

    def bring_to_front(self) -> None:
        """Raise the window when another start of Watchlist asks for it."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def show_about(self) -> None:
        AboutDialog(self.settings, self).exec()

    # -- state ----------------------------------------------------------------------------

    def _saved_selection(self) -> int | None:
        value = self.ui_state.value("selectedShow")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def restore_state(self) -> None:
        state = self.ui_state
        geometry = state.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        for key, splitter in (("mainSplitter", self.splitter), ("rightSplitter", self.right)):
            value = state.value(key)
            if isinstance(value, QByteArray):
                splitter.restoreState(value)
            elif splitter is self.splitter:
                splitter.setSizes([150, 640, 490])
            else:
                splitter.setSizes([520, 280])
        # "2": the list gained the Up next column; a layout saved for the old columns would
        # be applied to the wrong ones, so it is left unused once.
        header = state.value("showListHeader2")
        if isinstance(header, QByteArray):
            self.show_list.view.horizontalHeader().restoreState(header)
        if self.sync.forced_offline:
            self.offline_action.setChecked(True)
            self.offline_action.setEnabled(False)
            self.offline_action.setToolTip(
                self.tr("Offline mode was set by --offline or WATCHLIST_OFFLINE.")
            )
        else:
            self.offline_action.setChecked(
                str(state.value("workOffline", "false")).lower() == "true"
            )
        watch = state.value("watchFilter")
        if isinstance(watch, str) and watch in {status.value for status in WatchStatus}:
            self.sidebar.choose_status(WatchStatus(watch))
        estimates = str(state.value("upcomingEstimates", "true")).lower() == "true"
        self.upcoming.estimates.setChecked(estimates)

    def save_state(self) -> None:
        state = self.ui_state
        state.setValue("geometry", self.saveGeometry())
        state.setValue("mainSplitter", self.splitter.saveState())
        state.setValue("rightSplitter", self.right.saveState())
        state.setValue("showListHeader2", self.show_list.view.horizontalHeader().saveState())
        selected = self.show_list.selected_show_id()
        state.setValue("selectedShow", selected if selected is not None else "")
        key = self.sidebar.current_key()
        state.setValue("watchFilter", key if self.sidebar.is_list_key(key) and key != "all" else "")
        state.setValue("upcomingEstimates", self.upcoming.estimates.isChecked())
        state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self.save_state()
        # Stops the sync and every request to TVmaze in flight at once (a slow server included),
        # so the wait below is for database work only.
        self.sync.close()
        self.tracker_import.cancel()
        self.stop_loading_list()
        self._reload_generation += 1  # reads landing after this are for a closed window
        self.runner.wait_for_all()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            QTimer.singleShot(0, self._refresh_icons)
        super().changeEvent(event)

    def _refresh_icons(self) -> None:
        for action, factory in self._icon_factories.items():
            action.setIcon(factory())
        self.sidebar.refresh_icons()
        self.upcoming.refresh_icons()
        self.model.refresh_decorations()
        if self.detail.show_id is not None:
            self._display_show(self.detail.show_id)
