"""TVmaze (https://www.tvmaze.com/api): search, a show with its seasons and episodes, updates.

Parsing is strict: a required field that is missing or of the wrong type fails that one show with
a message naming the field; the fields TVmaze documents as nullable may be null. TVmaze's data is
licensed CC BY-SA, which the About box credits.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from watchlist.core.html import html_to_text, is_safe_link, sanitize_html
from watchlist.core.networks import guess_network_kind
from watchlist.core.records import EpisodeRecord, ExternalIds, SeasonRecord, ShowRecord
from watchlist.core.status import NetworkKind, show_status_from_tvmaze
from watchlist.core.text import quoted, shortened, text_problem
from watchlist.store import validation
from watchlist.store.errors import LibraryError
from watchlist.store.limits import MAX_DATABASE_INTEGER, MAX_URL_LENGTH
from watchlist.sync.errors import MalformedResponseError, NotFoundError, ShowGoneError
from watchlist.sync.http import HttpClient
from watchlist.sync.provider import SearchResult, UpdatePeriod

log = logging.getLogger(__name__)

SHOW_EMBEDS = ("seasons", "episodes", "nextepisode")


class _Object:
    """A JSON object read strictly: every accessor names the path of what it found wrong."""

    def __init__(self, value: Any, path: str, subject: str) -> None:
        if not isinstance(value, dict):
            where = f"'{path}'" if path else "the answer"
            raise MalformedResponseError(subject, f"{where} is not an object")
        self.data: dict[str, Any] = value
        self.path = path
        self.subject = subject

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> MalformedResponseError:
        return MalformedResponseError(self.subject, f"'{self._where(key)}' {problem}")

    def required_int(self, key: str) -> int:
        if key not in self.data:
            raise self.fail(key, "is missing")
        value = self.optional_int(key)
        if value is None:
            raise self.fail(key, "is empty")
        return value

    def optional_int(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"is not a whole number ({quoted(value, 40)})")
        if abs(value) > MAX_DATABASE_INTEGER:
            raise self.fail(key, f"is out of range ({value:.3g})")
        return value

    def optional_number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(key, f"is not a number ({quoted(value)})")
        return float(value)

    def required_text(self, key: str) -> str:
        if key not in self.data:
            raise self.fail(key, "is missing")
        value = self.optional_text(key)
        if value is None or not value.strip():
            raise self.fail(key, "is empty")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(key, f"is not text ({type(value).__name__})")
        return self._checked_text(key, value)

    def _checked_text(self, key: str, value: str) -> str:
        problem = text_problem(value)
        if problem is not None:
            raise self.fail(key, problem)
        return value

    def optional_date(self, key: str) -> date | None:
        """A YYYY-MM-DD date; TVmaze writes an unknown date as null or ""."""
        value = self.optional_text(key)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(key, f"is not a date ({quoted(value)})") from None

    def optional_object(self, key: str) -> _Object | None:
        value = self.data.get(key)
        if value is None:
            return None
        return _Object(value, self._where(key), self.subject)

    def required_list(self, key: str) -> list[Any]:
        if key not in self.data:
            raise self.fail(key, "is missing")
        value = self.data[key]
        if not isinstance(value, list):
            raise self.fail(key, "is not a list")
        return value

    def optional_texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(key, "is not a list of text")
        return tuple(self._checked_text(key, item) for item in value)

    def objects(self, key: str) -> list[_Object]:
        return [
            _Object(item, f"{self._where(key)}[{index}]", self.subject)
            for index, item in enumerate(self.required_list(key))
        ]


def _channel(show: _Object) -> tuple[str | None, NetworkKind | None, str | None]:
    """Network name, kind and country code from ``network`` (TV) or ``webChannel`` (streaming)."""
    network = show.optional_object("network")
    web_channel = show.optional_object("webChannel")
    channel = network or web_channel
    if channel is None:
        return None, None, None
    name = channel.optional_text("name")
    country = channel.optional_object("country")
    code = country.optional_text("code") if country else None
    if network is None:
        return name, NetworkKind.STREAMING, code
    # A channel TVmaze files under "network" airs on television; when its kind is not known,
    # broadcast is the likelier guess (most unlisted channels are national free-to-air ones).
    return name, guess_network_kind(name) or NetworkKind.BROADCAST, code


def _poster_url(show: _Object) -> str | None:
    """The medium image (about 210x295: plenty for a poster), else the original."""
    image = show.optional_object("image")
    if image is None:
        return None
    for key in ("medium", "original"):
        url = image.optional_text(key)
        if url and len(url) <= MAX_URL_LENGTH and is_safe_link(url):
            return url
    return None


def _season(season: _Object) -> SeasonRecord:
    number = season.required_int("number")
    if number < 0:
        raise season.fail("number", f"is negative ({number})")
    episode_count = season.optional_int("episodeOrder")
    if episode_count is not None and episode_count < 0:
        raise season.fail("episodeOrder", f"is negative ({episode_count})")
    return SeasonRecord(
        number=number,
        name=(season.optional_text("name") or "").strip(),
        premiere_date=season.optional_date("premiereDate"),
        end_date=season.optional_date("endDate"),
        episode_count=episode_count,
        provider_id=season.optional_int("id"),
    )


def _episode(episode: _Object) -> EpisodeRecord:
    runtime = episode.optional_number("runtime")
    return EpisodeRecord(
        season_number=episode.required_int("season"),
        number=episode.optional_int("number"),
        title=(episode.optional_text("name") or "").strip(),
        airdate=episode.optional_date("airdate"),
        provider_id=episode.optional_int("id"),
        airstamp=_airstamp(episode),
        runtime=round(runtime) if runtime and 0 < runtime <= 10_000 else None,
    )


def _airstamp(episode: _Object) -> datetime | None:
    """The exact air time ("2013-06-25T02:00:00+00:00"); None when absent or without an offset."""
    value = episode.optional_text("airstamp")
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise episode.fail("airstamp", f"is not a date and time ({quoted(value)})") from None
    return moment if moment.tzinfo is not None else None


def _regular_episodes(records: list[EpisodeRecord]) -> tuple[EpisodeRecord, ...]:
    """Numbered episodes, one per (season, number); specials (number null) are left out."""
    seen: set[tuple[int, int]] = set()
    kept: list[EpisodeRecord] = []
    for record in records:
        if record.number is None:
            continue
        key = (record.season_number, record.number)
        if key in seen:
            log.debug("Skipping a second S%dE%d from TVmaze", *key)
            continue
        seen.add(key)
        kept.append(record)
    return tuple(kept)


def _date_announced_seasons(
    seasons: list[SeasonRecord],
    episodes: tuple[EpisodeRecord, ...],
    next_episode: EpisodeRecord | None,
) -> tuple[SeasonRecord, ...]:
    """Give an undated season the air date of its first episode, when TVmaze lists one."""
    first_airdates = {
        episode.season_number: episode.airdate
        for episode in (*episodes, *([next_episode] if next_episode else []))
        if episode.number == 1 and episode.airdate is not None
    }
    return tuple(
        replace(season, premiere_date=first_airdates[season.number])
        if season.premiere_date is None and season.number in first_airdates
        else season
        for season in seasons
    )


def _unique_seasons(seasons: list[SeasonRecord], show: _Object) -> list[SeasonRecord]:
    numbers = [season.number for season in seasons]
    duplicates = sorted({number for number in numbers if numbers.count(number) > 1})
    if duplicates:
        raise show.fail("_embedded.seasons", f"lists season {duplicates[0]} twice")
    return seasons


def parse_show(value: Any, *, subject: str, embedded: bool) -> ShowRecord:
    """A TVmaze show object (with ``_embedded`` seasons and episodes when ``embedded``)."""
    show = _Object(value, "", subject)
    tvmaze_id = show.required_int("id")
    title = show.required_text("name").strip()
    show.subject = f"{subject} ({shortened(title)})"
    network, kind, country = _channel(show)
    externals = show.optional_object("externals")
    summary = show.optional_text("summary")
    try:  # measured before it is parsed as HTML
        validation.clean_synopsis_html(summary)
    except LibraryError as error:
        raise MalformedResponseError(show.subject, str(error).rstrip(".")) from None
    seasons: tuple[SeasonRecord, ...] = ()
    episodes: tuple[EpisodeRecord, ...] = ()
    next_episode: EpisodeRecord | None = None
    if embedded:
        embeds = show.optional_object("_embedded")
        if embeds is None:
            raise show.fail("_embedded", "is missing")
        season_list = _unique_seasons([_season(item) for item in embeds.objects("seasons")], show)
        episodes = _regular_episodes([_episode(item) for item in embeds.objects("episodes")])
        next_object = embeds.optional_object("nextepisode")
        next_episode = _episode(next_object) if next_object else None
        if next_episode is not None and next_episode.number is not None:
            known = {(episode.season_number, episode.number) for episode in episodes}
            if (next_episode.season_number, next_episode.number) not in known:
                episodes = (*episodes, next_episode)
        seasons = _date_announced_seasons(season_list, episodes, next_episode)
        counts = _episode_counts(episodes)
        seasons = tuple(
            replace(season, episode_count=counts[season.number])
            if season.episode_count is None and season.number in counts
            else season
            for season in seasons
        )
    record = ShowRecord(
        title=title,
        external_ids=ExternalIds(
            tvmaze=tvmaze_id,
            imdb=(externals.optional_text("imdb") or None) if externals else None,
            thetvdb=externals.optional_int("thetvdb") if externals else None,
        ),
        network=network,
        network_kind=kind,
        country=country,
        language=show.optional_text("language"),
        genres=show.optional_texts("genres"),
        synopsis=html_to_text(summary),
        synopsis_html=sanitize_html(summary),
        status=show_status_from_tvmaze(show.optional_text("status")),
        premiered=show.optional_date("premiered"),
        ended=show.optional_date("ended"),
        image_url=_poster_url(show),
        provider_updated=show.required_int("updated"),
        seasons=seasons,
        episodes=episodes,
        next_episode=next_episode,
    )
    _check_fits_the_library(record, show)
    return record


def _check_fits_the_library(record: ShowRecord, show: _Object) -> None:
    """Refuse, as malformed, a show with values the library would not store (absurd sizes).

    Checked here, before anything is written, so a sync fails that one show cleanly.
    """
    try:
        validation.clean_title(record.title)
        for what, value in (
            ("network", record.network),
            ("country", record.country),
            ("language", record.language),
        ):
            validation.clean_optional_line(value, what=what)
        validation.clean_genres(record.genres)
        validation.clean_synopsis(record.synopsis)
        validation.check_external_ids(record.external_ids)
        for season in record.seasons:
            validation.clean_optional_line(season.name, what="season name")
        for episode in record.episodes:
            validation.clean_optional_line(episode.title, what="episode title")
    except LibraryError as error:
        raise MalformedResponseError(show.subject, str(error).rstrip(".")) from None


def _episode_counts(episodes: tuple[EpisodeRecord, ...]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for episode in episodes:
        counts[episode.season_number] = counts.get(episode.season_number, 0) + 1
    return counts


def parse_search_results(value: Any, *, subject: str) -> list[SearchResult]:
    """TVmaze's ``/search/shows`` answer: a list of ``{"score", "show"}``."""
    if not isinstance(value, list):
        raise MalformedResponseError(subject, "the answer is not a list")
    results: list[SearchResult] = []
    for index, item in enumerate(value):
        row = _Object(item, f"[{index}]", subject)
        show = row.optional_object("show")
        if show is None:
            raise row.fail("show", "is missing")
        network, _kind, _country = _channel(show)
        premiered = show.optional_date("premiered")
        results.append(
            SearchResult(
                provider_id=show.required_int("id"),
                title=show.required_text("name").strip(),
                year=premiered.year if premiered else None,
                network=network,
                status=show_status_from_tvmaze(show.optional_text("status")),
                poster_url=_poster_url(show),
                summary=html_to_text(show.optional_text("summary")),
                premiered=premiered,
                language=show.optional_text("language"),
                genres=show.optional_texts("genres"),
                score=row.optional_number("score"),
            )
        )
    return results


