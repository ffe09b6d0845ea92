"""A fork server for writer processes: Python and the libraries are loaded once, not per kill.

Starting Python with SQLAlchemy and Alembic takes about half a second; forking a process that
has them loaded takes a millisecond, so the harness can kill hundreds of writers in seconds.
The zygote never opens the library (a fork must not carry SQLite connections): each child opens
its own through ``launch.open_library``, as a fresh ``watchlist`` process does.

One command per line on standard input, one answer line on standard output:

    fork DATA_DIR JOURNAL SEED SHOW_ID,SHOW_ID,...   ->  the child's pid
    wait PID                                         ->  its raw wait status
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import NoReturn

from tests.reliability import writer


def _child(data_dir: Path, journal: Path, seed: str, show_ids: list[int]) -> NoReturn:
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    status = 0
    try:
        writer.run(data_dir, journal, seed, show_ids)
    except BaseException:  # reported on stderr; the harness fails on the exit status
        traceback.print_exc()
        sys.stderr.flush()
        status = 1
    os._exit(status)


def main() -> None:
    for line in sys.stdin:
        command, *arguments = line.split()
        if command == "fork":
            data_dir, journal, seed, shows = arguments
            pid = os.fork()
            if pid == 0:
                _child(Path(data_dir), Path(journal), seed, [int(s) for s in shows.split(",")])
            print(pid, flush=True)
        elif command == "wait":
            _pid, status = os.waitpid(int(arguments[0]), 0)
            print(status, flush=True)
        else:
            print(f"unknown command {command!r}", flush=True)


if __name__ == "__main__":
    main()
