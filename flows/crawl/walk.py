"""Walk a source's listings: start pages, their pagination, feeds and sitemap indexes.

A crawl reads the first `max_pages` listing pages of each start URL; a backfill reads pages
A-B (jumping straight to page A when the pager shows how pages are numbered) or walks back
until a page holds only links older than --since. A start page whose article blocks lead to
their columns (a front page, a column index: "更多" links) also leads to each block's column,
walked the same way, one level deep: the columns' own columns are not followed.

Once a source's listings are read, each is judged again knowing the others: link blocks
shown on most listing pages of the site (menus, footers, hot lists) are navigation.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from cleaners.links.linkfamily import choose_articles
from cleaners.links.listing import column_of
from cleaners.links.pager import numbered_page_url
from cleaners.links.recordlist import is_range_endpoint, range_form
from cleaners.links.sitescope import site_scope
from cleaners.links.urls import canonicalize_url, on_hosts
from cleaners.records import Dropped, WarcPointer
from flows.config import Politeness, Source
from flows.counters import Counters
from flows.crawl.discover import (
    Link,
    LinkRules,
    Listing,
    with_choice,
)
from flows.crawl.readlisting import read_listing
from flows.net.exchange import LISTING_TYPES
from flows.net.fetch import Fetcher, FetchResult
from flows.net.portscope import host_names, on_ports, source_ports
from flows.store.crawlstate import BLOCKED, CrawlState
from flows.store.warcwrite import CHALLENGE_KIND, LISTING_KIND

log = logging.getLogger(__name__)

MAX_BACKFILL_PAGES = 10_000  # a date-window walk stops here even if every page is undated
MAX_COLUMNS = 24  # columns followed from one front page: its blocks, not a whole site map


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
    """Return the hosts a source may be crawled on: its sites (or `hosts`) and `allowed_hosts`."""
    named = host_names(source.hosts)
    return site_scope(source.start, named) | set(host_names(source.allowed_hosts))


def ports_of(source: Source) -> frozenset[int]:
    """Return the ports a source may be crawled on (see flows.net.portscope)."""
    return source_ports(source.start, source.allowed_hosts + source.hosts)


def in_scope(url: str, source: Source) -> bool:
    """Tell whether a URL is on one of the source's hosts and ports."""
    return on_hosts(url, hosts_of(source)) and on_ports(url, ports_of(source))


def link_rules(source: Source) -> LinkRules:
    """Return what discovery of a source may follow."""
    article = re.compile(source.article) if source.article else None
    return LinkRules(hosts_of(source), article, ports_of(source))


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
    walk = _Walk(run, source, first, last, since, until)
    for start in source.start:
        url = canonicalize_url(start) or start
        read = await walk.column(url)
        for column in _front_columns(read):  # a front page: walk each block's column
            await walk.column(column)
        for feed in read[0].feeds[:MAX_COLUMNS] if read else ():  # feeds, script lists
            await walk.column(feed, announced=True)
    final = walk.final()
    links = _links(final, since, until)
    if not links:  # nothing on the listings: the sitemaps robots.txt names, if any
        for sitemap in await _robots_sitemaps(run, source):
            await walk.column(sitemap)
        final = walk.final()
        folders = tuple(column_of(canonicalize_url(s) or s) for s in source.start)
        links = [link for link in _links(final, since, until) if link.url.startswith(folders)]
    _count(run.counters, source.key, links, final)
    return links


async def _robots_sitemaps(run: CrawlRun, source: Source) -> list[str]:
    """Return the sitemaps the robots.txt of each start URL's host names, in scope."""
    rules = link_rules(source)
    named: dict[str, None] = {}
    for start in source.start:
        listed = await run.fetcher.sitemaps(start, site=source.key, policy=run.policy(source))
        canonical = (canonicalize_url(u) for u in listed)
        named.update(dict.fromkeys(u for u in canonical if u and rules.covers(u)))
    return list(named)


