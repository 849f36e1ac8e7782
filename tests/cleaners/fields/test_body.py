"""clean_body: fields out, chrome out, text repaired, on pages written for these tests."""

from __future__ import annotations

import pytest

from cleaners.fields.body import CleanBody, Fields, clean_body
from cleaners.records import SiteRules
from cleaners.text.repair import matching_key

P1 = "今天上午，某市公安局召开全市治安工作会议，总结去年工作，部署今年任务。"
P2 = "会议指出，各级公安机关要坚持问题导向，聚焦薄弱环节，确保各项任务落地见效。"
P3 = "会议要求，要加强基层基础建设，提升群众安全感和满意度，为全市发展创造良好环境。"
RULES = SiteRules()


def _clean(lines: list[str], rules: SiteRules = RULES, **kwargs: object) -> CleanBody:
    return clean_body(lines, rules, **kwargs)  # type: ignore[arg-type]


def test_info_bar_byline_and_editor_become_fields() -> None:
    body = _clean(
        [
            "2020-05-07 21:47:22 来源:某某交通网 字体:",
            "首席记者 张明 通讯员 李华 王强",
            P1,
            P2,
            "(编辑:abc2020)",
        ]
    )
    assert body.lines == (P1, P2)
    assert body.fields == Fields(
        body.fields.published, "某某交通网", ("张明", "李华", "王强"), "abc2020"
    )
    assert body.fields.published is not None
    assert body.fields.published.iso == "2020-05-07T21:47:22+08:00"
    assert {reason for _, reason in body.removed} == {"fields"}


def test_head_is_searched_never_kept() -> None:
    body = _clean([P1, P2], head=["某市新闻网", "2019-03-20 11:58 | 来源: 某省日报"])
    assert body.lines == (P1, P2)
    assert body.fields.source == "某省日报"
    assert body.fields.published is not None and body.fields.published.precision == "minute"


def test_labelled_date_beats_earlier_unlabelled_one() -> None:
    body = _clean([P1], head=["建立于:2004年10月6日", "某人 发表于 2005-9-15 11:46:00"])
    assert body.fields.published is not None
    assert body.fields.published.iso == "2005-09-15T11:46:00+08:00"


def test_tail_dates_lose_to_any_date_above() -> None:
    body = _clean(["2022-02-11", P1], tail=["网友留言 2022-02-12 09:00"])
    assert body.fields.published is not None
    assert body.fields.published.iso.startswith("2022-02-11")


def test_tail_date_used_when_nothing_else() -> None:
    body = _clean([P1], tail=["发布时间：2022-02-12 09:00"])
    assert body.fields.published is not None
    assert body.fields.published.iso.startswith("2022-02-12")


def test_dates_of_linked_articles_are_ignored() -> None:
    body = _clean([P1, P2, P3, "- 上一篇:某标题 2018/5/24", "- 下一篇:某标题 2018/5/11"])
    assert body.fields.published is None
    assert body.lines == (P1, P2, P3)


def test_related_block_in_tail_gives_no_fields() -> None:
    body = _clean([P1], tail=["相关链接", "某标题(2004/10/10 17:06)"])
    assert body.fields.published is None


@pytest.mark.parametrize(
    "repeat",
    ["某市召开治安工作会议", "某市召开治安工作会议 专题宣传-某某公安 某编辑 2840720"],
    ids=["title", "title-with-columns"],
)
def test_title_repeat_dropped(repeat: str) -> None:
    body = _clean([repeat, P1], title="某市召开治安工作会议")
    assert body.lines == (P1,)
    assert body.removed == ((repeat, "title"),)


def test_template_and_site_rules() -> None:
    rules = SiteRules(
        template_lines=frozenset({matching_key("有思想，有温度，有品质的新闻")}),
        drop_lines=(r"^某网新闻热线",),
    )
    body = _clean(["有思想，有温度，有品质的新闻", P1, "某网新闻热线 12345"], rules)
    assert body.lines == (P1,)
    assert [reason for _, reason in body.removed] == ["template", "site_rule"]


