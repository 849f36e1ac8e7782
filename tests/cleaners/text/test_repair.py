"""Table tests for line repair: keys, indents, stray spaces, letter-spacing, broken sentences."""

from __future__ import annotations

import pytest

from cleaners.text.repair import (
    display_width,
    ends_sentence,
    is_prose,
    matching_key,
    normalize_line,
    rejoin_broken,
    unwrap_hard_breaks,
)

PROSE = "市里召开会议，部署今年的防汛工作，要求各区县落实责任、加强值守、确保安全。"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("版权所有，翻印必究", "版权所有翻印必究"),
        ("Ｃｏｐｙｒｉｇｈｔ © 2020", "copyright2020"),
        ("  首页 | 新闻 | 专题  ", "首页新闻专题"),
        ("“双督察”（试点）", "双督察试点"),
        ("\u3000\u3000全角缩进", "全角缩进"),
    ],
    ids=["cjk-punct", "fullwidth-latin-and-symbol", "menu-bars", "quotes-brackets", "indent"],
)
def test_matching_key(text: str, key: str) -> None:
    assert matching_key(text) == key


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("\u3000\u3000" + PROSE, PROSE),
        ("\u00a0\u00a0" + PROSE, PROSE),
        ("  " + PROSE, PROSE),
        (
            "要以专项行动为牵引，严 厉打击各类违法犯罪，始终保持高压态势。",
            "要以专项行动为牵引，严厉打击各类违法犯罪，始终保持高压态势。",
        ),
        ("全省会议于6月3 日至4 日召开。", "全省会议于6月3日至4日召开。"),
        ("会议 6月3 日召开", "会议 6月3日召开"),
        ("版 权 所 有 ，未 经 许 可 不 得 转 载", "版权所有，未经许可不得转载"),
        (
            "主持人: 您好,请谈谈今年的工作重点和主要安排,以及下一步的打算。",
            "主持人:您好,请谈谈今年的工作重点和主要安排,以及下一步的打算。",
        ),
        (
            "涌现出一批先进集体、 “优秀民警”等典型，带动了全局工作的整体提升。",
            "涌现出一批先进集体、“优秀民警”等典型，带动了全局工作的整体提升。",
        ),
        ("市局召开大会 部署专项行动", "市局召开大会 部署专项行动"),
        ("记者 张明 通讯员 李华 王强", "记者 张明 通讯员 李华 王强"),
        (
            "本次会议使用 Python 语言编写了统计程序，方便各单位快速汇总相关数据。",
            "本次会议使用 Python 语言编写了统计程序，方便各单位快速汇总相关数据。",
        ),
        ("零宽\u200b字符\ufeff清除", "零宽字符清除"),
        ("多个   空格\t合并", "多个 空格 合并"),
        (
            "段落里\r\n夹着换行，要以专项行动为牵引，严厉打击各类违法犯罪，保持高压态势。",
            "段落里夹着换行，要以专项行动为牵引，严厉打击各类违法犯罪，保持高压态势。",
        ),
    ],
    ids=[
        "ideographic-indent",
        "nbsp-indent",
        "ascii-indent",
        "stray-space-inside-word",
        "digit-space-date-unit",
        "date-unit-space-outside-prose",
        "letter-spaced-copyright",
        "space-after-ascii-colon",
        "space-between-cjk-punct",
        "headline-space-kept",
        "byline-spaces-kept",
        "latin-word-spaces-kept",
        "invisible-chars",
        "space-runs",
        "break-inside-line",
    ],
)
def test_normalize_line(line: str, expected: str) -> None:
    assert normalize_line(line) == expected


