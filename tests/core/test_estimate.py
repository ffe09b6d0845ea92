"""The release estimator: hand-made histories, properties, and the committed priors."""

from __future__ import annotations

import importlib.util
import math
import re
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from watchlist.core.dates import format_window
from watchlist.core.estimate import (
    MODEL,
    STATED_CONFIDENCE,
    Calibration,
    Estimate,
    EstimateKind,
    Outlook,
    RenewalOdds,
    SeasonHistory,
    estimate_next_season,
    weighted_median,
)
from watchlist.core.status import RenewalStatus, ShowStatus

# Properties are about behaviour, never about speed.
NO_DEADLINE = settings(deadline=None)
ROOT = Path(__file__).resolve().parents[2]


def history(
    premieres: list[date],
    *,
    renewed_on: date | None = None,
    status: str = "running",
    network_kind: str | None = "broadcast",
    announced: str | None = None,
    network: str | None = None,
    source: str | None = None,
) -> SeasonHistory:
    return SeasonHistory(premieres, renewed_on, status, network_kind, announced, network, source)


def yearly(first: date, seasons: int) -> list[date]:
    """Premieres on the same weekday 52 weeks apart."""
    return [first + timedelta(weeks=52 * index) for index in range(seasons)]


ALL_OF_US_ARE_DEAD = history(
    [date(2022, 1, 28)],
    renewed_on=date(2022, 6, 6),
    status="renewed",
    network_kind="streaming",
    network="Netflix",
)
BIG_BANG = yearly(date(2007, 9, 24), 5)


def width(estimate: Estimate) -> int:
    assert estimate.earliest is not None and estimate.latest is not None
    return (estimate.latest - estimate.earliest).days


# All of Us Are Dead: season 1 on 2022-01-28, renewed on 2022-06-06, asked the day after.


def test_renewed_one_season_show_is_estimated() -> None:
    estimate = estimate_next_season(ALL_OF_US_ARE_DEAD, today=date(2022, 6, 7))
    assert estimate.kind is EstimateKind.ESTIMATED


def test_renewed_one_season_show_estimates_season_two() -> None:
    estimate = estimate_next_season(ALL_OF_US_ARE_DEAD, today=date(2022, 6, 7))
    assert estimate.season_number == 2


def test_renewed_one_season_show_window_starts_after_today() -> None:
    estimate = estimate_next_season(ALL_OF_US_ARE_DEAD, today=date(2022, 6, 7))
    assert estimate.earliest is not None and estimate.earliest > date(2022, 6, 7)


def test_renewed_one_season_show_reason_names_premiere_renewal_and_network() -> None:
    estimate = estimate_next_season(ALL_OF_US_ARE_DEAD, today=date(2022, 6, 7))
    assert re.fullmatch(
        r"Season 1 premiered Jan 2022 and season 2 was renewed in Jun 2022; "
        r"Netflix series typically premiere \d+-\d+ months after a renewal\.",
        estimate.reason,
    )


def test_renewed_one_season_show_states_the_standard_confidence() -> None:
    estimate = estimate_next_season(ALL_OF_US_ARE_DEAD, today=date(2022, 6, 7))
    assert estimate.confidence == STATED_CONFIDENCE


def test_renewed_one_season_show_is_labelled_with_its_window() -> None:
    estimate = estimate_next_season(ALL_OF_US_ARE_DEAD, today=date(2022, 6, 7))
    assert estimate.earliest is not None and estimate.latest is not None
    assert estimate.label == format_window(estimate.earliest, estimate.latest)


# Renewals: the lag after a renewal, whether a next season is expected at all.

MINDHUNTER = [date(2017, 10, 13), date(2019, 8, 16)]


def test_renewed_show_is_expected_and_its_window_is_not_conditional() -> None:
    estimate = estimate_next_season(ALL_OF_US_ARE_DEAD, today=date(2022, 6, 7))
    assert estimate.outlook is Outlook.RENEWED
    assert (estimate.renewal_chance, estimate.conditional) == (None, False)


def test_late_renewal_moves_the_window_later() -> None:
    """A season renewed two years after the previous premiere comes later than one renewed
    a month after it: the premiere follows the renewal by the lag its kind takes."""
    early = replace(ALL_OF_US_ARE_DEAD, renewed_on=date(2022, 3, 1))
    late = replace(ALL_OF_US_ARE_DEAD, renewed_on=date(2024, 1, 28))
    today = date(2024, 2, 1)
    soon = estimate_next_season(early, today=today)
    later = estimate_next_season(late, today=today)
    assert soon.likely is not None and later.likely is not None
    assert later.likely > soon.likely + timedelta(days=120)


