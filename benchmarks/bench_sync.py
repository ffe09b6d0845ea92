"""Sync against a local TVmaze look-alike that enforces TVmaze's limit of 20 calls per 10 s.

A full sync of N shows (default 100) should take close to the fewest seconds the limit allows
(within 1.1x) with no failed show; an incremental sync after 5 shows changed upstream should make
at most 6 requests (the updates map and the 5 shows). Posters come from a second local server, as
TVmaze's come from its image host. Prints a table of what it measured; never passes or fails.

    python benchmarks/bench_sync.py [--shows 100] [--changed 5] [--json]
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from watchlist.config import Settings
from watchlist.core.records import ExternalIds
from watchlist.store.library import Library, NewShow
from watchlist.sync.service import SyncReport, build_sync_service

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "tvmaze"
LIMIT_CALLS = 20
LIMIT_PERIOD = 10.0
PERIODS = {"day": 86_400, "week": 7 * 86_400, "month": 28 * 86_400}
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 4000


@dataclass
class Upstream:
    """The shows the look-alike serves and what it saw: requests, 429s."""

    shows: dict[int, dict[str, Any]] = field(default_factory=dict)
    arrivals: deque[float] = field(default_factory=deque)
    api_requests: int = 0
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def admit(self) -> float | None:
        """Count a call against 20 per 10 s; None if allowed, else seconds to wait."""
        with self.lock:
            now = time.monotonic()
            self.api_requests += 1
            while self.arrivals and self.arrivals[0] <= now - LIMIT_PERIOD:
                self.arrivals.popleft()
            if len(self.arrivals) >= LIMIT_CALLS:
                self.refused += 1
                return self.arrivals[0] + LIMIT_PERIOD - now
            self.arrivals.append(now)
            return None


def show_bodies(count: int, poster_base: str) -> dict[int, dict[str, Any]]:
    """``count`` TVmaze-shaped shows (seasons and 12 episodes each) from the fixtures."""
    template = json.loads((FIXTURES / "show_55555_embed_seasons.json").read_text())
    template["_embedded"]["episodes"] = json.loads(
        (FIXTURES / "show_55555_episodes.json").read_text()
    )
    week_ago = int(time.time()) - 7 * 86_400
    shows = {}
    for index in range(count):
        show_id = 200_000 + index
        body = copy.deepcopy(template)
        body.update(id=show_id, name=f"Benchmark Show {index + 1}", updated=week_ago)
        body["image"] = {
            "medium": f"{poster_base}/medium_{show_id}.jpg",
            "original": f"{poster_base}/original_{show_id}.jpg",
        }
        shows[show_id] = body
    return shows


def api_handler(upstream: Upstream) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            wait = upstream.admit()
            if wait is not None:
                body = {"name": "Too Many Requests", "message": "", "code": 0, "status": 429}
                self._send(429, body, {"Retry-After": str(max(1, math.ceil(wait)))})
                return
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            if parts.path == "/updates/shows":
                since = query.get("since", [None])[0]
                oldest = time.time() - PERIODS[since] if since else 0
                with upstream.lock:
                    stamps = {
                        str(show_id): show["updated"]
                        for show_id, show in upstream.shows.items()
                        if show["updated"] >= oldest
                    }
                self._send(200, stamps)
                return
            if parts.path.startswith("/shows/") and parts.path[7:].isdigit():
                with upstream.lock:
                    show = upstream.shows.get(int(parts.path[7:]))
                if show is not None:
                    self._send(200, show)
                    return
            self._send(404, {"name": "Not Found", "message": "", "code": 0, "status": 404})

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


class PosterHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(JPEG)))
        self.end_headers()
        self.wfile.write(JPEG)


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def fewest_seconds(calls: int) -> float:
    """The least time ``calls`` calls can take at 20 per 10 s: 20 at once, then 20 per window."""
    return max(0, math.ceil(calls / LIMIT_CALLS) - 1) * LIMIT_PERIOD


def timed_sync(library: Library, settings: Settings, *, full: bool) -> tuple[SyncReport, float]:
    with build_sync_service(settings, library) as service:
        started = time.perf_counter()
        report = service.sync(full=full)
        return report, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shows", type=int, default=100)
    parser.add_argument("--changed", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object (run_all.py)")
    options = parser.parse_args()
    figures: dict[str, Any] = {"shows": options.shows, "changed": options.changed}

    upstream = Upstream()
    rows: list[tuple[str, ...]] = []
    with (
        serving(PosterHandler) as poster_url,
        serving(api_handler(upstream)) as api_url,
        tempfile.TemporaryDirectory(prefix="watchlist-bench-sync-") as folder,
    ):
        upstream.shows = show_bodies(options.shows, poster_url)
        settings = Settings(data_dir=Path(folder), tvmaze_url=api_url)
        with Library.open(settings.database_url) as library:
            for show in upstream.shows.values():
                library.add_show(
                    NewShow(title=show["name"], external_ids=ExternalIds(tvmaze=show["id"]))
                )

            report, seconds = timed_sync(library, settings, full=True)
            floor = fewest_seconds(upstream.api_requests - upstream.refused)
            figures["full"] = {
                "requests": upstream.api_requests,
                "refused": upstream.refused,
                "failed": len(report.failed),
                "seconds": seconds,
                "fewest_seconds": floor,
            }
            rows.append(
                (
                    f"full sync, {options.shows} shows",
                    str(upstream.api_requests),
                    str(upstream.refused),
                    str(len(report.failed)),
                    f"{seconds:.1f}",
                    f"{floor:.1f}",
                    f"{seconds / floor:.3f}x" if floor else "-",
                )
            )

            time.sleep(LIMIT_PERIOD)  # let the window empty, as between two real syncs
            with upstream.lock:
                for show in list(upstream.shows.values())[: options.changed]:
                    show["updated"] = int(time.time())
                    show["name"] += " (renamed)"
                before, refused_before = upstream.api_requests, upstream.refused
            report, seconds = timed_sync(library, settings, full=False)
            figures["incremental"] = {
                "requests": upstream.api_requests - before,
                "refused": upstream.refused - refused_before,
                "failed": len(report.failed),
                "seconds": seconds,
            }
            rows.append(
                (
                    f"incremental, {options.changed} changed",
                    str(upstream.api_requests - before),
                    str(upstream.refused - refused_before),
                    str(len(report.failed)),
                    f"{seconds:.1f}",
                    "-",
                    "-",
                )
            )

    if options.json:
        print(json.dumps(figures))
        return
    headers = ("case", "requests", "429s", "failed", "seconds", "fewest s", "ratio")
    widths = [max(len(row[i]) for row in (headers, *rows)) for i in range(len(headers))]
    print(f"bench_sync: local server allowing {LIMIT_CALLS} calls per {LIMIT_PERIOD:.0f} s")
    for row in (headers, *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(
        f"targets: full sync within 1.1x of the fewest seconds with 0 failed; incremental at "
        f"most {options.changed + 1} requests"
    )


if __name__ == "__main__":
    main()
