"""Listing pages, pagers, feeds and sitemaps: which links come out, in which order."""

from __future__ import annotations

import gzip
import re
from datetime import date

import pytest

from cleaners.links.pager import numbered_page_url
from flows.crawl.discover import (
    MAX_SCRIPT_PAGES,
    LinkRules,
    parse_html_listing,
    parse_page,
    parse_xml_listing,
)

HOSTS = frozenset({"news.example.cn"})
RULES = LinkRules(HOSTS)
LIST_URL = "http://news.example.cn/szyw/index.html"

LISTING = """<html><head><title>时政要闻_示例新闻网</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/szyw/">时政要闻</a> <a href="/shxw/">社会新闻</a>
<a href="javascript:void(0)">收藏</a> <a href="mailto:edit@example.cn">投稿</a></div>
<ul class="list">
 <li><a href="./202003/t20200320_1001.html">市政府召开常务会议</a><span>2020-03-20</span></li>
 <li><a href="202003/t20200318_1000.html#top" title="全市春耕">全市春耕生产有序推进</a>
     <span>2020年3月18日</span></li>
 <li><a href="http://news.example.cn/szyw/202003/t20200320_1001.html?utm_source=x">重复链接</a></li>
 <li><a href="http://other.example.org/2020-03/19/content_9.htm">外站文章</a></li>
 <li><a href="//news.example.cn/2020-03/15/content_77.htm">老文章</a></li>
</ul>
<div class="pager"><a href="index.html">1</a> <a href="index_1.html">2</a>
<a href="index_2.html">3</a> <a href="index_1.html">下一页</a> <a href="index_9.html">尾页</a></div>
<div class="links"><a href="http://www.example.gov.cn/">政府网</a></div>
</body></html>"""


def test_listing_articles_in_document_order() -> None:
    listing = parse_html_listing(LISTING, LIST_URL, RULES)
    assert [link.url for link in listing.articles] == [
        "http://news.example.cn/szyw/202003/t20200320_1001.html",
        "http://news.example.cn/szyw/202003/t20200318_1000.html",
        "http://news.example.cn/2020-03/15/content_77.htm",
    ]
    assert listing.kind == "html"


def test_listing_dates_from_rows_then_urls() -> None:
    listing = parse_html_listing(LISTING, LIST_URL, RULES)
    assert [link.date for link in listing.articles] == [
        date(2020, 3, 20),
        date(2020, 3, 18),
        date(2020, 3, 15),
    ]
    assert listing.articles[0].text == "市政府召开常务会议"


def test_listing_pagination() -> None:
    listing = parse_html_listing(LISTING, LIST_URL, RULES)
    base = "http://news.example.cn/szyw/"
    assert listing.next_page == base + "index_1.html"
    assert listing.pages == (base + "index_1.html", base + "index_2.html", base + "index_9.html")
    assert listing.numbered == ((2, base + "index_1.html"), (3, base + "index_2.html"))


def test_configured_article_regex_replaces_heuristics() -> None:
    rules = LinkRules(HOSTS, re.compile(r"/content_\d+\.htm$"))
    listing = parse_html_listing(LISTING, LIST_URL, rules)
    assert [link.url for link in listing.articles] == [
        "http://news.example.cn/2020-03/15/content_77.htm"
    ]


@pytest.mark.parametrize(
    ("page_url", "html", "expected_next"),
    [
        (
            "http://news.example.cn/shxw/list_1.html",
            '<a href="list_2.html">下一页</a><a href="list_1.html">上一页</a>',
            "http://news.example.cn/shxw/list_2.html",
        ),
        (
            "http://news.example.cn/news.asp?page=1",
            '<a href="news.asp?page=1">1</a><a href="news.asp?page=2">2</a>'
            '<a href="news.asp?page=2">下页</a>',
            "http://news.example.cn/news.asp?page=2",
        ),
        (
            "http://news.example.cn/blog/",
            '<a href="/blog/page/2/">Next</a>',
            "http://news.example.cn/blog/page/2/",
        ),
        (
            "http://news.example.cn/gsgg/",
            '<script>createPageHTML(12, 0, "index", "shtml");</script>',
            "http://news.example.cn/gsgg/index_1.shtml",
        ),
        (
            "http://news.example.cn/gsgg/index_3.shtml",
            "<script>createPageHTML('12','3','index','shtml');</script>",
            "http://news.example.cn/gsgg/index_4.shtml",
        ),
        (
            "http://news.example.cn/gsgg/index_11.shtml",
            '<script>createPageHTML(12, 11, "index", "shtml");</script>',
            None,
        ),
        (
            "http://news.example.cn/gsgg/",
            '<a href="http://other.example.org/gsgg/index_1.html">下一页</a>',
            None,
        ),
    ],
    ids=["list_n", "page_query", "english_next", "cms_script", "cms_script_mid", "last", "offsite"],
)
def test_next_page(page_url: str, html: str, expected_next: str | None) -> None:
    assert parse_html_listing(html, page_url, RULES).next_page == expected_next


def test_script_pager_numbers_pages() -> None:
    html = '<script>createPageHTML(3, 0, "index", "html");</script>'
    listing = parse_html_listing(html, "http://news.example.cn/tzgg/", RULES)
    assert listing.numbered == (
        (1, "http://news.example.cn/tzgg/index.html"),
        (2, "http://news.example.cn/tzgg/index_1.html"),
        (3, "http://news.example.cn/tzgg/index_2.html"),
    )


