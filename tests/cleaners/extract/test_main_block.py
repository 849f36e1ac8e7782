"""The main-content block: found below the headline by density, agreed with trafilatura."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners.extract.interruptions import cut_tail, feed_start
from cleaners.extract.main_block import combine, main_block, region_start
from cleaners.extract.page import Extracted, extract_html
from cleaners.extract.page_lines import page_lines
from cleaners.records import SiteRules

URL = "http://www.portal.example/news/202104/t20210412_77.html"
TITLE = "河西区启动老旧小区加装电梯工作"
LEAD = "四月十二日，河西区召开老旧小区加装电梯工作推进会，确定首批二十个试点小区。"
MIDDLE = "区住建局负责人介绍，加装电梯由居民自愿申请，政府按每台十五万元的标准给予补贴。"
LAST = "按照计划，首批电梯将在年底前投入使用，惠及一千二百余户居民。"
ARTICLE = (LEAD, MIDDLE, LAST)
TEASER = "另一篇文章的摘要，讲的是别的街道今年春天组织居民开展植树活动的情况，内容很长很长……"
COMMENT = "这是读者的留言，说加装电梯是好事，希望自己住的小区也能早日纳入试点范围，支持支持。"
NAV = "".join(f'<a href="/c{i}/">栏目{i}</a> ' for i in range(10))


def page(body: str, *, after: str = "") -> str:
    return (
        f"<html><head><title>{TITLE}_要闻_河西新闻网</title></head><body>"
        f"<div class='nav'>{NAV}</div><div class='main'><h1>{TITLE}</h1>"
        f"<div class='info'>2021-04-12 09:30 来源：河西日报</div>"
        f"<div class='text'>{body}</div>{after}</div>"
        "<div class='foot'>版权所有 河西新闻网 备案号00000000</div></body></html>"
    )


def paragraphs(texts: tuple[str, ...]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


RELATED = (
    "<div class='rel'><h3>相关新闻</h3>"
    + "".join(
        f"<div><a href='/n{i}.html'>别的新闻标题第{i}条</a><p>{TEASER}</p></div>" for i in range(6)
    )
    + "</div>"
)
COMMENTS = (
    "<div class='cmt'><div>网友评论</div>"
    + "".join(f"<div class='c'><a href='/u{i}'>网友{i}</a><p>{COMMENT}</p></div>" for i in range(8))
    + "</div>"
)
SPREAD = (
    "<div class='spread'><div>延伸 · 推荐</div>"
    + "".join(f"<p>{TEASER}</p>" for _ in range(6))
    + "</div>"
)


def extracted(html: str) -> Extracted:
    result = extract_html(html, URL, SiteRules())
    assert isinstance(result, Extracted), result
    return result


@pytest.mark.parametrize(
    "html",
    [
        page(paragraphs(ARTICLE)),
        page(paragraphs(ARTICLE), after=RELATED),
        page(paragraphs(ARTICLE), after=COMMENTS),
        page(paragraphs(ARTICLE) + SPREAD),
        page(f"<p>{LEAD}</p><p>{MIDDLE}<br>{LAST}</p>"),
    ],
    ids=["plain", "related-teasers-after", "comment-thread-after", "region-heading-with-dot",
         "line-breaks"],
)  # fmt: skip
def test_the_body_is_the_article_and_nothing_around_it(html: str) -> None:
    body = "\n".join(extracted(html).body)
    assert all(text in body for text in ARTICLE)
    assert TEASER not in body
    assert COMMENT not in body


@pytest.mark.parametrize(
    ("line", "opens"),
    [
        ("相关新闻", True),
        ("【相关阅读】", True),
        ("延伸 · 推荐", True),
        ("网友评论 (12)", True),
        ("评论", True),
        ("热门跟贴：", True),
        ("【推荐产品】", True),
        ("相关部门表示，将加快推进这项工作。", False),
        ("评论员文章：坚持不懈抓落实", False),
    ],
    ids=["related", "bracketed", "dotted", "comment-count", "bare-comment", "follow-ups",
         "products", "prose-starting-with-xiangguan", "commentary-headline"],
)  # fmt: skip
def test_region_start(line: str, opens: bool) -> None:
    assert region_start(line) is opens


def test_the_block_starts_below_the_headline_even_when_the_comments_hold_more_prose() -> None:
    html = page(paragraphs(ARTICLE), after=COMMENTS.replace("网友评论", "评论列表"))
    lines = page_lines(LexborHTMLParser(html).body)
    block = main_block(lines, TITLE)
    assert block is not None
    kept = [line.text for line in lines[block.run_start : block.run_end]]
    assert kept[0] == LEAD and kept[-1] == LAST


def test_trafilatura_lines_elsewhere_leave_the_block_to_decide() -> None:
    lines = page_lines(LexborHTMLParser(page(paragraphs(ARTICLE), after=RELATED)).body)
    block = main_block(lines, TITLE)
    assert block is not None
    assert combine(lines, block, [TEASER] * 6) is None
    assert combine(lines, block, [MIDDLE]) == list(ARTICLE)


def test_a_notice_keeps_its_salutation_and_closing_lines() -> None:
    notice = "<p>各社区、各部门：</p>" + paragraphs(ARTICLE) + "<p>特此通知。</p>"
    notice += "<p>河西区住房和建设局</p><p>2021年4月12日</p>"
    body = extracted(page(notice)).body
    assert body[0] == "各社区、各部门："
    assert body[-3:] == ("特此通知。", "河西区住房和建设局", "2021年4月12日")


POSTS = (
    "楼主说说：我们小区上个月刚装好电梯，前后用了四个月，大家有什么问题可以问我。",
    "二楼回复：请问每户出了多少钱？我们楼有人同意有人反对，一直定不下来。",
    "三楼回复：按楼层分摊的，越高出得越多，一楼不出钱，我家六楼出了两万多。",
    "四楼回复：谢谢分享，我们也准备申请了，先去街道问问要准备哪些材料。",
)


def forum(posts: tuple[str, ...]) -> str:
    parts = []
    for number, text in enumerate(posts, 1):
        parts.append(
            f"<table class='post'><tr><td class='user'><a href='/u/{number}'>用户{number}</a>"
            f"<div>帖子 12{number}</div><div>积分 3{number}0</div><div>注册 2010-01-0{number}</div>"
            f"</td><td class='msg'><div>发表于 2021-04-1{number} 10:0{number}</div>"
            f"<div class='text'>{text}</div><div>----------</div><div>签名：好好生活</div>"
            "<div><a href='javascript:reply()'>回复</a> <a href='#'>引用</a> "
            "<a href='#'>举报</a></div></td></tr></table>"
        )
    return (
        f"<html><head><title>{TITLE}_业主论坛</title></head><body>"
        f"<div class='nav'>{NAV}</div><h1>{TITLE}</h1><div class='thread'>{''.join(parts)}</div>"
        "<div class='foot'>版权所有 论坛 备案号00000000</div></body></html>"
    )


def test_a_forum_thread_keeps_every_post_in_order_without_user_boxes() -> None:
    body = extracted(forum(POSTS)).body
    joined = "\n".join(body)
    positions = [joined.find(post) for post in POSTS]
    assert -1 not in positions and positions == sorted(positions)
    assert "积分" not in joined and "签名" not in joined and "举报" not in joined


@pytest.mark.parametrize(
    ("lines", "start"),
    [
        ([LEAD, MIDDLE, LAST], 3),
        ([LEAD, "2021-04-12 09:30", MIDDLE, LAST], 4),
        (
            [LEAD, MIDDLE, "别的标题一", TEASER, "2021-04-11 08:00", "别的标题二", TEASER,
             "2021-04-10 08:00", "别的标题三", TEASER, "2021-04-09 08:00"],
            2,
        ),
        ([LEAD, "2021-04-12", MIDDLE] + [LAST] * 12 + ["2021-04-13", LAST, "2021-04-14"], 18),
    ],
    ids=["no-stamps", "one-stamp", "dated-teasers", "stamps-far-apart"],
)  # fmt: skip
def test_feed_start(lines: list[str], start: int) -> None:
    assert feed_start(lines) == start


@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        ([LEAD, MIDDLE, LAST, "责任编辑：王明", TEASER], 4),
        ([LEAD, MIDDLE, LAST, "责编|王明", "扫描下方二维码解锁更多技能"], 4),
        (["（责任编辑：王明）", LEAD, MIDDLE, LAST], 4),
        ([LEAD, MIDDLE, LAST], 3),
    ],
    ids=["editor-then-teaser", "bar-credit-then-promotion", "credit-at-the-top", "no-credit"],
)
def test_cut_tail_ends_at_the_closing_editor_credit(lines: list[str], kept: int) -> None:
    assert cut_tail(lines) == lines[:kept]


def test_without_trafilatura_lines_the_block_keeps_its_prose_to_the_last_paragraph() -> None:
    short = "".join(f"{line}<br>" for line in ("看这里↓↓↓", "目前", "工程已进入验收阶段"))
    html = page(f"{LEAD}<br>{short}{MIDDLE}<br>{short}{LAST}<br><a href='/x'>返回首页</a>")
    lines = page_lines(LexborHTMLParser(html).body)
    block = main_block(lines, TITLE)
    assert block is not None
    kept = combine(lines, block, [])
    assert kept is not None
    assert kept[0] == LEAD and kept[-1] == LAST
    assert "工程已进入验收阶段" in kept and "返回首页" not in kept
