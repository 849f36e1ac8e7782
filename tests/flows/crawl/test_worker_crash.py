"""A page whose extraction worker dies is never done: rejected, back to pending, the run fails."""

from __future__ import annotations

import asyncio
import json
import os
import tomllib
from collections.abc import Sequence
from pathlib import Path

from crawlportal import PortalServer, config_toml, serve_portal

from cleaners.assemble.from_html import build_record
from cleaners.records import Dropped, Page, Record, SiteRules
from flows.config import parse_config
from flows.counters import Counters
from flows.crawl.buildpool import BuildFn, BuildPool
from flows.orchestrate.crawldriver import run_crawl
from flows.orchestrate.report import summarize
from flows.store.crawlstate import CrawlState

ARTICLES = 4
DOOMED = 1  # the article whose worker dies
POOL_TIMEOUT_S = 60.0  # no page here hangs; the deadline only has to be generous


class CrashingPool:
    """Real worker processes whose build kills its worker on one URL."""

    def __init__(self, doomed: str) -> None:
        os.environ["DOOMED_URL"] = doomed  # read by the forked workers
        self.pool = BuildPool(2, timeout_s=POOL_TIMEOUT_S, mp_context="fork")

    def run(self, build: BuildFn, jobs: Sequence[tuple[Page, SiteRules]]) -> list[Page]:
        return self.pool.run(die_on_doomed, jobs)

    def close(self) -> None:
        self.pool.close()
        os.environ.pop("DOOMED_URL", None)


def die_on_doomed(page: Page, rules: SiteRules) -> Record | Dropped:
    """Build a page's record, or kill the worker on the doomed URL."""
    if page.url == os.environ.get("DOOMED_URL"):
        os._exit(3)
    return build_record(page, rules)


def rejects(data_dir: Path) -> list[dict[str, object]]:
    return [
        json.loads(line)
        for path in sorted((data_dir / "rejects").rglob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def record_urls(data_dir: Path) -> set[str]:
    return {
        json.loads(line)["url"]
        for path in sorted((data_dir / "clean").rglob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    }


def test_a_crashed_page_is_rejected_kept_pending_and_fetched_again(tmp_path: Path) -> None:
    with serve_portal(PortalServer(articles=ARTICLES)) as portal:
        config = parse_config(tomllib.loads(config_toml(portal)))
        doomed = portal.article_urls()[DOOMED]
        pool = CrashingPool(doomed)
        try:
            first = asyncio.run(run_crawl(config, tmp_path, counters=Counters(), pool=pool))
        finally:
            pool.close()
        after_crash = record_urls(tmp_path)
        state = CrawlState.open(tmp_path)
        try:
            row = state.row(doomed)
        finally:
            state.close()
        second = asyncio.run(run_crawl(config, tmp_path, counters=Counters()))
    assert first.drops() == {("extract", "worker_crashed"): 1}
    assert after_crash == set(portal.article_urls()) - {doomed}
    assert [(r["url"], r["reason"]) for r in rejects(tmp_path)] == [(doomed, "worker_crashed")]
    assert row is not None and not row.done
    assert row is not None and row.last_error and "died" in row.last_error
    summary = summarize("crawl", first)
    assert summary.exit_code == 1
    assert "worker_crashed" in summary.problems[0]
    assert second.get("fetched") == 1 and second.get("written") == 1
    assert record_urls(tmp_path) == set(portal.article_urls())
