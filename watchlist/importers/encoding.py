"""Turning an export's bytes into text, whatever its encoding, without losing the file to a byte.

Trakt writes UTF-8; TV Time too; IMDb's CSV is UTF-8 today, but lists saved by Excel or older
exports come as Windows-1252 (Latin-1) or UTF-16. The rules, in order: a byte-order mark says
the encoding; NUL bytes in every other position say UTF-16; text that decodes as UTF-8 is
UTF-8; text that is mostly UTF-8 with a few odd bytes keeps its UTF-8 and has those bytes
replaced by U+FFFD; anything else is Windows-1252, its five undefined bytes read as Latin-1.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_LATIN1_FALLBACK = "watchlist-latin1-fallback"
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_SAMPLE = 4096


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    """Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined: read them as Latin-1."""
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error(_LATIN1_FALLBACK, _latin1_fallback)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A file's text, and a sentence for the user when reading it was not plain UTF-8."""

    text: str
    note: str | None = None


def _utf16_without_bom(sample: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when NUL bytes fill every other position, else None."""
    if len(sample) < 4:
        return None
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.4 and even_nuls < odd_nuls // 8:
        return "utf-16-le"
    if even_nuls > half * 0.4 and odd_nuls < even_nuls // 8:
        return "utf-16-be"
    return None


def _replaced(text: str, data: bytes, name: str) -> str | None:
    """The note for bytes replaced while decoding (U+FFFD the file itself holds do not count)."""
    count = text.count("\ufffd") - data.count("\ufffd".encode())
    if count <= 0:
        return None
    what = (
        "1 byte that is not text was" if count == 1 else f"{count:,} bytes that are not text were"
    )
    return f"{name}: {what} replaced by \ufffd."


def decode_export_text(data: bytes, name: str) -> DecodedText:
    """The text of an export file named ``name``; never fails on an odd byte."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            strict = "" if encoding == "utf-8-sig" else f" as {encoding.upper()}"
            note = _replaced(text, data, name)
            if strict and note is None:
                note = f"{name} was read{strict}."
            return DecodedText(text, note)
    wide = _utf16_without_bom(data[:_SAMPLE])
    if wide is not None:
        text = data.decode(wide, errors="replace")
        return DecodedText(text, _replaced(text, data, name) or f"{name} was read as UTF-16.")
    try:
        return DecodedText(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    sequences = _UTF8_SEQUENCE.findall(data)
    odd = len(_HIGH_BYTE.findall(data)) - sum(len(sequence) for sequence in sequences)
    if len(sequences) >= odd:  # real UTF-8 with a few bytes gone wrong: keep the UTF-8
        text = data.decode("utf-8", errors="replace")
        return DecodedText(text, _replaced(text, data, name))
    text = data.decode("cp1252", errors=_LATIN1_FALLBACK)
    return DecodedText(text, f"{name} is not UTF-8; it was read as Windows-1252 (Latin-1).")
