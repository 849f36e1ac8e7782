"""The trade portal and the government portal of the demo."""

from __future__ import annotations

from dataclasses import replace

from flows.demo import layouts_cms
from flows.demo.layouts import ArticleView, Link
from flows.demo.model import (
    Expected,
    Page,
    Portal,
    Rejected,
    encode_strict,
    iso_prefix,
    listing_groups,
    local_time,
    neighbours,
)
from flows.demo.stories import POLICE, TRANSPORT, Story

# --- tongqu: the UTF-8 trade portal -------------------------------------------------------------

TRADE_NAME = "通衢交通网"
MISSING_PATH = "/html/2020-05/06/content_412140.htm"  # a removed article, served 200


def _trade_path(story: Story) -> str:
    """Return where the trade portal publishes a story."""
    t = local_time(story.when)
    return f"/html/{t:%Y-%m}/{t:%d}/content_{story.number}.htm"


def _trade_list_path(n: int) -> str:
    """Return the path of listing page n (0-based), the dynamic ?page= way."""
    return "/news/index.html" if n == 0 else f"/news/index.html?page={n + 1}"


def build_trade() -> tuple[Portal, list[Expected], list[Rejected]]:
    """Build the UTF-8 trade portal, served gzipped."""
    pages: dict[str, Page] = {}
    ctype = "text/html; charset=utf-8"
    date = {s.slug: local_time(s.when).strftime("%Y-%m-%d") for s in TRANSPORT}
    pictures = tuple(Link(_trade_path(s), s.title) for s in TRANSPORT[::-1])
    for story in TRANSPORT:
        related = tuple(
            Link(_trade_path(o), o.title, date[o.slug]) for o in TRANSPORT if o != story
        )
        view = ArticleView(story, TRADE_NAME, story.when, story.paragraphs, related=related[:4])
        html = layouts_cms.trade_article(view, pictures)
        pages[_trade_path(story)] = Page(html.encode("utf-8"), ctype)
    pages[MISSING_PATH] = Page(layouts_cms.trade_missing(TRADE_NAME).encode("utf-8"), ctype)
    groups = listing_groups(TRANSPORT)
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
            iso_prefix(s.when, "second"),
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
    """Return where the government portal publishes a story."""
    t = local_time(story.when)
    return f"/xwzx/gzdt/{t:%Y%m}/t{t:%Y%m%d}_{story.number}.html"


def _gov_list_path(n: int) -> str:
    """Return the path of listing page n (0-based), the TRS index_N way."""
    return "/xwzx/gzdt/index.html" if n == 0 else f"/xwzx/gzdt/index_{n}.html"


def _relative(path: str) -> str:
    """Write a column page's link the TRS way: relative to the column folder."""
    return "./" + path.removeprefix("/xwzx/gzdt/")


def build_gov() -> tuple[Portal, list[Expected], list[Rejected]]:
    """Build the government portal: GBK bytes, no charset in header or page."""
    pages: dict[str, Page] = {}
    ctype = "text/html"
    minute = {s.slug: local_time(s.when).strftime("%Y-%m-%d %H:%M") for s in POLICE}

    def link(s: Story) -> Link:
        """Link a story from another article page, relative to its folder."""
        return Link("../../" + _gov_path(s).removeprefix("/xwzx/"), s.title, minute[s.slug][:10])

    near = neighbours(POLICE, lambda s: link(s).href, lambda s: minute[s.slug][:10])
    for story in POLICE:
        prev, nxt = near[story.slug]
        related = tuple(link(o) for o in POLICE if o != story)[:3]
        view = ArticleView(
            story, GOV_NAME, minute[story.slug], story.paragraphs, prev, nxt, related
        )
        pages[_gov_path(story)] = Page(encode_strict(layouts_cms.gov_article(view), "gbk"), ctype)
    draft = replace(POLICE[2], number=4550, when="2019-05-20 10:00:00", title="(草稿)便民举措")
    draft_view = ArticleView(draft, GOV_NAME, "2019-05-20 10:00", draft.paragraphs)
    pages[PREVIEW_PATH] = Page(encode_strict(layouts_cms.gov_article(draft_view), "gbk"), ctype)
    groups = listing_groups(POLICE)
    paths = tuple(_gov_list_path(n) for n in range(len(groups)))
    for n, group in enumerate(groups):
        links = tuple(Link(_relative(_gov_path(s)), s.title, minute[s.slug][:10]) for s in group)
        links += (Link(PREVIEW_PATH, draft.title, "2019-05-20"),) if n == 0 else ()
        html = layouts_cms.gov_listing(GOV_NAME, links, tuple(_relative(p) for p in paths), n)
        pages[paths[n]] = Page(encode_strict(html, "gbk"), ctype)
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
            iso_prefix(s.when, "minute"),
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
