"""The demo portals as bytes: four made-up sites, each page encoded the way its model site does.

- andun: an old vendor site of nested tables and <font>; GBK, charset=gbk in header and meta;
  vendor ad lead-in and sales note, 上一篇/下一篇, no robots.txt, a dead link.
- hxcb: a big news portal; GBK bytes declared gb2312 in header and meta, holding GBK-only
  镕/喆/堃; letter-spaced copyright, 责编, a topic page whose URL looks like an article's.
- tongqu: a UTF-8 trade portal served gzipped; 来源/字体 info bar, 首席记者/通讯员 byline,
  (编辑:…), picture sidebar, a removed article served with status 200.
- qingluan: a TRS-style government portal; GBK bytes with no charset anywhere; 您当前的位置,
  `| 来源:` info bar, a hidden block repeating the title, robots.txt forbidding drafts.
- The news portal's grid-service story is reposted by the vendor site with a reworded lead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from flows.demo import layouts, layouts_cms
from flows.demo.layouts import ArticleView, Link
from flows.demo.stories import NEWS, POLICE, REPOST_LEAD, TRANSPORT, VENDOR, Story

PER_PAGE = 3  # articles per listing page: every portal gets two or three pages
REPOST_NUMBER = 1091  # id of the vendor's copy of the news portal's story
REPOST_DATE = "2019-03-21 09:02:17"  # the vendor reposted it the next morning


@dataclass(frozen=True, slots=True)
class Page:
    """One response the demo server sends."""

    body: bytes
    content_type: str
    status: int = 200


@dataclass(frozen=True, slots=True)
class Portal:
    """One made-up site: its pages by path (query included), start page and article pattern."""

    key: str
    name: str
    start: str  # path of the first listing page
    article: str  # regex of article paths; the server's base URL is put in front
    pages: Mapping[str, Page]
    gzip: bool = False  # compress when the client accepts it
    encoding: str = "utf-8"  # how the pages are encoded
    disallowed: tuple[str, ...] = ()  # path prefixes robots.txt forbids


@dataclass(frozen=True, slots=True)
class Expected:
    """What the corpus must say about one demo article."""

    site: str
    path: str
    slug: str
    title: str
    published: str  # ISO prefix down to the printed precision: "2019-03-20T08:15"
    precision: str  # "second" | "minute" | "day"
    source: str
    authors: tuple[str, ...]
    editor: str | None
    check: str  # a sentence the clean text contains
    chrome: tuple[str, ...] = field(default=())  # strings the clean text must not contain


@dataclass(frozen=True, slots=True)
class Rejected:
    """A page that the crawl must not turn into a record."""

    site: str
    path: str
    why: str  # what the page is: "soft 404", "topic page", "dead link", "robots"


@dataclass(frozen=True, slots=True)
class DemoPortals:
    """Everything the demo serves and everything a test may check against."""

    portals: tuple[Portal, ...]
    expected: tuple[Expected, ...]
    rejected: tuple[Rejected, ...]
    republished: tuple[tuple[str, str], tuple[str, str]]  # (site, path) of original and copy


def _local(when: str) -> datetime:
    """Parse a story's local time."""
    return datetime.strptime(when, "%Y-%m-%d %H:%M:%S")


def _iso_prefix(when: str, precision: str) -> str:
    """Return the ISO form of a local time cut to a precision."""
    cut = {"second": 19, "minute": 16, "day": 10}[precision]
    return _local(when).isoformat()[:cut]


def _pages_of(stories: tuple[Story, ...]) -> list[tuple[Story, ...]]:
    """Split stories, newest first, into listing pages."""
    ordered = sorted(stories, key=lambda s: s.when, reverse=True)
    return [tuple(ordered[i : i + PER_PAGE]) for i in range(0, len(ordered), PER_PAGE)]


def _neighbours(
    stories: tuple[Story, ...], path: Callable[[Story], str], date: Callable[[Story], str]
) -> dict[str, tuple[Link | None, Link | None]]:
    """Return the 上一篇/下一篇 links of every story, newest first."""
    ordered = sorted(stories, key=lambda s: s.when, reverse=True)
    links = [Link(path(s), s.title, date(s)) for s in ordered]
    return {
        s.slug: (links[i - 1] if i else None, links[i + 1] if i + 1 < len(links) else None)
        for i, s in enumerate(ordered)
    }


def _encode(text: str, encoding: str) -> bytes:
    """Encode a page strictly: a character the charset lacks is a bug in the demo."""
    return text.encode(encoding)