def test_renewal_is_ignored_for_the_lag_when_it_came_before_the_last_premiere() -> None:
    """A renewal of the season that has since aired says nothing about the next one."""
    stale = history(MINDHUNTER, renewed_on=date(2017, 11, 30), network_kind="streaming")
    estimate = estimate_next_season(stale, today=date(2019, 8, 17))
    assert estimate.outlook is Outlook.UNKNOWN
    assert "renewed" not in estimate.reason


def test_second_season_of_a_two_season_order_counts_as_renewed() -> None:
    ordered = history(MINDHUNTER, renewed_on=date(2017, 11, 30), network_kind="streaming")
    two = replace(ordered, seasons_ordered=2)
    one = estimate_next_season(ordered, today=date(2019, 8, 17))
    both = estimate_next_season(two, today=date(2019, 8, 17))
    assert (one.outlook, both.outlook) == (Outlook.UNKNOWN, Outlook.RENEWED)
    assert "2 seasons were ordered in Nov 2017" in both.reason
    assert both.renewal_chance is None and one.renewal_chance is not None


def test_awaiting_show_says_its_window_is_conditional_with_a_chance() -> None:
    value = history(MINDHUNTER, status="awaiting", network_kind="streaming")
    estimate = estimate_next_season(value, today=date(2019, 10, 1))
    assert estimate.outlook is Outlook.AWAITING
    assert estimate.conditional
    assert estimate.renewal_chance is not None and 0 < estimate.renewal_chance < 1


def test_chance_of_another_season_falls_the_longer_a_show_waits() -> None:
    value = history(MINDHUNTER, status="awaiting", network_kind="streaming")
    chances = [
        estimate_next_season(value, today=day).renewal_chance
        for day in (date(2019, 9, 1), date(2020, 9, 1), date(2026, 12, 5))
    ]
    assert all(chance is not None for chance in chances)
    first, second, third = (chance or 0.0 for chance in chances)
    assert first > second > third
    assert third < 0.2  # years without a decision: another season is unlikely


def test_unknown_renewal_also_gets_a_chance_that_falls_with_the_wait() -> None:
    value = history(yearly(date(2015, 9, 20), 4), status="unknown")
    soon = estimate_next_season(value, today=date(2018, 10, 1))
    late = estimate_next_season(value, today=date(2021, 10, 1))
    assert soon.outlook is late.outlook is Outlook.UNKNOWN
    assert soon.renewal_chance is not None and late.renewal_chance is not None
    assert soon.renewal_chance > late.renewal_chance


def test_show_in_development_is_conditional_without_a_chance_figure() -> None:
    value = history(BIG_BANG, status="in_development")
    estimate = estimate_next_season(value, today=BIG_BANG[-1] + timedelta(days=30))
    assert estimate.outlook is Outlook.IN_DEVELOPMENT
    assert estimate.conditional and estimate.renewal_chance is None


def test_confirmed_and_ended_shows_say_so_in_their_outlook() -> None:
    today = date(2022, 6, 7)
    dated = replace(ALL_OF_US_ARE_DEAD, premieres=[date(2022, 1, 28), date(2025, 1, 1)])
    ended = replace(ALL_OF_US_ARE_DEAD, status="ended")
    assert estimate_next_season(dated, today=today).outlook is Outlook.RENEWED
    assert estimate_next_season(ended, today=today).outlook is Outlook.ENDED


def test_half_window_lies_inside_the_stated_window() -> None:
    estimate = estimate_next_season(ALL_OF_US_ARE_DEAD, today=date(2022, 6, 7))
    assert estimate.earliest is not None and estimate.latest is not None
    assert estimate.earliest_50 is not None and estimate.latest_50 is not None
    assert estimate.earliest <= estimate.earliest_50 < estimate.latest_50 <= estimate.latest


def test_renewal_odds_read_the_final_share_by_age_band() -> None:
    odds = RenewalOdds((0.4, 0.3, 0.2, 0.1), (0, 10, 20, 30, 40, 50, 60))
    assert [odds.final_share(age) for age in (1, 2, 3, 4, 5, 12)] == [0.4, 0.3, 0.2, 0.2, 0.1, 0.1]


