"""The iCalendar export: events, stable UIDs, tentative estimates, timed episodes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from tests.store.shows import TODAY, add_synced, weekly
from watchlist.core.records import ExternalIds, SeasonRecord
from watchlist.core.status import RenewalStatus, WatchStatus
from watchlist.store.calendar import episode_uid, export_calendar, premiere_uid
from watchlist.store.library import Library, NewShow, SeasonEdit


def events(text: str) -> dict[str, dict[str, object]]:
    calendar = Calendar.from_ical(text)
    return {
        str(event["UID"]): {
            "summary": str(event["SUMMARY"]),
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "status": str(event["STATUS"]),
            "description": str(event.get("DESCRIPTION", "")),
        }
        for event in calendar.walk("VEVENT")
    }


def fill(library: Library) -> None:
    add_synced(
        library,
        title="Slow Horses",
        tvmaze=12345,
        seasons=(
            SeasonRecord(1, premiere_date=date(2025, 7, 1), episode_count=4),
            SeasonRecord(2, premiere_date=date(2025, 10, 1)),
        ),
        episodes=weekly(1, 4, date(2025, 7, 1), hour=2) + weekly(2, 1, date(2025, 10, 1)),
    )
    library.add_show(
        NewShow(
            title="Dark",
            renewal_status=RenewalStatus.RENEWED,
            watch_status=WatchStatus.WATCHING,
            seasons=(SeasonEdit(1, date(2024, 5, 1), 10),),
        )
    )


def test_premieres_and_episodes_with_stable_uids(library: Library) -> None:
    fill(library)
    found = events(export_calendar(library, today=TODAY))
    assert sorted(found) == [
        "tvmaze-12345-s1e3@watchlist",
        "tvmaze-12345-s1e4@watchlist",
        "tvmaze-12345-s2-premiere@watchlist",
    ]
    episode = found["tvmaze-12345-s1e3@watchlist"]
    assert episode["summary"] == "Slow Horses S1E3 · Episode 3"
    assert episode["start"] == datetime(2025, 7, 15, 2, tzinfo=UTC)
    assert episode["end"] == datetime(2025, 7, 15, 2, 50, tzinfo=UTC)
    premiere = found["tvmaze-12345-s2-premiere@watchlist"]
    assert premiere["summary"] == "Slow Horses — Season 2 premiere"
    assert (premiere["start"], premiere["end"]) == (date(2025, 10, 1), date(2025, 10, 2))
    assert premiere["status"] == "CONFIRMED"


def test_exporting_again_gives_the_same_file(library: Library) -> None:
    fill(library)
    first = export_calendar(library, today=TODAY)
    second = export_calendar(library, today=TODAY)
    assert [line for line in first.splitlines() if not line.startswith("DTSTAMP")] == [
        line for line in second.splitlines() if not line.startswith("DTSTAMP")
    ]
    assert first.startswith("BEGIN:VCALENDAR\r\n") and "PRODID:-//Watchlist//Watchlist " in first


def test_estimates_are_optional_and_tentative(library: Library) -> None:
    fill(library)
    found = events(export_calendar(library, today=TODAY, estimates=True, days=None))
    estimate = found[premiere_uid(ExternalIds(), 2, 2)]
    assert estimate["status"] == "TENTATIVE"
    assert estimate["summary"].startswith("Dark — Season 2 premiere? (")  # type: ignore[union-attr]
    assert "Not a confirmed date" in estimate["description"]  # type: ignore[operator]


def test_an_estimate_that_assumes_a_renewal_says_so(library: Library) -> None:
    library.add_show(
        NewShow(
            title="Mindhunter",
            renewal_status=RenewalStatus.AWAITING,
            watch_status=WatchStatus.WATCHING,
            seasons=(SeasonEdit(1, date(2017, 10, 13), 10), SeasonEdit(2, date(2019, 8, 16), 9)),
        )
    )
    found = events(export_calendar(library, today=TODAY, estimates=True, days=None))
    [estimate] = found.values()
    assert estimate["status"] == "TENTATIVE"
    assert estimate["summary"].startswith(  # type: ignore[union-attr]
        "Mindhunter — Season 3 premiere, if renewed? ("
    )
    assert estimate["description"].startswith("Not renewed yet")  # type: ignore[union-attr]


def test_days_limit_how_far_ahead(library: Library) -> None:
    fill(library)
    assert sorted(events(export_calendar(library, today=TODAY, days=6))) == [
        "tvmaze-12345-s1e3@watchlist"
    ]


ids = st.builds(
    ExternalIds,
    st.one_of(st.none(), st.integers(1, 10**9)),
    st.one_of(st.none(), st.from_regex(r"tt\d{7,8}", fullmatch=True)),
    st.one_of(st.none(), st.integers(1, 10**9)),
)


@given(ids, st.integers(1, 10**6), st.integers(0, 1000), st.integers(1, 10_000))
def test_uids_depend_only_on_the_show_and_episode(
    show_ids: ExternalIds, show_id: int, season: int, episode: int
) -> None:
    uid = episode_uid(show_ids, show_id, season, episode)
    assert uid == episode_uid(show_ids, show_id, season, episode)
    assert uid.endswith("@watchlist") and " " not in uid
    assert uid != premiere_uid(show_ids, show_id, season)
    assert uid != episode_uid(show_ids, show_id, season, episode + 1)
    assert premiere_uid(show_ids, show_id, season) != premiere_uid(show_ids, show_id, season + 1)
