"""Shared fixtures: every test gets its own data folder and never sees the user's library."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.pg_cluster import PostgresCluster, PostgresUnavailableError, running_cluster
from watchlist.store.library import Library

FIXTURES = Path(__file__).parent / "fixtures"

# Property tests run Hypothesis's default 100 examples in `make test`; a long hunt for hostile
# inputs: pytest --hypothesis-profile=soak (see benchmarks/soak_crash.py for the crash soak).
settings.register_profile(
    "soak",
    max_examples=3_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
BACKENDS = ("sqlite", "postgresql")
# The storage and command-line tests run against SQLite and a real PostgreSQL server; the rest
# (sync, GUI) run against SQLite only unless marked ``all_backends``. ``@pytest.mark.sqlite_only``
# keeps a test about SQLite files (preflight, backups, pragmas) to SQLite.
ALL_BACKEND_FOLDERS = frozenset({"store", "cli"})
# Which PostgreSQL the session's server was, said at the end of the report (.ci/run checks it).
POSTGRES_SERVER = pytest.StashKey[str]()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("sqlite_only") is not None:
        return
    opted_in = metafunc.definition.get_closest_marker("all_backends") is not None
    if not opted_in and metafunc.definition.path.parent.name not in ALL_BACKEND_FOLDERS:
        return
    metafunc.parametrize("backend", BACKENDS, indirect=True)


class SteppingClock:
    """A clock that moves one minute each time it is read, so timestamps are distinct."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        self.current += timedelta(minutes=1)
        return self.current


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point Watchlist at a fresh data folder and away from the network."""
    data_dir = tmp_path / "data"
    for name in ("WATCHLIST_DATABASE_URL", "WATCHLIST_TVMAZE_URL", "WATCHLIST_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WATCHLIST_DATA_DIR", str(data_dir))
    monkeypatch.setenv("WATCHLIST_TVMAZE_URL", "http://127.0.0.1:9")  # closed port, never used
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    return data_dir


@pytest.fixture
def data_dir(isolated_environment: Path) -> Path:
    return isolated_environment


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock(datetime(2023, 1, 2, 23, 0, tzinfo=UTC))


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database the test runs against: "sqlite" (default) or "postgresql"."""
    return str(getattr(request, "param", "sqlite"))


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    server = config.stash.get(POSTGRES_SERVER, None)
    if server is not None:
        terminalreporter.write_line(f"PostgreSQL tests ran on {server}")


@pytest.fixture(scope="session")
def postgres_cluster(pytestconfig: pytest.Config) -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL server for the whole session; missing binaries fail, never skip."""
    with ExitStack() as stack:
        try:
            cluster = stack.enter_context(running_cluster())
        except PostgresUnavailableError as error:
            pytest.fail(str(error), pytrace=False)
        pytestconfig.stash[POSTGRES_SERVER] = cluster.description
        yield cluster


@pytest.fixture
def database_url(backend: str, data_dir: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh library database: the SQLite file in the data folder, or a new PostgreSQL one."""
    if backend == "sqlite":
        yield f"sqlite:///{data_dir / 'library.sqlite3'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    with cluster.fresh_database() as url:
        yield url


@pytest.fixture
def library(database_url: str, clock: SteppingClock) -> Iterator[Library]:
    with Library.open(database_url, clock=clock) as opened:
        yield opened


@pytest.fixture
def sample_library_file() -> Path:
    from watchlist.config import sample_library_path

    return sample_library_path()
