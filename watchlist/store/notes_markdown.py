"""A show's notes as one Markdown document: a title, a line of facts, pinned notes first."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from watchlist.core.dates import format_day
from watchlist.core.status import RenewalStatus
from watchlist.store.library import Library
from watchlist.store.views import NoteView, ShowDetail

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#<>|])")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as written (for titles, which are not Markdown)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _moment(moment: datetime, zone: tzinfo | None) -> str:
    local = moment.astimezone(zone)
    return f"{format_day(local.date())}, {local:%H:%M}"


def facts_line(show: ShowDetail) -> str:
    """ "Netflix · 2022 · Renewed · 2 seasons · Watching · 8/10"."""
    seasons = len(show.seasons)
    parts = [
        show.network or "",
        str(show.premiered.year) if show.premiered else "",
        show.renewal_status.label if show.renewal_status is not RenewalStatus.UNKNOWN else "",
        f"{seasons} season{'s' if seasons != 1 else ''}" if seasons else "",
        show.watch_status.label,
        f"{show.rating}/10" if show.rating else "",
    ]
    return " · ".join(escape_markdown(part) for part in parts if part)


def _note_block(note: NoteView, zone: tzinfo | None) -> str:
    heading = _moment(note.created_at, zone)
    if note.reference_label:
        heading += f" · {note.reference_label}"
    if note.updated_at is not None:
        heading += f" (edited {_moment(note.updated_at, zone)})"
    return f"### {heading}\n\n{note.body.strip()}\n"


def notes_markdown(show: ShowDetail, notes: list[NoteView], *, zone: tzinfo | None = None) -> str:
    """The document for ``show`` and its ``notes`` (oldest first); times in ``zone`` (local)."""
    lines = [f"# {escape_markdown(show.title)}", "", facts_line(show), ""]
    pinned = [note for note in notes if note.pinned]
    others = [note for note in notes if not note.pinned]
    if not notes:
        lines += ["_No notes yet._", ""]
    if pinned:
        lines += ["## Pinned", ""] + [_note_block(note, zone) for note in pinned]
    if others:
        if pinned:
            lines += ["## Notes", ""]
        lines += [_note_block(note, zone) for note in others]
    return "\n".join(lines).rstrip("\n") + "\n"


def export_notes_markdown(library: Library, show_id: int, *, zone: tzinfo | None = None) -> str:
    """A show's notes as Markdown, pinned first, each with its date and season or episode."""
    show = library.show(show_id)
    return notes_markdown(show, library.notes(show_id), zone=zone)
