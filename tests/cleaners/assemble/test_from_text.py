"""import-text: dumps of portal pages (written for these tests) through the text path."""

from __future__ import annotations

import pytest

from cleaners import __version__
from cleaners.assemble.from_text import (
    article_run,
    build_text_record,
    find_title_span,
    split_text,
    strip_site_suffix,
)
from cleaners.records import Dropped, Record, SiteRules, record_id, text_sha256

P1 = "今天上午，某市公安局召开全市治安工作会议，总结去年工作，部署今年任务。"
P2 = "会议指出，各级公安机关要坚持问题导向，聚焦薄弱环节，确保各项任务落地见效。"
P3 = "会议要求，要加强基层基础建设，提升群众安全感和满意度，为全市发展创造良好环境。"

NEWS_PORTAL = f"""首页 要闻 时政 交通 交警 公路 物流 汽车 民航 铁路

某市部署全年治安工作 “三项行动”同步启动

2021-03-02 09:15:40 来源:某某交通网 字体:

首席记者 张明 通讯员 李华 王强

{P1}

“三项行动”同步启动

{P2}

{P3}

(编辑:abc2021)

  • 时讯要闻
  • 交通视野
图片文章
  • 某地高速公路今日通车

    某地高速公路今日

时政 | 交通 | 交警 | 公路 | 铁路
关于我们 | 联系我们 | 广告合作 | 版权声明
某某交通24小时值班电话:13800000000 商务合作:010-12345678
Copyright 某某杂志 All Rights Reserved 版权所有 复制必究
京公网安备 11010600000000号 京ICP备00000000号-2
"""

GOV_PORTAL = f"""立足实战推进平安建设 专题宣传-某某公安 某编辑 1234567
有思想 / 有温度 / 有品质
立足实战推进平安建设 专题宣传-某某公安 某编辑 1234567
您当前的位置 :首页 > 第一新闻 > 某某公安 > 专题宣传

“全市公安机关贯彻落实会议精神”网络访谈之一:

立足实战推进平安建设

——访某市副市长、公安局长

2019-03-20 11:58 | 来源: 某省新闻网

  记者:您好。{P1}

  局长:{P2}

编辑: 周宁 某网新闻热线:0000-12345678"""

INTERVIEW = f"""主持人好，各位网民朋友大家好！
{P1}
{P2}
版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用
Copyright © 1997-2017 by www.example.cn. all rights reserved"""

VENDOR = f"""县城夜市治安巡逻队成立
2021/6/3 20:15:07 点击:
某某器材采购网分享消息:{P1}
{P2}
{P3}
某某器材采购网销售经理提示:本公司是一家专业生产装备的企业，产品齐全，欢迎联系客服订购。
- 上一篇:乡村道路交通安全宣传周启动 2021/6/1
- 下一篇:校园周边护学岗全面上岗 2021/5/28"""

PRINT_STYLE = f"""某某：全力以赴打好基层基础建设攻坚战

06.02.2017  20:37

■副省长、公安厅党委书记、厅长   孙建国

  {P1}

  {P2}


市局举办主题演讲决赛
5月3日下午，市局举办演讲决赛。市委组织部副部长某某，团市委副书记某某，公安局
某某同志出席全市应急演练
5月12日上午，市政府主办，市应急办牵头承办，公安局"""


def _record(text: str, rules: SiteRules | None = None) -> Record:
    built = build_text_record(
        text, url="file:///dumps/a.txt", site="import", rules=rules or SiteRules(),
        fetched_at="2026-11-23T00:00:00Z", encoding="gb18030",
    )  # fmt: skip
    assert isinstance(built, Record), built
    return built


@pytest.mark.parametrize(
    ("dump", "title", "text", "published", "source", "authors", "editor"),
    [
        (
            NEWS_PORTAL,
            "某市部署全年治安工作 “三项行动”同步启动",
            (P1, "“三项行动”同步启动", P2, P3),
            "2021-03-02T09:15:40+08:00",
            "某某交通网",
            ("张明", "李华", "王强"),
            "abc2021",
        ),
        (
            GOV_PORTAL,
            "立足实战推进平安建设",
            ("——访某市副市长、公安局长", "记者:您好。" + P1, "局长:" + P2),
            "2019-03-20T11:58:00+08:00",
            "某省新闻网",
            (),
            "周宁",
        ),
        (INTERVIEW, "", ("主持人好，各位网民朋友大家好！", P1, P2), None, "import", (), None),
        (
            VENDOR,
            "县城夜市治安巡逻队成立",
            (P1, P2, P3),
            "2021-06-03T20:15:07+08:00",
            "import",
            (),
            None,
        ),
        (
            PRINT_STYLE,
            "某某：全力以赴打好基层基础建设攻坚战",
            (P1, P2),
            "2017-02-06T20:37:00+08:00",
            "import",
            ("孙建国",),
            None,
        ),
    ],
    ids=["news-portal", "gov-portal-title-suffix", "no-headline", "vendor-ads", "print-style"],
)
def test_dump_to_record(
    dump: str,
    title: str,
    text: tuple[str, ...],
    published: str | None,
    source: str,
    authors: tuple[str, ...],
    editor: str | None,
) -> None:
    record = _record(dump)
    assert record.title == title
    assert tuple(record.text.split("\n")) == text
    assert record.published_at == published
    assert (record.source, record.authors, record.editor) == (source, authors, editor)


