"""Walk a source's listings: start pages, their pagination, feeds and sitemap indexes.

A crawl reads the first `max_pages` listing pages of each start URL; a backfill reads pages
A-B (jumping straight to page A when the pager shows how pages are numbered) or walks back
until a page holds only links older than --since.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Protocol

from cleaners.records import WarcPointer
from cleaners.urls import canonicalize_url, source_hosts
from flows.config import Politeness, Source
from flows.counters import Counters
from flows.crawl.discover import Link, LinkRules, Listing, numbered_page_url, parse_page
from flows.net.fetch import Fetcher, FetchResult
from flows.store.crawlstate import CrawlState
from flows.store.warcwrite import LISTING_KIND

log = logging.getLogger(__name__)

MAX_BACKFILL_PAGES = 10_000  # a date-window walk stops here even if every page is undated


class CrawlRun(Protocol):
    """What a walk needs of the run it belongs to: fetch, archive, remember, count."""

    fetcher: Fetcher
    state: CrawlState
    counters: Counters

    def policy(self, source: Source) -> Politeness:
        """Return the politeness settings of a source."""

    def archive(self, result: FetchResult, *, kind: str) -> WarcPointer | None:
        """Write every exchange of a fetch to WARC, marked with what it was fetched as."""


def hosts_of(source: Source) -> frozenset[str]:
    """Return the hosts a source may be crawled on."""
    return source_hosts(list(source.start), source.allowed_hosts)


def link_rules(source: Source) -> LinkRules:
    """Return what discovery of a source may follow."""
    article = re.compile(source.article) if source.article else None
    return LinkRules(hosts_of(source), article)


async def walk_source(
    run: CrawlRun,
    source: Source,
    *,
    pages: tuple[int, int] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[Link]:
    """Return the article links of a source's listings in the pages or dates asked for."""
    first, last = pages or (1, MAX_BACKFILL_PAGES if since or until else source.max_pages)
    links: dict[str, Link] = {}
    for start in source.start:
        url = canonicalize_url(start) or start
        for link in await _walk_start(run, source, url, first, last, since, until):
            links.setdefault(link.url, link)
    return list(links.values())


async def _walk_start(
    run: CrawlRun,
    source: Source,
    start: str,
    first: int,
    last: int,
    since: date | None,
    until: date | None,
) -> list[Link]:
    """Follow one start URL's pagination from page 1 (or jump to `first`) up to `last`."""
    links: list[Link] = []
    seen: set[str] = set()
    url: str | None = start
    n = 1
    while url is not None and n <= last and url not in seen:
        seen.add(url)
        listing = await fetch_listing(run, source, url)
        if listing is None:
            break
        if listing.kind == "sitemapindex":
            children = listing.pages[first - 1 : last]
            return links + await _walk_children(run, source, children, since, until)
        if n >= first:
            links += _in_window(listing.articles, since, until)
        if since is not None and _all_older(listing.articles, since):
            break
        url, n = _next(listing, n, first)
    return links


def _next(listing: Listing, n: int, first: int) -> tuple[str | None, int]:
    """Return the next listing page to read and its number, jumping ahead to `first`."""
    if n + 1 < first:
        jump = numbered_page_url(listing.numbered, first)
        if jump is not None:
            return jump, first
    return listing.next_page or dict(listing.numbered).get(n + 1), n + 1


async def _walk_children(
    run: CrawlRun, source: Source, children: tuple[str, ...], since: date | None, until: date | None
) -> list[Link]:
    """Read the sitemaps a sitemap index lists."""
    links: list[Link] = []
    for child in children:
        listing = await fetch_listing(run, source, child)
        if listing is not None:
            links += _in_window(listing.articles, since, until)
    return links


def _in_window(links: tuple[Link, ...], since: date | None, until: date | None) -> list[Link]:
    """Keep links dated inside [since, until], and undated ones (their date is unknown)."""
    return [
        link
        for link in links
        if link.date is None
        or ((since is None or link.date >= since) and (until is None or link.date <= until))
    ]


def _all_older(links: tuple[Link, ...], since: date) -> bool:
    """Tell whether a page's dated links are all older than `since` (the walk can stop)."""
    dated = [link.date for link in links if link.date is not None]
    return bool(dated) and all(d < since for d in dated)


async def fetch_listing(run: CrawlRun, source: Source, url: str) -> Listing | None:
    """Fetch a listing page, archive it, remember it in state, and parse it."""
    result = await run.fetcher.fetch(
        url, site=source.key, policy=run.policy(source), allowed_hosts=hosts_of(source)
    )
    run.archive(result, kind=LISTING_KIND)
    run.state.record_fetch(result, site=source.key, kind="listing")
    run.counters.add("listings")
    if result.outcome != "ok" or not result.exchanges:
        run.counters.add("listings_failed")
        log.warning("listing %s not read: %s%s", url, result.outcome, _because(result.error))
        return None
    last = result.exchanges[-1]
    content_type = next((v for k, v in last.response_headers if k.lower() == "content-type"), None)
    final = canonicalize_url(result.final_url) or url
    return parse_page(last.body, final, link_rules(source), content_type=content_type)


def _because(error: str | None) -> str:
    """Return ` (error)` for a log line, or nothing."""
    return f" ({error})" if error else ""
