"""The rotating log file in the data folder."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from watchlist import applog
from watchlist.applog import LOG_FILE_NAME, current_log_file, setup_logging
from watchlist.cli import main


@pytest.fixture(autouse=True)
def reset_logging() -> Iterator[None]:
    yield
    setup_logging(None)  # drop Watchlist's handlers again


def test_the_log_file_is_in_the_data_folder_and_rotates(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(applog, "_MAX_BYTES", 2_000)
    path = setup_logging(data_dir / "logs")
    assert path == data_dir / "logs" / LOG_FILE_NAME == current_log_file()
    for number in range(200):
        logging.getLogger("watchlist.test").info("line %d %s", number, "x" * 50)
    names = sorted(item.name for item in (data_dir / "logs").iterdir())
    assert names == [
        LOG_FILE_NAME,
        f"{LOG_FILE_NAME}.1",
        f"{LOG_FILE_NAME}.2",
        f"{LOG_FILE_NAME}.3",
    ]
    assert all(item.stat().st_size <= 2_200 for item in (data_dir / "logs").iterdir())
    assert "line 199" in path.read_text(encoding="utf-8")


def test_the_command_line_logs_to_the_data_folder(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["note", "No Such Show", "text"], today=date(2025, 7, 15)) == 1
    assert capsys.readouterr().err.startswith("watchlist: ")
    logged = (data_dir / "logs" / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "Command failed" in logged and "No Such Show" in logged


def test_an_unwritable_log_folder_is_no_log_file_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("where the logs folder should be")
    assert setup_logging(blocker / "logs") is None
    assert current_log_file() is None
