"""The crash harness: writers killed with SIGKILL at random moments, the library checked each time.

Rounds of four kinds run on parallel workers against one library:

- ``writer``: a process forked from the zygote (``zygote.py``) opens the library as the command
  line does and writes notes, edits, imports and backups (``writer.py``), logging each attempt
  before and each acknowledgement after the write; it is killed 0-300 ms after it starts, which
  lands most kills in the middle of a write. Most kills are these: a fork costs a millisecond
  where starting Python costs half a second.
- ``note``, ``import``, ``sync``: real ``python -m watchlist`` processes (``note SHOW TEXT``,
  ``import FILE``, ``sync --full`` against a local TVmaze look-alike), killed at a random moment
  of their run. A note is acknowledged by exit status 0 and its "Added note N" line.

After every kill the library must pass ``PRAGMA integrity_check`` (and the note search index
its own check), every acknowledged note must be there with its acknowledged text (or a text an
interrupted edit was writing), every import must be there whole or not at all, and every backup
file must be a sound database. The seed is printed and every decision (which round, which
delays, what the writers write) derives from it, so a failing run can be repeated, apart from
the timing of the machine.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.reliability.writer import import_text
from tests.sync.fake_tvmaze import FakeTvmaze, all_of_us_are_dead, quiet_harbour, under_the_dome
from watchlist.config import Settings, sample_library_path
from watchlist.launch import open_library
from watchlist.store.exchange import import_file
from watchlist.sync.merge import merge_show
from watchlist.sync.tvmaze import parse_show

REPO = Path(__file__).resolve().parents[2]
ROUND_KINDS = ("writer", "note", "import", "sync")
ROUND_WEIGHTS = (0.82, 0.10, 0.04, 0.04)
WRITER_KILL_WINDOW_S = 0.3
PROCESS_TIMEOUT_S = 120


class HarnessError(AssertionError):
    """The library broke a promise after a kill."""


@dataclass
class NoteState:
    acknowledged: str
    attempted: set[str] = field(default_factory=set)

    @property
    def acceptable(self) -> set[str]:
        return {self.acknowledged, *self.attempted}


@dataclass
class Expectations:
    """What must be in the library, from the processes that have ended."""

    notes: dict[int, NoteState] = field(default_factory=dict)
    imports_tried: dict[str, int] = field(default_factory=dict)
    imports_done: set[str] = field(default_factory=set)
    cli_notes_tried: set[str] = field(default_factory=set)
    linked_shows: int = 0

    def absorb_journal(self, path: Path) -> bool:
        """Take in a killed writer's journal; True when a write was under way at the kill."""
        if not path.exists():
            return False
        in_flight = False
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if not line.endswith("\n"):
                continue  # cannot happen with one write() per line, but never trust half a line
            entry: dict[str, Any] = json.loads(line)
            kind = entry["kind"]
            in_flight = kind.startswith("try-")
            if kind == "note":
                self.notes[entry["id"]] = NoteState(entry["body"])
            elif kind == "try-edit":
                self.notes[entry["id"]].attempted.add(entry["body"])
            elif kind == "edit":
                self.notes[entry["id"]] = NoteState(entry["body"])
            elif kind == "try-import":
                self.imports_tried[entry["marker"]] = entry["notes"]
            elif kind == "import":
                self.imports_done.add(entry["marker"])
        return in_flight


@dataclass
class Report:
    seed: int
    kills: int = 0
    interrupted_writes: int = 0  # kills that landed between a write's attempt and its ack
    rounds: dict[str, int] = field(default_factory=dict)
    kills_by_kind: dict[str, int] = field(default_factory=dict)
    notes_acknowledged: int = 0
    checks: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        rounds = ", ".join(
            f"{kind} {self.rounds.get(kind, 0)} ({self.kills_by_kind.get(kind, 0)} killed)"
            for kind in ROUND_KINDS
        )
        return (
            f"seed {self.seed}: {self.kills} kills in {self.seconds:.0f} s, "
            f"{self.interrupted_writes} in the middle of a write; rounds: {rounds}; "
            f"{self.notes_acknowledged} acknowledged notes checked after every kill "
            f"({self.checks} checks)"
        )


class Zygote:
    """One fork server (see zygote.py), used by one worker."""

    def __init__(self, log: Path) -> None:
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.zygote"],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )

    def _ask(self, line: str) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise HarnessError(f"the zygote died; see {self.log.name}")
        return answer.strip()

    def fork(self, data_dir: Path, journal: Path, seed: str, show_ids: list[int]) -> int:
        shows = ",".join(str(show_id) for show_id in show_ids)
        return int(self._ask(f"fork {data_dir} {journal} {seed} {shows}"))

    def wait(self, pid: int) -> int:
        return int(self._ask(f"wait {pid}"))

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=PROCESS_TIMEOUT_S)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.log.close()


