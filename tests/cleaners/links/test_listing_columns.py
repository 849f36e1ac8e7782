"""Table tests of discovery on the column's own lists beside its main list, and what is not.

Invented pages in the layouts real portals use: a focus slider above a channel's feed, tab
panels numbered by id, a tab's table of one row, picture cards whose headline sits beside the
link, headlines naming Latin products, a front page whose news blocks share headlines with its
top lists, a box of headlines in one row. Each is read as a crawl reads its start URL.
"""

from __future__ import annotations

import pytest

from cleaners.links.linkfamily import choose_articles
from cleaners.links.linktext import is_headline
from cleaners.links.sitescope import site_scope
from flows.crawl.discover import LinkRules, parse_html_listing

URL = "https://money.example.cn/"
HEAD = [f"城市更新行动第{i}批重点项目今日集中开工建设" for i in range(40)]
OLD = [f"去年第{i}季度居民消费价格指数同比上涨回顾" for i in range(10)]


def _item(key: str, text: str, extra: str = "") -> str:
    return (
        f"<li><h3><a href='https://www.example.cn/article/{key}.html'>{text}</a></h3>{extra}</li>"
    )


def _ids(prefix: str, n: int) -> list[str]:
    """Base-36 ids as portals mint them: letters and digits mixed, one length."""
    return [f"{prefix}{i:02d}Q8K3TE{i % 7}5H9LP" for i in range(n)]


FEED = _ids("KA", 20)
SLIDE = _ids("KB", 4)
SIDE = _ids("KC", 10)
TAB1, TAB2 = _ids("KD", 3), _ids("KE", 3)
SIDE_COLUMN = (
    "<div class='col_right'>"
    + "".join(
        f"<div class='box{b}'><h2>栏目</h2><ul>"
        + "".join(_item(k, OLD[i]) for i, k in enumerate(SIDE[b * 5 : b * 5 + 5]))
        + "</ul></div>"
        for b in range(2)
    )
    + "</div>"
)
SLIDER_PAGE = (
    "<div class='area'><div class='col_main'>"
    + "<div class='focus'><ul class='slides'>"
    + "".join(_item(k, HEAD[30 + i]) for i, k in enumerate(SLIDE))
    + "</ul></div><div class='feed'><ul class='rows'>"
    + "".join(_item(k, HEAD[i]) for i, k in enumerate(FEED))
    + "</ul></div></div>"
    + SIDE_COLUMN
    + "</div>"
)
TABS_PAGE = (
    "<div class='area'><div class='col_main'><div class='news'>"
    + "<div class='tabs'><ul id='news_ul1'>"
    + "".join(_item(k, HEAD[30 + i]) for i, k in enumerate(TAB1))
    + "</ul><ul id='news_ul2'>"
    + "".join(_item(k, HEAD[33 + i]) for i, k in enumerate(TAB2))
    + "</ul></div><div class='tabs'><ul id='news_ul3'>"
    + "".join(_item(k, HEAD[i]) for i, k in enumerate(FEED))
    + "</ul></div></div></div>"
    + SIDE_COLUMN
    + "</div>"
)
RANK_TABLE = "<div class='tab'><table><tbody><tr><th>标题</th></tr>{rows}</tbody></table></div>"
ONE_ROW_TAB = (  # the third tab lists one entry, on another host of the site, of another shape
    "<div class='ranks'>"
    + "".join(
        RANK_TABLE.format(
            rows="".join(
                f"<tr><td><span>{i + 1}</span><a href='https://www.example.cn/21/0612/{t}{i}/"
                f"H{t}{i}R2MX7W3004417QD.html'>{HEAD[t * 10 + i]}</a></td></tr>"
                for i in range(10)
            )
        )
        for t in range(2)
    )
    + RANK_TABLE.format(
        rows="<tr><td><span>1</span><a href='https://play.example.cn/18/0305/11/"
        f"qzrt4k2200415ab7.html'>{OLD[0]}</a></td></tr>"
    )
    + "</div>"
)
PICTURE_CARDS = (
    "<div class='grid'>"
    + "".join(
        f"<div class='card'><a href='/post/{900 + i}'><img src='/c/{i}.jpg'></a>"
        f"<div class='title'>{HEAD[i]}</div><span>作者{i}</span></div>"
        for i in range(6)
    )
    + "</div>"
)
LATIN = [
    "OpenAI 发布 GPT-5：Notion 日历与 iPhone 的 AI 新体验",
    "Tools+1 | 「笔记」的 AI 时代新用法，Obsidian Sync",
    "周末读 | 这一周值得一试的 iOS App 与 Mac 工具",
]
LATIN_CARDS = "".join(
    f"<div class='card'><a href='/post/{800 + i}'><img src='/c/{i}.jpg'></a>"
    f"<a href='/post/{800 + i}'>{text}</a></div>"
    for i, text in enumerate(LATIN + HEAD[:3])
)
SECTION = "<div class='sec{k}'><h2>栏目{k}</h2><ul class='l{k}'>{rows}</ul></div>"


