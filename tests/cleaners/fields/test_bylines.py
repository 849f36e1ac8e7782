"""Table tests for source, author and editor lines."""

from __future__ import annotations

import pytest

from cleaners.fields.bylines import (
    authors_of,
    is_byline,
    parse_authors,
    parse_bracketed_name,
    parse_closing_credit,
    parse_editor,
    parse_reported,
    parse_source,
)
from cleaners.fields.names import looks_like_name, standalone_name


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("2020-05-07 21:47:22 来源:某某交通网 字体:", "某某交通网"),
        ("2019-03-20 11:58 | 来源: 某省新闻网", "某省新闻网"),
        ("稿件来源：某市日报", "某市日报"),
        ("信息来源：市公安局 作者：张明", "市公安局"),
        ("文章来源: 某某晚报  点击数: 120", "某某晚报"),
        ("来源：[ 某某金融报 ]", "某某金融报"),
        ("来源：某某报 2020-01-02", "某某报"),
        ("来源：某某网 编辑：李华", "某某网"),
        ('作者： size="20" 来源： size="20"', None),
        ("他说，消息来源于群众举报。", None),
        ("来源：本站原创", ""),
        ("来源：转载文章", ""),
    ],
    ids=[
        "info-bar-with-font",
        "bar-separated",
        "gaojian",
        "xinxi-then-author",
        "wenzhang-two-spaces",
        "bracketed",
        "date-after",
        "editor-after",
        "markup-leak",
        "prose-no-colon",
        "self-reference",
        "repost",
    ],
)
def test_parse_source(line: str, source: str | None) -> None:
    found = parse_source(line)
    assert (found.value if found else None) == source


