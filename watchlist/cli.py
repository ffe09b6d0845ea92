"""The ``watchlist`` command: no subcommand opens the window; subcommands work headless.

Expected failures (unknown show, bad file, unusable database) end with one line on stderr and
exit status 1; usage errors with status 2. Tracebacks are for bugs only.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from watchlist import __version__
from watchlist.applog import setup_logging
from watchlist.config import Settings, settings_from_environment
from watchlist.core.dates import FuzzyDateError, format_day, parse_fuzzy_date
from watchlist.core.episodes import EpisodeReference, EpisodeReferenceError, parse_episode_reference
from watchlist.core.errors import WatchlistError
from watchlist.core.estimate import Estimate, EstimateKind, Outlook, format_chance
from watchlist.core.status import RenewalStatus, ShowStatus, WatchStatus
from watchlist.core.text import shortened, text_problem
from watchlist.launch import backup_locations, demo_settings, open_library
from watchlist.store.backup import (
    BackupKind,
    check_restorable,
    library_counts,
    restore_backup,
    take_backup,
)
from watchlist.store.database import preflight_sqlite_file
from watchlist.store.estimates import estimate_show
from watchlist.store.exchange import (
    export_csv,
    export_json,
    import_document,
    import_file,
    write_atomically,
)
from watchlist.store.import_source import read_import_stream
from watchlist.store.library import Library, NewShow, SeasonEdit, ShowChanges
from watchlist.store.limits import MAX_NOTE_LENGTH
from watchlist.store.views import ChangeView, NoteView, ShowDetail, ShowSummary

if TYPE_CHECKING:  # the sync modules (and requests) load only when a command needs them
    from watchlist.core.progress import ShowProgress
    from watchlist.core.upcoming import UpcomingItem
    from watchlist.importers.apply import TrackerImportReport
    from watchlist.importers.preview import ImportPreview, PlannedImport
    from watchlist.sync.service import SyncProgress, SyncReport, SyncService

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class UsageError(WatchlistError):
    """The command line itself is wrong."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a command runs with."""

    settings: Settings
    out: TextIO
    err: TextIO
    today: date

    def library(self) -> Library:
        return open_library(self.settings)


# -- argument types ----------------------------------------------------------------------------


def _date_argument(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def _expected_argument(text: str) -> str:
    try:
        parse_fuzzy_date(text)
    except FuzzyDateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def _season_argument(text: str) -> SeasonEdit:
    """``2`` (announced), ``2=2025-03-14`` or ``2=2025-03-14:8`` (with 8 episodes)."""
    number_text, _, rest = text.partition("=")
    premiere_text, _, count_text = rest.partition(":")
    try:
        number = int(number_text)
        premiere = date.fromisoformat(premiere_text) if premiere_text else None
        count = int(count_text) if count_text else None
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a season; use NUMBER, NUMBER=YYYY-MM-DD or NUMBER=YYYY-MM-DD:EPISODES"
        ) from None
    return SeasonEdit(number=number, premiere_date=premiere, episode_count=count)


def _rating_argument(text: str) -> int | None:
    if text.casefold() in ("none", "clear", "-"):
        return None
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 10:
        raise argparse.ArgumentTypeError("a rating is a whole number from 1 to 10, or 'none'")
    return value


