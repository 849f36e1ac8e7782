"""Finding the article in a page: title, site name, body, head lines, metadata, non-articles."""

from __future__ import annotations

import pytest
import threadpages
from selectolax.lexbor import LexborHTMLParser

from cleaners.extract.page import Extracted, _is_listing, extract_html, strip_wrapper
from cleaners.extract.page_lines import node_lines, prose_run
from cleaners.extract.page_meta import (
    blog_owners,
    cut_title_suffix,
    meta_authors,
    meta_dates,
    page_title,
    site_name,
)
from cleaners.records import Dropped, SiteRules

URL = "http://www.portal.example/news/202003/t20200320_123.html"
PARAGRAPHS = (
    "三月二十日上午，东湖街道组织社区工作人员走访辖区独居老人，逐户检查燃气灶具和电线线路。",
    "工作人员为老人们更换了老化的燃气软管，还留下了联系卡片，方便遇到困难时随时求助。",
    "街道负责人表示，今后将把上门走访纳入日常工作，每月至少开展一次安全检查。",
)
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
NAV = "".join(f'<a href="/c{i}/">栏目{i}</a> ' for i in range(12))


def article(
    *,
    head: str = "<title>东湖街道走访独居老人_社区动态_东湖新闻网</title>",
    title: str = "<h1>东湖街道走访独居老人</h1>",
    info: str = '<div class="info">2020-03-20 11:58 | 来源：东湖日报</div>',
    body: str = "",
) -> str:
    body = body or BODY
    return (
        f"<html><head>{head}</head><body><div class='nav'>{NAV}</div>"
        f"{title}{info}<div id='zoom'>{body}</div>"
        "<div class='foot'>版权所有 东湖新闻网</div></body></html>"
    )


def extracted(html: str, rules: SiteRules | None = None) -> Extracted:
    result = extract_html(html, URL, rules or SiteRules())
    assert isinstance(result, Extracted), result
    return result


@pytest.mark.parametrize(
    ("title", "headline", "cut"),
    [
        ("四年前中500万现穷困潦倒__商贸_产业资讯_某某网", "四年前中500万现穷困潦倒", "某某网"),
        ("老厂房改造成社区图书馆 - 华北新闻网", "老厂房改造成社区图书馆", "华北新闻网"),
        ("拿起跨界指挥棒--大河网", "拿起跨界指挥棒", "大河网"),
        (
            "工商部门初定SK-II广告属于虚假宣传-某某财经",
            "工商部门初定SK-II广告属于虚假宣传",
            "某某财经",
        ),
        ("海姑娘 | blog.example.com", "海姑娘 | blog.example.com", None),
        ("河东区开展春季植树活动", "河东区开展春季植树活动", None),
        (
            "图说| 学院剪窗花过廉洁之年 某某网-某某官方网站",
            "图说| 学院剪窗花过廉洁之年 某某网",
            "某某官方网站",
        ),
    ],
    ids=[
        "column-and-site",
        "dash-site",
        "double-dash",
        "hyphen-inside-kept",
        "too-short-to-cut",
        "no-suffix",
        "inner-bar-kept",
    ],
)
def test_cut_title_suffix(title: str, headline: str, cut: str | None) -> None:
    assert cut_title_suffix(title) == (headline, cut)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (article(), "东湖街道走访独居老人"),
        (article(title="<h1>东湖新闻网</h1><h2>x</h2>"), "东湖街道走访独居老人"),
        (article(title="<font size=4><b>东湖街道走访独居老人</b></font>"), "东湖街道走访独居老人"),
        (
            article(head='<meta property="og:title" content="东湖街道走访独居老人 - 东湖新闻网">'),
            "东湖街道走访独居老人",
        ),
        (
            article(
                head="<title>走访独居老人的一天-ABC 新闻</title>",
                title="<h1>东湖新闻网</h1><h4>走访独居老人的一天</h4>",
            ),
            "走访独居老人的一天",
        ),
        (
            article(
                head="<title>东湖新闻--东湖街道今天走访辖区独居老人</title>",
                title="<h1>东湖新闻</h1><div class='title-text'>东湖街道今天走访辖区独居老人</div>",
            ),
            "东湖街道今天走访辖区独居老人",
        ),
        (
            article(head="<title>新闻动态--东湖新闻网官网</title>", title="<h3>东湖新闻网</h3>"),
            "新闻动态",
        ),
    ],
    ids=["h1-confirmed-by-title", "logo-h1-ignored", "no-h1", "og-title-only",
         "h4-in-uncut-title", "site-name-first-in-title", "site-name-heading-is-no-headline"],
)  # fmt: skip
def test_page_title(html: str, expected: str) -> None:
    assert page_title(LexborHTMLParser(html)) == expected