def _front(top: str) -> str:
    """A front page of one top list and 14 news blocks."""
    return top + (
        "".join(
            SECTION.format(
                k=k,
                rows="".join(
                    f"<li><a href='https://c{k}.example.cn/{i}.html'>{HEAD[i]}{k}</a></li>"
                    for i in range(3)
                ),
            )
            for k in range(14)
        )
    )


TOP_LIST = (  # numbered in its text, before the news blocks; its first entry is block 0's
    "<div class='hot'><ul>"
    + "<li><a href='https://c0.example.cn/1.html'>1"
    + HEAD[1]
    + "0</a></li>"
    + "".join(f"<li><a href='/hot/{i}.html'>{i + 1}{OLD[i]}</a></li>" for i in range(1, 8))
    + "</ul></div>"
)
YEAR_LIST = (  # headlines opening with a year are no ranks: a news block of its own
    "<div class='years'><ul>"
    + "".join(f"<li><a href='/y/{i}.html'>2025年{OLD[i]}</a></li>" for i in range(2))
    + "</ul></div>"
)
BOX_ROWS = (  # a column of six boxes, each a short list of three columns' headlines:
    # the boxes repeat more than their rows do, so each box reads as one "row"
    "<div class='mid'>"
    + "".join(
        "<div class='box'><ul>"
        + "".join(
            f"<li><a href='https://www.example.cn/{c}/2025-04-2{k}/doc-{k}{c}.shtml'>"
            f"{HEAD[k * 3 + j]}</a></li>"
            for j, c in enumerate(("roll", "bank", "tech"))
        )
        + "</ul></div>"
        for k in range(6)
    )
    + "</div>"
)

LAYOUTS = [
    ("slider_above_the_feed", SLIDER_PAGE, {*FEED, *SLIDE}),
    ("tab_panels_numbered_by_id", TABS_PAGE, {*FEED, *TAB1, *TAB2}),
    ("picture_cards_with_headline_beside", PICTURE_CARDS, {f"/post/{900 + i}" for i in range(6)}),
    ("latin_named_headlines", LATIN_CARDS, {f"/post/{800 + i}" for i in range(6)}),
]


def _found(html: str) -> list[str]:
    rules = LinkRules(site_scope([URL]))
    return [link.url for link in parse_html_listing(f"<body>{html}</body>", URL, rules).articles]


@pytest.mark.parametrize(
    ("html", "keys"), [row[1:] for row in LAYOUTS], ids=[row[0] for row in LAYOUTS]
)
def test_the_column_lists_and_nothing_else_are_taken(html: str, keys: set[str]) -> None:
    found = _found(html)
    assert len(found) == len(keys), found
    assert all(any(key in url for key in keys) for url in found), found


def test_a_tab_table_of_one_row_is_taken_with_its_siblings() -> None:
    found = _found(ONE_ROW_TAB)
    assert len(found) == 21, found


def test_a_front_page_takes_its_news_blocks_and_a_top_lists_repeat() -> None:
    found = set(_found(_front(TOP_LIST)))
    assert len(found) == 14 * 3, sorted(found)
    assert "https://c0.example.cn/1.html" in found
    assert not any("/hot/" in url for url in found)


