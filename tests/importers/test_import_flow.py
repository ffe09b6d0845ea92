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
from watchlist.importers.parse import parse_export
from watchlist.importers.preview import PlanKind, preview_import
from watchlist.importers.trakt import _timestamp as trakt_timestamp
from watchlist.importers.trakt import parse_trakt
from watchlist.importers.tvtime import parse_tvtime
from watchlist.store.library import Library, NewShow
from watchlist.store.progress import episode_guide, list_episodes
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
    }
    assert preview.movies == 2  # Inception and Dune: Part Two, counted, not listed
    witcher = next(item for item in preview.items if item.candidate.title == "The Witcher")
    assert (witcher.tvmaze_id, witcher.reason) == (28276, "matched by TheTVDB id 362696")
    assert library.count_shows() == 0
    assert preview.summary() == (
        "5 shows: 2 TVmaze match, 3 add by hand, 0 already in library, 0 skipped; 2 movies left out"
    )


def test_movies_and_entries_that_are_not_series_are_not_counted_as_shows(
    library: Library, exports: Path
) -> None:
    parsed = parse_export("imdb", exports / "imdb" / "watchlist.csv")  # a movie and an episode
    preview = preview_import(library, parsed, provider=None)
    assert (preview.shows, preview.movies, preview.not_series) == (3, 1, 1)
    assert preview.summary() == (
        "3 shows: 0 TVmaze match, 3 add by hand, 0 already in library, 0 skipped; 1 movie and "
        "1 other entry that is not a series left out"
    )
    [episode] = [item for item in preview.items if not item.is_show]
    assert (episode.candidate.title, episode.kind) == ("Ozymandias", PlanKind.SKIPPED)


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
    assert {item.kind for item in again.items} == {PlanKind.IN_LIBRARY}


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
    # What the second row says comes over with the first.
    assert preview.items[0].candidate.watched == (EpisodeReference(1, 1),)
    assert preview.items[0].candidate.thetvdb == 362696
    apply_import(library, preview, service=service, today=TODAY)
    witcher = library.find_show("The Witcher")
    assert [e.number for e in list_episodes(library, witcher.id) if e.watched] == [1]


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


def test_a_show_added_by_hand_keeps_the_seasons_its_watched_episodes_imply(
    library: Library, exports: Path
) -> None:
    preview = preview_import(library, parse_trakt(exports / "trakt"), provider=None)
    apply_import(library, preview, service=None, today=TODAY)
    dome = library.find_show("Under the Dome")  # S1E1-S1E3 watched in the export
    assert [(s.number, s.episode_count, s.premiere_date) for s in dome.seasons] == [(1, 3, None)]
    progress = episode_guide(library, dome.id, today=TODAY).progress
    assert (progress.watched, progress.aired) == (3, 3)
    witcher = library.find_show("The Witcher")  # S1E1 and S1E8
    assert [(s.number, s.episode_count) for s in witcher.seasons] == [(1, 8)]


def nameless(*thetvdb: int) -> ParsedExport:
    """An old TV Time export's shows: ids and watched episodes, no names."""
    return ParsedExport(
        ImportSource.TVTIME,
        tuple(
            ImportCandidate("", thetvdb=number, watched=(EpisodeReference(1, 1),))
            for number in thetvdb
        ),
    )


def test_offline_a_show_named_only_by_its_id_needs_a_lookup_and_is_not_written(
    library: Library,
) -> None:
    preview = preview_import(library, nameless(264492), provider=None)
    [item] = preview.items
    assert item.kind is PlanKind.LOOKUP and not item.will_write
    assert "TheTVDB id 264492" in item.reason and "online" in item.reason
    assert "1 awaiting a TVmaze look-up" in preview.summary()
    report = apply_import(library, preview, service=None, today=TODAY)
    assert [o.kind for o in report.outcomes] == [ImportOutcomeKind.SKIPPED]
    assert library.count_shows() == 0


