"""The commands, each written once: a driver over plain steps, run by the executor it is given.

Without a Prefect API the CLI calls a command as it is: the plain executor calls each step,
and Prefect is never imported, so a command starts its first page within a second or two
(booting Prefect's embedded server took about ten). With one, prefect_flows.as_flow makes the
same command a flow whose steps are task runs and whose counts become artifacts. Either way
the corpus and the run table are the same. Records are built by the run's pool: local worker
processes, or with dask=True a Dask cluster (cluster.py), the only place Dask enters.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from flows.counters import WARC_BYTES, Counters
from flows.errors import WarcDamaged
from flows.orchestrate.executor import PLAIN, Executor
from flows.orchestrate.report import RunSummary

if TYPE_CHECKING:
    import httpx

    from flows.config import Config
    from flows.crawl.buildpool import PagePool
    from flows.crawl.crawlrun import CrawlMode
    from flows.orchestrate.cluster import DaskPool


def cores(workers: int | None) -> int:
    """Return the number of extraction processes: as asked, else every core."""
    return workers or os.cpu_count() or 1


@contextmanager
def build_pool(dask: bool, address: str | None, workers: int | None) -> Iterator[DaskPool | None]:
    """Yield the Dask pool the run builds on, or None for the local worker processes."""
    if not dask:
        yield None
        return
    from flows.orchestrate.cluster import DaskPool

    with DaskPool(address, workers=workers) as pool:
        yield pool


def url_list(urls: Path | Sequence[str] | None) -> tuple[str, ...]:
    """Read a URL file (one per line, # comments) or take a list as it is."""
    if urls is None:
        return ()
    if isinstance(urls, Path):
        lines = urls.read_text(encoding="utf-8").splitlines()
        return tuple(u.strip() for u in lines if u.strip() and not u.lstrip().startswith("#"))
    return tuple(urls)


def crawl(
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
    executor: Executor = PLAIN,
) -> RunSummary:
    """Fetch the new (and with revalidate, changed) articles of each chosen source."""
    from flows.crawl.crawlrun import CrawlMode

    counters = counters or Counters()
    with build_pool(dask, dask_address, workers) as pool:
        _crawl(config, data_dir, sites, CrawlMode(revalidate=revalidate), counters,
               cores(workers), transport, batch_size, pool, executor)  # fmt: skip
    return executor.finish("crawl", counters)


def backfill(
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
    executor: Executor = PLAIN,
) -> RunSummary:
    """Fetch a source's older articles: listing pages A-B, a span of days, or a list of URLs."""
    from flows.crawl.crawlrun import CrawlMode

    counters = counters or Counters()
    since, until = dates or (None, None)
    mode = CrawlMode(pages=pages, since=since, until=until, urls=url_list(urls))
    sites = (site,) if site else ()
    _crawl(config, data_dir, sites, mode, counters, cores(workers), transport, None, None, executor)
    return executor.finish("backfill", counters)


def _crawl(
    config: Config, data_dir: Path, sites: Sequence[str], mode: CrawlMode, counters: Counters,
    local: int, transport: httpx.AsyncBaseTransport | None, batch_size: int | None,
    pool: PagePool | None, executor: Executor,
) -> None:  # fmt: skip
    """Run the crawl driver on the local pool, or on a Dask pool that builds every record."""
    from flows.crawl.steps import BATCH_SIZE
    from flows.orchestrate.crawldriver import run_crawl

    asyncio.run(
        run_crawl(config, data_dir, sites=sites, mode=mode, counters=counters,
                  workers=1 if pool is not None else local, transport=transport,
                  batch_size=batch_size or BATCH_SIZE, pool=pool, executor=executor)
    )  # fmt: skip


def import_warc(
    files: Sequence[Path],
    data_dir: Path,
    *,
    workers: int | None = None,
    counters: Counters | None = None,
    config: Config | None = None,
    dask: bool = False,
    dask_address: str | None = None,
    executor: Executor = PLAIN,
) -> RunSummary:
    """Add the articles of existing WARC files to the corpus, file after file."""
    counters = counters or Counters()
    problems = []
    counters.expect(WARC_BYTES, sum(Path(p).stat().st_size for p in files if Path(p).is_file()))
    with build_pool(dask, dask_address, workers) as pool:
        for path in files:
            executor.note(f"importing {path}")
            damage = executor.run(
                import_file, Path(path), data_dir, config, cores(workers), counters, pool
            )
            if damage:
                problems.append(damage)
    return executor.finish("import-warc", counters, problems)


def import_file(
    path: Path, data_dir: Path, config: Config | None, workers: int, counters: Counters,
    pool: PagePool | None,
) -> str | None:  # fmt: skip
    """Copy one WARC file into raw/ and add its pages; return the damage it ends in, if any."""
    from flows.crawl.imports import import_warc as import_files

    try:
        import_files([path], data_dir, config, workers=workers, counters=counters, pool=pool)
    except WarcDamaged as exc:  # every good record before the damage is kept
        return str(exc)
    return None


def reclean(
    data_dir: Path,
    *,
    config: Config | None = None,
    workers: int | None = None,
    counters: Counters | None = None,
    dask: bool = False,
    dask_address: str | None = None,
    executor: Executor = PLAIN,
) -> RunSummary:
    """Rebuild clean/ from raw/ with no network, swapping the new corpus in when whole."""
    counters = counters or Counters()
    with build_pool(dask, dask_address, workers) as pool:
        damage = executor.run(rebuild_all, data_dir, config, cores(workers), counters, pool)
    return executor.finish("reclean", counters, [damage] if damage else [])


def rebuild_all(
    data_dir: Path, config: Config | None, workers: int, counters: Counters,
    pool: PagePool | None,
) -> str | None:  # fmt: skip
    """Rebuild clean/ from raw/; return the damage a raw file ends in, if any."""
    from flows.crawl.rebuild import reclean as rebuild

    try:
        rebuild(data_dir, config, workers=workers, counters=counters, pool=pool)
    except WarcDamaged as exc:
        return str(exc)
    return None


def import_text(
    paths: Sequence[Path],
    data_dir: Path,
    *,
    config: Config | None = None,
    counters: Counters | None = None,
    executor: Executor = PLAIN,
) -> RunSummary:
    """Clean already-extracted text dumps (files, folders, JSONL) into the corpus."""
    from flows.crawl.imports import import_text as import_texts

    counters = counters or Counters()
    executor.run(import_texts, list(paths), data_dir, config, counters=counters)
    return executor.finish("import-text", counters)
