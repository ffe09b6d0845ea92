"""Preview (matching on TVmaze, writing nothing) and applying an import, against the fake TVmaze."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.sync.fake_tvmaze import FakeTvmaze, the_witcher, under_the_dome
from watchlist.core.episodes import EpisodeReference
from watchlist.core.records import ShowRecord
from watchlist.core.status import WatchStatus
from watchlist.importers import apply as apply_module
from watchlist.importers.apply import ImportOutcomeKind, apply_import
from watchlist.importers.candidates import (
    ImportCandidate,
    ImportedNoteText,
    ImportSource,
    ParsedExport,
)
from watchlist.importers.preview import PlanKind, preview_import
from watchlist.importers.trakt import _timestamp as trakt_timestamp
from watchlist.importers.trakt import parse_trakt
from watchlist.importers.tvtime import parse_tvtime
from watchlist.store.library import Library, NewShow
from watchlist.store.progress import list_episodes
from watchlist.sync.errors import NetworkError
from watchlist.sync.service import SyncService

TODAY = date(2025, 7, 15)


def serve(tvmaze: FakeTvmaze) -> None:
    tvmaze.add(under_the_dome())
    tvmaze.add(the_witcher())
    tvmaze.lookups.update({"264492": 1, "362696": 28276, "tt1553656": 1, "tt5180504": 28276})


def plans(preview: object) -> dict[str, PlanKind]:
    return {item.candidate.title: item.kind for item in preview.items}  # type: ignore[attr-defined]


def test_preview_matches_by_thetvdb_id_and_writes_nothing(
    tvmaze: FakeTvmaze, service: SyncService, library: Library, exports: Path
) -> None:
    serve(tvmaze)
    preview = preview_import(library, parse_tvtime(exports / "tvtime"), provider=service.provider)
    assert plans(preview) == {
        "Under the Dome": PlanKind.MATCHED,
        "The Witcher": PlanKind.MATCHED,
        "Game of Thrones": PlanKind.MANUAL,
        "Doctor Who": PlanKind.MANUAL,
        "Stranger Things": PlanKind.MANUAL,
        "Inception": PlanKind.SKIPPED,
        "Dune: Part Two": PlanKind.SKIPPED,
    }
    witcher = next(item for item in preview.items if item.candidate.title == "The Witcher")
    assert (witcher.tvmaze_id, witcher.reason) == (28276, "matched by TheTVDB id 362696")
    assert library.count_shows() == 0
    assert "2 TVmaze match, 3 add by hand, 0 already in library, 2 skipped" in preview.summary()


def test_apply_adds_matches_from_tvmaze_and_the_rest_by_hand(
    tvmaze: FakeTvmaze, service: SyncService, library: Library, exports: Path
) -> None:
    serve(tvmaze)
    parsed = parse_tvtime(exports / "tvtime")
    preview = preview_import(library, parsed, provider=service.provider)
    report = apply_import(library, preview, service=service, today=TODAY)
    assert report.ok
    assert [(o.title, o.kind) for o in report.outcomes][:5] == [
        ("Under the Dome", ImportOutcomeKind.ADDED_FROM_TVMAZE),
        ("The Witcher", ImportOutcomeKind.ADDED_FROM_TVMAZE),
        ("Game of Thrones", ImportOutcomeKind.ADDED_MANUALLY),
        ("Doctor Who (2005)", ImportOutcomeKind.ADDED_MANUALLY),
        ("Stranger Things", ImportOutcomeKind.ADDED_MANUALLY),
    ]
    dome = report.outcomes[0]
    assert (dome.episodes_marked, dome.episodes_missing) == (2, 1)
    witcher = library.find_show("The Witcher")
    assert witcher.external_ids.tvmaze == 28276
    assert witcher.watch_status is WatchStatus.COMPLETED  # every aired episode watched
    thrones = library.find_show("Game of Thrones")
    assert (thrones.external_ids.thetvdb, thrones.watch_status) == (121361, WatchStatus.DROPPED)
    assert [(e.season_number, e.number, e.watched) for e in list_episodes(library, thrones.id)] == [
        (1, 1, True)
    ]
    again = preview_import(library, parsed, provider=service.provider)
    assert {item.kind for item in again.items} == {PlanKind.IN_LIBRARY, PlanKind.SKIPPED}


def test_offline_everything_is_added_by_hand_keeping_ids(library: Library, exports: Path) -> None:
    preview = preview_import(library, parse_trakt(exports / "trakt"), provider=None)
    assert preview.lookup_problem and "Offline" in preview.lookup_problem
    assert preview.count(PlanKind.MANUAL) == 4
    report = apply_import(library, preview, service=None, today=TODAY)
    dome = library.find_show("Under the Dome")
    assert (dome.external_ids.imdb, dome.external_ids.thetvdb, dome.rating) == (
        "tt1553656",
        264492,
        6,
    )
    assert [e.number for e in list_episodes(library, dome.id)] == [1, 2, 3]
    shogun = library.find_show("Shōgun")
    assert [note.body for note in library.notes(shogun.id)] == ["Recommended by Sam"]
    assert report.count(ImportOutcomeKind.ADDED_MANUALLY) == 4


def test_a_show_already_in_the_library_is_left_alone(library: Library, exports: Path) -> None:
    existing = library.add_show(NewShow(title="Under the Dome", premiered=date(2013, 6, 24)))
    preview = preview_import(library, parse_trakt(exports / "trakt"), provider=None)
    [dome] = [item for item in preview.items if item.candidate.title == "Under the Dome"]
    assert (dome.kind, dome.show_id) == (PlanKind.IN_LIBRARY, existing)
    apply_import(library, preview, service=None, today=TODAY)
    assert list_episodes(library, existing) == []
    assert library.count_shows() == 4


def test_only_the_selected_items_are_written(library: Library, exports: Path) -> None:
    preview = preview_import(library, parse_trakt(exports / "trakt"), provider=None)
    keep = [i for i, item in enumerate(preview.items) if item.candidate.title == "Blue Lights"]
    report = apply_import(library, preview, service=None, selected=keep, today=TODAY)
    assert [outcome.title for outcome in report.outcomes] == ["Blue Lights (2023)"]
    assert library.count_shows() == 1


class UnreachableProvider:
    """A provider whose network went away after the first lookup."""

    name = "TVmaze"
    requests_made = 0

    def lookup(self, *, imdb: str | None = None, thetvdb: int | None = None) -> ShowRecord | None:
        self.requests_made += 1
        raise NetworkError("TVmaze could not be reached.")


def test_when_tvmaze_goes_away_the_rest_are_planned_by_hand(library: Library) -> None:
    parsed = ParsedExport(
        ImportSource.IMDB,
        (ImportCandidate("A", imdb="tt1"), ImportCandidate("B", imdb="tt2")),
    )
    provider = UnreachableProvider()
    preview = preview_import(library, parsed, provider=provider)  # type: ignore[arg-type]
    assert preview.lookup_problem == "TVmaze could not be reached."
    assert [item.kind for item in preview.items] == [PlanKind.MANUAL, PlanKind.MANUAL]
    assert provider.requests_made == 1


def test_two_rows_for_one_tvmaze_show_add_it_once(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    serve(tvmaze)
    parsed = ParsedExport(
        ImportSource.IMDB,
        (
            ImportCandidate("The Witcher", imdb="tt5180504"),
            ImportCandidate("Witcher, The", thetvdb=362696, watched=(EpisodeReference(1, 1),)),
        ),
    )
    preview = preview_import(library, parsed, provider=service.provider)
    assert [item.kind for item in preview.items] == [PlanKind.MATCHED, PlanKind.SKIPPED]
    assert "same TVmaze show" in preview.items[1].reason


def test_a_note_without_a_time_zone_is_taken_as_utc_and_the_import_goes_on(
    library: Library,
) -> None:
    parsed = ParsedExport(
        ImportSource.TRAKT,
        (
            ImportCandidate(
                "Alpha",
                notes=(ImportedNoteText("Naive", datetime(2023, 1, 2, 3, 4, 5)),),
            ),
            ImportCandidate("Beta"),
        ),
    )
    report = apply_import(
        library, preview_import(library, parsed, provider=None), service=None, today=TODAY
    )
    assert [o.kind for o in report.outcomes] == [ImportOutcomeKind.ADDED_MANUALLY] * 2
    [note] = library.notes(library.find_show("Alpha").id)
    assert note.created_at == datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_trakt_timestamps_without_a_zone_are_utc() -> None:
    assert trakt_timestamp("2023-01-02T03:04:05") == datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert trakt_timestamp("2023-01-02T03:04:05.000Z") == datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_one_show_failing_unexpectedly_does_not_stop_the_others(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = apply_module._add_by_hand

    def flaky(opened: Library, candidate: ImportCandidate, today: date) -> object:
        if candidate.title == "Alpha":
            raise ValueError("an entry nobody expected")
        return real(opened, candidate, today)

    monkeypatch.setattr(apply_module, "_add_by_hand", flaky)
    parsed = ParsedExport(ImportSource.IMDB, (ImportCandidate("Alpha"), ImportCandidate("Beta")))
    report = apply_import(
        library, preview_import(library, parsed, provider=None), service=None, today=TODAY
    )
    assert [o.kind for o in report.outcomes] == [
        ImportOutcomeKind.FAILED,
        ImportOutcomeKind.ADDED_MANUALLY,
    ]
    assert "an entry nobody expected" in report.outcomes[0].message
    assert [show.title for show in library.list_shows()] == ["Beta"]


def test_an_exported_dropped_status_is_kept_even_with_every_episode_watched(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    serve(tvmaze)
    every_episode = tuple(EpisodeReference(1, number) for number in range(1, 9))
    parsed = ParsedExport(
        ImportSource.TRAKT,
        (
            ImportCandidate(
                "The Witcher",
                imdb="tt5180504",
                watch_status=WatchStatus.DROPPED,
                watched=every_episode,
            ),
        ),
    )
    preview = preview_import(library, parsed, provider=service.provider)
    apply_import(library, preview, service=service, today=TODAY)
    assert library.find_show("The Witcher").watch_status is WatchStatus.DROPPED


def test_user_data_that_cannot_be_saved_is_reported_for_a_show_added_from_tvmaze(
    tvmaze: FakeTvmaze, service: SyncService, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve(tvmaze)

    def broken(*_args: object, **_kwargs: object) -> tuple[int, int]:
        raise ValueError("disk trouble")

    monkeypatch.setattr(apply_module, "_apply_user_data", broken)
    parsed = ParsedExport(
        ImportSource.IMDB,
        (ImportCandidate("The Witcher", imdb="tt5180504", rating=9),),
    )
    preview = preview_import(library, parsed, provider=service.provider)
    [outcome] = apply_import(library, preview, service=service, today=TODAY).outcomes
    assert outcome.kind is ImportOutcomeKind.ADDED_FROM_TVMAZE
    assert "were not saved" in outcome.message and "disk trouble" in outcome.message
    assert library.find_show("The Witcher").rating is None
