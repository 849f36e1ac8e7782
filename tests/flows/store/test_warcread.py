"""Reading WARC files back: pages from 200 HTML responses, everything else counted, damage found."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaners.records import Page, WarcPointer
from flows.counters import Counters
from flows.errors import WarcDamaged
from flows.store import warcread
from flows.store.warcread import iter_warc, read_page
from flows.store.warcwrite import KIND_HEADER, TEXT_KIND


@pytest.fixture(autouse=True, params=["fastwarc", "warcio"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run every test with FastWARC reading (when installed) and with warcio alone."""
    if request.param == "fastwarc" and warcread.FAST_ITERATOR is None:
        pytest.skip("FastWARC is not installed")
    if request.param == "warcio":
        monkeypatch.setattr(warcread, "FAST_ITERATOR", None)
    return str(request.param)


HTML = "<html><head><meta charset='gbk'><title>通知</title></head><body><p>{}</p></body></html>"


def page_body(n: int) -> bytes:
    """Return an HTML page in GBK, different for each n."""
    return HTML.format(f"第{n}条消息，市里今天开会研究工作。" * 20).encode("gbk")


def response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str | None = "text/html; charset=gbk",
    extra_http: list[tuple[str, str]] | None = None,
    extra_warc: dict[str, str] | None = None,
) -> None:
    """Append a response record."""
    headers = [("Content-Type", content_type)] if content_type else []
    headers += extra_http or []
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    warc = {"WARC-Date": "2026-11-20T08:00:00Z", **(extra_warc or {})}
    record = writer.create_warc_record(
        url, "response", payload=BytesIO(body), length=len(body), http_headers=http,
        warc_headers_dict=warc,
    )  # fmt: skip
    writer.write_record(record)


def build_warc(path: Path, *, gz: bool) -> list[int]:
    """Write a WARC of every kind of record; return the offsets of the three good pages."""
    offsets = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = StatusAndHeaders("GET /a/1.html HTTP/1.1", [("Host", "news.example.cn")],
                                   is_http_request=True)  # fmt: skip
        writer.write_record(writer.create_warc_record(
            "http://news.example.cn/a/1.html", "request", payload=BytesIO(b""), length=0,
            http_headers=request))  # fmt: skip
        offsets.append(out.tell())
        response(writer, "http://news.example.cn/a/1.html", page_body(1),
                 extra_warc={"Portal-Corpus-Site": "example"})  # fmt: skip
        revisit = writer.create_revisit_record(
            "http://news.example.cn/a/1.html", digest="sha1:AAAA",
            refers_to_uri="http://news.example.cn/a/1.html",
            refers_to_date="2026-11-19T00:00:00Z")  # fmt: skip
        writer.write_record(revisit)
        response(writer, "http://news.example.cn/missing.html", b"<html>404</html>",
                 status="404 Not Found")  # fmt: skip
        response(writer, "http://news.example.cn/files/report.pdf", b"%PDF-1.4 ...",
                 content_type="application/pdf")  # fmt: skip
        metadata = writer.create_warc_record(
            "http://news.example.cn/a/1.html", "metadata", payload=BytesIO(b"outlinks: none"),
            length=14, warc_content_type="application/warc-fields")  # fmt: skip
        writer.write_record(metadata)
        offsets.append(out.tell())
        squeezed = gzip.compress(page_body(2))  # stored as sent, like Browsertrix
        response(writer, "<http://news.example.cn/a/2.html>", squeezed,
                 extra_http=[("Content-Encoding", "gzip")])  # fmt: skip
        offsets.append(out.tell())
        response(writer, "http://news.example.cn/a/3.html", page_body(3), content_type=None)
        response(writer, "dns:news.example.cn", b"news.example.cn. 300 IN A 192.0.2.1",
                 content_type="text/dns")  # fmt: skip
        response(
            writer, "http://news.example.cn/big.html", b"", extra_warc={"WARC-Truncated": "length"}
        )  # body not kept: no page
        offsets.append(out.tell())
        response(
            writer,
            "http://news.example.cn/a/4.html",
            page_body(4)[:300],
            extra_warc={"WARC-Truncated": "length"},
        )  # cut at a size cap: still a page
    return offsets


