"""The library API: the one way the UI, the command line and sync read and change the library.

Every method opens its own short session, so a ``Library`` may be shared by threads; results are
frozen views (``watchlist.store.views``), never ORM objects. Writes are single transactions that
either happen whole or not at all.
"""

from __future__ import annotations

import gc
import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    Text,
    cast,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from watchlist.core.episodes import EpisodeReference
from watchlist.core.networks import guess_network_kind
from watchlist.core.records import ExternalIds
from watchlist.core.status import NetworkKind, RenewalStatus, ShowStatus, WatchStatus
from watchlist.store import validation
from watchlist.store.database import BEGIN_MODE_OPTION, library_error_for, open_engine
from watchlist.store.errors import (
    LibraryError,
    ListReadCancelledError,
    NoteNotFoundError,
    ShowNotFoundError,
)
from watchlist.store.models import ChangeLogEntry, Episode, Note, Season, Show, table_of
from watchlist.store.note_search import note_search_condition
from watchlist.store.views import (
    ChangeView,
    EditableField,
    EpisodeView,
    NoteView,
    RemovedShow,
    SeasonView,
    ShowDetail,
    ShowQuery,
    ShowSummary,
    season_edit_key,
)

log = logging.getLogger(__name__)

E = TypeVar("E", NetworkKind, ShowStatus, RenewalStatus, WatchStatus)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class _Unset:
    """Marks an edit field that was not given (None is a real value: "clear it")."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


@dataclass(frozen=True, slots=True)
class NewShow:
    """A show the user adds by hand."""

    title: str
    network: str | None = None
    network_kind: NetworkKind | None = None
    country: str | None = None
    language: str | None = None
    genres: tuple[str, ...] = ()
    synopsis: str = ""
    premiered: date | None = None
    ended: date | None = None
    provider_status: ShowStatus = ShowStatus.UNKNOWN
    renewal_status: RenewalStatus = RenewalStatus.UNKNOWN
    renewal_announced_on: date | None = None
    next_season_expected: str | None = None
    watch_status: WatchStatus = WatchStatus.PLAN_TO_WATCH
    rating: int | None = None
    seasons: tuple[SeasonEdit, ...] = ()
    external_ids: ExternalIds = field(default_factory=ExternalIds)


@dataclass(frozen=True, slots=True)
class SeasonEdit:
    """A season as the user states it: number, and optionally premiere date and episode count."""

    number: int
    premiere_date: date | None = None
    episode_count: int | None = None
    end_date: date | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class NewNote:
    """A note to add with ``Library.add_notes`` (many at once: generated or migrated libraries)."""

    show_id: int
    body: str
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ShowChanges:
    """A hand edit: every field given is set and remembered as the user's."""

    title: Any = UNSET
    network: Any = UNSET
    country: Any = UNSET
    language: Any = UNSET
    genres: Any = UNSET
    synopsis: Any = UNSET
    premiered: Any = UNSET
    renewal_status: Any = UNSET
    renewal_announced_on: Any = UNSET
    next_season_expected: Any = UNSET
    watch_status: Any = UNSET
    rating: Any = UNSET

    def given(self) -> dict[str, Any]:
        return {
            name: getattr(self, name)
            for name in self.__dataclass_fields__
            if getattr(self, name) is not UNSET
        }


_FIELD_OF_CHANGE = {
    "title": EditableField.TITLE,
    "network": EditableField.NETWORK,
    "country": EditableField.COUNTRY,
    "language": EditableField.LANGUAGE,
    "genres": EditableField.GENRES,
    "synopsis": EditableField.SYNOPSIS,
    "premiered": EditableField.PREMIERED,
    "renewal_status": EditableField.RENEWAL,
    "renewal_announced_on": EditableField.RENEWAL,
    "next_season_expected": EditableField.NEXT_SEASON_EXPECTED,
    "watch_status": EditableField.WATCH_STATUS,
    "rating": EditableField.RATING,
}


