"""Preview (matching on TVmaze, writing nothing) and applying an import, against the fake TVmaze."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.sync.fake_tvmaze import FakeTvmaze, the_witcher, under_the_dome
from watchlist.core.episodes import EpisodeReference
from watchlist.core.records import ShowRecord
from watchlist.core.status import WatchStatus
from watchlist.importers.apply import ImportOutcomeKind, apply_import
from watchlist.importers.candidates import ImportCandidate, ImportSource, ParsedExport
from watchlist.importers.preview import PlanKind, preview_import
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
