"""The crawl's steps, each a plain function of the run: discover, fetch a batch, commit it.

    discover ─▶ [article URLs to fetch] ─▶ fetch_batch ─▶ raw/ (WARC) + state
                                                 └─▶ Batch of Pages ─▶ (lane) ─▶ commit_batch
                                                            clean/ + rejects ◀─────┘
                                                            then state: done ◀─────┘

An article is marked done only after its record or reject is written, so a run killed at
any moment is finished by the next one: nothing lost, and the Processor writes no id twice.
A step does not know what runs it: the crawl driver (flows/orchestrate/crawldriver.py) calls
it directly, or as a Prefect task, through the executor it is given.

A batch goes to raw/ in one piece once fetched, and batches reach the Processor one at a
time, through the run's CommitLane, in that order: records are committed in raw/ order across
sources, so a duplicate points at the earliest archived copy, in a crawl and a reclean alike.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from cleaners.links.urls import canonicalize_url
from cleaners.records import Dropped, Page, Record, WarcPointer
from cleaners.text.decode import is_html_type
from flows.config import Config, Politeness, Source
from flows.counters import Counters
from flows.crawl.buildpool import WORKER_CRASHED
from flows.crawl.companions import Fetched, archive_companions, fetch_companions
from flows.crawl.crawlrun import CrawlMode, CrawlRun
from flows.crawl.walk import hosts_of, in_scope, ports_of, walk_source
from flows.net.fetch import ALIAS, FetchResult
from flows.store.crawlstate import BLOCKED
from flows.store.warccompanions import INCOMPLETE
from flows.store.warcwrite import ARTICLE_KIND, CHALLENGE_KIND

BATCH_SIZE = 32  # article URLs fetched, then processed, together
CHALLENGE = "challenge"  # reason of a `blocked` reject: an anti-bot script instead of the page


@dataclass(frozen=True, slots=True)
class Batch:
    """A fetched batch: its pages (a fetch drop is a page already dropped), and its turn in
    the commit lane."""

    pages: tuple[Page, ...]
    ticket: int


class _SourceWalk:
    """A run as one source's walk sees it: the run's fetcher, state and WARC, its own counts."""

    def __init__(self, run: CrawlRun) -> None:
        self.fetcher = run.fetcher
        self.state = run.state
        self.counters = Counters()
        self._run = run

    def policy(self, source: Source) -> Politeness:
        """Return the politeness settings of a source."""
        return self._run.policy(source)

    def archive(self, result: FetchResult, *, kind: str) -> WarcPointer | None:
        """Write a fetch's exchanges to the run's WARC."""
        return self._run.archive(result, kind=kind)


async def discover(run: CrawlRun, source: Source, mode: CrawlMode) -> list[str]:
    """Take a source's share of a URL list, or walk its listings; return the URLs to fetch."""
    if not mode.urls:
        return await discover_source(
            run, source, pages=mode.pages, since=mode.since, until=mode.until
        )
    run.counters.add("discovered", run.state.mark_discovered(mode.urls, source.key))
    return run.state.pending_articles(source.key, revalidate=run.revalidate)