class Library:
    """A user's library of shows, seasons and notes."""

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self.engine = engine
        self._clock = clock
        self._read_sessions = sessionmaker(engine, expire_on_commit=False)
        write_engine = engine.execution_options(**{BEGIN_MODE_OPTION: "IMMEDIATE"})
        self._write_sessions = sessionmaker(write_engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, clock: Clock = utc_now, **options: Any) -> Library:
        """Open (creating or upgrading as needed) the library at a SQLAlchemy URL."""
        return cls(open_engine(url, **options), clock=clock)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def now(self) -> datetime:
        return self._clock()

    # -- sessions -------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work (for store modules; the UI never sees sessions)."""
        try:
            with self._read_sessions() as session:
                try:
                    yield session
                finally:
                    session.rollback()
        except DBAPIError as error:  # damage met while reading, the server gone, ...
            raise library_error_for(error, self.engine.url) from error

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction: committed whole on success, rolled back whole on any error."""
        try:
            with self._write_sessions() as session, session.begin():
                yield session
        except IntegrityError as error:
            raise LibraryError(_integrity_message(error)) from error
        except DBAPIError as error:  # a full disk, a read-only file, damage, ...
            raise library_error_for(error, self.engine.url) from error

    # -- shows ----------------------------------------------------------------------------

    def add_show(self, new: NewShow) -> int:
        """Add a show entered by hand; returns its id."""
        show = Show(**_new_show_values(new, self.now()))
        show.seasons = [_season_from_edit(season) for season in _checked_seasons(new)]
        with self.writing() as session:
            self._check_external_ids_free(session, new.external_ids)
            session.add(show)
            session.flush()
            return show.id

    def add_shows(self, shows: Iterable[NewShow]) -> list[int]:
        """Add many shows entered by hand in one transaction; their ids, in the order given.

        Each show is checked as ``add_show`` checks it, and one that fails adds none. The rows
        go in as multi-row INSERTs rather than one ORM object at a time, so that generating or
        migrating tens of thousands of shows takes seconds, not minutes.
        """
        now = self.now()
        show_rows: list[dict[str, Any]] = []
        season_rows: list[list[dict[str, Any]]] = []
        for new in shows:
            show_rows.append(_new_show_values(new, now))
            season_rows.append([_season_values(season) for season in _checked_seasons(new)])
        if not show_rows:
            return []
        with self.writing() as session:
            ids = insert_returning_ids(session, Show, show_rows)
            seasons = [
                {**row, "show_id": show_id}
                for show_id, rows in zip(ids, season_rows, strict=True)
                for row in rows
            ]
            if seasons:
                session.execute(insert(table_of(Season)), seasons)
        return ids

    def _check_external_ids_free(self, session: Session, ids: ExternalIds) -> None:
        for column, value, name in (
            (Show.tvmaze_id, ids.tvmaze, "TVmaze id"),
            (Show.imdb_id, ids.imdb, "IMDb id"),
            (Show.thetvdb_id, ids.thetvdb, "TheTVDB id"),
        ):
            if value is None:
                continue
            title = session.scalar(select(Show.title).where(column == value))
            if title is not None:
                raise LibraryError(f"{title!r} already has {name} {value}.")

    def show(self, show_id: int) -> ShowDetail:
        with self.reading() as session:
            show = session.get(Show, show_id, options=[selectinload(Show.seasons)])
            if show is None:
                raise ShowNotFoundError(f"There is no show with id {show_id}.")
            note_count = session.scalar(select(func.count(Note.id)).where(Note.show_id == show_id))
            return _detail_view(show, note_count or 0)

    def find_show(self, reference: str) -> ShowDetail:
        """A show by id, exact title (any case) or an unambiguous part of its title."""
        return self.show(self.resolve_show_id(reference))

    def resolve_show_id(self, reference: str) -> int:
        text = reference.strip()
        if not text:
            raise ShowNotFoundError("Which show? Give its id or title.")
        with self.reading() as session:
            if text.isdigit() and session.get(Show, int(text)) is not None:
                return int(text)
            folded = text.casefold()
            rows = session.execute(select(Show.id, Show.title)).all()
        exact = [row for row in rows if row.title.casefold() == folded]
        if len(exact) == 1:
            return int(exact[0].id)
        candidates = exact or [row for row in rows if folded in row.title.casefold()]
        if len(candidates) == 1:
            return int(candidates[0].id)
        if not candidates:
            raise ShowNotFoundError(f"No show matches {text!r}. 'watchlist list' shows them all.")
        names = ", ".join(f"{row.title} (id {row.id})" for row in candidates[:5])
        more = f" and {len(candidates) - 5} more" if len(candidates) > 5 else ""
        raise ShowNotFoundError(f"{text!r} matches several shows: {names}{more}. Use the id.")

    def list_shows(
        self,
        query: ShowQuery | None = None,
        *,
        first: int | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> list[ShowSummary]:
        """Shows matching ``query``, sorted by title; only the ``first`` so many when given.

        Three column-projected queries (shows, season premieres, note counts) and no ORM
        objects: the show list of a library of 100,000 shows loads in about a second, its
        first 200 rows in a tenth of that. ``stop`` is asked between batches of rows; when it
        answers True the read ends with ``ListReadCancelledError``.
        """
        query = query or ShowQuery()
        if first is not None and (first < 0 or query.text):
            raise ValueError("first is a count of shows, and cannot go with a text filter")
        conditions: list[ColumnElement[bool]] = []
        if query.watch_statuses:
            conditions.append(Show.watch_status.in_(sorted(query.watch_statuses)))
        if query.renewal_statuses:
            conditions.append(Show.renewal_status.in_(sorted(query.renewal_statuses)))
        with self.reading() as session:
            summaries = _read_summaries(session, conditions, first=first, stop=stop)
        if query.text:
            summaries = [summary for summary in summaries if _matches_text(summary, query.text)]
        return summaries

    def show_summary(self, show_id: int) -> ShowSummary:
        """One row of the show list, for refreshing a single show after a change."""
        with self.reading() as session:
            summaries = _read_summaries(session, [Show.id == show_id])
        if not summaries:
            raise ShowNotFoundError(f"There is no show with id {show_id}.")
        return summaries[0]

    def count_notes(self) -> int:
        with self.reading() as session:
            return session.scalar(select(func.count(Note.id))) or 0

    def count_shows(self) -> int:
        with self.reading() as session:
            return session.scalar(select(func.count(Show.id))) or 0

    def count_by_watch_status(self) -> dict[WatchStatus, int]:
        """How many shows have each watch status (every status present, zero or not)."""
        counts = dict.fromkeys(WatchStatus, 0)
        with self.reading() as session:
            rows = session.execute(
                select(Show.watch_status, func.count()).group_by(Show.watch_status)
            )
            for status, count in rows:
                counts[WatchStatus(status)] += count
        return counts

    def edit_show(self, show_id: int, changes: ShowChanges) -> ShowDetail:
        """Apply a hand edit and remember each edited field as the user's."""
        given = changes.given()
        if not given:
            raise LibraryError("Nothing to change: give at least one field to edit.")
        values = _validated_changes(given)
        with self.writing() as session:
            show = self._get_show(session, show_id)
            for name, value in values.items():
                setattr(show, name, value)
            edited = set(show.user_edited) | {_FIELD_OF_CHANGE[name].value for name in given}
            show.user_edited = sorted(edited)
            show.updated_at = self.now()
        return self.show(show_id)

    def clear_user_edit(self, show_id: int, edited_field: str) -> None:
        """Forget that a field was edited by hand, so the next sync may update it again."""
        with self.writing() as session:
            show = self._get_show(session, show_id)
            show.user_edited = sorted(set(show.user_edited) - {edited_field})
            show.updated_at = self.now()

    def set_season(self, show_id: int, season: SeasonEdit) -> None:
        """Add or change a season by hand (a future premiere date confirms the next season)."""
        number = validation.check_season_number(season.number)
        if season.episode_count is not None and not 0 <= season.episode_count <= 10_000:
            raise LibraryError("An episode count is a whole number from 0 to 10,000.")
        with self.writing() as session:
            show = self._get_show(session, show_id)
            existing = next((s for s in show.seasons if s.number == number), None)
            if existing is None:
                show.seasons.append(_season_from_edit(season))
            else:
                existing.premiere_date = season.premiere_date
                existing.end_date = season.end_date
                if season.episode_count is not None:
                    existing.episode_count = season.episode_count
                if season.name:
                    existing.name = season.name
            show.user_edited = sorted(set(show.user_edited) | {season_edit_key(number)})
            show.updated_at = self.now()

    def remove_season(self, show_id: int, number: int) -> None:
        with self.writing() as session:
            show = self._get_show(session, show_id)
            season = next((s for s in show.seasons if s.number == number), None)
            if season is None:
                raise LibraryError(f"{show.title!r} has no season {number}.")
            show.seasons.remove(season)
            show.user_edited = sorted(set(show.user_edited) | {season_edit_key(number)})
            show.updated_at = self.now()

    def seasons(self, show_id: int) -> list[SeasonView]:
        with self.reading() as session:
            self._get_show(session, show_id)
            seasons = session.scalars(
                select(Season).where(Season.show_id == show_id).order_by(Season.number)
            ).all()
            return [_season_view(season) for season in seasons]

    def removal_preview(self, show_id: int) -> RemovedShow:
        """What removing a show would take with it, for the confirmation question."""
        detail = self.show(show_id)
        return RemovedShow(id=detail.id, title=detail.title, note_count=detail.note_count)

    def remove_show(self, show_id: int) -> RemovedShow:
        """Remove a show with its seasons, episodes and notes; the caller has confirmed."""
        with self.writing() as session:
            show = self._get_show(session, show_id)
            removed_notes = session.execute(delete(Note).where(Note.show_id == show_id))
            note_count = int(getattr(removed_notes, "rowcount", 0) or 0)
            title = show.title
            session.delete(show)
        log.info("Removed show %s (%r) with %d notes", show_id, title, note_count)
        return RemovedShow(id=show_id, title=title, note_count=note_count)

    # -- notes ----------------------------------------------------------------------------

    def add_note(
        self,
        show_id: int,
        body: str,
        *,
        created_at: datetime | None = None,
        reference: EpisodeReference | None = None,
        pinned: bool = False,
    ) -> NoteView:
        """Add a note, optionally about a season or episode (``reference``) and pinned."""
        text = validation.clean_note_body(body)
        with self.writing() as session:
            show = self._get_show(session, show_id)
            note = Note(
                show_id=show_id,
                body=text,
                created_at=created_at or self.now(),
                season_number=reference.season if reference else None,
                episode_number=reference.episode if reference else None,
                pinned=pinned,
            )
            session.add(note)
            session.flush()
            return _note_view(note, show.title)

    def edit_note(self, note_id: int, body: str, *, reference: Any = UNSET) -> NoteView:
        """Replace a note's text; ``reference`` (an EpisodeReference or None) re-ties it too."""
        text = validation.clean_note_body(body)
        with self.writing() as session:
            note = self._get_note(session, note_id)
            if note.body != text:
                note.body = text
                note.updated_at = self.now()
            if reference is not UNSET:
                _set_note_reference(note, reference)
            return _note_view(note, note.show.title)

    def add_notes(self, notes: Iterable[NewNote]) -> int:
        """Add many notes in one transaction (a multi-row INSERT); how many were added.

        Each body is checked as ``add_note`` checks it and every show must exist; one bad note
        adds none.
        """
        rows: list[dict[str, Any]] = [
            {
                "show_id": note.show_id,
                "body": validation.clean_note_body(note.body),
                "created_at": note.created_at or self.now(),
            }
            for note in notes
        ]
        if not rows:
            return 0
        with self.writing() as session:
            wanted: set[int] = {row["show_id"] for row in rows}
            missing = wanted - _existing_show_ids(session, wanted)
            if missing:
                raise ShowNotFoundError(f"There is no show with id {min(missing)}.")
            session.execute(insert(table_of(Note)), rows)
        return len(rows)

    def delete_note(self, note_id: int) -> None:
        with self.writing() as session:
            session.delete(self._get_note(session, note_id))

    def note(self, note_id: int) -> NoteView:
        with self.reading() as session:
            note = self._get_note(session, note_id)
            return _note_view(note, note.show.title)

    def notes(
        self,
        show_id: int | None = None,
        *,
        search: str | None = None,
        newest_first: bool = False,
        limit: int | None = None,
        pinned_first: bool = False,
    ) -> list[NoteView]:
        """Notes of one show (or all), optionally only those matching ``search``.

        ``search`` ignores case and is never query syntax. On SQLite the full-text index finds
        notes with its words, the last as a prefix ("rooft" finds "rooftop"); when the index
        cannot help or finds nothing, notes containing the text anywhere are found by a scan
        (``watchlist.store.note_search``). Other databases always scan, with ILIKE.
        ``pinned_first`` puts pinned notes before the others, each group in the order asked.
        """
        statement = select(*_NOTE_COLUMNS).join(Show, Note.show_id == Show.id)
        if show_id is not None:
            statement = statement.where(Note.show_id == show_id)
        needle = search.strip() if search else ""
        order = (
            (Note.created_at.desc(), Note.id.desc())
            if newest_first
            else (
                Note.created_at,
                Note.id,
            )
        )
        if pinned_first:
            order = (Note.pinned.desc(), *order)
        statement = statement.order_by(*order)
        if limit is not None:
            statement = statement.limit(limit)
        with self.reading() as session:
            if show_id is not None:
                self._get_show(session, show_id)
            # Columns only, so Core runs the statement: the ORM's loading step costs nearly a
            # millisecond per thousand notes, and a search can return thousands.
            connection = session.connection()
            if needle:
                indexed = note_search_condition(session, needle)
                if indexed is not None:
                    found = connection.execute(statement.where(indexed)).all()
                    if found:
                        return [NoteView(*row) for row in found]
                statement = statement.where(_contains(Note.body, needle))
            return [NoteView(*row) for row in connection.execute(statement)]

    # -- notes: what they are about, and pins ---------------------------------------------

    def set_note_reference(self, note_id: int, reference: EpisodeReference | None) -> NoteView:
        """Tie a note to a season or an episode (None: to the whole show); text unchanged."""
        with self.writing() as session:
            note = self._get_note(session, note_id)
            _set_note_reference(note, reference)
            return _note_view(note, note.show.title)

    def pin_note(self, note_id: int, pinned: bool = True) -> NoteView:
        """Pin a note (pinned notes come first where asked) or unpin it."""
        with self.writing() as session:
            note = self._get_note(session, note_id)
            note.pinned = pinned
            return _note_view(note, note.show.title)

    # -- sync news ------------------------------------------------------------------------

    def changes(
        self,
        limit: int | None = 50,
        show_id: int | None = None,
        *,
        since: datetime | None = None,
    ) -> list[ChangeView]:
        """The change log ("What's new"), newest first; of one show or of all.

        ``since`` keeps the entries logged at or after that moment (a sync's start).
        """
        statement = (
            select(ChangeLogEntry, Show.title)
            .join(Show, ChangeLogEntry.show_id == Show.id)
            .order_by(ChangeLogEntry.happened_at.desc(), ChangeLogEntry.id.desc())
        )
        if show_id is not None:
            statement = statement.where(ChangeLogEntry.show_id == show_id)
        if since is not None:
            statement = statement.where(ChangeLogEntry.happened_at >= since)
        if limit is not None:
            statement = statement.limit(max(0, limit))
        with self.reading() as session:
            if show_id is not None:
                self._get_show(session, show_id)
            return [_change_view(entry, title) for entry, title in session.execute(statement)]

    def next_episode(self, show_id: int, today: date) -> EpisodeView | None:
        """The first episode airing on or after ``today``, if the provider listed one."""
        statement = (
            select(Episode)
            .where(Episode.show_id == show_id, Episode.airdate >= today)
            .order_by(Episode.airdate, Episode.season_number, Episode.number)
            .limit(1)
        )
        with self.reading() as session:
            self._get_show(session, show_id)
            episode = session.scalar(statement)
            return None if episode is None else _episode_view(episode)

    # -- helpers --------------------------------------------------------------------------

    @staticmethod
    def _get_show(session: Session, show_id: int) -> Show:
        show = session.get(Show, show_id)
        if show is None:
            raise ShowNotFoundError(f"There is no show with id {show_id}.")
        return show

    @staticmethod
    def _get_note(session: Session, note_id: int) -> Note:
        note = session.get(Note, note_id)
        if note is None:
            raise NoteNotFoundError(f"There is no note with id {note_id}.")
        return note