@pytest.mark.parametrize(
    ("html", "configured", "expected"),
    [
        (article(), None, "东湖新闻网"),
        (article(), "东湖网", "东湖网"),
        (article(head='<meta property="og:site_name" content="东湖在线">'), None, "东湖在线"),
        (article(head="<title>东湖街道走访独居老人</title>"), None, "www.portal.example"),
    ],
    ids=["title-suffix", "configured", "og-site-name", "host"],
)
def test_site_name(html: str, configured: str | None, expected: str) -> None:
    assert site_name(LexborHTMLParser(html), URL, configured) == expected


def test_meta_dates_and_authors_come_from_meta_tags_and_json_ld() -> None:
    head = (
        '<meta name="PubDate" content="2020-03-20 11:58">'
        '<meta property="article:published_time" content="2020-03-20T11:58:00+08:00">'
        '<meta name="author" content="李明">'
        '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",'
        ' "datePublished": "2020-03-20", "author": [{"name": "王芳"}]}]}</script>'
    )
    tree = LexborHTMLParser(article(head=head))
    assert meta_dates(tree) == ("2020-03-20T11:58:00+08:00", "2020-03-20 11:58", "2020-03-20")
    assert meta_authors(tree) == ("李明", "王芳")


def test_json_ld_replies_and_hidden_microdata_name_no_author() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "QAPage", "mainEntity": {"@type":'
        ' "Question", "author": {"name": "提问人"}, "suggestedAnswer": [{"@type": "Answer",'
        ' "author": {"name": "回答人"}}], "comment": [{"author": {"name": "评论人"}}]}}</script>'
    )
    body = (
        '<span itemprop="author"><a itemprop="name">周明</a></span>'
        '<div style="display: none"><span itemprop="author">隐藏人</span></div>'
    )
    tree = LexborHTMLParser(article(head=head, body=body))
    assert meta_authors(tree) == ("提问人", "周明")


@pytest.mark.parametrize(
    ("title", "owners"),
    [
        ("很高兴入住博客堂 - 李明的博客 - 博客网", ["李明"]),
        ("读书笔记_小鱼儿的空间", ["小鱼儿"]),
        ("Hello world - jack的BLOG", ["jack"]),
        ("东湖街道走访独居老人_社区动态_东湖新闻网", []),
        ("读书笔记_周明远_某某博客", ["周明远"]),
        ("Hello world - someone - 某某Blog", ["someone"]),
        ("读书笔记_某某博客", []),
        ("读书笔记_博客频道_某某网", []),
    ],
    ids=[
        "blog",
        "space",
        "latin-blog",
        "news-page",
        "platform-segment",
        "platform-latin",
        "post-title-and-platform-only",
        "blog-channel-of-a-portal",
    ],
)
def test_blog_owner_named_in_the_title(title: str, owners: list[str]) -> None:
    tree = LexborHTMLParser(article(head=f"<title>{title}</title>"))
    assert blog_owners(tree) == owners


def test_many_microdata_authors_are_replies_not_a_byline() -> None:
    body = "".join(f'<span itemprop="author">网友{n}</span>' for n in range(5))
    assert meta_authors(LexborHTMLParser(article(body=body))) == ()


def test_block_lines_break_at_block_elements_only() -> None:
    html = "<div>第一行<font>接着</font><br>第二行<p>第三<a href='/x'>行</a></p></div>"
    assert node_lines(LexborHTMLParser(html).body) == ["第一行接着", "第二行", "第三行"]


