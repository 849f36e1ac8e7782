"""The crawl driver: every chosen source at once, each discovered, then fetched and committed
batch after batch, its steps run by the executor it is given (plain calls or Prefect tasks).

Sources run at once on one event loop (politeness is per host); a source fetches one batch
ahead of the batch being committed, never more, and batches commit one at a time through the
run's CommitLane in raw/ order (see flows/crawl/steps.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

import httpx

from flows.config import Config, Source
from flows.counters import Counters
from flows.crawl.buildpool import PagePool
from flows.crawl.crawlrun import CrawlMode, CrawlRun
from flows.crawl.process import IN_PROCESS
from flows.crawl.steps import BATCH_SIZE, assign_urls, commit_batch, discover, fetch_batch
from flows.orchestrate.executor import PLAIN, Executor

SOURCES_AT_ONCE = 8  # each running source holds up to two batches of pages in memory


async def run_crawl(
    config: Config,
    data_dir: Path,
    *,
    sites: Sequence[str] | None = None,
    mode: CrawlMode | None = None,
    counters: Counters | None = None,
    workers: int = IN_PROCESS,
    transport: httpx.AsyncBaseTransport | None = None,
    batch_size: int = BATCH_SIZE,
    pool: PagePool | None = None,
    executor: Executor = PLAIN,
) -> Counters:
    """Crawl (or backfill) the chosen sources at once; return the counters."""
    counters, mode = counters or Counters(), mode or CrawlMode()
    async with CrawlRun.open(
        config, data_dir, counters=counters, workers=workers,
        revalidate=mode.revalidate, transport=transport, pool=pool,
    ) as run:  # fmt: skip
        plan = plan_sources(config, sites, mode, counters)
        await at_once([partial(crawl_source, run, s, m, batch_size, executor) for s, m in plan])
    return counters


async def crawl_source(
    run: CrawlRun, source: Source, mode: CrawlMode, batch_size: int, executor: Executor
) -> None:
    """Discover one source, then fetch batches while the previous batch is being committed."""
    pending = await executor.run_io(discover, run, source, mode)
    executor.note(f"{source.key}: {len(pending)} articles to fetch")
    in_flight: list[asyncio.Future[int]] = []  # the commit queued last, and the one before it
    try:
        for start in range(0, len(pending), batch_size):
            urls = pending[start : start + batch_size]
            batch = await executor.run_io(fetch_batch, run, source, urls)
            commit = partial(executor.run_in_thread, commit_batch, run, batch)
            in_flight.append(asyncio.ensure_future(run.lane.run(batch.ticket, commit)))
            if len(in_flight) > 1:  # fetch one batch ahead of committing, never more
                await in_flight.pop(0)
        if in_flight:
            await in_flight.pop()
    except BaseException:
        await _abandon(in_flight)
        raise


async def _abandon(commits: Sequence[asyncio.Future[int]]) -> None:
    """Cancel a failing source's queued commits and wait until they are gone: none outlives it."""
    for commit in commits:
        commit.cancel()
    await asyncio.gather(*commits, return_exceptions=True)


async def at_once(jobs: Sequence[Callable[[], Awaitable[None]]]) -> None:
    """Run jobs concurrently, at most SOURCES_AT_ONCE at a time; the first failure stops all."""
    slots = asyncio.Semaphore(SOURCES_AT_ONCE)

    async def bounded(job: Callable[[], Awaitable[None]]) -> None:
        async with slots:
            await job()

    async with asyncio.TaskGroup() as group:
        for job in jobs:
            group.create_task(bounded(job))


def plan_sources(
    config: Config, sites: Sequence[str] | None, mode: CrawlMode, counters: Counters
) -> list[tuple[Source, CrawlMode]]:
    """Return the sources to run, each with its own share of a backfill URL list."""
    if not mode.urls:
        return [(s, mode) for s in config.source if not sites or s.key in sites]
    shares = assign_urls(config, mode.urls, sites)
    if shares.get(""):
        counters.drop("discover", "no_source", len(shares[""]))
    return [(config.get(k), replace(mode, urls=tuple(u))) for k, u in shares.items() if k]
