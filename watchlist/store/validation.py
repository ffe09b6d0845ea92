"""Checks on user-supplied values, with messages that say what is wrong and what is allowed."""

from __future__ import annotations

import unicodedata

from watchlist.core.dates import parse_fuzzy_date
from watchlist.core.errors import WatchlistError
from watchlist.store.errors import LibraryError
from watchlist.store.limits import (
    MAX_EXPECTED_TEXT_LENGTH,
    MAX_GENRES,
    MAX_NETWORK_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_SYNOPSIS_LENGTH,
    MAX_TITLE_LENGTH,
)


def _clean_line(text: str) -> str:
    """Collapse whitespace and drop control characters from a one-line value."""
    printable = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in text
    )
    return " ".join(printable.split())


def clean_title(text: str) -> str:
    title = _clean_line(text)
    if not title:
        raise LibraryError("A show needs a title.")
    if len(title) > MAX_TITLE_LENGTH:
        raise LibraryError(
            f"The title is {len(title):,} characters long; at most {MAX_TITLE_LENGTH} are allowed."
        )
    return title


def clean_optional_line(
    text: str | None, *, what: str, limit: int = MAX_NETWORK_LENGTH
) -> str | None:
    if text is None:
        return None
    value = _clean_line(text)
    if len(value) > limit:
        raise LibraryError(
            f"The {what} is {len(value):,} characters long; at most {limit} are allowed."
        )
    return value or None


def clean_note_body(text: str) -> str:
    body = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    body = "".join(char for char in body if char in "\n\t" or unicodedata.category(char) != "Cc")
    if not body:
        raise LibraryError("A note cannot be empty.")
    if len(body) > MAX_NOTE_LENGTH:
        raise LibraryError(
            f"The note is {len(body):,} characters long; at most {MAX_NOTE_LENGTH:,} are allowed. "
            "Nothing was saved."
        )
    return body


def clean_synopsis(text: str | None) -> str:
    value = (text or "").strip()
    if len(value) > MAX_SYNOPSIS_LENGTH:
        raise LibraryError(
            f"The synopsis is {len(value):,} characters long; at most {MAX_SYNOPSIS_LENGTH:,} "
            "are allowed."
        )
    return value


def clean_genres(genres: list[str] | tuple[str, ...]) -> list[str]:
    cleaned: list[str] = []
    for genre in genres:
        value = clean_optional_line(genre, what="genre", limit=60)
        if value and value not in cleaned:
            cleaned.append(value)
    if len(cleaned) > MAX_GENRES:
        raise LibraryError(f"{len(cleaned)} genres given; at most {MAX_GENRES} are allowed.")
    return cleaned


def check_rating(rating: int | None) -> int | None:
    if rating is None:
        return None
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 10:
        raise LibraryError(f"A rating is a whole number from 1 to 10, not {rating!r}.")
    return rating


def clean_expected_text(text: str | None) -> str | None:
    """Validate an announced next-season date ("late 2023", "2025-03-14", "TBA")."""
    value = clean_optional_line(text, what="expected date", limit=MAX_EXPECTED_TEXT_LENGTH)
    if value is None:
        return None
    try:
        parse_fuzzy_date(value)
    except WatchlistError as error:
        raise LibraryError(str(error)) from error
    return value


def check_season_number(number: int) -> int:
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 1000:
        raise LibraryError(f"A season number is a whole number from 0 to 1000, not {number!r}.")
    return number
