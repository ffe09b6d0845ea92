"""Matching import candidates to TVmaze and to the library, without writing anything.

A candidate already in the library (same TVmaze, IMDb or TheTVDB id, or the same title and
year) is left alone. Otherwise, online, it is looked up on TVmaze by IMDb id, then TheTVDB id;
one TVmaze knows is "matched" and will be added with TVmaze's seasons and episodes. The rest,
and everything when offline, will be added by hand ("manual"), keeping their ids so a later
``watchlist add --tvmaze`` links them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select

from watchlist.core.records import ShowRecord
from watchlist.importers.candidates import ImportCandidate, ImportSource, ParsedExport
from watchlist.store.library import Library
from watchlist.store.models import Show
from watchlist.sync.errors import NetworkError, OfflineError, ProviderError, RateLimitedError
from watchlist.sync.provider import Provider

log = logging.getLogger(__name__)

LookupProgress = Callable[[int, int, str], None]  # done, total, title being looked up


class PlanKind(StrEnum):
    """What applying the import will do with a candidate."""

    MATCHED = "matched"  # add from TVmaze
    MANUAL = "manual"  # add by hand
    IN_LIBRARY = "in_library"  # already there: left alone
    SKIPPED = "skipped"  # not a show, or the same show twice in the export

    @property
    def label(self) -> str:
        return _PLAN_LABELS[self]


_PLAN_LABELS = {
    PlanKind.MATCHED: "TVmaze match",
    PlanKind.MANUAL: "add by hand",
    PlanKind.IN_LIBRARY: "already in library",
    PlanKind.SKIPPED: "skipped",
}


@dataclass(frozen=True, slots=True)
class PlannedImport:
    """One candidate and what will become of it."""

    candidate: ImportCandidate
    kind: PlanKind
    reason: str = ""  # how it matched, or why it did not
    tvmaze_id: int | None = None
    matched_title: str | None = None  # TVmaze's title, when matched
    show_id: int | None = None  # the library's show, when already there

    @property
    def will_write(self) -> bool:
        return self.kind in (PlanKind.MATCHED, PlanKind.MANUAL)


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """Everything an import would do; shown to the user before anything is written."""

    source: ImportSource
    items: tuple[PlannedImport, ...]
    lookup_problem: str | None = None  # why TVmaze was not (fully) asked
    cancelled: bool = False

    def count(self, kind: PlanKind) -> int:
        return sum(1 for item in self.items if item.kind is kind)

    def summary(self) -> str:
        """ "12 shows: 9 TVmaze matches, 2 to add by hand, 1 already in library, 0 skipped"."""
        parts = [f"{self.count(kind)} {kind.label}" for kind in PlanKind]
        total = len(self.items)
        return f"{total} show{'s' if total != 1 else ''}: " + ", ".join(parts)


@dataclass(slots=True)
class _LibraryIndex:
    """The library's shows by id and by title, to find candidates that are already there."""

    by_tvmaze: dict[int, tuple[int, str]] = field(default_factory=dict)
    by_imdb: dict[str, tuple[int, str]] = field(default_factory=dict)
    by_thetvdb: dict[int, tuple[int, str]] = field(default_factory=dict)
    by_title: dict[str, list[tuple[int, str, int | None]]] = field(default_factory=dict)

    @classmethod
    def of(cls, library: Library) -> _LibraryIndex:
        index = cls()
        statement = select(
            Show.id, Show.title, Show.tvmaze_id, Show.imdb_id, Show.thetvdb_id, Show.premiered
        )
        with library.reading() as session:
            for row in session.execute(statement):
                year = row.premiered.year if row.premiered else None
                index.add(
                    row.id,
                    row.title,
                    tvmaze=row.tvmaze_id,
                    imdb=row.imdb_id,
                    thetvdb=row.thetvdb_id,
                    year=year,
                )
        return index

    def add(
        self,
        show_id: int,
        title: str,
        *,
        tvmaze: int | None,
        imdb: str | None,
        thetvdb: int | None,
        year: int | None,
    ) -> None:
        entry = (show_id, title)
        if tvmaze is not None:
            self.by_tvmaze.setdefault(tvmaze, entry)
        if imdb:
            self.by_imdb.setdefault(imdb, entry)
        if thetvdb is not None:
            self.by_thetvdb.setdefault(thetvdb, entry)
        self.by_title.setdefault(title.casefold(), []).append((show_id, title, year))

    def find(
        self,
        *,
        title: str,
        year: int | None,
        tvmaze: int | None = None,
        imdb: str | None = None,
        thetvdb: int | None = None,
    ) -> tuple[int, str] | None:
        if tvmaze is not None and tvmaze in self.by_tvmaze:
            return self.by_tvmaze[tvmaze]
        if imdb and imdb in self.by_imdb:
            return self.by_imdb[imdb]
        if thetvdb is not None and thetvdb in self.by_thetvdb:
            return self.by_thetvdb[thetvdb]
        for show_id, found_title, found_year in self.by_title.get(title.casefold(), ()):
            if year is None or found_year is None or year == found_year:
                return show_id, found_title
        return None


