"""The HTTP client against a local server: headers, retries, rate limits, errors, offline."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from tests.sync.drip_server import Phase, dripping_server
from tests.sync.fakes import FakeTime
from watchlist import __version__
from watchlist.sync.errors import (
    AnswerTooSlowError,
    MalformedResponseError,
    NetworkError,
    NotFoundError,
    OfflineError,
    RateLimitedError,
    RequestCancelledError,
    RequestRejectedError,
    ResponseTooLargeError,
    ServerError,
)
from watchlist.sync.http import HttpClient, RetryPolicy, Timeouts, retry_after_seconds
from watchlist.sync.jobs import JobStopped, network_job, pause
from watchlist.sync.ratelimit import RateLimiter

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def client(httpserver: HTTPServer, fake_time: FakeTime) -> Iterator[HttpClient]:
    with HttpClient(
        httpserver.url_for("/"),
        clock=fake_time.clock,
        sleep=fake_time.sleep,
        wall_clock=lambda: NOW,
        retry=RetryPolicy(attempts=4),
    ) as made:
        yield made


def test_requests_name_watchlist_and_its_version(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    httpserver.expect_request("/shows/1").respond_with_json({"id": 1})
    client.get_json("shows/1", what="show 1")
    user_agent = httpserver.log[0][0].headers["User-Agent"]
    assert user_agent.startswith(f"Watchlist/{__version__} ")


def test_tls_verification_stays_on(client: HttpClient) -> None:
    assert client.session.verify is True


def test_429_waits_for_retry_after_then_succeeds(
    httpserver: HTTPServer, client: HttpClient, fake_time: FakeTime
) -> None:
    httpserver.expect_ordered_request("/shows/1").respond_with_response(
        Response('{"status": 429}', status=429, headers={"Retry-After": "7"})
    )
    httpserver.expect_ordered_request("/shows/1").respond_with_json({"id": 1})
    assert client.get_json("shows/1", what="show 1") == {"id": 1}
    assert fake_time.slept == pytest.approx(7.0)


def test_429_holds_every_caller_of_the_limiter(
    httpserver: HTTPServer, client: HttpClient, fake_time: FakeTime
) -> None:
    httpserver.expect_ordered_request("/a").respond_with_response(
        Response("", status=429, headers={"Retry-After": "5"})
    )
    httpserver.expect_ordered_request("/a").respond_with_json({})
    client.get_json("a", what="a")
    limiter = client.limiter_for(httpserver.url_for("/"))
    limiter.hold_for(0)  # no new hold: the old one has passed
    with limiter.slot() as slot:
        pass
    assert slot.started >= 1005.0


def test_429_without_retry_after_backs_off(
    httpserver: HTTPServer, client: HttpClient, fake_time: FakeTime
) -> None:
    httpserver.expect_ordered_request("/a").respond_with_response(Response("", status=429))
    httpserver.expect_ordered_request("/a").respond_with_json({})
    client.get_json("a", what="a")
    assert 1.0 <= fake_time.slept <= 2.0


def test_429_asking_for_a_very_long_wait_is_reported_not_waited_for(
    httpserver: HTTPServer, client: HttpClient, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/a").respond_with_response(
        Response("", status=429, headers={"Retry-After": "3600"})
    )
    with pytest.raises(RateLimitedError, match="wait 60 minutes"):
        client.get_json("a", what="a")
    assert fake_time.sleeps == [] and len(httpserver.log) == 1


def test_500_then_success_retries_with_backoff(
    httpserver: HTTPServer, client: HttpClient, fake_time: FakeTime
) -> None:
    httpserver.expect_ordered_request("/a").respond_with_data("oops", status=500)
    httpserver.expect_ordered_request("/a").respond_with_data("oops", status=503)
    httpserver.expect_ordered_request("/a").respond_with_json({"ok": True})
    assert client.get_json("a", what="a") == {"ok": True}
    assert len(fake_time.sleeps) == 2
    assert 1.0 <= fake_time.sleeps[0] <= 2.0 and 2.0 <= fake_time.sleeps[1] <= 3.0


def test_persistent_500_gives_up_after_the_bounded_attempts(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    httpserver.expect_request("/a").respond_with_data("oops", status=500)
    with pytest.raises(ServerError, match=r"HTTP 500.*4 tries"):
        client.get_json("a", what="a")
    assert len(httpserver.log) == 4


def test_backoff_is_bounded(httpserver: HTTPServer, fake_time: FakeTime) -> None:
    httpserver.expect_request("/a").respond_with_data("oops", status=502)
    policy = RetryPolicy(attempts=8, backoff_base=1.0, backoff_max=5.0, jitter=0.5)
    with (
        HttpClient(
            httpserver.url_for("/"), clock=fake_time.clock, sleep=fake_time.sleep, retry=policy
        ) as client,
        pytest.raises(ServerError),
    ):
        client.get_json("a", what="a")
    assert max(fake_time.sleeps) <= 5.0


def test_404_is_not_found_and_not_retried(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/shows/9").respond_with_json(
        {"name": "Not Found", "message": "", "code": 0, "status": 404}, status=404
    )
    with pytest.raises(NotFoundError, match="TVmaze has no show 9"):
        client.get_json("shows/9", what="show 9")
    assert len(httpserver.log) == 1


def test_other_4xx_says_what_tvmaze_said(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/shows/169").respond_with_json(
        {"name": "Bad Request", "message": "Invalid embed type", "code": 0, "status": 400},
        status=400,
    )
    with pytest.raises(RequestRejectedError, match="HTTP 400: Invalid embed type"):
        client.get_json("shows/169", what="show 169")


def test_invalid_json_is_a_malformed_response(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/a").respond_with_data('{"id": 1,', content_type="application/json")
    with pytest.raises(MalformedResponseError, match="not valid JSON"):
        client.get_json("a", what="show 1")


def test_same_site_redirect_is_followed_through_the_limiter(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    httpserver.expect_request("/lookup/shows").respond_with_response(
        Response(status=301, headers={"Location": httpserver.url_for("/shows/143")})
    )
    httpserver.expect_request("/shows/143").respond_with_json({"id": 143})
    assert client.get_json("lookup/shows", {"imdb": "tt2575988"}, what="x") == {"id": 143}
    assert client.requests_made == 2


def test_redirect_to_another_site_is_not_followed(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    httpserver.expect_request("/lookup/shows").respond_with_response(
        Response(status=302, headers={"Location": "https://example.invalid/shows/1"})
    )
    with pytest.raises(RequestRejectedError, match="another site"):
        client.get_json("lookup/shows", what="the show")


def test_offline_client_refuses_before_any_request(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    with (
        HttpClient(httpserver.url_for("/"), offline=True, sleep=fake_time.sleep) as client,
        pytest.raises(OfflineError, match="Offline mode is on"),
    ):
        client.get_json("search/shows", {"q": "dark"}, what="the search")
    assert httpserver.log == [] and client.requests_made == 0


def test_refused_connection_is_a_network_error_after_retries(fake_time: FakeTime) -> None:
    with (
        HttpClient("http://127.0.0.1:9", clock=fake_time.clock, sleep=fake_time.sleep) as client,
        pytest.raises(NetworkError, match="Cannot reach TVmaze"),
    ):
        client.get_json("shows/1", what="show 1")
    assert client.requests_made == 5


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def test_timeout_is_a_network_error_after_retries(silent_server: str, fake_time: FakeTime) -> None:
    with (
        HttpClient(
            silent_server,
            timeouts=Timeouts(connect=1.0, read=0.05),
            retry=RetryPolicy(attempts=2),
            clock=fake_time.clock,
            sleep=fake_time.sleep,
        ) as client,
        pytest.raises(NetworkError, match="did not answer in time"),
    ):
        client.get_json("shows/1", what="show 1")
    assert client.requests_made == 2


def test_download_stops_past_the_size_cap(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/big.jpg").respond_with_data(b"\xff" * 5000)
    with pytest.raises(ResponseTooLargeError, match="larger than"):
        client.download(httpserver.url_for("/big.jpg"), max_bytes=1000, what="the poster")


def test_download_refuses_non_web_addresses(client: HttpClient) -> None:
    with pytest.raises(RequestRejectedError, match="not a web address"):
        client.download("file:///etc/passwd", max_bytes=1000, what="the poster")


def test_other_hosts_get_their_own_limiter(client: HttpClient) -> None:
    api = client.limiter_for(client.base_url)
    assert client.limiter_for("https://static.tvmaze.com/x.jpg") is not api


def test_injected_limiter_is_used_for_the_api(httpserver: HTTPServer) -> None:
    limiter = RateLimiter(3, 1.0)
    with HttpClient(httpserver.url_for("/"), limiter=limiter) as client:
        assert client.limiter_for(httpserver.url_for("/shows/1")) is limiter


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        ("0", 0.0),
        ("Sat, 01 Mar 2025 12:00:30 GMT", 30.0),
        ("Sat, 01 Mar 2025 11:00:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_header_is_read_as_seconds_or_a_date(
    header: str | None, seconds: float | None
) -> None:
    assert retry_after_seconds(header, NOW) == seconds


# -- deadlines and cancelling: a server that drips one byte at a time ----------------------------


def drip_client(url: str, *, request: float = 60.0, job: float = 180.0) -> HttpClient:
    """A client on real time (deadlines are about real time) with quick back-offs."""
    return HttpClient(
        url,
        timeouts=Timeouts(connect=2.0, read=5.0, request=request, job=job),
        retry=RetryPolicy(attempts=3, backoff_base=0.01, backoff_max=0.01, jitter=0.0),
    )


@pytest.mark.parametrize("phase", ["headers", "body"])
def test_a_dripping_answer_is_given_up_at_the_request_deadline(phase: Phase) -> None:
    with dripping_server(phase=phase) as server, drip_client(server.url, request=0.5) as client:
        started = time.monotonic()
        with pytest.raises(AnswerTooSlowError, match=r"more than 0\.5 seconds to answer for show"):
            client.get_json("shows/1", what="show 1")
        waited = time.monotonic() - started
        # Not tried again: another try would drip as slowly.
        assert len(server.requests) == 1
    assert waited < 5.0  # each byte came within the 5 s read timeout: only the deadline ended it


def test_the_job_deadline_bounds_every_request_of_the_job() -> None:
    with dripping_server() as server, drip_client(server.url, job=0.5) as client:
        with (
            network_job(),
            pytest.raises(AnswerTooSlowError, match=r"more than 0\.5 seconds in all"),
        ):
            client.get_json("shows/1", what="show 1")
        assert len(server.requests) == 1


def test_a_job_whose_time_is_spent_makes_no_more_requests(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/shows/1").respond_with_data("", status=503)
    with drip_client(httpserver.url_for("/"), job=0.0) as client:
        with network_job(), pytest.raises(AnswerTooSlowError, match="in all"):
            client.get_json("shows/1", what="show 1")
        assert httpserver.log == []


def test_retries_stop_when_the_job_time_is_spent(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/shows/1").respond_with_data("", status=503)
    with (
        HttpClient(
            httpserver.url_for("/"),
            timeouts=Timeouts(job=0.5),
            retry=RetryPolicy(attempts=20, backoff_base=0.2, backoff_max=0.2, jitter=0.0),
        ) as client,
        network_job(),
        pytest.raises((ServerError, AnswerTooSlowError)),
    ):
        client.get_json("shows/1", what="show 1")
    assert 1 <= len(httpserver.log) < 20


def test_cancelling_the_job_stops_a_request_in_flight_at_once() -> None:
    cancel = threading.Event()
    with dripping_server() as server, drip_client(server.url) as client:
        threading.Timer(0.3, cancel.set).start()
        started = time.monotonic()
        with network_job(cancel=cancel), pytest.raises(RequestCancelledError, match="show 1"):
            client.get_json("shows/1", what="show 1")
        assert time.monotonic() - started < 5.0
        # The abandoned request's connection is shut down, so its thread ends too.
        assert server.hung_up.acquire(timeout=5)


def test_closing_the_client_stops_every_request_in_flight() -> None:
    with dripping_server(phase="headers") as server:
        client = drip_client(server.url)
        failures: list[BaseException] = []

        def fetch() -> None:
            try:
                client.get_json("shows/1", what="show 1")
            except BaseException as error:
                failures.append(error)

        fetching = threading.Thread(target=fetch)
        fetching.start()
        while not server.requests:
            time.sleep(0.01)
        client.close()
        fetching.join(timeout=5)
        assert not fetching.is_alive()
        assert [type(error) for error in failures] == [RequestCancelledError]


def test_a_cancelled_job_makes_no_request() -> None:
    cancel = threading.Event()
    cancel.set()
    with dripping_server() as server, drip_client(server.url) as client:
        with network_job(cancel=cancel), pytest.raises(RequestCancelledError):
            client.get_json("shows/1", what="show 1")
        assert server.requests == []


def test_a_pause_of_a_cancelled_job_ends_at_once() -> None:
    cancel = threading.Event()
    threading.Timer(0.1, cancel.set).start()
    started = time.monotonic()
    with network_job(cancel=cancel), pytest.raises(JobStopped):
        pause(60)
    assert time.monotonic() - started < 5.0
