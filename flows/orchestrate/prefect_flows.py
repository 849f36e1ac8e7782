"""The Prefect flows: a thin layer of batch tasks over the plain crawl and rebuild functions.

A task handles a batch (a source's discovery, a few dozen URLs, one WARC file), never
one page, so Prefect's cost per task run stays a small share of the work. Only network
tasks retry. Each run ends with a table artifact of its counts and a markdown artifact of
its rejects by reason. The plain modules are imported inside the flows, so importing this
module stays cheap. The tasks run on threads in this process; the records are built by the
run's pool: local worker processes, or with dask=True a Dask cluster (orchestrate/cluster.py),
which receives only plain, picklable work. Without a Prefect API the CLI runs the same steps
through orchestrate/plain.py instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from flows.counters import Counters
from flows.orchestrate.plain import build_pool, cores, import_file, rebuild_all, url_list
from flows.orchestrate.report import (
    RunFailed,
    RunSummary,
    artifact_rows,
    rejects_markdown,
    summarize,
)

if TYPE_CHECKING:
    import httpx

    from flows.config import Config, Source
    from flows.crawl.loop import Batch, CrawlMode, CrawlRun
    from flows.crawl.process import PagePool

T = TypeVar("T")

IO_RETRIES = 2  # network steps only: a listing or batch fetch that failed as a whole
IO_RETRY_DELAYS_S = [10.0, 60.0]  # give a struggling host time before the next try


def _opaque(value: T) -> T:
    """Hand a value to a task as it is: Prefect neither walks nor hashes it."""
    return cast(T, quote(value))


def finish(command: str, counters: Counters, problems: Sequence[str] = ()) -> RunSummary:
    """Publish a run's counts and rejects as artifacts and log them; return its summary.

    A run with problems (a damaged file, a page whose worker died) raises RunFailed after
    that, so its flow run ends Failed while the command still shows its table.
    """
    key = command.replace("_", "-")
    create_table_artifact(
        table=artifact_rows(counters), key=f"{key}-counts", description=f"Counts of {command}"
    )
    create_markdown_artifact(
        markdown=rejects_markdown(command, counters),
        key=f"{key}-rejects",
        description=f"Rejects of {command} by reason",
    )
    summary = summarize(command, counters, problems=problems)
    logger = get_run_logger()
    logger.info("%s: %s", command, ", ".join(f"{k.strip()} {n}" for k, n in summary.rows))
    for problem in (*summary.warnings, *summary.problems):
        logger.warning("%s", problem)
    if summary.problems:
        raise RunFailed(summary)
    return summary


@task(name="import-warc-file", cache_policy=NO_CACHE)
def import_warc_file(
    path: Path, data_dir: Path, config: Config | None, workers: int, counters: Counters,
    pool: PagePool | None,
) -> str | None:  # fmt: skip
    """Copy one WARC file into raw/ and add its pages; return the damage it ends in, if any."""
    return import_file(path, data_dir, config, workers, counters, pool)


@flow(name="import-warc", validate_parameters=False)
def import_warc_flow(
    files: Sequence[Path],
    data_dir: Path,
    *,
    workers: int | None = None,
    counters: Counters | None = None,
    config: Config | None = None,
    dask: bool = False,
    dask_address: str | None = None,
) -> RunSummary:
    """Add the articles of existing WARC files to the corpus: one task per file."""
    counters = counters or Counters()
    problems = []
    with build_pool(dask, dask_address, workers) as pool:
        for path in files:
            get_run_logger().info("importing %s", path)
            damage = import_warc_file(
                Path(path), data_dir, _opaque(config), cores(workers), _opaque(counters),
                _opaque(pool),
            )  # fmt: skip
            if damage:
                problems.append(damage)
    return finish("import-warc", counters, problems)


@task(name="reclean", cache_policy=NO_CACHE)
def reclean_task(
    data_dir: Path, config: Config | None, workers: int, counters: Counters,
    pool: PagePool | None,
) -> str | None:  # fmt: skip
    """Rebuild clean/ from raw/; return the damage a raw file ends in, if any."""
    return rebuild_all(data_dir, config, workers, counters, pool)


@flow(name="reclean", validate_parameters=False)
def reclean_flow(
    data_dir: Path,
    *,
    config: Config | None = None,
    workers: int | None = None,
    counters: Counters | None = None,
    dask: bool = False,
    dask_address: str | None = None,
) -> RunSummary:
    """Rebuild clean/ from raw/ with no network, swapping the new corpus in when whole."""
    counters = counters or Counters()
    with build_pool(dask, dask_address, workers) as pool:
        damage = reclean_task(
            data_dir, _opaque(config), cores(workers), _opaque(counters), _opaque(pool)
        )
    return finish("reclean", counters, [damage] if damage else [])


@task(name="import-text", cache_policy=NO_CACHE)
def import_text_task(
    paths: Sequence[Path], data_dir: Path, config: Config | None, counters: Counters
) -> None:
    """Store text dumps in raw/ and clean them into the corpus."""
    from flows.crawl.rebuild import import_text

    import_text(paths, data_dir, config, counters=counters)


@flow(name="import-text", validate_parameters=False)
def import_text_flow(
    paths: Sequence[Path],
    data_dir: Path,
    *,
    config: Config | None = None,
    counters: Counters | None = None,
) -> RunSummary:
    """Clean already-extracted text dumps (files, folders, JSONL) into the corpus."""
    counters = counters or Counters()
    import_text_task(_opaque(list(paths)), data_dir, _opaque(config), _opaque(counters))
    return finish("import-text", counters)


@task(
    name="discover",
    retries=IO_RETRIES,
    retry_delay_seconds=IO_RETRY_DELAYS_S,
    cache_policy=NO_CACHE,
)
async def discover_task(run: CrawlRun, source: Source, mode: CrawlMode) -> list[str]:
    """Walk one source's listings (or take its URL list); return the article URLs to fetch."""
    from flows.crawl.loop import discover_source

    if mode.urls:
        run.counters.add("discovered", run.state.mark_discovered(mode.urls, source.key))
        return run.state.pending_articles(source.key, revalidate=run.revalidate)
    return await discover_source(run, source, pages=mode.pages, since=mode.since, until=mode.until)