def _tvmaze_id_argument(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a TVmaze show id (a whole number)")
    return int(text)


def _limit_argument(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of entries")
    return int(text)


def _episode_argument(text: str) -> EpisodeReference:
    try:
        return parse_episode_reference(text)
    except EpisodeReferenceError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _season_number_argument(text: str) -> int:
    if not text.strip().isdigit() or int(text) > 1000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a season number (0 to 1000)")
    return int(text)


def _days_argument(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= 10_000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days (1 to 10000)")
    return int(text)


def _choices(enum: type[RenewalStatus | WatchStatus | ShowStatus]) -> list[str]:
    return [member.value for member in enum]


# -- the parser --------------------------------------------------------------------------------


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default,
        metavar="DIR",
        help="folder for the library, posters, backups and logs",
    )
    parser.add_argument(
        "--database-url",
        default=default,
        metavar="URL",
        help="any SQLAlchemy URL instead of the SQLite file in the data folder",
    )
    parser.add_argument(
        "--offline", action="store_true", default=default, help="never touch the network"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=default,
        help="run on a throwaway copy of the sample library; your library is not touched",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", default=default, help="log details to stderr"
    )


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, suppress=True)
    parser = argparse.ArgumentParser(
        prog="watchlist",
        description="Follow TV shows on your own computer. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"watchlist {__version__}")
    _global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, description=help_text, parents=[common])

    gui = command("gui", "open the main window")
    gui.add_argument("--screenshot", type=Path, metavar="PNG", help="render the window and exit")
    gui.add_argument("--select", metavar="TITLE", help="select this show")

    listing = command("list", "list the shows in the library")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--watch", choices=_choices(WatchStatus), help="only this watch status")
    listing.add_argument("--filter", default="", metavar="TEXT", help="title, network or genre")

    show = command("show", "show one show in detail")
    show.add_argument("show", metavar="SHOW", help="id or title")
    show.add_argument("--json", action="store_true", help="print JSON")

    add = command("add", "add a show from TVmaze (--tvmaze ID) or by hand (--title TITLE)")
    source = add.add_mutually_exclusive_group(required=True)
    source.add_argument("--title", help="add by hand, with this title")
    source.add_argument(
        "--tvmaze",
        type=_tvmaze_id_argument,
        metavar="ID",
        help="add from TVmaze, by its show id ('watchlist search TITLE' finds it)",
    )
    add.add_argument("--network")
    add.add_argument("--country")
    add.add_argument("--language")
    add.add_argument("--genre", action="append", default=[], dest="genres", metavar="GENRE")
    add.add_argument("--premiered", type=_date_argument, metavar="YYYY-MM-DD")
    add.add_argument("--ended", type=_date_argument, metavar="YYYY-MM-DD")
    add.add_argument("--status", choices=_choices(ShowStatus), help="the show's status")
    add.add_argument("--renewal", choices=_choices(RenewalStatus), help="renewal status")
    add.add_argument("--renewed-on", type=_date_argument, metavar="YYYY-MM-DD")
    add.add_argument(
        "--expected",
        type=_expected_argument,
        metavar="TEXT",
        help='announced next-season date, e.g. "late 2023"',
    )
    add.add_argument("--watch", choices=_choices(WatchStatus))
    add.add_argument("--rating", type=_rating_argument)
    add.add_argument(
        "--season",
        action="append",
        default=[],
        type=_season_argument,
        dest="seasons",
        metavar="N[=DATE[:EPISODES]]",
        help="a season; without a date it is announced (repeatable)",
    )
    add.add_argument("--synopsis", default="")

    edit = command("edit", "change a show by hand (edited fields are kept through syncs)")
    edit.add_argument("show", metavar="SHOW", help="id or title")
    edit.add_argument("--renewal", choices=_choices(RenewalStatus))
    edit.add_argument("--renewed-on", type=_date_argument, metavar="YYYY-MM-DD")
    edit.add_argument(
        "--expected",
        type=_expected_argument,
        metavar="TEXT",
        help='announced next-season date, e.g. "late 2023"; "" clears it',
    )
    edit.add_argument("--watch", choices=_choices(WatchStatus))
    edit.add_argument(
        "--rating", type=_rating_argument, default=argparse.SUPPRESS, help="1-10, or 'none'"
    )
    edit.add_argument("--title")
    edit.add_argument("--network")
    edit.add_argument(
        "--season",
        action="append",
        default=[],
        type=_season_argument,
        dest="seasons",
        metavar="N[=DATE[:EPISODES]]",
        help="add or change a season (repeatable)",
    )

    remove = command("remove", "remove a show with its seasons and notes")
    remove.add_argument("show", metavar="SHOW", help="id or title")
    remove.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    note = command("note", "add a note to a show")
    note.add_argument("show", metavar="SHOW", help="id or title")
    note.add_argument("text", nargs="+", metavar="TEXT", help='the note; "-" reads stdin')
    note.add_argument(
        "--episode",
        type=_episode_argument,
        metavar="EPISODE",
        help="what the note is about: S1E3, 1x03, or S2 for a season",
    )
    note.add_argument("--pin", action="store_true", help="pin the note (listed first)")

    note_edit = command("note-edit", "replace the text of a note")
    note_edit.add_argument("note_id", type=int, metavar="NOTE_ID")
    note_edit.add_argument("text", nargs="+", metavar="TEXT", help='the new text; "-" reads stdin')

    note_delete = command("note-delete", "delete a note")
    note_delete.add_argument("note_id", type=int, metavar="NOTE_ID")
    note_delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    notes = command("notes", "read notes, of one show or all")
    notes.add_argument("show", nargs="?", metavar="SHOW", help="id or title")
    notes.add_argument("--search", metavar="TEXT", help="only notes containing TEXT")
    notes.add_argument(
        "--markdown", action="store_true", help="one show's notes as a Markdown document"
    )
    notes.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="with --markdown: write to FILE"
    )
    notes.add_argument("--json", action="store_true", help="print JSON")

    export = command("export", "export the library (JSON v1 or CSV)")
    export.add_argument("--format", choices=["json", "csv"], default="json")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")

    importing = command("import", "import a Watchlist JSON export")
    importing.add_argument(
        "file", type=Path, metavar="FILE", help='the export; "-" reads standard input'
    )

    command("backup", "back up the library now and print the backup file's path")
    restore = command(
        "restore", "replace the library with a backup (the current one is kept as a backup)"
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="a backup (library-*.sqlite3)")
    restore.add_argument("--yes", action="store_true", help="restore without asking")

    search = command("search", "search TVmaze for shows to add")
    search.add_argument("query", nargs="+", metavar="QUERY", help="part of a title")
    search.add_argument("--json", action="store_true", help="print JSON")

    sync = command("sync", "bring shows up to date with TVmaze (all of them, or those named)")
    sync.add_argument("shows", nargs="*", metavar="SHOW", help="id or title")
    sync.add_argument(
        "--full", action="store_true", help="fetch every show, not only those TVmaze changed"
    )

    whats_new = command("whats-new", "what syncing found: renewals, endings, new seasons")
    whats_new.add_argument("--json", action="store_true", help="print JSON")
    whats_new.add_argument(
        "--limit", type=_limit_argument, default=30, metavar="N", help="at most N entries"
    )
    _tracking_commands(command)
    return parser


