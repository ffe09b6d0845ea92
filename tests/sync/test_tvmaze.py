"""TVmaze answers into provider-neutral records: mapping, nulls, HTML, and strictness."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from tests.sync.fake_tvmaze import (
    FakeTvmaze,
    all_of_us_are_dead,
    load,
    quiet_harbour,
    the_witcher,
    under_the_dome,
    untitled_space_drama,
)
from tests.sync.fakes import FakeTime
from watchlist.core.status import NetworkKind, ShowStatus
from watchlist.sync.errors import MalformedResponseError, ShowGoneError
from watchlist.sync.http import HttpClient
from watchlist.sync.provider import UpdatePeriod
from watchlist.sync.tvmaze import TvmazeProvider, parse_search_results, parse_show


@pytest.fixture
def provider(tvmaze: FakeTvmaze, fake_time: FakeTime) -> Iterator[TvmazeProvider]:
    client = HttpClient(tvmaze.url, clock=fake_time.clock, sleep=fake_time.sleep)
    with client:
        yield TvmazeProvider(client)


def parse(body: dict[str, Any]) -> Any:
    return parse_show(body, subject=f"show {body.get('id')}", embedded=True)


def test_fetch_show_maps_the_documented_example(
    tvmaze: FakeTvmaze, provider: TvmazeProvider
) -> None:
    tvmaze.add(under_the_dome())
    record = provider.fetch_show(1)
    assert (record.title, record.network, record.country) == ("Under the Dome", "CBS", "US")
    assert record.network_kind is NetworkKind.BROADCAST
    assert record.status is ShowStatus.ENDED
    assert record.external_ids.as_dict() == {"tvmaze": 1, "imdb": "tt1553656", "thetvdb": 264492}
    assert [season.number for season in record.seasons] == [1, 2, 3]
    assert [(e.season_number, e.number) for e in record.episodes] == [(1, 1), (1, 2), (1, 3)]


def test_fetch_show_asks_for_seasons_episodes_and_next_episode_in_one_request(
    tvmaze: FakeTvmaze, provider: TvmazeProvider
) -> None:
    tvmaze.add(under_the_dome())
    provider.fetch_show(1)
    (request, _response), *others = tvmaze.server.log
    assert request.args.getlist("embed[]") == ["seasons", "episodes", "nextepisode"]
    assert others == []


def test_web_channel_without_network_is_streaming() -> None:
    record = parse(all_of_us_are_dead())
    assert (record.network, record.network_kind, record.country) == (
        "Netflix",
        NetworkKind.STREAMING,
        None,
    )


def test_unknown_network_falls_back_to_broadcast() -> None:
    body = under_the_dome()
    body["network"]["name"] = "Kanal Ni"
    assert parse(body).network_kind is NetworkKind.BROADCAST


def test_known_cable_network_is_cable() -> None:
    body = copy.deepcopy(under_the_dome())
    body["network"] = load("recorded/show_running_network_bravo_2022.json")["network"]
    assert parse(body).network_kind is NetworkKind.CABLE


def test_season_without_premiere_date_is_an_announced_season() -> None:
    record = parse(all_of_us_are_dead())
    assert [(s.number, s.premiere_date) for s in record.seasons] == [
        (1, date(2022, 1, 28)),
        (2, None),
    ]


def test_next_episode_dates_an_announced_season() -> None:
    body = all_of_us_are_dead()
    next_episode = copy.deepcopy(body["_embedded"]["episodes"][0])
    next_episode.update(id=55555201, season=2, number=1, airdate="2026-03-06")
    body["_embedded"]["nextepisode"] = next_episode
    record = parse(body)
    assert record.seasons[1].premiere_date == date(2026, 3, 6)
    assert record.next_episode is not None and record.next_episode.season_number == 2


def test_summary_html_is_sanitized_and_converted_to_text() -> None:
    body = quiet_harbour()
    body["summary"] = (
        '<p onclick="steal()">Six friends run a <b>seaside</b> café.<script>alert(1)</script>'
        '<br>Written by <a href="javascript:evil()">someone</a>.</p>'
    )
    record = parse(body)
    assert record.synopsis_html == (
        "<p>Six friends run a <b>seaside</b> café.<br>Written by <a>someone</a>.</p>"
    )
    assert record.synopsis == "Six friends run a seaside café.\nWritten by someone."


def test_entities_in_summaries_become_characters() -> None:
    record = parse(all_of_us_are_dead())
    assert "fight their way out — or turn" in record.synopsis


def test_null_network_premiered_image_and_summary_are_accepted() -> None:
    record = parse(untitled_space_drama())
    assert record.status is ShowStatus.IN_DEVELOPMENT
    assert (record.premiered, record.image_url, record.synopsis) == (None, None, "")
    assert record.network == "Apple TV+" and record.seasons == ()


def test_show_without_any_channel_has_no_network() -> None:
    body = untitled_space_drama()
    body["webChannel"] = None
    record = parse(body)
    assert (record.network, record.network_kind, record.country) == (None, None, None)


def test_unicode_titles_survive() -> None:
    body = all_of_us_are_dead()
    body["name"] = "지금 우리 학교는"
    body["_embedded"]["episodes"][0]["name"] = "Épisode 1 — «Début»"
    record = parse(body)
    assert record.title == "지금 우리 학교는"
    assert record.episodes[0].title == "Épisode 1 — «Début»"


def test_specials_without_a_number_are_left_out() -> None:
    record = parse(the_witcher())
    assert len(record.episodes) == 8
    assert all(episode.number is not None for episode in record.episodes)


def test_medium_image_is_preferred_for_the_poster() -> None:
    record = parse(under_the_dome())
    assert record.image_url == (
        "https://static.tvmaze.com/uploads/images/medium_portrait/81202627.jpg"
    )


def test_missing_episode_order_counts_the_known_episodes() -> None:
    body = all_of_us_are_dead()
    body["_embedded"]["seasons"][0]["episodeOrder"] = None
    assert parse(body).seasons[0].episode_count == 12


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda body: body.pop("name"), "'name' is missing"),
        (lambda body: body.update(name=None), "'name' is empty"),
        (lambda body: body.update(id="1"), "'id' is not a whole number"),
        (lambda body: body.update(updated=True), "'updated' is not a whole number"),
        (lambda body: body.update(premiered="24/06/2013"), "'premiered' is not a date"),
        (lambda body: body.update(genres="Drama"), "'genres' is not a list of text"),
        (lambda body: body.update(network=["CBS"]), "'network' is not an object"),
        (lambda body: body.pop("_embedded"), "'_embedded' is missing"),
        (
            lambda body: body["_embedded"]["seasons"][1].update(number=None),
            "'_embedded.seasons[1].number' is empty",
        ),
        (
            lambda body: body["_embedded"]["seasons"][0].update(episodeOrder=-13),
            "'_embedded.seasons[0].episodeOrder' is negative",
        ),
        (
            lambda body: body["_embedded"]["episodes"][2].update(airdate=20130708),
            "'_embedded.episodes[2].airdate' is not text",
        ),
    ],
)  # fmt: skip
def test_malformed_show_names_the_field(change: Any, field: str) -> None:
    body = under_the_dome()
    change(body)
    with pytest.raises(MalformedResponseError, match=field.replace("[", r"\[")) as raised:
        parse(body)
    assert "show 1" in str(raised.value)


def test_answer_that_is_not_an_object_is_malformed() -> None:
    with pytest.raises(MalformedResponseError, match="the answer is not an object"):
        parse_show([], subject="show 1", embedded=True)


def test_answer_about_another_show_is_malformed(
    tvmaze: FakeTvmaze, provider: TvmazeProvider
) -> None:
    body = under_the_dome()
    tvmaze.add(body)
    tvmaze.shows[2] = tvmaze.shows[1]
    with pytest.raises(MalformedResponseError, match="about show 1"):
        provider.fetch_show(2)


def test_unknown_show_is_gone(provider: TvmazeProvider) -> None:
    with pytest.raises(ShowGoneError, match="no longer has show 404404"):
        provider.fetch_show(404404)


def test_search_lists_results_with_year_network_and_status(
    tvmaze: FakeTvmaze, provider: TvmazeProvider
) -> None:
    tvmaze.search_body = load("search_shows_dead.json")
    results = provider.search("dead")
    assert [(r.provider_id, r.title, r.year, r.network, r.status_label) for r in results] == [
        (55555, "All of Us Are Dead", 2022, "Netflix", "Running"),
        (99999, "The Walking Dead", 2010, "AMC", "Ended"),
    ]
    assert tvmaze.server.log[0][0].args["q"] == "dead"


def test_search_reads_a_recorded_answer_with_nulls() -> None:
    results = parse_search_results(
        load("recorded/search_shows_q_girls_2022.json"), subject="the search"
    )
    by_id = {result.provider_id: result for result in results}
    assert len(results) == 10
    assert by_id[41734].year is None and by_id[41734].summary == ""
    assert by_id[139].poster_url is not None and by_id[139].summary.startswith("This Emmy")


def test_search_with_no_results_is_empty(tvmaze: FakeTvmaze, provider: TvmazeProvider) -> None:
    tvmaze.search_body = load("search_shows_nothing.json")
    assert provider.search("zzzz") == []


def test_search_answer_of_the_wrong_shape_is_malformed(
    tvmaze: FakeTvmaze, provider: TvmazeProvider
) -> None:
    tvmaze.search_body = {"score": 1}
    with pytest.raises(MalformedResponseError, match="the search for 'dark'"):
        provider.search("dark")


def test_changed_since_asks_for_the_period_and_reads_the_map(
    tvmaze: FakeTvmaze, provider: TvmazeProvider
) -> None:
    tvmaze.add(under_the_dome())
    tvmaze.add(all_of_us_are_dead())
    stamp = tvmaze.change(55555)["updated"]
    assert provider.changed_since(UpdatePeriod.DAY) == {55555: stamp}
    assert tvmaze.server.log[0][0].args["since"] == "day"


def test_changed_since_without_a_period_asks_for_every_show(
    tvmaze: FakeTvmaze, provider: TvmazeProvider
) -> None:
    tvmaze.add(under_the_dome())
    assert set(provider.changed_since(None)) == {1}
    assert "since" not in tvmaze.server.log[0][0].args


def test_updates_map_with_a_bad_key_is_malformed(
    tvmaze: FakeTvmaze, provider: TvmazeProvider
) -> None:
    from werkzeug import Response

    tvmaze.script("/updates/shows", Response('{"one": 1}', content_type="application/json"))
    with pytest.raises(MalformedResponseError, match="'one' is not a show id"):
        provider.changed_since(UpdatePeriod.WEEK)


def test_lookup_follows_the_redirect_to_the_show(
    tvmaze: FakeTvmaze, provider: TvmazeProvider
) -> None:
    tvmaze.add(under_the_dome())
    tvmaze.lookups["tt1553656"] = 1
    record = provider.lookup(imdb="tt1553656")
    assert record is not None and record.external_ids.tvmaze == 1


def test_lookup_of_an_unknown_id_is_none(provider: TvmazeProvider) -> None:
    assert provider.lookup(thetvdb=1) is None


@pytest.mark.parametrize(
    ("days", "period"),
    [(0.5, UpdatePeriod.DAY), (1, UpdatePeriod.DAY), (3, UpdatePeriod.WEEK),
     (20, UpdatePeriod.MONTH), (29, None)],
)  # fmt: skip
def test_update_period_is_the_shortest_that_covers(days: float, period: UpdatePeriod) -> None:
    from datetime import timedelta

    assert UpdatePeriod.covering(timedelta(days=days)) == period