# --- andun: the vendor site --------------------------------------------------------------------

VENDOR_NAME = "安盾警用装备采购网"


def _vendor_path(story: Story) -> str:
    return f"/news/show-{story.number}.html"


def _vendor_date(story: Story) -> str:
    t = _local(story.when)
    return f"{t.year}/{t.month}/{t.day} {t:%H:%M:%S}"


def _vendor_list_path(n: int) -> str:
    return "/news/list.html" if n == 0 else f"/news/list_{n + 1}.html"


def _repost() -> Story:
    """Return the vendor's copy of the news portal's grid-service story."""
    original = NEWS[0]
    return replace(
        original,
        slug="vendor-repost",
        number=REPOST_NUMBER,
        when=REPOST_DATE,
        source=None,
        authors=(),
        editor=None,
        paragraphs=(REPOST_LEAD, *original.paragraphs[1:]),
    )


def build_vendor() -> tuple[Portal, list[Expected], list[Rejected]]:
    """Build the GBK table-layout vendor site."""
    stories = (*VENDOR, _repost())
    pages: dict[str, Page] = {}
    ctype = "text/html; charset=gbk"
    near = _neighbours(stories, _vendor_path, lambda s: _vendor_date(s).split()[0])
    for story in stories:
        prev, nxt = near[story.slug]
        view = ArticleView(story, VENDOR_NAME, _vendor_date(story), story.paragraphs, prev, nxt)
        pages[_vendor_path(story)] = Page(_encode(layouts.vendor_article(view), "gbk"), ctype)
    dead = Link("/news/show-1090.html", "警用反光背心选购常识", "2019/3/1")
    groups = _pages_of(stories)
    paths = tuple(_vendor_list_path(n) for n in range(len(groups)))
    for n, group in enumerate(groups):
        links = tuple(Link(_vendor_path(s), s.title, _vendor_date(s).split()[0]) for s in group)
        links += (dead,) if n == len(groups) - 1 else ()
        html = layouts.vendor_listing(VENDOR_NAME, links, paths, n)
        pages[paths[n]] = Page(_encode(html, "gbk"), ctype)
    chrome = (
        "分享消息",
        "销售经理提示",
        "本公司",
        "上一篇",
        "下一篇",
        "点击",
        "推荐产品",
        "客服热线",
        "ICP备",
        "版权所有",
        "当前位置",
    )
    expected = [
        Expected(
            "andun",
            _vendor_path(s),
            s.slug,
            s.title,
            _iso_prefix(s.when, "second"),
            "second",
            VENDOR_NAME,
            (),
            None,
            s.check,
            chrome,
        )
        for s in stories
    ]
    portal = Portal("andun", VENDOR_NAME, paths[0], r"/news/show-\d+\.html", pages, encoding="gbk")
    return portal, expected, [Rejected("andun", dead.href, "dead link")]


# --- hxcb: the news portal declared gb2312 -----------------------------------------------------

NEWS_NAME = "华夏晨报网"
TOPIC_NUMBER = 31009999  # a topic page whose URL looks like an article's


def _news_path(story: Story) -> str:
    t = _local(story.when)
    return f"/n1/{t.year}/{t:%m%d}/c1001-{story.number}.html"


def _news_date(story: Story) -> str:
    t = _local(story.when)
    day = f"{t.year}年{t.month}月{t.day}日"
    return day if story.day_only else f"{t.year}年{t:%m}月{t:%d}日{t:%H:%M}"


def _news_list_path(n: int) -> str:
    return "/gd/index.html" if n == 0 else f"/gd/index{n + 1}.html"


def _news_topic() -> str:
    """Render a topic page: a headline and links, no article body."""
    links = tuple(Link(_news_path(s), s.title, _news_date(s).split("日")[0] + "日") for s in NEWS)
    return layouts.news_listing(NEWS_NAME, links, ("/gd/index.html",), 0).replace(
        "社会·法治--", "专题:春天里的民生故事--", 1
    )


