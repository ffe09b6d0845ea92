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
from dataclasses import dataclass, field, replace
from enum import StrEnum

from sqlalchemy import select

from watchlist.core.records import ShowRecord
from watchlist.importers.candidates import (
    ImportCandidate,
    ImportSource,
    ParsedExport,
    strongest_status,
)
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
    LOOKUP = "lookup"  # named only by an id, offline: needs TVmaze, left out for now
    SKIPPED = "skipped"  # not a show, or the same show twice in the export

    @property
    def label(self) -> str:
        return _PLAN_LABELS[self]


_PLAN_LABELS = {
    PlanKind.MATCHED: "TVmaze match",
    PlanKind.MANUAL: "add by hand",
    PlanKind.IN_LIBRARY: "already in library",
    PlanKind.LOOKUP: "awaiting a TVmaze look-up",
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
    is_show: bool = True  # False for an entry of the export that is not a series (an episode)

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
    movies: int = 0  # movies in the export: counted, never imported
    notes: tuple[str, ...] = ()  # what reading the export found worth saying

    def count(self, kind: PlanKind) -> int:
        """How many of the export's shows (not its other entries) ``kind`` applies to."""
        return sum(1 for item in self.items if item.kind is kind and item.is_show)

    @property
    def shows(self) -> int:
        return sum(1 for item in self.items if item.is_show)

    @property
    def not_series(self) -> int:
        """Entries of the export that are neither a series nor a movie (an episode, a special)."""
        return sum(1 for item in self.items if not item.is_show)

    @property
    def nothing_to_import(self) -> bool:
        return not self.items and not self.movies

    def summary(self) -> str:
        """ "12 shows: 9 TVmaze match, 2 add by hand, 1 already in library, 0 skipped; 3 movies
        and 1 other entry that is not a series left out"."""
        parts = [f"{self.count(kind)} {kind.label}" for kind in PlanKind
                 if kind is not PlanKind.LOOKUP or self.count(kind)]  # fmt: skip
        text = f"{self.shows:,} show{'s' if self.shows != 1 else ''}: " + ", ".join(parts)
        left_out = []
        if self.movies:
            left_out.append(f"{self.movies:,} movie{'s' if self.movies != 1 else ''}")
        if self.not_series:
            one = self.not_series == 1
            other = "other " if self.movies else ""
            left_out.append(
                f"1 {other}entry that is not a series"
                if one
                else f"{self.not_series:,} {other}entries that are not series"
            )
        if left_out:
            text += "; " + " and ".join(left_out) + " left out"
        return text


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


@dataclass(frozen=True, slots=True)
class _Match:
    """The TVmaze show a candidate was found as, and how it was found."""

    tvmaze_id: int
    title: str
    found_by: str
    imdb: str | None = None
    thetvdb: int | None = None


def _title_key(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _lookup(provider: Provider, candidate: ImportCandidate) -> _Match | None:
    """TVmaze's show for a candidate: by IMDb id, then TheTVDB id, then its exact title."""
    for imdb, thetvdb in ((candidate.imdb, None), (None, candidate.thetvdb)):
        if imdb is None and thetvdb is None:
            continue
        record = provider.lookup(imdb=imdb, thetvdb=thetvdb)
        if record is not None and record.external_ids.tvmaze is not None:
            found_by = f"IMDb id {imdb}" if imdb else f"TheTVDB id {thetvdb}"
            return _match(record, found_by)
    return _search_title(provider, candidate)


def _match(record: ShowRecord, found_by: str) -> _Match:
    ids = record.external_ids
    assert ids.tvmaze is not None
    return _Match(ids.tvmaze, record.title, found_by, ids.imdb, ids.thetvdb)


def _search_title(provider: Provider, candidate: ImportCandidate) -> _Match | None:
    """The one TVmaze show with exactly the candidate's (original) title and year, if any.

    Only a single exact match counts: "The Office" with no year finds two, and so none.
    """
    query = candidate.lookup_title or candidate.title
    if not _title_key(query):
        return None
    wanted = _title_key(query)
    found = [
        result
        for result in provider.search(query)
        if _title_key(result.title) == wanted
        and (candidate.year is None or result.year is None or result.year == candidate.year)
    ]
    if len(found) != 1:
        return None
    result = found[0]
    year = f" ({candidate.year})" if candidate.year else ""
    return _Match(result.provider_id, result.title, f"title “{query}”{year}")


def _unmatched_reason(candidate: ImportCandidate) -> str:
    ids = [
        f"IMDb id {candidate.imdb}" if candidate.imdb else "",
        f"TheTVDB id {candidate.thetvdb}" if candidate.thetvdb is not None else "",
    ]
    known = " or ".join(text for text in ids if text)
    if not candidate.has_name:
        return f"the export gives no name, and TVmaze knows no show with {known}"
    if not known:
        return "no IMDb or TheTVDB id to look up, and no TVmaze show has exactly this title"
    return f"TVmaze knows no show with {known} or exactly this title"


def _merged(first: ImportCandidate, second: ImportCandidate) -> ImportCandidate:
    """One candidate holding what two rows of the same TVmaze show say."""
    statuses = {status for status in (first.watch_status, second.watch_status) if status}
    watched = tuple(sorted(set(first.watched) | set(second.watched)))
    return replace(
        first,
        imdb=first.imdb or second.imdb,
        thetvdb=first.thetvdb or second.thetvdb,
        watch_status=strongest_status(statuses, has_watched=bool(watched)),
        watched=watched,
        rating=first.rating if first.rating is not None else second.rating,
        notes=first.notes + second.notes,
        unnamed_plays=max(first.unnamed_plays, second.unnamed_plays),
    )


@dataclass(slots=True)
class _Planner:
    """Plans candidates one by one, never adding the same show twice."""

    index: _LibraryIndex
    items: list[PlannedImport] = field(default_factory=list)
    by_tvmaze: dict[int, int] = field(default_factory=dict)  # TVmaze id -> position in items
    titles: set[tuple[str, int | None, str | None, int | None]] = field(default_factory=set)

    def add(self, candidate: ImportCandidate, match: _Match | None, reason: str) -> None:
        if match is not None:
            self._add_match(candidate, match)
            return
        # The same title with other ids is another show (the export's index joined the rest).
        key = (candidate.label.casefold(), candidate.year, candidate.imdb, candidate.thetvdb)
        if key in self.titles:
            twice = PlannedImport(candidate, PlanKind.SKIPPED, "listed twice in the export")
            self.items.append(twice)
            return
        self.titles.add(key)
        self.items.append(PlannedImport(candidate, PlanKind.MANUAL, reason))

    def _add_match(self, candidate: ImportCandidate, match: _Match) -> None:
        existing = self.index.find(
            title="",  # by ids only: TVmaze's title may be another show's
            year=None,
            tvmaze=match.tvmaze_id,
            imdb=match.imdb,
            thetvdb=match.thetvdb,
        )
        if existing is not None:
            self.items.append(
                PlannedImport(
                    candidate,
                    PlanKind.IN_LIBRARY,
                    f"already in your library as {existing[1]!r}",
                    show_id=existing[0],
                )
            )
            return
        position = self.by_tvmaze.get(match.tvmaze_id)
        if position is not None:  # two rows, one show: the first takes what both say
            first = self.items[position]
            self.items[position] = replace(first, candidate=_merged(first.candidate, candidate))
            self.items.append(
                PlannedImport(
                    candidate,
                    PlanKind.SKIPPED,
                    f"the same TVmaze show as {first.candidate.label!r} above, imported with it",
                    tvmaze_id=match.tvmaze_id,
                )
            )
            return
        self.by_tvmaze[match.tvmaze_id] = len(self.items)
        self.items.append(
            PlannedImport(
                candidate,
                PlanKind.MATCHED,
                f"matched by {match.found_by}",
                tvmaze_id=match.tvmaze_id,
                matched_title=match.title,
            )
        )


def preview_import(
    library: Library,
    parsed: ParsedExport,
    *,
    provider: Provider | None,
    progress: LookupProgress | None = None,
    cancel: threading.Event | None = None,
) -> ImportPreview:
    """What importing ``parsed`` would do; asks TVmaze unless ``provider`` is None; writes nothing.

    When TVmaze cannot be reached the remaining candidates are planned as manual (those the
    export does not name, as needing a look-up) and ``lookup_problem`` says why, so the preview
    still shows everything.
    """
    planner = _Planner(_LibraryIndex.of(library))
    problem = None if provider is not None else "Offline: nothing was looked up on TVmaze."
    cancelled = False
    candidates = parsed.candidates
    for done, candidate in enumerate(candidates):
        if cancel is not None and cancel.is_set() and not cancelled:
            cancelled = True
            problem = "Looking shows up on TVmaze was cancelled."
        existing = planner.index.find(
            title=candidate.title,
            year=candidate.year,
            imdb=candidate.imdb,
            thetvdb=candidate.thetvdb,
        )
        if existing is not None:
            planner.items.append(
                PlannedImport(
                    candidate,
                    PlanKind.IN_LIBRARY,
                    f"already in your library as {existing[1]!r}",
                    show_id=existing[0],
                )
            )
            continue
        match: _Match | None = None
        reason = _unmatched_reason(candidate)
        if provider is not None and problem is None:
            if progress is not None:
                progress(done, len(candidates), candidate.label)
            try:
                match = _lookup(provider, candidate)
            except (NetworkError, RateLimitedError, OfflineError) as error:
                problem = str(error)
                log.warning("Import lookups stopped: %s", error)
            except ProviderError as error:
                reason = f"TVmaze's answer could not be used: {error}"
        if match is None and problem is not None:
            if not candidate.has_name:
                planner.items.append(
                    PlannedImport(
                        candidate,
                        PlanKind.LOOKUP,
                        "the export gives no name: import again online to find it on TVmaze "
                        f"by its TheTVDB id {candidate.thetvdb}",
                    )
                )
                continue
            reason = "not looked up on TVmaze"
        planner.add(candidate, match, reason)
    if progress is not None:
        progress(len(candidates), len(candidates), "")
    items = planner.items + [
        PlannedImport(ImportCandidate(entry.title), PlanKind.SKIPPED, entry.reason, is_show=False)
        for entry in parsed.listed_skips
    ]
    return ImportPreview(
        parsed.source,
        tuple(items),
        problem,
        cancelled,
        movies=parsed.movies,
        notes=parsed.notes,
    )


def selected_items(preview: ImportPreview, selected: Iterable[int] | None) -> list[PlannedImport]:
    """The items the user kept (by index in ``preview.items``); all of them when None."""
    if selected is None:
        return list(preview.items)
    keep = set(selected)
    return [item for position, item in enumerate(preview.items) if position in keep]
