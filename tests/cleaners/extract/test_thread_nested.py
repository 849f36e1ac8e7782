"""Reading a Q&A thread of few answers whose comments nest inside them, and its question's body."""

from __future__ import annotations

import pytest
from threadpages import POSTS, TITLE, URL, page

from cleaners.extract.page import Extracted, extract_html
from cleaners.records import SiteRules

# A question's body: a sentence or two, and short lines that end no sentence (a file name, a
# log line, a label) that a reader of the question needs as much as its sentences.
QUESTION = (
    "新买的路由器装好以后，楼上的房间一直连不上无线网，重启了好几次都没有用，换了信道也不行。",
    "我做过的尝试",
    "改成5G频段",
    "关掉省电模式",
    "日志里只有这一行：",
    "wlan0: deauthenticated reason=3",
    "请问是设备的问题，还是我家墙太厚了？有没有不花钱的办法，实在不行就只能再买一个中继器了。",
)
ANSWERS = (
    ("两层楼之间隔着承重墙，信号衰减得很厉害，建议在楼梯口加一个有线回程的节点。",),
    ("可以先用手机测一下每个房间的信号强度，再决定节点放在哪里。",),
)
REPLY = "谢谢，按你说的加了节点，楼上满格了。"
LINK = "http://wifi.help.example/guide/mesh"
TAGS = "问题标签： 网络设备"


def _answer(n: int, parts: tuple[str, ...], nested: str = "", link: str = "") -> str:
    """An answer: its author and time row, its text, its buttons, the comments under it."""
    pasted = f"<p>参考这篇说明：<a href='/go?to={n}'>{link}</a></p>" if link else ""
    return (
        f"<div class='answer-box'><div class='answer-main'>"
        f"<div class='who'><a href='/u/{n}'>路过的网友{n}</a> | 等级 {n + 3} | "
        f"2024-02-0{n + 1}</div>"
        f"<div class='answer-body'>{pasted}{''.join(f'<p>{p}</p>' for p in parts)}</div>"
        f"<div class='bar'><span>赞 {n * 5 + 2}</span> | <span>回复</span></div>"
        f"{nested}</div></div>"
    )


def qa_page(answers: tuple[tuple[str, ...], ...] = ANSWERS, question: str = "") -> str:
    """A question (author row, body, tags) above few answers; the first holds a reply."""
    reply = (
        "<div class='replies'><div class='reply-item'><div class='who'><b>提问的人</b> | "
        f"2024-02-03</div><div class='answer-body'>{REPLY}</div>"
        "<div class='bar'><span>回复</span></div></div></div>"
    )
    items = "".join(
        _answer(n, parts, reply if n == 0 else "", LINK if n == 0 else "")
        for n, parts in enumerate(answers)
    )
    question = question or (
        "<div class='question'><div class='asker'><a href='/u/q'>提问的人</a> | 2024-01-30</div>"
        f"<div class='question-body'>{''.join(f'<p>{line}</p>' for line in QUESTION)}</div>"
        f"<p class='tags'>问题标签： <a href='/tag/1'>网络设备</a></p></div>"
    )
    return page(f"{question}<div class='answer-list'>{items}</div>")


def extract(html: str) -> Extracted:
    result = extract_html(html, URL, SiteRules())
    assert isinstance(result, Extracted), result
    return result


def test_two_answers_with_a_nested_reply_are_a_thread_kept_in_order() -> None:
    extracted = extract(qa_page())
    text = "".join(extracted.body)
    wanted = (*QUESTION, LINK, ANSWERS[0][0], REPLY, ANSWERS[1][0])
    positions = [text.find(part) for part in wanted]
    assert extracted.method == "thread"
    assert extracted.body[0] == TITLE
    assert -1 not in positions, f"missing lines in {extracted.body}"
    assert positions == sorted(positions)


THIRD = ("换个位置放路由器也有用，别放在电视柜里面，金属会挡信号。",)


@pytest.mark.parametrize("answers", [ANSWERS, (*ANSWERS, THIRD)], ids=["two", "three"])
def test_the_question_body_keeps_its_short_lines_and_leaves_its_tags(
    answers: tuple[tuple[str, ...], ...],
) -> None:
    extracted = extract(qa_page(answers))
    body = extracted.body
    assert extracted.method == "thread"
    assert [line for line in QUESTION if line not in body] == []
    chrome = ("网络设备", "提问的人", "路过的网友", "2024-02-0", "等级", "回复")
    assert [c for c in chrome if any(c in line for line in body)] == []


def test_a_pasted_address_in_an_answer_is_its_text_not_a_card() -> None:
    assert any(LINK in line for line in extract(qa_page()).body)


def test_two_answers_without_a_nested_reply_stay_an_article() -> None:
    html = qa_page().replace(REPLY, "").replace("<b>提问的人</b> | 2024-02-03", "")
    assert extract(html).method != "thread"


LONG_QUESTION = "".join(
    f"<p>第{n}次尝试：把路由器从客厅挪到走廊，又把天线全部竖起来，楼上的信号还是只有一格，"
    "网页打开要十几秒，视频根本看不了。</p>"
    for n in range(1, 6)
)


