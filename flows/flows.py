"""The Prefect flows: a thin layer of batch tasks over the plain crawl and rebuild functions.

A task handles a batch (a source's discovery, a few dozen URLs, a run of WARC pages), never
one page, so Prefect's cost per task run stays a small share of the work. Only network
tasks retry. Each run ends with a table artifact of its counts and a markdown artifact of
its rejects by reason. The plain modules are imported inside the flows, so importing this
module (to start the Prefect server early) stays cheap.
"""

from __future__ import annotations

import asyncio
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.utilities.annotations import quote

from flows.counters import Counters
from flows.report import RunSummary, artifact_rows, rejects_markdown, summarize

if TYPE_CHECKING:
    import httpx

    from cleaners.records import Dropped, FetchedPage, Record, SiteRules
    from flows.config import Config, Source
    from flows.crawl import CrawlMode, CrawlRun
    from flows.process import Processor

T = TypeVar("T")

BATCH_PAGES = 64  # pages per extraction task: ~1.5 s of work against ~25 ms of Prefect per task
IN_FLIGHT_PER_WORKER = 2  # distributed batches queued per Dask worker: keeps memory flat
IO_RETRIES = 2  # network steps only: a listing or batch fetch that failed as a whole
IO_RETRY_DELAYS_S = [10, 60]  # give a struggling host time before the next try


def batches(items: Iterable[T], size: int = BATCH_PAGES) -> Iterator[list[T]]:
    """Yield lists of up to `size` items, in order."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _cores(workers: int | None) -> int:
    """Return the number of extraction processes: as asked, else every core."""
    return workers or os.cpu_count() or 1


def _distributed() -> bool:
    """Tell whether this flow run's tasks go to a Dask cluster."""
    ctx = FlowRunContext.get()
    return ctx is not None and type(ctx.task_runner).__name__ == "DaskTaskRunner"


@task(name="process-batch", cache_policy=NO_CACHE)
def process_batch(processor: Processor, pages: Sequence[FetchedPage]) -> int:
    """Extract, clean, dedup and write one batch of pages; return how many were handled."""
    return len(processor.process(pages))


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(
    pages: Sequence[FetchedPage], rules: Mapping[str, SiteRules]
) -> list[Record | Dropped]:
    """Build the records of one batch of pages where the task runs (a Dask worker)."""
    from cleaners.article import build_record
    from cleaners.records import SiteRules
    from flows.process import build_one

    return [
        build_one(build_record, page, rules.get(page.site) or SiteRules(site=page.site)).result
        for page in pages
    ]


def distributed_build(
    batches_of_pages: Iterable[Sequence[FetchedPage]], rules: Mapping[str, SiteRules]
) -> Iterator[tuple[Sequence[FetchedPage], list[Record | Dropped]]]:
    """Build batches on the Dask workers, a bounded window ahead; yield them in order."""
    window = IN_FLIGHT_PER_WORKER * _dask_workers(FlowRunContext.get())
    pending: deque[tuple[Sequence[FetchedPage], Any]] = deque()
    for batch in batches_of_pages:
        pending.append((batch, extract_batch.submit(quote(batch), quote(rules))))
        if len(pending) >= window:
            batch_done, future = pending.popleft()
            yield batch_done, future.result()
    while pending:
        batch_done, future = pending.popleft()
        yield batch_done, future.result()


def feed(
    processor: Processor, pages: Iterable[FetchedPage], rules: Mapping[str, SiteRules]
) -> None:
    """Send pages through the processing stage in batch tasks, on Dask workers when configured."""
    if not _distributed():
        for batch in batches(pages):
            process_batch(quote(processor), quote(batch))
        return
    for _, results in distributed_build(batches(pages), rules):
        processor.commit(results)


def _dask_workers(ctx: FlowRunContext | None) -> int:
    """Return how many workers the Dask cluster of this run has."""
    client = getattr(getattr(ctx, "task_runner", None), "_client", None)
    if client is None:
        return 1
    return len(client.scheduler_info().get("workers", {})) or 1


def finish(command: str, counters: Counters) -> RunSummary:
    """Publish a run's counts and rejects as artifacts and log them; return its summary."""
    key = command.replace("_", "-")
    create_table_artifact(
        table=artifact_rows(counters), key=f"{key}-counts", description=f"Counts of {command}"
    )
    create_markdown_artifact(
        markdown=rejects_markdown(command, counters),
        key=f"{key}-rejects",
        description=f"Rejects of {command} by reason",
    )
    summary = summarize(command, counters)
    get_run_logger().info(
        "%s: %s", command, ", ".join(f"{label.strip()} {n}" for label, n in summary.rows)
    )
    return summary


def _rules(config: Config | None) -> dict[str, SiteRules]:
    """Return each configured source's cleaning rules."""
    if config is None:
        return {}
    return {s.key: s.rules(config.defaults) for s in config.source}


