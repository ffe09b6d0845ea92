"""The change log ("What's new") through the library API."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from watchlist.core.changes import ChangeKind
from watchlist.store.errors import ShowNotFoundError
from watchlist.store.library import Library, NewShow
from watchlist.store.models import ChangeLogEntry, Episode

START = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def log_change(library: Library, show_id: int, minutes: int, summary: str) -> None:
    with library.writing() as session:
        session.add(
            ChangeLogEntry(
                show_id=show_id,
                happened_at=START + timedelta(minutes=minutes),
                kind=ChangeKind.RENEWED,
                summary=summary,
            )
        )


def test_changes_are_listed_newest_first(library: Library) -> None:
    show_id = library.add_show(NewShow(title="Dark"))
    log_change(library, show_id, 1, "older")
    log_change(library, show_id, 5, "newer")
    assert [change.summary for change in library.changes()] == ["newer", "older"]


def test_changes_respect_the_limit(library: Library) -> None:
    show_id = library.add_show(NewShow(title="Dark"))
    for minute in range(5):
        log_change(library, show_id, minute, f"change {minute}")
    assert len(library.changes(limit=2)) == 2


def test_changes_of_one_show_leave_out_the_others(library: Library) -> None:
    dark = library.add_show(NewShow(title="Dark"))
    glow = library.add_show(NewShow(title="GLOW"))
    log_change(library, dark, 1, "dark news")
    log_change(library, glow, 2, "glow news")
    assert [change.show_title for change in library.changes(show_id=dark)] == ["Dark"]


def test_changes_of_an_unknown_show_is_an_error(library: Library) -> None:
    with pytest.raises(ShowNotFoundError):
        library.changes(show_id=42)


def test_removing_a_show_removes_its_changes(library: Library) -> None:
    show_id = library.add_show(NewShow(title="Dark"))
    log_change(library, show_id, 1, "news")
    library.remove_show(show_id)
    assert library.changes() == []


def test_next_episode_is_the_first_on_or_after_today(library: Library) -> None:
    show_id = library.add_show(NewShow(title="Dark"))
    with library.writing() as session:
        for number, day in ((1, date(2024, 5, 1)), (2, date(2024, 5, 8)), (3, date(2024, 5, 15))):
            session.add(Episode(show_id=show_id, season_number=1, number=number, airdate=day))
    episode = library.next_episode(show_id, date(2024, 5, 5))
    assert episode is not None and (episode.season_number, episode.number) == (1, 2)
