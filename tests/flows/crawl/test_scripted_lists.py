"""A crawl of lists that are data, not links, through the installed console script.

One local portal on 127.0.0.1, one source per kind: XML records in a script block with their
pager endpoint, a page whose script names a JSON endpoint, a JSONP start URL, a page that
announces its RSS feed, a page whose robots.txt names a sitemap, and a page whose cards open
by script with nothing to follow. No `article` regex anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import consolescript as cs
import pytest
from scriptedportal import (
    BLOG,
    CROSS,
    GOV,
    HOT,
    HW,
    HW_QUIET,
    MAPPED,
    NEWS,
    ScriptedPortal,
    scripted_config,
    serve_scripted,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ScriptedPortal, Path, str]]:
    root = tmp_path_factory.mktemp("scripted")
    with serve_scripted() as portal, serve_scripted() as other:
        config = root / "sources.toml"
        config.write_text(scripted_config(portal, other), encoding="utf-8")
        data = root / "data"
        done = cs.run(["crawl", "--config", str(config), "--data-dir", str(data)], root / "home")
        assert done.returncode == 0, done.stderr[-2000:]
        yield portal, data, done.stdout + done.stderr


def _urls(data: Path, site: str) -> list[str]:
    return sorted(str(r["url"]) for r in cs.records(data) if r["site"] == site)


@pytest.mark.parametrize(
    ("site", "articles", "reason"),
    [
        ("gov", GOV, "xml_list"),  # records in the page, then the pager endpoint's answers
        ("hanweb", HW, "xml_list"),  # the endpoint asked by POST, as the page's script says
        ("hanweb_quiet", HW_QUIET, "xml_list"),  # asked by GET, nothing; then by POST
        ("app", NEWS, "json_list"),  # the endpoint the page's script names, two pages
        ("hot", HOT, "json_list"),  # a JSONP start URL, two pages
        ("blog", BLOG, "announced_feed"),
        ("bare", MAPPED, "sitemap"),  # the sitemap robots.txt names
        ("cross", CROSS, "list_block"),  # `hosts` widens the scope to the list's host
    ],
)
def test_every_article_of_each_kind_and_nothing_else(
    crawled: tuple[ScriptedPortal, Path, str], site: str, articles: tuple[str, ...], reason: str
) -> None:
    portal, data, output = crawled
    assert _urls(data, site) == sorted(portal.articles(articles))
    assert f"{site} found by {reason}" in output


def test_without_hosts_another_host_is_off_the_scope(
    crawled: tuple[ScriptedPortal, Path, str],
) -> None:
    portal, data, output = crawled
    assert portal.hits["/cross/?v=2"] == 1  # its listing was read
    assert _urls(data, "narrow") == []
    assert "articles_found=0 for source 'narrow'" in output


def test_the_pager_endpoint_is_asked_for_the_rows_after_the_page(
    crawled: tuple[ScriptedPortal, Path, str],
) -> None:
    portal, _, _ = crawled
    asked = [path for path in portal.hits if path.startswith("/gov/proxy.jsp")]  # in order
    assert [p.split("&perpage")[0] for p in asked] == [
        "/gov/proxy.jsp?startrecord=7&endrecord=9",
        "/gov/proxy.jsp?startrecord=10&endrecord=12",
    ]


def test_a_listing_with_no_link_in_its_html_says_so(
    crawled: tuple[ScriptedPortal, Path, str],
) -> None:
    _, data, output = crawled
    assert _urls(data, "cards") == []
    line = "for source 'cards': listing http://127.0.0.1:"
    hits = [row for row in output.splitlines() if line in row]
    assert len(hits) == 1 and "/cards/ holds no article links in its HTML" in hits[0]


def test_a_record_endpoint_is_posted_as_its_script_says_or_when_get_gives_nothing(
    crawled: tuple[ScriptedPortal, Path, str],
) -> None:
    portal, _, _ = crawled
    asked = [path for path in portal.hits if "/hw/dataproxy.jsp" in path]  # in order
    said = [p for p in asked if "columnid=31" in p]
    assert [p.split("&perpage")[0] for p in said] == [
        "POST /hw/dataproxy.jsp?startrecord=5&endrecord=6",
        "POST /hw/dataproxy.jsp?startrecord=7&endrecord=8",
    ]
    quiet = [p.split("&perpage")[0] for p in asked if "columnid=32" in p]
    assert quiet == [
        "/hw/dataproxy.jsp?startrecord=5&endrecord=6",
        "POST /hw/dataproxy.jsp?startrecord=5&endrecord=6",
        "POST /hw/dataproxy.jsp?startrecord=7&endrecord=8",
    ]
