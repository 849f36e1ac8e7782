"""SIGKILL a real crawl process mid-run, start it again: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from crawlportal import PortalServer, config_toml, serve_portal
from warcio.archiveiterator import ArchiveIterator

from flows.store.crawlstate import CrawlState

pytestmark = pytest.mark.slow

ARTICLES = 24
ARTICLE_DELAY_S = 0.05  # the portal answers slowly enough for a kill to land mid-run
START_TIMEOUT_S = 120.0  # the console script loads Prefect first
RUN_TIMEOUT_S = 240.0
POLL_S = 0.02
PLAIN_CRAWL = (
    "import asyncio, sys\n"
    "from pathlib import Path\n"
    "from flows.config import load_config\n"
    "from flows.orchestrate.crawldriver import run_crawl\n"
    "asyncio.run(run_crawl(load_config(Path(sys.argv[1])), Path(sys.argv[2]), batch_size=4))\n"
)


def cli_command(config: Path, data_dir: Path) -> list[str]:
    """Return the console script's crawl command."""
    script = shutil.which("portal-corpus") or str(Path(sys.executable).with_name("portal-corpus"))
    return [script, "crawl", "--config", str(config), "--data-dir", str(data_dir), "--workers", "1"]


def plain_command(config: Path, data_dir: Path) -> list[str]:
    """Return a process running the same crawl steps without Prefect (it starts faster)."""
    return [sys.executable, "-c", PLAIN_CRAWL, str(config), str(data_dir)]


def start(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    """Start a crawl in its own process group, output to a log file."""
    with log.open("ab") as out:
        return subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def kill_when(process: subprocess.Popen[bytes], ready: Callable[[], bool], log: Path) -> None:
    """SIGKILL the crawl's process group as soon as `ready()` holds."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while not ready():
        if process.poll() is not None:
            pytest.fail(f"crawl ended before the kill: {log.read_text(errors='replace')[-2000:]}")
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail("crawl made no progress to kill it at")
        time.sleep(POLL_S)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL


def record_lines(data_dir: Path) -> list[str]:
    """Return the lines of the record files in clean/ (rejects excluded)."""
    lines: list[str] = []
    for path in sorted((data_dir / "clean").rglob("*.jsonl")):
        if "reject" not in path.as_posix():
            lines += path.read_text(encoding="utf-8").splitlines()
    return lines


def every_jsonl_line(data_dir: Path) -> list[dict[str, object]]:
    """Parse every line of every JSONL file in clean/, rejects included."""
    rows = []
    for path in sorted((data_dir / "clean").rglob("*.jsonl")):
        raw = path.read_bytes()
        assert raw == b"" or raw.endswith(b"\n"), f"{path} ends in a partial line"
        rows += [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    return rows


def read_whole_warc(path: Path) -> int:
    """Read every record of a WARC file with warcio; return how many there are."""
    count = 0
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, check_digests=True):
            record.content_stream().read()
            count += 1
    return count


@pytest.mark.usefixtures("prefect_server")
def test_sigkill_mid_run_then_resume(tmp_path: Path) -> None:
    data_dir, log = tmp_path / "data", tmp_path / "crawl.log"
    with serve_portal(PortalServer(articles=ARTICLES, delay_s=ARTICLE_DELAY_S)) as portal:
        config = tmp_path / "sources.toml"
        config.write_text(config_toml(portal), encoding="utf-8")
        # the console script, killed while fetching its first batches
        first = start(cli_command(config, data_dir), log)
        kill_when(first, lambda: portal.article_hits() >= 6, log)
        # the same steps without Prefect, killed once records are being written
        second = start(plain_command(config, data_dir), log)
        kill_when(second, lambda: len(record_lines(data_dir)) >= 4, log)

        # the console script again: it takes the dead runs' lock, mends their files, finishes
        third = start(cli_command(config, data_dir), log)
        assert third.wait(timeout=RUN_TIMEOUT_S) == 0, log.read_text(errors="replace")[-3000:]

        rows = every_jsonl_line(data_dir)
        urls = Counter(str(json.loads(line)["url"]) for line in record_lines(data_dir))
        assert sorted(urls) == sorted(portal.article_urls())
        assert set(urls.values()) == {1}, "an article was written twice"
        assert len(rows) >= ARTICLES
        warcs = sorted((data_dir / "raw").glob("*.warc.gz"))
        assert len(warcs) >= 3  # one per run at least
        assert all(read_whole_warc(path) > 0 for path in warcs)
        assert not list((data_dir / "raw").glob("*.open"))
        state = CrawlState.open(data_dir)
        assert state.counts("demo")["pending"] == 0
        state.close()
