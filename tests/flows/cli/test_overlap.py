"""Two `portal-corpus crawl`s on one data dir: the second says who writes and exits 75, or waits.

Both are the installed console script against a slow portal on 127.0.0.1; the first run's
WARC files stay whole and the corpus holds every article once, whatever the second one did.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from consolescript import records, run, start, warc_records
from crawlportal import PortalServer, config_toml, serve_portal

from flows.store.datalock import read_holder

pytestmark = pytest.mark.slow

ARTICLES = 12
ARTICLE_DELAY_S = 0.5  # slow answers keep the first crawl writing while the second starts
HOST_GAP = "delay_s = 1.0"  # one request a second: the first crawl holds the dir for 15 s or more
HOLD_TIMEOUT_S = 60.0
POLL_S = 0.05
BUSY_EXIT = 75


def crawl_args(config: Path, data_dir: Path, *extra: str) -> list[str]:
    return ["crawl", "--config", str(config), "--data-dir", str(data_dir), "--workers", "1", *extra]


def wait_for_holder(data_dir: Path, pid: int) -> None:
    """Block until the process `pid` holds the data dir."""
    deadline = time.monotonic() + HOLD_TIMEOUT_S
    while (holder := read_holder(data_dir)) is None or holder.pid != pid:
        assert time.monotonic() < deadline, "the first crawl never took the data dir"
        time.sleep(POLL_S)


def check_one_clean_corpus(data_dir: Path, portal: PortalServer) -> None:
    """Every article once in clean/, every WARC whole, nothing left open."""
    urls = Counter(str(row["url"]) for row in records(data_dir))
    assert sorted(urls) == sorted(portal.article_urls())
    assert set(urls.values()) == {1}
    assert not list((data_dir / "raw").glob("*.open"))
    for path in (data_dir / "raw").glob("*.warc.gz"):
        assert warc_records(path) > 0


@pytest.fixture
def slow_portal() -> PortalServer:
    return PortalServer(articles=ARTICLES, delay_s=ARTICLE_DELAY_S)


def test_a_second_crawl_exits_75_and_a_third_waits(
    tmp_path: Path, slow_portal: PortalServer
) -> None:
    data_dir = tmp_path / "data"
    with serve_portal(slow_portal) as portal:
        config = tmp_path / "sources.toml"
        config.write_text(config_toml(portal).replace("delay_s = 0.0", HOST_GAP), encoding="utf-8")
        first = start(crawl_args(config, data_dir), tmp_path / "home1", tmp_path / "first.log")
        wait_for_holder(data_dir, first.pid)
        refused = run(crawl_args(config, data_dir), tmp_path / "home2")
        raw_after_refusal = sorted(p.name for p in (data_dir / "raw").glob("*"))
        queued = start(
            crawl_args(config, data_dir, "--wait"), tmp_path / "home3", tmp_path / "third.log"
        )
        _, first_err = first.communicate(timeout=300)
        _, queued_err = queued.communicate(timeout=300)
        article_hits = portal.article_hits()

    assert refused.returncode == BUSY_EXIT, refused.stderr
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1, refused.stderr
    assert f"pid {first.pid}" in lines[0]
    assert "crawl" in lines[0] and "--wait" in lines[0]
    assert first.returncode == 0, first_err
    assert queued.returncode == 0, queued_err
    assert f"waiting for pid {first.pid}" in queued_err
    assert "Traceback" not in first_err + refused.stderr + queued_err
    assert article_hits == ARTICLES, "the queued crawl fetched articles the first had done"
    check_one_clean_corpus(data_dir, portal)
    warcs = sorted((data_dir / "raw").glob("*.warc.gz"))
    assert len(warcs) == 2  # the first run's and the queued run's, both sealed
    assert len(raw_after_refusal) <= 1, "the refused crawl wrote or renamed something in raw/"