@pytest.mark.parametrize(
    ("line", "editor"),
    [
        ("(编辑:abc2020)", "abc2020"),
        ("编辑: 张晓明 某网新闻热线:0431-12345678", "张晓明"),
        ("（ 责任编辑：王丽 ）", "王丽"),
        ("责编：赵刚", "赵刚"),
        ("来源：某某日报 编辑：陈静", "陈静"),
        ("作者:someone 阅读(1660) 评论(5) 编辑 发表于:2005-07-31", None),
        ("编辑部地址：某市某路1号", None),
    ],
    ids=["parenthesised-handle", "name-then-hotline", "zeren-bianji", "zebian", "after-source",
         "blog-edit-link", "editorial-office"],
)  # fmt: skip
def test_parse_editor(line: str, editor: str | None) -> None:
    found = parse_editor(line)
    assert (found.value if found else None) == editor


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("首席记者 张明 通讯员 李华 王强 赵刚", ("张明", "李华", "王强", "赵刚")),
        ("■副市长、公安局党委书记、局长   孙建国", ("孙建国",)),
        ("记者张明 通讯员王强", ("张明", "王强")),
        ("某某网某某频道 记者 伊琳 李清", ("伊琳", "李清")),
        ("记者 刘涛", ("刘涛",)),
        ("文/张明 图/李华", ("张明", "李华")),
        ("作者：宋怡 杨志华", ("宋怡", "杨志华")),
        ("作者:someone 阅读(1660) 评论(5)", ("someone",)),
        ("作者： 放飞&心情 将军(从一品) 能力值:545803", ("放飞&心情",)),
        ("02日14:25 作者： 赵婕", ("赵婕",)),
        ("本报记者罗科发自北京", ("罗科",)),
        ("某某晨报记者马俊峰/文 受访者供图", ("马俊峰",)),
        ("[专栏] 某文章标题 someone 发表于 2005-9-15 11:46:00", ("someone",)),
        ("由海姑娘张贴 @ 2005-06-14 03:25:55", ("海姑娘",)),
        ("定期获得信息交流。(晨报记者 蔡雪)", ("蔡雪",)),
        ("过一个平安祥和的新春佳节。（常书香 马丹阳 ）", ("常书香", "马丹阳")),
        ("某某网5月4日讯（记者张明 整合） 长假过半，游客仍多", ("张明",)),
        ("发表于2014-08-24 21:30| 116次阅读| 来源某网| 作者李华", ("李华",)),
        ("团队的管理能力在30亿左右。（某某财经 周宁）", ("周宁",)),
        ("【文/某某网专栏作者 王明】", ("王明",)),
        ("【文/某某网专栏作者王明】", ("王明",)),
        ("执笔/叨叨姐、胡一刀&李飞刀", ("叨叨姐", "胡一刀", "李飞刀")),
        ("采写：某都见习记者 林子明", ("林子明",)),
        ("采写：某都记者 王明 李华", ("王明", "李华")),
        ("《某栏目》作者 周明", ("周明",)),
        ("某某社巴黎12月9日电（记者唐明）法国9日再次爆发大罢工", ("唐明",)),
        ("活动将先后在三个国家举行。（张巨明）", ("张巨明",)),
        ("石佳/某某青年报", ("石佳",)),
        ("本站讯（职工通讯员 李文雯 刘会）为推进工作，举办了比赛", ("李文雯", "刘会")),
        ("某某网讯（记者 周明 通讯员 王强）近日，全市", ("周明", "王强")),
        ("由 abcd1234 发布于 2024-02-24 14:02:08", ("abcd1234",)),
        ("会议在此召开。（作者：方明）", ("方明",)),
        ("作 者：李华 来源：某某日报", ("李华",)),
        ("【作者】周明远", ("周明远",)),
        ("[作者] 周明远", ("周明远",)),
        ("作者/周明远", ("周明远",)),
        ("作者 周明远 2005-03-02", ("周明远",)),
        ("作者：王 伟 来源：某某日报", ("王伟",)),
        ("本报记者 王 伟", ("王伟",)),
        ("作者：周明（某某大学教授）", ("周明",)),
        ("作者：someone(某网友)", ("someone",)),
        ("作者：周明/李华", ("周明", "李华")),
        ("发信人: someone (某昵称), 信区: 某版", ("someone",)),
        ("博主：周明远", ("周明远",)),
        ("posted @ 2005-03-02 10:12 someone 阅读(1234) 评论(5) 编辑 收藏", ("someone",)),
        ("Posted on 2005-3-2 周明", ("周明",)),
        ("撰稿人：周明 执笔人：李华", ("周明", "李华")),
        ("文字：周明 摄影：李华", ("周明",)),
        ("文字/周明", ("周明",)),
        ("特约撰稿人 周明", ("周明",)),
        ("作者：周明 李华等", ("周明", "李华")),
        ("【作者：周明】【来源：某某网】【时间：2005-3-2】", ("周明",)),
        ("[作者:周明][来源:某某网]", ("周明",)),
        ("02日14:25 作者： 周明 出自[某某出版社]", ("周明",)),
        ("文丨周明", ("周明",)),
        ("记者丨周明 通讯员丨李华", ("周明", "李华")),
        ("文：周明 图：李华", ("周明",)),
        ("图文：周明", ("周明",)),
    ],
    ids=[
        "roles-and-names",
        "print-mark-with-titles",
        "role-glued-to-name",
        "org-then-reporter",
        "one-reporter",
        "wen-tu-slashes",
        "zuozhe-two-names",
        "blog-handle",
        "forum-handle",
        "after-time",
        "fazi",
        "name-slash-wen",
        "forum-posted",
        "blog-posted-by",
        "closing-credit-with-role",
        "closing-credit-names-only",
        "dateline-bracketed-reporter",
        "label-without-colon",
        "closing-credit-publisher-first",
        "wen-slash-columnist-title",
        "columnist-title-glued",
        "zhibi-pen-names",
        "caixie-label",
        "caixie-four-character-title",
        "bare-label-after-book-title",
        "dateline-dian",
        "closing-lone-name",
        "name-slash-newspaper",
        "dateline-correspondents",
        "dateline-reporter-and-correspondent",
        "posted-by-fabu",
        "closing-credit-labelled",
        "label-spaced-out",
        "label-in-brackets",
        "label-in-square-brackets",
        "label-slash",
        "label-without-colon-at-start",
        "name-padded-to-three-wide",
        "reporter-name-padded",
        "affiliation-after-name",
        "alias-after-handle",
        "names-split-by-slash",
        "bbs-sender-with-nickname",
        "blog-owner-label",
        "blog-engine-footer",
        "blog-engine-footer-posted-on",
        "writer-labels",
        "text-and-photo-credits",
        "text-credit-slash",
        "contributing-writer-title",
        "et-al",
        "info-bar-of-bracketed-fields",
        "info-bar-of-square-bracketed-fields",
        "a-word-after-the-name-is-no-second-name",
        "ideograph-bar",
        "ideograph-bar-roles",
        "wen-colon-then-photo-credit",
        "photos-and-text",
    ],
)
def test_parse_authors(line: str, authors: tuple[str, ...]) -> None:
    assert authors_of(parse_authors(line)) == authors


