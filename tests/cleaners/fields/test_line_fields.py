"""Table tests for reading one line's fields and choosing the page's fields among lines."""

from __future__ import annotations

import pytest

from cleaners.fields.dates import parse_date
from cleaners.fields.line_fields import (
    NO_FIELDS,
    DateSettings,
    Fields,
    Vote,
    around_votes,
    closing_fields,
    decide,
    field_line,
    join_split_dates,
    join_split_labels,
)

DATES = DateSettings()


@pytest.mark.parametrize(
    ("line", "source", "authors", "editor", "has_date"),
    [
        ("2020-05-07 21:47:22 来源:某某交通网 字体:", "某某交通网", (), None, True),
        ("2018/5/24 10:11:02 点击:", None, (), None, True),
        ("WWW.EXAMPLE.CN 2004年7月16日08:19 [ 黄宇 ] 来源：某报", "某报", ("黄宇",), None, True),
        ("编辑: 周宁 某网新闻热线:0000-12345678", None, (), "周宁", False),
        ("首席记者 张明 通讯员 李华", None, ("张明", "李华"), None, False),
        ("发表于 2004年12月27日 12:40 - (阅读:3727;评论:63)", None, (), None, True),
        ("来源：本站原创", None, (), None, False),
        ("王晓明 2015-06-21 11:39:55 0人参与评论", None, ("王晓明",), None, True),
        ("南冥一鱼 2015-07-01 14:44:26", None, ("南冥一鱼",), None, True),
        ("someblogger 2015-06-19 11:20:11", None, ("someblogger",), None, True),
        ("发布时间 2015-06-19 11:20", None, (), None, True),
        ("No.552 2015-06-19 11:20", None, (), None, True),
    ],
    ids=["info-bar", "hit-counter", "bracketed-author", "editor-hotline", "byline",
         "blog-stamp", "self-source", "name-before-date", "pen-name-before-date",
         "latin-pen-name-before-date", "label-before-date-is-no-name", "id-before-date"],
)  # fmt: skip
def test_field_line(
    line: str, source: str | None, authors: tuple[str, ...], editor: str | None, has_date: bool
) -> None:
    found = field_line(line, DATES)
    assert found is not None
    assert (found.source, found.authors, found.editor) == (source, authors, editor)
    assert (found.published is not None) is has_date


@pytest.mark.parametrize(
    "line",
    [
        "【某某网2005年07月03日报道】一九八九年四月，我在湖南张家界开一个全省教学研究",
        "今天上午，某市公安局召开全市治安工作会议，总结去年工作，部署今年任务。",
        "市局召开大会部署专项行动",
    ],
    ids=["dateline-with-prose", "paragraph", "heading"],
)
def test_not_a_field_line(line: str) -> None:
    assert field_line(line, DATES) is None


@pytest.mark.parametrize(
    ("raw", "text", "kept", "authors", "editor"),
    [
        ("见效。（记者 张明）", "见效。（记者 张明）", "见效。", ("张明",), None),
        ("好。（常书香 马丹阳 ）", "好。（常书香马丹阳）", "好。", ("常书香", "马丹阳"), None),
        ("见效。（ 责任编辑：魏明 ）", "见效。（责任编辑：魏明）", "见效。", (), "魏明"),
        ("见效。责任编辑：魏明", "见效。责任编辑：魏明", "见效。", (), "魏明"),
        ("工作取得实效。", "工作取得实效。", "工作取得实效。", (), None),
    ],
    ids=["reporter", "names-split-by-space", "bracketed-editor", "bare-editor", "nothing"],
)  # fmt: skip
def test_closing_fields(
    raw: str, text: str, kept: str, authors: tuple[str, ...], editor: str | None
) -> None:
    assert closing_fields(raw, text) == (kept, Fields(None, None, authors, editor))


def _dated(raw: str, rank: int, source: str | None = None) -> Vote:
    return Vote(rank, Fields(parse_date(raw), source, (), None))


def test_decide_takes_best_ranked_date_and_first_other_fields() -> None:
    votes = [
        _dated("2004年10月6日", 2, "某某网"),
        _dated("2005-9-15 11:46:00", 0, "某某报"),
        Vote(0, Fields(None, None, ("张明",), "周宁")),
        Vote(0, Fields(None, None, ("李华",), "赵刚")),
    ]
    fields = decide(votes)
    assert fields.published is not None and fields.published.iso.startswith("2005-09-15")
    assert (fields.source, fields.authors, fields.editor) == ("某某网", ("张明",), "周宁")