def test_online_a_show_named_only_by_its_id_is_found_by_it(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    serve(tvmaze)
    preview = preview_import(library, nameless(264492, 999999), provider=service.provider)
    found, unknown = preview.items
    assert (found.kind, found.matched_title) == (PlanKind.MATCHED, "Under the Dome")
    assert unknown.kind is PlanKind.MANUAL
    assert (
        unknown.reason
        == "the export gives no name, and TVmaze knows no show with TheTVDB id 999999"
    )
    apply_import(library, preview, service=service, today=TODAY)
    assert sorted(show.title for show in library.list_shows()) == [
        "TheTVDB show 999999",  # kept by its id, with its watched episode, to rename or link
        "Under the Dome",
    ]


def test_the_id_only_tv_time_generation_is_found_on_tvmaze_by_thetvdb_id(
    tvmaze: FakeTvmaze, service: SyncService, library: Library, tmp_path: Path
) -> None:
    """The oldest TV Time files name no show: online, TVmaze names them from their ids."""
    (tmp_path / "user_tv_show_data.csv").write_text(
        "user_id,tv_show_id,is_followed,is_favorited,nb_episodes_seen\n"
        "58201134,264492,1,0,2\n58201134,305288,1,0,0\n",
        encoding="utf-8",
    )
    (tmp_path / "seen_episode.csv").write_text(
        "user_id,tv_show_id,episode_id,episode_season_number,episode_number,created_at\n"
        "58201134,264492,4509431,1,1,2019-04-02\n58201134,264492,4588751,1,2,2019-04-03\n",
        encoding="utf-8",
    )
    serve(tvmaze)
    preview = preview_import(library, parse_export("tvtime", tmp_path), provider=service.provider)
    assert [(item.kind, item.matched_title) for item in preview.items] == [
        (PlanKind.MATCHED, "Under the Dome"),
        (PlanKind.MANUAL, None),  # unknown to TVmaze too: kept by its id, to rename or link
    ]
    assert "/lookup/shows?thetvdb=264492" in [
        request.full_path for request, _response in tvmaze.server.log
    ]
    apply_import(library, preview, service=service, today=TODAY)
    dome = library.find_show("Under the Dome")
    assert [(e.season_number, e.number) for e in list_episodes(library, dome.id) if e.watched] == [
        (1, 1),
        (1, 2),
    ]
    assert library.find_show("TheTVDB show 305288").external_ids.thetvdb == 305288


def search_result(body: dict[str, object], **changes: object) -> dict[str, object]:
    show = {key: value for key, value in body.items() if key != "_embedded"}
    return {"score": 1.0, "show": {**show, **changes}}


def test_the_original_title_finds_the_show_and_the_users_title_is_kept(
    tvmaze: FakeTvmaze, service: SyncService, library: Library, tmp_path: Path
) -> None:
    serve(tvmaze)
    tvmaze.search_body = [search_result(under_the_dome())]
    path = tmp_path / "liste.csv"
    path.write_text(
        "Const,Title,Original Title,Title Type,Year,Your Rating\n"
        "tt9999999,Die Kuppel,Under the Dome,TV-Serie,2013,7\n",
        encoding="utf-8",
    )
    preview = preview_import(library, parse_export("imdb", path), provider=service.provider)
    [item] = preview.items
    assert (item.kind, item.tvmaze_id) == (PlanKind.MATCHED, 1)
    assert item.reason == "matched by title \u201cUnder the Dome\u201d (2013)"
    assert item.candidate.label == "Die Kuppel (2013)"
    assert "/search/shows?q=Under+the+Dome" in [
        request.full_path for request, _response in tvmaze.server.log
    ]
    apply_import(library, preview, service=service, today=TODAY)
    show = library.find_show("Die Kuppel")
    assert (show.external_ids.tvmaze, show.rating) == (1, 7)
    service.sync([show.id])  # the user's title survives syncing
    assert library.show(show.id).title == "Die Kuppel"


def test_a_title_search_needs_exactly_one_show_of_that_title_and_year(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    serve(tvmaze)
    tvmaze.search_body = [
        search_result(under_the_dome()),
        search_result(under_the_dome(), id=2, premiered="2020-01-01"),
    ]
    parsed = ParsedExport(
        ImportSource.IMDB,
        (ImportCandidate("Under the Dome"), ImportCandidate("Under the Dome", year=2020)),
    )
    undated, dated = preview_import(library, parsed, provider=service.provider).items
    assert undated.kind is PlanKind.MANUAL  # two shows of that title: neither is taken
    assert (dated.kind, dated.tvmaze_id) == (PlanKind.MATCHED, 2)
