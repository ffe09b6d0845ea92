"""An iCalendar (RFC 5545) file of what is coming up for the shows the user follows.

Events: confirmed season premieres and dated episodes (timed when the provider gives the exact
air time, all-day otherwise) and, on request, estimated or announced premieres as tentative
all-day events on the likely day, with their window and reason in the description.

Every event's UID is derived from the show's catalogue id (TVmaze, else IMDb, else TheTVDB,
else the library's own id), the season and the episode, so exporting again gives the same UIDs:
calendar apps update their events instead of adding duplicates, and an estimated premiere that
later gets its date keeps its UID and turns from tentative to confirmed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from icalendar import Calendar, Event

from watchlist import __version__
from watchlist.core.dates import format_day
from watchlist.core.estimate import EstimateKind
from watchlist.core.records import ExternalIds
from watchlist.store.library import Library
from watchlist.store.upcoming import FollowedShowOutlook, FutureEpisode, followed_outlook

UID_DOMAIN = "watchlist"
PRODID = f"-//Watchlist//Watchlist {__version__}//EN"
CALENDAR_NAME = "Watchlist"
DEFAULT_DAYS = 365
DEFAULT_RUNTIME_MINUTES = 60
TVMAZE_SHOW_URL = "https://www.tvmaze.com/shows/{id}"


class EventStatus(StrEnum):
    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One event, before it becomes iCalendar text."""

    uid: str
    summary: str
    day: date
    status: EventStatus = EventStatus.CONFIRMED
    description: str = ""
    start: datetime | None = None  # a timed event; None: all-day on ``day``
    minutes: int = DEFAULT_RUNTIME_MINUTES
    url: str | None = None


def show_key(ids: ExternalIds, show_id: int) -> str:
    """The stable part of a show's UIDs: "tvmaze-55555", "imdb-tt0903747" or "show-12"."""
    if ids.tvmaze is not None:
        return f"tvmaze-{ids.tvmaze}"
    if ids.imdb:
        return f"imdb-{ids.imdb}"
    if ids.thetvdb is not None:
        return f"thetvdb-{ids.thetvdb}"
    return f"show-{show_id}"


def premiere_uid(ids: ExternalIds, show_id: int, season: int) -> str:
    """ "tvmaze-55555-s2-premiere@watchlist", the same whether the date is sure or estimated."""
    return f"{show_key(ids, show_id)}-s{season}-premiere@{UID_DOMAIN}"


def episode_uid(ids: ExternalIds, show_id: int, season: int, episode: int) -> str:
    """ "tvmaze-55555-s2e3@watchlist"."""
    return f"{show_key(ids, show_id)}-s{season}e{episode}@{UID_DOMAIN}"


def _episode_label(episode: FutureEpisode) -> str:
    label = f"S{episode.season}E{episode.number}"
    return f"{label} · {episode.title}" if episode.title else label


def _episode_event(
    outlook: FollowedShowOutlook, episode: FutureEpisode, url: str | None
) -> CalendarEvent:
    """A dated episode; a first episode is its season's premiere and takes the premiere UID."""
    show, ids = outlook.show, outlook.external_ids
    where = f" on {show.network}" if show.network else ""
    if episode.number == 1:
        uid = premiere_uid(ids, show.id, episode.season)
        summary = f"{show.title} — Season {episode.season} premiere"
        description = f"{_episode_label(episode)}{where}."
    else:
        uid = episode_uid(ids, show.id, episode.season, episode.number)
        summary = f"{show.title} {_episode_label(episode)}"
        description = f"{show.title}, season {episode.season} episode {episode.number}{where}."
    return CalendarEvent(
        uid=uid,
        summary=summary,
        day=episode.airdate,
        description=description,
        start=episode.airstamp.astimezone(UTC) if episode.airstamp else None,
        minutes=episode.runtime or DEFAULT_RUNTIME_MINUTES,
        url=url,
    )