@task(
    name="fetch-batch",
    retries=IO_RETRIES,
    retry_delay_seconds=IO_RETRY_DELAYS_S,
    cache_policy=NO_CACHE,
)
async def fetch_task(run: CrawlRun, source: Source, urls: Sequence[str]) -> Batch:
    """Fetch a batch of article URLs into raw/ and state; return its pages and drops."""
    from flows.crawl.loop import fetch_batch

    return await fetch_batch(run, source, urls)


@task(name="process-batch", cache_policy=NO_CACHE)
def crawl_process_task(run: CrawlRun, batch: Batch) -> int:
    """Extract, clean, dedup and write a fetched batch, then mark its URLs done."""
    from flows.crawl.loop import commit_batch

    return commit_batch(run, batch)


def _submit_processing(run: CrawlRun, batch: Batch) -> asyncio.Future[int]:
    """Queue a batch for its turn, then commit it as a task (built by the run's pool)."""

    async def job() -> int:
        work = crawl_process_task.submit(_opaque(run), _opaque(batch))
        return await asyncio.to_thread(work.result)

    return asyncio.ensure_future(run.lane.run(batch.ticket, job))


async def _crawl_source(run: CrawlRun, source: Source, mode: CrawlMode, batch_size: int) -> None:
    """Discover a source, then fetch batches while the previous batch is being processed."""
    pending = await discover_task(_opaque(run), _opaque(source), _opaque(mode))
    get_run_logger().info("%s: %d articles to fetch", source.key, len(pending))
    processing: asyncio.Future[int] | None = None
    for start in range(0, len(pending), batch_size):
        batch = await fetch_task(_opaque(run), _opaque(source), pending[start : start + batch_size])
        queued = _submit_processing(run, batch)  # every batch takes its turn, even an empty one
        if processing is not None:
            await processing
        processing = queued
    if processing is not None:
        await processing


