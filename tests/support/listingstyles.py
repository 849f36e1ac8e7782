"""Listing pages in the layouts of many portal CMSs, made up for the discovery tests.

Each style is one column's listing: its own article list (table rows, list items with a
date, definition lists, cards, bare links…) with article URLs of a shape of its own, and
around it what every portal page has: a menu, a breadcrumb, ads, a sidebar of other
columns' articles and a footer. `Style.articles` are the links a classifier must take;
`Style.sidebar` are article links of other columns it must leave.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

HEADLINES = (
    "市政府召开常务会议研究部署春季农业生产",
    "全市重点项目集中开工活动在开发区举行",
    "关于做好二〇二〇年度城乡居民医保缴费工作的通知",
    "我市新建改建农村公路四百公里通车",
    "教育部门发布今年义务教育招生工作安排",
    "第三届乡村旅游文化节将于下月开幕",
    "区人社局开展春风行动专场招聘会",
    "生态环境局通报一季度空气质量状况",
)
SIDE_HEADLINES = (
    "市场监管部门开展节前食品安全专项检查",
    "消防救援支队进社区开展安全宣传活动",
    "图书馆推出线上借阅和自助取书服务",
    "供电公司完成城区十座变电站检修任务",
    "公交集团调整三条线路首末班时间",
)
DATES = tuple(f"2020-03-{20 - i:02d}" for i in range(len(HEADLINES)))


@dataclass(frozen=True, slots=True)
class Style:
    """One listing page: its URL, its HTML, and which of its links are its articles."""

    name: str
    url: str
    html: str
    articles: tuple[str, ...]  # absolute URLs, in document order
    sidebar: tuple[str, ...]  # other columns' article links on the page (not to be taken)


def _menu(flavour: int) -> str:
    """Return a site menu, written the way a CMS of that flavour writes it."""
    items = [("/", "首页"), ("/zwgk/", "政务公开"), ("/xwzx/", "新闻中心"), ("/bsfw/", "办事服务")]
    items += [("/hdjl/", "互动交流"), ("/ztzl/", "专题专栏")]
    if flavour == 0:
        links = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in items)
        return f'<div class="nav"><ul class="menu">{links}</ul></div>'
    if flavour == 1:
        links = " | ".join(f'<a href="{h}" target="_blank">{t}</a>' for h, t in items)
        return f'<table class="top"><tr><td align="center">{links}</td></tr></table>'
    links = "".join(f'<span class="item"><a href="{h}">{t}</a></span>' for h, t in items)
    return f'<nav id="mainNav"><div class="wrap">{links}</div></nav>'


def _crumb(column: str, name: str) -> str:
    """Return a 您当前的位置 breadcrumb up to the column."""
    return (
        '<div class="crumb">您当前的位置:<a href="/">首页</a> &gt; '
        f'<a href="/xwzx/">新闻中心</a> &gt; <a href="{column}">{name}</a></div>'
    )


def _ads() -> str:
    """Return an on-site banner, an off-site ad and a 'click here' promotion."""
    return (
        '<div class="ad"><a href="/zt/2020/banner.html"><img src="/img/ad1.jpg"></a>'
        '<a href="http://ads.example.net/click?id=3"><img src="/img/ad2.gif"></a>'
        '<a href="/zt/hdjl/">点击进入</a></div>'
    )


def _sidebar(base: str, template: Callable[[int], str], dated: bool) -> tuple[str, list[str]]:
    """Return a 热点排行 box of other columns' articles and their absolute URLs."""
    urls = [template(i) for i in range(len(SIDE_HEADLINES))]
    rows = "".join(
        f'<li><a href="{u}" title="{t}">{t}</a>'
        + (f"<em>03-{10 + i:02d}</em>" if dated else "")
        + "</li>"
        for i, (u, t) in enumerate(zip(urls, SIDE_HEADLINES, strict=True))
    )
    box = (
        '<div class="side"><div class="box"><h3>热点排行</h3>'
        f'<ul class="hot">{rows}</ul></div></div>'
    )
    return box, [urljoin(base, u) for u in urls]


def _footer() -> str:
    """Return a footer of site links, copyright and record numbers."""
    return (
        '<div class="footer"><p><a href="/about/">关于我们</a> | <a href="/lxwm/">联系我们</a> | '
        '<a href="/wzdt/">网站地图</a> | <a href="/mzsm.html">免责声明</a></p>'
        "<p>版权所有:示例市人民政府办公室 主办 联系电话:0000-1234567</p>"
        '<p><a href="http://beian.example.net/">示ICP备00000000号</a></p></div>'
    )