def insert_returning_ids(
    session: Session, model: type[Show], rows: list[dict[str, Any]]
) -> list[int]:
    """Insert rows with multi-row INSERTs and return their new ids in the order of ``rows``.

    A Core insert on the table: the ORM's bulk mode splits rows into many small batches by
    which values are None, and splices the returned ids quadratically.
    """
    table = table_of(model)
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [int(show_id) for show_id in session.execute(statement, rows).scalars()]


def _existing_show_ids(session: Session, wanted: set[int]) -> set[int]:
    """Which of ``wanted`` are ids of shows, asked in chunks that stay under bind limits."""
    ordered = sorted(wanted)
    found: set[int] = set()
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        found.update(session.scalars(select(Show.id).where(Show.id.in_(chunk))))
    return found


def _read_summaries(
    session: Session,
    conditions: Sequence[ColumnElement[bool]],
    *,
    first: int | None = None,
    stop: Callable[[], bool] | None = None,
) -> list[ShowSummary]:
    """Show list rows from three column-projected queries, in title order (the ``first`` so
    many when given; ``stop`` is asked between batches, see ``Library.list_shows``).

    This is the one read that touches every show (a million values for 100,000 shows), so it
    takes the driver's rows as they are, without SQLAlchemy's per-row result objects, and
    parses each distinct date, genre list and status once: a library has far fewer distinct
    values than shows, and sharing them saves memory too.
    """
    shows = select(
        Show.id,
        Show.title,
        Show.network,
        Show.network_kind,
        cast(Show.genres, Text),
        Show.provider_status,
        Show.renewal_status,
        Show.renewal_announced_on,
        Show.watch_status,
        Show.rating,
        Show.premiered,
        Show.next_season_expected,
    ).order_by(func.lower(Show.title), Show.id)
    seasons = (
        select(Season.show_id, Season.premiere_date)
        .where(Season.number >= 1)
        .order_by(Season.show_id, Season.number)
    )
    counts = select(Note.show_id, func.count()).group_by(Note.show_id)
    if conditions or first is not None:
        picked = select(Show.id).where(*conditions)
        if first is not None:
            picked = picked.order_by(func.lower(Show.title), Show.id).limit(first)
            shows = shows.limit(first)
        chosen = picked.scalar_subquery()
        shows = shows.where(*conditions)
        seasons = seasons.where(Season.show_id.in_(chosen))
        counts = counts.where(Note.show_id.in_(chosen))
    connection = session.connection()
    values = _SharedValues()
    day, genres, shared = values.day, values.genres, values.shared
    network_kind, show_status = values.enum(NetworkKind), values.required_enum(ShowStatus)
    renewal_status = values.required_enum(RenewalStatus)
    watch_status = values.required_enum(WatchStatus)
    summaries: list[ShowSummary] = []
    with _cycle_collection_paused():
        premieres: dict[int, list[date | None]] = {}
        for batch in _driver_batches(connection, seasons, stop):
            for show_id, premiere in batch:
                days = premieres.get(show_id)
                if days is None:
                    premieres[show_id] = [day(premiere)]
                else:
                    days.append(day(premiere))
        note_counts: dict[int, int] = {}
        for batch in _driver_batches(connection, counts, stop):
            note_counts.update(batch)
        no_premieres: list[date | None] = []
        for batch in _driver_batches(connection, shows, stop):
            summaries.extend(
                ShowSummary(
                    show_id,
                    title,
                    shared(network),
                    network_kind(kind),
                    genres(genre_list),
                    show_status(provider),
                    renewal_status(renewal),
                    day(announced),
                    watch_status(watch),
                    rating,
                    day(premiered),
                    shared(expected),
                    tuple(premieres.get(show_id, no_premieres)),
                    note_counts.get(show_id, 0),
                )
                for (
                    show_id,
                    title,
                    network,
                    kind,
                    genre_list,
                    provider,
                    renewal,
                    announced,
                    watch,
                    rating,
                    premiered,
                    expected,
                ) in batch
            )
    return summaries


