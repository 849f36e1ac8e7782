"""The classes of page the article finder must hold on, one table row per class.

Every page is written here (no page of a real site): what each class looks like on portals.
A row names the page, the text that must be in the body and the text that must not.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cleaners.extract.page import Extracted, extract_html
from cleaners.records import SiteRules

URL = "http://www.portal.example/news/2025/0423/item_118.html"
NAV = "".join(f'<a href="/c{i}/">栏目{i}</a> ' for i in range(12))
FOOT = "<div class='foot'>关于我们 | 联系方式 | 版权所有 东湖新闻网</div>"
P = (
    "四月二十三日上午，东湖街道组织社区工作人员走访辖区独居老人，逐户检查燃气灶具和电线线路。",
    "工作人员为老人们更换了老化的燃气软管，还留下了联系卡片，方便遇到困难时随时求助和咨询。",
    "街道负责人表示，今后将把上门走访纳入日常工作，每月至少开展一次安全检查并建立台账记录。",
    "据了解，东湖街道共有独居老人三百余名，街道已为其中一百二十名老人安装了烟感报警器设备。",
    "下一步，街道还将联合辖区医院开展健康义诊，为行动不便的老人提供上门体检和用药指导服务。",
    "社区志愿者也将加入走访队伍，结对帮扶，定期上门陪伴老人聊天，帮助他们解决生活中的难题。",
)
TITLE = "东湖街道走访独居老人"


def page(body: str, *, head: str = "") -> str:
    """Return a portal page: nav, headline, info line, the given body, footer."""
    return (
        f"<html><head><title>{TITLE}_社区动态_东湖新闻网</title>{head}</head><body>"
        f"<div class='nav'>{NAV}</div><h1>{TITLE}</h1>"
        f"<div class='info'>2025年04月23日 07:38 来源：东湖日报</div>{body}{FOOT}</body></html>"
    )


def paragraphs(items: tuple[str, ...]) -> str:
    return "".join(f"<p>{p}</p>" for p in items)


AD_DIV = (
    "<div class='ad'><a href='http://ads.example/x'><img src='a.jpg'>限时特惠 立即抢购</a>"
    "<span>广告</span></div>"
)
TABLE_LAYOUT = (
    "<table width='760'><tr><td class='left'>"
    + "".join(f"<a href='/l{i}'>左栏链接{i}</a><br>" for i in range(8))
    + "</td><td class='main'>"
    + paragraphs(P[:3])
    + AD_DIV
    + paragraphs(P[3:])
    + "</td></tr></table>"
)


def card(i: int) -> str:
    """Return one card of a feed: a headline link, a snippet, a source and time line."""
    snippet = f"第{i}条推荐内容的摘要，讲述另一个城市的另一件新鲜事，读者点开就能看到全文详情。"
    return (
        f"<li class='item'><h4><a href='/other/{i}.html'>另一篇报道的标题第{i}条新闻</a></h4>"
        f"<p>{snippet}</p><div class='meta'>某某日报 · {i % 9 + 1} 小时前</div>"
        "<div class='menu' style='display:none'><span>为什么显示这个广告？</span>"
        "<span>这个广告与我无关</span></div></li>"
    )


FEED = (
    f"<div class='article'>{paragraphs(P[:5])}</div>"
    "<div class='stream'><h2>为你推荐</h2><ul class='list'>"
    + "".join(card(i) for i in range(30))
    + "</ul></div>"
)
FEED_UNTITLED = (
    f"<div class='article'>{paragraphs(P[:5])}</div>"
    "<ul class='list'>" + "".join(card(i) for i in range(30)) + "</ul>"
)
EMBEDDED_CARD = (
    "<div class='article'>"
    + paragraphs(P[:3])
    + "<div class='related-card'><div class='label'>相关阅读</div>"
    "<a href='/other/9.html'><img src='r.jpg'>另一家社区的走访故事</a>"
    "<p>西湖社区也开展了类似的活动，志愿者们每周上门……</p></div>"
    + "<h3>回访之后</h3>"
    + paragraphs(P[3:])
    + "</div>"
)
HIDDEN = (
    "<div class='article'>"
    + paragraphs(P[:4])
    + "<div style='display: none'><p>作者：隐藏的名字 这段隐藏文字是给脚本用的。</p></div>"
    + "<div hidden><p>另一段隐藏的文字，也带着句号，读者看不到。</p></div>"
    + "<div aria-hidden='true'><p>第三段隐藏的文字，不该出现在正文里。</p></div>"
    + paragraphs(P[4:])
    + "</div>"
)
SECTIONS = (
    "<div class='article'>"
    + "".join(
        f"<h2>第{n}部分 工作安排</h2>{paragraphs((P[(2 * n) % 6], P[(2 * n + 1) % 6]))}"
        for n in range(1, 7)
    )
    + "</div>"
)


COMMENTS = "".join(
    f"<div class='c'><a href='/u/{i}'># re: 入住博客</a> 2004-12-27 12:{i:02d}</div>"
    f"<p>第{i}位读者留言：写得很好，我们都很期待你接下来的文章，希望你常来这里分享经验。"
    "我也在做类似的工作，读完很有收获，以后一定常来看看，也请多多指教。</p>"
    for i in range(40)
)
UNTITLED_POST = (
    "<html><head></head><body><div class='side'>" + NAV + "</div>"
    "<div class='post'><a href='/p/1.html'>入住博客</a>"
    + paragraphs(P[:2])
    + "</div>"
    + "".join(f"<div class='share'>{NAV}</div>" for _ in range(4))
    + "<div class='comments'><h3>评论</h3>"
    + COMMENTS
    + "</div></body></html>"
)


TOP_TEN = (
    "<div class='article'><p>"
    + P[0]
    + "</p>"
    + "".join(
        f"<div class='item'><h3>第{n}名：东湖第{n}社区</h3><img src='{n}.jpg'>"
        f"<p>{P[n % 6][:30]}。</p></div>"
        for n in range(1, 11)
    )
    + "</div>"
)
AGENDA = (
    "<div class='article'>" + paragraphs(P[:2]) + "<table class='agenda'>"
    + "".join(
        f"<tr><td>{9 + n}:00-{9 + n}:45</td><td>议程第{n}项 专题报告</td><td>主讲人{n}</td></tr>"
        for n in range(8)
    )
    + "</table>" + paragraphs(P[2:4]) + "</div>"
)  # fmt: skip
NUMBERED = (
    "<div class='article'><p>"
    + P[0]
    + "</p>"
    + "".join(
        f"<p>{'一二三四五'[n]}、第{n}部分要求</p><p>1. 年龄在三十五周岁以下；</p>"
        f"<p>2. {P[(n + 1) % 6]}</p>"
        for n in range(5)
    )
    + "</div>"
)


CONTENTS = (
    "<div class='toc'><h3>目录</h3>"
    + "".join(
        f"<p>第{n}篇 社区治理现代化路径研究之{n}</p><p>作者甲{n};作者乙{n}</p>" for n in range(30)
    )
    + "</div><div class='foot'>建议使用新版浏览器浏览本页面，本站保留一切权利。</div>"
)


@dataclass(frozen=True, slots=True)
class Row:
    """One class of page: its HTML, text the body keeps, text it must not keep."""

    name: str
    html: str
    kept: tuple[str, ...]
    left_out: tuple[str, ...]


ROWS = (
    Row("table layout, an ad div between paragraphs", page(TABLE_LAYOUT), P, ("限时特惠", "左栏")),
    Row("short article, a 30-card feed under a heading", page(FEED), P[:5], ("摘要", "小时前")),
    Row("short article, a 30-card feed without heading", page(FEED_UNTITLED), P[:5], ("摘要",)),
    Row("an embedded related card mid-text", page(EMBEDDED_CARD), P, ("另一家社区", "西湖社区")),
    Row("hidden elements between paragraphs", page(HIDDEN), P, ("隐藏", "广告")),
    Row("an untitled post above many comments", UNTITLED_POST, P[:2], ("读者留言",)),
    Row("a top-ten list, a heading per item", page(TOP_TEN), ("第1名", "第10名"), ()),
    Row("an agenda in a table", page(AGENDA), (*P[:4], "议程第0项", "议程第7项"), ()),
    Row("a notice of numbered sections", page(NUMBERED), ("一、第0部分", "五、第4部分"), ()),
    Row("a contents page: short lines, no prose", page(CONTENTS), ("第0篇", "第29篇"), ()),
    Row("a long page of sections with headings", page(SECTIONS), (*P, "第6部分"), ()),
)


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_the_body_keeps_the_article_and_leaves_the_rest(row: Row) -> None:
    found = extract_html(row.html, URL, SiteRules())
    assert isinstance(found, Extracted), found
    body = "\n".join(found.body)
    missing = [text[:12] for text in row.kept if text not in body]
    leaked = [text for text in row.left_out if text in body]
    assert (missing, leaked) == ([], [])
