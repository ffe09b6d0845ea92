"""Merging what a provider says about a show into the library, one transaction per show.

Provider fields are updated unless the user edited them (``Show.user_edited``); notes, the watch
status, the rating and episodes' watched flags are never touched, and nor are seasons the user
set by hand. When something newsworthy changed (renewed, ended, a season announced or dated),
an entry goes to the change log. Any failure rolls the whole show back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from watchlist.core.changes import ChangeKind
from watchlist.core.dates import format_day
from watchlist.core.records import EpisodeRecord, ExternalIds, ShowRecord
from watchlist.core.status import RenewalStatus, ShowStatus, renewal_from_provider
from watchlist.store import validation
from watchlist.store.errors import ShowNotFoundError
from watchlist.store.library import Library
from watchlist.store.limits import MAX_TITLE_LENGTH
from watchlist.store.models import ChangeLogEntry, Episode, Season, Show, SyncState
from watchlist.store.views import EditableField

log = logging.getLogger(__name__)

SEASON_EDIT_PREFIX = "season:"
RECENT_DATE_NEWS = timedelta(days=30)  # a season date further in the past is a fix, not news


@dataclass(frozen=True, slots=True)
class SyncTarget:
    """A show as sync needs to see it before deciding whether to fetch it."""

    show_id: int
    title: str
    tvmaze_id: int | None
    provider_updated: int | None
    last_synced_at: datetime | None
    poster_url: str | None
    poster_file: str | None


@dataclass(frozen=True, slots=True)
class Change:
    """A piece of news about a show, before it is written to the change log."""

    kind: ChangeKind
    summary: str
    season_number: int | None = None


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What merging one show did."""

    show_id: int
    title: str
    tvmaze_id: int
    created: bool
    changed: bool
    changes: tuple[Change, ...]
    poster_url: str | None
    poster_file: str | None


# -- reading --------------------------------------------------------------------------------


def _target(show: Show) -> SyncTarget:
    return SyncTarget(
        show_id=show.id,
        title=show.title,
        tvmaze_id=show.tvmaze_id,
        provider_updated=show.provider_updated,
        last_synced_at=show.last_synced_at,
        poster_url=show.poster_url,
        poster_file=show.poster_file,
    )


def sync_targets(library: Library, show_ids: Sequence[int] | None = None) -> list[SyncTarget]:
    """The shows to consider, by id (each must exist), or every show; sorted by title."""
    statement = select(Show)
    if show_ids is not None:
        statement = statement.where(Show.id.in_(list(show_ids)))
    with library.reading() as session:
        shows = {show.id: _target(show) for show in session.scalars(statement)}
    if show_ids is not None:
        missing = [show_id for show_id in show_ids if show_id not in shows]
        if missing:
            raise ShowNotFoundError(f"There is no show with id {missing[0]}.")
        return [shows[show_id] for show_id in dict.fromkeys(show_ids)]
    return sorted(shows.values(), key=lambda target: (target.title.casefold(), target.show_id))


def find_by_tvmaze_id(library: Library, tvmaze_id: int) -> SyncTarget | None:
    with library.reading() as session:
        show = session.scalar(select(Show).where(Show.tvmaze_id == tvmaze_id))
        return None if show is None else _target(show)


def find_unlinked_match(library: Library, ids: ExternalIds) -> SyncTarget | None:
    """A show not yet linked to TVmaze with the same IMDb or TheTVDB id (e.g. from an import)."""
    with library.reading() as session:
        for column, value in ((Show.imdb_id, ids.imdb), (Show.thetvdb_id, ids.thetvdb)):
            if value is None:
                continue
            show = session.scalar(select(Show).where(column == value, Show.tvmaze_id.is_(None)))
            if show is not None:
                return _target(show)
    return None


# -- sync state -----------------------------------------------------------------------------


def read_state(library: Library, key: str) -> str | None:
    with library.reading() as session:
        state = session.get(SyncState, key)
        return None if state is None else state.value


def write_state(library: Library, key: str, value: str) -> None:
    with library.writing() as session:
        state = session.get(SyncState, key)
        if state is None:
            session.add(SyncState(key=key, value=value))
        else:
            state.value = value


# -- small writes ---------------------------------------------------------------------------


# Ids per IN (...): well under SQLite's limit on bound parameters (32,766 since 3.32).
_ID_CHUNK = 500


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _ID_CHUNK):
        yield ids[start : start + _ID_CHUNK]