def test_prose_run_skips_menus_and_footer() -> None:
    lines = prose_run(
        LexborHTMLParser(
            article(
                body="<p>各社区：</p>"
                + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
                + "<p>特此通知。</p>"
            )
        ).body
    )
    assert lines[0] == "各社区："
    assert lines[-1] == "特此通知。"
    assert not any("栏目" in line or "版权" in line for line in lines)


def test_extract_reads_title_body_head_and_site() -> None:
    result = extracted(article())
    assert result.title == "东湖街道走访独居老人"
    assert result.site_name == "东湖新闻网"
    assert "2020-03-20 11:58 | 来源：东湖日报" in result.head + result.body
    assert PARAGRAPHS[1] in result.body
    assert not any("版权所有" in line for line in result.body)


def test_a_short_notice_falls_back_to_the_prose_block() -> None:
    notice = "<p>各单位：</p><p>根据安排，4月5日放假，共1天。请做好值班工作。</p><p>特此通知。</p>"
    result = extracted(article(body=notice))
    assert "根据安排，4月5日放假，共1天。请做好值班工作。" in result.body
    assert result.body[-1] == "特此通知。"


def test_a_configured_body_selector_wins() -> None:
    html = article(
        body="<div class='lead'>导语不要。</div>"
        "<div class='main'><p>只要这一段正文，导语和其余部分都不要收进来。</p></div>"
    )
    result = extracted(html, SiteRules(selectors={"body": ".main", "date": ".info"}))
    assert result.body == ("只要这一段正文，导语和其余部分都不要收进来。",)
    assert result.method == "selector"
    assert result.meta_dates[0] == "2020-03-20 11:58 | 来源：东湖日报"


def test_a_cleaneval_wrapper_line_is_removed() -> None:
    wrapped = f'<text id="{URL}" title="x" encoding="gb2312">\n{article()}\n</text>'
    assert strip_wrapper(wrapped).startswith("<html>")
    assert extracted(wrapped).title == "东湖街道走访独居老人"


def test_a_short_notice_saying_a_rumour_is_untrue_is_no_soft_404() -> None:
    notice = (
        "<p>近日，网上流传本区将于下月停水三天的消息。经核实，该信息不存在，"
        "系不实传言，请广大市民不信谣、不传谣。</p>"
    )
    html = article(title="<h1>关于网传停水信息不存在的说明</h1>", body=notice)
    assert extracted(html.replace("东湖街道走访独居老人", "关于网传停水信息不存在的说明")).body


LISTING = "".join(
    f'<li><a href="/news/{i}.html">第{i}条社区新闻标题在这里</a> 2020-03-{i:02d}</li>'
    for i in range(1, 21)
)


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (
            article(title="<h1>页面不存在</h1>", body="<p>抱歉，您访问的页面不存在！</p>"),
            "soft_404",
        ),
        ("<html><head><title>404 Not Found</title></head><body>nginx</body></html>", "soft_404"),
        (article(title="<h1>提示</h1>", body="<p>对不起，您查看的内容已删除！</p>"), "soft_404"),
        (article(title="<h1>社区新闻</h1>", info="", body=f"<ul>{LISTING}</ul>"), "listing_page"),
        ("<html><body><img src='a.jpg'></body></html>", "no_article"),
    ],
    ids=["soft-404-text", "soft-404-title", "soft-404-content-gone", "listing", "empty"],
)
def test_non_articles_are_dropped(html: str, reason: str) -> None:
    result = extract_html(html, URL, SiteRules())
    assert isinstance(result, Dropped)
    assert (result.stage, result.reason, result.url) == ("extract", reason, URL)


# Short replies without a sentence end, on a forum page whose navigation is most of its text.
REPLIES = (
    "路由器重启一下试试 我家的也是这样弄好的",
    "可能是信道冲突 换个信道看看",
    "同问 我也想知道怎么解决这个问题",
    "把固件升级到最新版就好了 亲测有效",
    "打电话给运营商让他们上门看看吧",
)
MORE_NAV = "".join(f"<a href='/forum-{i}.html'>版块{i}</a> " for i in range(150))