def _page(title: str, body: str, *, charset: bool = True) -> str:
    """Wrap a page body in html/head."""
    meta = '<meta charset="utf-8">' if charset else ""
    return (
        f"<html><head>{meta}<title>{title}_示例市人民政府</title></head><body>{body}</body></html>"
    )


def _style(
    name: str,
    url: str,
    hrefs: list[str],
    rows: Callable[[list[str]], str],
    side: Callable[[int], str],
    *,
    flavour: int = 0,
    side_dated: bool = False,
    count: int = len(HEADLINES),
) -> Style:
    """Build one listing page around an article list written by `rows`."""
    box, side_urls = _sidebar(url, side, side_dated)
    main = f'<div class="main"><div class="content">{rows(hrefs[:count])}</div></div>'
    pager = '<div class="page">共1页 <a href="#">首页</a> <a href="#">尾页</a></div>'
    body = _menu(flavour) + _crumb("./", "通知公告") + _ads() + main + pager + box + _footer()
    articles = tuple(urljoin(url, h) for h in hrefs[:count])
    return Style(name, url, _page("通知公告", body), articles, tuple(side_urls))


def _table_rows(hrefs: list[str]) -> str:
    """Write a table of ·, headline, date cells."""
    cells = "".join(
        f'<tr><td width="20">·</td><td><a href="{h}" target="_blank">{HEADLINES[i]}</a></td>'
        f'<td class="date">{DATES[i]}</td></tr>'
        for i, h in enumerate(hrefs)
    )
    return f'<table width="100%" class="list"><tbody>{cells}</tbody></table>'


def _ul_span(hrefs: list[str]) -> str:
    """Write list items of a link and a date span."""
    rows = "".join(
        f'<li><a href="{h}">{HEADLINES[i]}</a><span>{DATES[i]}</span></li>'
        for i, h in enumerate(hrefs)
    )
    return f'<ul class="news_list">{rows}</ul>'


def _dl(hrefs: list[str]) -> str:
    """Write a definition list: headline in dt, date in dd."""
    rows = "".join(
        f'<dt><a href="{h}">{HEADLINES[i]}</a></dt><dd>{DATES[i].replace("-", "/")}</dd>'
        for i, h in enumerate(hrefs)
    )
    return f'<dl class="artlist">{rows}</dl>'


def _cards(hrefs: list[str]) -> str:
    """Write div cards of a heading link, a summary and a month-day date."""
    return "".join(
        f'<div class="card"><h3><a href="{h}">{HEADLINES[i]}</a></h3>'
        f"<p>据介绍,今年计划完成多项重点任务,惠及群众。</p>"
        f'<div class="meta"><span class="time">{DATES[i][5:]}</span></div></div>'
        for i, h in enumerate(hrefs)
    )


def _bare_links(hrefs: list[str]) -> str:
    """Write links separated by line breaks, the date in brackets after each."""
    rows = "".join(
        f'<a href="{h}">{HEADLINES[i]}</a> [{DATES[i]}]<br>' for i, h in enumerate(hrefs)
    )
    return f'<div class="con">{rows}</div>'


def _truncated_li(hrefs: list[str]) -> str:
    """Write list items whose text is cut short, the whole headline in the title."""
    rows = "".join(
        f'<li><span class="date">{DATES[i][5:]}</span>'
        f'<a href="{h}" title="{HEADLINES[i]}">{HEADLINES[i][:7]}...</a></li>'
        for i, h in enumerate(hrefs)
    )
    return f'<ul class="list-unstyled">{rows}</ul>'


def _articles_html5(hrefs: list[str]) -> str:
    """Write HTML5 article cards with a time element."""
    return "".join(
        f'<article class="post"><h2 class="title"><a href="{h}">{HEADLINES[i]}</a></h2>'
        f'<time datetime="{DATES[i]}">{DATES[i]}</time></article>'
        for i, h in enumerate(hrefs)
    )


def _p_rows(hrefs: list[str]) -> str:
    """Write paragraphs each holding one link, undated."""
    return "".join(
        f'<p class="item"><a href="{h}">{HEADLINES[i]}</a></p>' for i, h in enumerate(hrefs)
    )


def _picture_rows(hrefs: list[str]) -> str:
    """Write picture list items: the image links first, then the headline, then the date."""
    rows = "".join(
        f'<li><a href="{h}"><img src="/pic/{i}.jpg" alt=""></a>'
        f'<p class="tit"><a href="{h}">{HEADLINES[i]}</a></p><span>{DATES[i]}</span></li>'
        for i, h in enumerate(hrefs)
    )
    return f'<ul class="piclist">{rows}</ul>'