def test_script_pager_lists_at_most_its_bound_and_only_in_scope() -> None:
    huge = '<script>createPageHTML(1000000000, 0, "index", "html");</script>'
    listing = parse_html_listing(huge, "http://news.example.cn/tzgg/", RULES)
    assert len(listing.numbered) == MAX_SCRIPT_PAGES  # a page's count is bounded, not obeyed
    away = '<base href="http://127.0.0.1:9/tzgg/">' + huge  # another site names every page
    listing = parse_html_listing(away, "http://news.example.cn/tzgg/", RULES)
    assert (listing.next_page, listing.numbered, listing.pages) == (None, (), ())


def test_base_href_resolves_links() -> None:
    html = '<base href="http://news.example.cn/a/b/"><a href="t20200101_5.html">x</a>'
    listing = parse_html_listing(html, "http://news.example.cn/z/", RULES)
    assert [link.url for link in listing.articles] == [
        "http://news.example.cn/a/b/t20200101_5.html"
    ]


def test_gbk_listing_bytes() -> None:
    html = (
        '<meta charset="gb2312"><li><a href="/2021-05/06/content_3.htm">镕基金会</a>'
        " 2021-05-06</li>"
    )
    listing = parse_page(html.encode("gb18030"), "http://news.example.cn/", RULES)
    assert listing.articles[0].text == "镕基金会"
    assert listing.articles[0].date == date(2021, 5, 6)


RSS = b"""<?xml version="1.0" encoding="gb2312"?>
<rss version="2.0"><channel><title>\xca\xbe\xc0\xfd</title>
<item><title>a</title><link>http://news.example.cn/2020-03/20/content_1.htm?from=rss</link>
<pubDate>Fri, 20 Mar 2020 10:00:00 +0800</pubDate></item>
<item><title>b</title><link>http://other.example.org/2020-03/20/content_2.htm</link></item>
<item><title>c</title><link> http://news.example.cn/special/story.html </link>
<pubDate>2020-03-19T08:00:00+08:00</pubDate></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>a</title><link rel="self" href="http://news.example.cn/feed/1"/>
<link href="http://news.example.cn/a/1.html"/><updated>2020-03-21T00:00:00Z</updated></entry>
<entry><title>b</title><link rel="alternate" href="http://news.example.cn/a/2.html"/></entry>
</feed>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://news.example.cn/szyw/202003/t20200320_1.html</loc><lastmod>2020-03-20</lastmod></url>
<url><loc>http://news.example.cn/szyw/</loc></url>
<url><loc>http://news.example.cn/about/story.html</loc></url>
</urlset>"""

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://news.example.cn/sitemap-2020.xml</loc></sitemap>
<sitemap><loc>http://other.example.org/sitemap.xml</loc></sitemap>
</sitemapindex>"""


def test_rss_items_on_hosts() -> None:
    listing = parse_page(RSS, "http://news.example.cn/rss.xml", RULES)
    assert listing.kind == "rss"
    assert [(link.url, link.date) for link in listing.articles] == [
        ("http://news.example.cn/2020-03/20/content_1.htm", date(2020, 3, 20)),
        ("http://news.example.cn/special/story.html", date(2020, 3, 19)),
    ]


def test_atom_alternate_links() -> None:
    listing = parse_page(
        ATOM, "http://news.example.cn/atom", RULES, content_type="application/atom+xml"
    )
    assert listing.kind == "atom"
    assert [(link.url, link.date) for link in listing.articles] == [
        ("http://news.example.cn/a/1.html", date(2020, 3, 21)),
        ("http://news.example.cn/a/2.html", None),
    ]


def test_sitemap_skips_column_pages() -> None:
    listing = parse_page(SITEMAP, "http://news.example.cn/sitemap.xml", RULES)
    assert listing.kind == "sitemap"
    assert [link.url for link in listing.articles] == [
        "http://news.example.cn/szyw/202003/t20200320_1.html",
        "http://news.example.cn/about/story.html",
    ]


def test_gzipped_sitemap_index() -> None:
    listing = parse_page(gzip.compress(SITEMAP_INDEX), "http://news.example.cn/s.xml.gz", RULES)
    assert listing.kind == "sitemapindex"
    assert listing.pages == ("http://news.example.cn/sitemap-2020.xml",)
    assert listing.articles == ()


def test_entity_expansion_is_refused() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<urlset><url><loc>http://news.example.cn/2020-03/20/content_1.htm&b;</loc></url></urlset>"""
    assert parse_xml_listing(bomb, "http://news.example.cn/s.xml", RULES) is None


def test_broken_xml_falls_back_to_html() -> None:
    body = b'<?xml version="1.0"?><urlset><url><loc>http://news.example.cn/1/12345.html'
    listing = parse_page(body, "http://news.example.cn/s.xml", RULES)
    assert listing.kind == "html"


@pytest.mark.parametrize(
    ("numbered", "n", "expected"),
    [
        (
            ((2, "http://n.cn/x/index_1.html"), (3, "http://n.cn/x/index_2.html")),
            40,
            "http://n.cn/x/index_39.html",
        ),
        (
            ((2, "http://n.cn/x/index_1.html"), (3, "http://n.cn/x/index_2.html")),
            3,
            "http://n.cn/x/index_2.html",
        ),
        (((2, "http://n.cn/x/index_1.html"), (3, "http://n.cn/x/index_2.html")), 1, None),
        (
            ((2, "http://n.cn/l.asp?page=2&c=7"), (5, "http://n.cn/l.asp?page=5&c=7")),
            9,
            "http://n.cn/l.asp?page=9&c=7",
        ),
        (((2, "http://n.cn/x/list_2.html"),), 5, None),
        (((2, "http://n.cn/a_2/p.html"), (3, "http://n.cn/b_3/p.html")), 5, None),
    ],
    ids=["trs_offset", "known", "page_one_is_start", "query", "one_link", "two_slots_move"],
)
def test_numbered_page_url(
    numbered: tuple[tuple[int, str], ...], n: int, expected: str | None
) -> None:
    assert numbered_page_url(numbered, n) == expected
