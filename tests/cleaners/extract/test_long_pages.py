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


SPOTS = tuple(f"第{n}个景点依山傍水，四季分明，每年吸引大量游客前来参观游览。" for n in range(10))


def ranked_list(after: str = "") -> str:
    """Return a "top ten" page: a one-line lead, then per item a linked name, a picture, text."""
    items = "".join(
        f"<div class='item'><h3>{10 - n}. <a href='/spot/{n}'>景区{n}号</a></h3>"
        f"<a href='/spot/{n}'><img src='/{n}.jpg'></a><p>{text}</p>"
        f"<p><a href='/spot/{n}'>查看详情</a> 门票：60元</p></div>"
        for n, text in enumerate(SPOTS)
    )
    return (
        "<html><head><title>国内十大必去景点排行榜_旅游频道</title></head><body>"
        "<h1>国内十大必去景点排行榜</h1><div class='info'>2024-05-20 10:00</div>"
        f"<div class='content'><p>假期快到了，我们整理了十个必去的景点。</p>{items}{after}</div>"
        "</body></html>"
    )


FEED = "".join(
    f"<div class='card'><a href='/n/{n}.html'>另一篇旅游新闻的标题第{n}条</a>"
    f"<p>这是另一篇新闻的摘要，讲的是别处的景点。</p><span>旅游频道 · {n + 1}小时前</span></div>"
    for n in range(5)
)


def test_a_ranked_list_keeps_every_item_and_no_feed_after_it() -> None:
    html = ranked_list(FEED).encode()
    page = Page(URL, "import", 200, (("Content-Type", "text/html"),), html, "")
    record = build_record(page, SiteRules())
    assert isinstance(record, Record), record
    assert [text in record.text for text in SPOTS] == [True] * len(SPOTS)
    assert "另一篇新闻的摘要" not in record.text
