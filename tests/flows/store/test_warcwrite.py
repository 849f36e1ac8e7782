"""The WARC writer: records readable by warcio, self-consistent, rolled, and crash-safe."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from flows.errors import StoreError
from flows.net.fetch import Exchange
from flows.store.warcwrite import WarcWriter, seal_open_files, stored_headers

BODY = "<html><body><p>本地新闻正文</p></body></html>".encode()


def exchange(n: int = 1, **changes: Any) -> Exchange:
    """Return an exchange as the fetcher makes it (body already gzip-decoded)."""
    fields: dict[str, Any] = {
        "url": f"http://portal.test/news/{n}.html?from=list",
        "site": "demo",
        "method": "GET",
        "request_headers": (("Host", "portal.test"), ("User-Agent", "portal-corpus/0.1")),
        "http_version": "HTTP/1.1",
        "status": 200,
        "reason": "OK",
        "response_headers": (
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Encoding", "gzip"),
            ("Content-Length", "61"),
            ("ETag", f'"e{n}"'),
        ),
        "body": BODY,
        "fetched_at": "2026-11-23T00:15:00Z",
    }
    return Exchange(**{**fields, **changes})


def records(path: Path) -> list[Any]:
    """Read every record of a WARC file into (type, rec_headers, http_headers, body) tuples."""
    out = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            body = record.content_stream().read()
            out.append((record.rec_type, record.rec_headers, record.http_headers, body))
    return out


def test_round_trip(tmp_path: Path) -> None:
    with WarcWriter(tmp_path, run_id="20261123T001500") as writer:
        pointer = writer.write(exchange())
        assert (tmp_path / (pointer.file + ".open")).exists()  # named .open while written
    path = tmp_path / pointer.file
    assert pointer.file == "raw/20261123T001500-00001.warc.gz"
    info, response, request = records(path)
    assert info[0] == "warcinfo"
    assert b"isPartOf: 20261123T001500" in info[3]
    kind, head, http, body = response
    assert (kind, body) == ("response", BODY)
    assert head.get_header("WARC-Target-URI") == "http://portal.test/news/1.html?from=list"
    assert head.get_header("WARC-Date") == "2026-11-23T00:15:00Z"
    assert head.get_header("Portal-Corpus-Site") == "demo"
    assert head.get_header("WARC-Record-ID") == pointer.record_id
    assert http.get_statuscode() == "200"
    assert http.get_header("Content-Encoding") is None
    assert http.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert http.get_header("Content-Length") == str(len(BODY))
    assert http.get_header("ETag") == '"e1"'
    kind, head, http, _ = request
    assert kind == "request"
    assert head.get_header("WARC-Concurrent-To") == pointer.record_id
    assert http.protocol == "GET" and http.statusline == "/news/1.html?from=list HTTP/1.1"
    assert http.get_header("User-Agent") == "portal-corpus/0.1"


def test_a_post_keeps_its_form_in_the_request_record(tmp_path: Path) -> None:
    sent = b"startrecord=16&endrecord=30&columnid=7"
    with WarcWriter(tmp_path, run_id="20261123T001500") as writer:
        pointer = writer.write(exchange(method="POST", request_body=sent))
    _, _, request = records(tmp_path / pointer.file)
    kind, _, http, body = request
    assert (kind, http.protocol, body) == ("request", "POST", sent)


def test_pointer_offset_reads_the_response(tmp_path: Path) -> None:
    with WarcWriter(tmp_path, run_id="run1") as writer:
        pointers = [writer.write(exchange(n)) for n in range(1, 4)]
    with (tmp_path / pointers[1].file).open("rb") as stream:
        stream.seek(pointers[1].offset)
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_headers.get_header("WARC-Record-ID") == pointers[1].record_id
        assert record.rec_headers.get_header("WARC-Target-URI").startswith(
            "http://portal.test/news/2.html"
        )


def test_files_roll_by_size_and_never_overwrite(tmp_path: Path) -> None:
    with WarcWriter(tmp_path, run_id="run1", max_file_bytes=1) as writer:
        first = [writer.write(exchange(n)).file for n in range(3)]
    with WarcWriter(tmp_path, run_id="run1") as writer:
        again = writer.write(exchange(9)).file
    with WarcWriter(tmp_path, run_id="run2") as writer:
        other = writer.write(exchange(9)).file
    assert first == [f"raw/run1-0000{n}.warc.gz" for n in (1, 2, 3)]
    assert again == "raw/run1-00004.warc.gz"
    assert other == "raw/run2-00001.warc.gz"
    for name in [*first, again, other]:
        kinds = [r[0] for r in records(tmp_path / name)]
        assert kinds == ["warcinfo", "response", "request"]


CRASHING_WRITER = """
import json, os, sys
from pathlib import Path
from flows.net.fetch import Exchange
from flows.store.warcwrite import WarcWriter
writer = WarcWriter(Path(sys.argv[1]), run_id="crashed")
pointers = []
for n in (1, 2, 3):
    pointers.append(writer.write(Exchange(
        url=f"http://portal.test/news/{n}.html", site="demo", method="GET",
        request_headers=(), http_version="HTTP/1.1", status=200, reason="OK",
        response_headers=(("Content-Type", "text/html"),), body=b"<p>text</p>" * 50,
        fetched_at="2026-11-23T00:15:00Z",
    )).offset)
