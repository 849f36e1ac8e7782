"""The crawl loop against a small portal on 127.0.0.1: runs, re-runs, revalidation, retries."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from crawlportal import PortalServer, config_toml, serve_portal
from warcio.archiveiterator import ArchiveIterator

from flows.config import Config, parse_config
from flows.counters import Counters
from flows.crawl.crawlrun import CrawlMode
from flows.orchestrate.crawldriver import run_crawl
from flows.store.crawlstate import CrawlState


@pytest.fixture
def portal() -> Iterator[PortalServer]:
    with serve_portal(PortalServer(articles=10)) as served:
        yield served


def config_of(portal: PortalServer, **kwargs: int | str) -> Config:
    import tomllib

    return parse_config(tomllib.loads(config_toml(portal, **kwargs)))  # type: ignore[arg-type]


def crawl(
    config: Config, data_dir: Path, mode: CrawlMode | None = None, batch_size: int = 4
) -> Counters:
    return asyncio.run(run_crawl(config, data_dir, mode=mode or CrawlMode(), batch_size=batch_size))


def corpus_urls(data_dir: Path) -> list[str]:
    """Return the URL of every record line in clean/, parsing each line."""
    urls = []
    for path in sorted((data_dir / "clean").rglob("*.jsonl")):
        if "reject" in path.name:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            urls.append(json.loads(line)["url"])
    return urls


def warc_responses(data_dir: Path) -> list[str]:
    """Return the target URI of every response record in raw/, reading each file whole."""
    uris = []
    for path in sorted((data_dir / "raw").glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    uris.append(record.rec_headers.get_header("WARC-Target-URI"))
    return uris


def test_first_run_fetches_every_article_once(portal: PortalServer, tmp_path: Path) -> None:
    counters = crawl(config_of(portal), tmp_path)
    assert sorted(corpus_urls(tmp_path)) == sorted(portal.article_urls())
    assert portal.article_hits() == 10
    assert counters.get("discovered") == 10
    assert counters.get("fetched") == 10
    assert counters.get("listings") == 3 and counters.get("listings_failed") == 0
    responses = warc_responses(tmp_path)
    assert set(portal.article_urls()) <= set(responses)
    assert portal.base + "/news/index_2.html" in responses  # listings are archived too
    assert not list((tmp_path / "raw").glob("*.open"))


def test_second_run_fetches_listings_but_no_article(portal: PortalServer, tmp_path: Path) -> None:
    config = config_of(portal)
    crawl(config, tmp_path)
    listing_hits = portal.hits[portal.listing_path(1)]
    counters = crawl(config, tmp_path)
    assert portal.article_hits() == 10
    assert portal.hits[portal.listing_path(1)] == listing_hits + 1
    assert counters.get("discovered") == 0 and counters.get("fetched") == 0
    assert len(corpus_urls(tmp_path)) == 10


def test_new_article_is_fetched_on_the_next_run(tmp_path: Path) -> None:
    with serve_portal(PortalServer(articles=6)) as portal:
        config = config_of(portal)
        crawl(config, tmp_path)
        portal.articles = 7  # a new article appears on the listing
        counters = crawl(config, tmp_path)
        assert counters.get("fetched") == 1
        assert sorted(corpus_urls(tmp_path)) == sorted(portal.article_urls())


def test_revalidate_gives_304s(portal: PortalServer, tmp_path: Path) -> None:
    config = config_of(portal)
    crawl(config, tmp_path)
    counters = crawl(config, tmp_path, CrawlMode(revalidate=True))
    assert counters.get("not_modified") == 10
    assert sum(portal.not_modified.values()) == 10
    assert portal.article_hits() == 10
    assert len(corpus_urls(tmp_path)) == 10


def test_failed_page_is_retried_on_the_next_run(portal: PortalServer, tmp_path: Path) -> None:
    config = config_of(portal)
    broken = portal.article_path(3)
    portal.failing.add(broken)
    counters = crawl(config, tmp_path)
    assert counters.get("retry_later") == 1
    assert portal.base + broken not in corpus_urls(tmp_path)
    state = CrawlState.open(tmp_path)
    assert [row.url for row in state.failures("demo")] == [portal.base + broken]
    state.close()
    portal.failing.clear()
    counters = crawl(config, tmp_path)
    assert counters.get("fetched") == 1
    assert sorted(corpus_urls(tmp_path)) == sorted(portal.article_urls())


def test_crawl_reads_max_pages_listings(portal: PortalServer, tmp_path: Path) -> None:
    counters = crawl(config_of(portal, max_pages=2), tmp_path)
    assert counters.get("discovered") == 8  # 4 per page
    assert portal.hits[portal.listing_path(3)] == 0


def test_backfill_pages_jumps_to_the_range(tmp_path: Path) -> None:
    with serve_portal(PortalServer(articles=20)) as portal:
        crawl(config_of(portal, max_pages=1), tmp_path, CrawlMode(pages=(4, 5)))
        assert portal.hits[portal.listing_path(2)] == 0  # page 1's pager shows how to jump
        assert portal.hits[portal.listing_path(3)] == 0
        expected = portal.article_urls()[12:20]
        assert sorted(corpus_urls(tmp_path)) == sorted(expected)


def test_backfill_date_window(tmp_path: Path) -> None:
    with serve_portal(PortalServer(articles=20)) as portal:
        mode = CrawlMode(since=date(2020, 3, 14), until=date(2020, 3, 17))
        crawl(config_of(portal, max_pages=1), tmp_path, mode)
        days = {portal.base + portal.article_path(i) for i in range(11, 15)}  # 03-17 .. 03-14
        assert sorted(corpus_urls(tmp_path)) == sorted(days)
        assert portal.hits[portal.listing_path(5)] == 1  # all older than --since: the walk stops
        assert portal.hits.get(portal.listing_path(5 + 1), 0) == 0


def test_backfill_url_list(portal: PortalServer, tmp_path: Path) -> None:
    wanted = portal.article_urls()[7:9]
    mode = CrawlMode(
        urls=(wanted[0] + "?utm_source=list", wanted[1], "http://elsewhere.test/a.html")
    )
    counters = crawl(config_of(portal), tmp_path, mode)
    assert sorted(corpus_urls(tmp_path)) == sorted(wanted)
    assert portal.hits[portal.listing_path(1)] == 0
    assert counters.drops()[("discover", "no_source")] == 1


def test_missing_article_is_a_reject_and_not_asked_again(
    portal: PortalServer, tmp_path: Path
) -> None:
    config = config_of(portal)
    gone = portal.article_path(5)
    portal.missing.add(gone)
    counters = crawl(config, tmp_path)
    assert counters.drops()[("fetch", "not_found")] == 1
    rejects = [
        json.loads(line)
        for path in (tmp_path / "rejects").rglob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    assert [(r["url"], r["reason"]) for r in rejects] == [(portal.base + gone, "not_found")]
    pointer = rejects[0]["warc"]  # a page dropped at the fetch still names its response
    with (tmp_path / pointer["file"]).open("rb") as handle:
        handle.seek(pointer["offset"])
        response = next(iter(ArchiveIterator(handle)))
    assert response.rec_headers.get_header("WARC-Target-URI") == portal.base + gone
    assert response.http_headers.get_statuscode() == "404"
    crawl(config, tmp_path)
    assert portal.hits[gone] == 1
    assert len(corpus_urls(tmp_path)) == 9


@pytest.mark.parametrize("start", ["/news/rss.xml", "/sitemap.xml"], ids=["rss", "sitemap_index"])
def test_feed_or_sitemap_as_start_url(portal: PortalServer, tmp_path: Path, start: str) -> None:
    counters = crawl(config_of(portal, start=start), tmp_path)
    assert sorted(corpus_urls(tmp_path)) == sorted(portal.article_urls())
    assert counters.get("discovered") == 10
    assert portal.hits[portal.listing_path(1)] == 0


def test_a_listing_that_cannot_be_read_is_logged_with_its_reason(
    portal: PortalServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = config_of(portal, start="/news/no-such-column.html")
    with caplog.at_level("WARNING", logger="flows.crawl.walk"):
        counters = crawl(config, tmp_path)
    assert counters.get("listings_failed") == 1
    assert f"{portal.base}/news/no-such-column.html not read: HTTP 404 (not_found)" in caplog.text
