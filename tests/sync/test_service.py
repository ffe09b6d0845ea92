"""SyncService against a TVmaze look-alike: search, add, full and incremental sync, failures."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from werkzeug import Response

from tests.conftest import SteppingClock
from tests.store.snapshot import snapshot
from tests.sync.drip_server import dripping_server
from tests.sync.fake_tvmaze import (
    FakeTvmaze,
    all_of_us_are_dead,
    load,
    quiet_harbour,
    season_body,
    the_witcher,
    under_the_dome,
    untitled_space_drama,
)
from tests.sync.fakes import FakeTime
from watchlist.config import Settings
from watchlist.core.changes import ChangeKind
from watchlist.core.records import ExternalIds
from watchlist.core.status import RenewalStatus, WatchStatus
from watchlist.store.exchange import import_document
from watchlist.store.library import Library, NewShow, ShowChanges
from watchlist.sync.errors import (
    AlreadyInLibraryError,
    AnswerTooSlowError,
    NotFoundError,
    OfflineError,
)
from watchlist.sync.http import Timeouts
from watchlist.sync.service import (
    OutcomeKind,
    ShowOutcome,
    SyncProgress,
    SyncReport,
    SyncService,
    build_sync_service,
)


def add_all(tvmaze: FakeTvmaze, service: SyncService) -> dict[int, int]:
    """Serve four shows and add them; returns TVmaze id -> library id."""
    ids = [
        tvmaze.add(body)
        for body in (under_the_dome(), all_of_us_are_dead(), quiet_harbour(), the_witcher())
    ]
    added = {tvmaze_id: service.add_show(tvmaze_id) for tvmaze_id in ids}
    tvmaze.server.clear_log()
    return added


def test_search_returns_tvmaze_results(tvmaze: FakeTvmaze, service: SyncService) -> None:
    tvmaze.search_body = load("search_shows_dead.json")
    assert [result.title for result in service.search("  dead ")] == [
        "All of Us Are Dead",
        "The Walking Dead",
    ]


def test_blank_search_is_refused_without_a_request(
    tvmaze: FakeTvmaze, service: SyncService
) -> None:
    with pytest.raises(Exception, match="Type part of a title"):
        service.search("   ")
    assert tvmaze.paths() == []


def test_add_show_stores_seasons_episodes_and_poster(
    tvmaze: FakeTvmaze, service: SyncService, library: Library, settings: Settings
) -> None:
    tvmaze.add(all_of_us_are_dead())
    show = library.show(service.add_show(55555))
    assert show.title == "All of Us Are Dead" and show.renewal_status is RenewalStatus.RENEWED
    assert [(s.number, s.episode_count) for s in show.seasons] == [(1, 12), (2, None)]
    assert show.poster_file is not None and (settings.posters_dir / show.poster_file).is_file()
    assert tvmaze.paths() == ["/shows/55555", "/posters/medium_55555.jpg"]


def test_add_show_with_a_unicode_title(tvmaze: FakeTvmaze, service: SyncService) -> None:
    body = all_of_us_are_dead()
    body["name"] = "지금 우리 학교는"
    tvmaze.add(body)
    assert service.library.show(service.add_show(55555)).title == "지금 우리 학교는"


def test_add_show_already_in_the_library_says_so_without_a_request(
    tvmaze: FakeTvmaze, service: SyncService
) -> None:
    tvmaze.add(under_the_dome())
    show_id = service.add_show(1)
    tvmaze.server.clear_log()
    with pytest.raises(AlreadyInLibraryError, match="already in your library") as raised:
        service.add_show(1)
    assert raised.value.show_id == show_id and tvmaze.paths() == []


def test_add_unknown_show_explains_how_to_find_ids(service: SyncService) -> None:
    with pytest.raises(NotFoundError, match="TVmaze has no show with id 31337"):
        service.add_show(31337)


def test_add_show_links_an_imported_show_with_the_same_imdb_id(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    imported = library.add_show(
        NewShow(title="Under the Dome", external_ids=ExternalIds(imdb="tt1553656"))
    )
    library.add_note(imported, "Started watching.")
    tvmaze.add(under_the_dome())
    assert service.add_show(1) == imported
    show = library.show(imported)
    assert show.external_ids.tvmaze == 1 and show.note_count == 1 and library.count_shows() == 1


def test_show_with_null_network_premiered_and_image_is_added_without_a_poster(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    tvmaze.add(untitled_space_drama())
    show = library.show(service.add_show(88888))
    assert (show.premiered, show.poster_file, show.renewal_status) == (
        None,
        None,
        RenewalStatus.IN_DEVELOPMENT,
    )
    assert tvmaze.count("/posters/") == 0


def test_html_in_summaries_is_stored_sanitized(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    body = quiet_harbour()
    body["summary"] = '<p>Café <img src="http://tracker/x.gif">life<script>x()</script></p>'
    tvmaze.add(body)
    show = library.show(service.add_show(77777))
    assert (show.synopsis_html, show.synopsis) == ("<p>Café life</p>", "Café life")


def test_full_sync_fetches_every_linked_show(tvmaze: FakeTvmaze, service: SyncService) -> None:
    add_all(tvmaze, service)
    report = service.sync(full=True)
    assert report.ok and len(report.outcomes) == 4
    assert tvmaze.count("/shows/") == 4 and tvmaze.count("/updates/") == 0
    assert report.requests == 4  # posters are on disk already


def test_incremental_sync_fetches_only_changed_shows(
    tvmaze: FakeTvmaze, service: SyncService
) -> None:
    add_all(tvmaze, service)
    tvmaze.change(77777, name="Quiet Harbour (UK)")
    report = service.sync()
    assert tvmaze.paths() == ["/updates/shows", "/shows/77777"]
    assert [outcome.title for outcome in report.updated] == ["Quiet Harbour (UK)"]
    assert len(report.unchanged) == 3


def test_incremental_sync_with_nothing_changed_makes_one_request(
    tvmaze: FakeTvmaze, service: SyncService
) -> None:
    add_all(tvmaze, service)
    report = service.sync()
    assert report.requests == 1 and len(report.unchanged) == 4


def test_incremental_sync_asks_for_the_shortest_period_that_covers(
    tvmaze: FakeTvmaze, service: SyncService, clock: SteppingClock
) -> None:
    add_all(tvmaze, service)
    clock.current += timedelta(days=3)
    service.sync()
    assert tvmaze.server.log[0][0].args["since"] == "week"


def test_incremental_sync_after_a_long_time_asks_for_every_show(
    tvmaze: FakeTvmaze, service: SyncService, clock: SteppingClock
) -> None:
    add_all(tvmaze, service)
    clock.current += timedelta(days=60)
    report = service.sync()
    assert "since" not in tvmaze.server.log[0][0].args and report.requests == 1


def test_never_synced_show_is_fetched_without_asking_for_updates(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    library.add_show(NewShow(title="Dome", external_ids=ExternalIds(tvmaze=1)))
    tvmaze.add(under_the_dome())
    report = service.sync()
    assert tvmaze.paths()[0] == "/shows/1" and [o.title for o in report.updated] == [
        "Under the Dome"
    ]


def test_named_shows_are_fetched_even_when_unchanged(
    tvmaze: FakeTvmaze, service: SyncService
) -> None:
    added = add_all(tvmaze, service)
    report = service.sync([added[1]])
    assert tvmaze.paths() == ["/shows/1"] and len(report.outcomes) == 1


def test_named_show_added_by_hand_fails_with_a_reason(
    service: SyncService, library: Library, tvmaze: FakeTvmaze
) -> None:
    show_id = library.add_show(NewShow(title="Home movies"))
    report = service.sync([show_id])
    assert "not linked to TVmaze" in report.failed[0].message and tvmaze.paths() == []


def test_manual_shows_are_left_out_of_a_library_sync(
    service: SyncService, library: Library, tvmaze: FakeTvmaze
) -> None:
    library.add_show(NewShow(title="Home movies"))
    report = service.sync()
    assert report.outcomes == () and report.ok and tvmaze.paths() == []


def test_429_with_retry_after_during_sync_waits_and_succeeds(
    tvmaze: FakeTvmaze, service: SyncService, fake_time: FakeTime
) -> None:
    added = add_all(tvmaze, service)
    tvmaze.script(
        "/shows/1",
        Response(
            '{"name": "Too Many Requests", "message": "", "code": 0, "status": 429}',
            status=429,
            headers={"Retry-After": "4"},
            content_type="application/json",
        ),
    )
    report = service.sync([added[1]])
    assert report.ok and fake_time.slept == pytest.approx(4.0)


def test_500_then_success_during_sync_retries(
    tvmaze: FakeTvmaze, service: SyncService, fake_time: FakeTime
) -> None:
    added = add_all(tvmaze, service)
    tvmaze.script("/shows/1", Response("Internal Server Error", status=500))
    report = service.sync([added[1]])
    assert report.ok and tvmaze.count("/shows/1") == 2 and fake_time.slept > 0


def test_malformed_json_fails_that_show_only_and_keeps_its_data(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    added = add_all(tvmaze, service)
    before = library.show(added[55555])
    tvmaze.script("/shows/55555", Response('{"id": 55555, "name": "All of', status=200))
    report = service.sync(full=True)
    assert [outcome.title for outcome in report.failed] == ["All of Us Are Dead"]
    assert "not valid JSON" in report.failed[0].message
    assert len(report.outcomes) == 4 and not report.ok
    assert library.show(added[55555]) == before


def test_unexpected_shape_fails_that_show_with_the_field_named(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    added = add_all(tvmaze, service)
    before = library.show(added[1])
    tvmaze.change(1, name="Renamed", premiered="next summer")
    report = service.sync(full=True)
    [failed] = report.failed
    assert "'premiered' is not a date" in failed.message and "show 1" in failed.message
    assert library.show(added[1]) == before and len(report.updated) == 0


def test_show_gone_upstream_is_kept_with_its_notes(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    added = add_all(tvmaze, service)
    library.add_note(added[77777], "Loved the café.")
    del tvmaze.shows[77777]
    report = service.sync(full=True)
    assert [outcome.title for outcome in report.gone] == ["Quiet Harbour"]
    assert "no longer has show 77777" in report.gone[0].message
    show = library.show(added[77777])
    assert show.note_count == 1 and show.provider_gone_at is not None and report.ok
    assert [change.kind for change in library.changes()] == [ChangeKind.GONE]


def test_user_edits_and_notes_survive_a_sync(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    added = add_all(tvmaze, service)
    show_id = added[55555]
    library.edit_show(
        show_id,
        ShowChanges(title="AOUAD", renewal_status=RenewalStatus.CANCELLED, rating=9,
                    watch_status=WatchStatus.WATCHING),
    )  # fmt: skip
    note = library.add_note(show_id, "Season 2 confirmed!")
    tvmaze.change(55555, name="All of Us Are Dead", genres=["Horror"])
    service.sync()
    show = library.show(show_id)
    assert (show.title, show.renewal_status, show.rating, show.watch_status) == (
        "AOUAD",
        RenewalStatus.CANCELLED,
        9,
        WatchStatus.WATCHING,
    )
    assert show.genres == ("Horror",)
    assert [(n.id, n.body, n.updated_at) for n in library.notes(show_id)] == [
        (note.id, "Season 2 confirmed!", None)
    ]


def test_sync_records_a_renewal_in_whats_new(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    added = add_all(tvmaze, service)
    show = tvmaze.shows[77777]
    seasons = [*show["_embedded"]["seasons"], season_body(show, 2, None)]
    tvmaze.change(77777, status="Running", _embedded={**show["_embedded"], "seasons": seasons})
    service.sync()
    [change] = library.changes()
    assert (change.show_id, change.kind, change.summary) == (
        added[77777],
        ChangeKind.RENEWED,
        "Renewed for season 2",
    )


def test_cancel_mid_sync_keeps_what_was_merged(tvmaze: FakeTvmaze, service: SyncService) -> None:
    add_all(tvmaze, service)
    before = tvmaze.count("/shows/")
    cancel = threading.Event()
    seen: list[SyncProgress] = []

    def landed(_outcome: ShowOutcome) -> None:
        cancel.set()  # the user presses Cancel once the first show is in

    report = service.sync(full=True, progress=seen.append, cancel=cancel, landed=landed)
    assert report.cancelled and len(report.outcomes) == 1
    assert tvmaze.count("/shows/") == before + 1
    assert seen == [SyncProgress(0, 4, "All of Us Are Dead")]


def test_cancel_stops_the_show_in_flight_before_its_request(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    add_all(tvmaze, service)
    before = (tvmaze.count("/shows/"), snapshot(library))
    cancel = threading.Event()

    def progress(_update: SyncProgress) -> None:
        cancel.set()  # the user presses Cancel as the first show starts

    report = service.sync(full=True, progress=progress, cancel=cancel)
    assert report.cancelled and report.outcomes == ()
    assert (tvmaze.count("/shows/"), snapshot(library)) == before


def test_progress_counts_up_to_the_total(tvmaze: FakeTvmaze, service: SyncService) -> None:
    add_all(tvmaze, service)
    seen: list[SyncProgress] = []
    service.sync(full=True, progress=seen.append)
    assert [(update.done, update.total) for update in seen] == [
        (0, 4),
        (1, 4),
        (2, 4),
        (3, 4),
        (4, 4),
    ]


def test_unreachable_tvmaze_stops_the_sync_with_one_reason(
    tvmaze: FakeTvmaze, service: SyncService, library: Library, data_dir: Path
) -> None:
    add_all(tvmaze, service)
    unreachable = Settings(data_dir=data_dir, tvmaze_url="http://127.0.0.1:9")
    fake = FakeTime()
    with build_sync_service(unreachable, library, clock=fake.clock, sleep=fake.sleep) as offline:
        report = offline.sync(full=True)
    assert report.stopped is not None and "Cannot reach TVmaze" in report.stopped
    assert len(report.failed) == 1 and not report.ok


def test_poster_that_failed_on_add_is_fetched_by_the_next_sync(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    tvmaze.add(under_the_dome())
    tvmaze.script("/posters/medium_1.jpg", Response("Not Found", status=404))
    show_id = service.add_show(1)
    assert library.show(show_id).poster_file is None
    report = service.sync([show_id])
    assert report.ok and report.warnings == []
    assert library.show(show_id).poster_file is not None


def test_poster_that_fails_every_time_is_reported_as_a_warning(
    tvmaze: FakeTvmaze, service: SyncService
) -> None:
    tvmaze.posters["medium_1.jpg"] = b"<html>not an image</html>"
    tvmaze.add(under_the_dome())
    show_id = service.add_show(1)
    report = service.sync([show_id])
    assert report.ok
    assert "not a JPEG, PNG or WebP" in report.warnings[0][1]


def test_poster_on_disk_is_not_downloaded_again_by_a_sync(
    tvmaze: FakeTvmaze, service: SyncService
) -> None:
    add_all(tvmaze, service)
    service.sync(full=True)
    assert tvmaze.count("/posters/") == 0


def test_new_poster_upstream_replaces_the_old_file(
    tvmaze: FakeTvmaze, service: SyncService, library: Library, settings: Settings
) -> None:
    added = add_all(tvmaze, service)
    old = library.show(added[1]).poster_file
    tvmaze.change(1, image={"medium": f"{tvmaze.url}/posters/new_1.jpg", "original": None})
    service.sync()
    new = library.show(added[1]).poster_file
    assert new != old and new is not None and (settings.posters_dir / new).is_file()
    assert old is not None and not (settings.posters_dir / old).exists()


def test_whole_library_sync_records_when_it_finished(
    tvmaze: FakeTvmaze, service: SyncService
) -> None:
    add_all(tvmaze, service)
    assert service.last_sync_time() is None
    service.sync()
    assert service.last_sync_time() is not None


@pytest.mark.parametrize("action", ["search", "add", "sync"])
def test_offline_mode_makes_no_request_at_all(
    tvmaze: FakeTvmaze, library: Library, data_dir: Path, action: str
) -> None:
    tvmaze.add(under_the_dome())
    library.add_show(NewShow(title="Dome", external_ids=ExternalIds(tvmaze=1)))
    settings = Settings(data_dir=data_dir, tvmaze_url=tvmaze.url, offline=True)
    with build_sync_service(settings, library) as offline, pytest.raises(OfflineError):
        if action == "search":
            offline.search("dome")
        elif action == "add":
            offline.add_show(1)
        else:
            offline.sync(full=True)
    assert tvmaze.server.log == []


def test_report_summary_counts_each_outcome(tvmaze: FakeTvmaze, service: SyncService) -> None:
    add_all(tvmaze, service)
    tvmaze.change(1, name="Under the Dome!")
    del tvmaze.shows[77777]
    report = service.sync(full=True)
    assert report.summary() == (
        "Synced 4 shows: 1 updated, 2 unchanged, 0 failed, 1 no longer on TVmaze"
    )
    assert {outcome.kind for outcome in report.outcomes} == {
        OutcomeKind.UPDATED,
        OutcomeKind.UNCHANGED,
        OutcomeKind.GONE,
    }


def test_an_unchanged_show_moves_to_airing_and_awaiting_as_its_dates_pass(
    tvmaze: FakeTvmaze, service: SyncService, library: Library, clock: SteppingClock
) -> None:
    """TVmaze need not touch a show when its premiere comes: the dates alone move the status."""
    body = the_witcher()
    season_two = {**body["_embedded"]["seasons"][0], "id": 68224, "number": 2}
    season_two.update(premiereDate="2023-01-10", endDate="2023-01-24")
    body["_embedded"]["seasons"].append(season_two)
    show_id = service.add_show(tvmaze.add(body))
    assert library.show(show_id).renewal_status is RenewalStatus.RENEWED  # on 2023-01-02
    clock.current += timedelta(days=10)
    landed: list[ShowOutcome] = []
    report = service.sync(landed=landed.append)
    assert landed == list(report.updated)  # so the window refreshes the row
    assert [(outcome.show_id, outcome.kind) for outcome in landed] == [
        (show_id, OutcomeKind.UPDATED)
    ]
    assert library.show(show_id).renewal_status is RenewalStatus.AIRING
    clock.current += timedelta(days=20)
    service.sync()
    assert library.show(show_id).renewal_status is RenewalStatus.AWAITING
    assert tvmaze.count("/shows/") == 1  # only the first add fetched the show


def test_a_renewal_status_the_user_set_is_not_moved_by_dates(
    tvmaze: FakeTvmaze, service: SyncService, library: Library, clock: SteppingClock
) -> None:
    show_id = service.add_show(tvmaze.add(the_witcher()))
    library.edit_show(show_id, ShowChanges(renewal_status=RenewalStatus.CANCELLED))
    clock.current += timedelta(days=10)
    report = service.sync()
    assert library.show(show_id).renewal_status is RenewalStatus.CANCELLED
    assert [outcome.kind for outcome in report.outcomes] == [OutcomeKind.UNCHANGED]


# -- a TVmaze that drips its answers one byte at a time ------------------------------------------


def test_adding_from_a_dripping_tvmaze_gives_up_at_the_deadline(
    library: Library, data_dir: Path
) -> None:
    with (
        dripping_server() as server,
        build_sync_service(
            Settings(data_dir=data_dir, tvmaze_url=server.url),
            library,
            timeouts=Timeouts(request=0.5),
        ) as service,
        pytest.raises(AnswerTooSlowError, match=r"more than 0\.5 seconds to answer for show 1"),
    ):
        service.add_show(1)
    assert library.list_shows() == []


def test_a_sync_cancelled_while_tvmaze_drips_ends_at_once(library: Library, data_dir: Path) -> None:
    import_document(
        library,
        json.dumps(
            {
                "format": "watchlist-export",
                "version": 1,
                "shows": [
                    {"title": "Under the Dome", "external_ids": {"tvmaze": 1}},
                ],
            }
        ),
    )
    before = snapshot(library)
    cancel = threading.Event()
    with (
        dripping_server() as server,
        build_sync_service(Settings(data_dir=data_dir, tvmaze_url=server.url), library) as service,
    ):
        outcome: list[SyncReport] = []
        syncing = threading.Thread(target=lambda: outcome.append(service.sync(cancel=cancel)))
        syncing.start()
        while not server.requests:  # the request for the show is dripping in
            time.sleep(0.01)
        cancel.set()
        syncing.join(timeout=5)
        assert not syncing.is_alive()
    [report] = outcome
    assert report.cancelled and report.outcomes == ()
    assert snapshot(library) == before
