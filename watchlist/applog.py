"""Logging: a rotating log file in the data folder, and stderr when asked for."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE_NAME = "watchlist.log"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_MAX_BYTES = 1_000_000
_BACKUPS = 3


def setup_logging(logs_dir: Path | None, *, verbose: bool = False) -> Path | None:
    """Log to ``logs_dir/watchlist.log`` (rotated) and, when verbose, to stderr.

    Returns the log file's path, or None when the folder cannot be written.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_watchlist", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    log_path: Path | None = None
    if logs_dir is not None:
        try:
            logs_dir.mkdir(parents=True, exist_ok=True)
            log_path = logs_dir / LOG_FILE_NAME
            file_handler = logging.handlers.RotatingFileHandler(
                log_path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8"
            )
        except OSError:
            log_path = None
        else:
            file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
            file_handler._watchlist = True  # type: ignore[attr-defined]
            root.addHandler(file_handler)
    if verbose:
        stream_handler = logging.StreamHandler()
        stream_handler.setFormatter(logging.Formatter(LOG_FORMAT))
        stream_handler._watchlist = True  # type: ignore[attr-defined]
        root.addHandler(stream_handler)
    return log_path


def current_log_file() -> Path | None:
    """The file Watchlist is logging to, if any."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)
    return None
