"""A throwaway PostgreSQL server for the tests, started from Debian's ``postgresql`` binaries.

The cluster lives in a temporary folder, listens on 127.0.0.1 on a free port (and on a Unix
socket inside that folder), trusts local connections, and runs with fsync off: it exists for one
test session and is deleted after it. PostgreSQL refuses to run as root, so when the tests run as
root (as CI does) the server runs as the unprivileged ``postgres`` user Debian's package creates
(or ``nobody``), and the folder is handed to that user.

Each test gets its own database, copied from a template that already holds the current schema
(``CREATE DATABASE ... TEMPLATE``), which is much faster than migrating every time.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DEBIAN_PACKAGE = "postgresql"
SUPERUSER = "watchlist_test"
TEMPLATE_DATABASE = "watchlist_template"
START_TIMEOUT_S = 60


class PostgresUnavailableError(RuntimeError):
    """The PostgreSQL server binaries are missing or the cluster would not start."""


def find_binaries() -> Path:
    """The ``bin`` folder of the newest PostgreSQL installed the Debian way (or on PATH)."""
    candidates = []
    for folder in Path("/usr/lib/postgresql").glob("*/bin"):
        version = folder.parent.name
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            key = tuple(int(part) for part in re.findall(r"\d+", version))
            candidates.append((key, folder))
    if candidates:
        return max(candidates)[1]
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    raise PostgresUnavailableError(
        "The PostgreSQL tests need the PostgreSQL server binaries (initdb, pg_ctl), which were "
        f"not found. Install Debian's '{DEBIAN_PACKAGE}' package "
        f"(apt-get install {DEBIAN_PACKAGE}); .ci/run does this in CI."
    )


def _server_account() -> pwd.struct_passwd | None:
    """The unprivileged account to run the server as when we are root; None when we are not."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
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
    binaries: Path
    port: int
    account: pwd.struct_passwd | None

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
        return subprocess.run(
            [str(self.binaries / argv[0]), *argv[1:]],
            user=user,
            group=group,
            env=env,
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_S,
            check=False,
        )

    def _checked(self, *argv: str) -> None:
        result = self._run(*argv)
        if result.returncode != 0:
            log = (
                self.log_file.read_text(errors="replace")[-2000:] if self.log_file.exists() else ""
            )
            raise PostgresUnavailableError(
                f"{argv[0]} failed ({result.returncode}): {result.stderr.strip()}\n{log}"
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

    def execute(self, statement: str, database: str = "postgres") -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=database, autocommit=True
        ) as connection:
            connection.execute(statement)  # type: ignore[arg-type]

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
def running_cluster() -> Iterator[PostgresCluster]:
    """Initialise, start and (at the end) stop and delete a throwaway cluster."""
    binaries = find_binaries()
    account = _server_account()
    folder = Path(tempfile.mkdtemp(prefix="watchlist-pg-"))
    try:
        (folder / "socket").mkdir()
        if account is not None:
            for path in (folder, folder / "socket"):
                os.chown(path, account.pw_uid, account.pw_gid)
        cluster = PostgresCluster(folder, binaries, _free_port(), account)
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
            cluster.create_template()
            yield cluster
        finally:
            cluster.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
