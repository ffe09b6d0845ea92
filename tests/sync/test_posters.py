"""The poster cache: downloaded once, size-capped (even when streamed), type-checked, whole."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import urllib3.util.connection
from pytest_httpserver import HTTPServer
from werkzeug import Response

from tests.sync.fake_tvmaze import JPEG_BYTES, FakeTvmaze, under_the_dome
from tests.sync.fakes import FakeTime
from watchlist.config import Settings
from watchlist.store.library import Library
from watchlist.sync.errors import PosterError, RequestRejectedError
from watchlist.sync.http import HttpClient
from watchlist.sync.posters import MAX_POSTER_BYTES, PosterCache, image_suffix
from watchlist.sync.service import SyncService

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
WEBP_BYTES = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32


@pytest.fixture
def posters(tvmaze: FakeTvmaze, fake_time: FakeTime, tmp_path: Path) -> Iterator[PosterCache]:
    with HttpClient(tvmaze.url, clock=fake_time.clock, sleep=fake_time.sleep) as client:
        yield PosterCache(tmp_path / "posters", client, max_bytes=1000)


def test_poster_is_saved_under_the_show_and_url(tvmaze: FakeTvmaze, posters: PosterCache) -> None:
    name = posters.fetch(f"{tvmaze.url}/posters/medium_1.jpg", key="tvmaze-1")
    assert name.startswith("tvmaze-1-") and name.endswith(".jpg")
    assert posters.path(name).read_bytes() == JPEG_BYTES


def test_cached_poster_is_not_downloaded_again(tvmaze: FakeTvmaze, posters: PosterCache) -> None:
    url = f"{tvmaze.url}/posters/medium_1.jpg"
    first = posters.fetch(url, key="tvmaze-1")
    second = posters.fetch(url, key="tvmaze-1")
    assert first == second and tvmaze.count("/posters/") == 1


def test_poster_past_the_size_cap_is_refused(tvmaze: FakeTvmaze, posters: PosterCache) -> None:
    tvmaze.posters["huge.jpg"] = JPEG_BYTES + b"\x00" * 5000
    with pytest.raises(PosterError, match="larger than"):
        posters.fetch(f"{tvmaze.url}/posters/huge.jpg", key="tvmaze-1")
    assert not posters.folder.exists() or list(posters.folder.iterdir()) == []


def test_file_that_is_not_an_image_is_refused(tvmaze: FakeTvmaze, posters: PosterCache) -> None:
    tvmaze.script("/posters/fake.jpg", Response("<html>Not here</html>", content_type="image/jpeg"))
    with pytest.raises(PosterError, match="not a JPEG, PNG or WebP"):
        posters.fetch(f"{tvmaze.url}/posters/fake.jpg", key="tvmaze-1")
    assert not posters.folder.exists() or list(posters.folder.iterdir()) == []


def test_poster_url_that_is_not_http_is_refused(posters: PosterCache) -> None:
    with pytest.raises(PosterError, match="not a web address"):
        posters.fetch("javascript:alert(1)", key="tvmaze-1")


@pytest.mark.parametrize(
    ("data", "suffix"),
    [(JPEG_BYTES, ".jpg"), (PNG_BYTES, ".png"), (WEBP_BYTES, ".webp"), (b"GIF89a....", None),
     (b"", None)],
)  # fmt: skip
def test_image_type_is_judged_by_magic_bytes(data: bytes, suffix: str | None) -> None:
    assert image_suffix(data) == suffix


def test_a_poster_streamed_without_a_length_is_cut_off_at_the_cap(
    tvmaze: FakeTvmaze, posters: PosterCache
) -> None:
    sent: list[int] = []

    def endless() -> Iterator[bytes]:
        yield JPEG_BYTES
        while True:  # a hostile server that never stops (no Content-Length: chunked)
            sent.append(1)
            yield b"\x00" * 256

    tvmaze.script("/posters/endless.jpg", Response(endless(), content_type="image/jpeg"))
    with pytest.raises(PosterError, match="larger than"):
        posters.fetch(f"{tvmaze.url}/posters/endless.jpg", key="tvmaze-1")
    assert not posters.folder.exists() or list(posters.folder.iterdir()) == []
    # Reading everything would never end; the server only filled the sockets' buffers.
    assert len(sent) < 10_000


def test_a_synced_show_with_an_oversized_poster_is_kept_without_it(
    tvmaze: FakeTvmaze, service: SyncService, library: Library, settings: Settings
) -> None:
    tvmaze.add(under_the_dome())
    tvmaze.posters["medium_1.jpg"] = JPEG_BYTES + b"\x00" * MAX_POSTER_BYTES
    show_id = service.add_show(1)
    report = service.sync([show_id])
    assert report.ok and "larger than 5 MB" in report.warnings[0][1]
    assert library.show(show_id).poster_file is None
    assert not settings.posters_dir.exists() or list(settings.posters_dir.iterdir()) == []


# -- where posters may come from -----------------------------------------------------------------


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every (host, port) a request connects to."""
    made: list[tuple[str, int]] = []
    real = urllib3.util.connection.create_connection

    def recording(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        made.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", recording)
    return made


@pytest.fixture
def other_local_server() -> Iterator[HTTPServer]:
    """Another service on this computer (an admin page on another port) that posters must
    never reach."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request(re.compile(".*")).respond_with_data(JPEG_BYTES, content_type="image/jpeg")
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()


def test_a_poster_on_another_local_port_is_refused_unrequested(
    posters: PosterCache, other_local_server: HTTPServer, connections: list[tuple[str, int]]
) -> None:
    url = other_local_server.url_for("/admin/delete-everything.jpg")
    with pytest.raises(RequestRejectedError, match="not one of TVmaze's image hosts"):
        posters.fetch(url, key="tvmaze-1")
    assert other_local_server.log == [] and connections == []


@pytest.mark.parametrize(
    "target",
    [
        "LOCAL",  # another port of this computer, filled in below
        "http://10.0.0.1/poster.jpg",
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://[::1]:8080/x.jpg",
        "ftp://static.tvmaze.com/uploads/images/medium_portrait/1/1.jpg",
        "file:///etc/passwd",
    ],
    ids=["other local port", "10.x", "169.254.x", "IPv6 loopback", "ftp", "file"],
)
def test_a_redirect_away_from_the_image_hosts_is_refused_unrequested(
    tvmaze: FakeTvmaze,
    posters: PosterCache,
    other_local_server: HTTPServer,
    connections: list[tuple[str, int]],
    target: str,
) -> None:
    if target == "LOCAL":
        target = other_local_server.url_for("/admin")
    tvmaze.script("/posters/moved.jpg", Response(status=302, headers={"Location": target}))
    with pytest.raises(RequestRejectedError, match=r"not (one of TVmaze's image hosts|a web)"):
        posters.fetch(f"{tvmaze.url}/posters/moved.jpg", key="tvmaze-1")
    fake_port = int(tvmaze.url.rsplit(":", 1)[1])
    assert [port for _host, port in connections] == [fake_port]  # the redirect only
    assert other_local_server.log == []
    assert not posters.folder.exists() or list(posters.folder.iterdir()) == []


def test_a_redirect_within_the_image_host_is_followed(
    tvmaze: FakeTvmaze, posters: PosterCache
) -> None:
    tvmaze.script(
        "/posters/moved.jpg",
        Response(status=301, headers={"Location": "/posters/medium_1.jpg"}),
    )
    name = posters.fetch(f"{tvmaze.url}/posters/moved.jpg", key="tvmaze-1")
    assert posters.path(name).read_bytes() == JPEG_BYTES


def test_tvmaze_image_host_leading_to_a_private_address_is_refused_unrequested(
    posters: PosterCache, connections: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def rebound(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        assert host == "static.tvmaze.com"  # the check resolves the name; nothing else does
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.1.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebound)
    with pytest.raises(RequestRejectedError, match=r"local or private address \(192\.168\.1\.1\)"):
        posters.fetch(
            "https://static.tvmaze.com/uploads/images/medium_portrait/1/1.jpg", key="tvmaze-1"
        )
    assert connections == []


def test_the_image_hosts_are_tvmazes_and_the_apis_own(posters: PosterCache) -> None:
    client = posters.client
    for allowed in (
        "https://static.tvmaze.com/uploads/images/medium_portrait/1/1.jpg",
        "http://static.tvmaze.com/uploads/images/original_untouched/1/1.jpg",
        f"{client.base_url}/posters/medium_1.jpg",
    ):
        client.check_image_address(allowed, "the poster")
    for refused in (
        "https://static.tvmaze.com.evil.example/x.jpg",
        "https://eviltvmaze.com/x.jpg",
        "https://127.0.0.1/x.jpg",
    ):
        with pytest.raises(RequestRejectedError):
            client.check_image_address(refused, "the poster")


def test_a_synced_show_whose_poster_points_at_a_local_service_is_kept_without_it(
    tvmaze: FakeTvmaze,
    service: SyncService,
    library: Library,
    other_local_server: HTTPServer,
) -> None:
    body = under_the_dome()
    tvmaze.add(body)
    tvmaze.shows[1]["image"] = {"medium": other_local_server.url_for("/admin/x.jpg")}
    show_id = service.add_show(1)
    assert library.show(show_id).poster_file is None
    assert other_local_server.log == []