def mark_checked(
    library: Library, show_ids: Iterable[int], moment: datetime, *, today: date | None = None
) -> list[int]:
    """Record that these shows were confirmed current with the provider at ``moment``.

    Their provider data did not change, but time did: with ``today``, each renewal status that
    follows from season dates (a premiere has come, an airing season has ended) is brought up
    to date, unless the user set it. Returns the ids whose renewal status changed.
    """
    ids = list(show_ids)
    changed: list[int] = []
    if not ids:
        return changed
    with library.writing() as session:
        for chunk in _chunks(ids):
            session.execute(
                update(Show)
                .where(Show.id.in_(chunk))
                .values(last_synced_at=moment)
                .execution_options(synchronize_session=False)
            )
            if today is not None:
                changed += _refresh_renewals(session, chunk, today)
    return changed


def _refresh_renewals(session: Session, show_ids: Sequence[int], today: date) -> list[int]:
    """Re-derive the renewal status of these linked shows from their stored seasons.

    Only a running show that is renewed or airing can move with the calendar (to airing, then
    awaiting); every other status changes only with the provider's data, so only those load.
    """
    changed: list[int] = []
    shows = session.scalars(
        select(Show)
        .where(
            Show.id.in_(show_ids),
            Show.provider_status == ShowStatus.RUNNING,
            Show.renewal_status.in_([RenewalStatus.RENEWED, RenewalStatus.AIRING]),
        )
        .options(selectinload(Show.seasons))
    )
    for show in shows:
        if EditableField.RENEWAL in set(show.user_edited or ()):
            continue
        windows = [(season.premiere_date, season.end_date) for season in show.seasons]
        renewal = renewal_from_provider(show.provider_status, windows, today)
        if renewal is not show.renewal_status:
            log.info("%s: %s -> %s as of %s", show.title, show.renewal_status, renewal, today)
            show.renewal_status = renewal
            if renewal is not RenewalStatus.RENEWED:
                show.renewal_announced_on = None
            changed.append(show.id)
    return changed


def mark_gone(library: Library, show_id: int) -> bool:
    """Note that the provider no longer has a show; True the first time. Nothing is deleted."""
    now = library.now()
    with library.writing() as session:
        show = session.get(Show, show_id)
        if show is None:
            raise ShowNotFoundError(f"There is no show with id {show_id}.")
        if show.provider_gone_at is not None:
            return False
        show.provider_gone_at = now
        session.add(
            ChangeLogEntry(
                show_id=show_id,
                happened_at=now,
                kind=ChangeKind.GONE,
                summary="No longer on TVmaze; kept in your library with its notes",
            )
        )
        return True


def set_poster_file(library: Library, show_id: int, file_name: str | None) -> None:
    with library.writing() as session:
        show = session.get(Show, show_id)
        if show is None:
            raise ShowNotFoundError(f"There is no show with id {show_id}.")
        show.poster_file = file_name


# -- merging --------------------------------------------------------------------------------


def merge_show(
    library: Library, record: ShowRecord, *, today: date, show_id: int | None = None
) -> MergeResult:
    """Insert or update the show ``record`` describes, in one transaction.

    ``show_id`` picks the library's show to update (it may not be linked yet); without it the
    show is found by its TVmaze id, or inserted.
    """
    tvmaze_id = record.external_ids.tvmaze
    if tvmaze_id is None:
        raise ValueError("a provider record without its TVmaze id cannot be merged")
    now = library.now()
    with library.writing() as session:
        if show_id is not None:
            show = session.get(Show, show_id, options=_with_children())
            if show is None:
                raise ShowNotFoundError(f"There is no show with id {show_id}.")
        else:
            show = session.scalar(
                select(Show).where(Show.tvmaze_id == tvmaze_id).options(*_with_children())
            )
        created = show is None
        if show is None:
            show = _new_show(record, now)
            session.add(show)
        elif show.tvmaze_id is None:
            show.tvmaze_id = tvmaze_id  # linking a show added by hand or imported
        elif show.tvmaze_id != tvmaze_id:
            raise ValueError(f"show {show.id} follows TVmaze {show.tvmaze_id}, not {tvmaze_id}")
        changed, changes = _apply(session, show, record, today=today, created=created)
        if changed:
            show.updated_at = now
        show.provider_updated = record.provider_updated
        show.last_synced_at = now
        show.provider_gone_at = None
        session.flush()
        for change in changes:
            session.add(
                ChangeLogEntry(
                    show_id=show.id,
                    happened_at=now,
                    kind=change.kind,
                    season_number=change.season_number,
                    summary=change.summary,
                )
            )
        result = MergeResult(
            show_id=show.id,
            title=show.title,
            tvmaze_id=tvmaze_id,
            created=created,
            changed=changed or created,
            changes=tuple(changes),
            poster_url=show.poster_url,
            poster_file=show.poster_file,
        )
    log.info(
        "Merged %r (TVmaze %d): %s",
        result.title,
        tvmaze_id,
        "added" if created else ("changed" if result.changed else "no change"),
    )
    return result


