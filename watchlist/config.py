"""Every path and setting in one place: platformdirs defaults, environment overrides, flags."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL

APP_DIR_NAME = "watchlist"
DEFAULT_TVMAZE_URL = "https://api.tvmaze.com"
DATABASE_FILE_NAME = "library.sqlite3"

ENV_DATA_DIR = "WATCHLIST_DATA_DIR"
ENV_DATABASE_URL = "WATCHLIST_DATABASE_URL"
ENV_TVMAZE_URL = "WATCHLIST_TVMAZE_URL"
ENV_OFFLINE = "WATCHLIST_OFFLINE"

_TRUE_WORDS = {"1", "true", "yes", "on"}


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the library lives and how Watchlist may reach the network."""

    data_dir: Path
    config_dir: Path | None = None
    database_url_override: str | None = None
    tvmaze_url: str = DEFAULT_TVMAZE_URL
    offline: bool = False
    demo: bool = False

    @property
    def database_path(self) -> Path:
        """The default SQLite file inside the data folder."""
        return self.data_dir / DATABASE_FILE_NAME

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL of the library.

        The file's path is quoted, so any folder name works: pasted into a URL as it is, a
        folder named ``question?mark`` or ``100%25`` would name another file.
        """
        if self.database_url_override:
            return self.database_url_override
        return sqlite_file_url(self.database_path)

    @property
    def uses_default_database(self) -> bool:
        return not self.database_url_override

    @property
    def posters_dir(self) -> Path:
        return self.data_dir / "posters"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def ui_state_path(self) -> Path:
        """Window geometry, splitters, sort order and selection (the GUI's own settings)."""
        folder = self.config_dir or Path(
            platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False)
        )
        return folder / "window-state.ini"

    def with_overrides(
        self,
        *,
        data_dir: Path | None = None,
        database_url: str | None = None,
        offline: bool | None = None,
    ) -> Settings:
        """A copy with command-line flags applied (flags beat the environment)."""
        settings = self
        if data_dir is not None:
            settings = replace(settings, data_dir=data_dir)
        if database_url:
            settings = replace(settings, database_url_override=database_url)
        if offline:
            settings = replace(settings, offline=True)
        return settings


def sqlite_file_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite file, whatever characters its path holds."""
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def default_data_dir() -> Path:
    """The platform's per-user data folder for Watchlist."""
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def settings_from_environment(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the ``WATCHLIST_*`` environment variables, defaults elsewhere."""
    env = os.environ if environ is None else environ
    data_dir = env.get(ENV_DATA_DIR)
    return Settings(
        data_dir=Path(data_dir).expanduser() if data_dir else default_data_dir(),
        database_url_override=env.get(ENV_DATABASE_URL) or None,
        tvmaze_url=(env.get(ENV_TVMAZE_URL) or DEFAULT_TVMAZE_URL).rstrip("/"),
        offline=env.get(ENV_OFFLINE, "").strip().casefold() in _TRUE_WORDS,
    )


def resources_dir() -> Path:
    """The bundled ``resources/`` folder: in a wheel, a PyInstaller bundle or a checkout."""
    package_dir = Path(__file__).resolve().parent
    candidates = [package_dir / "resources", package_dir.parent / "resources"]
    bundle_dir = getattr(sys, "_MEIPASS", None)
    if bundle_dir:
        candidates.insert(0, Path(bundle_dir) / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def sample_library_path() -> Path:
    """The bundled sample library (a JSON v1 export)."""
    return resources_dir() / "sample-library.json"