@pytest.mark.parametrize(
    "line",
    [
        "■相关链接",
        "当前位置： 首页｜某某记者看东北｜人物专访",
        "[点击此处收藏本文] 发表于2005年09月07日 11:57 AM",
        "强化政治建警重塑铸警魂",
        "融资俱乐部，广大投资者可以免费加入。",
        "(某某社 某某网)",
        "作者认为，这个问题需要进一步研究。",
        "作者简介",
        "| 作者 某某某某某公司",
        "会议强调，要坚持人民至上。（同上）",
        "图为活动启动仪式。（刘通摄）",
        "2015-07-04 07:55:23 来源: 某某晚报(吉林)",
        "邮政编码 071700（容城县）",
        "（万人）",
        "作者/标题/日期",
        "【作者】",
        "作者简介 周明，男，生于某市",
        "posted @ 2005-03-02 10:12 阅读(1234)",
        "原文：某某网",
        "图：李华",
    ],
    ids=["mark-with-link-word", "breadcrumb-with-role", "control-before-posted", "headline",
         "prose", "two-organisations", "zuozhe-in-prose", "author-bio-heading",
         "bare-label-before-company", "closing-bracket-no-name", "photo-credit",
         "place-after-publisher", "place-after-code", "unit-alone-on-its-line",
         "table-header-slash", "bracketed-label-alone", "author-bio-at-start",
         "blog-footer-without-name", "original-text-label", "photo-credit-label"],
)  # fmt: skip
def test_parse_authors_refuses(line: str) -> None:
    assert parse_authors(line) is None


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("首席记者 张明 通讯员 李华", True),
        ("■副市长 孙建国", True),
        ("张明 李华", False),
        ("记者 张明 " + "很长" * 40, False),
    ],
    ids=["roles", "mark-title-name", "names-without-role", "too-long"],
)
def test_is_byline(line: str, byline: bool) -> None:
    assert is_byline(line) is byline


@pytest.mark.parametrize(
    "line",
    ["作者：佚名", "作者：admin 时间：2020-01-01", "作者：某某医院药剂党支部"],
    ids=["anon", "admin", "party-branch"],
)
def test_author_naming_nobody_is_found_empty(line: str) -> None:
    found = parse_authors(line)
    assert found is not None and found.value == "" and authors_of(found) == ()


def test_closing_credit_only_at_the_end() -> None:
    found = parse_closing_credit("工作取得实效。（记者 张明）")
    assert found is not None and found.value == "张明" and found.span[0] == 7
    assert parse_closing_credit("（记者 张明）之后还有正文内容继续。") is None


def test_reported_photo_credit_after_repair() -> None:
    assert authors_of(parse_reported("留条后路蔡雪婧/摄")) == ("蔡雪婧",)


def test_bracketed_name_on_info_bar() -> None:
    found = parse_bracketed_name(
        "BUSINESS.EXAMPLE.COM 2004年7月16日08:19 [ 黄宇 ] 来源：[ 某某报 ]"
    )
    assert found is not None and found.value == "黄宇"


@pytest.mark.parametrize(
    ("word", "name"),
    [("张明", True), ("欧阳修远", True), ("罗科苏盈", True), ("关注", True), ("首页", False),
     ("当前位置", False), ("欧阳", False), ("张", False), ("abc", False), ("王者之风", False)],
    ids=["common", "double-surname", "two-names-glued", "surname-like-word", "no-surname",
         "four-no-surname", "surname-alone", "one-char", "latin", "four-single-surname"],
)  # fmt: skip
def test_looks_like_name(word: str, name: bool) -> None:
    assert looks_like_name(word) is name


@pytest.mark.parametrize(
    ("line", "name"),
    [("林秋生", "林秋生"), (" 张晓明 ", "张晓明"), ("欧阳修远", None), ("相关链接", None)],
    ids=["two", "three-padded", "four-too-long", "not-a-name"],
)
def test_standalone_name(line: str, name: str | None) -> None:
    assert standalone_name(line) == name
