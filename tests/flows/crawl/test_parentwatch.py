"""After a `kill -9` of the command, none of its processes outlive it, Dask workers included."""

from __future__ import annotations

import os
import signal
import time
from contextlib import suppress
from pathlib import Path

import pytest
from consolescript import start
from crawlportal import PortalServer, config_toml, serve_portal

pytestmark = pytest.mark.slow

START_TIMEOUT_S = 120.0  # until the workers are up and building
EXIT_TIMEOUT_S = 15.0  # a worker sees its command go at once; the rest follow it
POLL_S = 0.1
LOCAL_CLUSTER_UP_S = 5.0  # the workers register with the scheduler and take their first slices


def session_members(sid: int) -> list[int]:
    """Return the pids of the live processes in session `sid` (zombies left out)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if int(fields[3]) == sid and fields[0] != "Z":  # state, ppid, pgrp, session
            members.append(int(entry.name))
    return members


def wait_for(ready: object, timeout_s: float) -> bool:
    """Poll `ready()` until it holds or the time is up; return whether it held."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if ready():  # type: ignore[operator]
            return True
        time.sleep(POLL_S)
    return False


def kill_crawl_once_running(
    tmp_path: Path, options: list[str], members: int, settle_s: float
) -> None:
    """Crawl a portal with `options` until its session holds `members` processes (and
    `settle_s` more), kill -9 the command, and assert its whole session ends soon after."""
    portal = PortalServer(articles=24, delay_s=0.3)
    with serve_portal(portal):
        config = tmp_path / "sources.toml"
        config.write_text(config_toml(portal), encoding="utf-8")
        crawl = start(
            ["crawl", "--config", str(config), "--data-dir", str(tmp_path / "data"), *options],
            tmp_path / "home", tmp_path / "crawl.log",
        )  # fmt: skip
        sid = crawl.pid  # started in its own session
        try:
            assert wait_for(lambda: len(session_members(sid)) >= members, START_TIMEOUT_S)
            time.sleep(settle_s)
            os.kill(crawl.pid, signal.SIGKILL)
            crawl.wait()
            left = wait_for(lambda: session_members(sid) == [], EXIT_TIMEOUT_S)
            assert left, f"still running after {EXIT_TIMEOUT_S:g} s: {session_members(sid)}"
        finally:
            with suppress(ProcessLookupError):
                os.killpg(sid, signal.SIGKILL)
            assert crawl.stderr is not None
            crawl.stderr.close()  # not read to its end: an orphan would hold it open


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads sessions from /proc")
def test_no_process_outlives_a_killed_crawl(tmp_path: Path) -> None:
    # the command, the fork server, its resource tracker and two workers
    kill_crawl_once_running(tmp_path, ["--workers", "2"], members=5, settle_s=0.0)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads sessions from /proc")
def test_no_dask_worker_outlives_a_killed_crawl(tmp_path: Path) -> None:
    # the command, a resource tracker and the local cluster's two workers, registered
    options = ["--task-runner", "dask", "--workers", "2"]
    kill_crawl_once_running(tmp_path, options, members=3, settle_s=LOCAL_CLUSTER_UP_S)