@pytest.mark.parametrize(
    ("line", "prose"),
    [
        (PROSE, True),
        ("市局召开大会部署专项行动", False),
        ("强化政治建警，重塑铸警之魂", False),
        ("一是加强领导，二是落实责任，三是强化督查，四是严格考核，确保工作落地见效", True),
        ("来源：某某日报 作者：张明 编辑：李华 发布时间：2020年5月7日", False),
    ],
    ids=["sentence", "headline", "short-with-comma", "no-final-mark", "info-bar-colons"],
)
def test_is_prose(line: str, prose: bool) -> None:
    assert is_prose(line) is prose


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("好。", True),
        ("“好！”", True),
        ("好", False),
        ("（完）", False),
        ("怎么办?", True),
        ("我真的累了.", True),
        ("详见 www.example.cn", False),
        ("增长了3.5", False),
        ("以及今后的打算。[7]", True),
        ("同比增长百分之五。[3][12]", True),
        ("见相关研究。[1-3]", True),
        ("参考文献[12]", False),
        ("第三章 [1]", False),
    ],
    ids=[
        "full-stop",
        "quoted",
        "none",
        "bracket-only",
        "ascii-question",
        "ascii-full-stop",
        "url",
        "decimal",
        "citation-mark-after-the-stop",
        "two-citation-marks",
        "citation-range",
        "citation-mark-after-a-word",
        "citation-mark-after-a-heading",
    ],
)
def test_ends_sentence(line: str, ends: bool) -> None:
    assert ends_sentence(line) is ends


@pytest.mark.parametrize(
    ("lines", "groups"),
    [
        (
            [
                "对于基层民警，局里提出了建立学习型机关，把学习和练兵摆在首要位置，课程有信息化应用、实战技能训练，目的是提升",
                "实战练兵的针对性和实效性。",
            ],
            [[0, 1]],
        ),
        (
            ["深化思想认识，全面吹响攻坚战集结号", PROSE],
            [[0], [1]],
        ),
        (
            [PROSE, PROSE],
            [[0], [1]],
        ),
        (
            [
                "各地要结合实际，细化措施，明确责任分工，层层压实责任，把各项任务落到实处，形成工作合力，",
                "一、加强组织领导，成立专班，统筹推进各项工作任务落实落地见效。",
            ],
            [[0], [1]],
        ),
    ],
    ids=["broken-sentence", "heading-then-paragraph", "two-paragraphs", "list-item-not-joined"],
)
def test_rejoin_broken(lines: list[str], groups: list[list[int]]) -> None:
    assert rejoin_broken(lines) == groups


WRAPPED = [
    "人心不会熄灭，但它可能蒙上灰烬而不再燃烧。灰烬本来是燃烧的产物，但它却",
    "可以窒息燃烧。这些年来，人们谈论最多的就是冷漠和麻木，许多人都已习以为",
    "常，不再追问。",
    "第二段从这里开始，同样被旧式页面按固定宽度折成了好几行，读者只能看到一",
    "行行整齐的文字，而段落之间只有一行较短的结尾。",
    "第三段很短。",
]


def test_unwrap_hard_breaks_joins_fixed_width_paragraphs() -> None:
    assert unwrap_hard_breaks(WRAPPED) == [[0, 1, 2], [3, 4], [5]]


def test_unwrap_leaves_modern_paragraphs_alone() -> None:
    lines = [PROSE, "短标题", PROSE + PROSE, "另一个小标题", PROSE[:20] + "。"]
    assert unwrap_hard_breaks(lines) == [[0], [1], [2], [3], [4]]


def test_display_width_counts_ideographs_twice() -> None:
    assert display_width("中文ab，") == 8


@pytest.mark.parametrize(
    "line",
    [
        "\u3000\u3000要以专项行动为牵引，严 厉打击各类违法犯罪，始终保持高压态势。",
        "版 权 所 有 ，未 经 许 可 不 得 转 载",
        "全省会议于6月3 日至4 日召开。",
        "记者 张明 通讯员 李华 王强",
        "Copyright © 2020 example.cn",
    ],
    ids=["prose", "letter-spaced", "date-units", "byline", "latin"],
)
def test_normalize_line_is_idempotent(line: str) -> None:
    once = normalize_line(line)
    assert normalize_line(once) == once


def test_matching_key_ignores_what_normalize_line_repairs() -> None:
    line = "\u3000要以专项行动为牵引，严 厉打击各类违法犯罪，始终保持高压态势。"
    assert matching_key(line) == matching_key(normalize_line(line))