def _tracking_commands(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Episodes watched, what is coming, the calendar, imports from other trackers, pins."""
    watched = command("watched", "mark episodes watched: one, up to one, or a whole season")
    watched.add_argument("show", metavar="SHOW", help="id or title")
    watched.add_argument(
        "episode",
        nargs="?",
        type=_episode_argument,
        metavar="EPISODE",
        help="S1E3 or 1x03 (S1 is the whole season)",
    )
    watched.add_argument("--season", type=_season_number_argument, metavar="N", help="season N")
    watched.add_argument(
        "--up-to", action="store_true", help="also every episode before it, from season 1"
    )
    watched.add_argument("--unwatch", action="store_true", help="mark as not watched")

    progress = command("progress", "episodes watched per season, and the next one to watch")
    progress.add_argument("show", metavar="SHOW", help="id or title")
    progress.add_argument("--json", action="store_true", help="print JSON")

    upcoming = command("upcoming", "next episodes and seasons of the shows you follow")
    upcoming.add_argument("--json", action="store_true", help="print JSON")
    upcoming.add_argument("--confirmed", action="store_true", help="only confirmed dates")

    calendar = command("calendar", "write an iCalendar file of premieres and new episodes")
    calendar.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.ics")
    calendar.add_argument(
        "--estimates", action="store_true", help="add estimated premieres, marked tentative"
    )
    calendar.add_argument(
        "--days", type=_days_argument, default=365, metavar="N", help="how far ahead (365)"
    )

    import_from = command("import-from", "import shows from TV Time, Trakt or an IMDb list")
    import_from.add_argument("source", choices=["tvtime", "trakt", "imdb"])
    import_from.add_argument(
        "path", type=Path, metavar="PATH", help="the export: its zip, its folder or one file"
    )
    import_from.add_argument("--yes", action="store_true", help="import without asking")
    import_from.add_argument("--json", action="store_true", help="print JSON")

    link = command("link", "link a show added by hand (or imported) to TVmaze, to sync it")
    link.add_argument("show", metavar="SHOW", help="id or title")
    link.add_argument(
        "--tvmaze",
        type=_tvmaze_id_argument,
        required=True,
        metavar="ID",
        help="the TVmaze show id ('watchlist search TITLE' finds it)",
    )

    pin = command("note-pin", "pin a note (pinned notes are listed first)")
    pin.add_argument("note_id", type=int, metavar="NOTE_ID")
    pin.add_argument("--unpin", action="store_true", help="unpin it instead")


# -- output helpers ----------------------------------------------------------------------------


def _json_default(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _print_json(context: Context, data: object) -> None:
    context.out.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
    context.out.write("\n")


def _table(rows: Sequence[Sequence[str]], headers: Sequence[str], width: int) -> str:
    """A plain-text table whose widest column (the first) shrinks to fit the terminal."""
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)
    ]
    overflow = sum(widths) + 2 * (len(widths) - 1) - width
    if overflow > 0:
        widths[1] = max(12, widths[1] - overflow)

    def line(cells: Sequence[str]) -> str:
        parts = []
        for cell, size in zip(cells, widths, strict=True):
            text = str(cell)
            if len(text) > size:
                text = text[: size - 1] + "…"
            parts.append(text.ljust(size))
        return "  ".join(parts).rstrip()

    return "\n".join([line(headers), *(line(row) for row in rows)])


def format_timestamp(moment: datetime) -> str:
    """ "2 January 2023 at 23:48", in local time."""
    local = moment.astimezone()
    return f"{format_day(local.date())} at {local:%H:%M}"


def _summary_json(summary: ShowSummary, today: date) -> dict[str, Any]:
    estimate = estimate_show(summary, today)
    return {
        "id": summary.id,
        "title": summary.title,
        "network": summary.network,
        "renewal_status": summary.renewal_status.value,
        "renewal_announced_on": summary.renewal_announced_on,
        "watch_status": summary.watch_status.value,
        "rating": summary.rating,
        "seasons": len(summary.season_premieres),
        "notes": summary.note_count,
        "next_season": {
            "kind": str(estimate.kind),
            "label": estimate.label,
            "earliest": estimate.earliest,
            "likely": estimate.likely,
            "latest": estimate.latest,
            "confidence": estimate.confidence,
            "earliest_50": estimate.earliest_50,
            "latest_50": estimate.latest_50,
            "outlook": estimate.outlook.value,
            "renewal_chance": estimate.renewal_chance,
            "conditional": estimate.conditional,
        },
    }


def _detail_json(show: ShowDetail, today: date) -> dict[str, Any]:
    estimate = estimate_show(show, today)
    return {
        "id": show.id,
        "title": show.title,
        "external_ids": show.external_ids.as_dict(),
        "network": show.network,
        "network_kind": show.network_kind.value if show.network_kind else None,
        "country": show.country,
        "language": show.language,
        "genres": list(show.genres),
        "synopsis": show.synopsis,
        "status": show.provider_status.value,
        "renewal": {
            "status": show.renewal_status.value,
            "announced_on": show.renewal_announced_on,
        },
        "premiered": show.premiered,
        "ended": show.ended,
        "watch_status": show.watch_status.value,
        "rating": show.rating,
        "next_season_expected": show.next_season_expected,
        "seasons": [
            {
                "number": season.number,
                "premiere_date": season.premiere_date,
                "end_date": season.end_date,
                "episode_count": season.episode_count,
            }
            for season in show.seasons
        ],
        "next_season": {
            "kind": str(estimate.kind),
            "label": estimate.label,
            "earliest": estimate.earliest,
            "likely": estimate.likely,
            "latest": estimate.latest,
            "confidence": estimate.confidence,
            "earliest_50": estimate.earliest_50,
            "latest_50": estimate.latest_50,
            "outlook": estimate.outlook.value,
            "renewal_chance": estimate.renewal_chance,
            "conditional": estimate.conditional,
            "reason": estimate.reason,
        },
        "notes": show.note_count,
        "user_edited": sorted(show.user_edited),
        "last_synced_at": show.last_synced_at,
        "provider_gone_at": show.provider_gone_at,
    }


def _note_json(note: NoteView) -> dict[str, Any]:
    return {
        "id": note.id,
        "show_id": note.show_id,
        "show": note.show_title,
        "created_at": note.created_at,
        "updated_at": note.updated_at,
        "body": note.body,
        "season": note.season_number,
        "episode": note.episode_number,
        "pinned": note.pinned,
    }


def _season_count_text(show: ShowDetail) -> str:
    total = len(show.seasons)
    aired = len(show.aired_seasons)
    text = f"{total} season{'s' if total != 1 else ''}"
    if total and aired != total:
        text += f" · {aired} aired, {total - aired} announced"
    return text


def _read_text_argument(words: list[str]) -> str:
    if words == ["-"]:
        return _read_standard_input()
    return " ".join(words)


# A note is at most MAX_NOTE_LENGTH characters of up to four UTF-8 bytes each (and some space
# around it): reading stops past that, so `note SHOW - < /dev/zero` ends.
_MAX_NOTE_INPUT_BYTES = 4 * MAX_NOTE_LENGTH + 65_536


def _read_standard_input() -> str:
    """Standard input as text: UTF-8 (a BOM is skipped); bytes that are not are refused, so
    no undecodable byte ever reaches the library."""
    binary = getattr(sys.stdin, "buffer", None)
    if binary is None:  # already text: a test's StringIO, or a program embedding Watchlist
        return sys.stdin.read()
    data: bytes = binary.read(_MAX_NOTE_INPUT_BYTES + 1)
    if len(data) > _MAX_NOTE_INPUT_BYTES:
        raise WatchlistError(
            f"Standard input holds more than {_MAX_NOTE_INPUT_BYTES // 1000:,} kB; a note holds "
            f"at most {MAX_NOTE_LENGTH:,} characters. Nothing was saved."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise WatchlistError(
            f"Standard input is not UTF-8 text (byte {data[error.start]:#04x} at position "
            f"{error.start + 1:,}); save it as UTF-8 and try again. Nothing was saved."
        ) from error


def _check_text_arguments(args: argparse.Namespace) -> None:
    """Refuse an argument that is not UTF-8 (Python keeps its bytes as lone surrogates), before
    it can be stored or searched for. File names are left alone: any bytes name a file."""
    for value in vars(args).values():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and text_problem(text) is not None:
                shown = text.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
                raise UsageError(
                    f"The argument {shortened(shown)} is not UTF-8 text; type it again in "
                    "UTF-8 (check the terminal's encoding)."
                )


def _confirm(context: Context, question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    context.err.write(f"{question} [y/N] ")
    context.err.flush()
    return sys.stdin.readline().strip().casefold() in ("y", "yes")


# -- commands ----------------------------------------------------------------------------------


def command_list(context: Context, args: argparse.Namespace) -> int:
    from watchlist.store.views import ShowQuery

    watch = frozenset({WatchStatus(args.watch)}) if args.watch else frozenset()
    with context.library() as library:
        shows = library.list_shows(ShowQuery(text=args.filter, watch_statuses=watch))
    if args.json:
        _print_json(context, [_summary_json(show, context.today) for show in shows])
        return EXIT_OK
    if not shows:
        context.out.write("The library is empty. Add a show with 'watchlist add --title ...'.\n")
        return EXIT_OK
    rows = []
    for show in shows:
        estimate = estimate_show(show, context.today)
        rows.append(
            (
                str(show.id),
                show.title,
                show.network or "",
                show.renewal_status.label,
                str(len(show.season_premieres)),
                _next_season_text(estimate),
                show.watch_status.label,
            )
        )
    width = shutil.get_terminal_size((120, 24)).columns
    headers = ("ID", "Title", "Network", "Renewal", "Seasons", "Next season", "Watching")
    context.out.write(_table(rows, headers, width) + "\n")
    return EXIT_OK


def _next_season_text(estimate: Estimate) -> str:
    """The label, "If renewed: ..." when the window assumes a renewal not yet announced."""
    return f"If renewed: {estimate.label}" if estimate.conditional else estimate.label


def _outlook_text(estimate: Estimate) -> str:
    """ "Awaiting a renewal decision (6% of similar shows got another season)"."""
    if estimate.kind is EstimateKind.NONE or estimate.outlook is Outlook.RENEWED:
        return ""
    if estimate.renewal_chance is None:
        return estimate.outlook.label
    chance = format_chance(estimate.renewal_chance)
    return f"{estimate.outlook.label} ({chance} of similar shows got another season)"


def command_show(context: Context, args: argparse.Namespace) -> int:
    with context.library() as library:
        show = library.find_show(args.show)
    if args.json:
        _print_json(context, _detail_json(show, context.today))
        return EXIT_OK
    estimate = estimate_show(show, context.today)
    lines = [show.title, "=" * min(len(show.title), 80)]
    facts = [
        ("Network", show.network or "unknown"),
        ("Country", show.country or ""),
        ("Language", show.language or ""),
        ("Genres", ", ".join(show.genres)),
        ("Premiered", show.premiered.isoformat() if show.premiered else ""),
        ("Status", show.provider_status.label),
        ("Renewal", _renewal_text(show)),
        ("Seasons", _season_count_text(show)),
        ("Next season", _next_season_text(estimate)),
        ("Outlook", _outlook_text(estimate)),
        ("Why", estimate.reason),
        ("Watching", show.watch_status.label),
        ("Rating", f"{show.rating}/10" if show.rating else ""),
        ("Notes", str(show.note_count)),
        ("Edited by you", ", ".join(sorted(show.user_edited))),
        (
            "TVmaze",
            f"no longer lists it (since {format_timestamp(show.provider_gone_at)})"
            if show.provider_gone_at
            else "",
        ),
    ]
    lines += [f"{label + ':':<15}{value}" for label, value in facts if value]
    if show.synopsis:
        lines += ["", show.synopsis]
    if show.seasons:
        lines += ["", "Season  Premiere      Episodes"]
        for season in show.seasons:
            premiere = season.premiere_date.isoformat() if season.premiere_date else "announced"
            count = str(season.episode_count) if season.episode_count is not None else ""
            lines.append(f"{season.number:>6}  {premiere:<12}  {count}")
    context.out.write("\n".join(lines) + "\n")
    return EXIT_OK


def _renewal_text(show: ShowDetail) -> str:
    text = show.renewal_status.label
    if show.renewal_announced_on:
        text += f" · announced {format_day(show.renewal_announced_on)}"
    return text


_MANUAL_ONLY_OPTIONS = (
    "network", "country", "language", "genres", "premiered", "ended", "status", "renewal",
    "renewed_on", "expected", "seasons", "synopsis",
)  # fmt: skip


def command_add(context: Context, args: argparse.Namespace) -> int:
    if args.tvmaze is not None:
        return _add_from_tvmaze(context, args)
    new = NewShow(
        title=args.title,
        network=args.network,
        country=args.country,
        language=args.language,
        genres=tuple(args.genres),
        synopsis=args.synopsis,
        premiered=args.premiered,
        ended=args.ended,
        provider_status=ShowStatus(args.status) if args.status else ShowStatus.UNKNOWN,
        renewal_status=RenewalStatus(args.renewal) if args.renewal else RenewalStatus.UNKNOWN,
        renewal_announced_on=args.renewed_on,
        next_season_expected=args.expected,
        watch_status=WatchStatus(args.watch or WatchStatus.PLAN_TO_WATCH),
        rating=args.rating,
        seasons=tuple(args.seasons),
    )
    with context.library() as library:
        show_id = library.add_show(new)
    context.out.write(f"Added {new.title.strip()!r} (id {show_id}).\n")
    return EXIT_OK


def _add_from_tvmaze(context: Context, args: argparse.Namespace) -> int:
    given = [name for name in _MANUAL_ONLY_OPTIONS if getattr(args, name) not in (None, [], "")]
    if given:
        option = "--" + given[0].replace("_", "-").removesuffix("s")
        raise UsageError(
            f"{option} cannot be used with --tvmaze: TVmaze provides the details. "
            "Change them afterwards with 'watchlist edit'."
        )
    changes: dict[str, Any] = {}
    if args.watch is not None:
        changes["watch_status"] = WatchStatus(args.watch)
    if args.rating is not None:
        changes["rating"] = args.rating
    with context.library() as library, _sync_service(context, library) as service:
        show_id = service.add_show(args.tvmaze)
        if changes:
            library.edit_show(show_id, ShowChanges(**changes))
        show = library.show(show_id)
    context.out.write(
        f"Added {show.title!r} (id {show.id}), following TVmaze show {args.tvmaze}.\n"
    )
    return EXIT_OK


def command_edit(context: Context, args: argparse.Namespace) -> int:
    given: dict[str, Any] = {}
    if args.renewal is not None:
        given["renewal_status"] = RenewalStatus(args.renewal)
    if args.renewed_on is not None:
        given["renewal_announced_on"] = args.renewed_on
    if args.expected is not None:
        given["next_season_expected"] = args.expected or None
    if args.watch is not None:
        given["watch_status"] = WatchStatus(args.watch)
    if hasattr(args, "rating"):
        given["rating"] = args.rating
    if args.title is not None:
        given["title"] = args.title
    if args.network is not None:
        given["network"] = args.network
    if not given and not args.seasons:
        raise UsageError("Nothing to change: give at least one option (see 'watchlist edit -h').")
    with context.library() as library:
        show_id = library.resolve_show_id(args.show)
        if given:
            library.edit_show(show_id, ShowChanges(**given))
        for season in args.seasons:
            library.set_season(show_id, season)
        show = library.show(show_id)
    context.out.write(f"Updated {show.title!r}.\n")
    return EXIT_OK


def command_remove(context: Context, args: argparse.Namespace) -> int:
    with context.library() as library:
        show_id = library.resolve_show_id(args.show)
        preview = library.removal_preview(show_id)
        notes = f"{preview.note_count} note{'s' if preview.note_count != 1 else ''}"
        if not args.yes and not _confirm(
            context, f"Remove {preview.title!r} and its {notes}? This cannot be undone."
        ):
            raise WatchlistError(
                f"Not removed: {preview.title!r} has {notes}. "
                "Add --yes to remove it without asking."
            )
        removed = library.remove_show(show_id)
    context.out.write(f"Removed {removed.title!r} and {notes}.\n")
    return EXIT_OK


def command_note(context: Context, args: argparse.Namespace) -> int:
    text = _read_text_argument(args.text)
    with context.library() as library:
        note = library.add_note(
            library.resolve_show_id(args.show), text, reference=args.episode, pinned=args.pin
        )
    about = f" about {note.reference_label}" if note.reference_label else ""
    context.out.write(f"Added note {note.id}{about} to {note.show_title!r}.\n")
    return EXIT_OK


def command_note_edit(context: Context, args: argparse.Namespace) -> int:
    text = _read_text_argument(args.text)
    with context.library() as library:
        note = library.edit_note(args.note_id, text)
    context.out.write(f"Updated note {note.id} of {note.show_title!r}.\n")
    return EXIT_OK


def command_note_delete(context: Context, args: argparse.Namespace) -> int:
    with context.library() as library:
        note = library.note(args.note_id)
        if not args.yes and not _confirm(context, f"Delete note {note.id} of {note.show_title!r}?"):
            raise WatchlistError(f"Note {note.id} was not deleted. Add --yes to delete it.")
        library.delete_note(note.id)
    context.out.write(f"Deleted note {note.id} of {note.show_title!r}.\n")
    return EXIT_OK


def command_notes(context: Context, args: argparse.Namespace) -> int:
    if args.markdown or args.output:
        return _notes_markdown(context, args)
    with context.library() as library:
        show_id = library.resolve_show_id(args.show) if args.show else None
        notes = library.notes(
            show_id,
            search=args.search,
            newest_first=show_id is None,
            pinned_first=show_id is not None,
        )
    if args.json:
        _print_json(context, [_note_json(note) for note in notes])
        return EXIT_OK
    if not notes:
        context.out.write("No notes.\n")
        return EXIT_OK
    blocks = []
    for note in notes:
        edited = f" (edited {format_timestamp(note.updated_at)})" if note.updated_at else ""
        about = "".join(
            f" · {part}" for part in (note.reference_label, "pinned" if note.pinned else "") if part
        )
        header = (
            f"#{note.id}  {note.show_title}{about} · {format_timestamp(note.created_at)}{edited}"
        )
        body = "\n".join(f"    {line}" for line in note.body.splitlines())
        blocks.append(f"{header}\n{body}")
    context.out.write("\n\n".join(blocks) + "\n")
    return EXIT_OK


def command_export(context: Context, args: argparse.Namespace) -> int:
    with context.library() as library:
        text = export_csv(library) if args.format == "csv" else export_json(library)
    if args.output is None:
        context.out.write(text)
    else:
        write_atomically(args.output, text)
        context.err.write(f"Exported to {args.output}.\n")
    return EXIT_OK


def command_import(context: Context, args: argparse.Namespace) -> int:
    with context.library() as library:
        if str(args.file) == "-":
            report = import_document(library, read_import_stream(sys.stdin.buffer))
        else:
            report = import_file(library, args.file)
    context.out.write(report.summary() + "\n")
    return EXIT_OK


def command_backup(context: Context, args: argparse.Namespace) -> int:
    database, folder = backup_locations(context.settings, action="back up")
    preflight_sqlite_file(database, for_writing=False)
    backup = take_backup(database, folder, BackupKind.MANUAL)
    context.out.write(f"{backup.path}\n")
    return EXIT_OK


def command_restore(context: Context, args: argparse.Namespace) -> int:
    database, folder = backup_locations(context.settings, action="restore")
    check_restorable(args.file, database)
    if not args.yes and not _confirm(
        context,
        f"Replace the library{_counts_text(database)} with {args.file}"
        f"{_counts_text(args.file)}? The library as it is now is kept as a backup.",
    ):
        raise WatchlistError(
            f"Not restored: the library was left as it is. Add --yes to restore {args.file} "
            "without asking."
        )
    kept = restore_backup(args.file, database, folder)
    kept_text = f" The library as it was is kept in {kept.path}." if kept else ""
    context.out.write(f"Restored the library from {args.file}.{kept_text}\n")
    return EXIT_OK


def _counts_text(path: Path) -> str:
    counts = library_counts(path) if path.is_file() else None
    if counts is None:
        return ""
    shows, notes = counts
    return f" ({shows} show{'s' if shows != 1 else ''}, {notes} note{'s' if notes != 1 else ''})"


def _sync_service(context: Context, library: Library) -> SyncService:
    from watchlist.sync.service import build_sync_service

    return build_sync_service(context.settings, library)


def command_search(context: Context, args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    with context.library() as library, _sync_service(context, library) as service:
        results = service.search(query)
    if args.json:
        _print_json(
            context,
            [
                {
                    "tvmaze_id": result.provider_id,
                    "title": result.title,
                    "year": result.year,
                    "network": result.network,
                    "status": result.status.value,
                    "language": result.language,
                    "genres": list(result.genres),
                    "poster_url": result.poster_url,
                    "summary": result.summary,
                }
                for result in results
            ],
        )
        return EXIT_OK
    if not results:
        context.out.write(f"TVmaze has no show matching {query!r}.\n")
        return EXIT_OK
    rows = [
        (
            str(result.provider_id),
            result.title,
            str(result.year or ""),
            result.network or "",
            result.status_label,
        )
        for result in results
    ]
    width = shutil.get_terminal_size((120, 24)).columns
    headers = ("TVmaze", "Title", "Year", "Network", "Status")
    context.out.write(_table(rows, headers, width) + "\n")
    context.out.write("Add one with 'watchlist add --tvmaze ID'.\n")
    return EXIT_OK


class ProgressLine:
    """A one-line "[3/12] Dark" progress display, rewritten in place on a terminal."""

    def __init__(self, stream: TextIO, *, width: int = 80) -> None:
        self.stream = stream
        self.width = max(20, width)
        self.shown = False

    def __call__(self, progress: SyncProgress) -> None:
        if progress.done >= progress.total:
            self.clear()
            return
        text = f"[{progress.done + 1}/{progress.total}] Syncing {progress.title}"
        if len(text) > self.width - 1:
            text = text[: self.width - 2].rstrip() + "…"
        self.stream.write("\r\x1b[2K" + text)
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.shown = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def command_sync(context: Context, args: argparse.Namespace) -> int:
    progress = None
    if _is_terminal(context.err):
        progress = ProgressLine(context.err, width=shutil.get_terminal_size((80, 24)).columns)
    with context.library() as library:
        show_ids = [library.resolve_show_id(reference) for reference in args.shows] or None
        with _sync_service(context, library) as service:
            try:
                report = service.sync(show_ids, full=args.full, progress=progress)
            finally:
                if progress is not None:
                    progress.clear()
    context.out.write(_sync_report_text(report))
    return EXIT_OK if report.ok else EXIT_FAILURE


def _sync_report_text(report: SyncReport) -> str:
    lines = [report.summary() + "."]
    lines += [f"  failed: {outcome.title}: {outcome.message}" for outcome in report.failed]
    lines += [f"  gone: {outcome.title}: {outcome.message}" for outcome in report.gone]
    lines += [f"  warning: {outcome.title}: {warning}" for outcome, warning in report.warnings]
    if report.stopped:
        lines.append(f"Stopped early: {report.stopped}")
    return "\n".join(lines) + "\n"


def _change_json(change: ChangeView) -> dict[str, Any]:
    return {
        "id": change.id,
        "show_id": change.show_id,
        "show": change.show_title,
        "happened_at": change.happened_at,
        "kind": change.kind.value,
        "season": change.season_number,
        "summary": change.summary,
    }


def command_whats_new(context: Context, args: argparse.Namespace) -> int:
    with context.library() as library:
        changes = library.changes(limit=args.limit)
    if args.json:
        _print_json(context, [_change_json(change) for change in changes])
        return EXIT_OK
    if not changes:
        context.out.write("Nothing new yet. 'watchlist sync' checks TVmaze for news.\n")
        return EXIT_OK
    rows = [
        (format_timestamp(change.happened_at), change.show_title, change.summary)
        for change in changes
    ]
    width = shutil.get_terminal_size((120, 24)).columns
    context.out.write(_table(rows, ("When", "Show", "What"), width) + "\n")
    return EXIT_OK


# -- episodes, upcoming, calendar, imports from other trackers ---------------------------------


def _notes_markdown(context: Context, args: argparse.Namespace) -> int:
    from watchlist.store.notes_markdown import export_notes_markdown

    if not args.show:
        raise UsageError("--markdown exports one show's notes: name the show.")
    if args.search or args.json:
        raise UsageError("--markdown cannot be combined with --search or --json.")
    with context.library() as library:
        text = export_notes_markdown(library, library.resolve_show_id(args.show))
    if args.output is None:
        context.out.write(text)
    else:
        write_atomically(args.output, text)
        context.err.write(f"Wrote the notes to {args.output}.\n")
    return EXIT_OK


def command_note_pin(context: Context, args: argparse.Namespace) -> int:
    with context.library() as library:
        note = library.pin_note(args.note_id, not args.unpin)
    done = "Unpinned" if args.unpin else "Pinned"
    context.out.write(f"{done} note {note.id} of {note.show_title!r}.\n")
    return EXIT_OK


def _progress_line(progress: ShowProgress) -> str:
    """ "Next to watch: S2E3 · Title" or why there is none."""
    if progress.next_to_watch is not None:
        title = f" · {progress.next_title}" if progress.next_title else ""
        return f"Next to watch: {progress.next_to_watch.label}{title}"
    if progress.caught_up:
        return "All caught up."
    return "Nothing has aired yet." if not progress.aired else ""


def command_watched(context: Context, args: argparse.Namespace) -> int:
    from watchlist.store.progress import mark_watched

    if args.season is not None and args.episode is not None:
        raise UsageError("Give an episode (S1E3) or --season N, not both.")
    reference = EpisodeReference(args.season) if args.season is not None else args.episode
    if reference is None:
        raise UsageError("Which episode? Give one such as S1E3 (with --up-to for all before it).")
    with context.library() as library:
        show_id = library.resolve_show_id(args.show)
        result = mark_watched(
            library,
            show_id,
            reference,
            up_to=args.up_to,
            watched=not args.unwatch,
            today=context.today,
        )
    state = "not watched" if args.unwatch else "watched"
    scope = f"up to {reference.label}" if args.up_to else reference.label
    if result.changed:
        count = f"{result.changed} episode{'s' if result.changed != 1 else ''}"
        lines = [f"Marked {count} of {result.show_title!r} {state} ({scope})."]
    else:
        lines = [f"Nothing changed: {scope} of {result.show_title!r} was already {state}."]
    if result.status_changed:
        lines.append(f"{result.show_title!r} is now {result.watch_status.label.lower()}.")
    lines.append(_progress_line(result.progress))
    context.out.write("\n".join(line for line in lines if line) + "\n")
    return EXIT_OK


def command_progress(context: Context, args: argparse.Namespace) -> int:
    from watchlist.store.progress import progress_of

    with context.library() as library:
        show = library.find_show(args.show)
        progress = progress_of(library, show.id, today=context.today)
    if args.json:
        _print_json(
            context,
            {
                "show_id": show.id,
                "title": show.title,
                "watch_status": show.watch_status.value,
                "watched": progress.watched,
                "aired": progress.aired,
                "total": progress.total,
                "caught_up": progress.caught_up,
                "next_to_watch": progress.next_to_watch.label if progress.next_to_watch else None,
                "next_title": progress.next_title or None,
                "last_aired": progress.last_aired.label if progress.last_aired else None,
                "seasons": [
                    {"number": s.number, "watched": s.watched, "aired": s.aired, "total": s.total}
                    for s in progress.seasons
                ],
            },
        )
        return EXIT_OK
    lines = [f"{show.title}: {progress.watched} of {progress.aired} aired episodes watched"]
    if progress.seasons:
        lines += ["", "Season  Watched  Aired  Episodes"]
        lines += [
            f"{s.number:>6}  {f'{s.watched}/{s.aired}':>7}  {s.aired:>5}  {s.total:>8}"
            for s in progress.seasons
        ]
    else:
        lines.append("No seasons or episodes are known yet.")
    lines += ["", _progress_line(progress)]
    context.out.write("\n".join(lines).rstrip("\n") + "\n")
    return EXIT_OK


def _upcoming_json(item: UpcomingItem, today: date) -> dict[str, Any]:
    return {
        "show_id": item.show_id,
        "show": item.show_title,
        "network": item.network,
        "kind": item.kind.value,
        "certainty": item.certainty.value,
        "season": item.season_number,
        "episode": item.episode_number,
        "episode_title": item.episode_title or None,
        "likely": item.likely,
        "earliest": item.earliest,
        "latest": item.latest,
        "window": item.window_label,
        "countdown": item.countdown(today),
        "reason": item.reason or None,
    }


def command_upcoming(context: Context, args: argparse.Namespace) -> int:
    from watchlist.core.upcoming import group_by_month
    from watchlist.store.upcoming import upcoming

    with context.library() as library:
        items = upcoming(library, context.today, estimates=not args.confirmed)
    if args.json:
        _print_json(context, [_upcoming_json(item, context.today) for item in items])
        return EXIT_OK
    if not items:
        context.out.write("Nothing coming up for the shows you follow.\n")
        return EXIT_OK
    width = shutil.get_terminal_size((120, 24)).columns
    blocks = []
    for group in group_by_month(items):
        rows = [
            (
                item.window_label + (f" ({item.certainty.value})" if item.is_estimate else ""),
                item.show_title,
                item.what,
                item.countdown(context.today),
            )
            for item in group.items
        ]
        blocks.append(f"{group.label}\n" + _table(rows, ("When", "Show", "What", ""), width))
    context.out.write("\n\n".join(blocks) + "\n")
    return EXIT_OK


def command_calendar(context: Context, args: argparse.Namespace) -> int:
    from watchlist.store.calendar import export_calendar

    with context.library() as library:
        text = export_calendar(
            library, today=context.today, estimates=args.estimates, days=args.days
        )
    write_atomically(args.output, text)
    events = text.count("BEGIN:VEVENT")
    context.err.write(f"Wrote {events} event{'s' if events != 1 else ''} to {args.output}.\n")
    return EXIT_OK


def command_import_from(context: Context, args: argparse.Namespace) -> int:
    from watchlist.importers.apply import apply_import
    from watchlist.importers.parse import parse_export
    from watchlist.importers.preview import preview_import

    parsed = parse_export(args.source, args.path)
    with context.library() as library, _sync_service(context, library) as service:
        online = not context.settings.offline
        progress = _lookup_progress(context) if online and not args.json else None
        preview = preview_import(
            library, parsed, provider=service.provider if online else None, progress=progress
        )
        if preview.nothing_to_import:
            if args.json:
                _print_json(context, {"preview": _preview_json(preview), "report": None})
            else:
                context.out.write(_nothing_to_import_text(preview) + "\n")
            return EXIT_OK
        if not args.json:
            context.out.write(_import_preview_text(preview) + "\n")
        writes = sum(1 for item in preview.items if item.will_write)
        question = f"Add {writes} show{'s' if writes != 1 else ''} to your library?"
        if writes and not args.yes and not _confirm(context, question):
            if args.json:
                _print_json(context, {"preview": _preview_json(preview), "report": None})
            raise WatchlistError("Nothing was imported. Add --yes to import without asking.")
        report = apply_import(
            library, preview, service=service if online else None, today=context.today
        )
    if args.json:
        _print_json(context, {"preview": _preview_json(preview), "report": _report_json(report)})
    else:
        context.out.write(_import_report_text(report) + "\n")
    return EXIT_OK if report.ok else EXIT_FAILURE


def _lookup_progress(context: Context) -> Callable[[int, int, str], None] | None:
    if not _is_terminal(context.err):
        return None
    line = ProgressLine(context.err, width=shutil.get_terminal_size((80, 24)).columns)

    def show(done: int, total: int, title: str) -> None:
        if done >= total:
            line.clear()
            return
        text = f"[{done + 1}/{total}] Looking up {title} on TVmaze"
        line.stream.write("\r\x1b[2K" + text[: line.width - 1])
        line.stream.flush()
        line.shown = True

    return show


def _nothing_to_import_text(preview: ImportPreview) -> str:
    said = [note for note in preview.notes if note.startswith("Nothing to import")]
    lines = said or [f"Nothing to import: the {preview.source.label} export lists no shows."]
    return "\n".join(lines + [f"Note: {note}" for note in preview.notes if note not in said])


def _watched_cell(item: PlannedImport) -> str:
    """The Watched column: a count, or the plays when the export does not name the episodes."""
    candidate = item.candidate
    if candidate.episodes_unknown:
        return f"? ({candidate.unnamed_plays} plays)"
    return str(len(candidate.watched) or "")


def _import_preview_text(preview: ImportPreview) -> str:
    width = shutil.get_terminal_size((120, 24)).columns
    rows = [
        (
            item.kind.label,
            item.candidate.label,
            _watched_cell(item),
            item.candidate.watch_status.label if item.candidate.watch_status else "",
            item.reason,
        )
        for item in preview.items
    ]
    lines = [f"From {preview.source.label}: {preview.summary()}."]
    if preview.lookup_problem:
        lines.append(f"Note: {preview.lookup_problem}")
    lines += [f"Note: {note}" for note in preview.notes]
    if rows:
        # The reason, last, may run past the terminal's edge and wrap: the title never yields
        # to it (only to the plan, watched and status columns).
        longest_reason = max(len(row[-1]) for row in rows)
        headers = ("Plan", "Show", "Watched", "Status", "Why")
        lines += ["", _table(rows, headers, width + max(0, longest_reason - len("Why")))]
    return "\n".join(lines)


def _import_report_text(report: TrackerImportReport) -> str:
    lines = [report.summary() + "."]
    lines += [
        f"  {outcome.kind.label}: {outcome.title}: {outcome.message}"
        for outcome in report.outcomes
        if outcome.message and outcome.kind.value in ("failed", "added_from_tvmaze")
    ]
    return "\n".join(lines)


def _preview_json(preview: ImportPreview) -> dict[str, Any]:
    return {
        "source": preview.source.value,
        "lookup_problem": preview.lookup_problem,
        "notes": list(preview.notes),
        "movies": preview.movies,
        "items": [
            {
                "plan": item.kind.value,
                "title": item.candidate.title,
                "year": item.candidate.year,
                "imdb": item.candidate.imdb,
                "thetvdb": item.candidate.thetvdb,
                "tvmaze": item.tvmaze_id,
                "tvmaze_title": item.matched_title,
                "show_id": item.show_id,
                "watch_status": item.candidate.watch_status.value
                if item.candidate.watch_status
                else None,
                "watched_episodes": len(item.candidate.watched),
                "episodes_unknown": item.candidate.episodes_unknown,
                "plays": item.candidate.unnamed_plays or None,
                "rating": item.candidate.rating,
                "notes": len(item.candidate.notes),
                "reason": item.reason,
            }
            for item in preview.items
        ],
    }


def _report_json(report: TrackerImportReport) -> dict[str, Any]:
    return {
        "summary": report.summary(),
        "outcomes": [
            {
                "title": outcome.title,
                "outcome": outcome.kind.value,
                "show_id": outcome.show_id,
                "episodes_marked": outcome.episodes_marked,
                "episodes_missing": outcome.episodes_missing,
                "message": outcome.message or None,
            }
            for outcome in report.outcomes
        ],
    }


def command_link(context: Context, args: argparse.Namespace) -> int:
    from watchlist.store.limits import MAX_DATABASE_INTEGER

    if args.tvmaze > MAX_DATABASE_INTEGER:
        raise WatchlistError(f"TVmaze has no show with id {args.tvmaze}.")
    with context.library() as library, _sync_service(context, library) as service:
        show_id = library.resolve_show_id(args.show)
        before = library.show(show_id)
        service.link_show(show_id, args.tvmaze)
        show = library.show(show_id)
    renamed = f" as {show.title!r}" if show.title != before.title else ""
    context.out.write(
        f"Linked {before.title!r} (id {show_id}) to TVmaze show {args.tvmaze}{renamed}; "
        f"{_season_count_text(show)}. It now syncs from TVmaze, keeping your notes, watched "
        "episodes and edits.\n"
    )
    return EXIT_OK


def command_gui(context: Context, args: argparse.Namespace) -> int:
    from watchlist.ui.app import run_gui

    return run_gui(
        context.settings,
        screenshot=getattr(args, "screenshot", None),
        select=getattr(args, "select", None),
    )


COMMANDS: dict[str, Callable[[Context, argparse.Namespace], int]] = {
    "gui": command_gui,
    "list": command_list,
    "show": command_show,
    "add": command_add,
    "edit": command_edit,
    "remove": command_remove,
    "note": command_note,
    "note-edit": command_note_edit,
    "note-delete": command_note_delete,
    "notes": command_notes,
    "export": command_export,
    "import": command_import,
    "backup": command_backup,
    "restore": command_restore,
    "search": command_search,
    "sync": command_sync,
    "whats-new": command_whats_new,
    "watched": command_watched,
    "progress": command_progress,
    "upcoming": command_upcoming,
    "calendar": command_calendar,
    "import-from": command_import_from,
    "link": command_link,
    "note-pin": command_note_pin,
}


# -- entry points ------------------------------------------------------------------------------


def resolve_settings(args: argparse.Namespace) -> Settings:
    settings = settings_from_environment().with_overrides(
        data_dir=getattr(args, "data_dir", None),
        database_url=getattr(args, "database_url", None),
        offline=getattr(args, "offline", None),
    )
    if getattr(args, "demo", False):
        settings = demo_settings(settings)
    return settings


def main(argv: Sequence[str] | None = None, *, today: date | None = None) -> int:
    """Run the command line; returns the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(words)
    out, err = sys.stdout, sys.stderr
    try:
        settings = resolve_settings(args)
        setup_logging(
            None if getattr(args, "demo", False) else settings.logs_dir,
            verbose=bool(getattr(args, "verbose", False)),
        )
        _check_text_arguments(args)
        context = Context(settings=settings, out=out, err=err, today=today or date.today())
        return COMMANDS[args.command or "gui"](context, args)
    except UsageError as error:
        err.write(f"watchlist: {error}\n")
        return EXIT_USAGE
    except WatchlistError as error:
        log.info("Command failed: %s", error)
        err.write(f"watchlist: {error}\n")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        err.write("watchlist: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK


def gui_main() -> int:
    """Entry point for the windowed launcher (no console on Windows).

    A windowed process on Windows has no stdout/stderr; give them somewhere harmless to go so
    a message meant for a terminal cannot crash the app (the log file still has everything).
    """
    if sys.stdout is None:
        sys.stdout = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - process-long
    if sys.stderr is None:
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - process-long
    return main(["gui", *sys.argv[1:]])
