"""The poster cache: downloaded once, size-capped (even when streamed), type-checked, whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug import Response

from tests.sync.fake_tvmaze import JPEG_BYTES, FakeTvmaze, under_the_dome
from tests.sync.fakes import FakeTime
from watchlist.config import Settings
from watchlist.store.library import Library
from watchlist.sync.errors import PosterError
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
