"""The article's own fields: its date under the headline, closing credits, the shown headline.

Pages are written here, one table row per case; each runs through build_record as import does.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cleaners.assemble.from_html import build_record
from cleaners.records import Page, Record, SiteRules
from tests.cleaners.extract.test_article_classes import FOOT, TITLE, P, page, paragraphs

URL = "http://www.portal.example/news/show.php?id=118"  # no date in it: the page must say
HEADERS = (("Content-Type", "text/html; charset=utf-8"),)
SEO_TITLE = f"<title>{TITLE}_社区动态_东湖新闻网</title>"
RELATED_ITEM = "<li><a href='/a{i}'>另一条新闻的标题第{i}条</a><span>2019-05-0{day}</span></li>"
RELATED = (
    "<div class='rel'><h3>相关新闻</h3><ul>"
    + "".join(RELATED_ITEM.format(i=i, day=i + 1) for i in range(5))
    + "</ul></div>"
)


@dataclass(frozen=True, slots=True)
class Case:
    """One page and the fields its record must carry."""

    name: str
    html: str
    published: str | None = "2025-04-23T07:38:00+08:00"
    authors: tuple[str, ...] = ()
    title: str = TITLE


CASES = (
    Case("the date line under the headline", page(paragraphs(P))),
    Case("the article's date, not the related cards'", page(paragraphs(P) + RELATED)),
    Case(
        "no date of its own: none from the related cards",
        page(paragraphs(P) + RELATED).replace("2025年04月23日 07:38 ", ""),
        published=None,
    ),
    Case(
        "info bar and meta disagree, no date in the URL: htmldate's vote decides",
        page(
            paragraphs(P),
            head='<meta property="article:published_time" content="2025-04-23T07:38:00+08:00">',
        ).replace("2025年04月23日 07:38", "2019年05月01日 09:00"),
    ),
    Case(
        "a date shown without its year: the <time> element's timestamp",
        page(paragraphs(P)).replace(
            "2025年04月23日 07:38",
            "<time datetime='2025-04-23T07:38:00+08:00'>4月23日 07:38</time>",
        ),
        published="2025-04-23T00:00:00+08:00",
    ),
    Case(
        "a relative stamp under the headline, read against the fetch time (08:00 in China)",
        page(paragraphs(P)).replace("2025年04月23日 07:38", "昨天 21:05"),
        published="2025-12-31T21:05:00+08:00",
    ),
    Case(
        "hours ago name the day, not the minute",
        page(paragraphs(P)).replace("2025年04月23日 07:38", "3小时前"),
        published="2026-01-01T00:00:00+08:00",
    ),
    Case(
        "a date in the meta tags goes before a relative stamp",
        page(
            paragraphs(P),
            head='<meta property="article:published_time" content="2025-04-23T07:38:00+08:00">',
        ).replace("2025年04月23日 07:38", "3小时前"),
    ),
    Case(
        "a two-digit year is never read into a date",
        page(paragraphs(P)).replace("2025年04月23日 07:38", "25-4-23 07:38"),
        published=None,
    ),
    Case("a closing 作者： line", page(paragraphs(P) + "<p>作者：姜凡</p>"), authors=("姜凡",)),
    Case(
        "a closing （作者：…） credit",
        page(paragraphs(P[:5]) + f"<p>{P[5]}（作者：方敏）</p>"),
        authors=("方敏",),
    ),
    Case(
        "an ad label is no author",
        page(paragraphs(P), head='<meta name="author" content="Advertisement">'),
    ),
    Case(
        "a name in a hidden block is no author",
        page("<div style='display:none'>作者：隐名</div>" + paragraphs(P)),
    ),
    Case(
        "a lone word beside the date loses to the page's marked author",
        page(paragraphs(P)).replace(
            "<div class='info'>",
            "<div>管理</div><div class='info'>由 <span itemprop='author'>"
            "<a itemprop='name'>周明</a></span> ",
        ),
        authors=("周明",),
    ),
    Case(
        "a blog post's author is the blog's owner, named in its title",
        page(paragraphs(P)).replace(SEO_TITLE, f"<title>{TITLE} - 周明的博客 - 博客网</title>"),
        authors=("周明",),
    ),
    Case(
        "a personal site's copyright notice names its owner, who writes its posts",
        page(paragraphs(P)).replace(FOOT, "<div class='foot'>Copyright © 周明远</div>"),
        authors=("周明远",),
    ),
    Case(
        "a labelled author goes before the site's owner",
        page(paragraphs(P) + "<p>作者：姜凡</p>").replace(
            FOOT, "<div class='foot'>Copyright © 周明远</div>"
        ),
        authors=("姜凡",),
    ),
    Case(
        "a portal's copyright notice names no author",
        page(paragraphs(P)).replace(FOOT, "<div class='foot'>Copyright © 2025 东湖新闻网</div>"),
    ),
    Case(
        "a name alone under the headline, no date beside it",
        page(paragraphs(P)).replace(
            f"<h1>{TITLE}</h1>", f"<h1>{TITLE}</h1><p>周明远</p><p>——走访手记之一</p>"
        ),
        authors=("周明远",),
    ),
    Case(
        "answers and comments in JSON-LD are not the article's authors",
        page(
            paragraphs(P),
            head='<script type="application/ld+json">{"@type": "NewsArticle", "author":'
            ' {"name": "王芳"}, "comment": [{"author": {"name": "李强"}}]}</script>',
        ),
        authors=("王芳",),
    ),
    Case(
        "correspondents in a dateline credit",
        page(paragraphs((f"本网讯（通讯员 李文雯 刘会）{P[0]}", *P[1:]))),
        authors=("李文雯", "刘会"),
    ),
    Case(
        "a place in brackets after the publisher is no author",
        page(paragraphs(P)).replace("来源：东湖日报", "来源：东湖日报(吉林)"),
    ),
    Case(
        "a badge glued before the headline is not part of it",
        page(paragraphs(P))
        .replace(f"<h1>{TITLE}</h1>", f"<h2 class='title'><span>原创</span>{TITLE}</h2>")
        .replace(SEO_TITLE, f"<title>{TITLE}</title>"),
    ),
    Case(
        "a headline in <h5> under a breadcrumb, the <title> naming the column",
        "<html><head><title>社区动态--东湖新闻网</title></head><body>"
        "<div class='crumb'><div class='title_la'><h3>首页 - 社区动态</h3></div></div>"
        f"<div class='news'><div class='text'><h5>{TITLE}</h5>"
        "<div class='ly'><b>发布时间：2025年04月23日 07:38</b></div>"
        f"{paragraphs(P)}</div></div></body></html>",
    ),
    Case(
        "the visible headline over an SEO <title>",
        page(paragraphs(P)).replace(SEO_TITLE, "<title>东湖新闻网-权威新闻门户</title>"),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_record_carries_the_articles_own_fields(case: Case) -> None:
    fetched = Page(URL, "import", 200, HEADERS, case.html.encode(), "2026-01-01T00:00:00Z")
    record = build_record(fetched, SiteRules())
    assert isinstance(record, Record), record
    assert (record.published_at, record.authors, record.title) == (
        case.published,
        case.authors,
        case.title,
    )