def _pinned_then_ol(hrefs: list[str]) -> str:
    """Write a pinned headline with a summary, then a numbered list of the rest, undated."""
    pinned = (
        f'<div class="pinned"><h2><a href="{hrefs[0]}">{HEADLINES[0]}</a></h2>'
        "<p>会议听取了有关情况汇报,研究部署下一阶段工作。</p></div>"
    )
    rows = "".join(
        f'<li><a href="{h}">{HEADLINES[i + 1]}</a></li>' for i, h in enumerate(hrefs[1:])
    )
    return f'{pinned}<ol class="rank">{rows}</ol>'


N = range(len(HEADLINES))
GOV = "http://www.example.gov.cn"
NEWS = "https://news.example.cn"


def styles() -> tuple[Style, ...]:
    """Return every listing style, one per CMS layout."""
    return (
        _style(  # relative URLs, no date in path, a suffix no shape knows
            "table_rows_relative",
            f"{GOV}/xwzx/tzgg/",
            [f"info/{7730 - i}.jspx" for i in N],
            _table_rows,
            lambda i: f"/xwzx/gzdt/info/{6100 + i}.jspx",
            flavour=1,
        ),
        _style(  # the only article of a column: one row, relative, no date in its path
            "table_single_row",
            f"{GOV}/zwgk/gsgg/index.html",
            ["content/4417.jspx"],
            _table_rows,
            lambda i: f"/zwgk/zcjd/content/{3000 + i}.jspx",
            flavour=1,
            count=1,
        ),
        _style(  # hashed ids, root-relative
            "ul_span_hashed",
            f"{NEWS}/local/index.html",
            [f"/local/a/{i:x}3f9c2e17b{i}d0.html" for i in N],
            _ul_span,
            lambda i: f"/sports/a/{i:x}77e0c41aa{i}f9.html",
        ),
        _style(  # query-string article URLs without an extension
            "dl_query_string",
            f"{GOV}/portal/col?cat=12",
            [f"/portal/doc?cat=12&rec={88100 + i}" for i in N],
            _dl,
            lambda i: f"/portal/doc?cat=31&rec={52000 + i}",
            flavour=2,
        ),
        _style(  # absolute slug URLs in cards
            "div_cards_slug",
            f"{NEWS}/city/",
            [f"{NEWS}/city/stories/spring-plan-{i}-city-news" for i in N],
            _cards,
            lambda i: f"{NEWS}/world/stories/harbour-talks-{i}-held",
            flavour=2,
        ),
        _style(  # numbered URLs without an extension, bare links
            "bare_links_numbered",
            f"{GOV}/wz/list",
            [f"/wz/{88213 - i}" for i in N],
            _bare_links,
            lambda i: f"/bmdt/{40100 + i}",
        ),
        _style(  # truncated anchor texts with the headline in title, dated sidebar
            "truncated_title_li",
            f"{NEWS}/finance/",
            [f"/finance/{2020}{i:02d}/k{i}x{9 + i}.phtml" for i in N],
            _truncated_li,
            lambda i: f"/tech/{2020}{i:02d}/k{i}y{3 + i}.phtml",
            side_dated=True,
        ),
        _style(  # html5 article cards, articles outside the column's folder
            "html5_articles_outside_folder",
            f"{NEWS}/GB/4412/index.html",
            [f"/m2/2020/03{20 - i:02d}/p4412-{700 + i}.view" for i in N],
            _articles_html5,
            lambda i: f"/m2/2020/03{10 + i:02d}/p5550-{300 + i}.view",
        ),
        _style(  # picture rows: each article linked by its image before its headline
            "picture_rows_twice_linked",
            f"{NEWS}/photo/index.shtml",
            [f"/photo/gallery/{i}/{31000 + i}.jhtml" for i in N],
            _picture_rows,
            lambda i: f"/video/gallery/{i}/{12000 + i}.jhtml",
        ),
        _style(  # a pinned headline above a numbered list, both of one URL template
            "pinned_headline_then_ol",
            f"{GOV}/ywdt/zyxw/",
            [f"/ywdt/zyxw/d/{20200320 - i}/n{i}.asmx" for i in N],
            _pinned_then_ol,
            lambda i: f"/ywdt/bmxw/d/{20200310 - i}/n{i}.asmx",
        ),
        _style(  # undated paragraphs of links
            "p_rows_undated",
            f"{GOV}/bmdt/sfj/",
            [f"./show/{i}/{5100 + i}.htmlx" for i in N],
            _p_rows,
            lambda i: f"/bmdt/jtj/show/{i}/{3100 + i}.htmlx",
            flavour=2,
        ),
    )
