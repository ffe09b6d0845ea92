"""Reading the show list for the window, on worker threads.

A large library is shown in two steps. The first read, ``first_look``, counts the shows and,
when there are more than ``LARGE_LIBRARY`` of them, returns only the first screenful in title
order with the library's counts (``FirstPage``): at 100,000 shows that takes a tenth of a
second where the whole list takes about two. The window shows that page at once, then reads
every row with ``load_rows``, which a ``threading.Event`` can stop between batches (closing the
window, or a newer reload, does not wait for a list nobody will see). A smaller library is read
whole by the first read, as one step.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from watchlist.core.episodes import EpisodeReference
from watchlist.core.status import WatchStatus
from watchlist.store.estimates import estimate_show
from watchlist.store.library import Library
from watchlist.store.progress import with_next_to_watch
from watchlist.store.views import ShowQuery
from watchlist.ui.show_model import ShowRow, ShowRows

# Above this many shows the list is shown page first; below, reading it whole is about as
# quick as reading a page (2,000 shows take some 30 ms).
LARGE_LIBRARY = 2_000
# The first page: more rows than the tallest window shows, so scrolling a little finds rows.
FIRST_PAGE_ROWS = 200


@dataclass(frozen=True, slots=True)
class LoadedRows:
    """Every row of the list, with the number of notes in the library."""

    rows: ShowRows
    note_count: int


@dataclass(frozen=True, slots=True)
class FirstPage:
    """The first rows of a large library in title order, with what the sidebar counts."""

    rows: ShowRows  # their summaries carry their next episodes to watch
    by_watch_status: dict[WatchStatus, int]
    note_count: int

    @property
    def total(self) -> int:
        return sum(self.by_watch_status.values())

    @property
    def next_to_watch(self) -> dict[int, EpisodeReference]:
        return {
            summary.id: summary.next_to_watch
            for summary in self.rows.summaries
            if summary.next_to_watch is not None
        }


def load_rows(library: Library, stop: threading.Event | None = None) -> ShowRows:
    """Every show, ready for the list; ``stop`` ends the read early (``ListReadCancelledError``).

    Estimates are left to the model, which makes them for the rows on screen first and the
    rest while the window is idle: 100,000 of them take seconds, the rows themselves one.
    Each show's next episode to watch is read just after, by the window.
    """
    return ShowRows.of(library.list_shows(stop=_asker(stop)))


def load_everything(library: Library, stop: threading.Event | None = None) -> LoadedRows:
    return LoadedRows(load_rows(library, stop), library.count_notes())


def first_look(
    library: Library,
    today: date,
    *,
    status: WatchStatus | None = None,
    large: int = LARGE_LIBRARY,
    page_rows: int = FIRST_PAGE_ROWS,
    stop: threading.Event | None = None,
) -> LoadedRows | FirstPage:
    """The whole list of a library of up to ``large`` shows; else its first page: the first
    ``page_rows`` shows in title order, of those with watch ``status`` when one is given (the
    sidebar's filter, so the page fills the list it is shown in). ``stop`` ends the read
    early, as for ``load_rows``."""
    if library.count_shows() <= large:
        return load_everything(library, stop)
    query = ShowQuery(watch_statuses=frozenset({status})) if status is not None else None
    page = library.list_shows(query, first=page_rows, stop=_asker(stop))
    return FirstPage(
        rows=ShowRows.of(with_next_to_watch(library, page, today=today)),
        by_watch_status=library.count_by_watch_status(),
        note_count=library.count_notes(),
    )


def _asker(stop: threading.Event | None) -> Callable[[], bool] | None:
    """What ``Library.list_shows`` asks whether to stop."""
    return None if stop is None else stop.is_set


def load_row(library: Library, show_id: int, today: date) -> ShowRow:
    summary = with_next_to_watch(library, [library.show_summary(show_id)], today=today)[0]
    return ShowRow.of(summary, estimate_show(summary, today))
