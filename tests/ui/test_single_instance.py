"""A second start on the same library hands over to the running window."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from watchlist.ui.single_instance import SingleInstance, server_name


def test_second_start_asks_the_first_to_come_forward(qtbot: QtBot, tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/library.sqlite3"
    first = SingleInstance(url)
    assert not first.ask_running_instance()
    assert first.claim()
    try:
        second = SingleInstance(url)
        with qtbot.waitSignal(first.activationRequested, timeout=3000):
            assert second.ask_running_instance()
    finally:
        first.release()


def test_other_libraries_are_independent(tmp_path: object) -> None:
    first = SingleInstance(f"sqlite:///{tmp_path}/a.sqlite3")
    assert first.claim()
    try:
        assert not SingleInstance(f"sqlite:///{tmp_path}/b.sqlite3").ask_running_instance()
    finally:
        first.release()


def test_a_stale_socket_from_a_crash_is_reclaimed(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/library.sqlite3"
    crashed = SingleInstance(url)
    assert crashed.claim()
    crashed._server = None  # the process died without closing its server
    again = SingleInstance(url)
    assert again.claim()
    again.release()


def test_names_differ_per_library() -> None:
    assert server_name("sqlite:///a") != server_name("sqlite:///b")