def test_headlines_opening_with_a_year_are_no_top_list() -> None:
    found = _found(_front(YEAR_LIST))
    assert sum("/y/" in url for url in found) == 2, found


def test_a_box_of_headlines_in_one_row_gives_every_headline() -> None:
    found = _found(BOX_ROWS)
    assert sum("doc-" in url for url in found) == 18, found


@pytest.mark.parametrize("text", LATIN)
def test_a_headline_naming_latin_products_is_a_headline(text: str) -> None:
    assert is_headline(text)


@pytest.mark.parametrize("text", ["Home News About Contact Us", "iPhone 16 Pro Max 256GB 黑色"])
def test_latin_menus_and_product_names_are_no_headline(text: str) -> None:
    assert not is_headline(text)


def _paged(n: int) -> str:
    """Return page n of a column: its own rows, then a box of page 1's rows on every page."""
    own = "".join(_item(f"P{n}{i}", HEAD[n * 6 + i]) for i in range(6))
    box = "".join(_item(f"P1{i}", HEAD[6 + i]) for i in range(6))
    return f"<ul class='main'>{own}</ul><div class='pics'><ul>{box}</ul></div>"


def test_a_list_keeps_its_articles_that_a_site_wide_box_repeats() -> None:
    rules = LinkRules(site_scope([URL]))
    pages = [
        parse_html_listing(f"<body>{_paged(n)}</body>", f"{URL}list_{n}.html", rules).links
        for n in (1, 2, 3)
    ]
    assert all(links is not None for links in pages)
    known = [links for links in pages if links is not None]
    choice = choose_articles(known[0], known)
    assert sorted(f.url.rsplit("/", 1)[1] for f in choice.found) == [
        f"P1{i}.html" for i in range(6)
    ]


STALE_BOX = (  # a furnishing advertiser's box, two years older than the news around it
    "<div class='ads'><ul>"
    + "".join(
        f"<li><a href='/home/20230{i + 1}0{i + 1}/{i}.shtml'>{OLD[i]}</a></li>" for i in range(3)
    )
    + "</ul></div>"
)
DATED_FRONT = "".join(
    SECTION.format(
        k=k,
        rows="".join(
            f"<li><a href='https://c{k}.example.cn/2025-04-2{i}/doc-{k}{i}.shtml'>{HEAD[i]}{k}</a></li>"
            for i in range(3)
        ),
    )
    for k in range(14)
)


def test_a_front_page_leaves_a_box_a_year_older_than_its_news() -> None:
    found = _found(DATED_FRONT + STALE_BOX)
    assert len(found) == 14 * 3 and not any("/home/" in url for url in found), found


def test_a_click_counter_link_is_no_article() -> None:
    ad = (
        "<li><a href='https://ad.example.cn/click?t=9&url=https%3A%2F%2Fwww.example.cn%2F'>"
        "新用户注册即送会员大礼包立即领取</a></li>"
    )
    rows = "".join(_item(k, HEAD[i]) for i, k in enumerate(FEED[:6]))
    found = _found(f"<ul class='feed'>{rows}{ad}</ul>")
    assert len(found) == 6 and not any("click" in url for url in found), found


HOT = [*FEED[:5], *_ids("KH", 5)]  # a hot list: five of the feed's headlines, five of its own
HOT_BOX = (
    "<div class='right'><div class='hot'><ul>"
    + "".join(_item(k, HEAD[i] if i < 5 else OLD[i]) for i, k in enumerate(HOT))
    + "</ul></div></div>"
)
FEED_BOX = (
    "<div class='main'><ul class='list'>"
    + "".join(_item(k, HEAD[i]) for i, k in enumerate(FEED))
    + "</ul></div>"
)


@pytest.mark.parametrize("html", [FEED_BOX + HOT_BOX, HOT_BOX + FEED_BOX], ids=["after", "before"])
def test_a_hot_list_repeating_the_feed_is_no_bigger_for_it(html: str) -> None:
    found = _found(f"<div class='wrap'>{html}</div>")
    assert len(found) == 20 and not any("/KH" in url for url in found), found