def test_decide_on_nothing() -> None:
    assert decide([]) == NO_FIELDS


def test_around_votes_skip_prose_menus_and_what_follows_related_links() -> None:
    lines = [
        "首页 > 新闻 > 正文 2020-01-01",
        "今天上午，某市公安局召开全市治安工作会议，总结去年工作，部署今年任务。2019-01-01",
        "发布时间：2020-05-07 10:00",
        "相关新闻",
        "某标题 2021-01-01 08:00",
    ]
    votes = around_votes(lines, DATES, 0)
    dated = [v.fields.published.iso[:10] for v in votes if v.fields.published]
    assert dated == ["2020-05-07"]
    assert votes[0].rank == 0


def test_around_votes_above_the_body_read_past_a_related_heading() -> None:
    lines = ["公益", "更多", "2020年09月11日 18:05", "来源：某报"]
    votes = around_votes(lines, DATES, 0, below=False)
    dated = [v.fields.published.iso[:10] for v in votes if v.fields.published]
    assert dated == ["2020-09-11"]
    assert [v for v in around_votes(lines, DATES, 0) if v.fields.published] == []


def test_around_votes_read_a_labelled_byline_that_reads_like_a_menu() -> None:
    votes = around_votes(["首页 / 新闻 / 国际 / 财经", "【文/某某网专栏作者 王明】"], DATES, 0)
    assert [v.fields.authors for v in votes if v.fields.authors] == [("王明",)]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["2019", "09/07", "19:02", "来源：某报"], ["2019-09-07 19:02", "来源：某报"]),
        (["2019", "09-07"], ["2019-09-07"]),
        (["2019", "全年回顾"], ["2019", "全年回顾"]),
        (["第2019期", "09/07"], ["第2019期", "09/07"]),
    ],
    ids=["year-day-time", "year-day", "year-then-words", "not-a-lone-year"],
)
def test_join_split_dates(lines: list[str], joined: list[str]) -> None:
    assert join_split_dates(lines) == joined


HEADLINE = "一篇旧文(上)"
DATED_HEADLINE = "一篇旧文 2005年3月2日重刊"  # a date in a headline is not the page's


@pytest.mark.parametrize(
    ("lines", "title", "lone"),
    [
        ([HEADLINE, "周明远", "——一个时代的回忆"], HEADLINE, [("周明远",)]),
        (["竹叶：我的第一份工作", "竹叶"], "竹叶：我的第一份工作", [("竹叶",)]),
        (["某某网", "周明远", HEADLINE, "——一个时代的回忆"], HEADLINE, []),
        ([HEADLINE, "——一个时代的回忆", "周明远"], HEADLINE, []),
        (["一篇旧文", "周明远"], "", []),
    ],
    ids=["name-under-headline", "pen-name-the-headline-opens-with", "name-above-headline",
         "name-not-right-under", "headline-unknown"],
)  # fmt: skip
def test_around_votes_read_a_lone_name_under_the_headline(
    lines: list[str], title: str, lone: list[tuple[str, ...]]
) -> None:
    votes = around_votes(lines, DATES, 0, below=False, title=title)
    assert [v.fields.lone_names for v in votes if v.fields.lone_names] == lone


def test_around_votes_read_no_fields_from_the_headline_itself() -> None:
    lines = [DATED_HEADLINE, "来源：某某日报"]
    votes = around_votes(lines, DATES, 0, below=False, title=DATED_HEADLINE)
    assert [v.fields.published for v in votes if v.fields.published] == []
    assert [v.fields.source for v in votes] == ["某某日报"]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["作者：", "周明远", "来源：", "某某日报"], ["作者：周明远", "来源：某某日报"]),
        (["作 者：", "周明远"], ["作 者：周明远"]),
        (["作者：", "2023-12-01 14:43"], ["作者：", "2023-12-01 14:43"]),
        (["责任编辑：", "平台声明：仅代表作者"], ["责任编辑：", "平台声明：仅代表作者"]),
        (["来源：", "今天上午，某市召开全市治安工作会议，总结去年工作。"],
         ["来源：", "今天上午，某市召开全市治安工作会议，总结去年工作。"]),
        (["作者", "全部"], ["作者", "全部"]),
    ],
    ids=["author-and-source-cells", "spaced-label", "value-with-a-colon", "next-is-a-field",
         "next-is-prose", "menu-word-without-colon"],
)  # fmt: skip
def test_join_split_labels(lines: list[str], joined: list[str]) -> None:
    assert join_split_labels(lines) == joined