@pytest.mark.parametrize("gz", [True, False], ids=["gzip-per-record", "plain"])
def test_pages_come_from_200_html_responses_only(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("mixed.warc.gz" if gz else "mixed.warc")
    offsets = build_warc(path, gz=gz)
    counters = Counters()
    pages = list(iter_warc(path, data_dir=tmp_path, counters=counters))
    assert [p.url for p in pages] == [
        "http://news.example.cn/a/1.html",
        "http://news.example.cn/a/2.html",
        "http://news.example.cn/a/3.html",
        "http://news.example.cn/a/4.html",
    ]
    assert [p.site for p in pages] == ["example", "import", "import", "import"]
    assert {p.kind for p in pages} == {"html"}
    assert pages[0].body == page_body(1)
    assert pages[1].body == page_body(2)  # content-encoding undone
    assert pages[1].header("Content-Encoding") is None
    assert pages[0].fetched_at == "2026-11-20T08:00:00Z"
    assert [p.warc.offset for p in pages if p.warc] == offsets
    assert {p.warc.file for p in pages if p.warc} == {path.name}
    assert {name: counters.get(name) for name in (
        "warc_skipped_warcinfo", "warc_skipped_request", "warc_skipped_revisit",
        "warc_skipped_metadata", "warc_skipped_status", "warc_skipped_type",
        "warc_skipped_not_http", "warc_skipped_truncated", "warc_damaged",
    )} == {
        "warc_skipped_warcinfo": 1, "warc_skipped_request": 1, "warc_skipped_revisit": 1,
        "warc_skipped_metadata": 1, "warc_skipped_status": 1, "warc_skipped_type": 1,
        "warc_skipped_not_http": 1, "warc_skipped_truncated": 1, "warc_damaged": 0,
    }  # fmt: skip


def test_pointers_name_the_file_as_told(tmp_path: Path) -> None:
    path = tmp_path / "copy.warc.gz.open"
    build_warc(path, gz=True)
    pages = list(iter_warc(path, data_dir=tmp_path, counters=Counters(), name="raw/x.warc.gz"))
    assert {p.warc.file for p in pages if p.warc} == {"raw/x.warc.gz"}


@pytest.mark.parametrize("gz", [True, False], ids=["gzip-per-record", "plain"])
def test_a_pointer_reads_its_page_back(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("mixed.warc.gz" if gz else "mixed.warc")
    build_warc(path, gz=gz)
    pages = list(iter_warc(path, data_dir=tmp_path, counters=Counters()))
    for page in pages:
        assert page.warc is not None
        assert read_page(page.warc, data_dir=tmp_path) == page


def test_a_stored_text_dump_comes_back_as_a_text_page(tmp_path: Path) -> None:
    path = tmp_path / "texts.warc.gz"
    body = "通知\n全市今天开展演练。".encode()
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warc_record(
            "file:///dumps/a.txt", "resource", payload=BytesIO(body), length=len(body),
            warc_content_type="text/plain",
            warc_headers_dict={"WARC-Date": "2026-11-20T08:00:00Z", KIND_HEADER: TEXT_KIND},
        ))  # fmt: skip
    (page,) = iter_warc(path, data_dir=tmp_path, counters=Counters())
    assert (page.url, page.kind, page.body) == ("file:///dumps/a.txt", "text", body)
    assert page.header("Content-Type") == "text/plain"


def three_pages(path: Path, *, gz: bool) -> list[int]:
    """Write three page records; return the byte offset where each record ends."""
    ends = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for n in range(3):
            response(writer, f"http://news.example.cn/a/{n}.html", page_body(n))
            ends.append(out.tell())
    return ends


@pytest.mark.parametrize("gz", [True, False], ids=["gzip-per-record", "plain"])
@pytest.mark.parametrize(
    ("cut", "kept"),
    [(-10, 2), (-200, 2), ("mid-second", 1), ("in-first", 0)],
    ids=["gzip-trailer", "last-body", "second-record", "first-record"],
)
def test_damaged_tail_keeps_every_record_before_it(
    tmp_path: Path, gz: bool, cut: int | str, kept: int
) -> None:
    path = tmp_path / "cut.warc.gz"
    ends = three_pages(path, gz=gz)
    data = path.read_bytes()
    at = {"mid-second": (ends[0] + ends[1]) // 2, "in-first": ends[0] // 2}.get(str(cut))
    path.write_bytes(data[: at if at is not None else len(data) + int(cut)])
    counters = Counters()
    pages: list[Page] = []
    with pytest.raises(WarcDamaged) as caught:
        for page in iter_warc(path, data_dir=tmp_path, counters=counters):
            pages.append(page)
    assert [p.url for p in pages] == [f"http://news.example.cn/a/{n}.html" for n in range(kept)]
    assert caught.value.path == str(path)
    good = ([0, *ends])[kept]
    assert caught.value.offset in (good, good - 4)  # a plain record's CRLFs may count or not
    assert counters.get("warc_damaged") == 1


@pytest.mark.parametrize(
    ("gz", "damaged"), [(True, True), (False, False)], ids=["gzip-per-record", "plain"]
)
def test_last_byte_missing(tmp_path: Path, gz: bool, damaged: bool) -> None:
    path = tmp_path / "cut.warc.gz"
    three_pages(path, gz=gz)
    path.write_bytes(path.read_bytes()[:-1])  # plain: only the closing CRLF pair is short
    pages: list[Page] = []
    try:
        pages.extend(iter_warc(path, data_dir=tmp_path, counters=Counters()))
    except WarcDamaged:
        assert damaged
    assert len(pages) == (2 if damaged else 3)


def test_garbage_after_the_records_is_damage(tmp_path: Path) -> None:
    path = tmp_path / "tail.warc.gz"
    ends = three_pages(path, gz=True)
    with path.open("ab") as out:
        out.write(b"\x00garbage that is not a record")
    pages: list[Page] = []
    with pytest.raises(WarcDamaged) as caught:
        pages.extend(iter_warc(path, data_dir=tmp_path, counters=Counters()))
    assert len(pages) == 3
    assert caught.value.offset == ends[-1]


def test_a_file_that_is_not_warc_is_damaged_at_zero(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_bytes(b"just some text\nand more\n")
    with pytest.raises(WarcDamaged) as caught:
        list(iter_warc(path, data_dir=tmp_path, counters=Counters()))
    assert caught.value.offset == 0


def test_pointer_outside_the_data_dir_is_absolute(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere" / "x.warc.gz"
    path.parent.mkdir()
    three_pages(path, gz=True)
    pages = list(iter_warc(path, data_dir=tmp_path / "data", counters=Counters()))
    assert pages[0].warc is not None and pages[0].warc.file == str(path.resolve())


@pytest.mark.skipif(shutil.which("wget") is None, reason="wget is not installed")
def test_a_wget_warc_gives_its_html_pages(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a/1.html").respond_with_data(
        page_body(1), content_type="text/html; charset=gbk"
    )
    httpserver.expect_request("/a/2.html").respond_with_data("gone", status=404)
    httpserver.expect_request("/files/r.pdf").respond_with_data(
        b"%PDF-1.4", content_type="application/pdf"
    )
    urls = [httpserver.url_for(p) for p in ("/a/1.html", "/a/2.html", "/files/r.pdf")]
    subprocess.run(
        ["wget", "--quiet", "--tries=1", "--no-config", f"--warc-file={tmp_path / 'site'}",
         "--output-document=/dev/null", *urls],
        check=False, timeout=60, env={"PATH": os.environ.get("PATH", ""), "no_proxy": "*"},
    )  # fmt: skip  # wget exits 8 for the 404, and still writes every record
    counters = Counters()
    pages = list(iter_warc(tmp_path / "site.warc.gz", data_dir=tmp_path, counters=counters))
    assert [p.url for p in pages] == [urls[0]]
    assert pages[0].body == page_body(1) and pages[0].site == "import"
    assert counters.get("warc_skipped_request") == 3
    assert counters.get("warc_skipped_status") == 1 and counters.get("warc_skipped_type") == 1
    assert counters.get("warc_skipped_warcinfo") == 1
    assert counters.get("warc_skipped_metadata") == 1  # wget's manifest and log
    assert counters.get("warc_skipped_resource") == 2
    assert counters.get("warc_damaged") == 0


@pytest.mark.parametrize(
    ("kind", "read"),
    [
        pytest.param("article", True, id="fetched-as-article"),
        pytest.param(None, True, id="unmarked-older-raw-or-other-tools"),
        pytest.param("listing", False, id="listing-page"),
        pytest.param("robots", False, id="robots-txt-served-as-html"),
    ],
)
def test_responses_are_read_as_the_crawler_took_them(
    tmp_path: Path, kind: str | None, read: bool
) -> None:
    path = tmp_path / "marked.warc.gz"
    with path.open("wb") as out:
        extra = {"Portal-Corpus-Kind": kind} if kind else {}
        response(WARCWriter(out, gzip=True), "http://news.example.cn/a/", page_body(1),
                 extra_warc=extra)  # fmt: skip
    counters = Counters()
    pages = list(iter_warc(path, data_dir=tmp_path, counters=counters))
    assert len(pages) == (1 if read else 0)
    assert counters.get(f"warc_skipped_{kind}") == (0 if read else 1)
    pointer = WarcPointer(file=path.name, offset=0, record_id="")
    assert (read_page(pointer, data_dir=tmp_path) is not None) == read  # reclean's way in


def outcome(path: Path) -> tuple[list[Page], int | None]:
    """Return the pages read from a file and the offset of its damage (None when whole)."""
    pages: list[Page] = []
    try:
        pages.extend(iter_warc(path, data_dir=path.parent, counters=Counters()))
    except WarcDamaged as exc:
        return pages, exc.offset
    return pages, None


def test_a_warc_gzipped_as_one_member_reads_as_warcio_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "three.warc"
    three_pages(plain, gz=False)
    whole = tmp_path / "three.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))  # not one member per record
    got = outcome(whole)
    monkeypatch.setattr(warcread, "FAST_ITERATOR", None)
    assert got == outcome(whole)
    assert got[1] is not None  # no pointer could name a record inside one member