def _lookup(provider: Provider, candidate: ImportCandidate) -> tuple[ShowRecord | None, str]:
    """TVmaze's show for a candidate, by IMDb id then TheTVDB id; and how it was found."""
    if candidate.imdb:
        record = provider.lookup(imdb=candidate.imdb)
        if record is not None:
            return record, f"IMDb id {candidate.imdb}"
    if candidate.thetvdb is not None:
        record = provider.lookup(thetvdb=candidate.thetvdb)
        if record is not None:
            return record, f"TheTVDB id {candidate.thetvdb}"
    return None, ""


def _unmatched_reason(candidate: ImportCandidate) -> str:
    ids = [
        f"IMDb id {candidate.imdb}" if candidate.imdb else "",
        f"TheTVDB id {candidate.thetvdb}" if candidate.thetvdb is not None else "",
    ]
    known = " or ".join(text for text in ids if text)
    if not known:
        return "no IMDb or TheTVDB id to look up"
    return f"TVmaze knows no show with {known}"


def preview_import(
    library: Library,
    parsed: ParsedExport,
    *,
    provider: Provider | None,
    progress: LookupProgress | None = None,
    cancel: threading.Event | None = None,
) -> ImportPreview:
    """What importing ``parsed`` would do; asks TVmaze unless ``provider`` is None; writes nothing.

    When TVmaze cannot be reached the remaining candidates are planned as manual and
    ``lookup_problem`` says why, so the preview still shows everything.
    """
    index = _LibraryIndex.of(library)
    planned_tvmaze: dict[int, str] = {}
    planned_titles: set[tuple[str, int | None]] = set()
    problem = None if provider is not None else "Offline: nothing was looked up on TVmaze."
    cancelled = False
    items: list[PlannedImport] = []
    candidates = parsed.candidates
    for done, candidate in enumerate(candidates):
        if cancel is not None and cancel.is_set() and not cancelled:
            cancelled = True
            problem = "Looking shows up on TVmaze was cancelled."
        existing = index.find(
            title=candidate.title,
            year=candidate.year,
            imdb=candidate.imdb,
            thetvdb=candidate.thetvdb,
        )
        if existing is not None:
            items.append(
                PlannedImport(
                    candidate,
                    PlanKind.IN_LIBRARY,
                    f"already in your library as {existing[1]!r}",
                    show_id=existing[0],
                )
            )
            continue
        record: ShowRecord | None = None
        reason = _unmatched_reason(candidate)
        if provider is not None and problem is None and (candidate.imdb or candidate.thetvdb):
            if progress is not None:
                progress(done, len(candidates), candidate.title)
            try:
                record, found_by = _lookup(provider, candidate)
            except (NetworkError, RateLimitedError, OfflineError) as error:
                problem = str(error)
                log.warning("Import lookups stopped: %s", error)
            except ProviderError as error:
                reason = f"TVmaze's answer could not be used: {error}"
            else:
                if record is not None:
                    reason = f"matched by {found_by}"
        elif problem is not None:
            reason = "not looked up on TVmaze"
        items.append(
            _plan(
                candidate,
                record,
                reason,
                index=index,
                planned_tvmaze=planned_tvmaze,
                planned_titles=planned_titles,
            )
        )
    if progress is not None:
        progress(len(candidates), len(candidates), "")
    items += [
        PlannedImport(ImportCandidate(entry.title), PlanKind.SKIPPED, entry.reason)
        for entry in parsed.skipped
    ]
    return ImportPreview(parsed.source, tuple(items), problem, cancelled)


def _plan(
    candidate: ImportCandidate,
    record: ShowRecord | None,
    reason: str,
    *,
    index: _LibraryIndex,
    planned_tvmaze: dict[int, str],
    planned_titles: set[tuple[str, int | None]],
) -> PlannedImport:
    """The plan for a candidate after its lookup, never adding the same show twice."""
    if record is not None and record.external_ids.tvmaze is not None:
        tvmaze_id = record.external_ids.tvmaze
        existing = index.find(
            title="",  # by ids only: TVmaze's title may be another show's
            year=None,
            tvmaze=tvmaze_id,
            imdb=record.external_ids.imdb,
            thetvdb=record.external_ids.thetvdb,
        )
        if existing is not None:
            return PlannedImport(
                candidate,
                PlanKind.IN_LIBRARY,
                f"already in your library as {existing[1]!r}",
                show_id=existing[0],
            )
        if tvmaze_id in planned_tvmaze:
            return PlannedImport(
                candidate,
                PlanKind.SKIPPED,
                f"the same TVmaze show as {planned_tvmaze[tvmaze_id]!r} above",
                tvmaze_id=tvmaze_id,
            )
        planned_tvmaze[tvmaze_id] = candidate.label
        return PlannedImport(
            candidate, PlanKind.MATCHED, reason, tvmaze_id=tvmaze_id, matched_title=record.title
        )
    key = (candidate.title.casefold(), candidate.year)
    if key in planned_titles:
        return PlannedImport(candidate, PlanKind.SKIPPED, "listed twice in the export")
    planned_titles.add(key)
    return PlannedImport(candidate, PlanKind.MANUAL, reason)


def selected_items(preview: ImportPreview, selected: Iterable[int] | None) -> list[PlannedImport]:
    """The items the user kept (by index in ``preview.items``); all of them when None."""
    if selected is None:
        return list(preview.items)
    keep = set(selected)
    return [item for position, item in enumerate(preview.items) if position in keep]