def _with_children() -> list[Any]:
    return [selectinload(Show.seasons), selectinload(Show.episodes)]


def _new_show(record: ShowRecord, now: datetime) -> Show:
    return Show(
        title=validation.clean_title(record.title),
        tvmaze_id=record.external_ids.tvmaze,
        genres=[],
        synopsis="",
        synopsis_html="",
        provider_status=ShowStatus.UNKNOWN,
        renewal_status=RenewalStatus.UNKNOWN,
        added_at=now,
        updated_at=now,
        user_edited=[],
        seasons=[],
        episodes=[],
    )


class _Setter:
    """Sets attributes only when the value differs, remembering whether anything did."""

    def __init__(self, target: object) -> None:
        self.target = target
        self.changed = False

    def __call__(self, name: str, value: object) -> None:
        if getattr(self.target, name) != value:
            setattr(self.target, name, value)
            self.changed = True


def _edited_seasons(user_edited: Iterable[str]) -> set[int]:
    numbers: set[int] = set()
    for entry in user_edited:
        if entry.startswith(SEASON_EDIT_PREFIX) and entry[len(SEASON_EDIT_PREFIX) :].isdigit():
            numbers.add(int(entry[len(SEASON_EDIT_PREFIX) :]))
    return numbers


def _apply(
    session: Session, show: Show, record: ShowRecord, *, today: date, created: bool
) -> tuple[bool, list[Change]]:
    """Copy the record onto the show, sparing the user's fields; returns (changed, news)."""
    edited = set(show.user_edited or ())
    old_status = show.provider_status
    old_windows = [(season.premiere_date, season.end_date) for season in show.seasons]
    old_dates = {season.number: season.premiere_date for season in show.seasons}
    old_renewal = show.renewal_status

    set_field = _Setter(show)
    if EditableField.TITLE not in edited:
        set_field("title", validation.clean_title(record.title))
    if EditableField.NETWORK not in edited:
        set_field("network", validation.clean_optional_line(record.network, what="network"))
        set_field("network_kind", record.network_kind)
    if EditableField.COUNTRY not in edited:
        set_field("country", validation.clean_optional_line(record.country, what="country"))
    if EditableField.LANGUAGE not in edited:
        set_field("language", validation.clean_optional_line(record.language, what="language"))
    if EditableField.GENRES not in edited:
        set_field("genres", validation.clean_genres(record.genres))
    if EditableField.SYNOPSIS not in edited:
        set_field("synopsis", validation.clean_synopsis(record.synopsis))
        set_field("synopsis_html", record.synopsis_html)
    if EditableField.PREMIERED not in edited:
        set_field("premiered", record.premiered)
    set_field("provider_status", record.status)
    set_field("ended", record.ended)
    set_field("poster_url", record.image_url)
    _link_external_ids(session, show, record.external_ids, set_field)

    edited_seasons = _edited_seasons(edited)
    seasons_changed = _merge_seasons(show, record, edited_seasons)
    episodes_changed = _merge_episodes(show, record, edited_seasons)

    new_windows = [(season.premiere_date, season.end_date) for season in show.seasons]
    new_renewal = renewal_from_provider(record.status, new_windows, today)
    if EditableField.RENEWAL not in edited:
        set_field("renewal_status", new_renewal)
        if new_renewal is not RenewalStatus.RENEWED:
            set_field("renewal_announced_on", None)
        elif old_renewal is not RenewalStatus.RENEWED and not created:
            set_field("renewal_announced_on", today)  # when Watchlist learned of it

    changed = set_field.changed or seasons_changed or episodes_changed
    if created:
        return changed, []
    old_renewal_by_provider = renewal_from_provider(old_status, old_windows, today)
    news = _news(
        old_status=old_status,
        old_renewal=old_renewal_by_provider,
        old_dates=old_dates,
        show=show,
        record=record,
        new_renewal=new_renewal,
        edited_seasons=edited_seasons,
        today=today,
    )
    return changed, news


def _link_external_ids(session: Session, show: Show, ids: ExternalIds, set_field: _Setter) -> None:
    """Fill in IMDb and TheTVDB ids unless another show of the library already has them."""
    for attribute, column, value in (
        ("imdb_id", Show.imdb_id, ids.imdb),
        ("thetvdb_id", Show.thetvdb_id, ids.thetvdb),
    ):
        if value is None or getattr(show, attribute) == value:
            continue
        with session.no_autoflush:
            holder = session.scalar(select(Show.id).where(column == value))
        if holder is None or holder == show.id:
            set_field(attribute, value)
        else:
            log.info(
                "Not giving %r the %s %s: show %d has it", show.title, attribute, value, holder
            )


