"""The demo's data model: pages as served, portals, and the facts a corpus must keep."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from flows.demo.layouts import Link
from flows.demo.stories import Story

PER_PAGE = 3  # articles per listing page: every portal gets two or three pages


@dataclass(frozen=True, slots=True)
class Page:
    """One response the demo server sends."""

    body: bytes
    content_type: str
    status: int = 200
    templated: bool = False  # holds `{{base}}`, which the server fills in with its own address


@dataclass(frozen=True, slots=True)
class Portal:
    """One made-up site: its pages by path (query included), start page and article pattern."""

    key: str
    name: str
    start: str  # path of the first listing page
    article: str  # regex of article paths; the server's base URL is put in front
    pages: Mapping[str, Page]
    gzip: bool = False  # compress when the client accepts it
    encoding: str = "utf-8"  # how the pages are encoded
    disallowed: tuple[str, ...] = ()  # path prefixes robots.txt forbids
    day_first: bool | None = None  # how the portal writes 06.02.2017, set in its source config


@dataclass(frozen=True, slots=True)
class Expected:
    """What the corpus must say about one demo article."""

    site: str
    path: str
    slug: str
    title: str
    published: str  # ISO prefix down to the printed precision: "2019-03-20T08:15"
    precision: str  # "second" | "minute" | "day"
    source: str
    authors: tuple[str, ...]
    editor: str | None
    check: str  # a sentence the clean text contains
    chrome: tuple[str, ...] = field(default=())  # strings the clean text must not contain


@dataclass(frozen=True, slots=True)
class Rejected:
    """A page that the crawl must not turn into a record."""

    site: str
    path: str
    why: str  # what the page is: "soft 404", "topic page", "dead link", "robots"


@dataclass(frozen=True, slots=True)
class DemoPortals:
    """Everything the demo serves and everything a test may check against."""

    portals: tuple[Portal, ...]
    expected: tuple[Expected, ...]
    rejected: tuple[Rejected, ...]
    republished: tuple[tuple[str, str], tuple[str, str]]  # (site, path) of original and copy


def local_time(when: str) -> datetime:
    """Parse a story's local time."""
    return datetime.strptime(when, "%Y-%m-%d %H:%M:%S")


def iso_prefix(when: str, precision: str) -> str:
    """Return the ISO form of a local time cut to a precision."""
    cut = {"second": 19, "minute": 16, "day": 10}[precision]
    return local_time(when).isoformat()[:cut]


def listing_groups(stories: tuple[Story, ...]) -> list[tuple[Story, ...]]:
    """Split stories, newest first, into listing pages."""
    ordered = sorted(stories, key=lambda s: s.when, reverse=True)
    return [tuple(ordered[i : i + PER_PAGE]) for i in range(0, len(ordered), PER_PAGE)]


def neighbours(
    stories: tuple[Story, ...], path: Callable[[Story], str], date: Callable[[Story], str]
) -> dict[str, tuple[Link | None, Link | None]]:
    """Return the 上一篇/下一篇 links of every story, newest first."""
    ordered = sorted(stories, key=lambda s: s.when, reverse=True)
    links = [Link(path(s), s.title, date(s)) for s in ordered]
    return {
        s.slug: (links[i - 1] if i else None, links[i + 1] if i + 1 < len(links) else None)
        for i, s in enumerate(ordered)
    }


def encode_strict(text: str, encoding: str) -> bytes:
    """Encode a page strictly: a character the charset lacks is a bug in the demo."""
    return text.encode(encoding)