def build_news() -> tuple[Portal, list[Expected], list[Rejected]]:
    """Build the news portal: GBK bytes declared gb2312 in header and meta."""
    pages: dict[str, Page] = {}
    ctype = "text/html; charset=GB2312"
    day = {s.slug: _news_date(s).split("日")[0] + "日" for s in NEWS}
    for story in NEWS:
        related = tuple(Link(_news_path(o), o.title, day[o.slug]) for o in NEWS if o != story)
        view = ArticleView(
            story, NEWS_NAME, _news_date(story), story.paragraphs, related=related[:3]
        )
        pages[_news_path(story)] = Page(_encode(layouts.news_article(view), "gbk"), ctype)
    topic = f"/n1/2019/0316/c1001-{TOPIC_NUMBER}.html"
    pages[topic] = Page(_encode(_news_topic(), "gbk"), ctype)
    groups = _pages_of(NEWS)
    paths = tuple(_news_list_path(n) for n in range(len(groups)))
    for n, group in enumerate(groups):
        links = tuple(Link(_news_path(s), s.title, day[s.slug]) for s in group)
        links += (Link(topic, "专题:春天里的民生故事", "2019年3月16日"),) if n == 0 else ()
        html = layouts.news_listing(NEWS_NAME, links, paths, n)
        pages[paths[n]] = Page(_encode(html, "gbk"), ctype)
    pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /search/\n", "text/plain")
    chrome = (
        "来源",
        "责编",
        "分享到",
        "相关新闻",
        "版权所有",
        "版 权 所 有",
        "Copyright",
        "本报记者",
        "图片推荐",
    )
    expected = [
        Expected(
            "hxcb",
            _news_path(s),
            s.slug,
            s.title,
            _iso_prefix(s.when, "day" if s.day_only else "minute"),
            "day" if s.day_only else "minute",
            s.source or NEWS_NAME,
            s.authors,
            s.editor,
            s.check,
            chrome,
        )
        for s in NEWS
    ]
    portal = Portal(
        "hxcb",
        NEWS_NAME,
        paths[0],
        r"/n1/\d{4}/\d{4}/c\d+-\d+\.html",
        pages,
        encoding="gbk",
        disallowed=("/search/",),
    )
    return portal, expected, [Rejected("hxcb", topic, "topic page")]


# --- tongqu: the UTF-8 trade portal -------------------------------------------------------------

TRADE_NAME = "通衢交通网"
MISSING_PATH = "/html/2020-05/06/content_412140.htm"  # a removed article, served 200


def _trade_path(story: Story) -> str:
    t = _local(story.when)
    return f"/html/{t:%Y-%m}/{t:%d}/content_{story.number}.htm"


def _trade_list_path(n: int) -> str:
    return "/news/index.html" if n == 0 else f"/news/index.html?page={n + 1}"


def build_trade() -> tuple[Portal, list[Expected], list[Rejected]]:
    """Build the UTF-8 trade portal, served gzipped."""
    pages: dict[str, Page] = {}
    ctype = "text/html; charset=utf-8"
    date = {s.slug: _local(s.when).strftime("%Y-%m-%d") for s in TRANSPORT}
    pictures = tuple(Link(_trade_path(s), s.title) for s in TRANSPORT[::-1])
    for story in TRANSPORT:
        related = tuple(
            Link(_trade_path(o), o.title, date[o.slug]) for o in TRANSPORT if o != story
        )
        view = ArticleView(story, TRADE_NAME, story.when, story.paragraphs, related=related[:4])
        html = layouts_cms.trade_article(view, pictures)
        pages[_trade_path(story)] = Page(html.encode("utf-8"), ctype)
    pages[MISSING_PATH] = Page(layouts_cms.trade_missing(TRADE_NAME).encode("utf-8"), ctype)
    groups = _pages_of(TRANSPORT)
    paths = tuple(_trade_list_path(n) for n in range(len(groups)))
    for n, group in enumerate(groups):
        links = tuple(Link(_trade_path(s), s.title, date[s.slug]) for s in group)
        links += (Link(MISSING_PATH, "端午假期高速公路不免费", "2020-05-06"),) if n == 0 else ()
        html = layouts_cms.trade_listing(TRADE_NAME, links, paths, n, pictures)
        pages[paths[n]] = Page(html.encode("utf-8"), ctype)
    pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", "text/plain")
    chrome = (
        "字体",
        "来源",
        "首席记者",
        "通讯员",
        "(编辑",
        "图片文章",
        "值班电话",
        "ICP备",
        "公网安备",
        "Copyright",
        "相关阅读",
        "分享到",
        "时讯要闻",
    )
    expected = [
        Expected(
            "tongqu",
            _trade_path(s),
            s.slug,
            s.title,
            _iso_prefix(s.when, "second"),
            "second",
            s.source or TRADE_NAME,
            s.authors,
            s.editor,
            s.check,
            chrome,
        )
        for s in TRANSPORT
    ]
    portal = Portal(
        "tongqu",
        TRADE_NAME,
        paths[0],
        r"/html/\d{4}-\d{2}/\d{2}/content_\d+\.htm",
        pages,
        gzip=True,
    )
    return portal, expected, [Rejected("tongqu", MISSING_PATH, "soft 404")]


