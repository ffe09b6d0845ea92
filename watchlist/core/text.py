"""Text from outside (files, answers, arguments): what makes it unstorable, and how to quote it.

Every value quoted in a message or a log line goes through ``quoted`` (or ``shortened`` where
it needs no quotes): at most 80 characters, an ellipsis marking a cut, control characters and
lone surrogates escaped. A 20 MB title from a hostile server then makes an 80-character mention,
not a 20 MB "one-line" message, and never a line the log file cannot encode.
"""

from __future__ import annotations

import re
import reprlib

QUOTE_LIMIT = 80
ELLIPSIS = "…"

# One character of a repr(): an escape sequence (never cut in half) or a plain character.
_REPR_TOKEN = re.compile(r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|.)|.", re.DOTALL)
_SURROGATES = re.compile("[\ud800-\udfff]")


def _short_repr() -> reprlib.Repr:
    """repr() of lists, objects and numbers, cut short at every level (nesting included)."""
    short = reprlib.Repr()
    short.maxlevel = 3
    short.maxstring = QUOTE_LIMIT
    short.maxother = QUOTE_LIMIT
    short.maxlong = 40
    short.maxlist = short.maxdict = short.maxtuple = short.maxset = 6
    return short


_SHORT_REPR = _short_repr()


def _cut(escaped: str, limit: int, *, always: bool = False) -> str:
    """At most ``limit`` characters of an escaped text, ending in an ellipsis where cut."""
    if len(escaped) <= limit and not always:
        return escaped
    kept: list[str] = []
    size = 0
    for token in _REPR_TOKEN.findall(escaped):
        if size + len(token) > limit - len(ELLIPSIS):
            break
        kept.append(token)
        size += len(token)
    return "".join(kept) + ELLIPSIS


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``value`` as repr() shows it (text in quotes), at most ``limit`` characters of it."""
    if isinstance(value, str):
        escaped = repr(value[:limit])  # escapes control characters and lone surrogates
        quote, body = escaped[0], escaped[1:-1]
        return f"{quote}{_cut(body, limit, always=len(value) > limit)}{quote}"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"a number of about {int((value.bit_length() - 1) * 0.30103) + 1:,} digits"
    try:
        shown = _SHORT_REPR.repr(value)
    except (ValueError, RecursionError):  # a number past int's string limit, deep inside
        shown = f"<{type(value).__name__}>"
    return _cut(shown, limit)


def shortened(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` without quotes, at most ``limit`` characters, with what cannot be shown
    (control characters, lone surrogates) escaped as in ``quoted``."""
    if len(text) <= limit and text.isprintable():
        return text
    return quoted(text, limit)[1:-1]


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text (a NUL character or a lone surrogate), or None.

    A lone surrogate ("\\ud800" in JSON) is half of a UTF-16 pair: no encoding can write it,
    and every database refuses it; a NUL ends strings in C and PostgreSQL refuses it.
    """
    if "\x00" in value:
        return f"contains a NUL character (at character {value.index(chr(0)) + 1:,})"
    if value.isascii():
        return None
    found = _SURROGATES.search(value)
    if found is None:
        return None
    return (
        f"is not valid Unicode text: it contains a lone surrogate ({quoted(found.group())}) "
        f"at character {found.start() + 1:,}"
    )
