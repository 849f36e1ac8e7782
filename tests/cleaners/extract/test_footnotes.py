"""Footnotes and references (each opening with a link back to its citation) are not the text."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners.extract.page import Extracted, extract_html
from cleaners.extract.page_lines import page_lines
from cleaners.records import SiteRules

URL = "http://wiki.example.org/wiki/Lake_Town"
TITLE = "湖镇"
PARAGRAPHS = (
    "湖镇位于平原东部的湖泊北岸，由三个古村落合并而成，二〇一七年正式设镇，"
    "是本地区第一个以湖泊治理为主要任务的建制镇。<sup><a href='#cite_note-1'>[1]</a></sup>",
    "镇域内有新石器时代遗址多处，出土陶器和石器数百件，说明这里很早就有人定居，"
    "并形成了比较稳定的聚落。<sup><a href='#cite_note-2'>[2]</a></sup>",
    "近年来湖镇修复湿地两千余亩，湖水水质由劣五类提升到三类，候鸟数量逐年增加，"
    "成为远近闻名的观鸟胜地。<sup><a href='#cite_note-3'>[3]</a></sup>",
)
REFERENCES = (
    "<b><a href='#cite_ref-1'>^</a></b> 张三. <a href='http://news.example.com/1'>湖镇设立始末</a>."
    " 某某日报. 2017-04-01 [2023-06-13]. （原始内容存档于2017-04-03）.",
    "↑ <a href='#cite_ref-2a'><sup>2.0</sup></a> <a href='#cite_ref-2b'><sup>2.1</sup></a>"
    " 李四. <a href='http://news.example.com/2'>湖镇考古新发现</a>. 某某晚报. 2018-05-02.",
    "<a href='#cite_ref-3'>↑</a> 王五. <a href='http://news.example.com/3'>湖镇湿地修复记</a>."
    " 某某周刊. 2020-09-09 [2023-06-13]. （原始内容存档于2020-09-10）.",
)


def article(references: tuple[str, ...]) -> str:
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    notes = "".join(f"<li>{text}</li>" for text in references)
    return (
        f"<html><head><title>{TITLE} - 百科</title></head><body><div id='content'>"
        f"<h1>{TITLE}</h1>{body}<h2>参考资料</h2><ol class='references'>{notes}</ol></div>"
        "<div class='foot'>本页面最后修订于2023年6月13日</div></body></html>"
    )


def test_references_are_left_out_and_the_article_kept() -> None:
    result = extract_html(article(REFERENCES), URL, SiteRules())
    assert isinstance(result, Extracted), result
    body = "\n".join(result.body)
    assert all(text.split("<")[0] in body for text in PARAGRAPHS)
    assert not any(title in body for title in ("湖镇设立始末", "湖镇考古新发现", "湖镇湿地修复记"))


@pytest.mark.parametrize(
    ("html", "note"),
    [
        ("<li><b><a href='#cite_ref-1'>^</a></b> 张三. 湖镇设立始末. 某某日报.</li>", True),
        ("<li>^ 转到： <a href='#cite_ref-2'>2.0</a> 李四. 湖镇考古新发现.</li>", True),
        ("<li><a href='#r3'>[3]</a> 王五. 湖镇湿地修复记. 某某周刊. 2020.</li>", True),
        ("<p>湖镇渔业公司<a href='#cite_note-9'>[9]</a>，二〇二一年迁入新址。</p>", False),
        ("<p><a href='#fig3'></a><a href='#fig3'>图3</a>展示了新旧两种工艺的对比。</p>", False),
        ("<p><a href='###'>^</a>举报 回复 5楼 2022-11-26 15:19</p>", False),
        ("<p><a href='#'>^</a> 返回顶部</p>", False),
        ("<p><a href='/wiki/a'>^</a> 外站链接的条目，不是脚注。</p>", False),
    ],
    ids=[
        "caret-back-link",
        "mark-words-then-citation-numbers",
        "bracketed-number",
        "citation-after-words",
        "link-to-a-figure",
        "placeholder-hashes",
        "bare-hash",
        "link-to-another-page",
    ],
)
def test_a_note_opens_with_a_mark_linking_back_into_the_page(html: str, note: bool) -> None:
    lines = page_lines(LexborHTMLParser(f"<html><body>{html}</body></html>").body)
    assert [line.note for line in lines] == [note]