def test_vendor_lead_and_sales_trailer_removed() -> None:
    body = _clean(
        [
            "某某器材采购网分享消息:" + P1,
            P2,
            P3,
            "某某器材采购网销售经理提示:本公司是一家专业从事装备销售的企业，价格公道，请联系客服。",
        ]
    )
    assert body.lines == (P1, P2, P3)
    assert {reason for _, reason in body.removed} == {"vendor_lead", "sales_trailer"}


def test_broken_sentence_rejoined_with_origins() -> None:
    head = (
        "会议强调，要把严格规范公正文明执法贯穿到工作全过程，坚持从严治警，打造过硬队伍，目的是提升"
    )
    body = _clean([P1, head, "队伍的凝聚力和战斗力。", P2])
    assert body.lines == (P1, head + "队伍的凝聚力和战斗力。", P2)
    assert body.origins == ((0,), (1, 2), (3,))


def test_closing_credit_stripped_and_read() -> None:
    body = _clean([P1, P2 + "（常书香 马丹阳）"])
    assert body.lines == (P1, P2)
    assert body.fields.authors == ("常书香", "马丹阳")


def test_closing_editor_stripped() -> None:
    body = _clean([P1, P2 + "（ 责任编辑：魏明 ）"])
    assert body.lines == (P1, P2)
    assert body.fields.editor == "魏明"


def test_lone_name_under_headline_is_a_weak_author() -> None:
    body = _clean(["论城市的夜", "林秋生", P1, P2])
    assert body.fields.authors == ()
    assert body.fields.lone_names == ("林秋生",)
    assert body.lines == ("论城市的夜", P1, P2)


@pytest.mark.parametrize(
    ("title", "lone"),
    [("竹叶：我的第一份工作", ("竹叶",)), ("我的第一份工作", ())],
    ids=["the-headline-opens-with-it", "a-word-alone"],
)
def test_pen_name_under_headline_needs_the_headline_to_name_it(
    title: str, lone: tuple[str, ...]
) -> None:
    body = _clean([title, "我的第一份工作", "竹叶", P1, P2], title=title)
    assert body.fields.lone_names == lone
    assert ("竹叶" in body.lines) is not bool(lone)


def test_label_and_name_in_two_cells_are_one_field() -> None:
    body = _clean(["作者：", "周明远", P1, P2])
    assert body.fields.authors == ("周明远",)
    assert body.lines == (P1, P2)


@pytest.mark.parametrize(
    ("closing", "authors", "source"),
    [
        ("来源: 周明远", ("周明远",), None),
        ("来源：某某日报", (), "某某日报"),
        ("来源：华商报", (), "华商报"),
    ],
    ids=["a-person-is-the-writer", "a-publisher", "a-publisher-that-reads-like-a-name"],
)
def test_closing_source_naming_a_person_credits_the_writer(
    closing: str, authors: tuple[str, ...], source: str | None
) -> None:
    body = _clean([P1, P2], tail=[closing, "【发表评论】"])
    assert (body.fields.authors, body.fields.source) == (authors, source)


def test_source_above_the_body_naming_a_word_like_a_name_stays_the_source() -> None:
    body = _clean([P1, P2], head=["2020年09月11日 18:05", "来源：周明远"])
    assert (body.fields.authors, body.fields.source) == ((), "周明远")


def test_lone_name_in_the_body_stays() -> None:
    body = _clean([P1, P2, "林秋生", P3])
    assert body.fields.authors == ()
    assert "林秋生" in body.lines


def test_dateline_paragraph_is_text_not_fields() -> None:
    dateline = "【某某网2005年07月03日报道】一九八九年四月，我在湖南张家界开一个全省教学研究"
    body = _clean([dateline, "会议。按照惯例，会议安排了一天时间，让与会者去风景点游玩观赏。"])
    assert body.removed == ()
    assert len(body.lines) == 1 and body.lines[0].startswith("【某某网")