def _merge_seasons(show: Show, record: ShowRecord, edited_seasons: set[int]) -> bool:
    changed = False
    upstream = {season.number: season for season in record.seasons}
    existing = {season.number: season for season in show.seasons}
    for number, incoming in sorted(upstream.items()):
        if number in edited_seasons:
            continue
        values = {
            "name": validation.clean_optional_line(
                incoming.name, what="season name", limit=MAX_TITLE_LENGTH
            )
            or "",
            "premiere_date": incoming.premiere_date,
            "end_date": incoming.end_date,
            "episode_count": incoming.episode_count,
            "provider_id": incoming.provider_id,
        }
        season = existing.get(number)
        if season is None:
            show.seasons.append(Season(number=number, **values))
            changed = True
            continue
        set_field = _Setter(season)
        for name, value in values.items():
            set_field(name, value)
        changed = changed or set_field.changed
    for number, season in existing.items():
        if number not in upstream and number not in edited_seasons:
            show.seasons.remove(season)
            changed = True
    return changed


def _merge_episodes(show: Show, record: ShowRecord, edited_seasons: set[int]) -> bool:
    """Upsert episodes by (season, number); keep watched flags, and watched episodes."""
    changed = False
    upstream: dict[tuple[int, int | None], EpisodeRecord] = {
        (episode.season_number, episode.number): episode
        for episode in record.episodes
        if episode.number is not None and episode.season_number not in edited_seasons
    }
    existing: dict[tuple[int, int | None], Episode] = {
        (episode.season_number, episode.number): episode for episode in show.episodes
    }
    for key, incoming in upstream.items():
        values = {
            "title": validation.clean_optional_line(
                incoming.title, what="episode title", limit=MAX_TITLE_LENGTH
            )
            or "",
            "airdate": incoming.airdate,
            "provider_id": incoming.provider_id,
            "airstamp": incoming.airstamp,
            "runtime": incoming.runtime,
        }
        episode = existing.get(key)
        if episode is None:
            show.episodes.append(
                Episode(season_number=incoming.season_number, number=incoming.number, **values)
            )
            changed = True
            continue
        set_field = _Setter(episode)
        for name, value in values.items():
            set_field(name, value)
        changed = changed or set_field.changed
    for key, episode in existing.items():
        gone_upstream = key not in upstream and episode.season_number not in edited_seasons
        if gone_upstream and not episode.watched:
            show.episodes.remove(episode)
            changed = True
    return changed


def _is_upcoming(premiere: date | None, today: date) -> bool:
    return premiere is None or premiere > today


def _season_phrase(number: int, premiere: date | None) -> str:
    return f"season {number}" + (f", premiering {format_day(premiere)}" if premiere else "")


def _news(
    *,
    old_status: ShowStatus,
    old_renewal: RenewalStatus,
    old_dates: dict[int, date | None],
    show: Show,
    record: ShowRecord,
    new_renewal: RenewalStatus,
    edited_seasons: set[int],
    today: date,
) -> list[Change]:
    """What changed that a fan would want to hear about, judged on the provider's facts."""
    news: list[Change] = []
    new_dates = {
        season.number: season.premiere_date
        for season in show.seasons
        if season.number not in edited_seasons
    }
    covered: set[int] = set()
    if record.status is ShowStatus.ENDED and old_status is not ShowStatus.ENDED:
        news.append(Change(ChangeKind.ENDED, "Ended: TVmaze lists no further seasons"))
    elif new_renewal is RenewalStatus.RENEWED and old_renewal is not RenewalStatus.RENEWED:
        upcoming = sorted(n for n, day in new_dates.items() if _is_upcoming(day, today))
        number = upcoming[0] if upcoming else None
        if number is None:
            news.append(Change(ChangeKind.RENEWED, "Renewed"))
        else:
            phrase = _season_phrase(number, new_dates[number])
            news.append(Change(ChangeKind.RENEWED, f"Renewed for {phrase}", number))
            covered.add(number)
    for number, premiere in sorted(new_dates.items()):
        if number in covered:
            continue
        if number not in old_dates:
            if _is_upcoming(premiere, today):
                announced = f"Season {number} announced" + (
                    f" for {format_day(premiere)}" if premiere else ""
                )
                news.append(Change(ChangeKind.SEASON_ANNOUNCED, announced, number))
            continue
        before = old_dates[number]
        if premiere is None or premiere == before or premiere < today - RECENT_DATE_NEWS:
            continue
        if before is None:
            summary = f"Season {number} premieres {format_day(premiere)}"
        else:
            summary = f"Season {number} moved from {format_day(before)} to {format_day(premiere)}"
        news.append(Change(ChangeKind.SEASON_DATED, summary, number))
    return news
