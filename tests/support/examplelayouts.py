"""Listing layouts like those of the portals in the example sources.toml, written from scratch.

Each layout knows how its CMS names article URLs (relative to the listing's folder or to the
site root) and how it writes a listing row; a page built from it carries a menu, a sidebar of
other columns' articles of the same URL shape, and a footer. A test pairs each example
source with the layouts whose article URLs its `article` regex accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

from crawlportal import SENTENCES

ROWS = 8  # articles on the listing page
SIDE = 5  # other columns' articles in the sidebar
TITLES = tuple(f"全市各地扎实推进春季重点工作新闻稿第{i + 1}篇" for i in range(ROWS))
SIDE_TITLES = tuple(f"其他栏目推荐阅读:一季度经济运行情况分析之{i + 1}" for i in range(SIDE))


@dataclass(frozen=True, slots=True)
class Layout:
    """A CMS's article URL scheme and listing row markup."""

    name: str
    href: Callable[[int, bool], str]  # (i, sidebar?) -> href as the page writes it
    row: Callable[[str, str, int], str]  # (href, title, i) -> one row's HTML
    wrap: Callable[[str], str]  # rows -> the list's container


def _trs_href(i: int, side: bool) -> str:
    return (
        f"../qtlm/202003/t202003{19 - i:02d}_{5000 + i}.html"
        if side
        else (f"./202003/t202003{20 - i:02d}_{9000 + i}.html")
    )


def _content_href(i: int, side: bool) -> str:
    return (
        f"../../zhengce/202003/content_{7700 + i}.htm"
        if side
        else (f"./202003/content_{4400 + i}.htm")
    )


def _n1_href(i: int, side: bool) -> str:
    return (
        f"/n1/2020/03{10 + i:02d}/c2001-{3300 + i}.html"
        if side
        else (f"/n1/2020/03{20 - i:02d}/c1008-{6600 + i}.html")
    )


def _c_folder_href(i: int, side: bool) -> str:
    return f"../n9999999/c{810 + i}/content.html" if side else f"c{71000 + i}/content.html"


def _sh_href(i: int, side: bool) -> str:
    return (
        f"/gn/2020/03-{10 + i:02d}/{1200 + i}.shtml"
        if side
        else (f"/sh/2020/03-{20 - i:02d}/{9100 + i}.shtml")
    )


def _day(i: int) -> str:
    return f"2020-03-{20 - i:02d}"


LAYOUTS = (
    Layout(
        "trs_ul_span",
        _trs_href,
        lambda h, t, i: f'<li><a href="{h}" target="_blank">{t}</a><span>{_day(i)}</span></li>',
        lambda rows: f'<div class="list_con"><ul>{rows}</ul></div>',
    ),
    Layout(
        "trs_table",
        _trs_href,
        lambda h, t, i: (
            f'<tr><td class="dot">·</td><td><a href="{h}">{t}</a></td><td>[{_day(i)}]</td></tr>'
        ),
        lambda rows: f'<table width="100%" cellpadding="0">{rows}</table>',
    ),
    Layout(
        "content_id_month",
        _content_href,
        lambda h, t, i: (
            f'<li><h4><a href="{h}">{t}</a><span class="date">{_day(i)}</span></h4></li>'
        ),
        lambda rows: f'<div class="news_box"><div class="list list_1"><ul>{rows}</ul></div></div>',
    ),
    Layout(
        "n1_year_dirs",
        _n1_href,
        lambda h, t, i: (
            f'<li><a href="{h}" target="_blank">{t}</a><em>2020年03月{20 - i:02d}日</em></li>'
        ),
        lambda rows: f'<div class="ej_list_box"><ul class="list_ej2">{rows}</ul></div>',
    ),
    Layout(
        "c_folder_content",
        _c_folder_href,
        lambda h, t, i: f'<li><a href="{h}" title="{t}">{t}</a><span>{_day(i)}</span></li>',
        lambda rows: f'<div class="list"><ul class="xwlist">{rows}</ul></div>',
    ),
    Layout(
        "sh_dated_shtml",
        _sh_href,
        lambda h, t, i: (
            f'<li><div class="dd_lm">[社会]</div><div class="dd_bt"><a href="{h}">{t}</a></div>'
            f'<div class="dd_time">3-{20 - i} 10:{i:02d}</div></li>'
        ),
        lambda rows: f'<div class="content_list"><ul>{rows}</ul></div>',
    ),
)


def listing_page(layout: Layout, url: str) -> tuple[str, list[str], list[str]]:
    """Return a listing page at `url`: its HTML, its article URLs and its sidebar's."""
    rows = "".join(layout.row(layout.href(i, False), TITLES[i], i) for i in range(ROWS))
    side = "".join(
        f'<li><a href="{layout.href(i, True)}">{SIDE_TITLES[i]}</a></li>' for i in range(SIDE)
    )
    menu = "".join(
        f'<a href="/{p}/">{t}</a>' for p, t in (("", "首页"), ("xw", "新闻"), ("zw", "政务"))
    )
    html = (
        '<html><head><meta charset="utf-8"><title>栏目_示例网</title></head><body>'
        f'<div class="header"><div class="nav">{menu}</div></div>'
        '<div class="pos">当前位置:<a href="/">首页</a> &gt; 栏目</div>'
        f'<div class="main"><div class="left">{layout.wrap(rows)}</div>'
        f'<div class="right"><h3>推荐阅读</h3><ul class="tj">{side}</ul></div></div>'
        '<div class="footer"><a href="/about/">关于我们</a> | <a href="/contact/">联系我们</a>'
        "<p>版权所有 示例网 未经授权禁止复制</p></div></body></html>"
    )
    articles = [urljoin(url, layout.href(i, False)) for i in range(ROWS)]
    return html, articles, [urljoin(url, layout.href(i, True)) for i in range(SIDE)]


def article_page(i: int) -> str:
    """Return an article page whose text differs from every other one."""
    paragraphs = "".join(
        f"<p>第{i}篇报道之{k}:{SENTENCES[(i * 3 + k) % len(SENTENCES)]}"
        f"{SENTENCES[(i * 7 + k * 5 + 1) % len(SENTENCES)]}记者了解到相关工作正在推进。</p>"
        for k in range(4)
    )
    return (
        f'<html><head><meta charset="utf-8"><title>报道{i}</title></head><body>'
        f"<h1>全市各地扎实推进春季重点工作新闻稿第{i}篇</h1>"
        f'<div class="info">2020-03-20 10:00 来源:示例网</div><div id="mainText">{paragraphs}'
        "</div></body></html>"
    )