async def _crawl(
    config: Config, data_dir: Path, sites: Sequence[str], mode: CrawlMode, counters: Counters,
    workers: int | None, transport: httpx.AsyncBaseTransport | None, batch_size: int,
    pool: PagePool | None = None,
) -> None:  # fmt: skip
    """Run the crawl steps of every chosen source at once inside one event loop."""
    from flows.crawl.loop import CrawlRun, at_once

    local = 1 if pool is not None else cores(workers)  # on Dask, the cluster builds the records
    async with CrawlRun.open(
        config, data_dir, counters=counters, workers=local,
        revalidate=mode.revalidate, transport=transport, pool=pool,
    ) as run:  # fmt: skip
        plan = _plan(config, sites, mode, counters)
        await at_once([partial(_crawl_source, run, s, m, batch_size) for s, m in plan])


def _plan(
    config: Config, sites: Sequence[str], mode: CrawlMode, counters: Counters
) -> list[tuple[Source, CrawlMode]]:
    """Return the sources to run, each with its own share of a backfill URL list."""
    from flows.crawl.loop import assign_urls

    if not mode.urls:
        return [(s, mode) for s in config.source if not sites or s.key in sites]
    shares = assign_urls(config, mode.urls, sites)
    if shares.get(""):
        counters.drop("discover", "no_source", len(shares[""]))
    return [(config.get(k), replace(mode, urls=tuple(u))) for k, u in shares.items() if k]


@flow(name="crawl", validate_parameters=False)
def crawl_flow(
    config: Config,
    data_dir: Path,
    *,
    sites: Sequence[str] = (),
    revalidate: bool = False,
    workers: int | None = None,
    counters: Counters | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    batch_size: int | None = None,
    dask: bool = False,
    dask_address: str | None = None,
) -> RunSummary:
    """Fetch the new (and with revalidate, changed) articles of each chosen source."""
    from flows.crawl.loop import BATCH_SIZE, CrawlMode

    counters = counters or Counters()
    mode = CrawlMode(revalidate=revalidate)
    with build_pool(dask, dask_address, workers) as pool:
        asyncio.run(
            _crawl(config, data_dir, sites, mode, counters, workers, transport,
                   batch_size or BATCH_SIZE, pool)
        )  # fmt: skip
    return finish("crawl", counters)


@flow(name="backfill", validate_parameters=False)
def backfill_flow(
    config: Config,
    data_dir: Path,
    *,
    site: str | None = None,
    pages: tuple[int, int] | None = None,
    dates: tuple[date, date] | None = None,
    urls: Path | Sequence[str] | None = None,
    workers: int | None = None,
    counters: Counters | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> RunSummary:
    """Fetch a source's older articles: listing pages A-B, a span of days, or a list of URLs."""
    from flows.crawl.loop import BATCH_SIZE, CrawlMode

    counters = counters or Counters()
    since, until = dates or (None, None)
    mode = CrawlMode(pages=pages, since=since, until=until, urls=url_list(urls))
    sites = (site,) if site else ()
    asyncio.run(_crawl(config, data_dir, sites, mode, counters, workers, transport, BATCH_SIZE))
    return finish("backfill", counters)


@flow(name="scheduled-crawl")
def scheduled_crawl(config_path: str, data_dir: str, sites: list[str]) -> None:
    """Load the sources file and crawl the given sources: what a deployment runs on schedule."""
    from flows.config import load_config

    crawl_flow(load_config(Path(config_path)), Path(data_dir), sites=tuple(sites))
