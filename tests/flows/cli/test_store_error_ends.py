"""A store error while other sources' batches wait to commit ends the crawl, every time.

Several portals on 127.0.0.1 are crawled at once through the console script with two
extraction workers; one source's partition cannot be opened (a folder stands where its file
goes). Its batch fails to commit while the other sources' batches are queued or building:
the run must end in bounded time with one line and exit 1, run after run.
"""

from __future__ import annotations

import os
import signal
import subprocess
from contextlib import ExitStack
from pathlib import Path

import pytest
from consolescript import start
from crawlportal import MAX_ARTICLES, SITE_NAME, PortalServer, serve_portal

pytestmark = pytest.mark.slow

SOURCES = "abcdef"  # one failing source among others whose batches are in flight
FAILING = "c"
RUNS = 10  # the failure raced in some runs only: each run must end
ENDS_WITHIN_S = 60.0  # a run takes a few seconds; a hung one waits on its build threads
PAGES = 7  # listing pages per source: every article of a portal
PARTITION = "2020-03.jsonl"  # the month every article of the portal is dated in


def sources_toml(portals: dict[str, PortalServer]) -> str:
    """Return a sources file crawling each portal as its own source, fast."""
    head = "[defaults]\ndelay_s = 0.0\nmax_attempts = 1\ntimeout_s = 10.0\nallow_private = true\n"
    return head + "".join(
        f'\n[[source]]\nkey = "{key}"\nname = "{SITE_NAME}"\nmax_pages = {PAGES}\n'
        f'start = ["{portal.base}/news/index.html"]\n'
        for key, portal in portals.items()
    )


def crawl_once(config: Path, data_dir: Path, home: Path, log: Path) -> tuple[int | None, str]:
    """Run one crawl; return its exit code (None when it did not end in time) and stderr."""
    process = start(
        ["crawl", "--config", str(config), "--data-dir", str(data_dir), "--workers", "2"],
        home, log,
    )  # fmt: skip
    try:
        _, err = process.communicate(timeout=ENDS_WITHIN_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, err = process.communicate()
        return None, err
    return process.returncode, err


def test_a_store_error_ends_the_crawl_in_bounded_time_run_after_run(tmp_path: Path) -> None:
    with ExitStack() as stack:
        portals = {
            key: stack.enter_context(serve_portal(PortalServer(articles=MAX_ARTICLES)))
            for key in SOURCES
        }
        config = tmp_path / "sources.toml"
        config.write_text(sources_toml(portals), encoding="utf-8")
        for n in range(RUNS):
            data_dir = tmp_path / f"data{n}"
            (data_dir / "clean" / FAILING / PARTITION).mkdir(parents=True)
            code, err = crawl_once(config, data_dir, tmp_path / "home", tmp_path / f"out{n}.log")
            assert code is not None, f"run {n} still running after {ENDS_WITHIN_S:.0f} s"
            assert code == 1, err
            assert "Traceback" not in err
            [line] = [line for line in err.splitlines() if "error" in line]
            expected = f"{data_dir / 'clean' / FAILING / PARTITION}: cannot open for writing"
            assert expected in line
