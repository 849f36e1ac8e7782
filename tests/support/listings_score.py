"""Score article discovery on the labelled real listing pages of ../shared/listings/.

Each page is read as a crawl reads a start URL: one source whose only start is the page's
address, no `article` regex, its scope and rules built as a crawl builds them. Precision is
taken ∩ articles over taken − neutral, recall taken ∩ articles over articles (the README of
listings/). The naive rule, for comparison: every link whose text holds 8 or more Chinese
characters, on the start host only. Shared by tests/quality/test_listings_gate.py and
bench/listings.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from cleaners.links.linktext import HAN
from cleaners.links.urls import canonicalize_url, host_of
from flows.config import Source
from flows.crawl.discover import parse_page
from flows.crawl.walk import link_rules

NAIVE_HAN = 8  # the naive rule's threshold: a link text with this many Han characters


@dataclass(frozen=True, slots=True)
class Page:
    """One labelled listing page: its bytes, address and gold link sets."""

    name: str
    url: str
    body: bytes
    articles: frozenset[str]
    not_articles: frozenset[str]
    neutral: frozenset[str]


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 of one page."""

    name: str
    taken: int
    hits: int
    precision: float
    recall: float
    wrong: tuple[str, ...]  # taken links labelled not articles (a sample to read)
    missed: tuple[str, ...]

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total

    @property
    def perfect(self) -> bool:
        return self.precision == 1.0 and self.recall == 1.0


Predict = Callable[[Page], frozenset[str]]


def _canonical(urls: Sequence[str]) -> frozenset[str]:
    return frozenset(c for c in (canonicalize_url(u) for u in urls) if c)


def load_pages(folder: Path, names: Sequence[str] | None = None) -> list[Page]:
    """Read every labelled page of the folder (or the ones named), sorted by name."""
    pages = []
    for gold_path in sorted((folder / "gold").glob("*.json")):
        name = gold_path.stem
        if names and name not in names:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        body = (folder / "pages" / f"{name}.html").read_bytes()
        pages.append(
            Page(
                name,
                gold["url"],
                body,
                _canonical(gold["articles"]),
                _canonical(gold.get("not_articles", [])),
                _canonical(gold.get("neutral", [])),
            )
        )
    return pages


def predict_project(page: Page) -> frozenset[str]:
    """Return the article links the project's discovery takes, start URL only, no regex."""
    source = Source(key="listing", start=(page.url,))
    listing = parse_page(page.body, page.url, link_rules(source), content_type="text/html")
    return frozenset(link.url for link in listing.articles)


def predict_naive(page: Page, *, any_host: bool = False) -> frozenset[str]:
    """Return every start-host (or any) link whose text holds NAIVE_HAN or more Han characters."""
    tree = LexborHTMLParser(page.body.decode("utf-8", "replace"))
    start = host_of(page.url)
    taken = set()
    for anchor in tree.css("a[href]"):
        url = canonicalize_url(anchor.attributes.get("href") or "", page.url)
        text = anchor.text(deep=True) or ""
        if url and (any_host or host_of(url) == start) and len(HAN.findall(text)) >= NAIVE_HAN:
            taken.add(url)
    return frozenset(taken)


def predict_naive_any_host(page: Page) -> frozenset[str]:
    """Return every link, any host, whose text holds NAIVE_HAN or more Han characters."""
    return predict_naive(page, any_host=True)


def score_page(page: Page, taken: frozenset[str]) -> Score:
    """Score one page's taken links against its gold."""
    hits = taken & page.articles
    counted = taken - page.neutral
    precision = len(hits) / len(counted) if counted else 1.0
    recall = len(hits) / len(page.articles) if page.articles else 1.0
    wrong = tuple(sorted(counted - page.articles))
    missed = tuple(sorted(page.articles - taken))
    return Score(page.name, len(taken), len(hits), precision, recall, wrong, missed)


def score(pages: Sequence[Page], predict: Predict) -> list[Score]:
    """Score every page with one predictor."""
    return [score_page(page, predict(page)) for page in pages]


def mean(scores: Sequence[Score]) -> tuple[float, float, float, int]:
    """Return mean precision, recall, F1 and the count of perfect pages."""
    n = max(len(scores), 1)
    return (
        sum(s.precision for s in scores) / n,
        sum(s.recall for s in scores) / n,
        sum(s.f1 for s in scores) / n,
        sum(s.perfect for s in scores),
    )