_collection_pauses = 0
_collection_lock = threading.Lock()


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while building a million objects that form no cycles.

    Otherwise it runs thousands of times as the heap grows, rescanning it: a third of the time
    of listing 100,000 shows. Counted, so overlapping pauses from several threads end with the
    collector enabled again exactly when the last one ends (and only if it was enabled).
    """
    global _collection_pauses, _collection_resumes  # noqa: PLW0603
    with _collection_lock:
        if _collection_pauses == 0:
            _collection_resumes = gc.isenabled()
            gc.disable()
        _collection_pauses += 1
    try:
        yield
    finally:
        with _collection_lock:
            _collection_pauses -= 1
            if _collection_pauses == 0 and _collection_resumes:
                gc.enable()


_collection_resumes = False


def _driver_batches(
    connection: Connection,
    statement: Select[*tuple[Any, ...]],
    stop: Callable[[], bool] | None = None,
) -> Iterator[Sequence[Any]]:
    """The rows of a SELECT as the database driver returns them (plain tuples), in batches.

    SQLAlchemy's result objects cost about a microsecond a row, which is most of the time of
    reading 600,000 seasons; the caller converts the few column types that need it. Batches
    keep the memory a large read needs small. Only for statements whose parameters are the
    library's own values (ids, statuses): they are rendered inline, which also keeps this
    independent of each driver's parameter style.
    """
    sql = str(
        statement.compile(
            dialect=connection.dialect,
            compile_kwargs={"literal_binds": True, "render_postcompile": True},
        )
    )
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        while batch := cursor.fetchmany(_BATCH_ROWS):
            if stop is not None and stop():
                raise ListReadCancelledError("Reading the show list was stopped.")
            yield batch
    finally:
        cursor.close()


_BATCH_ROWS = 10_000


class _SharedValues:
    """Converts repeated driver values once each and hands out one shared object per value."""

    def __init__(self) -> None:
        self._days: dict[Any, date | None] = {None: None}
        self._genres: dict[str | None, tuple[str, ...]] = {None: ()}
        self._strings: dict[str | None, str | None] = {None: None}

    def day(self, value: Any) -> date | None:
        """A date from SQLite's ISO text, or the date another driver already made."""
        known = self._days.get(value, _MISSING)
        if known is _MISSING:
            known = self._days[value] = (
                value if isinstance(value, date) else date.fromisoformat(value)
            )
        return known  # type: ignore[no-any-return]

    def genres(self, value: str | None) -> tuple[str, ...]:
        known = self._genres.get(value)
        if known is None:
            known = self._genres[value] = tuple(json.loads(value) if value else ())
        return known

    def shared(self, value: str | None) -> str | None:
        known = self._strings.get(value, _MISSING)
        if known is _MISSING:
            known = self._strings[value] = value
        return known  # type: ignore[no-any-return]

    @staticmethod
    def enum(kind: type[E]) -> Callable[[str | None], E | None]:
        """A converter from stored values to members of ``kind`` (None stays None)."""
        members: dict[str | None, E | None] = {member.value: member for member in kind}
        members[None] = None
        return members.__getitem__

    @staticmethod
    def required_enum(kind: type[E]) -> Callable[[str], E]:
        """A converter from stored values of a NOT NULL column to members of ``kind``."""
        members: dict[str, E] = {member.value: member for member in kind}
        return members.__getitem__


