# ruff: noqa: E501  (HTML templates read best one element per line)
"""The provincial police portal of the demo: found through RSS, GB18030 bytes, day-first dates."""

from __future__ import annotations

from email.utils import format_datetime
from html import escape
from zoneinfo import ZoneInfo

from flows.demo.layouts import Link
from flows.demo.model import Expected, Page, Portal, Rejected, encode_strict, iso_prefix, local_time
from flows.demo.stories import Story
from flows.demo.stories_province import PROVINCE

NAME = "东岳公安网"
FEED_PATH = "/rss/jwdt.xml"
GONE_PATH = "/jwdt/2017/0301/207330.shtml"  # an item the feed still lists after its removal
SNIPPET_CHARS = 40  # related-article teasers are cut short, as such lists do
HEADING_CHARS = 20  # a short paragraph with no closing punctuation is a section heading
LOCAL_ZONE = ZoneInfo("Asia/Shanghai")

PAGE = """<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb18030">
<title>{title}-{site}</title>
<link rel="alternate" type="application/rss+xml" title="警务动态" href="{feed}">
</head>
<body>
<div class="head"><div class="logo">{site}</div>
<div class="menu"><a href="/">首页</a> <a href="/jwdt/">警务动态</a> <a href="/tzgg/">通知公告</a> <a href="/bsdt/">办事大厅</a> <a href="/hdjl/">互动交流</a> <a href="{feed}">RSS订阅</a></div></div>
{main}
<div class="foot">{site} 版权所有&nbsp;&nbsp;主办:东岳省公安厅&nbsp;&nbsp;东ICP备09001234号<br>
地址:东岳市泰安路9号&nbsp;&nbsp;邮编:271000&nbsp;&nbsp;举报电话:0538-110</div>
</body>
</html>
"""


def article_path(story: Story) -> str:
    """Return where the portal publishes a story."""
    t = local_time(story.when)
    return f"/jwdt/{t:%Y}/{t:%m%d}/{story.number}.shtml"


def _date(story: Story) -> str:
    """Print a story's time day first, as the portal does."""
    t = local_time(story.when)
    return f"{t:%d.%m.%Y}&nbsp;&nbsp;{t:%H:%M}"


def _paragraph(text: str) -> str:
    """Render a body paragraph: headings bold, prose indented."""
    if len(text) <= HEADING_CHARS and not text.endswith(("。", "!", "?", "”")):
        return f"<p><strong>{escape(text)}</strong></p>"
    if text.startswith("■"):
        return f"<p>{escape(text).replace('  ', '&nbsp;&nbsp;')}</p>"
    return f"<p>　　{escape(text)}</p>"


def render_article(story: Story, related: tuple[Story, ...]) -> str:
    """Render an article page with its related-article teasers."""
    teasers = "\n".join(
        f'<dl><dt><a href="{article_path(o)}">{escape(o.title)}</a></dt>'
        f"<dd>{escape(o.paragraphs[-1][:SNIPPET_CHARS])}……</dd></dl>"
        for o in related
    )
    body = "\n".join(_paragraph(p) for p in story.paragraphs)
    main = f"""<div class="wzy">
<h2>{escape(story.title)}</h2>
<div class="sj">{_date(story)}</div>
<div class="nr">
{body}
<p class="zrbj">【责任编辑:{escape(story.editor or "")}】</p>
</div>
<div class="xgwz"><h4>相关文章</h4>
{teasers}
</div>
</div>"""
    return PAGE.format(title=escape(story.title), site=NAME, feed=FEED_PATH, main=main)


def render_feed(items: tuple[Link, ...], dates: dict[str, str]) -> str:
    """Render the RSS feed; `{{base}}` is filled in by the server with its own address."""
    entries = "\n".join(
        f"<item><title>{escape(lk.title)}</title><link>{{{{base}}}}{lk.href}</link>"
        f"<guid>{{{{base}}}}{lk.href}</guid><pubDate>{dates[lk.href]}</pubDate></item>"
        for lk in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>{NAME}-警务动态</title><link>{{{{base}}}}/jwdt/</link><description>警务动态</description>
{entries}
</channel></rss>
"""


def _rfc822(when: str) -> str:
    """Return a local time as an RSS pubDate."""
    return format_datetime(local_time(when).replace(tzinfo=LOCAL_ZONE))


def build_province() -> tuple[Portal, list[Expected], list[Rejected]]:
    """Build the provincial portal: GB18030 declared in the page only, discovered by RSS."""
    pages: dict[str, Page] = {}
    for story in PROVINCE:
        related = tuple(o for o in PROVINCE if o != story)[:3]
        body = encode_strict(render_article(story, related), "gb18030")
        pages[article_path(story)] = Page(body, "text/html")
    pages[GONE_PATH] = Page(b"<html><body>Gone</body></html>", "text/html", 410)
    items = tuple(Link(article_path(s), s.title) for s in PROVINCE)
    items += (Link(GONE_PATH, "关于调整户籍业务办理时间的通知"),)
    dates = {article_path(s): _rfc822(s.when) for s in PROVINCE}
    dates[GONE_PATH] = _rfc822("2017-03-01 09:00:00")
    feed = render_feed(items, dates).encode("utf-8")
    pages[FEED_PATH] = Page(feed, "application/rss+xml; charset=utf-8", templated=True)
    pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /admin/\n", "text/plain")
    chrome = (
        "■",
        "通讯员",
        "责任编辑",
        "相关文章",
        "版权所有",
        "ICP备",
        "举报电话",
        "副省长",
        "……",
    )
    expected = [
        Expected(
            "dongyue",
            article_path(s),
            s.slug,
            s.title,
            iso_prefix(s.when, "minute"),
            "minute",
            NAME,
            s.authors,
            s.editor,
            s.check,
            chrome,
        )
        for s in PROVINCE
    ]
    portal = Portal(
        "dongyue",
        NAME,
        FEED_PATH,
        r"/jwdt/\d{4}/\d{4}/\d+\.shtml",
        pages,
        encoding="gb18030",
        day_first=True,
    )
    return portal, expected, [Rejected("dongyue", GONE_PATH, "gone")]