def test_renewal_odds_count_down_the_renewals_still_to_come() -> None:
    odds = RenewalOdds((0.4, 0.3, 0.2, 0.1), (0, 10, 20, 30, 40, 50, 60))
    shares = [odds.share_unrenewed(days) for days in (-400, 30, 60, 200, 2000)]
    assert shares == sorted(shares, reverse=True)
    assert shares[1] == pytest.approx(0.5) and shares[-1] == pytest.approx(1e-3)


# Confirmed and announced dates.


def test_future_premiere_is_confirmed_for_that_day() -> None:
    premiere = date(2012, 9, 27)
    estimate = estimate_next_season(history([*BIG_BANG, premiere]), today=date(2012, 6, 1))
    assert (estimate.kind, estimate.earliest, estimate.likely, estimate.latest) == (
        EstimateKind.CONFIRMED,
        premiere,
        premiere,
        premiere,
    )


def test_confirmed_premiere_is_certain() -> None:
    estimate = estimate_next_season(history([*BIG_BANG, date(2012, 9, 27)]), date(2012, 6, 1))
    assert estimate.confidence == 1.0


def test_confirmed_reason_names_the_source() -> None:
    source = history([*BIG_BANG, date(2012, 9, 27)], source="TVmaze")
    estimate = estimate_next_season(source, today=date(2012, 6, 1))
    assert estimate.reason == "Season 6 premieres on 27 Sep 2012 (according to TVmaze)."


def test_confirmed_reason_says_the_user_entered_it() -> None:
    entered = history(BIG_BANG, announced="2012-09-27", source="you")
    estimate = estimate_next_season(entered, today=date(2012, 6, 1))
    assert estimate.reason == "Season 6 was announced for 27 Sep 2012 (entered by you)."


def test_announced_single_day_is_confirmed() -> None:
    estimate = estimate_next_season(
        history(BIG_BANG, announced="27 September 2012"), date(2012, 6, 1)
    )
    assert estimate.kind is EstimateKind.CONFIRMED


def test_announced_window_is_used_as_said() -> None:
    estimate = estimate_next_season(history(BIG_BANG, announced="late 2012"), date(2012, 6, 1))
    assert (estimate.kind, estimate.earliest, estimate.latest, estimate.label) == (
        EstimateKind.ANNOUNCED,
        date(2012, 9, 1),
        date(2012, 12, 31),
        "late 2012",
    )


def test_announced_window_under_way_starts_today() -> None:
    estimate = estimate_next_season(history(BIG_BANG, announced="2012"), date(2012, 6, 1))
    assert estimate.earliest == date(2012, 6, 1)


def test_announcement_that_has_passed_is_ignored() -> None:
    estimate = estimate_next_season(history(BIG_BANG, announced="spring 2012"), date(2012, 6, 1))
    assert estimate.kind is EstimateKind.ESTIMATED


@pytest.mark.parametrize("announced", ["TBA", "some time soon", "", None])
def test_tba_or_unreadable_announcement_falls_through_to_the_estimate(
    announced: str | None,
) -> None:
    estimate = estimate_next_season(history(BIG_BANG, announced=announced), date(2011, 10, 1))
    assert estimate.kind is EstimateKind.ESTIMATED


# No estimate.


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (ShowStatus.ENDED.value, "Ended"),
        (RenewalStatus.ENDED.value, "Ended"),
        (RenewalStatus.CANCELLED.value, "Cancelled"),
    ],
)
def test_finished_show_has_no_estimate_and_says_why(status: str, label: str) -> None:
    estimate = estimate_next_season(history(BIG_BANG, status=status), today=date(2011, 10, 1))
    assert (estimate.kind, estimate.label, estimate.earliest) == (EstimateKind.NONE, label, None)


def test_show_without_premieres_or_announcement_has_not_enough_information() -> None:
    estimate = estimate_next_season(history([], status="in_development"), date(2024, 1, 1))
    assert (estimate.kind, estimate.label) == (EstimateKind.NONE, "Not enough information")


# Estimates from history.


