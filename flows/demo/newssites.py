"""The vendor site and the news portal of the demo."""

from __future__ import annotations

from dataclasses import replace

from flows.demo import layouts
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
from flows.demo.stories import NEWS, REPOST_LEAD, VENDOR, Story

REPOST_NUMBER = 1091  # id of the vendor's copy of the news portal's story
REPOST_DATE = "2019-03-21 09:02:17"  # the vendor reposted it the next morning


# --- andun: the vendor site --------------------------------------------------------------------

VENDOR_NAME = "安盾警用装备采购网"


def vendor_path(story: Story) -> str:
    """Return where the vendor site publishes a story."""
    return f"/news/show-{story.number}.html"


def _vendor_date(story: Story) -> str:
    """Print a story's time the vendor way: 2018/5/24 10:11:02."""
    t = local_time(story.when)
    return f"{t.year}/{t.month}/{t.day} {t:%H:%M:%S}"


def _vendor_list_path(n: int) -> str:
    """Return the path of listing page n (0-based), the list_N way."""
    return "/news/list.html" if n == 0 else f"/news/list_{n + 1}.html"


def repost() -> Story:
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
    stories = (*VENDOR, repost())
    pages: dict[str, Page] = {}
    ctype = "text/html; charset=gbk"
    near = neighbours(stories, vendor_path, lambda s: _vendor_date(s).split()[0])
    for story in stories:
        prev, nxt = near[story.slug]
        view = ArticleView(story, VENDOR_NAME, _vendor_date(story), story.paragraphs, prev, nxt)
        pages[vendor_path(story)] = Page(encode_strict(layouts.vendor_article(view), "gbk"), ctype)
    dead = Link("/news/show-1090.html", "警用反光背心选购常识", "2019/3/1")
    groups = listing_groups(stories)
    paths = tuple(_vendor_list_path(n) for n in range(len(groups)))
    for n, group in enumerate(groups):
        links = tuple(Link(vendor_path(s), s.title, _vendor_date(s).split()[0]) for s in group)
        links += (dead,) if n == len(groups) - 1 else ()
        html = layouts.vendor_listing(VENDOR_NAME, links, paths, n)
        pages[paths[n]] = Page(encode_strict(html, "gbk"), ctype)
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
            vendor_path(s),
            s.slug,
            s.title,
            iso_prefix(s.when, "second"),
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


def news_path(story: Story) -> str:
    """Return where the news portal publishes a story."""
    t = local_time(story.when)
    return f"/n1/{t.year}/{t:%m%d}/c1001-{story.number}.html"


def _news_date(story: Story) -> str:
    """Print a story's date the news portal way, with or without the time."""
    t = local_time(story.when)
    day = f"{t.year}年{t.month}月{t.day}日"
    return day if story.day_only else f"{t.year}年{t:%m}月{t:%d}日{t:%H:%M}"


def _news_list_path(n: int) -> str:
    """Return the path of listing page n (0-based), the indexN way."""
    return "/gd/index.html" if n == 0 else f"/gd/index{n + 1}.html"


def _news_topic() -> str:
    """Render a topic page: a headline and links, no article body."""
    links = tuple(Link(news_path(s), s.title, _news_date(s).split("日")[0] + "日") for s in NEWS)
    return layouts.news_listing(NEWS_NAME, links, ("/gd/index.html",), 0).replace(
        "社会·法治--", "专题:春天里的民生故事--", 1
    )


def build_news() -> tuple[Portal, list[Expected], list[Rejected]]:
    """Build the news portal: GBK bytes declared gb2312 in header and meta."""
    pages: dict[str, Page] = {}
    ctype = "text/html; charset=GB2312"
    day = {s.slug: _news_date(s).split("日")[0] + "日" for s in NEWS}
    for story in NEWS:
        related = tuple(Link(news_path(o), o.title, day[o.slug]) for o in NEWS if o != story)
        view = ArticleView(
            story, NEWS_NAME, _news_date(story), story.paragraphs, related=related[:3]
        )
        pages[news_path(story)] = Page(encode_strict(layouts.news_article(view), "gbk"), ctype)
    topic = f"/n1/2019/0316/c1001-{TOPIC_NUMBER}.html"
    pages[topic] = Page(encode_strict(_news_topic(), "gbk"), ctype)
    groups = listing_groups(NEWS)
    paths = tuple(_news_list_path(n) for n in range(len(groups)))
    for n, group in enumerate(groups):
        links = tuple(Link(news_path(s), s.title, day[s.slug]) for s in group)
        links += (Link(topic, "专题:春天里的民生故事", "2019年3月16日"),) if n == 0 else ()
        html = layouts.news_listing(NEWS_NAME, links, paths, n)
        pages[paths[n]] = Page(encode_strict(html, "gbk"), ctype)
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
            news_path(s),
            s.slug,
            s.title,
            iso_prefix(s.when, "day" if s.day_only else "minute"),
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