def test_record_bookkeeping() -> None:
    record = _record(NEWS_PORTAL, SiteRules(name="某某交通"))
    assert record.id == record_id("file:///dumps/a.txt")
    assert (record.url, record.site, record.site_name) == (
        "file:///dumps/a.txt",
        "import",
        "某某交通",
    )
    assert (record.encoding, record.fetched_at, record.lang) == (
        "gb18030",
        "2026-11-23T00:00:00Z",
        "zh",
    )
    assert record.content_sha256 == text_sha256(record.text)
    assert (record.raw, record.duplicate_of, record.pipeline) == (None, None, __version__)
    assert record.published_precision == "second" and record.published_raw == "2021-03-02 09:15:40"


def test_source_falls_back_to_configured_site_name() -> None:
    assert _record(VENDOR, SiteRules(name="某某器材网")).source == "某某器材网"


def test_ambiguous_date_recorded() -> None:
    parts = split_text(PRINT_STYLE, SiteRules())
    assert parts.body.fields.published is not None and parts.body.fields.published.ambiguous


def test_configured_day_order() -> None:
    assert (
        _record(PRINT_STYLE, SiteRules(day_first=False)).published_at == "2017-06-02T20:37:00+08:00"
    )


@pytest.mark.parametrize(
    "dump",
    ["", "首页 新闻 体育 娱乐\n版权所有", "短标题\n很短"],
    ids=["empty", "only-chrome", "too-short"],
)
def test_too_little_text_is_dropped(dump: str) -> None:
    built = build_text_record(
        dump, url="file:///x.txt", site="import", rules=SiteRules(),
        fetched_at="2026-11-23T00:00:00Z", encoding="utf-8",
    )  # fmt: skip
    assert isinstance(built, Dropped)
    assert (built.stage, built.reason, built.url) == ("import", "too_short", "file:///x.txt")


@pytest.mark.parametrize(
    ("lines", "index"),
    [
        (["某市召开全市会议 专题-某站 123", "某市召开全市会议"], 1),
        (["首页 新闻 体育 娱乐 财经", "", "某市召开全市会议"], 2),
        (["首页", "登录", "某市召开全市会议", P1], 2),
        (["首页", P1, "某市召开全市会议"], None),
        (["02日14:25 作者： 赵婕", P1], None),
        ([P1, P2], None),
        (["2021-03-02 09:15", P1], None),
        ([], None),
    ],
    ids=[
        "title-suffix-line",
        "after-menu",
        "after-menu-words",
        "prose-before-heading",
        "byline-is-no-headline",
        "prose-first",
        "date-first",
        "empty",
    ],
)
def test_find_title_span(lines: list[str], index: int | None) -> None:
    span = find_title_span(lines)
    assert (span[0] if span else None) == index


def test_header_lines_are_never_kept() -> None:
    parts = split_text(GOV_PORTAL, SiteRules())
    kept = " ".join(parts.body.lines)
    assert "有思想" not in kept
    assert "网络访谈" not in kept
    assert parts.title_index == 7


@pytest.mark.parametrize(
    ("title", "stripped"),
    [
        ("某地延续税收优惠政策助企纾困_某自治区政府门户网站", "某地延续税收优惠政策助企纾困"),
        ("某地延续税收优惠政策_要闻_某某网", "某地延续税收优惠政策"),
        ("某地延续税收优惠政策 - 某某晚报", "某地延续税收优惠政策"),
        ("图说某市| 某学院：剪窗花过新年", "图说某市| 某学院：剪窗花过新年"),
        ("短_某某网", "短_某某网"),
    ],
    ids=["underscore-site", "column-and-site", "spaced-dash", "bar-inside-headline",
         "too-short-left"],
)  # fmt: skip
def test_strip_site_suffix(title: str, stripped: str) -> None:
    assert strip_site_suffix(title) == stripped


def test_headline_broken_over_two_lines() -> None:
    dump = "\n".join(
        [
            "某地延续税收优惠政策助企纾困预计四年减负百亿元_某自治区政府门户网站",
            "首页",
            "要闻动态",
            "某地延续税收优惠政策助企纾困",
            "预计四年减负百亿元",
            "发布日期：2022-02-11 08:52",
            P1,
            P2,
        ]
    )
    record = _record(dump)
    assert record.title == "某地延续税收优惠政策助企纾困 预计四年减负百亿元"
    assert record.text == P1 + "\n" + P2
    assert record.published_at == "2022-02-11T08:52:00+08:00"


@pytest.mark.parametrize(
    ("lines", "run"),
    [
        ([P1, P2, P3], (0, 2)),
        (["首页", "新闻", "体育", P1, "小标题", P2, "关于我们", "联系我们"], (3, 5)),
        (["首页", "新闻"], None),
        ([P1, *(["菜单项"] * 40), P2 + P3], (41, 41)),
    ],
    ids=["all-prose", "menus-around", "no-prose", "long-menu-splits"],
)
def test_article_run(lines: list[str], run: tuple[int, int] | None) -> None:
    assert article_run(lines) == run


def test_vertical_menus_between_title_and_article_are_not_kept() -> None:
    dump = "\n".join(["某市召开全市治安工作会议", "首页", "要闻", "政务", "互动", P1, P2])
    assert _record(dump).text == P1 + "\n" + P2


def test_date_in_the_lead_is_the_last_resort() -> None:
    lead = "本报讯 2019年3月20日上午，某市公安局召开全市治安工作会议，部署今年任务。"
    assert _record("\n".join([lead, P2])).published_at == "2019-03-20T00:00:00+08:00"
    dated = "\n".join(["某市召开全市治安工作会议", "2020-05-07 10:00", lead, P2])
    assert _record(dated).published_at == "2020-05-07T10:00:00+08:00"