def _premiere_event(
    outlook: FollowedShowOutlook, *, estimates: bool, horizon: date | None, url: str | None
) -> CalendarEvent | None:
    estimate = outlook.estimate
    day, season = estimate.likely, estimate.season_number
    if day is None or season is None or estimate.kind is EstimateKind.NONE:
        return None
    if horizon is not None and day > horizon:
        return None
    show = outlook.show
    uid = premiere_uid(outlook.external_ids, show.id, season)
    if estimate.kind is EstimateKind.CONFIRMED:
        return CalendarEvent(
            uid=uid,
            summary=f"{show.title} — Season {season} premiere",
            day=day,
            description=estimate.reason,
            url=url,
        )
    if not estimates:
        return None
    word = "announced" if estimate.kind is EstimateKind.ANNOUNCED else "estimated"
    window = estimate.label
    description = (
        f"Not a confirmed date: season {season} is {word} for {window}"
        f" ({round(estimate.confidence * 100)}% likely within it); the likeliest day is"
        f" {format_day(day)}. {estimate.reason}"
    )
    summary = f"{show.title} — Season {season} premiere? ({window})"
    if estimate.conditional:
        description = f"Not renewed yet: only if season {season} is renewed. " + description
        summary = f"{show.title} — Season {season} premiere, if renewed? ({window})"
    return CalendarEvent(
        uid=uid,
        summary=summary,
        day=day,
        status=EventStatus.TENTATIVE,
        description=description,
        url=url,
    )


def calendar_events(
    outlooks: Iterable[FollowedShowOutlook],
    today: date,
    *,
    estimates: bool = False,
    days: int | None = DEFAULT_DAYS,
) -> list[CalendarEvent]:
    """The events for these shows from ``today`` to ``days`` ahead (None: no limit), by date."""
    horizon = today + timedelta(days=days) if days is not None else None
    events: list[CalendarEvent] = []
    for outlook in outlooks:
        url = (
            TVMAZE_SHOW_URL.format(id=outlook.external_ids.tvmaze)
            if outlook.external_ids.tvmaze is not None
            else None
        )
        shown = [
            episode
            for episode in outlook.future_episodes
            if episode.airdate >= today and (horizon is None or episode.airdate <= horizon)
        ]
        events += [_episode_event(outlook, episode, url) for episode in shown]
        opened = {episode.season for episode in outlook.future_episodes if episode.number == 1}
        if outlook.estimate.season_number in opened:
            continue  # its first episode already stands for the premiere
        premiere = _premiere_event(outlook, estimates=estimates, horizon=horizon, url=url)
        if premiere is not None and premiere.day >= today:
            events.append(premiere)
    return sorted(events, key=_event_order)


def _event_order(event: CalendarEvent) -> tuple[date, datetime, str]:
    """By day, all-day events first, then by time and UID (so the file is reproducible)."""
    return (event.day, event.start or datetime.min.replace(tzinfo=UTC), event.uid)


def render_calendar(events: Iterable[CalendarEvent], *, now: datetime) -> str:
    """iCalendar text (CRLF line ends) with ``now`` as every event's DTSTAMP."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    stamp = now.astimezone(UTC)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.summary)
        if item.start is not None:
            event.add("dtstart", item.start)
            event.add("dtend", item.start + timedelta(minutes=item.minutes))
        else:
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
        event.add("status", item.status.value)
        event.add("transp", "TRANSPARENT")  # a premiere does not make the user busy
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    text: bytes = calendar.to_ical()
    return text.decode("utf-8")


def export_calendar(
    library: Library,
    *,
    today: date,
    estimates: bool = False,
    days: int | None = DEFAULT_DAYS,
) -> str:
    """The calendar of the followed shows, as iCalendar text, stamped with the library's clock."""
    events = calendar_events(
        followed_outlook(library, today), today, estimates=estimates, days=days
    )
    return render_calendar(events, now=library.now())