def test_reporter_named_in_the_lead() -> None:
    body = _clean(["本报记者罗科发自北京 " + P1, P2])
    assert body.fields.authors == ("罗科",)


def test_site_day_order_is_used() -> None:
    body = _clean(["06.02.2017  20:37", P1], SiteRules(day_first=False))
    assert body.fields.published is not None
    assert body.fields.published.iso == "2017-06-02T20:37:00+08:00"
    assert body.fields.published.ambiguous is False


def test_link_list_after_the_article_cut() -> None:
    body = _clean([P1, P2, "• 时讯要闻", "• 交通视野", "• 交警在线", "图片文章", "• 某标题"])
    assert body.lines == (P1, P2)


def test_hard_wrapped_paragraphs_are_joined() -> None:
    wrapped = [
        "人心不会熄灭，但它可能蒙上灰烬而不再燃烧。灰烬本来是燃烧的产物，但它却",
        "可以窒息燃烧。这些年来，人们谈论最多的就是冷漠和麻木，许多人都已习以为",
        "常，不再追问。",
        "第二段从这里开始，同样被旧式页面按固定宽度折成了好几行，读者只能看到一",
        "行行整齐的文字，而段落之间只有一行较短的结尾。",
    ]
    body = _clean(wrapped)
    assert len(body.lines) == 2
    assert body.lines[0].endswith("不再追问。")


def test_empty_input() -> None:
    body = _clean(["", "   ", "\u3000"])
    assert body == CleanBody((), Fields(None, None, (), None), (), ())


def test_paragraph_printed_twice_kept_once() -> None:
    body = _clean([P1, P2, P1, P2, "短句重复。", "短句重复。"])
    assert body.lines == (P1, P2, "短句重复。", "短句重复。")
    assert [reason for _, reason in body.removed] == ["repeat", "repeat"]


def test_lead_sentence_starting_with_the_title_is_kept() -> None:
    lead = "某市召开治安工作会议，部署今年任务。"
    body = _clean([lead, P1], title="某市召开治安工作会议")
    assert body.lines == (lead, P1)


def test_date_in_the_lead_is_no_field() -> None:
    lead = "本报讯 2019年3月20日上午，某市公安局召开全市治安工作会议，部署今年任务。"
    assert _clean([lead, P2]).fields.published is None  # meta tags and URLs come first


CAPTION = "3月2日，在某市体育中心，运动员在比赛中冲刺。本报记者某某摄"
ROWS = ["发动机型式：直列四缸十六气门汽油机", "最大功率：五十一千瓦每分钟六千转"]
TOPIC = "某市的地铁什么时候能通到新区？有没有时间表？"


@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        ([P1, CAPTION, CAPTION, P2], [P1, CAPTION, CAPTION, P2]),
        ([CAPTION, P1, CAPTION, P2], [CAPTION, P1, CAPTION, P2]),
        ([P1, P2, P3, P1, P2, P3], [P1, P2, P3]),
        ([P1, P2, P3, P2, P1, P3], [P1, P2, P3, P2, P1, P3]),
        ([TOPIC, TOPIC, P1], [TOPIC, P1]),
        ([P1, *ROWS, P2, *ROWS], [P1, *ROWS, P2, *ROWS]),
    ],
    ids=["caption-under-two-photos", "caption-apart", "article-printed-twice",
         "repeats-out-of-order", "topic-then-same-question", "spec-rows-of-two-models"],
)  # fmt: skip
def test_only_mirrored_blocks_and_a_doubled_topic_are_repeats(
    lines: list[str], kept: list[str]
) -> None:
    assert list(_clean(lines, thread=True).lines) == kept


def test_a_field_label_left_empty_is_no_text() -> None:
    body = _clean([P1, P2, "责任编辑：", "来源："])
    assert body.lines == (P1, P2)
    assert ("责任编辑：", "fields") in body.removed
