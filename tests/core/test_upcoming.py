"""Upcoming items: from next episodes and estimates, sorted, grouped by month, counted down."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from watchlist.core.estimate import Estimate, EstimateKind
from watchlist.core.upcoming import (
    Certainty,
    FollowedShow,
    NextAiring,
    UpcomingKind,
    countdown,
    group_by_month,
    sort_upcoming,
    upcoming_for_show,
)

TODAY = date(2025, 7, 15)
SHOW = FollowedShow(1, "Severance", "Apple TV+")
NONE = Estimate(EstimateKind.NONE, None, None, None, 0.0, "Ended", "It ended.", 3)


def estimate(
    kind: EstimateKind, earliest: date, latest: date, likely: date, season: int = 3
) -> Estimate:
    return Estimate(kind, earliest, latest, likely, 0.8, "label", "Because.", season)


def test_a_next_episode_is_a_confirmed_item() -> None:
    items = upcoming_for_show(
        SHOW, NextAiring(2, 5, "Chikhai Bardo", date(2025, 7, 27)), NONE, TODAY
    )
    assert len(items) == 1
    item = items[0]
    assert (item.kind, item.certainty, item.likely) == (
        UpcomingKind.EPISODE,
        Certainty.CONFIRMED,
        date(2025, 7, 27),
    )
    assert item.what == "S2E5 · Chikhai Bardo"
    assert item.window_label == "27 July 2025"
    assert item.countdown(TODAY) == "in 12 days"


def test_a_first_episode_is_the_premiere_and_replaces_that_seasons_estimate() -> None:
    confirmed = estimate(
        EstimateKind.CONFIRMED, date(2025, 9, 1), date(2025, 9, 1), date(2025, 9, 1)
    )
    items = upcoming_for_show(SHOW, NextAiring(3, 1, "Hello", date(2025, 9, 1)), confirmed, TODAY)
    assert [(item.kind, item.episode_number) for item in items] == [(UpcomingKind.PREMIERE, 1)]
    assert items[0].what == "Season 3 premiere · S3E1 · Hello"


def test_an_estimate_that_assumes_a_renewal_says_so_with_its_chance() -> None:
    guess = estimate(EstimateKind.ESTIMATED, date(2026, 9, 1), date(2027, 4, 30), date(2026, 12, 1))
    guess = replace(guess, conditional=True, renewal_chance=0.4)
    [item] = upcoming_for_show(SHOW, None, guess, TODAY)
    assert (item.conditional, item.renewal_chance) == (True, 0.4)


def test_an_estimate_keeps_its_window_and_reason() -> None:
    guess = estimate(EstimateKind.ESTIMATED, date(2026, 9, 1), date(2027, 4, 30), date(2026, 12, 1))
    [item] = upcoming_for_show(SHOW, None, guess, TODAY)
    assert item.is_estimate and item.certainty is Certainty.ESTIMATED
    assert item.window_label == "late 2026 or early 2027"
    assert item.reason == "Because."
    assert item.what == "Season 3 premiere"
    assert item.countdown(TODAY) == "in about 17 months"


def test_sorted_by_likely_date_with_confirmed_first_on_the_same_day() -> None:
    day = date(2025, 9, 1)
    guessed = upcoming_for_show(
        FollowedShow(2, "Andor"), None, estimate(EstimateKind.ESTIMATED, day, day, day), TODAY
    )
    sure = upcoming_for_show(FollowedShow(3, "Zorro"), NextAiring(1, 2, "", day), NONE, TODAY)
    earlier = upcoming_for_show(
        FollowedShow(4, "Yes"), NextAiring(1, 2, "", date(2025, 8, 1)), NONE, TODAY
    )
    ordered = sort_upcoming([*guessed, *sure, *earlier])
    assert [item.show_title for item in ordered] == ["Yes", "Zorro", "Andor"]


def test_grouped_by_month_in_date_order() -> None:
    items = [
        *upcoming_for_show(
            FollowedShow(1, "A"), NextAiring(1, 2, "", date(2025, 9, 3)), NONE, TODAY
        ),
        *upcoming_for_show(
            FollowedShow(2, "B"), NextAiring(1, 2, "", date(2025, 7, 20)), NONE, TODAY
        ),
        *upcoming_for_show(
            FollowedShow(3, "C"), NextAiring(1, 2, "", date(2025, 9, 1)), NONE, TODAY
        ),
    ]
    groups = group_by_month(items)
    assert [(group.label, [item.show_title for item in group.items]) for group in groups] == [
        ("July 2025", ["B"]),
        ("September 2025", ["C", "A"]),
    ]


@pytest.mark.parametrize(
    ("day", "approximate", "text"),
    [
        (date(2025, 7, 15), False, "today"),
        (date(2025, 7, 16), False, "tomorrow"),
        (date(2025, 7, 27), False, "in 12 days"),
        (date(2025, 9, 12), False, "in 59 days"),
        (date(2025, 10, 15), False, "in 3 months"),
        (date(2027, 8, 1), False, "in 2 years"),
        (date(2025, 7, 14), False, "yesterday"),
        (date(2025, 7, 10), False, "5 days ago"),
        (date(2025, 10, 15), True, "in about 3 months"),
    ],
)
def test_countdown(day: date, approximate: bool, text: str) -> None:
    assert countdown(day, TODAY, approximate=approximate) == text