def forum_page(entries: str) -> str:
    return threadpages.page(entries, extra=f"<div>{MORE_NAV}</div>")


def topics() -> str:
    return "".join(
        f"<div class='row'><a href='/thread-{i}.html'>第{i}个帖子的标题写在这里比较长</a>"
        f"<div class='user'><a href='/u/{i}'>网友{i}</a></div><div>2021-03-0{i + 1} 10:1{i}</div>"
        "</div>"
        for i in range(1, 9)
    )


def test_a_thread_of_replies_without_sentence_ends_is_no_listing() -> None:
    result = extract_html(forum_page(threadpages.table_posts(REPLIES)), URL, SiteRules())
    assert isinstance(result, Extracted), result
    assert result.method == "thread"
    assert all(text in result.body for text in REPLIES)


def test_a_forum_list_of_topics_is_still_a_listing() -> None:
    result = extract_html(forum_page(topics()), URL, SiteRules())
    assert isinstance(result, Dropped)
    assert result.reason == "listing_page"


@pytest.mark.parametrize(
    ("body", "thread", "listing"),
    [
        ([threadpages.TITLE, *REPLIES], True, False),
        ([threadpages.TITLE, *REPLIES], False, True),
        (["资讯中心", "产品排行", "硬件大全", "使用教程", "开源项目"], True, True),
    ],
    ids=["replies-of-a-thread", "same-lines-as-an-article", "menu-titles-read-as-posts"],
)
def test_replies_need_no_sentence_end_but_menu_titles_do(
    body: list[str], thread: bool, listing: bool
) -> None:
    tree = LexborHTMLParser(forum_page(""))  # navigation links: most of the page's text
    assert _is_listing(tree, body, thread=thread) is listing


def test_script_controls_are_not_page_text() -> None:
    html = (
        "<div>2020-03-20 11:58 来源：东湖日报【<a href='javascript:window.print()'>打印</a>】"
        "【<a href=\"JavaScript:window.close()\">关闭</a>】<a href='/x.html'>更多</a></div>"
    )
    assert node_lines(LexborHTMLParser(html).body) == [
        "2020-03-20 11:58 来源：东湖日报【】【】更多"
    ]


@pytest.mark.parametrize(
    ("selectors", "line"),
    [
        ({"source": ".src"}, "来源：东湖日报"),
        ({"author": ".who"}, "作者：李明"),
        ({"editor": ".ed"}, "责任编辑：王芳"),
    ],
    ids=["bare-source-labelled", "bare-author-labelled", "labelled-kept"],
)
def test_configured_field_selectors_become_labelled_head_lines(
    selectors: dict[str, str], line: str
) -> None:
    info = (
        "<div class='info'><span class='src'>东湖日报</span> <span class='who'>李明</span>"
        " <span class='ed'>责任编辑：王芳</span></div>"
    )
    result = extracted(article(info=info), SiteRules(selectors=selectors))
    assert line in result.head


def test_a_list_of_other_articles_with_teasers_ends_the_prose_run() -> None:
    related = "".join(
        f"<dl><dt><a href='/{i}.html'>其他新闻标题第{i}条</a></dt>"
        f"<dd>这是另一篇文章的摘要，只显示开头的几十个字，后面的内容被截断了……</dd></dl>"
        for i in range(3)
    )
    lines = prose_run(
        LexborHTMLParser(article(body="".join(f"<p>{p}</p>" for p in PARAGRAPHS) + related)).body
    )
    assert lines[-1] == PARAGRAPHS[-1]


def test_a_bold_headline_replaces_a_site_wide_title_not_shown_on_the_page() -> None:
    html = article(
        head="<title>欢迎访问东湖新闻网</title>",
        title="<center><b>东湖街道走访独居老人</b></center>",
        body="".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2),
    )
    assert extracted(html).title == "东湖街道走访独居老人"
