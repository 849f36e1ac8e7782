"""One writer per data dir: an advisory lock on DATA/.writer.lock naming its holder.

Every command that writes (crawl, backfill, import-warc, import-text, reclean, a scheduled
run) holds an exclusive `flock` on the lock file for as long as it runs, and writes its pid,
command and start time into the file. A second writer reads those back and stops with one
line saying who holds the dir (exit code 75, "try again later"), or with `wait` queues behind
it. The kernel drops the lock when its holder exits, however it dies, so a killed run never
leaves a stale lock: the next run takes the lock and mends the files the dead one left open.

A process asking again for a lock it already holds gets it at once (the CLI takes the lock
before booting Prefect, and the crawl or rebuild it starts asks again): the pid in the file
says whose it is. Readers (`validate`, `stats`) take no lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from flows.errors import DataDirBusy

LOCK_NAME = ".writer.lock"  # in the data dir, beside raw/ and state.sqlite


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds a data dir: process id, command line and start time (UTC)."""

    pid: int
    command: str
    since: str

    def describe(self) -> str:
        """Return the holder as a phrase: `pid 12 (portal-corpus crawl ...) since 09:10:00Z`."""
        return f"pid {self.pid} ({self.command}) since {self.since}"


def lock_path(data_dir: Path) -> Path:
    """Return the lock file of a data dir."""
    return data_dir / LOCK_NAME


def read_holder(data_dir: Path) -> Holder | None:
    """Return what the lock file says of its last holder (None when it says nothing)."""
    try:
        data = json.loads(lock_path(data_dir).read_text(encoding="utf-8"))
        return Holder(int(data["pid"]), str(data["command"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def held_elsewhere(data_dir: Path) -> Holder | None:
    """Return the holder when another live process holds the lock, else None."""
    path = lock_path(data_dir)
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = read_holder(data_dir)
            if holder is not None and holder.pid == os.getpid():
                return None
            return holder or Holder(0, "another command", "unknown")
        return None  # closing the descriptor drops the probe's shared lock
    finally:
        os.close(fd)


class DataDirLock:
    """Hold a data dir for writing while the block runs; a context manager."""

    def __init__(
        self,
        data_dir: Path,
        *,
        command: str | None = None,
        wait: bool = False,
        on_wait: Callable[[Holder], None] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.command = command or " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])
        self.wait = wait
        self.on_wait = on_wait
        self._fd: int | None = None

    def acquire(self) -> DataDirLock:
        """Take the lock (at once if this process has it); raise DataDirBusy or wait if held."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path(self.data_dir), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = read_holder(self.data_dir)
            if holder is not None and holder.pid == os.getpid():
                os.close(fd)  # this process holds it already, through the outer lock
                return self
            if not self.wait:
                os.close(fd)
                raise self._busy(holder) from None
            if self.on_wait is not None:
                self.on_wait(holder or Holder(0, "another command", "unknown"))
            fcntl.flock(fd, fcntl.LOCK_EX)
        self._fd = fd
        self._write_holder(fd)
        return self

    def _write_holder(self, fd: int) -> None:
        """Put this process's pid, command and start time in the lock file."""
        since = f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}"
        text = json.dumps({"pid": os.getpid(), "command": self.command, "since": since})
        os.ftruncate(fd, 0)
        os.pwrite(fd, (text + "\n").encode("utf-8"), 0)

    def _busy(self, holder: Holder | None) -> DataDirBusy:
        who = holder.describe() if holder else "another command"
        return DataDirBusy(
            f"{self.data_dir}: another command is writing here: {who}; "
            "run again when it ends, or pass --wait to queue behind it"
        )

    def release(self) -> None:
        """Clear the holder and drop the lock (a no-op for a lock taken again)."""
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)
        os.close(self._fd)  # closing the descriptor drops the flock
        self._fd = None

    def __enter__(self) -> DataDirLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
