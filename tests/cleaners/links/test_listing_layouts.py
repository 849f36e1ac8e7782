"""Table tests of discovery on real-life listing layouts: each row a page and what it lists.

Written from the layouts of real portals (invented text and URLs): card links holding
headline, summary and time; feed rows with a comment-count link; a header mega-menu of
label + description links; a side column of headlines; a calendar of date-shaped links;
tabs of short lists; articles on another host of the same site.
"""

from __future__ import annotations

import pytest

from cleaners.links.sitescope import site_scope
from flows.crawl.discover import LinkRules, parse_html_listing

URL = "https://news.example.cn/channel/"
HEAD = [f"城市更新行动第{i}批重点项目今日集中开工建设" for i in range(12)]


def _cards(n: int) -> str:
    return "".join(
        f'<a class="card" href="/news/{1000 + i}"><div>{i + 1} 小时前</div><div>来源</div>'
        f"<div>{HEAD[i]}</div><div>{'本报讯 记者从市住建部门获悉，' * 3}</div></a>"
        for i in range(n)
    )


MEGA_MENU = (
    '<header><div class="menu"><a href="/daily">AI日报每天三分钟关注行业趋势</a>'
    '<a href="/cases">最新案例变现案例分享合集</a><a href="/course">最新教程免费分享最新教程</a>'
    "</div></header>"
)
COMMENT_ROWS = "".join(
    f'<li><a href="https://www.example.cn/article/A{i}.html">{HEAD[i]}</a>'
    f'<a href="https://comment.example.cn/A{i}.html">{i} 跟贴 {i}</a></li>'
    for i in range(8)
)
SIDE_COLUMN = "".join(
    f'<li><a href="/hot/{i}.html">热门阅读排行第{i}名的文章标题在这里</a></li>' for i in range(8)
)
CALENDAR = "".join(f'<li><a href="/2020-07/{d:02d}/index1.html">{d}</a></li>' for d in range(1, 29))
TAB = "<li><a href=/t/{t}{i}.html>{head}{t}</a></li>"
TABS = "".join(
    "<div><ul>" + "".join(TAB.format(t=t, i=i, head=HEAD[i]) for i in range(3)) + "</ul></div>"
    for t in range(5)
)
SECTION = "<div id='s{k}' class='sec{k}'><h2>栏目{k}</h2><ul class='l{k}'>{rows}</ul></div>"
FRONT = (
    "".join(
        SECTION.format(
            k=k,
            rows="".join(
                f"<li><a href='https://c{k}.example.cn/{i}.html'>{HEAD[i]}{k}</a></li>"
                for i in range(2 + k % 3)
            ),
        )
        for k in range(14)
    )
    + "<div class='hot'><ol>"
    + "".join(f"<li><a href='/hot/{i}.html'>{i + 1}{HEAD[i]}</a></li>" for i in range(10))
    + "</ol></div>"
)
FRONT_COUNT = sum(2 + k % 3 for k in range(14))
MENU_ROW = "<li><a href='/channel/tools/{k}-{i}'>工具精选{k}组每周更新推荐合集{i}</a></li>"
RANK_ROWS = "".join(f"<tr><td><a href=/r/{i}.html>{HEAD[i]}</a></td></tr>" for i in range(10))

LAYOUTS = [
    ("cards", f"{MEGA_MENU}<main><div class='grid'>{_cards(10)}</div></main>", 10, "/news/"),
    ("comment_rows", f"<ul class='feed'>{COMMENT_ROWS}</ul>", 8, "www.example.cn/article/"),
    (
        "side_column",
        f"<ul class='feed'>{COMMENT_ROWS}</ul><div class='sidebar'><ul>{SIDE_COLUMN}</ul></div>",
        8,
        "www.example.cn/article/",
    ),
    (
        "calendar",
        f"<ul class='cal'>{CALENDAR}</ul><table>{RANK_ROWS}</table>",
        10,
        "/r/",
    ),
    ("tabs_of_short_lists", TABS, 15, "/t/"),
    ("front_page_of_many_blocks", FRONT, FRONT_COUNT, "://c"),  # not the ranked /hot/ list
]


@pytest.mark.parametrize(
    ("html", "count", "family"), [row[1:] for row in LAYOUTS], ids=[row[0] for row in LAYOUTS]
)
def test_the_list_and_nothing_else_is_taken(html: str, count: int, family: str) -> None:
    rules = LinkRules(site_scope([URL]))
    found = [link.url for link in parse_html_listing(f"<body>{html}</body>", URL, rules).articles]
    assert len(found) == count, found
    assert all(family in url for url in found), found


def test_card_links_keep_their_headline_as_text() -> None:
    rules = LinkRules(site_scope([URL]))
    links = parse_html_listing(f"<body><div>{_cards(3)}</div></body>", URL, rules).articles
    assert [link.text for link in links] == HEAD[:3]


def test_comment_links_are_refused_as_row_extras() -> None:
    listing = parse_html_listing(f"<ul>{COMMENT_ROWS}</ul>", URL, LinkRules(site_scope([URL])))
    assert dict(listing.refused)["row_extra"] == 8


def test_the_start_host_alone_finds_nothing_on_another_host() -> None:
    listing = parse_html_listing(
        f"<ul>{COMMENT_ROWS}</ul>", URL, LinkRules(frozenset({"news.example.cn"}))
    )
    assert listing.articles == ()


def test_a_menu_of_pages_named_by_words_loses_to_a_list_named_by_numbers() -> None:
    menu = "".join(
        f"<div class='tab'><ul>{''.join(MENU_ROW.format(k=k, i=i) for i in 'abcdef')}</ul></div>"
        for k in ("writing", "image", "audio")
    )
    feed = "".join(
        f"<li><a href='/channel/{1000 + i}'>{HEAD[i]}</a><span>2025-04-{i + 1:02d}</span></li>"
        for i in range(12)
    )
    html = f"<body><div class='top'>{menu}</div><ul class='feed'>{feed}</ul></body>"
    found = parse_html_listing(html, URL, LinkRules(site_scope([URL]))).articles
    assert [link.url for link in found] == [f"{URL}{1000 + i}" for i in range(12)]
