"""The demo portals: bytes in the right encoding, headers as declared, links that resolve."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from selectolax.lexbor import LexborHTMLParser

from flows.demo.portals import DemoPortals, Portal, build_portals
from flows.demo.run import fresh_data_dir
from flows.demo.server import DemoSites, serve_portals
from flows.demo.stories import NEWS, POLICE, TRANSPORT, VENDOR
from flows.demo.stories_province import PROVINCE

GBK_ONLY = "镕喆堃"  # in GBK, not in GB2312: a page declared gb2312 that holds them lies
TAGS = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")
PAGER_TEXT = re.compile(r"^(?:\d+|上一页|下一页)$")


@pytest.fixture(scope="module")
def sites() -> Iterator[DemoSites]:
    """Serve the demo portals for the whole module."""
    with serve_portals() as running:
        yield running


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    """Return one HTTP client for the module."""
    with httpx.Client(timeout=10) as c:
        yield c


def _portal(demo: DemoPortals, key: str) -> Portal:
    """Return the portal called `key`."""
    return next(p for p in demo.portals if p.key == key)


def _get(client: httpx.Client, sites: DemoSites, key: str, path: str) -> httpx.Response:
    """GET a path of one portal."""
    return client.get(sites.url(key, path))


def _flat(html: str) -> str:
    """Return page text without tags and whitespace, to look for a sentence in it."""
    return SPACE.sub("", TAGS.sub("", html))


@pytest.mark.parametrize(
    ("key", "content_type", "encoding"),
    [
        ("andun", "text/html; charset=gbk", "gbk"),
        ("hxcb", "text/html; charset=GB2312", "gbk"),
        ("tongqu", "text/html; charset=utf-8", "utf-8"),
        ("qingluan", "text/html", "gbk"),
        ("dongyue", "text/html", "gb18030"),
    ],
    ids=["gbk-declared-gbk", "gbk-declared-gb2312", "utf8", "gbk-undeclared", "gb18030-in-meta"],
)
def test_articles_are_served_in_their_encoding(
    sites: DemoSites, client: httpx.Client, key: str, content_type: str, encoding: str
) -> None:
    expected = [e for e in sites.demo.expected if e.site == key]
    assert len(expected) >= 4
    for fact in expected:
        response = _get(client, sites, key, fact.path)
        assert response.status_code == 200
        assert response.headers["content-type"] == content_type
        text = response.content.decode(encoding)
        assert fact.title in text
        assert fact.check in _flat(text)


def test_gb2312_page_holds_gbk_only_characters(sites: DemoSites, client: httpx.Client) -> None:
    found = ""
    for fact in (e for e in sites.demo.expected if e.site == "hxcb"):
        body = _get(client, sites, "hxcb", fact.path).content
        assert b"charset=GB2312" in body
        text = body.decode("gbk")
        found += "".join(c for c in GBK_ONLY if c in text)
        if any(c in text for c in GBK_ONLY):
            with pytest.raises(UnicodeDecodeError):
                body.decode("gb2312")
    assert set(found) == set(GBK_ONLY)


def test_undeclared_portal_names_no_charset_anywhere(
    sites: DemoSites, client: httpx.Client
) -> None:
    portal = _portal(sites.demo, "qingluan")
    for path in portal.pages:
        response = _get(client, sites, "qingluan", path)
        assert "charset" not in response.headers["content-type"].lower()
        assert b"charset" not in response.content.lower()


def test_gb18030_page_holds_a_character_gbk_lacks(sites: DemoSites, client: httpx.Client) -> None:
    facts = [e for e in sites.demo.expected if e.site == "dongyue"]
    bodies = [_get(client, sites, "dongyue", e.path).content for e in facts]
    bodies = [b for b in bodies if "䶮".encode("gb18030") in b]
    assert bodies
    for body in bodies:
        assert b'charset=gb18030"' in body
        assert "䶮" in body.decode("gb18030")
        with pytest.raises(UnicodeDecodeError):
            body.decode("gbk")


def test_feed_lists_every_article_with_absolute_links(
    sites: DemoSites, client: httpx.Client
) -> None:
    portal = _portal(sites.demo, "dongyue")
    feed = _get(client, sites, "dongyue", portal.start)
    assert feed.headers["content-type"].startswith("application/rss+xml")
    assert "{{base}}" not in feed.text
    links = re.findall(r"<link>([^<]+)</link>", feed.text)[1:]  # [0] is the channel's
    statuses = {url: client.get(url).status_code for url in links}
    for fact in (e for e in sites.demo.expected if e.site == "dongyue"):
        assert statuses.pop(sites.url("dongyue", fact.path)) == 200
    assert list(statuses.values()) == [410]


def test_every_demo_text_encodes_in_its_portal_charset() -> None:
    for stories, encoding in (
        (VENDOR, "gbk"),
        (NEWS, "gbk"),
        (POLICE, "gbk"),
        (TRANSPORT, "utf-8"),
        (PROVINCE, "gb18030"),
    ):
        for story in stories:
            "".join((story.title, *story.paragraphs)).encode(encoding)


@pytest.mark.parametrize("accept", ["gzip, deflate", "identity"])
def test_one_portal_is_gzipped_when_the_client_accepts_it(
    sites: DemoSites, client: httpx.Client, accept: str
) -> None:
    portal = _portal(sites.demo, "tongqu")
    url = sites.url("tongqu", portal.start)
    with httpx.stream("GET", url, headers={"Accept-Encoding": accept}) as response:
        raw = response.read() if accept == "identity" else b"".join(response.iter_raw())
    if accept == "identity":
        assert "content-encoding" not in response.headers
        assert raw == portal.pages[portal.start].body
    else:
        assert response.headers["content-encoding"] == "gzip"
        assert gzip.decompress(raw) == portal.pages[portal.start].body


def test_other_portals_are_never_gzipped(sites: DemoSites, client: httpx.Client) -> None:
    for portal in sites.demo.portals:
        if not portal.gzip:
            response = _get(client, sites, portal.key, portal.start)
            assert "content-encoding" not in response.headers


def _links(html: str, url: str) -> list[tuple[str, str]]:
    """Return (absolute URL, text) of every same-site link of a page."""
    tree = LexborHTMLParser(html)
    out = []
    for anchor in tree.css("a[href]"):
        href = anchor.attributes.get("href") or ""
        if href.startswith(("javascript:", "#")):
            continue
        target = urljoin(url, href)
        if urlsplit(target).netloc == urlsplit(url).netloc:
            out.append((target, (anchor.text() or "").strip()))
    return out


def _walk_listings(
    sites: DemoSites, client: httpx.Client, portal: Portal
) -> tuple[set[str], set[str]]:
    """Follow a portal's pager links from its start page; return listing and linked URLs."""
    todo = [sites.url(portal.key, portal.start)]
    listings: set[str] = set()
    linked: set[str] = set()
    while todo:
        url = todo.pop()
        if url in listings:
            continue
        listings.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        for target, text in _links(response.content.decode(portal.encoding), url):
            if PAGER_TEXT.match(text):
                todo.append(target)
            else:
                linked.add(target)
    return listings, linked


