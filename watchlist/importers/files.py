"""Reading an export: a zip, a folder of files, or one file; only the files asked for.

A TV Time or Trakt export holds more than viewing history (TV Time's even holds access tokens and
IP addresses): only files whose names the parser asks for are ever opened. Text in any encoding
is read (see ``encoding``); what the user should know about it comes back as notes.
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from watchlist.importers.encoding import decode_export_text
from watchlist.store.errors import ImportFileError
from watchlist.store.limits import MAX_IMPORT_BYTES

Wanted = Callable[[str], bool]


class TrackerImportError(ImportFileError):
    """An export from another tracker is unreadable or not what it should be; nothing changed."""


class NotThisExportError(TrackerImportError):
    """The file is readable but not an export of the tracker chosen (maybe of another one)."""


@dataclass(slots=True)
class ExportFiles:
    """The wanted files of an export, by lower-case name, and notes about reading them."""

    texts: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # lower-case name -> name as found
    notes: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # names of the files not wanted (not read)

    def add(self, name: str, data: bytes) -> None:
        decoded = decode_export_text(data, name)
        self.texts[name.casefold()] = decoded.text
        self.names[name.casefold()] = name
        if decoded.note:
            self.notes.append(decoded.note)


def _check_size(size: int, name: str, total: int) -> None:
    if size > MAX_IMPORT_BYTES or total > MAX_IMPORT_BYTES:
        raise TrackerImportError(
            f"{name} is too large to import (over {MAX_IMPORT_BYTES // 1_048_576} MB)."
        )


def _from_zip(path: Path, wanted: Wanted) -> ExportFiles:
    files = ExportFiles()
    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = PurePosixPath(info.filename).name
                if info.is_dir() or name.startswith("."):
                    continue
                if not wanted(name.casefold()):
                    files.others.append(name)
                    continue
                total += info.file_size
                _check_size(info.file_size, name, total)
                with archive.open(info) as handle:
                    data = handle.read(MAX_IMPORT_BYTES + 1)
                _check_size(len(data), name, total)
                files.add(name, data)
    except zipfile.BadZipFile as error:
        raise TrackerImportError(f"{path} is not a readable zip file ({error}).") from error
    except RuntimeError as error:  # an encrypted entry
        raise TrackerImportError(
            f"{path} is password-protected; unzip it first and import the folder."
        ) from error
    return files


def _read_regular_file(path: Path, total: int = 0) -> bytes:
    """The bytes of a regular file, at most the import limit (checked on what is read)."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise TrackerImportError(f"{path} is not a regular file; choose the exported file.")
    _check_size(info.st_size, path.name, total + info.st_size)
    with path.open("rb") as handle:
        data = handle.read(MAX_IMPORT_BYTES + 1)
    _check_size(len(data), path.name, total + len(data))
    return data


def _from_folder(path: Path, wanted: Wanted) -> ExportFiles:
    files = ExportFiles()
    total = 0
    for child in sorted(path.rglob("*")):
        if not child.is_file() or child.name.startswith("."):
            continue
        if not wanted(child.name.casefold()):
            files.others.append(child.name)
            continue
        data = _read_regular_file(child, total)
        total += len(data)
        files.add(child.name, data)
    return files


def read_export(path: Path, wanted: Wanted, *, what: str) -> ExportFiles:
    """The wanted files of an export at ``path``, by lower-case file name.

    ``path`` may be a zip, a folder (searched recursively) or a single file, which is read
    whatever its name. ``what`` names the export in messages ("a TV Time export").
    """
    try:
        if path.is_dir():
            files = _from_folder(path, wanted)
        elif path.is_file() and zipfile.is_zipfile(path):
            files = _from_zip(path, wanted)
        else:
            files = ExportFiles()
            files.add(path.name, _read_regular_file(path))
    except OSError as error:
        raise TrackerImportError(f"Cannot read {path}: {error.strerror or error}.") from error
    if not files.texts:
        raise NotThisExportError(f"{path} does not look like {what}: none of its files is there.")
    return files