print(json.dumps(pointers), flush=True)
os._exit(1)  # die without closing anything
"""


KINDS = ("response", "request")


def readable_prefix(path: Path) -> list[tuple[str, str]]:
    """Return (type, URI) of the records read whole before any damage."""
    out: list[tuple[str, str]] = []
    with path.open("rb") as stream:
        try:
            for record in ArchiveIterator(stream):
                body = record.content_stream().read()
                if record.rec_type == "response" and body != b"<p>text</p>" * 50:
                    break  # a response cut short is not a readable record
                out.append(
                    (record.rec_type, record.rec_headers.get_header("WARC-Target-URI") or "")
                )
        except (ArchiveLoadFailed, EOFError, OSError, ValueError):
            pass  # the damage at the end
    return out


def test_a_crash_mid_record_leaves_earlier_records_readable(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_WRITER, str(tmp_path)],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    offsets = json.loads(done.stdout)
    open_file = tmp_path / "raw" / "crashed-00001.warc.gz.open"
    whole = open_file.read_bytes()
    open_file.write_bytes(whole[: offsets[2] + 40])  # as if it died inside the third response
    good = list(readable_prefix(open_file))
    assert good[:5] == [
        ("warcinfo", ""),
        *[(kind, f"http://portal.test/news/{n}.html") for n in (1, 2) for kind in KINDS],
    ]
    assert ("response", "http://portal.test/news/3.html") not in good[5:]
    sealed = tmp_path / "raw" / "crashed-00001.warc.gz"
    assert seal_open_files(tmp_path, exclude_run="live") == [sealed]
    assert sealed.exists()


def test_seal_leaves_the_live_run_alone(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, run_id="live")
    pointer = writer.write(exchange())
    assert seal_open_files(tmp_path, exclude_run="live") == []
    writer.close()
    assert (tmp_path / pointer.file).exists()


def test_truncation_and_address_are_recorded(tmp_path: Path) -> None:
    with WarcWriter(tmp_path, run_id="run1") as writer:
        pointer = writer.write(exchange(body=b"", truncated="length", ip="192.0.2.7"))
        plain = writer.write(exchange(2))
    _, response, _, plain_response, _ = records(tmp_path / pointer.file)
    assert response[1].get_header("WARC-Truncated") == "length"
    assert response[1].get_header("WARC-IP-Address") == "192.0.2.7"
    assert plain_response[1].get_header("WARC-IP-Address") is None
    assert plain.offset > pointer.offset


@pytest.mark.parametrize(
    ("headers", "length", "stored"),
    [
        ((("Content-Length", "12"),), 12, [("Content-Length", "12")]),
        (
            (("content-encoding", "gzip"), ("content-length", "30")),
            12,
            [
                ("X-Archive-Orig-Content-Encoding", "gzip"),
                ("X-Archive-Orig-Content-Length", "30"),
                ("Content-Length", "12"),
            ],
        ),
        (
            (("Transfer-Encoding", "chunked"), ("Server", "portal")),
            12,
            [("X-Archive-Orig-Transfer-Encoding", "chunked"), ("Server", "portal")],
        ),
    ],
    ids=["identity", "gzip", "chunked"],
)
def test_stored_headers_match_the_decoded_body(
    headers: tuple[tuple[str, str], ...], length: int, stored: list[tuple[str, str]]
) -> None:
    assert stored_headers(headers, length) == stored


@pytest.mark.parametrize("run_id", ["", "../up", "a/b", "x" * 200])
def test_run_id_must_name_a_file(tmp_path: Path, run_id: str) -> None:
    with pytest.raises(StoreError):
        WarcWriter(tmp_path, run_id=run_id)
