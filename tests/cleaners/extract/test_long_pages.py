"""An article of many sections keeps every section, not only the lead above its infobox.

trafilatura may keep only the lead and the infobox of such a page; the richest run of prose,
the sections below, is the article's body all the same.
"""

from __future__ import annotations

from cleaners.assemble.from_html import build_record
from cleaners.records import Page, Record, SiteRules

URL = "http://wiki.example.org/item/lake-county"
TITLE = "湖县"
SECTIONS = ("历史沿革", "地理环境", "经济发展", "交通运输", "旅游景点")
LEAD = "湖县位于平原东部的湖泊北岸，总面积一千二百平方公里，辖十个镇、五个乡，是著名的鱼米之乡。"


def paragraph(section: str, n: int) -> str:
    return (
        f"{section}方面，湖县第{n}段的介绍写得比较长，说到历年的变化和主要成就，"
        f"也说到存在的问题和今后的打算。"
    )


def encyclopedia() -> str:
    """Return an encyclopedia page: a lead, an infobox, contents, sections ending in marks."""
    infobox = "".join(f"<dt>属性{i}</dt><dd><a href='/v{i}'>取值{i}</a></dd>" for i in range(20))
    contents = "".join(f"<li><a href='#s{i}'>{i + 1} {s}</a></li>" for i, s in enumerate(SECTIONS))
    sections = "".join(
        f"<div class='title'><h2>{s}</h2><a href='/edit/{i}'>编辑</a></div>"
        + "".join(
            f"<div class='para'>{paragraph(s, n)}<sup><a href='#r{i}'>[{i + 1}]</a></sup></div>"
            for n in range(3)
        )
        for i, s in enumerate(SECTIONS)
    )
    nav = "".join(f"<a href='/c{i}/'>分类{i}</a> " for i in range(12))
    return (
        f"<html><head><title>{TITLE}_百科</title></head><body><div class='nav'>{nav}</div>"
        f"<div class='main'><h1>{TITLE}</h1><div class='lead'><p>{LEAD}</p></div>"
        f"<dl class='infobox'>{infobox}</dl><div class='contents'><h2>目录</h2><ol>{contents}"
        f"</ol></div>{sections}</div><div class='foot'>本词条由网友共同编辑</div></body></html>"
    )


def test_every_section_is_kept_and_the_contents_box_left_out() -> None:
    page = Page(URL, "import", 200, (("Content-Type", "text/html"),), encyclopedia().encode(), "")
    record = build_record(page, SiteRules())
    assert isinstance(record, Record), record
    assert LEAD in record.text
    kept = [paragraph(s, n) in record.text for s in SECTIONS for n in range(3)]
    assert kept == [True] * len(kept)
    lines = record.text.splitlines()
    assert not any(line.startswith(("1 ", "2 ")) for line in lines)  # the contents' links
