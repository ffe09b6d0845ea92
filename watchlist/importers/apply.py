"""Writing a confirmed import preview into the library, show by show, and reporting on it.

Each show is written in its own transaction: a show added by hand together with its watched
episodes and notes; a TVmaze match first as TVmaze describes it (one fetch and merge, as "add
from TVmaze" does), then the user's watched episodes, status, rating and notes. Shows are not
written in one transaction for all because a match needs a request to TVmaze, and holding the
library's write lock through minutes of requests would stall the window. A failure (or the
network going away) therefore leaves the shows before it imported and says which failed;
importing the same export again adds nothing twice, since those are then in the library.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, date
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from watchlist.core.errors import WatchlistError
from watchlist.core.progress import (
    EpisodeState,
    SeasonFacts,
    ShowProgress,
    automatic_watch_status,
    show_progress,
)
from watchlist.core.status import RenewalStatus, ShowStatus, WatchStatus
from watchlist.importers.candidates import ImportCandidate, ImportSource
from watchlist.importers.preview import ImportPreview, PlanKind, PlannedImport, selected_items
from watchlist.store import validation
from watchlist.store.errors import LibraryError
from watchlist.store.library import Library
from watchlist.store.models import Episode, Note, Season, Show
from watchlist.store.views import EditableField
from watchlist.sync.errors import (
    AlreadyInLibraryError,
    NetworkError,
    OfflineError,
    RateLimitedError,
)

if TYPE_CHECKING:  # the service brings requests: not imported at start-up for a type
    from watchlist.sync.service import SyncService

log = logging.getLogger(__name__)

ApplyProgress = Callable[[int, int, str], None]  # done, total, title being written


class ImportOutcomeKind(StrEnum):
    ADDED_FROM_TVMAZE = "added_from_tvmaze"
    ADDED_MANUALLY = "added_manually"
    IN_LIBRARY = "in_library"
    SKIPPED = "skipped"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    ImportOutcomeKind.ADDED_FROM_TVMAZE: "added from TVmaze",
    ImportOutcomeKind.ADDED_MANUALLY: "added by hand",
    ImportOutcomeKind.IN_LIBRARY: "already in library",
    ImportOutcomeKind.SKIPPED: "skipped",
    ImportOutcomeKind.FAILED: "failed",
}


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What the import did with one show."""

    title: str
    kind: ImportOutcomeKind
    message: str = ""
    show_id: int | None = None
    episodes_marked: int = 0
    episodes_missing: int = 0  # watched in the other tracker, not listed by TVmaze


@dataclass(frozen=True, slots=True)
class TrackerImportReport:
    """What an import from another tracker did, show by show."""

    source: ImportSource
    outcomes: tuple[ImportOutcome, ...]
    cancelled: bool = False

    def count(self, kind: ImportOutcomeKind) -> int:
        return sum(1 for outcome in self.outcomes if outcome.kind is kind)

    @property
    def ok(self) -> bool:
        return self.count(ImportOutcomeKind.FAILED) == 0

    def summary(self) -> str:
        """ "From TV Time: 9 added from TVmaze, 2 added by hand, ...; 340 episodes marked"."""
        parts = ", ".join(f"{self.count(kind)} {kind.label}" for kind in ImportOutcomeKind)
        marked = sum(outcome.episodes_marked for outcome in self.outcomes)
        text = f"From {self.source.label}: {parts}; {marked} episodes marked watched"
        if self.cancelled:
            text += " (cancelled before the end)"
        return text


def apply_import(
    library: Library,
    preview: ImportPreview,
    *,
    service: SyncService | None,
    selected: Collection[int] | None = None,
    today: date | None = None,
    progress: ApplyProgress | None = None,
    cancel: threading.Event | None = None,
) -> TrackerImportReport:
    """Write the ``selected`` items of a preview (all when None); ``service`` fetches matches.

    Without a service (offline) a TVmaze match is added by hand instead, keeping its ids.
    """
    day = today or library.now().astimezone().date()
    items = selected_items(preview, selected)
    outcomes: list[ImportOutcome] = []
    network_problem: str | None = None
    cancelled = False
    for done, item in enumerate(items):
        if cancel is not None and cancel.is_set():
            cancelled = True
            break
        if progress is not None:
            progress(done, len(items), item.candidate.title)
        outcome, problem = _apply_one(library, item, service, network_problem, day)
        network_problem = network_problem or problem
        outcomes.append(outcome)
    if progress is not None and not cancelled:
        progress(len(items), len(items), "")
    report = TrackerImportReport(preview.source, tuple(outcomes), cancelled)
    log.info("Import: %s", report.summary())
    return report


