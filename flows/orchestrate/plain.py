"""The commands as plain function calls: what runs when no Prefect API is configured.

No Prefect is imported on this path, so a command starts its first page within a second or two
(booting Prefect's embedded server took about ten). Each function does what its flow in
prefect_flows does, with the same plain steps and the same summary, so the corpus and the run
table are the same with and without a server; only the flow run, its task runs and artifacts
are missing.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from flows.counters import Counters
from flows.errors import WarcDamaged
from flows.orchestrate.report import RunSummary, summarize

if TYPE_CHECKING:
    from flows.config import Config
    from flows.crawl.loop import CrawlMode
    from flows.crawl.process import PagePool
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
    dask: bool = False,
    dask_address: str | None = None,
) -> RunSummary:
    """Fetch the new (and with revalidate, changed) articles of each chosen source."""
    from flows.crawl.loop import CrawlMode

    return _crawl("crawl", config, data_dir, sites, CrawlMode(revalidate=revalidate),
                  workers, counters, dask, dask_address)  # fmt: skip


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
) -> RunSummary:
    """Fetch a source's older articles: listing pages A-B, a span of days, or a list of URLs."""
    from flows.crawl.loop import CrawlMode

    since, until = dates or (None, None)
    mode = CrawlMode(pages=pages, since=since, until=until, urls=url_list(urls))
    sites = (site,) if site else ()
    return _crawl("backfill", config, data_dir, sites, mode, workers, counters, False, None)


def _crawl(
    command: str, config: Config, data_dir: Path, sites: Sequence[str], mode: CrawlMode,
    workers: int | None, counters: Counters | None, dask: bool, address: str | None,
) -> RunSummary:  # fmt: skip
    """Run the crawl loop on the local pool or a Dask pool; return its summary."""
    from flows.crawl.loop import run_crawl

    counters = counters or Counters()
    with build_pool(dask, address, workers) as pool:
        local = 1 if pool is not None else cores(workers)  # on Dask the cluster builds
        asyncio.run(
            run_crawl(config, data_dir, sites=sites, mode=mode, counters=counters,
                      workers=local, pool=pool)
        )  # fmt: skip
    return summarize(command, counters)


def import_warc(
    files: Sequence[Path],
    data_dir: Path,
    *,
    workers: int | None = None,
    counters: Counters | None = None,
    config: Config | None = None,
    dask: bool = False,
    dask_address: str | None = None,
) -> RunSummary:
    """Add the articles of existing WARC files to the corpus, file after file."""
    counters = counters or Counters()
    problems = []
    with build_pool(dask, dask_address, workers) as pool:
        for path in files:
            damage = import_file(Path(path), data_dir, config, cores(workers), counters, pool)
            if damage:
                problems.append(damage)
    return summarize("import-warc", counters, problems=problems)


def import_file(
    path: Path, data_dir: Path, config: Config | None, workers: int, counters: Counters,
    pool: PagePool | None,
) -> str | None:  # fmt: skip
    """Copy one WARC file into raw/ and add its pages; return the damage it ends in, if any."""
    from flows.crawl.rebuild import import_warc as import_files

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
) -> RunSummary:
    """Rebuild clean/ from raw/ with no network, swapping the new corpus in when whole."""
    counters = counters or Counters()
    with build_pool(dask, dask_address, workers) as pool:
        damage = rebuild_all(data_dir, config, cores(workers), counters, pool)
    return summarize("reclean", counters, problems=[damage] if damage else [])


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
) -> RunSummary:
    """Clean already-extracted text dumps (files, folders, JSONL) into the corpus."""
    from flows.crawl.rebuild import import_text as import_texts

    counters = counters or Counters()
    import_texts(list(paths), data_dir, config, counters=counters)
    return summarize("import-text", counters)
