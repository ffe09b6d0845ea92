"""TV Time: the real 2023-24 export (fixtures/imports/real/tvtime) and the older generations."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from watchlist.core.episodes import EpisodeReference
from watchlist.core.status import WatchStatus
from watchlist.importers.files import TrackerImportError
from watchlist.importers.parse import parse_export

REAL = Path(__file__).parent.parent / "fixtures" / "imports" / "real" / "tvtime" / "samindika97_v2"


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_the_real_export_imports_every_show_and_episode() -> None:
    parsed = parse_export("tvtime", REAL)
    candidates = parsed.candidates
    # Counted from the files by hand: 66 shows by TheTVDB id, 1,097 regular episodes watched
    # across 47 of them, 228 movies; the other 19 shows are followed, nothing watched.
    assert len(candidates) == 66
    assert sum(len(candidate.watched) for candidate in candidates) == 1097
    watching = [c for c in candidates if c.watch_status is WatchStatus.WATCHING]
    planned = [c for c in candidates if c.watch_status is WatchStatus.PLAN_TO_WATCH]
    assert (len(watching), len(planned)) == (47, 19)
    assert all(c.watched for c in watching)
    assert parsed.movies == 228 and parsed.listed_skips == ()


def test_rows_without_a_series_name_are_kept_by_their_id_and_reported() -> None:
    parsed = parse_export("tvtime", REAL)
    nameless = {c.thetvdb: c for c in parsed.candidates if not c.has_name}
    assert set(nameless) == {356520, 362299}
    kept = nameless[362299]
    assert kept.label == "TheTVDB show 362299"
    assert len(kept.watched) == 23 and kept.watch_status is WatchStatus.WATCHING
    assert any(
        note.startswith("31 rows give no show name, only a TheTVDB id (356520, 362299)")
        for note in parsed.notes
    )


def test_one_name_under_two_ids_is_two_shows() -> None:
    parsed = parse_export("tvtime", REAL)
    prison = sorted(c.thetvdb or 0 for c in parsed.candidates if c.title == "Prison Break")
    assert prison == [75340, 360115]


def test_the_id_only_generation_is_read(tmp_path: Path) -> None:
    """The oldest exports: user_tv_show_data.csv and seen_episode.csv with ids, no names."""
    write_csv(tmp_path / "user_tv_show_data.csv", [
        {"user_id": "58201134", "tv_show_id": "264492", "is_followed": "1",
         "is_favorited": "0", "nb_episodes_seen": "2"},
        {"user_id": "58201134", "tv_show_id": "121361", "is_followed": "1",
         "is_favorited": "0", "nb_episodes_seen": "5"},
        {"user_id": "58201134", "tv_show_id": "305288", "is_followed": "1",
         "is_favorited": "0", "nb_episodes_seen": "0"},
    ])  # fmt: skip
    write_csv(tmp_path / "seen_episode.csv", [
        {"user_id": "58201134", "tv_show_id": "264492", "episode_id": "4509431",
         "episode_season_number": "1", "episode_number": "1", "created_at": "2019-04-02"},
        {"user_id": "58201134", "tv_show_id": "264492", "episode_id": "4588751",
         "episode_season_number": "1", "episode_number": "2", "created_at": "2019-04-03"},
        {"user_id": "58201134", "tv_show_id": "", "episode_id": "7437141",
         "episode_season_number": "", "episode_number": "", "created_at": "2019-12-21"},
    ])  # fmt: skip
    parsed = parse_export("tvtime", tmp_path)
    shows = {c.thetvdb: c for c in parsed.candidates}
    assert set(shows) == {264492, 121361, 305288}
    assert all(not c.has_name for c in shows.values())
    dome = shows[264492]
    assert dome.watched == (EpisodeReference(1, 1), EpisodeReference(1, 2))
    thrones = shows[121361]  # five seen, which ones unknown
    assert (thrones.watch_status, thrones.episodes_unknown) == (WatchStatus.WATCHING, True)
    assert shows[305288].watch_status is WatchStatus.PLAN_TO_WATCH
    assert any("given only by an episode id" in note for note in parsed.notes)
    assert (
        "TV Time counts the episodes seen of 1 show without naming them: which episodes were "
        "watched could not be known, so none are marked (the status says watching)."
    ) in parsed.notes


def test_a_csv_that_is_not_from_tv_time_is_refused_even_with_a_series_name(
    tmp_path: Path,
) -> None:
    path = write_csv(tmp_path / "shows.csv", [
        {"series_name": "Dark", "season_number": "1", "episode_number": "1"},
    ])  # fmt: skip
    with pytest.raises(TrackerImportError, match="This is not a TV Time export"):
        parse_export("tvtime", path)
    named_like_tv_time = write_csv(tmp_path / "tracking-prod-records.csv", [
        {"series_name": "Dark", "season": "1", "episode": "1"},
    ])  # fmt: skip
    with pytest.raises(TrackerImportError, match="This is not a TV Time export"):
        parse_export("tvtime", named_like_tv_time)


def test_a_single_real_file_renamed_is_still_read(tmp_path: Path) -> None:
    renamed = tmp_path / "my-tv-time.csv"
    renamed.write_bytes((REAL / "tracking-prod-records-v2.csv").read_bytes())
    parsed = parse_export("tvtime", renamed)
    assert sum(len(c.watched) for c in parsed.candidates) > 1000
