"""Checks on user-supplied values, with messages that say what is wrong and what is allowed."""

from __future__ import annotations

import re

from watchlist.core.dates import parse_fuzzy_date
from watchlist.core.errors import WatchlistError
from watchlist.core.records import ExternalIds
from watchlist.core.text import quoted
from watchlist.store.errors import LibraryError
from watchlist.store.limits import (
    MAX_COUNTRY_LENGTH,
    MAX_DATABASE_INTEGER,
    MAX_EXPECTED_TEXT_LENGTH,
    MAX_GENRES,
    MAX_IMDB_ID_LENGTH,
    MAX_LANGUAGE_LENGTH,
    MAX_NETWORK_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_SYNOPSIS_HTML_LENGTH,
    MAX_SYNOPSIS_LENGTH,
    MAX_TITLE_LENGTH,
    MAX_URL_LENGTH,
    MAX_USER_EDITED_ENTRIES,
    MAX_USER_EDITED_LENGTH,
)

# How long each one-line value may be (its column's length), by the name messages give it.
LINE_LIMITS = {
    "network": MAX_NETWORK_LENGTH,
    "country": MAX_COUNTRY_LENGTH,
    "language": MAX_LANGUAGE_LENGTH,
    "season name": MAX_TITLE_LENGTH,
    "episode title": MAX_TITLE_LENGTH,
}

# Unicode's control characters (category Cc) are exactly U+0000-U+001F and U+007F-U+009F, and
# its line and paragraph separators (Zl, Zp) U+2028 and U+2029; the stability policy never
# moves a character into or out of Cc. Tables for str.translate do per value in C what a loop
# over unicodedata.category did per character (imports of large libraries validate every note).
CONTROL_CHARACTERS = frozenset(chr(code) for code in (*range(0x20), *range(0x7F, 0xA0)))
LINE_BREAKING_CHARACTERS = CONTROL_CHARACTERS | {"\u2028", "\u2029"}
_LINE_BREAKS_TO_SPACES = str.maketrans(dict.fromkeys(LINE_BREAKING_CHARACTERS, " "))
_CONTROLS_DROPPED_BUT_NEWLINE_AND_TAB = str.maketrans(
    dict.fromkeys(CONTROL_CHARACTERS - {"\n", "\t"}, None)
)


def _clean_line(text: str) -> str:
    """Collapse whitespace and drop control characters from a one-line value."""
    return " ".join(text.translate(_LINE_BREAKS_TO_SPACES).split())


def clean_title(text: str) -> str:
    title = _clean_line(text)
    if not title:
        raise LibraryError("A show needs a title.")
    if len(title) > MAX_TITLE_LENGTH:
        raise LibraryError(
            f"The title is {len(title):,} characters long; at most {MAX_TITLE_LENGTH} are allowed."
        )
    return title


def clean_optional_line(text: str | None, *, what: str, limit: int | None = None) -> str | None:
    """A one-line value, at most ``limit`` characters (by default the limit for ``what``)."""
    if text is None:
        return None
    if limit is None:
        limit = LINE_LIMITS.get(what, MAX_NETWORK_LENGTH)
    value = _clean_line(text)
    if len(value) > limit:
        raise LibraryError(
            f"The {what} is {len(value):,} characters long; at most {limit} are allowed."
        )
    return value or None


def clean_note_body(text: str) -> str:
    body = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    body = body.translate(_CONTROLS_DROPPED_BUT_NEWLINE_AND_TAB)
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


def clean_synopsis_html(text: str | None) -> str | None:
    """The synopsis as HTML, refused past its length before anything parses it."""
    if text is not None and len(text) > MAX_SYNOPSIS_HTML_LENGTH:
        raise LibraryError(
            f"The synopsis HTML is {len(text):,} characters long; at most "
            f"{MAX_SYNOPSIS_HTML_LENGTH:,} are allowed."
        )
    return text


def clean_genres(genres: list[str] | tuple[str, ...]) -> list[str]:
    # Counted before any is cleaned, so 100,000 genres are refused at once.
    if len(genres) > MAX_GENRES:
        raise LibraryError(f"{len(genres):,} genres given; at most {MAX_GENRES} are allowed.")
    cleaned: dict[str, None] = {}
    for genre in genres:
        value = clean_optional_line(genre, what="genre", limit=60)
        if value:
            cleaned.setdefault(value)
    return list(cleaned)


_USER_EDITED_ENTRY = re.compile(r"[a-z][a-z0-9_]*(?::[0-9]+)?")


def clean_user_edited(entries: list[str]) -> list[str]:
    """The fields a user set by hand ("renewal", "season:3"), sorted, without repeats."""
    if len(entries) > MAX_USER_EDITED_ENTRIES:
        raise LibraryError(
            f"{len(entries):,} fields are marked as edited by hand; at most "
            f"{MAX_USER_EDITED_ENTRIES:,} are allowed."
        )
    for entry in entries:
        if len(entry) > MAX_USER_EDITED_LENGTH or not _USER_EDITED_ENTRY.fullmatch(entry):
            raise LibraryError(
                f"{quoted(entry)} is not a field name (such as renewal or season:3)."
            )
    return sorted(set(entries))


def check_rating(rating: int | None) -> int | None:
    if rating is None:
        return None
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 10:
        raise LibraryError(f"A rating is a whole number from 1 to 10, not {quoted(rating)}.")
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


def check_database_integer(value: int, *, what: str) -> int:
    """A whole number from 0 that every database can store (PostgreSQL's INTEGER)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 0 <= value <= MAX_DATABASE_INTEGER
    ):
        raise LibraryError(
            f"The {what} is not a whole number from 0 to {MAX_DATABASE_INTEGER:,}: {value!r:.40}."
        )
    return value


def clean_imdb_id(text: str | None) -> str | None:
    value = (text or "").strip()
    if len(value) > MAX_IMDB_ID_LENGTH:
        raise LibraryError(
            f"The IMDb id is {len(value):,} characters long; at most {MAX_IMDB_ID_LENGTH} are "
            "allowed."
        )
    return value or None


def clean_url(text: str | None, *, what: str) -> str | None:
    value = (text or "").strip()
    if len(value) > MAX_URL_LENGTH:
        raise LibraryError(
            f"The {what} is {len(value):,} characters long; at most {MAX_URL_LENGTH:,} are allowed."
        )
    return value or None


def check_external_ids(ids: ExternalIds) -> ExternalIds:
    """Ids of other catalogues that fit the library's columns."""
    return ExternalIds(
        tvmaze=None if ids.tvmaze is None else check_database_integer(ids.tvmaze, what="TVmaze id"),
        imdb=clean_imdb_id(ids.imdb),
        thetvdb=None
        if ids.thetvdb is None
        else check_database_integer(ids.thetvdb, what="TheTVDB id"),
    )