def test_airing_season_counts_and_the_estimate_is_for_the_next_one() -> None:
    airing = history(BIG_BANG, status=RenewalStatus.AIRING.value)
    estimate = estimate_next_season(airing, today=BIG_BANG[-1] + timedelta(days=10))
    assert estimate.season_number == len(BIG_BANG) + 1


def test_regular_show_is_likely_back_52_weeks_later() -> None:
    estimate = estimate_next_season(history(BIG_BANG), today=BIG_BANG[-1] + timedelta(days=1))
    assert estimate.likely == BIG_BANG[-1] + timedelta(weeks=52)


def test_regular_show_window_holds_its_usual_return() -> None:
    estimate = estimate_next_season(history(BIG_BANG), today=BIG_BANG[-1] + timedelta(days=1))
    assert estimate.earliest is not None and estimate.latest is not None
    assert estimate.earliest < BIG_BANG[-1] + timedelta(weeks=52) < estimate.latest


def test_irregular_show_gets_a_wider_window_than_a_regular_one() -> None:
    first = date(2010, 9, 20)
    gaps = [200, 500, 300, 700, 250, 600]
    irregular = [first + timedelta(days=sum(gaps[:index])) for index in range(len(gaps) + 1)]
    regular = yearly(first, len(irregular))
    wide = estimate_next_season(history(irregular), irregular[-1] + timedelta(days=1))
    narrow = estimate_next_season(history(regular), regular[-1] + timedelta(days=1))
    assert width(wide) > width(narrow)


def test_overdue_show_window_is_still_ahead() -> None:
    today = BIG_BANG[-1] + timedelta(days=800)
    estimate = estimate_next_season(history(BIG_BANG), today=today)
    assert estimate.earliest is not None and today <= estimate.earliest


def test_overdue_show_reason_says_it_is_overdue() -> None:
    today = BIG_BANG[-1] + timedelta(days=800)
    estimate = estimate_next_season(history(BIG_BANG), today=today)
    assert estimate.reason.endswith("so season 6 is overdue.")


def test_reason_sums_up_the_gaps_of_a_long_history() -> None:
    estimate = estimate_next_season(history(BIG_BANG, network="CBS"), date(2011, 10, 1))
    assert estimate.reason.startswith(
        "Seasons 1-5 premiered 12 months apart, season 5 in Sep 2011;"
    )


def test_reason_uses_all_tv_series_when_the_network_kind_is_unknown() -> None:
    estimate = estimate_next_season(history(BIG_BANG, network_kind=None), date(2011, 10, 1))
    assert "; TV series typically return" in estimate.reason


def test_reason_names_the_kind_when_the_network_is_unknown() -> None:
    estimate = estimate_next_season(history(BIG_BANG, network_kind="cable"), date(2011, 10, 1))
    assert "; Cable series typically return" in estimate.reason


def test_higher_confidence_gives_a_wider_window() -> None:
    today = BIG_BANG[-1] + timedelta(days=1)
    half = estimate_next_season(history(BIG_BANG), today=today, confidence=0.5)
    most = estimate_next_season(history(BIG_BANG), today=today, confidence=0.9)
    assert width(most) > width(half)


def test_network_kind_is_read_case_insensitively() -> None:
    today = BIG_BANG[-1] + timedelta(days=1)
    shouted = estimate_next_season(history(BIG_BANG, network_kind=" Broadcast "), today)
    assert shouted == estimate_next_season(history(BIG_BANG), today)


# Properties over any history.

STATUSES = [status.value for status in ShowStatus] + [status.value for status in RenewalStatus]
ANNOUNCEMENTS = [None, "", "TBA", "late 2023", "2025", "Q3 2024", "2024-05-17", "soon", "spring"]
NEAR_DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2040, 12, 31))
ANY_DAYS = st.dates()


@st.composite
def histories(draw: st.DrawFn, days: st.SearchStrategy[date] = NEAR_DAYS) -> SeasonHistory:
    return SeasonHistory(
        premieres=draw(st.lists(days, max_size=12)),
        renewed_on=draw(st.none() | days),
        status=draw(st.sampled_from(STATUSES) | st.text(max_size=12)),
        network_kind=draw(st.sampled_from([None, "streaming", "cable", "broadcast", "radio"])),
        announced=draw(st.sampled_from(ANNOUNCEMENTS) | st.text(max_size=20)),
        network=draw(st.none() | st.text(max_size=12)),
        source=draw(st.sampled_from([None, "TVmaze", "you"])),
    )


