"""Fetch what an article brings along: its further pages, and (when asked) its attachments.

    article page ─▶ pager? ─▶ page 2, 3 … (each fetched politely, in order)
                 └▶ attachment links (of every page) ─▶ files, when the source sets
                    `attachments = true`, capped by `max_attachment_bytes`

The companions are archived right after their article, marked `article-part` or `attachment`
with the URL the article links to, and the article's response lists them, so a rebuild from
raw/ joins the same pages and reads the same files. An article one of whose pages could not
be fetched is not built: it stays pending, with the reason, and the next run asks again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from cleaners.extract.markup_depth import MAX_MARKUP_DEPTH, bytes_depth
from cleaners.links.companions import page_attachments, read_companions
from cleaners.links.urls import canonicalize_url, on_hosts
from cleaners.records import Page, WarcPointer
from flows.config import Politeness, Source
from flows.crawl.walk import hosts_of, ports_of
from flows.net.fetch import Fetcher, FetchResult
from flows.store.warcwrite import (
    ARTICLE_PART_KIND,
    ATTACHMENT_KIND,
    FILES_HEADER,
    LINK_HEADER,
    PARTS_HEADER,
)

HTML_TYPES = ("text/html", "application/xhtml+xml")  # what a part of an article must be
READ_DEADLINE_S = 10.0  # reading a page's pager and links; a page slower than this is refused
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Fetched:
    """The companions of one article as fetched: (linked URL, result) in order."""

    parts: tuple[tuple[str, FetchResult], ...] = ()
    files: tuple[tuple[str, FetchResult], ...] = ()
    pages: int = 1  # how many pages the article's pager names, the first included

    def missing_part(self) -> str | None:
        """Return why a page of the article is missing, None when every page came."""
        for n, (url, result) in enumerate(self.parts, start=2):
            if _html_body(result) is None:
                why = result.error or f"{result.outcome} (HTTP {result.status})"
                return f"page {n} of {self.pages} not fetched: {why} ({url})"
        return None

    def marks(self) -> tuple[tuple[str, str], ...]:
        """Return the marks of the article's response naming its companions."""
        marks = []
        if self.parts:
            marks.append((PARTS_HEADER, " ".join(url for url, _ in self.parts)))
        if self.files:
            marks.append((FILES_HEADER, " ".join(url for url, _ in self.files)))
        return tuple(marks)


class Archive(Protocol):
    """What companions need of a run: its fetcher, the source's pace, and its WARC."""

    fetcher: Fetcher

    def policy(self, source: Source) -> Politeness:
        """Return the politeness settings of a source."""

    def archive(
        self, result: FetchResult, *, kind: str, marks: tuple[tuple[str, str], ...] = ()
    ) -> WarcPointer | None:
        """Write a fetch's exchanges to WARC."""


async def fetch_companions(run: Archive, source: Source, result: FetchResult) -> Fetched:
    """Fetch the further pages of an article (and its files when the source wants them)."""
    page = _html_body(result)
    if page is None:
        return Fetched()
    body, content_type = page
    found = await _bounded(read_companions, body, content_type, result.final_url)
    if found is None:  # the build refuses such a page too
        return Fetched()
    parts: list[tuple[str, FetchResult]] = []
    pages = len(found.parts) + 1
    for url in found.parts:  # in order; the first that fails ends the article's turn
        part = await _fetch(run, source, url)
        parts.append((url, part))
        if _html_body(part) is None:
            return Fetched(tuple(parts), pages=pages)
    policy = run.policy(source)
    if not policy.attachments:
        return Fetched(tuple(parts), pages=pages)
    links = {a.url: a for a in found.attachments}
    for _, part in parts:
        part_body, part_type = _html_body(part) or (b"", None)
        on_part = await _bounded(page_attachments, part_body, part_type, part.final_url)
        for link in on_part or ():
            links.setdefault(link.url, link)
    files = []
    for url in dict.fromkeys(canonicalize_url(u) or u for u in links):
        if on_hosts(url, hosts_of(source)):  # a file elsewhere is listed, not fetched
            files.append((url, await _fetch(run, source, url, attachment=True)))
    return Fetched(tuple(parts), tuple(files), pages)


async def _bounded(
    read: Callable[[bytes, str | None, str], T], body: bytes, content_type: str | None, url: str
) -> T | None:
    """Read a page in a thread under the nesting guard and a deadline; None when refused."""
    if bytes_depth(body) > MAX_MARKUP_DEPTH:
        return None
    try:
        return await asyncio.wait_for(
            asyncio.to_thread(read, body, content_type, url), READ_DEADLINE_S
        )
    except TimeoutError:
        return None


async def _fetch(
    run: Archive, source: Source, url: str, *, attachment: bool = False
) -> FetchResult:
    """Fetch a page of an article, or an attachment (any type, under its own cap)."""
    policy = run.policy(source)
    if attachment:
        policy = policy.model_copy(update={"max_bytes": policy.max_attachment_bytes})
    return await run.fetcher.fetch(
        url,
        site=source.key,
        policy=policy,
        allowed_hosts=hosts_of(source),
        allowed_ports=ports_of(source),
        accept=None if attachment else frozenset(HTML_TYPES),
    )


def archive_companions(run: Archive, page: Page, fetched: Fetched) -> Page:
    """Archive an article's companions after it; return the page holding those that came."""
    parts, files = [], []
    for url, result in fetched.parts:
        pointer = run.archive(result, kind=ARTICLE_PART_KIND, marks=((LINK_HEADER, url),))
        if (got := _companion(result, url, page.site, pointer)) is not None:
            parts.append(got)
    for url, result in fetched.files:
        pointer = run.archive(result, kind=ATTACHMENT_KIND, marks=((LINK_HEADER, url),))
        if result.outcome == "ok" and (got := _companion(result, url, page.site, pointer)):
            files.append(got)
    return replace(page, parts=tuple(parts), files=tuple(files))


def _companion(
    result: FetchResult, url: str, site: str, pointer: WarcPointer | None
) -> Page | None:
    """Return a companion's response as a page under the URL its article links to."""
    if result.outcome != "ok" or not result.exchanges or result.exchanges[-1].status != 200:
        return None
    last = result.exchanges[-1]
    return Page(
        url=url, site=site, status=200, headers=last.response_headers, body=last.body,
        fetched_at=last.fetched_at, warc=pointer,
    )  # fmt: skip


def _html_body(result: FetchResult) -> tuple[bytes, str | None] | None:
    """Return (body, Content-Type) of a 200 HTML response, None for anything else."""
    if result.outcome != "ok" or not result.exchanges:
        return None
    last = result.exchanges[-1]
    content_type = result.header("content-type")
    if last.status != 200 or not (content_type or "text/html").lower().startswith(HTML_TYPES):
        return None
    return last.body, content_type
