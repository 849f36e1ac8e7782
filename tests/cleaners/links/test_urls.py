"""Table tests of URL canonicalisation, article-URL shapes, host checks and URL dates."""

from __future__ import annotations

from datetime import date

import pytest

from cleaners.links.urls import (
    article_pattern,
    canonicalize_url,
    listing_pattern,
    on_hosts,
    source_hosts,
    url_date,
)

CANONICAL = [
    ("HTTP://News.Example.CN/a/b.html", None, "http://news.example.cn/a/b.html"),
    ("http://example.cn:80/a.html", None, "http://example.cn/a.html"),
    ("https://example.cn:443/a.html", None, "https://example.cn/a.html"),
    ("http://example.cn:8080/a.html", None, "http://example.cn:8080/a.html"),
    ("http://example.cn/a.html#comments", None, "http://example.cn/a.html"),
    ("http://example.cn", None, "http://example.cn/"),
    ("http://example.cn//a///b.html", None, "http://example.cn/a/b.html"),
    ("http://example.cn/a/./b/../c.html", None, "http://example.cn/a/c.html"),
    ("http://example.cn/col/", None, "http://example.cn/col/"),
    (
        "http://example.cn/a.html?utm_source=wx&id=3&utm_medium=x",
        None,
        "http://example.cn/a.html?id=3",
    ),
    ("http://example.cn/a.html?from=timeline&spm=a.b.c", None, "http://example.cn/a.html"),
    ("http://example.cn/a.html?b=2&a=1", None, "http://example.cn/a.html?b=2&a=1"),
    ("http://example.cn/a.html?q=%e4%b8%ad", None, "http://example.cn/a.html?q=%E4%B8%AD"),
    ("http://example.cn/新闻/a.html", None, "http://example.cn/%E6%96%B0%E9%97%BB/a.html"),
    ("http://example.cn/a b.html", None, "http://example.cn/a%20b.html"),
    (
        "../t20200320_1.html",
        "http://example.cn/xxgk/202003/",
        "http://example.cn/xxgk/t20200320_1.html",
    ),
    ("./list_2.html", "http://example.cn/news/list_1.html", "http://example.cn/news/list_2.html"),
    ("/a.html", "https://Example.cn:443/x/", "https://example.cn/a.html"),
    ("//cdn.example.cn/a.html", "https://example.cn/", "https://cdn.example.cn/a.html"),
    ("  http://example.cn/a.html\n", None, "http://example.cn/a.html"),
    (
        "/news/\n  2020-03/20/content_1.htm",
        "http://example.cn/",
        "http://example.cn/news/%20%202020-03/20/content_1.htm",
    ),
    (
        "/news/\r\n2020-03/20/content_1.htm",
        "http://example.cn/",
        "http://example.cn/news/2020-03/20/content_1.htm",
    ),
    ("http://example.cn./a.html", None, "http://example.cn/a.html"),
    ("http://user:secret@example.cn/a.html", None, "http://example.cn/a.html"),
    ("//admin@example.cn:8080/a.html", "https://example.cn/", "https://example.cn:8080/a.html"),
]


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    CANONICAL,
    ids=[f"{i}:{row[0][:40]}" for i, row in enumerate(CANONICAL)],
)
def test_canonicalize(url: str, base: str | None, expected: str) -> None:
    assert canonicalize_url(url, base) == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:void(0)",
        "javascript:;",
        "mailto:news@example.cn",
        "ftp://example.cn/a.txt",
        "tel:010-12345678",
        "",
        "   ",
        "http://example.cn:99999/a.html",
    ],
)
def test_canonicalize_rejects_non_pages(url: str) -> None:
    assert canonicalize_url(url, "http://example.cn/") is None


def test_canonicalize_rejects_a_url_without_host() -> None:
    assert canonicalize_url("http://") is None


def test_canonical_form_is_a_fixed_point() -> None:
    for url, base, _ in CANONICAL:
        once = canonicalize_url(url, base)
        assert once is not None
        assert canonicalize_url(once) == once