class CrashHarness:
    """Runs rounds until ``kills`` processes have been killed, checking after each."""

    def __init__(
        self,
        folder: Path,
        *,
        seed: int,
        tvmaze: FakeTvmaze,
        say: Callable[[str], None] = lambda _text: None,
    ) -> None:
        self.folder = folder
        self.data_dir = folder / "data"
        self.database = self.data_dir / "library.sqlite3"
        self.seed = seed
        self.tvmaze = tvmaze
        self.say = say
        self.expected = Expectations()
        self.report = Report(seed=seed)
        self.lock = threading.Lock()
        self.failures: list[BaseException] = []
        self.durations: dict[str, list[float]] = {kind: [] for kind in ROUND_KINDS}
        self.show_ids: list[int] = []
        self.tvmaze_ids: list[int] = []

    # -- setting up ---------------------------------------------------------------------

    def prepare(self) -> None:
        """A library with the sample shows and three shows followed on the fake TVmaze."""
        settings = Settings(data_dir=self.data_dir, tvmaze_url=self.tvmaze.url)
        with open_library(settings) as library:
            import_file(library, sample_library_path())
            for body in (under_the_dome(), all_of_us_are_dead(), quiet_harbour()):
                tvmaze_id = self.tvmaze.add(body)
                served = self.tvmaze.shows[tvmaze_id]
                record = parse_show(served, subject="setup", embedded=True)
                merge_show(library, record, today=library.now().date())
                self.tvmaze_ids.append(tvmaze_id)
            shows = library.list_shows()
            self.show_ids = [summary.id for summary in shows]
            self.expected.linked_shows = sum(
                1 for summary in shows if library.show(summary.id).external_ids.tvmaze
            )
            for note in library.notes():
                self.expected.notes[note.id] = NoteState(note.body)

    # -- running ------------------------------------------------------------------------

    def run(self, kills: int, workers: int = 2) -> Report:
        self.prepare()
        started = time.monotonic()
        # One run of each command to the end, to learn how long it takes on this machine: the
        # kills are then spread over the whole of a run, not only its start-up.
        calibration = random.Random(f"{self.seed}-calibration")
        for kind in ROUND_KINDS[1:]:
            self._cli_round(kind, calibration, f"{self.seed}-calibration-{kind}", kill=False)
        threads = [
            threading.Thread(target=self._worker, args=(index, kills), name=f"crash-{index}")
            for index in range(workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.report.seconds = time.monotonic() - started
        if self.failures:
            raise self.failures[0]
        self.check("after the last kill")
        self.check_backups()
        return self.report

    def _worker(self, index: int, kills: int) -> None:
        rng = random.Random(f"{self.seed}-worker-{index}")
        zygote = Zygote(self.folder / f"zygote-{index}.log")
        try:
            number = 0
            while not self.failures:
                with self.lock:
                    if self.report.kills >= kills:
                        break
                number += 1
                kind = rng.choices(ROUND_KINDS, ROUND_WEIGHTS)[0]
                tag = f"{self.seed}-{index}-{number}"
                if kind == "writer":
                    self._writer_round(zygote, rng, tag)
                else:
                    self._cli_round(kind, rng, tag)
        except BaseException as error:
            self.failures.append(error)
        finally:
            zygote.close()

    def _count(self, kind: str, *, killed: bool, interrupted: bool = False) -> None:
        with self.lock:
            self.report.rounds[kind] = self.report.rounds.get(kind, 0) + 1
            if killed:
                self.report.kills += 1
                self.report.kills_by_kind[kind] = self.report.kills_by_kind.get(kind, 0) + 1
                if self.report.kills % 50 == 0:
                    self.say(f"{self.report.kills} kills")
            if interrupted:
                self.report.interrupted_writes += 1

    def _writer_round(self, zygote: Zygote, rng: random.Random, tag: str) -> None:
        journal = self.folder / "journals" / f"{tag}.jsonl"
        journal.parent.mkdir(exist_ok=True)
        delay = rng.uniform(0, WRITER_KILL_WINDOW_S)
        pid = zygote.fork(self.data_dir, journal, tag, self.show_ids)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        status = zygote.wait(pid)
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            raise HarnessError(
                f"seed {self.seed}: writer {tag} ended by itself (wait status {status}) instead "
                f"of being killed; its error is in {self.folder}/zygote-*.log"
            )
        with self.lock:
            interrupted = self.expected.absorb_journal(journal)
            self.check(f"after killing writer {tag} {delay * 1000:.0f} ms after it started")
        self._count("writer", killed=True, interrupted=interrupted)

    def _cli_round(self, kind: str, rng: random.Random, tag: str, *, kill: bool = True) -> None:
        marker = f"cli {tag}"
        if kind == "note":
            argv = ["note", str(rng.choice(self.show_ids)), marker]
            with self.lock:
                self.expected.cli_notes_tried.add(marker)
        elif kind == "import":
            path = self.folder / "imports" / f"{tag}.json"
            path.parent.mkdir(exist_ok=True)
            count = rng.randint(2, 30)
            path.write_text(import_text(f"import {marker}", shows=2, notes_per_show=count))
            argv = ["import", str(path)]
            with self.lock:
                self.expected.imports_tried[f"import {marker}"] = count * 2
        else:
            for tvmaze_id in self.tvmaze_ids:
                self.tvmaze.change(tvmaze_id, summary=f"<p>Changed upstream ({tag}).</p>")
            argv = ["sync", "--full"]
        typical = statistics.median(self.durations[kind]) if self.durations[kind] else 1.0
        delay = rng.uniform(0, typical * 1.1) if kill else PROCESS_TIMEOUT_S
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "watchlist", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={
                **os.environ,
                "WATCHLIST_DATA_DIR": str(self.data_dir),
                "WATCHLIST_TVMAZE_URL": self.tvmaze.url,
                "WATCHLIST_OFFLINE": "",
                "WATCHLIST_DATABASE_URL": "",
            },
        )
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
        out, err = process.communicate(timeout=PROCESS_TIMEOUT_S)
        killed = process.returncode == -signal.SIGKILL
        if not killed:
            self.durations[kind].append(time.monotonic() - started)
            if process.returncode != 0:
                raise HarnessError(
                    f"seed {self.seed}: 'watchlist {' '.join(argv)}' failed "
                    f"({process.returncode}): {err.strip()}"
                )
        with self.lock:
            if kind == "note" and out.startswith("Added note "):
                self.expected.notes[int(out.split()[2])] = NoteState(marker)
            if kind == "import" and not killed:
                self.expected.imports_done.add(f"import {marker}")
            self.check(f"after 'watchlist {argv[0]}' ({tag}) was {'killed' if killed else 'done'}")
        self._count(kind, killed=killed)

    # -- checking -----------------------------------------------------------------------

    def check(self, when: str) -> None:
        """Integrity, every acknowledged note, whole imports. Call with the lock held."""
        self.report.checks += 1
        connection = sqlite3.connect(self.database, timeout=60)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            self._fail_unless(problems == ["ok"], when, f"integrity check: {problems[:5]}")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if "notes_fts" in tables:
                try:
                    connection.execute(
                        "INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)"
                    )
                except sqlite3.DatabaseError as error:
                    self._fail_unless(False, when, f"the note search index: {error}")
            bodies = dict(connection.execute("SELECT id, body FROM notes").fetchall())
            linked = connection.execute(
                "SELECT count(*) FROM shows WHERE tvmaze_id IS NOT NULL"
            ).fetchone()[0]
        finally:
            connection.close()
        self.report.notes_acknowledged = len(self.expected.notes)
        for note_id, state in self.expected.notes.items():
            body = bodies.get(note_id)
            self._fail_unless(
                body in state.acceptable,
                when,
                f"acknowledged note {note_id} is {'missing' if body is None else 'changed'}: "
                f"expected {sorted(state.acceptable)!r:.200}, found {body!r:.200}",
            )
        counts: dict[str, int] = {}
        for body in bodies.values():
            if body.startswith("import ") and " note " in body:
                marker = body.split(" note ", 1)[0]
                counts[marker] = counts.get(marker, 0) + 1
        for marker, expected in self.expected.imports_tried.items():
            found = counts.get(marker, 0)
            done = marker in self.expected.imports_done
            allowed = {expected} if done else {0, expected}
            self._fail_unless(
                found in allowed, when, f"import {marker!r} has {found} of {expected} notes"
            )
        for marker in self.expected.cli_notes_tried:
            found = sum(1 for body in bodies.values() if body == marker)
            self._fail_unless(found <= 1, when, f"'watchlist note' wrote {marker!r} {found} times")
        self._fail_unless(
            linked == self.expected.linked_shows,
            when,
            f"{linked} shows followed on TVmaze instead of {self.expected.linked_shows}",
        )

    def check_backups(self) -> None:
        """Every finished backup file (not a ``.partial`` one) is a sound library."""
        backups = self.data_dir / "backups"
        for path in sorted(backups.glob("library-*.sqlite3")):
            connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
                version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            finally:
                connection.close()
            self._fail_unless(problems == ["ok"], "checking backups", f"{path.name}: {problems}")
            self._fail_unless(version is not None, "checking backups", f"{path.name}: no schema")

    def _fail_unless(self, condition: bool, when: str, problem: str) -> None:
        if not condition:
            raise HarnessError(
                f"seed {self.seed}, {when}: {problem}. Repeat with WATCHLIST_CRASH_SEED="
                f"{self.seed}; the library and the writers' journals are in {self.folder}."
            )


def new_seed() -> int:
    """The seed from WATCHLIST_CRASH_SEED, or a fresh one."""
    text = os.environ.get("WATCHLIST_CRASH_SEED", "").strip()
    return int(text) if text else random.SystemRandom().randrange(1, 10**9)


def keep_folder(prefix: str) -> Path:
    """A folder that outlives the run, so a failure can be examined."""
    return Path(tempfile.mkdtemp(prefix=prefix))