def _apply_one(
    library: Library,
    item: PlannedImport,
    service: SyncService | None,
    network_problem: str | None,
    today: date,
) -> tuple[ImportOutcome, str | None]:
    """Write one item; the second value says the network is gone for the matches after it."""
    candidate = item.candidate
    if item.kind is PlanKind.IN_LIBRARY:
        return ImportOutcome(
            candidate.label, ImportOutcomeKind.IN_LIBRARY, item.reason, item.show_id
        ), None
    if item.kind in (PlanKind.SKIPPED, PlanKind.LOOKUP):
        return ImportOutcome(candidate.label, ImportOutcomeKind.SKIPPED, item.reason), None
    try:
        if item.kind is PlanKind.MATCHED and item.tvmaze_id is not None and service is not None:
            if network_problem is not None:
                message = f"Not added: {network_problem}"
                return ImportOutcome(candidate.label, ImportOutcomeKind.FAILED, message), None
            return _add_from_tvmaze(library, service, item.tvmaze_id, candidate, today), None
        return _add_by_hand(library, candidate, today), None
    except AlreadyInLibraryError as error:
        return ImportOutcome(
            candidate.label, ImportOutcomeKind.IN_LIBRARY, str(error), error.show_id
        ), None
    except (NetworkError, RateLimitedError, OfflineError) as error:
        return ImportOutcome(candidate.label, ImportOutcomeKind.FAILED, str(error)), str(error)
    except WatchlistError as error:
        log.warning("Import of %r failed: %s", candidate.label, error)
        return ImportOutcome(candidate.label, ImportOutcomeKind.FAILED, str(error)), None
    except Exception as error:  # one odd entry must not stop the shows after it
        log.exception("Import of %r failed", candidate.label)
        message = f"Not added: {type(error).__name__}: {error}"
        return ImportOutcome(candidate.label, ImportOutcomeKind.FAILED, message), None


def _add_from_tvmaze(
    library: Library,
    service: SyncService,
    tvmaze_id: int,
    candidate: ImportCandidate,
    today: date,
) -> ImportOutcome:
    show_id = service.add_show(tvmaze_id)
    try:
        with library.writing() as session:
            show = session.get(Show, show_id)
            assert show is not None
            marked, missing = _apply_user_data(session, show, candidate, today, manual=False)
            title = show.title
    except Exception as error:  # the show is in (its own transaction); the rest was rolled back
        log.exception("Import of %r: the user's data was not saved", candidate.label)
        return ImportOutcome(
            candidate.label,
            ImportOutcomeKind.ADDED_FROM_TVMAZE,
            "Added from TVmaze, but the watched episodes, status, rating and notes from the "
            f"export were not saved ({error}); add them by hand.",
            show_id,
        )
    message = f"{missing} watched episode(s) TVmaze does not list were left out" if missing else ""
    return ImportOutcome(
        title,
        ImportOutcomeKind.ADDED_FROM_TVMAZE,
        message,
        show_id,
        episodes_marked=marked,
        episodes_missing=missing,
    )


def implied_seasons(candidate: ImportCandidate) -> list[Season]:
    """The seasons a show added by hand has by the episodes watched in it, so that its page
    never says "0 seasons" beside "8 of 8 watched": each as long as its last watched episode,
    with no date (the export gives none; TVmaze fills them in once the show is linked)."""
    lengths: dict[int, int] = {}
    for reference in candidate.watched:
        if reference.season >= 1 and reference.episode is not None:
            lengths[reference.season] = max(lengths.get(reference.season, 0), reference.episode)
    return [
        Season(number=number, name="", episode_count=count)
        for number, count in sorted(lengths.items())
    ]