ARTICLES = [
    ("http://gov.example.cn/xxgk/202003/t20200320_123456.html", "trs_t_date_id"),
    ("http://news.example.cn/2020-03/20/content_5493.htm", "content_id"),
    ("http://news.example.cn/local/2020-03/20/a123.html", "dashed_date_dir"),
    ("http://news.example.cn/2020-03-20/4567.html", "dashed_date_dir"),
    ("http://news.example.cn/jlxw/202003/20/abc3051.html", "compact_date_dir"),
    ("http://business.example.cn/20050311/n224643115.shtml", "compact_date_dir"),
    ("http://paper.example.cn/n1/2020/0320/c14739-31641005.html", "year_dirs"),
    ("http://news.example.cn/2020/03/20/88.html", "year_dirs"),
    ("http://zj.example.cn/art/2020/3/20/art_1229_42.html", "art_id"),
    ("http://auto.example.cn/90/63/article215506390.shtml", "shtml_digits"),
    ("http://org.example.cn/details.asp?detailsid=2359", "detail_query_id"),
    ("http://org.example.cn/news/detail.asp?id=12", "detail_query_id"),
    ("http://org.example.cn/show.php?cat=2&newsid=77", "detail_query_id"),
    ("http://org.example.cn/a/123456.html", "numeric_page"),
    ("http://blog.example.cn/u/archive/2005/07/31/255509.aspx", "year_dirs"),
    ("http://news.example.cn/050404/346/2al02.html", "short_date_dir"),
    ("http://biz.example.cn/05/0425/08/1I606VE600020QGP.html", "short_date_dir"),
    ("http://blog.example.cn/more.asp?name=abc&id=22546", "detail_query_id"),
]


@pytest.mark.parametrize(
    ("url", "name"), ARTICLES, ids=[n + str(i) for i, (_, n) in enumerate(ARTICLES)]
)
def test_article_shapes(url: str, name: str) -> None:
    assert article_pattern(url) == name


NOT_ARTICLES = [
    ("http://gov.example.cn/xxgk/", "directory"),
    ("http://gov.example.cn/xxgk/index.html", "index_page"),
    ("http://gov.example.cn/xxgk/index_1.html", "index_page"),
    ("http://news.example.cn/jlxw/list_2.html", "list_page"),
    ("http://news.example.cn/2020-03/20/node_123.htm", "node_column"),
    ("http://news.example.cn/news.asp?page=2", "page_query"),
    ("http://news.example.cn/news/list.asp?id=3", "list_page"),
    ("http://news.example.cn/default.aspx", "index_page"),
]


@pytest.mark.parametrize(("url", "name"), NOT_ARTICLES, ids=[n for _, n in NOT_ARTICLES])
def test_listing_pages_are_not_articles(url: str, name: str) -> None:
    assert listing_pattern(url) == name
    assert article_pattern(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://news.example.cn/about.html",
        "http://news.example.cn/contact/us.html",
        "http://news.example.cn/images/logo.png",
        "http://news.example.cn/051399/1/a1.html",  # no month 13: not a date folder
        "http://news.example.cn/2020/03/20/photo.jpg",
    ],
)
def test_other_pages_are_not_articles(url: str) -> None:
    assert article_pattern(url) is None


HOSTS = source_hosts(
    ["http://www.Example.cn/news/", "https://gov.example.cn/"], ("*.static.example.cn",)
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.example.cn/a.html", True),
        ("http://example.cn/a.html", True),  # www. and the bare host are one portal
        ("https://gov.example.cn/x", True),
        ("http://www.gov.example.cn/x", True),
        ("http://img.static.example.cn/x", True),
        ("http://static.example.cn/x", True),
        ("http://other.example.cn/a.html", False),
        ("http://example.cn.evil.test/a.html", False),
        ("mailto:a@example.cn", False),
    ],
)
def test_on_hosts(url: str, expected: bool) -> None:
    assert on_hosts(url, HOSTS) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://g.example.cn/xxgk/202003/t20200320_1.html", date(2020, 3, 20)),
        ("http://n.example.cn/2020-03/21/content_1.htm", date(2020, 3, 21)),
        ("http://n.example.cn/20050311/n224643115.shtml", date(2005, 3, 11)),
        ("http://n.example.cn/202003/22/a1.html", date(2020, 3, 22)),
        ("http://n.example.cn/n1/2020/0323/c1-2.html", date(2020, 3, 23)),
        ("http://n.example.cn/2020/03/24/9.html", date(2020, 3, 24)),
        ("http://n.example.cn/xxgk/202013/t20201340_1.html", None),
        ("http://n.example.cn/about.html", None),
    ],
)
def test_url_date(url: str, expected: date | None) -> None:
    assert url_date(url) == expected
