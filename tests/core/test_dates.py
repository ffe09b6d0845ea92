"""Fuzzy dates: parsing what people say into windows, and windows back into labels."""

from __future__ import annotations

import calendar
import contextlib
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchlist.core import dates
from watchlist.core.dates import (
    FuzzyDateError,
    Precision,
    format_window,
    label_window,
    parse_fuzzy_date,
)

# Properties are about behaviour, never about speed.
NO_DEADLINE = settings(deadline=None)
# Labels and parsing are tested away from the edges of the accepted years.
DAYS = st.dates(min_value=date(1901, 1, 1), max_value=date(2198, 12, 31))


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025-03", date(2025, 3, 1), date(2025, 3, 31)),
        ("2025-03-14", date(2025, 3, 14), date(2025, 3, 14)),
        ("March 2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("mar. 2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("14 March 2025", date(2025, 3, 14), date(2025, 3, 14)),
        ("March 14, 2025", date(2025, 3, 14), date(2025, 3, 14)),
        ("Q3 2024", date(2024, 7, 1), date(2024, 9, 30)),
        ("H1 2025", date(2025, 1, 1), date(2025, 6, 30)),
        ("spring 2025", date(2025, 3, 1), date(2025, 5, 31)),
        ("summer 2025", date(2025, 6, 1), date(2025, 8, 31)),
        ("fall 2025", date(2025, 9, 1), date(2025, 11, 30)),
        ("autumn 2025", date(2025, 9, 1), date(2025, 11, 30)),
        ("winter 2025", date(2024, 12, 1), date(2025, 2, 28)),
        ("early 2024", date(2024, 1, 1), date(2024, 4, 30)),
        ("mid 2024", date(2024, 5, 1), date(2024, 8, 31)),
        ("mid-2024", date(2024, 5, 1), date(2024, 8, 31)),
        ("late 2023", date(2023, 9, 1), date(2023, 12, 31)),
        ("late 2023 or early 2024", date(2023, 9, 1), date(2024, 4, 30)),
        ("March to May 2025", date(2025, 3, 1), date(2025, 5, 31)),
        ("between March and May 2025", date(2025, 3, 1), date(2025, 5, 31)),
        ("  LATE 2023  ", date(2023, 9, 1), date(2023, 12, 31)),
    ],
)
def test_parse_accepted_form_gives_its_window(text: str, earliest: date, latest: date) -> None:
    window = parse_fuzzy_date(text)
    assert (window.earliest, window.latest) == (earliest, latest)


@pytest.mark.parametrize("text", ["TBA", "tbd", "To be announced", "unknown", "?", ""])
def test_parse_tba_gives_a_window_with_no_ends(text: str) -> None:
    window = parse_fuzzy_date(text)
    assert (window.earliest, window.latest, window.label) == (None, None, "TBA")


def test_parse_exact_day_is_marked_exact() -> None:
    assert parse_fuzzy_date("2025-03-14").is_exact_day


def test_parse_season_is_not_marked_exact() -> None:
    assert not parse_fuzzy_date("spring 2025").is_exact_day


def test_parse_names_the_precision_of_a_quarter() -> None:
    assert parse_fuzzy_date("Q3 2024").precision is Precision.QUARTER


@pytest.mark.parametrize("text", ["soonish", "next year", "sometime 2025", "Q5 2024", "late"])
def test_parse_rejects_bad_text_saying_what_is_accepted(text: str) -> None:
    with pytest.raises(FuzzyDateError, match=r"Q3 2024.*late 2023 or early 2024"):
        parse_fuzzy_date(text)


def test_parse_rejects_a_day_that_does_not_exist() -> None:
    with pytest.raises(FuzzyDateError, match="not a real date"):
        parse_fuzzy_date("2025-02-30")


def test_parse_rejects_an_implausible_year() -> None:
    with pytest.raises(FuzzyDateError, match="plausible year"):
        parse_fuzzy_date("1492")


def test_parse_rejects_a_range_that_ends_before_it_starts() -> None:
    with pytest.raises(FuzzyDateError, match="ends before it starts"):
        parse_fuzzy_date("late 2024 or early 2023")


def test_parse_rejects_very_long_text() -> None:
    with pytest.raises(FuzzyDateError, match="too long"):
        parse_fuzzy_date("late 2023 " * 20)


