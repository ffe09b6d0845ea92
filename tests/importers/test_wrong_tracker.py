"""The wrong tracker chosen: every pair says which tracker the export looks like, in any form.

Real exports (fixtures/imports/real) as a user has them: a folder, a zip, one file; an IMDb list
in Windows-1252 or UTF-16, alone or in a zip or a folder of its own; and Watchlist's own export.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from watchlist.importers.candidates import ImportSource
from watchlist.importers.files import NotThisExportError
from watchlist.importers.parse import parse_export

REAL = Path(__file__).parent.parent / "fixtures" / "imports" / "real"
TRAKT = REAL / "trakt" / "fuzeman_trakt.py"
TVTIME = REAL / "tvtime" / "samindika97_v2"
IMDB = REAL / "imdb" / "mknev_WATCHLIST.csv"

LOOKS_LIKE = {
    ImportSource.TVTIME: "a TV Time export",
    ImportSource.TRAKT: "a Trakt export",
    ImportSource.IMDB: "an IMDb list",
}


def zipped(folder: Path, tmp_path: Path) -> Path:
    archive = tmp_path / f"{folder.name}.zip"
    with zipfile.ZipFile(archive, "w") as writing:
        for path in sorted(folder.iterdir()):
            writing.write(path, f"export/{path.name}")
    return archive


def copied(files: list[Path], tmp_path: Path, names: list[str] | None = None) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    for position, path in enumerate(files):
        shutil.copy(path, folder / (names[position] if names else path.name))
    return folder


def imdb_utf16(tmp_path: Path) -> Path:
    path = tmp_path / "ratings.csv"
    path.write_bytes(IMDB.read_bytes().decode("cp1252").encode("utf-16"))
    return path


def watchlist_export(tmp_path: Path) -> Path:
    path = tmp_path / "watchlist-export.json"
    document = {"format": "watchlist-export", "version": 1, "shows": [{"title": "Dark"}]}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


# Each form of each export: (what it is, how to make it from the real samples).
FORMS: dict[str, tuple[ImportSource | str, Callable[[Path], Path]]] = {
    "trakt folder": (ImportSource.TRAKT, lambda _tmp: TRAKT),
    "trakt zip": (ImportSource.TRAKT, lambda tmp: zipped(TRAKT, tmp)),
    "trakt api file": (
        ImportSource.TRAKT,
        lambda _tmp: REAL / "trakt" / "moogar0880_PyTrakt" / "sync_watched_shows__noseasons.json",
    ),
    "trakt numbered file": (
        ImportSource.TRAKT,
        lambda tmp: (
            copied([TRAKT / "sync_history_shows.json"], tmp, ["watched-history-2.json"])
            / "watched-history-2.json"
        ),
    ),
    "tv time folder": (ImportSource.TVTIME, lambda _tmp: TVTIME),
    "tv time zip": (ImportSource.TVTIME, lambda tmp: zipped(TVTIME, tmp)),
    "tv time file": (ImportSource.TVTIME, lambda _tmp: TVTIME / "tracking-prod-records.csv"),
    "imdb file": (ImportSource.IMDB, lambda _tmp: IMDB),
    "imdb utf-16 file": (ImportSource.IMDB, imdb_utf16),
    "imdb zip": (ImportSource.IMDB, lambda tmp: zipped(copied([IMDB], tmp), tmp)),
    "imdb folder": (ImportSource.IMDB, lambda tmp: copied([IMDB], tmp, ["WATCHLIST.csv"])),
    "watchlist export": ("watchlist", watchlist_export),
}

CASES = [
    pytest.param(form, chosen, id=f"{form} as {chosen.value}")
    for form, (actual, _make) in FORMS.items()
    for chosen in ImportSource
    if chosen != actual
]


@pytest.mark.parametrize(("form", "chosen"), CASES)
def test_the_wrong_tracker_chosen_names_the_right_one(
    tmp_path: Path, form: str, chosen: ImportSource
) -> None:
    actual, make = FORMS[form]
    path = make(tmp_path)
    with pytest.raises(NotThisExportError) as refused:
        parse_export(chosen, path)
    message = str(refused.value)
    if actual == "watchlist":
        assert message.startswith(f"This looks like a Watchlist export, not {LOOKS_LIKE[chosen]}.")
        assert "watchlist import FILE" in message
    else:
        actual_source = ImportSource(actual)
        assert message == (
            f"This looks like {LOOKS_LIKE[actual_source]}, not {LOOKS_LIKE[chosen]}. "
            f"Import it as {LOOKS_LIKE[actual_source]}."
        )


@pytest.mark.parametrize("form", [form for form, (kind, _) in FORMS.items() if kind != "watchlist"])
def test_the_right_tracker_chosen_reads_every_form(tmp_path: Path, form: str) -> None:
    actual, make = FORMS[form]
    assert parse_export(ImportSource(actual), make(tmp_path)).candidates
