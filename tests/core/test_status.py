"""Statuses and the mapping from TVmaze's show statuses."""

from __future__ import annotations

from datetime import date

import pytest

from watchlist.core.networks import guess_network_kind
from watchlist.core.status import (
    NetworkKind,
    RenewalStatus,
    ShowStatus,
    renewal_from_provider,
    show_status_from_tvmaze,
)

TODAY = date(2022, 6, 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Running", ShowStatus.RUNNING),
        ("Ended", ShowStatus.ENDED),
        ("To Be Determined", ShowStatus.TO_BE_DETERMINED),
        ("In Development", ShowStatus.IN_DEVELOPMENT),
        (" running ", ShowStatus.RUNNING),
        ("Something New", ShowStatus.UNKNOWN),
        (None, ShowStatus.UNKNOWN),
    ],
)
def test_show_status_from_tvmaze(text: str | None, expected: ShowStatus) -> None:
    assert show_status_from_tvmaze(text) is expected


def test_running_with_an_undated_season_is_renewed() -> None:
    seasons = [(date(2022, 1, 28), date(2022, 1, 28)), (None, None)]
    assert renewal_from_provider(ShowStatus.RUNNING, seasons, TODAY) is RenewalStatus.RENEWED


def test_running_with_a_future_season_is_renewed() -> None:
    seasons = [(date(2021, 1, 1), date(2021, 2, 1)), (date(2023, 1, 1), None)]
    assert renewal_from_provider(ShowStatus.RUNNING, seasons, TODAY) is RenewalStatus.RENEWED


def test_running_with_a_season_under_way_is_airing() -> None:
    seasons = [(date(2022, 5, 1), date(2022, 7, 1))]
    assert renewal_from_provider(ShowStatus.RUNNING, seasons, TODAY) is RenewalStatus.AIRING


def test_running_with_every_season_past_is_awaiting() -> None:
    seasons = [(date(2021, 5, 1), date(2021, 7, 1))]
    assert renewal_from_provider(ShowStatus.RUNNING, seasons, TODAY) is RenewalStatus.AWAITING


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (ShowStatus.TO_BE_DETERMINED, RenewalStatus.AWAITING),
        (ShowStatus.ENDED, RenewalStatus.ENDED),
        (ShowStatus.IN_DEVELOPMENT, RenewalStatus.IN_DEVELOPMENT),
        (ShowStatus.UNKNOWN, RenewalStatus.UNKNOWN),
    ],
)
def test_other_statuses_map_directly(status: ShowStatus, expected: RenewalStatus) -> None:
    assert renewal_from_provider(status, [(None, None)], TODAY) is expected


def test_ended_is_never_cancelled_without_the_user() -> None:
    assert renewal_from_provider(ShowStatus.ENDED, [], TODAY) is not RenewalStatus.CANCELLED


def test_final_statuses() -> None:
    assert {s for s in RenewalStatus if s.is_final} == {
        RenewalStatus.CANCELLED,
        RenewalStatus.ENDED,
    }


@pytest.mark.parametrize(
    ("network", "kind"),
    [
        ("Netflix", NetworkKind.STREAMING),
        ("Apple TV+", NetworkKind.STREAMING),
        ("HBO", NetworkKind.CABLE),
        ("CBS", NetworkKind.BROADCAST),
        ("BBC One", NetworkKind.BROADCAST),
        ("Some Local Channel", None),
        (None, None),
    ],
)
def test_guess_network_kind(network: str | None, kind: NetworkKind | None) -> None:
    assert guess_network_kind(network) is kind
