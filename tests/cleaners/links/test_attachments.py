"""Attachment links: name as shown, absolute URL, type by extension; nothing else."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners.links.attachments import attachment_links
from cleaners.records import Attachment

URL = "http://www.example.gov.cn/zwgk/202405/t20240520_123.html"
BASE = "http://www.example.gov.cn/zwgk/202405/"


def test_attachment_block_and_body_links() -> None:
    html = (
        "<div id='zoom'><p>现将《方案》印发给你们（见<a href='P0201.pdf'>附件1</a>）。</p>"
        "<p>附件：</p><p><a href='P0201.pdf'>1.实施方案.pdf</a></p>"
        "<p><a href='/module/download/downfile.jsp?classid=0&amp;filename=2405.xlsx'>"
        "2.汇总表</a></p><p><a href='files/3.DOCX' title='3.申报表.docx'></a></p>"
        "<p><a href='a.wps'>4.说明</a> <a href='b.ofd'>5.公告</a> <a href='c.rar'>6.图集</a>"
        " <a href='d.zip#x'>7.资料</a> <a href='e.doc'>8.旧表</a> <a href='f.xls'>9.旧表</a></p>"
        "<p><a href='t20240519_122.html'>上一篇</a> <a href='javascript:void(0)'>打印.pdf</a></p>"
        "</div>"
    )
    found = attachment_links(LexborHTMLParser(html), URL)
    assert found == (
        Attachment("附件1", BASE + "P0201.pdf", "pdf"),
        Attachment(
            "2.汇总表",
            "http://www.example.gov.cn/module/download/downfile.jsp?classid=0&filename=2405.xlsx",
            "xlsx",
        ),
        Attachment("3.申报表.docx", BASE + "files/3.DOCX", "docx"),
        Attachment("4.说明", BASE + "a.wps", "wps"),
        Attachment("5.公告", BASE + "b.ofd", "ofd"),
        Attachment("6.图集", BASE + "c.rar", "rar"),
        Attachment("7.资料", BASE + "d.zip", "zip"),
        Attachment("8.旧表", BASE + "e.doc", "doc"),
        Attachment("9.旧表", BASE + "f.xls", "xls"),
    )


def test_a_link_named_by_its_file_and_no_attachments() -> None:
    html = "<p><a href='/upload/%E6%96%B9%E6%A1%88.pdf'></a></p><p><a href='x.html'>x</a></p>"
    (only,) = attachment_links(LexborHTMLParser(html), URL)
    assert (only.name, only.type) == ("方案.pdf", "pdf")
    assert attachment_links(LexborHTMLParser("<p><a href='x.html'>通知</a></p>"), URL) == ()


def test_files_linked_from_the_page_chrome_are_not_the_articles() -> None:
    html = (
        "<div class='header'><a href='/guide.pdf'>办事指南.pdf</a></div>"
        "<div id='zoom'><p>附件：<a href='plan.pdf'>方案.pdf</a></p></div>"
        "<div class='footerlink'><ul><li><a href='//files.example.cn/ad.pdf'>品牌广告</a></li>"
        "</ul></div><footer><a href='/map.pdf'>网站地图</a></footer>"
    )
    assert [a.name for a in attachment_links(LexborHTMLParser(html), URL)] == ["方案.pdf"]