@pytest.mark.parametrize("key", ["andun", "hxcb", "tongqu", "qingluan"])
def test_pagination_reaches_every_article(sites: DemoSites, client: httpx.Client, key: str) -> None:
    portal = _portal(sites.demo, key)
    listings, linked = _walk_listings(sites, client, portal)
    assert len(listings) >= 2
    for fact in (e for e in sites.demo.expected if e.site == key):
        assert sites.url(key, fact.path) in linked
    for rejected in (r for r in sites.demo.rejected if r.site == key):
        assert sites.url(key, rejected.path) in linked


@pytest.mark.parametrize("key", ["andun", "hxcb", "tongqu", "qingluan"])
def test_article_links_resolve(sites: DemoSites, client: httpx.Client, key: str) -> None:
    portal = _portal(sites.demo, key)
    pattern = re.compile(sites.config.get(key).article or "")
    dead = {sites.url(key, r.path) for r in sites.demo.rejected if r.why == "dead link"}
    for fact in (e for e in sites.demo.expected if e.site == key):
        url = sites.url(key, fact.path)
        assert pattern.fullmatch(url)
        page = client.get(url).content.decode(portal.encoding)
        for target, _ in _links(page, url):
            if pattern.fullmatch(target) and target not in dead:
                assert client.get(target).status_code == 200, target