@dataclass
class _Walk:
    """One source's walk: the listing pages read so far, each with whether it counts."""

    run: CrawlRun
    source: Source
    first: int
    last: int
    since: date | None
    until: date | None
    read: list[tuple[Listing, bool]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    async def column(self, start: str, *, announced: bool = False) -> list[Listing]:
        """Follow one column's pagination from page 1 (or jump to `first`) up to `last`.

        A feed a listing announced gives its items as `announced_feed`.
        """
        done = len(self.read)
        url: str | None = start
        n = 1
        posted = False  # the column's record endpoint is asked by POST
        while url is not None and n <= self.last and url not in self.seen:
            self.seen.add(url)
            listing, posted = await self._rows(url, posted)
            if listing is None:
                break
            if announced:
                listing = _as_announced(listing)
            if listing.kind == "sitemapindex":
                await self._children(listing.pages[self.first - 1 : self.last])
                break
            self.read.append((listing, n >= self.first))
            if self.since is not None and _all_older(listing.articles, self.since):
                break
            url, n = _next(listing, n, self.first)
        return [listing for listing, _ in self.read[done:]]

    async def _rows(self, url: str, posted: bool) -> tuple[Listing | None, bool]:
        """Read one listing page; a record endpoint by POST when its page says so.

        A record endpoint asked by GET that gives no row (an error, an empty answer) is
        asked once more by POST, and the rest of the column by POST after it.
        """
        endpoint = is_range_endpoint(url)
        listing = await fetch_listing(self.run, self.source, url, posted=endpoint and posted)
        if endpoint and not posted and (listing is None or not listing.articles):
            retried = await fetch_listing(self.run, self.source, url, posted=True)
            if retried is not None and retried.articles:
                return retried, True
        return listing, posted or (listing is not None and listing.posted)

    async def _children(self, children: tuple[str, ...]) -> None:
        """Read the sitemaps a sitemap index lists."""
        for child in children:
            if child in self.seen:
                continue
            self.seen.add(child)
            listing = await fetch_listing(self.run, self.source, child)
            if listing is not None:
                self.read.append((listing, True))

    def final(self) -> list[Listing]:
        """Return the counted listings, each HTML one chosen again knowing the site's others."""
        pages = [listing.links for listing, _ in self.read if listing.links is not None]
        out = []
        for listing, counted in self.read:
            if not counted:
                continue
            if listing.links is not None and len(pages) > 1:
                listing = with_choice(listing, choose_articles(listing.links, pages))
            out.append(listing)
        return out


def _links(listings: list[Listing], since: date | None, until: date | None) -> list[Link]:
    """Return the article links of listings inside the date window, once each."""
    links: dict[str, Link] = {}
    for listing in listings:
        for link in _in_window(listing.articles, since, until):
            links.setdefault(link.url, link)
    return list(links.values())


def _as_announced(listing: Listing) -> Listing:
    """Return a feed's listing with its items' reason `announced_feed`."""
    if listing.kind not in ("rss", "atom"):
        return listing
    links = tuple(replace(link, reason="announced_feed") for link in listing.articles)
    return replace(listing, articles=links)


def _front_columns(read: list[Listing]) -> list[str]:
    """Return the columns a start page's article blocks lead to, at most MAX_COLUMNS."""
    if not read:
        return []
    return list(read[0].columns[:MAX_COLUMNS])


def _count(counters: Counters, site: str, links: list[Link], listings: list[Listing]) -> None:
    """Count a source's article links by reason and its refused links; warn when none."""
    refused: Counter[str] = Counter()
    for listing in listings:
        refused.update(dict(listing.refused))
    counters.discovery(site, Counter(link.reason for link in links), refused)
    if not links:
        bare = next((listing.url for listing in listings if _no_links_in_html(listing)), None)
        if bare is not None:
            counters.scripted_listing(site, bare)
        if listings:  # a source none of whose listings was read failed before discovery
            log.warning("articles_found=0 for source %r: no article family on its listings", site)


def _no_links_in_html(listing: Listing) -> bool:
    """Tell whether an HTML listing holds no headline-like link at all."""
    if listing.kind != "html" or listing.links is None:
        return False
    return not any(a.headline for block in listing.links.blocks for a in block.anchors)


def _next(listing: Listing, n: int, first: int) -> tuple[str | None, int]:
    """Return the next listing page to read and its number, jumping ahead to `first`."""
    if n + 1 < first:
        jump = numbered_page_url(listing.numbered, first)
        if jump is not None:
            return jump, first
    return listing.next_page or dict(listing.numbered).get(n + 1), n + 1


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


async def fetch_listing(
    run: CrawlRun, source: Source, url: str, *, posted: bool = False
) -> Listing | None:
    """Fetch a listing page, archive it, remember it in state, and parse it.

    `posted`: ask a record endpoint by POST, its URL's parameters sent as form fields too.
    """
    result = await run.fetcher.fetch(
        url,
        site=source.key,
        policy=run.policy(source),
        allowed_hosts=hosts_of(source),
        allowed_ports=ports_of(source),
        accept=LISTING_TYPES,
        form=range_form(url) if posted else None,
    )
    blocked = result.outcome == BLOCKED
    run.archive(result, kind=CHALLENGE_KIND if blocked else LISTING_KIND)
    run.state.record_fetch(result, site=source.key, kind="listing")
    run.counters.add("listings")
    if blocked:  # a challenge is never read as a listing
        run.counters.challenged(source.key, result.status)
    if result.outcome != "ok" or not result.exchanges:
        run.counters.add("listings_failed")
        log.warning("listing %s not read: %s", url, _cause(result.outcome, result.error))
        return None
    last = result.exchanges[-1]
    content_type = next((v for k, v in last.response_headers if k.lower() == "content-type"), None)
    final = canonicalize_url(result.final_url) or url
    listing = await read_listing(
        last.body, final, link_rules(source), content_type=content_type,
        max_bytes=run.policy(source).max_bytes,
    )  # fmt: skip
    if isinstance(listing, Dropped):
        run.counters.add("listings_failed")
        run.counters.add(f"listings_refused_{listing.reason}")
        log.warning("listing %s not read: %s (%s)", url, listing.reason, listing.detail)
        return None
    return listing


def _cause(outcome: str, error: str | None) -> str:
    """Say why a fetch failed: its error first, then the outcome it was filed under."""
    return f"{error} ({outcome})" if error else outcome