def running(value: SeasonHistory) -> SeasonHistory:
    return replace(value, status="running")


def estimable(value: SeasonHistory, today: date) -> SeasonHistory:
    """The history with an aired season, no announcement and a status that is not final, so
    that it is estimated unless a premiere is dated (most of the time)."""
    final = value.status.strip().casefold() in {"ended", "cancelled", "canceled"}
    aired = max(today - timedelta(days=400), date.min)
    return replace(
        value,
        premieres=[*value.premieres, aired],
        announced=None,
        status="awaiting" if final else value.status,
    )


@NO_DEADLINE
@given(histories(ANY_DAYS), ANY_DAYS)
def test_any_history_gets_an_estimate_without_an_exception(
    value: SeasonHistory, today: date
) -> None:
    assert isinstance(estimate_next_season(value, today=today), Estimate)


@NO_DEADLINE
@given(histories(), NEAR_DAYS)
def test_likely_lies_inside_the_window(value: SeasonHistory, today: date) -> None:
    estimate = estimate_next_season(value, today=today)
    assume(estimate.kind is not EstimateKind.NONE)
    assert estimate.earliest is not None and estimate.likely is not None
    assert estimate.latest is not None
    assert estimate.earliest <= estimate.likely <= estimate.latest


@NO_DEADLINE
@given(histories(), NEAR_DAYS)
def test_confidence_is_a_probability(value: SeasonHistory, today: date) -> None:
    assert 0.0 <= estimate_next_season(value, today=today).confidence <= 1.0


@NO_DEADLINE
@given(histories(), NEAR_DAYS)
def test_chance_of_another_season_is_a_probability(value: SeasonHistory, today: date) -> None:
    chance = estimate_next_season(value, today=today).renewal_chance
    assert chance is None or 0.0 <= chance <= 1.0


@NO_DEADLINE
@given(histories(), NEAR_DAYS)
def test_estimated_window_is_conditional_unless_renewed(value: SeasonHistory, today: date) -> None:
    estimate = estimate_next_season(estimable(value, today), today=today)
    assume(estimate.kind is EstimateKind.ESTIMATED)
    assert estimate.conditional is (estimate.outlook is not Outlook.RENEWED)


@NO_DEADLINE
@given(histories(), NEAR_DAYS)
def test_half_window_lies_inside_any_estimated_window(value: SeasonHistory, today: date) -> None:
    estimate = estimate_next_season(estimable(value, today), today=today)
    assume(estimate.kind is EstimateKind.ESTIMATED)
    assert estimate.earliest is not None and estimate.latest is not None
    assert estimate.earliest_50 is not None and estimate.latest_50 is not None
    assert estimate.earliest <= estimate.earliest_50 <= estimate.latest_50 <= estimate.latest


@NO_DEADLINE
@given(histories(), NEAR_DAYS, st.sampled_from(["ended", "cancelled", "no basis"]))
def test_no_estimate_has_no_dates(value: SeasonHistory, today: date, why: str) -> None:
    if why == "no basis":
        value = replace(value, premieres=[], announced=None, status="running")
    else:
        value = replace(value, status=why)
    estimate = estimate_next_season(value, today=today)
    assert estimate.kind is EstimateKind.NONE
    assert (estimate.earliest, estimate.likely, estimate.latest) == (None, None, None)


@NO_DEADLINE
@given(histories(), NEAR_DAYS)
def test_unaired_season_is_never_expected_in_the_past(value: SeasonHistory, today: date) -> None:
    estimate = estimate_next_season(value, today=today)
    assume(estimate.kind is not EstimateKind.NONE)
    assert estimate.earliest is not None and estimate.earliest >= today


@NO_DEADLINE
@given(histories(), NEAR_DAYS)
def test_label_names_the_window(value: SeasonHistory, today: date) -> None:
    estimate = estimate_next_season(value, today=today)
    assume(estimate.earliest is not None and estimate.latest is not None)
    assert estimate.earliest is not None and estimate.latest is not None
    assert estimate.label == format_window(estimate.earliest, estimate.latest)


@NO_DEADLINE
@given(histories(), NEAR_DAYS, st.integers(1, 3000))
def test_confirmed_date_beats_any_announcement_and_history(
    value: SeasonHistory, today: date, days_ahead: int
) -> None:
    premiere = today + timedelta(days=days_ahead)
    confirmed = replace(running(value), premieres=[*value.premieres, premiere])
    estimate = estimate_next_season(confirmed, today=today)
    assert estimate.kind is EstimateKind.CONFIRMED
    assert estimate.likely is not None and estimate.likely <= premiere