@flow(name="import-warc", validate_parameters=False)
def import_warc_flow(
    files: Sequence[Path],
    data_dir: Path,
    *,
    workers: int | None = None,
    counters: Counters | None = None,
    config: Config | None = None,
) -> RunSummary:
    """Add the articles of existing WARC files to the corpus, one file after another."""
    from flows.process import Processor
    from flows.warcread import iter_warc

    counters = counters or Counters()
    rules = _rules(config)
    local = 1 if _distributed() else _cores(workers)  # on Dask, the cluster builds the records
    processor = Processor(data_dir, rules, counters=counters, workers=local)
    try:
        for path in files:
            get_run_logger().info("importing %s", path)
            feed(processor, iter_warc(Path(path), data_dir=data_dir, counters=counters), rules)
    finally:
        processor.close()
    return finish("import-warc", counters)


@task(
    name="discover",
    retries=IO_RETRIES,
    retry_delay_seconds=IO_RETRY_DELAYS_S,
    cache_policy=NO_CACHE,
)
async def discover_task(run: CrawlRun, source: Source, mode: CrawlMode) -> list[str]:
    """Walk one source's listings (or take its URL list); return the article URLs to fetch."""
    from flows.crawl import discover_source

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
async def fetch_task(run: CrawlRun, source: Source, urls: Sequence[str]) -> list[FetchedPage]:
    """Fetch a batch of article URLs into raw/ and state; return the HTML pages."""
    from flows.crawl import fetch_batch

    return await fetch_batch(run, source, urls)


@task(name="process-batch", cache_policy=NO_CACHE)
def crawl_process_task(run: CrawlRun, pages: Sequence[FetchedPage]) -> int:
    """Extract, clean, dedup and write fetched pages, then mark their URLs done."""
    from flows.crawl import process_batch as process_fetched

    return len(process_fetched(run, pages))


async def _crawl_source(run: CrawlRun, source: Source, mode: CrawlMode, batch_size: int) -> None:
    """Discover a source, then fetch batches while the previous batch is being processed."""
    pending = await discover_task(quote(run), quote(source), quote(mode))
    get_run_logger().info("%s: %d articles to fetch", source.key, len(pending))
    processing: Any = None
    for start in range(0, len(pending), batch_size):
        pages = await fetch_task(quote(run), quote(source), pending[start : start + batch_size])
        if processing is not None:
            await asyncio.to_thread(processing.result)
        processing = crawl_process_task.submit(quote(run), quote(pages)) if pages else None
    if processing is not None:
        await asyncio.to_thread(processing.result)


async def _crawl(
    config: Config, data_dir: Path, sites: Sequence[str], mode: CrawlMode, counters: Counters,
    workers: int | None, transport: httpx.AsyncBaseTransport | None, batch_size: int,
) -> None:  # fmt: skip
    """Run the crawl steps of every chosen source inside one event loop."""
    from flows.crawl import CrawlRun

    async with CrawlRun.open(
        config, data_dir, counters=counters, workers=_cores(workers),
        revalidate=mode.revalidate, transport=transport,
    ) as run:  # fmt: skip
        for source, mode_for_source in _plan(config, sites, mode, counters):
            await _crawl_source(run, source, mode_for_source, batch_size)


def _plan(
    config: Config, sites: Sequence[str], mode: CrawlMode, counters: Counters
) -> list[tuple[Source, CrawlMode]]:
    """Return the sources to run, each with its own share of a backfill URL list."""
    from flows.crawl import assign_urls

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
) -> RunSummary:
    """Fetch the new (and with revalidate, changed) articles of each chosen source."""
    from flows.crawl import BATCH_SIZE, CrawlMode

    counters = counters or Counters()
    mode = CrawlMode(revalidate=revalidate)
    asyncio.run(
        _crawl(
            config, data_dir, sites, mode, counters, workers, transport, batch_size or BATCH_SIZE
        )
    )
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
    from flows.crawl import BATCH_SIZE, CrawlMode

    counters = counters or Counters()
    since, until = dates or (None, None)
    mode = CrawlMode(pages=pages, since=since, until=until, urls=_url_list(urls))
    sites = (site,) if site else ()
    asyncio.run(_crawl(config, data_dir, sites, mode, counters, workers, transport, BATCH_SIZE))
    return finish("backfill", counters)


def _url_list(urls: Path | Sequence[str] | None) -> tuple[str, ...]:
    """Read a URL file (one per line, # comments) or take a list as it is."""
    if urls is None:
        return ()
    if isinstance(urls, Path):
        lines = urls.read_text(encoding="utf-8").splitlines()
        return tuple(u.strip() for u in lines if u.strip() and not u.lstrip().startswith("#"))
    return tuple(urls)


@flow(name="scheduled-crawl")
def scheduled_crawl(config_path: str, data_dir: str, sites: list[str]) -> None:
    """Load the sources file and crawl the given sources: what a deployment runs on schedule."""
    from flows.config import load_config

    crawl_flow(load_config(Path(config_path)), Path(data_dir), sites=tuple(sites))
