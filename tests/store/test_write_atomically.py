"""``write_atomically``: the new file's bytes reach the disk before the rename, the rename after."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from watchlist.store.exchange import write_atomically


def test_the_file_is_synced_before_the_rename_and_its_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "export.json"
    target.write_text("old")
    events: list[tuple[str, int]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def spy_fsync(descriptor: int) -> None:
        info = os.fstat(descriptor)
        events.append(("fsync folder" if stat.S_ISDIR(info.st_mode) else "fsync file", info.st_ino))
        real_fsync(descriptor)

    def spy_replace(source: str | Path, destination: str | Path) -> None:
        events.append(("rename", Path(source).stat().st_ino))
        real_replace(source, destination)

    monkeypatch.setattr(os, "fsync", spy_fsync)
    monkeypatch.setattr(os, "replace", spy_replace)
    write_atomically(target, "new contents")

    assert target.read_text() == "new contents"
    written, folder = target.stat().st_ino, tmp_path.stat().st_ino
    assert events == [("fsync file", written), ("rename", written), ("fsync folder", folder)]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["export.json"]