def parse_updates(value: Any, *, subject: str) -> dict[int, int]:
    """TVmaze's ``/updates/shows`` answer: ``{"<show id>": <unix time of its last change>}``."""
    if not isinstance(value, dict):
        raise MalformedResponseError(subject, "the answer is not an object")
    updates: dict[int, int] = {}
    for key, stamp in value.items():
        if not isinstance(key, str) or not key.isdigit() or len(key) > 10:
            raise MalformedResponseError(subject, f"{quoted(key)} is not a show id")
        if isinstance(stamp, bool) or not isinstance(stamp, int):
            raise MalformedResponseError(
                subject, f"the time for show {quoted(key)} is not a number"
            )
        updates[int(key)] = stamp
    return updates


class TvmazeProvider:
    """The TVmaze API as a ``Provider``."""

    name = "TVmaze"

    def __init__(self, client: HttpClient) -> None:
        self.client = client

    @property
    def requests_made(self) -> int:
        return self.client.requests_made

    def close(self) -> None:
        self.client.close()

    def search(self, query: str) -> list[SearchResult]:
        subject = f"the search for {quoted(query)}"
        data = self.client.get_json("search/shows", {"q": query}, what=subject)
        return parse_search_results(data, subject=subject)

    def fetch_show(self, provider_id: int) -> ShowRecord:
        subject = f"show {provider_id}"
        try:
            data = self.client.get_json(
                f"shows/{provider_id}", {"embed[]": list(SHOW_EMBEDS)}, what=subject
            )
        except NotFoundError:
            raise ShowGoneError(provider_id) from None
        record = parse_show(data, subject=subject, embedded=True)
        if record.external_ids.tvmaze != provider_id:
            raise MalformedResponseError(
                subject, f"the answer is about show {record.external_ids.tvmaze}"
            )
        return record

    def changed_since(self, period: UpdatePeriod | None) -> dict[int, int]:
        params = {"since": period.value} if period else None
        subject = "the list of updated shows"
        return parse_updates(
            self.client.get_json("updates/shows", params, what=subject), subject=subject
        )

    def lookup(self, *, imdb: str | None = None, thetvdb: int | None = None) -> ShowRecord | None:
        if (imdb is None) == (thetvdb is None):
            raise ValueError("look a show up by exactly one of imdb or thetvdb")
        params: dict[str, str] = {"imdb": imdb} if imdb else {"thetvdb": str(thetvdb)}
        subject = f"the show with {next(iter(params))} id {shortened(next(iter(params.values())))}"
        try:
            data = self.client.get_json("lookup/shows", params, what=subject)
        except NotFoundError:
            return None
        return parse_show(data, subject=subject, embedded=False)
