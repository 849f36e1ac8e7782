"""Building the next batch while this one commits (a cluster, the local pool) gives
process()'s outcomes."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from cleaners import __version__
from cleaners.records import (
    Dropped,
    Page,
    Record,
    SiteRules,
    WarcPointer,
    record_id,
    text_sha256,
)
from cleaners.text.repair import matching_key
from flows.counters import Counters
from flows.crawl.buildpool import AheadPool, BuildFn, BuildPool, BuildPoolClosed, build_one
from flows.crawl.process import Processor

BATCH = 3  # pages per batch: templates are learned in the second batch, used from the third
FOOTER = ("版权所有 示例市人民政府网站", "联系电话 0571-12345678")  # on every page: learned


def template_aware_build(page: Page, rules: SiteRules) -> Record | Dropped:
    """Keep the lines that are not the site's template; too little left is a drop."""
    lines = [
        line for line in page.body.decode("utf-8").split("\n")
        if matching_key(line) not in rules.template_lines
    ]  # fmt: skip
    if len(lines) < 2:
        return Dropped("extract", "too_short", page.url, "")
    text = "\n".join(lines)
    return Record(
        id=record_id(page.url), url=page.url, site=page.site, site_name=page.site,
        title="通知", text=text, published_at="2021-03-16T08:00:00+08:00",
        published_precision="minute", published_raw="2021-03-16 08:00", source="示例网",
        authors=(), editor=None, lang="zh", fetched_at=page.fetched_at, encoding="utf-8",
        raw=page.warc, content_sha256=text_sha256(text), duplicate_of=None, pipeline=__version__,
    )  # fmt: skip


def page(n: int) -> Page:
    body = f"第{n}号通知:市交通运输局部署第{n}批道路养护和桥梁安全检查工作。\n" + "\n".join(FOOTER)
    return Page(
        url=f"https://gov.example.cn/notice/{n}.html", site="example", status=200,
        headers=(("Content-Type", "text/plain; charset=utf-8"),), body=body.encode("utf-8"),
        fetched_at="2026-11-20T08:00:00Z",
        warc=WarcPointer("raw/run-00001.warc.gz", 1000 * n, f"<urn:uuid:{n}>"),
    )  # fmt: skip


class BuildsAhead:
    """An in-process pool that builds a batch when it is submitted, as a cluster would."""

    def __init__(self) -> None:
        self.built_again = 0

    def submit(
        self, build: BuildFn, jobs: Sequence[tuple[Page, SiteRules]]
    ) -> Callable[[], list[Page]]:
        built = [build_one(build, p, rules) for p, rules in jobs]
        return lambda: built

    def run(self, build: BuildFn, jobs: Sequence[tuple[Page, SiteRules]]) -> list[Page]:
        self.built_again += len(jobs)
        return [build_one(build, p, rules) for p, rules in jobs]


def outcomes(data_dir: Path) -> list[tuple[str, str]]:
    """Return (url, record text or reject reason) of clean/ and rejects/, sorted."""
    found = []
    for folder, field in (("clean", "text"), ("rejects", "reason")):
        for path in sorted((data_dir / folder).rglob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                found.append((item["url"], item[field]))
    return sorted(found)


def batches_one_after_another(data_dir: Path) -> list[list[Page]]:
    """Process four batches one after the other into data_dir; return the batches."""
    batches = [[page(n) for n in range(i, i + BATCH)] for i in range(0, 4 * BATCH, BATCH)]
    with Processor(data_dir, {}, counters=Counters(), build=template_aware_build) as processor:
        for batch in batches:
            processor.process(batch)
    return batches


def test_building_ahead_gives_the_outcomes_of_one_batch_after_another(tmp_path: Path) -> None:
    batches = batches_one_after_another(tmp_path / "one")
    pool = BuildsAhead()
    with Processor(
        tmp_path / "ahead", {}, counters=Counters(), build=template_aware_build, pool=pool
    ) as processor:
        processor.process_all(batches)
    expected = outcomes(tmp_path / "one")
    assert outcomes(tmp_path / "ahead") == expected
    assert pool.built_again == BATCH  # the batch built before the footer was learned
    assert ("https://gov.example.cn/notice/11.html", "too_short") in expected


def test_the_local_pool_builds_ahead_with_the_outcomes_of_one_batch_after_another(
    tmp_path: Path,
) -> None:
    batches = batches_one_after_another(tmp_path / "one")
    with Processor(
        tmp_path / "ahead", {}, counters=Counters(), build=template_aware_build, workers=2,
        mp_context="fork",
    ) as processor:  # fmt: skip
        assert isinstance(processor._pool, AheadPool)
        processor.process_all(batches)
    assert outcomes(tmp_path / "ahead") == outcomes(tmp_path / "one")


def test_a_batch_waiting_its_turn_ends_closed_when_the_pool_closes() -> None:
    pool = BuildPool(1, timeout_s=600.0, mp_context="fork")
    slow = [(page(n), SiteRules(site="example")) for n in range(BATCH)]
    building = pool.submit(slow_build, slow)
    waiting = pool.submit(slow_build, slow)
    while not any(p.is_alive() for p in (pool._executor._processes or {}).values()):
        time.sleep(0.05)  # the worker is up and holds the first page
    pool.close()
    for built in (building, waiting):
        with pytest.raises((BuildPoolClosed, RuntimeError)):  # RuntimeError: shut down first
            built()


def slow_build(page: Page, rules: SiteRules) -> Record | Dropped:
    """Take long enough that the pool is closed while the first batch builds."""
    time.sleep(600)
    return template_aware_build(page, rules)


COMMIT_WAIT_S = 30.0  # far longer than a commit of one page takes, even on a loaded machine


def waits_for_commit(page: Page, rules: SiteRules) -> Record | Dropped:
    """Build a second-batch page only once the first batch is in the corpus (or give up)."""
    text = page.body.decode("utf-8")
    if text.startswith("WAIT "):
        folder = Path(text.split()[1])
        deadline = time.monotonic() + COMMIT_WAIT_S
        while not any(p.read_text() for p in folder.rglob("*.jsonl")):
            if time.monotonic() > deadline:
                return Dropped("extract", "first_batch_not_committed", page.url, "")
            time.sleep(0.05)
    return template_aware_build(replace(page, body=page.body.split(b"\n", 1)[1]), rules)


def test_a_batch_commits_while_the_next_one_builds(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    first = [replace(page(n), body=b"GO\n" + page(n).body) for n in range(BATCH)]
    second = [
        replace(page(n), body=f"WAIT {clean}\n".encode() + page(n).body)
        for n in range(BATCH, 2 * BATCH)
    ]
    with Processor(
        tmp_path, {}, counters=Counters(), build=waits_for_commit, workers=2, mp_context="fork"
    ) as processor:  # fmt: skip
        processor.process_all([first, second])
    reasons = [json.loads(line)["reason"] for line in outcomes_lines(tmp_path / "rejects")]
    assert "first_batch_not_committed" not in reasons
    assert len(outcomes(tmp_path)) == 2 * BATCH


def outcomes_lines(folder: Path) -> list[str]:
    """Return every line of the JSONL files under a folder."""
    return [line for p in sorted(folder.rglob("*.jsonl")) for line in p.read_text().splitlines()]
