"""The one object the command line and the window use to search, add from and sync with TVmaze.

A sync is incremental by default: one ``/updates/shows`` request says which shows changed since
they were last checked, and only those are fetched. Each show is merged in its own transaction,
so one failing show leaves its stored data as it was while the others go on. The service opens
its own short sessions through the library, so it may run on a worker thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from watchlist.config import Settings
from watchlist.core.errors import WatchlistError
from watchlist.core.text import quoted
from watchlist.store.errors import LibraryError
from watchlist.store.library import Library
from watchlist.sync.errors import (
    AlreadyInLibraryError,
    NetworkError,
    NotFoundError,
    OfflineError,
    ProviderError,
    RateLimitedError,
    RequestCancelledError,
    ShowGoneError,
)
from watchlist.sync.http import HttpClient, Timeouts
from watchlist.sync.jobs import network_job, pause
from watchlist.sync.merge import (
    MergeResult,
    SyncTarget,
    find_by_tvmaze_id,
    find_unlinked_match,
    mark_checked,
    mark_gone,
    merge_show,
    read_state,
    set_poster_file,
    sync_targets,
    write_state,
)
from watchlist.sync.posters import PosterCache, image_suffix
from watchlist.sync.provider import Provider, SearchResult, UpdatePeriod
from watchlist.sync.ratelimit import Clock, RateLimiter, Sleep
from watchlist.sync.tvmaze import TvmazeProvider

log = logging.getLogger(__name__)

# TVmaze caches answers at its edge for up to an hour, so the updates map may be that stale:
# ask for a period reaching this much further back than the last check.
EDGE_CACHE_MARGIN = timedelta(hours=1)
LAST_SYNC_KEY = "last_sync_at"


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """How far a sync has got: ``done`` of ``total`` shows; ``title`` is the one under way."""

    done: int
    total: int
    title: str


class OutcomeKind(StrEnum):
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class ShowOutcome:
    """What a sync did to one show."""

    show_id: int
    title: str
    kind: OutcomeKind
    message: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a sync did, show by show, and what it cost."""

    outcomes: tuple[ShowOutcome, ...] = ()
    requests: int = 0
    cancelled: bool = False
    stopped: str | None = None  # why the sync gave up early (the network went away)
    full: bool = False
    started_at: datetime | None = None  # by the library's clock: news logged since is this sync's

    def _of(self, kind: OutcomeKind) -> list[ShowOutcome]:
        return [outcome for outcome in self.outcomes if outcome.kind is kind]

    @property
    def updated(self) -> list[ShowOutcome]:
        return self._of(OutcomeKind.UPDATED)

    @property
    def unchanged(self) -> list[ShowOutcome]:
        return self._of(OutcomeKind.UNCHANGED)

    @property
    def failed(self) -> list[ShowOutcome]:
        return self._of(OutcomeKind.FAILED)

    @property
    def gone(self) -> list[ShowOutcome]:
        return self._of(OutcomeKind.GONE)

    @property
    def warnings(self) -> list[tuple[ShowOutcome, str]]:
        return [(outcome, warning) for outcome in self.outcomes for warning in outcome.warnings]

    @property
    def ok(self) -> bool:
        """True when nothing failed and the sync was not stopped by an error."""
        return not self.failed and self.stopped is None

    def summary(self) -> str:
        """ "Synced 12 shows: 3 updated, 8 unchanged, 1 failed"."""
        count = len(self.outcomes)
        text = (
            f"Synced {count} show{'s' if count != 1 else ''}: {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.failed)} failed"
        )
        if self.gone:
            text += f", {len(self.gone)} no longer on TVmaze"
        if self.cancelled:
            text += " (cancelled before the end)"
        return text


@dataclass(slots=True)
class _Plan:
    fetch: list[SyncTarget] = field(default_factory=list)
    unchanged: list[SyncTarget] = field(default_factory=list)