_MISSING: Any = object()


def _new_show_values(new: NewShow, now: datetime) -> dict[str, Any]:
    """The checked column values of a show entered by hand."""
    ids = validation.check_external_ids(new.external_ids)
    return {
        "title": validation.clean_title(new.title),
        "tvmaze_id": ids.tvmaze,
        "imdb_id": ids.imdb,
        "thetvdb_id": ids.thetvdb,
        "network": validation.clean_optional_line(new.network, what="network"),
        "network_kind": new.network_kind or guess_network_kind(new.network),
        "country": validation.clean_optional_line(new.country, what="country"),
        "language": validation.clean_optional_line(new.language, what="language"),
        "genres": validation.clean_genres(new.genres),
        "synopsis": validation.clean_synopsis(new.synopsis),
        "synopsis_html": "",
        "provider_status": new.provider_status,
        "renewal_status": new.renewal_status,
        "renewal_announced_on": new.renewal_announced_on,
        "next_season_expected": validation.clean_expected_text(new.next_season_expected),
        "premiered": new.premiered,
        "ended": new.ended,
        "watch_status": new.watch_status,
        "rating": validation.check_rating(new.rating),
        "added_at": now,
        "updated_at": now,
        "user_edited": [],
    }


def _checked_seasons(new: NewShow) -> tuple[SeasonEdit, ...]:
    numbers = [validation.check_season_number(season.number) for season in new.seasons]
    if len(set(numbers)) != len(numbers):
        raise LibraryError("Each season number may be given only once.")
    return new.seasons


