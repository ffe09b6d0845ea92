"""A TVmaze look-alike on pytest-httpserver, serving bodies built from the recorded fixtures."""

from __future__ import annotations

import copy
import json
import re
from collections import deque
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

FIXTURES = Path(__file__).parent.parent / "fixtures" / "tvmaze"
# A tiny but real JPEG header: enough for magic-byte checks.
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PERIODS = {"day": 86_400, "week": 7 * 86_400, "month": 28 * 86_400}


def load(name: str) -> Any:
    """A fixture body, by file name (``recorded/...`` for the recorded ones)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def under_the_dome() -> dict[str, Any]:
    """TVmaze's documentation example, Ended on CBS, with three seasons and three episodes."""
    return load("show_1_embed_seasons_episodes.json")


def all_of_us_are_dead() -> dict[str, Any]:
    """Running on Netflix (network null, webChannel), season 2 announced without a date."""
    body = load("show_55555_embed_seasons.json")
    body["_embedded"]["episodes"] = load("show_55555_episodes.json")
    return body


def quiet_harbour() -> dict[str, Any]:
    """To Be Determined on BBC Two, no image, HTML summary with a line break."""
    body = load("show_77777_to_be_determined.json")
    season = copy.deepcopy(load("show_1_seasons.json")[0])
    season.update(
        id=777001, number=1, episodeOrder=6, premiereDate="2020-03-01", endDate="2020-04-05"
    )
    season["network"] = body["network"]
    body["_embedded"] = {"seasons": [season], "episodes": []}
    return body


def untitled_space_drama() -> dict[str, Any]:
    """In Development on Apple TV+: no premiere, no image, no summary, no seasons yet."""
    body = load("show_88888_in_development.json")
    body["_embedded"] = {"seasons": [], "episodes": []}
    return body


def the_witcher() -> dict[str, Any]:
    """Running on Netflix (2021 capture); season 1 with eight episodes and one special."""
    body = load("recorded/show_running_netflix_webchannel_network_null_witcher_2021.json")
    season = copy.deepcopy(load("show_55555_embed_seasons.json")["_embedded"]["seasons"][0])
    season.update(id=68223, number=1, episodeOrder=8, premiereDate="2019-12-20",
                  endDate="2019-12-20")  # fmt: skip
    body["_embedded"] = {
        "seasons": [season],
        "episodes": load("recorded/season_episodes_incl_special_witcher_s1_2021.json"),
    }
    return body


def season_body(template: dict[str, Any], number: int, premiere: str | None) -> dict[str, Any]:
    """A season row in TVmaze's shape, copied from ``template``'s first season."""
    season = copy.deepcopy(template["_embedded"]["seasons"][0])
    season.update(
        id=900_000 + number,
        url=f"https://www.tvmaze.com/seasons/{900_000 + number}/season-{number}",
        number=number,
        episodeOrder=None if premiere is None else 10,
        premiereDate=premiere,
        endDate=None,
    )
    season["_links"] = {"self": {"href": f"https://api.tvmaze.com/seasons/{900_000 + number}"}}
    return season


class FakeTvmaze:
    """Answers /shows/:id, /search/shows, /updates/shows, /lookup/shows and poster files."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.shows: dict[int, dict[str, Any]] = {}
        self.search_body: Any = []
        self.lookups: dict[str, int] = {}
        self.posters: dict[str, bytes] = {}
        self.scripted: dict[str, deque[Response]] = {}
        self.now = 1_750_000_000  # the server's idea of the current unix time
        server.expect_request(re.compile(r"^/shows/\d+$")).respond_with_handler(self._show)
        server.expect_request("/updates/shows").respond_with_handler(self._updates)
        server.expect_request("/search/shows").respond_with_handler(self._search)
        server.expect_request("/lookup/shows").respond_with_handler(self._lookup)
        server.expect_request(re.compile(r"^/posters/.+")).respond_with_handler(self._poster)

    @property
    def url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def add(self, body: dict[str, Any]) -> int:
        """Serve a show; its image points at this server, its ``updated`` is before ``now``."""
        show = copy.deepcopy(body)
        show_id = int(show["id"])
        if show.get("image"):
            show["image"] = {
                "medium": f"{self.url}/posters/medium_{show_id}.jpg",
                "original": f"{self.url}/posters/original_{show_id}.jpg",
            }
        show["updated"] = self.now - 7 * 86_400
        self.shows[show_id] = show
        return show_id

    def change(self, show_id: int, **fields: Any) -> dict[str, Any]:
        """Change a show upstream (fields of the show object), bumping its ``updated``."""
        show = self.shows[show_id]
        show.update(fields)
        self.now += 60
        show["updated"] = self.now
        return show

    def script(self, path: str, *responses: Response) -> None:
        """Answer the next requests for ``path`` with these responses, then as usual."""
        self.scripted.setdefault(path, deque()).extend(responses)

    def paths(self) -> list[str]:
        """The paths requested so far, in order."""
        return [request.path for request, _response in self.server.log]

    def count(self, prefix: str) -> int:
        return sum(1 for path in self.paths() if path.startswith(prefix))

    def _scripted(self, request: Request) -> Response | None:
        queue = self.scripted.get(request.path)
        return queue.popleft() if queue else None

    def _show(self, request: Request) -> Response:
        scripted = self._scripted(request)
        if scripted is not None:
            return scripted
        show_id = int(request.path.rsplit("/", 1)[1])
        if show_id not in self.shows:
            return _json(load("error_404.json"), status=404)
        show = copy.deepcopy(self.shows[show_id])
        embeds = request.args.getlist("embed[]")
        embedded = show.pop("_embedded", {})
        wanted = {key: embedded[key] for key in embeds if key in embedded}
        if wanted:
            show["_embedded"] = wanted
        return _json(show)

    def _updates(self, request: Request) -> Response:
        scripted = self._scripted(request)
        if scripted is not None:
            return scripted
        since = request.args.get("since")
        oldest = self.now - PERIODS[since] if since else 0
        return _json(
            {str(show_id): show["updated"] for show_id, show in self.shows.items()
             if show["updated"] >= oldest}
        )  # fmt: skip

    def _search(self, request: Request) -> Response:
        scripted = self._scripted(request)
        return scripted if scripted is not None else _json(self.search_body)

    def _lookup(self, request: Request) -> Response:
        key = request.args.get("imdb") or request.args.get("thetvdb") or ""
        if key not in self.lookups:
            return Response(status=404)
        location = f"{self.url}/shows/{self.lookups[key]}"
        return Response(status=301, headers={"Location": location})

    def _poster(self, request: Request) -> Response:
        scripted = self._scripted(request)
        if scripted is not None:
            return scripted
        name = request.path.rsplit("/", 1)[1]
        data = self.posters.get(name, JPEG_BYTES)
        return Response(data, content_type="image/jpeg")


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")