def test_parse_the_end_of_a_year_means_late() -> None:
    assert parse_fuzzy_date("the end of 2024") == parse_fuzzy_date("late 2024")


def test_parse_range_takes_the_year_from_its_start() -> None:
    assert parse_fuzzy_date("March 2025 to May") == parse_fuzzy_date("March to May 2025")


def test_parse_range_of_two_years_written_with_a_hyphen() -> None:
    window = parse_fuzzy_date("2024-2025")
    assert (window.earliest, window.latest) == (date(2024, 1, 1), date(2025, 12, 31))


@NO_DEADLINE
@given(st.text(max_size=60))
def test_parse_raises_nothing_but_fuzzy_date_error(text: str) -> None:
    with contextlib.suppress(FuzzyDateError):
        parse_fuzzy_date(text)


@pytest.mark.parametrize(
    ("earliest", "latest", "label"),
    [
        (date(2025, 3, 14), date(2025, 3, 14), "14 March 2025"),
        (date(2025, 3, 1), date(2025, 3, 31), "March 2025"),
        (date(2025, 3, 5), date(2025, 3, 20), "March 2025"),
        (date(2025, 1, 1), date(2025, 12, 31), "2025"),
        (date(2024, 7, 1), date(2024, 9, 30), "Q3 2024"),
        (date(2025, 3, 1), date(2025, 5, 31), "spring 2025"),
        (date(2024, 12, 1), date(2025, 2, 28), "winter 2025"),
        (date(2023, 9, 1), date(2023, 12, 31), "late 2023"),
        (date(2023, 10, 3), date(2024, 3, 20), "late 2023 or early 2024"),
        (date(2025, 3, 10), date(2025, 4, 20), "March or April 2025"),
        (date(2024, 12, 10), date(2025, 1, 20), "December 2024 or January 2025"),
        (date(2024, 2, 1), date(2024, 7, 15), "early to mid 2024"),
        (date(2023, 1, 1), date(2024, 12, 31), "2023 or 2024"),
        (date(2022, 11, 23), date(2024, 8, 8), "late 2022 to mid 2024"),
    ],
)
def test_format_window_reads_like_a_person(earliest: date, latest: date, label: str) -> None:
    assert format_window(earliest, latest) == label


@NO_DEADLINE
@given(DAYS, DAYS)
def test_format_window_never_shows_raw_dates(first: date, second: date) -> None:
    assert not re.search(r"\d{4}-\d{2}", format_window(first, second))


@NO_DEADLINE
@given(DAYS, DAYS)
def test_format_window_ignores_the_order_of_its_ends(first: date, second: date) -> None:
    assert format_window(first, second) == format_window(second, first)


@NO_DEADLINE
@given(DAYS, DAYS)
def test_label_names_a_window_that_contains_the_window(first: date, second: date) -> None:
    earliest, latest = min(first, second), max(first, second)
    named = label_window(earliest, latest)
    assert named.earliest is not None and named.latest is not None
    assert named.earliest <= earliest and latest <= named.latest


NAMED_FORMS = st.one_of(
    st.integers(1901, 2198).map(str),
    st.builds("{} {}".format, st.sampled_from(dates.MONTH_NAMES), st.integers(1901, 2198)),
    st.builds("Q{} {}".format, st.integers(1, 4), st.integers(1901, 2198)),
    st.builds(
        "{} {}".format,
        st.sampled_from(["spring", "summer", "fall", "winter", "early", "mid", "late"]),
        st.integers(1901, 2198),
    ),
    DAYS.map(date.isoformat),
)


@NO_DEADLINE
@given(NAMED_FORMS)
def test_named_form_survives_a_round_trip_through_its_label(text: str) -> None:
    window = parse_fuzzy_date(text)
    assert window.earliest is not None and window.latest is not None
    again = parse_fuzzy_date(format_window(window.earliest, window.latest))
    assert (again.earliest, again.latest) == (window.earliest, window.latest)


def test_labels_stay_english_whatever_the_locale_says(monkeypatch: pytest.MonkeyPatch) -> None:
    # calendar.month_name follows LC_TIME, which Qt sets from the environment.
    monkeypatch.setattr(calendar, "month_name", ["", *(["Monat"] * 12)])
    assert format_window(date(2025, 3, 1), date(2025, 3, 31)) == "March 2025"