def _contains(column: Any, text: str) -> Any:
    """Case-insensitive substring match with LIKE wildcards in ``text`` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def _matches_text(summary: ShowSummary, text: str) -> bool:
    needle = text.casefold().strip()
    if not needle:
        return True
    haystacks: Sequence[str] = (summary.title, summary.network or "", *summary.genres)
    return any(needle in haystack.casefold() for haystack in haystacks)


def _validated_changes(given: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, value in given.items():
        if name == "title":
            values[name] = validation.clean_title(value)
        elif name in ("network", "country", "language"):
            values[name] = validation.clean_optional_line(value, what=name)
        elif name == "genres":
            values[name] = validation.clean_genres(value)
        elif name == "synopsis":
            values[name] = validation.clean_synopsis(value)
            values["synopsis_html"] = ""
        elif name == "rating":
            values[name] = validation.check_rating(value)
        elif name == "next_season_expected":
            values[name] = validation.clean_expected_text(value)
        elif name == "renewal_status":
            values[name] = RenewalStatus(value)
        elif name == "watch_status":
            values[name] = WatchStatus(value)
        else:
            values[name] = value
    if "network" in values:
        values["network_kind"] = guess_network_kind(values["network"])
    return values


def _integrity_message(error: IntegrityError) -> str:
    text = str(error.orig)
    if "FOREIGN KEY" in text.upper():
        return "That change would orphan notes or seasons; nothing was changed."
    if "UNIQUE" in text.upper() or "duplicate key" in text:
        return "That show or season is already in the library; nothing was changed."
    return f"The library refused that change ({text}); nothing was changed."


def _season_values(season: SeasonEdit) -> dict[str, Any]:
    return {
        "number": season.number,
        "name": season.name,
        "premiere_date": season.premiere_date,
        "end_date": season.end_date,
        "episode_count": season.episode_count,
    }


def _season_from_edit(season: SeasonEdit) -> Season:
    return Season(**_season_values(season))


def _season_view(season: Season) -> SeasonView:
    return SeasonView(
        number=season.number,
        name=season.name,
        premiere_date=season.premiere_date,
        end_date=season.end_date,
        episode_count=season.episode_count,
    )


def _change_view(entry: ChangeLogEntry, show_title: str) -> ChangeView:
    return ChangeView(
        id=entry.id,
        show_id=entry.show_id,
        show_title=show_title,
        happened_at=entry.happened_at,
        kind=entry.kind,
        season_number=entry.season_number,
        summary=entry.summary,
    )


def _episode_view(episode: Episode) -> EpisodeView:
    return EpisodeView(
        id=episode.id,
        season_number=episode.season_number,
        number=episode.number,
        title=episode.title,
        airdate=episode.airdate,
        watched=episode.watched,
    )


def _set_note_reference(note: Note, reference: EpisodeReference | None) -> None:
    note.season_number = reference.season if reference else None
    note.episode_number = reference.episode if reference else None


# A note list is read as these columns, in NoteView's field order (no ORM objects: a show
# with 1,000 notes is listed in a few milliseconds); keep both in step with _note_view.
_NOTE_COLUMNS = (
    Note.id,
    Note.show_id,
    Show.title,
    Note.created_at,
    Note.updated_at,
    Note.body,
    Note.season_number,
    Note.episode_number,
    Note.pinned,
)


def _note_view(note: Note, show_title: str) -> NoteView:
    return NoteView(
        id=note.id,
        show_id=note.show_id,
        show_title=show_title,
        created_at=note.created_at,
        updated_at=note.updated_at,
        body=note.body,
        season_number=note.season_number,
        episode_number=note.episode_number,
        pinned=bool(note.pinned),
    )


def _detail_view(show: Show, note_count: int) -> ShowDetail:
    return ShowDetail(
        id=show.id,
        title=show.title,
        external_ids=ExternalIds(tvmaze=show.tvmaze_id, imdb=show.imdb_id, thetvdb=show.thetvdb_id),
        network=show.network,
        network_kind=show.network_kind,
        country=show.country,
        language=show.language,
        genres=tuple(show.genres or ()),
        synopsis=show.synopsis,
        synopsis_html=show.synopsis_html,
        provider_status=show.provider_status,
        renewal_status=show.renewal_status,
        renewal_announced_on=show.renewal_announced_on,
        next_season_expected=show.next_season_expected,
        premiered=show.premiered,
        ended=show.ended,
        poster_url=show.poster_url,
        poster_file=show.poster_file,
        watch_status=show.watch_status,
        rating=show.rating,
        added_at=show.added_at,
        updated_at=show.updated_at,
        last_synced_at=show.last_synced_at,
        user_edited=frozenset(show.user_edited or ()),
        seasons=tuple(_season_view(season) for season in show.seasons),
        note_count=note_count,
        provider_gone_at=show.provider_gone_at,
    )