def test_short_answers_holding_replies_under_a_long_question_are_a_thread() -> None:
    long_question = (
        "<div class='question'><div class='asker'><a href='/u/q'>提问的人</a> | 2024-01-30</div>"
        f"<div class='question-body'>{LONG_QUESTION}</div></div>"
    )
    extracted = extract(qa_page(question=long_question))
    assert extracted.method == "thread"
    assert REPLY in extracted.body and ANSWERS[1][0] in extracted.body


HEADLINES = (
    "千兆网线怎样挑才不踩坑，看这一篇就够了",
    "旧房子改造弱电箱的几点经验和教训",
    "装修前一定要预埋的几根管子，千万别省",
)
DATED_RELATED = "".join(
    f"<div class='rel'><h5>{text}</h5><span>2024-03-0{n}</span></div>"
    for n, text in enumerate(HEADLINES, 1)
)


def test_a_short_article_above_dated_headlines_is_no_thread() -> None:
    short = "".join(ARTICLE.split("</p>")[:3])
    extracted = extract(page(f"<div class='article'>{short}</div>{DATED_RELATED}"))
    assert extracted.method != "thread"


RELATED = "".join(
    f"<div class='rel'><a href='/news/{n}.html'>另一篇关于家庭网络布线的文章第{n}篇</a>"
    f"<span>2024-03-0{n}</span></div>"
    for n in range(1, 3)
)
ARTICLE = "".join(
    f"<p>第{n}段：家庭网络的覆盖取决于墙体材料、路由器的位置和频段的选择，"
    "承重墙对五吉赫兹信号的衰减尤其明显，布线时应当提前规划。</p>"
    for n in range(1, 7)
)


def test_an_article_above_two_dated_links_is_no_thread() -> None:
    extracted = extract(page(f"<div class='article'>{ARTICLE}</div>{RELATED}"))
    assert extracted.method != "thread"
    assert not any("另一篇关于" in line for line in extracted.body)


BEST = (
    "<div class='column'><div class='question-body'><p>{question}</p></div>"
    "<div class='toolbar'><span>我来答</span><span>分享</span><span>复制链接</span></div>"
    "<div class='best'><span>最佳答案</span><div class='answer-body'><p>{best}</p></div></div>"
    "</div>"
)


@pytest.mark.parametrize("answers", [ANSWERS, (*ANSWERS, THIRD)], ids=["two", "three"])
def test_a_question_column_holding_a_best_answer_keeps_no_buttons(
    answers: tuple[tuple[str, ...], ...],
) -> None:
    best = "把路由器放在房子中间的高处，覆盖会好很多，别放在柜子里。"
    extracted = extract(qa_page(answers, BEST.format(question=QUESTION[0], best=best)))
    body = extracted.body
    assert extracted.method == "thread"
    assert QUESTION[0] in body and best in body
    assert [b for b in ("我来答", "分享", "复制链接") if any(b in line for line in body)] == []


FLOOR_REPLIES = ("楼上说得对，这种天气出门真的要带伞，我昨天就被淋透了。", "同意，不过雨衣比伞好用")


def floor_posts() -> str:
    """Posts whose replies sit in a list under the post's text, each reply above its time row."""
    items = []
    for n, text in enumerate(POSTS[:3]):
        replies = "".join(
            f"<li class='sub-reply'><div class='sub-text'><a href='/u/r{k}'>回帖人{k}</a>: "
            f"{reply}</div><div class='sub-time'>2023-4-{k + 1} 13:3{k}</div></li>"
            for k, reply in enumerate(FLOOR_REPLIES)
            if n == 1
        )
        items.append(
            f"<div class='floor'><div class='floor-user'><a href='/u/{n}'>楼层用户{n}</a></div>"
            f"<div class='floor-main'><div class='floor-text'>{text}</div>"
            f"<div class='floor-tail'>{n + 1}楼 2023-3-{n + 1} 08:0{n}</div>"
            f"<ul class='sub-list'>{replies}</ul><a href='#' class='more'>我也说一句</a>"
            "</div></div>"
        )
    return page(f"<div class='floors'>{''.join(items)}</div>")


def test_replies_nested_under_a_post_are_kept_after_it() -> None:
    extracted = extract(floor_posts())
    text = "".join(extracted.body)
    positions = [text.find(part) for part in (POSTS[1], FLOOR_REPLIES[0], POSTS[2])]
    assert extracted.method == "thread"
    assert -1 not in positions and positions == sorted(positions)
    assert "我也说一句" not in text and "2023-4-1" not in text


SIGNATURES = ("每天进步一点点，生活会越来越好。", "读书破万卷，下笔如有神。", "慢慢来，比较快。")


def test_a_signature_above_the_post_time_row_is_no_reply() -> None:
    tail = "<div class='floor-tail'>"
    parts = floor_posts().split(tail)
    signed = parts[0] + "".join(
        f"<div class='sign'>签名：{sign}</div>{tail}{part}"
        for sign, part in zip(SIGNATURES, parts[1:], strict=True)
    )
    text = "".join(extract(signed).body)
    assert FLOOR_REPLIES[0] in text
    assert "每天进步一点点" not in text and "比较快" not in text
