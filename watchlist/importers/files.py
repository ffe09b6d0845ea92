"""Reading an export: a zip, a folder of files, or one file; only the files asked for.

A TV Time or Trakt export holds more than viewing history (TV Time's even holds access tokens and
IP addresses): only files whose names the parser asks for are ever opened.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from watchlist.store.errors import ImportFileError
from watchlist.store.limits import MAX_IMPORT_BYTES

Wanted = Callable[[str], bool]


class TrackerImportError(ImportFileError):
    """An export from another tracker is unreadable or not what it should be; nothing changed."""


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TrackerImportError(f"{name} is not UTF-8 text. Nothing was imported.") from error


def _check_size(size: int, name: str, total: int) -> None:
    if size > MAX_IMPORT_BYTES or total > MAX_IMPORT_BYTES:
        raise TrackerImportError(
            f"{name} is too large to import (over {MAX_IMPORT_BYTES // 1_048_576} MB)."
        )


def _from_zip(path: Path, wanted: Wanted) -> dict[str, str]:
    files: dict[str, str] = {}
    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = PurePosixPath(info.filename).name
                if info.is_dir() or name.startswith(".") or not wanted(name.casefold()):
                    continue
                total += info.file_size
                _check_size(info.file_size, name, total)
                with archive.open(info) as handle:
                    data = handle.read(MAX_IMPORT_BYTES + 1)
                _check_size(len(data), name, total)
                files[name.casefold()] = _decode(data, name)
    except zipfile.BadZipFile as error:
        raise TrackerImportError(f"{path} is not a readable zip file ({error}).") from error
    except RuntimeError as error:  # an encrypted entry
        raise TrackerImportError(
            f"{path} is password-protected; unzip it first and import the folder."
        ) from error
    return files


def _from_folder(path: Path, wanted: Wanted) -> dict[str, str]:
    files: dict[str, str] = {}
    total = 0
    for child in sorted(path.rglob("*")):
        if not child.is_file() or child.name.startswith(".") or not wanted(child.name.casefold()):
            continue
        size = child.stat().st_size
        total += size
        _check_size(size, child.name, total)
        files[child.name.casefold()] = _decode(child.read_bytes(), child.name)
    return files


def read_export(path: Path, wanted: Wanted, *, what: str) -> dict[str, str]:
    """The wanted files of an export at ``path``, by lower-case file name.

    ``path`` may be a zip, a folder (searched recursively) or a single file, which is read
    whatever its name. ``what`` names the export in messages ("a TV Time export").
    """
    try:
        if path.is_dir():
            files = _from_folder(path, wanted)
        elif zipfile.is_zipfile(path):
            files = _from_zip(path, wanted)
        else:
            size = path.stat().st_size
            _check_size(size, path.name, size)
            files = {path.name.casefold(): _decode(path.read_bytes(), path.name)}
    except OSError as error:
        raise TrackerImportError(f"Cannot read {path}: {error.strerror or error}.") from error
    if not files:
        raise TrackerImportError(f"{path} does not look like {what}: none of its files is there.")
    return files
