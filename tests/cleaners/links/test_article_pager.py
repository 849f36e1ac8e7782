"""An article's further pages are read from its pager by general signals, in order."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners.links.article_pager import article_parts

TRS = "http://www.example.gov.cn/zwgk/202405/t20240520_123.html"
INDEX = "http://news.example.cn/2024/0520/a123/index.html"
QUERY = "http://www.example.cn/show.asp?id=9"


def parts(html: str, url: str) -> tuple[str, ...]:
    return article_parts(LexborHTMLParser(html), url)


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        ('<div>上一页 <span>1</span> <a href="t20240520_123_1.html">2</a> '
         '<a href="t20240520_123_2.html">3</a> <a href="t20240520_123_1.html">下一页</a></div>',
         TRS, ("t20240520_123_1.html", "t20240520_123_2.html")),
        ('<p><a href="index.html">1</a> <a href="index_2.html">2</a> <a href="index_3.html">3</a>'
         "</p>", INDEX, ("index_2.html", "index_3.html")),
        ('<a href="show.asp?id=9&amp;page=2">[2]</a><a href="show.asp?id=9&amp;page=3">[3]</a>',
         QUERY, ("show.asp?id=9&page=2", "show.asp?id=9&page=3")),
        ('<a href="t20240520_123_2.html">第2页</a>', TRS, ("t20240520_123_2.html",)),
        ('<span>1</span><a href="t20240520_123_1.html">2</a><a href="t20240520_123_2.html">3</a>'
         '<span>…</span> 共5页', TRS, ("t20240520_123_1.html", "t20240520_123_2.html",
                                    "t20240520_123_3.html", "t20240520_123_4.html")),
    ],
    ids=["trs", "index", "query", "di-ye", "window-gong"],
)  # fmt: skip
def test_pagers(html: str, url: str, expected: tuple[str, ...]) -> None:
    base = url.rsplit("/", 1)[0] + "/"
    assert parts(html, url) == tuple(base + e for e in expected)


@pytest.mark.parametrize(
    ("html", "url"),
    [
        ('<a href="t20240521_124.html">2</a><a href="t20240522_125.html">3</a>', TRS),
        ('<a href="/zwgk/index_1.html">2</a><a href="/zwgk/index_2.html">3</a>', TRS),
        ('<a href="t20240520_123_2.html">3</a><a href="t20240520_123_3.html">4</a>', TRS),
        ('<a href="t20240520_123_1.html">2</a><a href="t20240520_123_1.html">3</a>', TRS),
        ('<a href="t20240520_123_1.html">下一页</a>', TRS),
        ('<a href="http://other.example.cn/zwgk/202405/t20240520_123_1.html">2</a>', TRS),
        ('<a href="show.asp?id=10">2</a>', QUERY),
        ("<p>共3页</p>", TRS),
    ],
    ids=["other-articles", "listing-pager", "no-page-2", "same-url", "next-only", "other-host",
         "other-id", "count-only"],
)  # fmt: skip
def test_not_pagers(html: str, url: str) -> None:
    assert parts(html, url) == ()
