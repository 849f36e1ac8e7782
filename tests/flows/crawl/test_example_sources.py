"""`--site KEY` crawls of the example sources.toml portals on made-up copies of their layouts.

No network: an httpx.MockTransport answers at the sources' real start URLs with listing
pages written for these tests (tests/support/examplelayouts.py), and at the article URLs
with article pages. Each source is crawled with its `article` regex and without one.
"""

from __future__ import annotations

import asyncio
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import httpx
import pytest
from examplelayouts import LAYOUTS, Layout, article_page, listing_page
from mockportal import reply

from flows.config import Config, parse_config
from flows.crawl.crawlrun import CrawlMode
from flows.orchestrate.crawldriver import run_crawl

EXAMPLE = Path(__file__).resolve().parents[3] / "sources.toml"
RAW = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def _fits(source: dict[str, Any], layout: Layout) -> bool:
    """Tell whether a layout's article URLs are the ones the source's regex accepts."""
    _, articles, _ = listing_page(layout, source["start"][0])
    return all(re.fullmatch(source["article"], url) for url in articles)


PAIRS = [(s, layout) for s in RAW["source"] for layout in LAYOUTS if _fits(s, layout)]


def test_every_example_source_has_a_layout_copy() -> None:
    assert {s["key"] for s, _ in PAIRS} == {s["key"] for s in RAW["source"]}


def config_for(source: dict[str, Any], *, configured: bool) -> Config:
    """Return the example config for one source, fast, with or without its article regex."""
    kept = {k: v for k, v in source.items() if k != "delay_s" and (configured or k != "article")}
    defaults = {**RAW["defaults"], "delay_s": 0.0, "max_attempts": 1}
    return parse_config({"defaults": defaults, "source": [kept]}, origin="example")


def serve(pages: dict[str, bytes]) -> httpx.MockTransport:
    """Answer the pages given, 404 for anything else (robots.txt included)."""

    async def answer(request: httpx.Request) -> httpx.Response:
        body = pages.get(str(request.url))
        if body is None:
            return reply(404, b"not found")()
        return reply(200, body, Content_Type="text/html")()

    return httpx.MockTransport(answer)


def record_urls(data_dir: Path) -> set[str]:
    """Return the URL of every record in clean/."""
    return {
        json.loads(line)["url"]
        for path in (data_dir / "clean").rglob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
    }


@pytest.mark.parametrize("configured", [True, False], ids=["article_regex", "structure"])
@pytest.mark.parametrize(
    ("source", "layout"), PAIRS, ids=[f"{s['key']}-{layout.name}" for s, layout in PAIRS]
)
def test_site_crawl_follows_the_article_list(
    source: dict[str, Any], layout: Layout, configured: bool, tmp_path: Path
) -> None:
    start = source["start"][0]
    html, articles, sidebar = listing_page(layout, start)
    pages = {start: html.encode("utf-8")}
    pages |= {url: article_page(i).encode("utf-8") for i, url in enumerate(articles + sidebar)}
    config = config_for(source, configured=configured)
    counters = asyncio.run(
        run_crawl(config, tmp_path, sites=[source["key"]], mode=CrawlMode(), transport=serve(pages))
    )
    written = record_urls(tmp_path)
    if configured:
        assert set(articles) <= written
        assert counters.articles_found()[source["key"]] >= len(articles)
    else:
        assert written == set(articles)
        assert counters.articles_found() == {source["key"]: len(articles)}