# --- qingluan: the TRS-style government portal without any charset ----------------------------

GOV_NAME = "青峦公安"
PREVIEW_PATH = "/preview/xwzx/gzdt/201905/t20190520_4550.html"  # a draft robots.txt forbids


def _gov_path(story: Story) -> str:
    t = _local(story.when)
    return f"/xwzx/gzdt/{t:%Y%m}/t{t:%Y%m%d}_{story.number}.html"


def _gov_list_path(n: int) -> str:
    return "/xwzx/gzdt/index.html" if n == 0 else f"/xwzx/gzdt/index_{n}.html"


def _relative(path: str) -> str:
    """Write a column page's link the TRS way: relative to the column folder."""
    return "./" + path.removeprefix("/xwzx/gzdt/")


def build_gov() -> tuple[Portal, list[Expected], list[Rejected]]:
    """Build the government portal: GBK bytes, no charset in header or page."""
    pages: dict[str, Page] = {}
    ctype = "text/html"
    minute = {s.slug: _local(s.when).strftime("%Y-%m-%d %H:%M") for s in POLICE}

    def link(s: Story) -> Link:
        return Link("../../" + _gov_path(s).removeprefix("/xwzx/"), s.title, minute[s.slug][:10])

    near = _neighbours(POLICE, lambda s: link(s).href, lambda s: minute[s.slug][:10])
    for story in POLICE:
        prev, nxt = near[story.slug]
        related = tuple(link(o) for o in POLICE if o != story)[:3]
        view = ArticleView(
            story, GOV_NAME, minute[story.slug], story.paragraphs, prev, nxt, related
        )
        pages[_gov_path(story)] = Page(_encode(layouts_cms.gov_article(view), "gbk"), ctype)
    draft = replace(POLICE[2], number=4550, when="2019-05-20 10:00:00", title="(草稿)便民举措")
    draft_view = ArticleView(draft, GOV_NAME, "2019-05-20 10:00", draft.paragraphs)
    pages[PREVIEW_PATH] = Page(_encode(layouts_cms.gov_article(draft_view), "gbk"), ctype)
    groups = _pages_of(POLICE)
    paths = tuple(_gov_list_path(n) for n in range(len(groups)))
    for n, group in enumerate(groups):
        links = tuple(Link(_relative(_gov_path(s)), s.title, minute[s.slug][:10]) for s in group)
        links += (Link(PREVIEW_PATH, draft.title, "2019-05-20"),) if n == 0 else ()
        html = layouts_cms.gov_listing(GOV_NAME, links, tuple(_relative(p) for p in paths), n)
        pages[paths[n]] = Page(_encode(html, "gbk"), ctype)
    pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /preview/\n", "text/plain")
    chrome = (
        "您当前的位置",
        "来源",
        "编辑:",
        "新闻热线",
        "打印",
        "关闭",
        "字体",
        "主办单位",
        "网站标识码",
        "ICP备",
        "公网安备",
        "有担当",
        "上一篇",
        "相关链接",
    )
    expected = [
        Expected(
            "qingluan",
            _gov_path(s),
            s.slug,
            s.title,
            _iso_prefix(s.when, "minute"),
            "minute",
            s.source or GOV_NAME,
            s.authors,
            s.editor,
            s.check,
            chrome + (("■", "通讯员") if s.authors else ()),
        )
        for s in POLICE
    ]
    portal = Portal(
        "qingluan",
        GOV_NAME,
        paths[0],
        r"/.+/\d{6}/t\d{8}_\d+\.html",
        pages,
        encoding="gbk",
        disallowed=("/preview/",),
    )
    return portal, expected, [Rejected("qingluan", PREVIEW_PATH, "robots")]


def build_portals() -> DemoPortals:
    """Build all demo portals with the facts their articles must keep."""
    built = [build_vendor(), build_news(), build_trade(), build_gov()]
    repost = _vendor_path(_repost())
    return DemoPortals(
        portals=tuple(p for p, _, _ in built),
        expected=tuple(e for _, es, _ in built for e in es),
        rejected=tuple(r for _, _, rs in built for r in rs),
        republished=(("hxcb", _news_path(NEWS[0])), ("andun", repost)),
    )


def article_pattern(portal: Portal, base_url: str) -> str:
    """Return a portal's article regex for full URLs on its server."""
    return re.escape(base_url.rstrip("/")) + portal.article