class SyncService:
    """Search, add from and sync with a provider (TVmaze), into a library."""

    def __init__(
        self,
        library: Library,
        provider: Provider,
        *,
        posters: PosterCache | None = None,
        offline: bool = False,
        today: Callable[[], date] | None = None,
    ) -> None:
        self.library = library
        self.provider = provider
        self.posters = posters
        self.offline = offline
        self._today = today or (lambda: library.now().astimezone().date())

    def close(self) -> None:
        self.provider.close()

    def __enter__(self) -> SyncService:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def requests_made(self) -> int:
        return self.provider.requests_made

    def last_sync_time(self) -> datetime | None:
        """When the last sync of the whole library finished without being cut short."""
        value = read_state(self.library, LAST_SYNC_KEY)
        return datetime.fromisoformat(value) if value else None

    # -- search and add -------------------------------------------------------------------

    def search(self, query: str) -> list[SearchResult]:
        """Shows on TVmaze matching ``query``, best first."""
        self._check_online()
        text = " ".join(query.split())
        if not text:
            raise ProviderError("Type part of a title to search for.")
        with network_job():
            return self.provider.search(text)

    def add_show(self, tvmaze_id: int) -> int:
        """Add a TVmaze show with its seasons and poster; returns the library's show id.

        A TVmaze show already in the library raises AlreadyInLibraryError (carrying its id). A
        show of the library not yet linked to TVmaze but with the same IMDb or TheTVDB id (one
        imported or added by hand) is linked and updated instead, keeping its notes and edits.
        """
        self._check_online()
        existing = find_by_tvmaze_id(self.library, tvmaze_id)
        if existing is not None:
            raise AlreadyInLibraryError(
                f"{quoted(existing.title)} is already in your library (id {existing.show_id}).",
                show_id=existing.show_id,
            )
        with network_job():  # one deadline for the show and its poster
            try:
                record = self.provider.fetch_show(tvmaze_id)
            except NotFoundError:
                raise NotFoundError(
                    f"TVmaze has no show with id {tvmaze_id}. 'watchlist search TITLE' finds "
                    "the id."
                ) from None
            match = find_unlinked_match(self.library, record.external_ids)
            result = merge_show(
                self.library,
                record,
                today=self._today(),
                show_id=match.show_id if match else None,
            )
            if match is not None:
                log.info(
                    "Linked %s (id %d) to TVmaze %d", quoted(match.title), match.show_id, tvmaze_id
                )
            for warning in self._update_poster(result):
                log.warning("%s: %s", quoted(result.title), warning)
        return result.show_id

    def link_show(self, show_id: int, tvmaze_id: int) -> int:
        """Link a show added by hand (or imported) to a TVmaze show, and sync it from there.

        TVmaze's seasons, episodes and facts come in as a sync brings them; the show keeps its
        notes, watched episodes, watch status, rating and every field the user edited. A
        TVmaze show already in the library, or a show already linked, is refused.
        """
        self._check_online()
        [target] = sync_targets(self.library, [show_id])
        if target.tvmaze_id is not None:
            raise LibraryError(
                f"{quoted(target.title)} is already linked to TVmaze show {target.tvmaze_id}; "
                "it syncs from there."
            )
        holder = find_by_tvmaze_id(self.library, tvmaze_id)
        if holder is not None:
            raise AlreadyInLibraryError(
                f"TVmaze show {tvmaze_id} is already in your library as {quoted(holder.title)} "
                f"(id {holder.show_id}); a TVmaze show can be linked to one show only.",
                show_id=holder.show_id,
            )
        with network_job():  # one deadline for the show and its poster
            try:
                record = self.provider.fetch_show(tvmaze_id)
            except NotFoundError:
                raise NotFoundError(
                    f"TVmaze has no show with id {tvmaze_id}. 'watchlist search TITLE' finds "
                    "the id."
                ) from None
            result = merge_show(self.library, record, today=self._today(), show_id=show_id)
            log.info("Linked %s (id %d) to TVmaze %d", quoted(target.title), show_id, tvmaze_id)
            for warning in self._update_poster(result):
                log.warning("%s: %s", quoted(result.title), warning)
        return result.show_id

    # -- sync -----------------------------------------------------------------------------

    def sync(
        self,
        show_ids: Sequence[int] | None = None,
        *,
        full: bool = False,
        progress: Callable[[SyncProgress], None] | None = None,
        cancel: threading.Event | None = None,
        landed: Callable[[ShowOutcome], None] | None = None,
    ) -> SyncReport:
        """Bring shows up to date with TVmaze: the named ones, or the whole library.

        Named shows are always fetched; the whole library is synced incrementally unless
        ``full``. ``cancel`` is checked between shows: what was merged stays merged.
        ``landed`` hears about each fetched show as soon as it is merged (or failed).
        """
        self._check_online()
        requests_before = self.provider.requests_made
        started = self.library.now()
        today = self._today()
        targets = sync_targets(self.library, show_ids)
        outcomes: list[ShowOutcome] = []
        if show_ids is not None:
            outcomes += [
                ShowOutcome(
                    target.show_id,
                    target.title,
                    OutcomeKind.FAILED,
                    "Added by hand and not linked to TVmaze, so there is nothing to sync. "
                    "Add it with 'watchlist add --tvmaze ID' to follow it.",
                )
                for target in targets
                if target.tvmaze_id is None
            ]
        linked = [target for target in targets if target.tvmaze_id is not None]
        try:
            with network_job(cancel=cancel):
                plan = self._plan(linked, fetch_all=full or show_ids is not None, now=started)
        except RequestCancelledError:
            log.info("Sync cancelled before any show was fetched")
            return SyncReport(
                outcomes=tuple(outcomes),
                requests=self.provider.requests_made - requests_before,
                cancelled=True,
                full=full,
                started_at=started,
            )
        if plan.unchanged:
            moved = set(
                mark_checked(
                    self.library,
                    [target.show_id for target in plan.unchanged],
                    started,
                    today=today,
                )
            )
            for target in plan.unchanged:
                if target.show_id in moved:  # TVmaze had nothing new, but its dates came
                    outcome = ShowOutcome(
                        target.show_id,
                        target.title,
                        OutcomeKind.UPDATED,
                        "Renewal status brought up to date with the season dates.",
                    )
                    if landed is not None:
                        landed(outcome)
                else:
                    outcome = ShowOutcome(target.show_id, target.title, OutcomeKind.UNCHANGED)
                outcomes.append(outcome)
        cancelled = False
        stopped: str | None = None
        total = len(plan.fetch)
        for done, target in enumerate(plan.fetch):
            if cancel is not None and cancel.is_set():
                cancelled = True
                log.info("Sync cancelled after %d of %d shows", done, total)
                break
            if progress is not None:
                progress(SyncProgress(done, total, target.title))
            try:
                with network_job(cancel=cancel):  # one deadline for the show and its poster
                    outcome, stopped = self._sync_one(target, today)
            except RequestCancelledError:
                cancelled = True
                log.info("Sync cancelled during show %d of %d", done + 1, total)
                break
            outcomes.append(outcome)
            if landed is not None:
                landed(outcome)
            if stopped is not None:
                break
        else:
            if progress is not None:
                progress(SyncProgress(total, total, ""))
        if show_ids is None and not cancelled and stopped is None:
            write_state(self.library, LAST_SYNC_KEY, started.isoformat())
        report = SyncReport(
            outcomes=tuple(outcomes),
            requests=self.provider.requests_made - requests_before,
            cancelled=cancelled,
            stopped=stopped,
            full=full,
            started_at=started,
        )
        log.info("%s; %d requests", report.summary(), report.requests)
        return report

    def _plan(self, targets: list[SyncTarget], *, fetch_all: bool, now: datetime) -> _Plan:
        """Which shows to fetch: all of them, or those the updates map says changed."""
        plan = _Plan()
        if fetch_all:
            plan.fetch = list(targets)
            return plan
        checked: list[SyncTarget] = []
        for target in targets:
            if target.provider_updated is None or target.last_synced_at is None:
                plan.fetch.append(target)  # never synced: nothing to compare with
            else:
                checked.append(target)
        if not checked:
            return plan
        oldest = min(target.last_synced_at for target in checked if target.last_synced_at)
        period = UpdatePeriod.covering(now - oldest + EDGE_CACHE_MARGIN)
        updates = self.provider.changed_since(period)
        for target in checked:
            assert target.tvmaze_id is not None and target.provider_updated is not None
            stamp = updates.get(target.tvmaze_id)
            if stamp is None:
                # Absent from a period's map: unchanged. Absent from the full map: probably
                # deleted upstream, which only fetching it can tell.
                (plan.fetch if period is None else plan.unchanged).append(target)
            elif stamp > target.provider_updated:
                plan.fetch.append(target)
            else:
                plan.unchanged.append(target)
        log.info(
            "Updates since %s: %d of %d synced shows changed",
            period.value if period else "ever",
            len(checked) - len(plan.unchanged),
            len(checked),
        )
        return plan

    def _sync_one(self, target: SyncTarget, today: date) -> tuple[ShowOutcome, str | None]:
        """Fetch and merge one show; the second value says why to stop the whole sync."""
        assert target.tvmaze_id is not None

        def failed(message: str) -> ShowOutcome:
            return ShowOutcome(target.show_id, target.title, OutcomeKind.FAILED, message)

        try:
            record = self.provider.fetch_show(target.tvmaze_id)
            result = merge_show(self.library, record, today=today, show_id=target.show_id)
        except RequestCancelledError:
            raise  # the whole sync stops: not this show's failure
        except ShowGoneError as error:
            return self._gone(target, error), None
        except (NetworkError, RateLimitedError, OfflineError) as error:
            # The network (or TVmaze's patience) is gone for every show, not just this one.
            return failed(str(error)), str(error)
        except WatchlistError as error:
            log.warning("Sync of %s failed: %s", quoted(target.title), error)
            return failed(str(error)), None
        except Exception:
            log.exception("Sync of %s (TVmaze %d) failed", quoted(target.title), target.tvmaze_id)
            return failed("Unexpected error; the details are in Watchlist's log file."), None
        warnings = self._update_poster(result)
        kind = OutcomeKind.UPDATED if result.changed else OutcomeKind.UNCHANGED
        return ShowOutcome(result.show_id, result.title, kind, "", warnings), None

    def _gone(self, target: SyncTarget, error: ShowGoneError) -> ShowOutcome:
        """Keep a show TVmaze no longer has, note it once, and say so."""
        try:
            if mark_gone(self.library, target.show_id):
                log.warning("%s: %s", target.title, error)
        except WatchlistError as failure:
            return ShowOutcome(target.show_id, target.title, OutcomeKind.FAILED, str(failure))
        return ShowOutcome(target.show_id, target.title, OutcomeKind.GONE, str(error))

    def _update_poster(self, result: MergeResult) -> tuple[str, ...]:
        """Make sure the show's poster is on disk; failures are warnings, never the show's."""
        if self.posters is None or not result.poster_url:
            return ()
        key = f"tvmaze-{result.tvmaze_id}"
        try:
            name = self.posters.fetch(result.poster_url, key=key)
            if name != result.poster_file:
                set_poster_file(self.library, result.show_id, name)
                if result.poster_file:
                    self.posters.remove(result.poster_file)
        except WatchlistError as error:
            log.warning("Poster of %s not saved: %s", quoted(result.title), error)
            return (f"Poster not saved: {error}",)
        return ()

    def thumbnail(self, url: str, *, max_bytes: int = 1024 * 1024) -> bytes:
        """A small image (a search result's poster) in memory; JPEG, PNG or WebP only."""
        self._check_online()
        if self.posters is None:
            raise ProviderError("Posters are not available.")
        with network_job():
            data = self.posters.client.download(url, max_bytes=max_bytes, what="poster")
        if image_suffix(data) is None:
            raise ProviderError("The poster is not a JPEG, PNG or WebP image.")
        return data

    def _check_online(self) -> None:
        if self.offline:
            raise OfflineError()


def build_sync_service(
    settings: Settings,
    library: Library,
    *,
    clock: Clock = time.monotonic,
    sleep: Sleep = pause,
    timeouts: Timeouts | None = None,
) -> SyncService:
    """A SyncService for TVmaze at ``settings.tvmaze_url``, posters in the data folder."""
    limiter = RateLimiter(clock=clock, sleep=sleep)
    client = HttpClient(
        settings.tvmaze_url,
        offline=settings.offline,
        limiter=limiter,
        clock=clock,
        sleep=sleep,
        wall_clock=library.now,
        timeouts=timeouts,
    )
    return SyncService(
        library,
        TvmazeProvider(client),
        posters=PosterCache(settings.posters_dir, client),
        offline=settings.offline,
    )
