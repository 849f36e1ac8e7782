"""Table tests of listing understanding: which links of a page are its column's articles."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from listingstyles import Style, styles
from selectolax.lexbor import LexborHTMLParser

from cleaners.links.linkfamily import Choice, choose_articles
from cleaners.links.linktext import is_headline
from cleaners.links.listing import PageLinks, read_blocks, url_template
from cleaners.links.urls import canonicalize_url, host_of

STYLES = styles()


def page_links(html: str, url: str) -> PageLinks:
    """Read a page's same-host links into blocks, as discovery does."""
    tree = LexborHTMLParser(html)
    here = canonicalize_url(url) or url
    links = []
    for anchor in tree.css("a[href]"):
        target = canonicalize_url(anchor.attributes.get("href") or "", here)
        if target and target != here and host_of(target) == host_of(here):
            links.append((anchor, target))
    return read_blocks(here, links)


def choose(html: str, url: str, others: Sequence[PageLinks] = ()) -> Choice:
    return choose_articles(page_links(html, url), others)


@pytest.mark.parametrize("style", STYLES, ids=[s.name for s in STYLES])
def test_classifier_takes_the_column_list_and_nothing_else(style: Style) -> None:
    choice = choose(style.html, style.url)
    assert [f.url for f in choice.found] == list(style.articles)
    assert not set(style.sidebar) & {f.url for f in choice.found}
    assert {f.reason for f in choice.found} <= {"list_block", "dated_row", "url_shape"}
    assert dict(choice.refused).get("chrome", 0) > 0  # menus and footers were seen and refused


def test_styles_use_url_shapes_no_rule_knows() -> None:
    from cleaners.links.urls import article_pattern

    for style in STYLES:
        assert all(article_pattern(url) is None for url in style.articles), style.name
    assert len(STYLES) >= 8


def test_single_row_is_taken_for_its_date() -> None:
    style = next(s for s in STYLES if s.name == "table_single_row")
    [found] = choose(style.html, style.url).found
    assert found.reason == "dated_row"
    assert found.text == "市政府召开常务会议研究部署春季农业生产"


def test_pinned_headline_joins_the_list_of_its_url_template() -> None:
    style = next(s for s in STYLES if s.name == "pinned_headline_then_ol")
    found = choose(style.html, style.url).found
    assert found[0].url == style.articles[0]
    assert {f.reason for f in found} == {"list_block"}


def test_sidebar_is_refused_as_a_side_block() -> None:
    style = next(s for s in STYLES if s.name == "ul_span_hashed")
    assert dict(choose(style.html, style.url).refused)["side_block"] == len(style.sidebar)


def test_row_dates_are_read() -> None:
    style = next(s for s in STYLES if s.name == "ul_span_hashed")
    found = choose(style.html, style.url).found
    assert [f.date.isoformat() if f.date else None for f in found][:2] == [
        "2020-03-20",
        "2020-03-19",
    ]


SIDE = "".join(
    f'<li><a href="/xw/{i}.html">市场监管部门开展节前食品安全专项检查之{i}</a></li>'
    for i in range(5)
)


def listing_page(n: int) -> str:
    """Return page n of a column whose sidebar (same folder, no dates) shows on every page."""
    rows = "".join(
        f'<li><a href="/xw/{n * 10 + i}.html">全市重点项目集中开工活动在开发区举行第{n}{i}</a></li>'
        for i in range(6)
    )
    return f'<ul class="main">{rows}</ul><div class="box"><ul>{SIDE}</ul></div>'  # unnamed box


def test_blocks_on_every_listing_page_are_navigation() -> None:
    url = "http://www.example.cn/xw/"
    pages = [page_links(listing_page(n), f"{url}index_{n}.html") for n in (1, 2, 3)]
    alone = choose_articles(pages[0])
    assert len(alone.found) == 11  # one page alone: the sidebar looks like a second list
    choice = choose_articles(pages[0], pages)
    assert [f.url for f in choice.found] == [f"{url}{10 + i}.html" for i in range(6)]
    assert dict(choice.refused)["navigation"] == 5


def test_the_same_page_under_another_url_is_no_evidence_of_navigation() -> None:
    url = "http://www.example.cn/xw/"
    twice = [page_links(listing_page(1), url), page_links(listing_page(1), url + "index.html")]
    assert len(choose_articles(twice[0], twice).found) == 11


FRONT = """<div class="nav"><a href="/">首页</a><a href="/tzgg/">通知公告</a></div>
<div class="box"><div class="hd"><h3>通知公告</h3><a href="/tzgg/">更多&gt;&gt;</a></div>
<ul>{a}</ul></div>
<div class="box"><div class="hd"><h3>部门动态</h3><a href="/bmdt/list.html">更多</a></div>
<ul>{b}</ul></div>
<div class="box"><div class="hd"><h3>图片新闻</h3><a href="/tpxw/">more</a></div>
<ul>{c}</ul></div>
<div class="foot"><a href="/about/">关于我们</a></div>"""


def test_front_page_blocks_lead_to_their_columns() -> None:
    a = "".join(
        f'<li><a href="/tzgg/{i}.shtm">关于做好年度城乡居民医保缴费工作的通知{i}</a>'
        f"<span>2020-03-{10 + i}</span></li>"
        for i in range(6)
    )
    b = "".join(
        f'<li><a href="/bmdt/{i}.shtm">区人社局开展春风行动专场招聘会第{i}场</a></li>'
        for i in range(4)
    )
    c = "".join(
        f'<li><a href="/tpxw/{i}.shtm"><img src="{i}.jpg" alt="新建城市书房向市民开放第{i}家">'
        "</a></li>"
        for i in range(2)
    )  # a small undated block, far below the best one's score: kept for its column
    choice = choose(FRONT.format(a=a, b=b, c=c), "http://www.example.cn/")
    assert len(choice.found) == 12
    assert choice.columns == (
        "http://www.example.cn/tzgg/",
        "http://www.example.cn/bmdt/list.html",
        "http://www.example.cn/tpxw/",
    )


def test_a_column_page_follows_no_columns() -> None:
    style = next(s for s in STYLES if s.name == "ul_span_hashed")
    assert choose(style.html, style.url).columns == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市政府召开常务会议研究部署春季农业生产", True),
        ("通知公告", False),
        ("联系我们联系我们联系我们", False),
        ("Government Online Service Hall", False),
        ("2020年第一季度全市GDP同比增长6.1%", True),
        ("更多通知公告信息请点击这里", False),
        ("市" * 61, False),
    ],
    ids=["headline", "menu_word", "menu_text_long", "latin", "mixed_digits", "more", "too_long"],
)
def test_is_headline(text: str, expected: bool) -> None:
    assert is_headline(text) is expected


@pytest.mark.parametrize(
    ("url", "template"),
    [
        ("http://a.cn/xw/202003/t20200320_1.html", "a.cn/xw/9/t9_9.html"),
        ("http://a.cn/a/3f9c2e17b0d.html", "a.cn/a/{hash}.html"),
        ("http://a.cn/s/city-opens-new-library", "a.cn/s/{slug}"),
        ("http://a.cn/doc?cat=12&rec=881", "a.cn/doc?cat=*&rec=*"),
        ("http://a.cn/wz/88213", "a.cn/wz/9"),
    ],
    ids=["dated", "hashed", "slug", "query", "numbered"],
)
def test_url_template(url: str, template: str) -> None:
    assert url_template(url) == template
