"""Fuzzy dates: what networks and fans say ("2025", "Q3 2024", "late 2023") as date windows.

``parse_fuzzy_date`` turns text into a window; ``format_window`` turns any window (including an
estimator's) back into the label a person would say, never raw dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from watchlist.core.errors import WatchlistError

MIN_YEAR = 1900
MAX_YEAR = 2200

ACCEPTED_FORMS = (
    "2025, 2025-03, 2025-03-14, March 2025, 14 March 2025, Q3 2024, H1 2025, "
    "spring/summer/fall/autumn/winter 2025, early/mid/late 2024, "
    "'late 2023 or early 2024', 'March to May 2025' or TBA"
)

# English names, fixed: calendar.month_name follows the process locale, which Qt sets from the
# environment, and labels must read the same (and parse back) whatever the locale.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS = {name.casefold(): index for index, name in enumerate(MONTH_NAMES, start=1)}
MONTHS |= {name[:3].casefold(): index for index, name in enumerate(MONTH_NAMES, start=1)}
MONTHS["sept"] = 9

PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
# Longest first: "the end of" must win over "end of".
PART_ALIASES = {
    "the beginning of": "early",
    "the start of": "early",
    "the middle of": "mid",
    "the end of": "late",
    "beginning of": "early",
    "start of": "early",
    "middle of": "mid",
    "end of": "late",
}
# Meteorological seasons of the northern hemisphere; "winter 2025" is Dec 2024 to Feb 2025.
SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11)}
TBA_WORDS = {
    "tba", "tbd", "tbc", "to be announced", "to be determined", "to be confirmed", "unknown",
    "?", "",
}  # fmt: skip

_RANGE_SPLIT = re.compile(r"\s+(?:or|to|through|until|till|-)\s+")
_YEAR = re.compile(r"\b(\d{4})\b")


class FuzzyDateError(WatchlistError, ValueError):
    """Text that is not a date Watchlist understands."""


class Precision(StrEnum):
    """How precise a parsed date is."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    PART = "part"
    HALF = "half"
    YEAR = "year"
    RANGE = "range"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date window; both ends are None for "TBA"."""

    earliest: date | None
    latest: date | None
    precision: Precision

    @property
    def is_known(self) -> bool:
        return self.earliest is not None and self.latest is not None

    @property
    def is_exact_day(self) -> bool:
        return self.is_known and self.earliest == self.latest

    @property
    def label(self) -> str:
        if self.earliest is None or self.latest is None:
            return "TBA"
        return format_window(self.earliest, self.latest)


TBA = FuzzyDate(None, None, Precision.UNKNOWN)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def month_span(year: int, first_month: int, last_month: int) -> tuple[date, date]:
    """From the first day of ``first_month`` to the last day of ``last_month`` (may wrap)."""
    if last_month < first_month:
        return date(year, first_month, 1), month_end(year + 1, last_month)
    return date(year, first_month, 1), month_end(year, last_month)


def _year(text: str) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise FuzzyDateError(f"{year} is not a plausible year (expected {MIN_YEAR}-{MAX_YEAR}).")
    return year


def _day(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise FuzzyDateError(f"{year:04d}-{month:02d}-{day:02d} is not a real date.") from error


def _month(name: str) -> int | None:
    return MONTHS.get(name.rstrip(".").casefold())


def _normalise(text: str) -> str:
    value = text.strip().casefold()
    value = value.replace("–", " to ").replace("—", " to ").replace(",", " ")
    value = re.sub(r"(?<=[a-z])-(?=\d)", " ", value)  # mid-2024 -> mid 2024
    value = re.sub(r"^(\d{4})-(\d{4})$", r"\1 to \2", value)  # 2024-2025 -> 2024 to 2025
    value = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", value)
    value = re.sub(r"\s+", " ", value).strip(" .")
    for alias, part in PART_ALIASES.items():
        value = re.sub(rf"\b{alias}\b", part, value)
    return value


def _parse_single(value: str) -> FuzzyDate | None:
    if re.fullmatch(r"\d{4}", value):
        year = _year(value)
        return FuzzyDate(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        year, month = _year(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise FuzzyDateError(f"{value} has no month {month}.")
        return FuzzyDate(date(year, month, 1), month_end(year, month), Precision.MONTH)
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value):
        day = _day(_year(match[1]), int(match[2]), int(match[3]))
        return FuzzyDate(day, day, Precision.DAY)
    if match := re.fullmatch(r"q([1-4]) ?(\d{4})|(\d{4}) ?q([1-4])", value):
        quarter = int(match[1] or match[4])
        year = _year(match[2] or match[3])
        first, last = month_span(year, 3 * quarter - 2, 3 * quarter)
        return FuzzyDate(first, last, Precision.QUARTER)
    if match := re.fullmatch(r"(?:h([12])|(first|second) half of) ?(\d{4})", value):
        half = int(match[1]) if match[1] else (1 if match[2] == "first" else 2)
        first, last = month_span(_year(match[3]), 6 * half - 5, 6 * half)
        return FuzzyDate(first, last, Precision.HALF)
    if match := re.fullmatch(r"(early|mid|late) (\d{4})", value):
        first_month, last_month = PARTS[match[1]]
        first, last = month_span(_year(match[2]), first_month, last_month)
        return FuzzyDate(first, last, Precision.PART)
    if match := re.fullmatch(r"(spring|summer|fall|autumn|winter) (\d{4})", value):
        year = _year(match[2])
        if match[1] == "winter":
            return FuzzyDate(date(year - 1, 12, 1), month_end(year, 2), Precision.SEASON)
        first, last = month_span(year, *SEASONS[match[1]])
        return FuzzyDate(first, last, Precision.SEASON)
    if (match := re.fullmatch(r"([a-z]+\.?) (\d{4})", value)) and (named := _month(match[1])):
        year = _year(match[2])
        return FuzzyDate(date(year, named, 1), month_end(year, named), Precision.MONTH)
    if (match := re.fullmatch(r"(\d{1,2}) ([a-z]+\.?) (\d{4})", value)) and (
        named := _month(match[2])
    ):
        day = _day(_year(match[3]), named, int(match[1]))
        return FuzzyDate(day, day, Precision.DAY)
    if (match := re.fullmatch(r"([a-z]+\.?) (\d{1,2}) (\d{4})", value)) and (
        named := _month(match[1])
    ):
        day = _day(_year(match[3]), named, int(match[2]))
        return FuzzyDate(day, day, Precision.DAY)
    return None


def _rejection(text: str) -> FuzzyDateError:
    return FuzzyDateError(
        f"{text.strip()!r} is not a date Watchlist understands. Try {ACCEPTED_FORMS}."
    )


def parse_fuzzy_date(text: str) -> FuzzyDate:
    """Parse an announced date into a window; raise FuzzyDateError saying what is accepted."""
    if len(text) > 100:
        raise FuzzyDateError("That date text is too long; use a short form such as 'late 2023'.")
    value = _normalise(text)
    if value in TBA_WORDS:
        return TBA
    single = _parse_single(value)
    if single is not None:
        return single
    value = re.sub(r"^between (.+) and (.+)$", r"\1 to \2", value)
    parts = _RANGE_SPLIT.split(value)
    if len(parts) != 2:
        raise _rejection(text)
    left_text, right_text = parts
    left_year, right_year = _YEAR.search(left_text), _YEAR.search(right_text)
    if not left_year and right_year:
        left_text = f"{left_text} {right_year[1]}"  # "March to May 2025"
    if left_year and not right_year:
        right_text = f"{right_text} {left_year[1]}"  # "March 2025 to May"
    left, right = _parse_single(left_text), _parse_single(right_text)
    if left is None or right is None or left.earliest is None or right.latest is None:
        raise _rejection(text)
    if right.latest < left.earliest:
        raise FuzzyDateError(f"{text.strip()!r} ends before it starts.")
    return FuzzyDate(left.earliest, right.latest, Precision.RANGE)


def format_day(day: date) -> str:
    """ "14 March 2025"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def format_month(day: date) -> str:
    """ "March 2025"."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def _third(day: date) -> int:
    """An absolute index of the year's thirds (early, mid, late) for easy comparison."""
    return day.year * 3 + (day.month - 1) // 4


