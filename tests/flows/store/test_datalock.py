"""The data dir's writer lock: who holds it, refusing or queueing a second writer, re-entry."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from flows.errors import DataDirBusy
from flows.store.datalock import DataDirLock, Holder, held_elsewhere, read_holder
from flows.store.warcmend import mend_open_files

HOLD = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from flows.store.datalock import DataDirLock\n"
    "with DataDirLock(Path(sys.argv[1]), command='holder-under-test'):\n"
    "    print('held', flush=True)\n"
    "    time.sleep(float(sys.argv[2]))\n"
    "    print(time.time(), flush=True)\n"  # just before the lock is let go
)


@contextmanager
def held_by_child(data_dir: Path, seconds: float = 30.0) -> Iterator[subprocess.Popen[str]]:
    """Hold the data dir in another process for the block (or `seconds`)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(data_dir), str(seconds)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    try:
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()


def test_the_holder_is_written_and_cleared(tmp_path: Path) -> None:
    with DataDirLock(tmp_path / "data", command="portal-corpus crawl"):
        holder = read_holder(tmp_path / "data")
        assert holder is not None
        assert (holder.pid, holder.command) == (os.getpid(), "portal-corpus crawl")
    assert read_holder(tmp_path / "data") is None


def test_a_second_writer_is_told_who_holds_the_dir(tmp_path: Path) -> None:
    with held_by_child(tmp_path) as child:
        holder = held_elsewhere(tmp_path)
        assert holder is not None
        assert (holder.pid, holder.command) == (child.pid, "holder-under-test")
        with pytest.raises(DataDirBusy, match=f"pid {child.pid} \\(holder-under-test\\)") as info:
            DataDirLock(tmp_path).acquire()
    assert info.value.exit_code == 75
    assert "\n" not in str(info.value)


def test_this_process_takes_its_own_lock_again(tmp_path: Path) -> None:
    with DataDirLock(tmp_path, command="outer"):
        assert held_elsewhere(tmp_path) is None
        with DataDirLock(tmp_path, command="inner"):
            pass
        holder = read_holder(tmp_path)
        assert holder is not None and holder.command == "outer"  # the inner one let nothing go


def test_wait_queues_behind_the_holder(tmp_path: Path) -> None:
    seen: list[Holder] = []
    with held_by_child(tmp_path, seconds=1.0) as child:
        with DataDirLock(tmp_path, wait=True, on_wait=seen.append):
            taken_at = time.time()
        assert child.stdout is not None
        releasing_at = float(child.stdout.readline())
    assert taken_at >= releasing_at, "the lock was taken while the child held it"
    assert [h.pid for h in seen] == [child.pid]


def test_a_killed_holder_leaves_no_lock(tmp_path: Path) -> None:
    with held_by_child(tmp_path) as child:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        deadline = time.monotonic() + 5
        while held_elsewhere(tmp_path) is not None:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    with DataDirLock(tmp_path):
        holder = read_holder(tmp_path)
        assert holder is not None and holder.pid == os.getpid()


def test_open_files_of_a_live_holder_are_not_mended(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    live = raw / "20260101T000000Z-abc123-00001.warc.gz.open"
    live.write_bytes(b"\x1f\x8b half a gzip member")
    with held_by_child(tmp_path):
        assert mend_open_files(tmp_path, exclude_run="other") == []
        assert live.read_bytes() == b"\x1f\x8b half a gzip member"
    assert mend_open_files(tmp_path, exclude_run="other") == [live.with_suffix("")]


def test_readers_run_while_a_writer_holds_the_dir(tmp_path: Path) -> None:
    clean = tmp_path / "clean" / "demo"
    clean.mkdir(parents=True)
    (clean / "2020-03.jsonl").write_text("", encoding="utf-8")
    script = str(Path(sys.executable).with_name("portal-corpus"))
    with held_by_child(tmp_path):
        stats = subprocess.run(
            [script, "stats", "--data-dir", str(tmp_path), "--json"],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        validate = subprocess.run(
            [script, "validate", str(tmp_path / "clean")],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    assert stats.returncode == 0, stats.stderr
    assert "record(s) in 1 file(s)" in validate.stdout  # it read the corpus (an empty one)
    assert "another command is writing" not in stats.stderr + validate.stderr