@NO_DEADLINE
@given(histories(), NEAR_DAYS, st.sampled_from(["late", "mid", "early", "spring", "Q2"]))
def test_announcement_beats_history(value: SeasonHistory, today: date, part: str) -> None:
    aired = [day for day in value.premieres if day <= today]
    announced = replace(running(value), premieres=aired, announced=f"{part} {today.year + 1}")
    assert estimate_next_season(announced, today=today).kind is EstimateKind.ANNOUNCED


@NO_DEADLINE
@given(histories(), NEAR_DAYS)
def test_history_alone_gives_an_estimate(value: SeasonHistory, today: date) -> None:
    aired = [day for day in value.premieres if day <= today]
    assume(aired)
    plain = replace(running(value), premieres=aired, announced=None)
    assert estimate_next_season(plain, today=today).kind is EstimateKind.ESTIMATED


@NO_DEADLINE
@given(histories(), NEAR_DAYS, st.sampled_from(["ended", "cancelled", "Ended", " cancelled "]))
def test_finished_show_gets_no_estimate(value: SeasonHistory, today: date, status: str) -> None:
    finished = replace(value, status=status)
    assert estimate_next_season(finished, today=today).kind is EstimateKind.NONE


@NO_DEADLINE
@given(histories(), NEAR_DAYS, st.integers(1, 4000))
def test_a_later_premiere_never_moves_the_window_into_the_past(
    value: SeasonHistory, today: date, days_back: int
) -> None:
    aired = [day for day in value.premieres if day <= today]
    newest = today - timedelta(days=days_back)
    assume(not aired or newest > max(aired))
    later = replace(running(value), premieres=[*aired, newest], announced=None)
    estimate = estimate_next_season(later, today=today)
    assert estimate.earliest is not None
    assert estimate.earliest >= today and estimate.earliest > newest


@NO_DEADLINE
@given(histories(), NEAR_DAYS)
def test_season_number_follows_the_aired_seasons(value: SeasonHistory, today: date) -> None:
    aired = {day for day in value.premieres if day <= today}
    assert estimate_next_season(value, today=today).season_number == len(aired) + 1


# The model's parts.


@NO_DEADLINE
@given(st.floats(min_value=-700, max_value=0))
def test_calibration_inverts_itself(log_survival: float) -> None:
    calibration = MODEL.calibration("broadcast")
    back = calibration.model_log_survival(calibration.calibrated_log_survival(log_survival))
    assert math.isclose(back, log_survival, rel_tol=1e-9, abs_tol=1e-9)


def test_calibration_keeps_certainty_certain() -> None:
    calibration = Calibration((0.25, 0.5, 0.75), (0.1, 0.5, 0.9))
    assert calibration.calibrated_log_survival(0.0) == 0.0


@NO_DEADLINE
@given(st.lists(st.floats(0.1, 0.9), min_size=2, max_size=30).map(sorted))
def test_forecast_quantiles_rise_with_the_share(shares: list[float]) -> None:
    forecast = MODEL.forecast(BIG_BANG, "broadcast")
    days = [forecast.quantile(share) for share in shares]
    assert days == sorted(days)


def test_weighted_median_follows_the_heavier_side() -> None:
    assert weighted_median([(1.0, 1.0), (5.0, 1.0), (9.0, 3.0)]) == 9.0


def test_weighted_median_of_an_even_split_is_the_midpoint() -> None:
    assert weighted_median([(2.0, 1.0), (4.0, 1.0)]) == 3.0


# The committed priors.


def _fit_priors_script(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """benchmarks/fit_priors.py, which is a script rather than a package module."""
    path = ROOT / "benchmarks" / "fit_priors.py"
    spec = importlib.util.spec_from_file_location("fit_priors", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "fit_priors", module)  # dataclasses look themselves up
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_committed_priors_are_what_the_fit_produces_from_the_fixtures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    script = _fit_priors_script(monkeypatch)
    expected = script.render(script.fit_training())
    committed = (ROOT / "watchlist" / "core" / "priors.py").read_text(encoding="utf-8")
    assert committed == expected