def _third_label(index: int, *, with_year: bool = True) -> str:
    year, part = divmod(index, 3)
    word = ("early", "mid", "late")[part]
    return f"{word} {year}" if with_year else word


def _exact_label(earliest: date, latest: date) -> str | None:
    """The named form of a window that is exactly a month, quarter, season, half or year."""
    year = earliest.year
    if earliest.day != 1 or latest != month_end(latest.year, latest.month):
        return None
    if latest.year == year:
        months = (earliest.month, latest.month)
        if months == (1, 12):
            return str(year)
        if months[0] == months[1]:
            return format_month(earliest)
        for word, (first, last) in PARTS.items():
            if months == (first, last):
                return f"{word} {year}"
        for word, (first, last) in SEASONS.items():
            if months == (first, last) and word != "autumn":
                return f"{word} {year}"
        if months in ((1, 6), (7, 12)):
            return f"{'first' if months[0] == 1 else 'second'} half of {year}"
        if months[1] - months[0] == 2 and months[0] % 3 == 1:
            return f"Q{(months[0] + 2) // 3} {year}"
    elif (earliest.month, latest.month, latest.year) == (12, 2, year + 1):
        return f"winter {year + 1}"
    return None


def format_window(earliest: date, latest: date) -> str:
    """The human label of a window: "late 2023 or early 2024", "March 2025", "2025"."""
    if latest < earliest:
        earliest, latest = latest, earliest
    if earliest == latest:
        return format_day(earliest)
    exact = _exact_label(earliest, latest)
    if exact is not None:
        return exact
    months_apart = (latest.year - earliest.year) * 12 + latest.month - earliest.month
    if months_apart == 0:
        return format_month(earliest)
    if months_apart == 1:
        if earliest.year == latest.year:
            return f"{MONTH_NAMES[earliest.month - 1]} or {format_month(latest)}"
        return f"{format_month(earliest)} or {format_month(latest)}"
    first, last = _third(earliest), _third(latest)
    first_year, last_year = first // 3, last // 3
    if first == last:
        return _third_label(first)
    if last - first == 1:
        if first_year == last_year:
            return f"{_third_label(first, with_year=False)} to {_third_label(last)}"
        return f"{_third_label(first)} or {_third_label(last)}"
    if first % 3 == 0 and last % 3 == 2:
        if first_year == last_year:
            return str(first_year)
        if last_year == first_year + 1:
            return f"{first_year} or {last_year}"
        return f"{first_year} to {last_year}"
    if first_year == last_year:
        return f"{_third_label(first, with_year=False)} to {_third_label(last)}"
    return f"{_third_label(first)} to {_third_label(last)}"


def label_window(earliest: date, latest: date) -> FuzzyDate:
    """The window a label names; it always contains [earliest, latest]."""
    return parse_fuzzy_date(format_window(earliest, latest))


def add_days(day: date, days: float) -> date:
    """``day`` plus a possibly fractional, possibly huge number of days, clamped to valid dates."""
    try:
        return day + timedelta(days=round(days))
    except OverflowError:
        return date.max if days > 0 else date.min