async def discover_source(
    run: CrawlRun,
    source: Source,
    *,
    pages: tuple[int, int] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[str]:
    """Walk a source's listings; return its article URLs still to fetch in this run.

    A source none of whose listing pages could be read is noted as failed: a run whose every
    source failed is an error for the scheduler, not a quiet run that found nothing.
    """
    walk = _SourceWalk(run)
    try:
        links = await walk_source(walk, source, pages=pages, since=since, until=until)
    finally:
        run.counters.merge(walk.counters)
    run.counters.add("sources")
    read = walk.counters.get("listings") - walk.counters.get("listings_failed")
    if walk.counters.get("listings") and not read:
        run.counters.source_failed(source.key)
    new = run.state.mark_discovered((link.url for link in links), source.key)
    run.counters.add("discovered", new)
    return run.state.pending_articles(source.key, revalidate=run.revalidate)


async def fetch_batch(run: CrawlRun, source: Source, urls: Sequence[str]) -> Batch:
    """Fetch the URLs this run has not fetched yet, archive and record them; return the batch."""
    urls = [url for url in urls if run.claim(url)]
    results = await asyncio.gather(*(_fetch_article(run, source, url) for url in urls))
    extras = await asyncio.gather(*(fetch_companions(run, source, r) for r in results))
    # no await from here on: the batch is one run of raw/ and takes the matching turn
    ticket = run.lane.take()
    try:
        rows = zip(urls, results, extras, strict=True)
        settled = [_settle(run, source, url, result, extra) for url, result, extra in rows]
    except BaseException:
        run.lane.release(ticket)
        raise
    return Batch(tuple(page for page in settled if page is not None), ticket)


async def _fetch_article(run: CrawlRun, source: Source, url: str) -> FetchResult:
    """Fetch one article (conditionally when revalidating)."""
    etag, last_modified = run.state.validators(url) if run.revalidate else (None, None)
    return await run.fetcher.fetch(
        url,
        site=source.key,
        policy=run.policy(source),
        allowed_hosts=hosts_of(source),
        allowed_ports=ports_of(source),
        etag=etag,
        last_modified=last_modified,
        claim=run.claim,
    )


def _settle(
    run: CrawlRun, source: Source, url: str, result: FetchResult, extra: Fetched
) -> Page | None:
    """Archive and record one fetch with its companions: a page (dropped when the fetch was
    refused), or None for later."""
    blocked = result.outcome == BLOCKED
    why = result.error or ""
    kind = CHALLENGE_KIND if blocked else ARTICLE_KIND
    pointer = run.archive(result, kind=kind, marks=extra.marks())
    given_up = run.state.record_fetch(result, site=source.key)
    _count(run.counters, result)
    if result.outcome == ALIAS:  # done now: its page is built from the other fetch
        return None
    if blocked:  # rejected now, still pending: the next run asks again (with backoff)
        run.counters.challenged(source.key, result.status)
        return _refused(result, source.key, pointer, Dropped(BLOCKED, CHALLENGE, url, why))
    if given_up is not None:
        return _refused(result, source.key, pointer, Dropped("fetch", given_up, url, why))
    if result.outcome != "ok" or not result.exchanges:
        return None  # not modified, or due again on a later run
    page = _page(result, source.key, pointer)
    if page is None:
        run.state.mark_done(url, reason="not_html")
        drop = Dropped("fetch", "not_html", url, result.header("content-type") or "")
        return _refused(result, source.key, pointer, drop)
    page = archive_companions(run, page, extra)
    if (missing := extra.missing_part()) is not None:  # written once every page is in
        run.state.mark_pending(url, error=missing)
        run.counters.add(INCOMPLETE)
        return None
    return page


def _count(counters: Counters, result: FetchResult) -> None:
    """Count a fetch outcome (drops are counted where they are written)."""
    if result.outcome == "ok":
        counters.add("fetched")
    elif result.outcome == "not_modified":
        counters.add("not_modified")
    elif result.outcome == ALIAS:
        counters.add("aliases")
    elif result.retry_later:
        counters.add("retry_later")


def _page(result: FetchResult, site: str, pointer: WarcPointer | None) -> Page | None:
    """Return the Page of a 200 HTML response, None for anything else."""
    last = result.exchanges[-1]
    content_type = next((v for k, v in last.response_headers if k.lower() == "content-type"), None)
    if last.status != 200 or not is_html_type(content_type):
        return None
    return Page(
        url=canonicalize_url(result.final_url) or result.url,
        site=site,
        status=last.status,
        headers=last.response_headers,
        body=last.body,
        fetched_at=last.fetched_at,
        warc=pointer,
    )


def _refused(result: FetchResult, site: str, pointer: WarcPointer | None, drop: Dropped) -> Page:
    """Return the page of a fetch refused (no body kept): dropped at the fetch."""
    last = result.exchanges[-1] if result.exchanges else None
    return Page(
        url=drop.url, site=site, status=result.status or 0,
        headers=last.response_headers if last else (), body=b"",
        fetched_at=last.fetched_at if last else "", warc=pointer, outcome=drop,
    )  # fmt: skip


def process_batch(run: CrawlRun, pages: Sequence[Page]) -> list[Page]:
    """Extract, clean, dedup and write pages; then mark each URL done in state."""
    if not pages:
        return []
    built = run.processor.process(pages)
    for page in built:
        outcome = page.outcome
        if isinstance(outcome, Record):
            run.state.mark_done(page.url, record_id=outcome.id)
        elif outcome is not None and outcome.reason == WORKER_CRASHED:  # asked again next run
            run.state.mark_pending(page.url, error=outcome.detail or outcome.reason)
        elif outcome is not None:
            run.state.mark_done(page.url, reason=outcome.reason)
    return built


def commit_batch(run: CrawlRun, batch: Batch) -> int:
    """Write a batch's fetch drops to rejects, then process its pages; return how many."""
    with run.committing():
        refused = [page for page in batch.pages if page.outcome is not None]
        if refused:  # counted and written to rejects like every other drop
            run.processor.commit(refused)
        fetched = [page for page in batch.pages if page.outcome is None]
        return len(refused) + len(process_batch(run, fetched))


def assign_urls(
    config: Config, urls: Iterable[str], sites: Sequence[str] | None
) -> dict[str, list[str]]:
    """Split a URL list among sources by host; URLs no source crawls go under ''."""
    sources = [s for s in config.source if not sites or s.key in sites]
    out: dict[str, list[str]] = {}
    for raw in urls:
        url = canonicalize_url(raw)
        owner = next((s.key for s in sources if url and in_scope(url, s)), "")
        out.setdefault(owner, []).append(url or raw)
    return out