def test_listing_pages_are_not_articles(sites: DemoSites) -> None:
    for portal in sites.demo.portals:
        pattern = re.compile(sites.config.get(portal.key).article or "")
        assert not pattern.fullmatch(sites.url(portal.key, portal.start))


@pytest.mark.parametrize(
    ("key", "status", "disallows"),
    [
        ("andun", 404, None),
        ("hxcb", 200, "/search/"),
        ("tongqu", 200, None),
        ("qingluan", 200, "/preview/"),
        ("dongyue", 200, "/admin/"),
    ],
)
def test_robots_txt(
    sites: DemoSites, client: httpx.Client, key: str, status: int, disallows: str | None
) -> None:
    response = _get(client, sites, key, "/robots.txt")
    assert response.status_code == status
    if disallows:
        assert f"Disallow: {disallows}" in response.text


def test_special_pages(sites: DemoSites, client: httpx.Client) -> None:
    why = {r.why: r for r in sites.demo.rejected}
    assert _get(client, sites, "andun", why["dead link"].path).status_code == 404
    soft = _get(client, sites, "tongqu", why["soft 404"].path)
    assert soft.status_code == 200
    assert "页面不存在" in soft.text
    assert _get(client, sites, "qingluan", why["robots"].path).status_code == 200
    assert _get(client, sites, "dongyue", why["gone"].path).status_code == 410


def test_conditional_get_answers_not_modified(sites: DemoSites, client: httpx.Client) -> None:
    fact = sites.demo.expected[0]
    first = _get(client, sites, fact.site, fact.path)
    again = client.get(
        sites.url(fact.site, fact.path), headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""


def test_request_log_records_each_answer(sites: DemoSites, client: httpx.Client) -> None:
    before = len(sites.log.hits("qingluan"))
    _get(client, sites, "qingluan", "/no/such/page.html")
    hits = sites.log.hits("qingluan")[before:]
    assert [(h.method, h.path, h.status) for h in hits] == [("GET", "/no/such/page.html", 404)]


def test_config_points_at_the_running_portals(sites: DemoSites) -> None:
    assert [s.key for s in sites.config.source] == [p.key for p in sites.demo.portals]
    for source in sites.config.source:
        assert source.start[0].startswith(sites.base_urls[source.key])
        assert source.name
    assert sites.config.defaults.delay_s < 0.5
    assert sites.config.defaults.obey_robots


def test_republished_story_has_a_reworded_lead() -> None:
    demo = build_portals()
    (orig_site, orig_path), (copy_site, copy_path) = demo.republished
    original = next(e for e in demo.expected if (e.site, e.path) == (orig_site, orig_path))
    copy = next(e for e in demo.expected if (e.site, e.path) == (copy_site, copy_path))
    assert orig_site != copy_site
    assert original.title == copy.title
    assert original.check == copy.check
    assert original.source != copy.source


def test_expected_chrome_is_not_in_the_article_texts() -> None:
    stories = {s.slug: s for s in (*VENDOR, *NEWS, *TRANSPORT, *POLICE, *PROVINCE)}
    for fact in build_portals().expected:
        story = stories.get(fact.slug)
        if story is None:  # the repost: its story is the news portal's
            continue
        prose = "".join(p for p in story.paragraphs if not p.startswith("■"))  # byline kept out
        assert [c for c in fact.chrome if c in prose] == [], fact.slug


def test_default_data_dir_is_a_fresh_timestamped_folder(tmp_path: Path) -> None:
    first, second = fresh_data_dir(tmp_path), fresh_data_dir(tmp_path)
    assert first != second
    assert first.name.startswith("portal-corpus-demo-")
    assert first.is_dir() and second.is_dir()