def _add_by_hand(library: Library, candidate: ImportCandidate, today: date) -> ImportOutcome:
    now = library.now()
    with library.writing() as session:
        _check_ids_free(session, candidate)
        show = Show(
            title=validation.clean_title(candidate.title or candidate.label),
            imdb_id=candidate.imdb,
            thetvdb_id=candidate.thetvdb,
            genres=[],
            synopsis="",
            synopsis_html="",
            provider_status=ShowStatus.UNKNOWN,
            renewal_status=RenewalStatus.UNKNOWN,
            watch_status=WatchStatus.PLAN_TO_WATCH,
            added_at=now,
            updated_at=now,
            user_edited=[],
            seasons=implied_seasons(candidate),
            episodes=[],
        )
        session.add(show)
        session.flush()
        marked, _missing = _apply_user_data(session, show, candidate, today, manual=True)
        show_id = show.id
    return ImportOutcome(
        candidate.label, ImportOutcomeKind.ADDED_MANUALLY, "", show_id, episodes_marked=marked
    )


def _check_ids_free(session: Session, candidate: ImportCandidate) -> None:
    for column, value in ((Show.imdb_id, candidate.imdb), (Show.thetvdb_id, candidate.thetvdb)):
        if value is not None and session.scalar(select(Show.id).where(column == value)):
            raise LibraryError(f"Another show of your library already has the id {value}.")


def _keeps_own_title(candidate: ImportCandidate, tvmaze_title: str) -> bool:
    """True for a show the export names in the user's language, unlike TVmaze."""
    return bool(
        candidate.lookup_title
        and candidate.title
        and candidate.title.casefold() != tvmaze_title.casefold()
    )


def _apply_user_data(
    session: Session, show: Show, candidate: ImportCandidate, today: date, *, manual: bool
) -> tuple[int, int]:
    """Watched episodes, watch status, rating and notes; returns (marked, missing episodes)."""
    episodes = list(session.scalars(select(Episode).where(Episode.show_id == show.id)))
    rows: dict[tuple[int, int], Episode] = {
        (e.season_number, e.number): e for e in episodes if e.number is not None
    }
    marked = missing = 0
    for reference in candidate.watched:
        if reference.episode is None:
            continue
        key = (reference.season, reference.episode)
        row = rows.get(key)
        if row is None and manual:
            row = Episode(
                show_id=show.id, season_number=key[0], number=key[1], title="", watched=False
            )
            session.add(row)
            rows[key] = row
        if row is None:
            missing += 1
        elif not row.watched:
            row.watched = True
            marked += 1
    if not manual and _keeps_own_title(candidate, show.title):
        # The export's title is the user's (IMDb in their language), TVmaze's the original:
        # the user's stays, as if they had renamed the show, so syncing keeps it too.
        show.title = validation.clean_title(candidate.title)
        show.user_edited = sorted({*(show.user_edited or ()), EditableField.TITLE.value})
    status = candidate.watch_status or show.watch_status
    # The export's own "dropped" or "on hold" is the user's word: watching the last aired
    # episode completes only a show being watched (or not yet started).
    automatic = candidate.watch_status in (None, WatchStatus.PLAN_TO_WATCH, WatchStatus.WATCHING)
    if candidate.watched and automatic:
        session.flush()
        seasons = session.scalars(select(Season).where(Season.show_id == show.id))
        after = show_progress(
            [SeasonFacts(s.number, s.premiere_date, s.episode_count) for s in seasons],
            [
                EpisodeState(e.season_number, e.number, e.airdate, e.watched)
                for e in rows.values()
                if e.number is not None
            ],
            today,
        )
        status = automatic_watch_status(status, ShowProgress(), after, user_set=False) or status
    show.watch_status = status
    if candidate.rating is not None:
        show.rating = validation.check_rating(candidate.rating)
    known = {note.body for note in session.scalars(select(Note).where(Note.show_id == show.id))}
    for text in candidate.notes:
        try:
            body = validation.clean_note_body(text.body)
        except LibraryError as error:
            log.info("Import: a note of %r was left out: %s", show.title, error)
            continue
        if body not in known:
            known.add(body)
            created = text.created_at or show.added_at
            if created.tzinfo is None:  # an export without a time zone: take it as UTC
                created = created.replace(tzinfo=UTC)
            session.add(Note(show_id=show.id, body=body, created_at=created))
    return marked, missing
