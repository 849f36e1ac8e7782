"""A made-up government portal on 127.0.0.1 that does what real ones do to an article.

A column of notices, one of them split over three pages with a pager, one with a PDF and a
DOCX attachment made on the fly, one reached through a script redirect shell, and a switch
that puts the articles (or the whole site) behind a JavaScript challenge. Every request is
counted by path.
"""

from __future__ import annotations

import io
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from pageserver import serve_handler

SITE_NAME = "示例市人民政府"
HTML = "text/html; charset=utf-8"
DAY = "2024-05-20"
COLUMN = "/zwgk/tzgg/index.html"
FOLDER = "/zwgk/tzgg/202405"
SPLIT = f"{FOLDER}/t20240520_101"  # the three-part notice: .html, _2.html, _3.html
WITH_FILES = f"{FOLDER}/t20240520_102.html"
SHELL = f"{FOLDER}/t20240520_103.html"  # answers with a script redirect to TARGET
TARGET = "/art/2024/5/20/art_8_103.html"
PLAIN = (f"{FOLDER}/t20240520_104.html", f"{FOLDER}/t20240520_105.html")
PDF_PATH = f"{FOLDER}/P020240520_plan.pdf"
DOCX_PATH = f"{FOLDER}/P020240520_form.docx"
PDF_NAME = "2024年春季安全检查工作方案.pdf"
DOCX_NAME = "检查情况汇总表.docx"
PDF_TEXT = "春季安全检查工作方案全文"
DOCX_TEXT = "请各单位于五月底前报送检查情况汇总表"

# The challenge: computed code that sets a cookie, then loads the page again; no text.
CHALLENGE = (
    b"<html><script>var p1='3A7C1E9B2D5F';function h(s){var r='';for(var i=0;i<s.length;"
    b"i+=2){r+=String.fromCharCode(parseInt(s.substr(i,2),16)^5);}return r;}"
    b"document.cookie='gk_v='+h(p1)+'; max-age=1800; path=/';location.reload();</script></html>"
)

PARTS = (  # the three parts of the split notice, in order
    (
        "为进一步做好全市安全生产工作，有效防范和遏制各类事故发生，市政府决定在全市范围内"
        "开展春季安全生产大检查。现将有关事项通知如下。",
        "一、检查时间。自五月二十日起至六月三十日止，分自查自纠、重点检查和总结提高三个阶段进行。",
    ),
    (
        "二、检查范围。各区县人民政府、市政府各部门，重点是道路交通、建筑施工、危险化学品、"
        "消防和人员密集场所。",
        "三、检查内容。安全生产责任制落实情况，隐患排查治理制度建立和执行情况，应急预案修订和演练情况。",
    ),
    (
        "四、工作要求。各单位要高度重视，主要负责同志亲自部署，确保检查不走过场、不留死角。",
        "检查中发现的重大隐患要立即整改，不能立即整改的要落实措施、限期整改。",
    ),
)


def make_pdf(text: str) -> bytes:
    """Return a one-page PDF whose text layer holds `text` (CJK through a ToUnicode map)."""
    cids = "".join(f"{ord(c):04X}" for c in text)
    content = f"BT /F1 12 Tf 72 720 Td <{cids}> Tj ET".encode()
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange "
        b"1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap "
        b"CMapName currentdict /CMap defineresource pop end end"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def make_docx(text: str) -> bytes:
    """Return a DOCX holding a heading and `text` as a paragraph."""
    from docx import Document

    document = Document()
    document.add_heading("附件2", level=1)
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@dataclass
class GovPortal:
    """The portal's pages, what it was asked for, and what it puts behind a challenge."""

    challenge: str = ""  # "articles": article pages answer a challenge; "all": every path
    challenge_status: int = 412
    failing: set[str] = field(default_factory=set)  # paths answering 503
    base: str = ""
    hits: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        """Return the absolute URL of a path."""
        return self.base + path

    def articles(self) -> list[str]:
        """Return the paths the column lists, in order."""
        return [f"{SPLIT}.html", WITH_FILES, SHELL, *PLAIN]

    def answer(self, path: str) -> tuple[int, str, bytes]:
        """Return (status, content type, body) for a path."""
        if path in self.failing:
            return 503, "text/plain", b"busy"
        is_article = path.startswith((FOLDER, "/art/")) and path.endswith(".html")
        if self.challenge == "all" or (self.challenge == "articles" and is_article):
            return self.challenge_status, HTML, CHALLENGE
        pages = {
            COLUMN: self._column,
            f"{SPLIT}.html": lambda: self._part(1),
            f"{SPLIT}_2.html": lambda: self._part(2),
            f"{SPLIT}_3.html": lambda: self._part(3),
            WITH_FILES: self._with_files,
            SHELL: lambda: f"<script>window.location.href='{TARGET}';</script>",
            TARGET: lambda: self._notice("关于公布第一批示范项目名单的通知", 103),
            PLAIN[0]: lambda: self._notice("关于做好防汛准备工作的通知", 104),
            PLAIN[1]: lambda: self._notice("关于开展全民健身活动月的通知", 105),
        }
        if path in pages:
            return 200, HTML, pages[path]().encode("utf-8")
        if path == PDF_PATH:
            return 200, "application/pdf", make_pdf(PDF_TEXT)
        if path == DOCX_PATH:
            docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            return 200, docx, make_docx(DOCX_TEXT)
        return 404, "text/plain", b"not found"

    def _column(self) -> str:
        titles = [
            "春季安全生产大检查的通知",
            "春季检查计划及附件",
            "示范项目名单",
            "防汛准备",
            "全民健身",
        ]
        rows = "".join(
            f'<li><a href="{path}">关于{title}（第{n}号）</a><span>{DAY}</span></li>'
            for n, (path, title) in enumerate(zip(self.articles(), titles, strict=True), start=1)
        )
        return _page("通知公告", f'<ul class="list">{rows}</ul>')

    def _part(self, n: int) -> str:
        paragraphs = "".join(f"<p>{p}</p>" for p in PARTS[n - 1])
        links = []
        if n > 1:
            prev = f"{SPLIT}.html" if n == 2 else f"{SPLIT}_{n - 1}.html"
            links.append(f'<a href="{prev}">上一页</a>')
        for k in range(1, len(PARTS) + 1):
            href = f"{SPLIT}.html" if k == 1 else f"{SPLIT}_{k}.html"
            links.append(f"<span>{k}</span>" if k == n else f'<a href="{href}">{k}</a>')
        if n < len(PARTS):
            links.append(f'<a href="{SPLIT}_{n + 1}.html">下一页</a>')
        pager = f'<div class="page">{" ".join(links)} 共{len(PARTS)}页</div>'
        return _article("关于开展春季安全生产大检查的通知", paragraphs + pager)

    def _with_files(self) -> str:
        paragraphs = (
            "<p>各区县人民政府，市政府各部门：现将《2024年春季安全检查工作方案》印发给你们，"
            "请结合实际认真贯彻执行。</p><p>各单位请按附件要求填写汇总表，于五月底前报送。</p>"
        )
        files = (
            f'<div class="fj">附件：<p><a href="{PDF_PATH.rsplit("/", 1)[1]}">1.{PDF_NAME}</a></p>'
            f'<p><a href="{DOCX_PATH}">2.{DOCX_NAME}</a></p></div>'
        )
        return _article("关于印发春季安全检查工作方案的通知", paragraphs + files)

    def _notice(self, title: str, n: int) -> str:
        body = (
            f"<p>各有关单位：根据工作安排，现就第{n}号事项通知如下，请认真组织实施，"
            "确保各项任务按时完成。</p><p>联系人：办公室，联系电话：0000-1234567。</p>"
        )
        return _article(title, body)


def _page(title: str, content: str) -> str:
    return (
        f'<html><head><meta charset="utf-8"><title>{title}_{SITE_NAME}</title></head><body>'
        f'<div class="nav"><a href="/">首页</a> <a href="{COLUMN}">通知公告</a></div>'
        f"{content}<div class='foot'>主办：{SITE_NAME}办公室</div></body></html>"
    )


def _article(title: str, content: str) -> str:
    info = f'<div class="info">发布日期：{DAY} 09:30 来源：{SITE_NAME}办公室</div>'
    return _page(title, f'<h1>{title}</h1>{info}<div id="zoom">{content}</div>')


def _handler(portal: GovPortal) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            with portal.lock:
                portal.hits[path] += 1
            status, ctype, body = portal.answer(path)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@contextmanager
def serve_gov_portal(portal: GovPortal) -> Iterator[GovPortal]:
    """Serve the portal on 127.0.0.1 in a thread for the duration of the block."""
    with serve_handler(portal, _handler(portal)):
        yield portal


def gov_config(portal: GovPortal, *, attachments: bool = False) -> str:
    """Return a sources file with the portal as source `gov`, fast and without retries."""
    return f"""
[defaults]
delay_s = 0.0
max_attempts = 1
timeout_s = 10.0
allow_private = true  # the portal is served on 127.0.0.1

[[source]]
key = "gov"
name = "{SITE_NAME}"
start = ["{portal.base}{COLUMN}"]
max_pages = 2
{"attachments = true" if attachments else ""}
"""
