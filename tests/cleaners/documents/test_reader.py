"""Attached files read to text: PDF, DOCX, XLSX made here; damaged and oversized ones give None."""

from __future__ import annotations

import io

import pytest
from govportal import make_docx, make_pdf

from cleaners.documents import reader
from cleaners.documents.reader import document_text


def make_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["单位", "检查次数"])
    sheet.append(["市交通局", 12])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_pdf_docx_and_xlsx_are_read() -> None:
    assert document_text(make_pdf("关于开展检查的通知"), "pdf") == "关于开展检查的通知"
    assert document_text(make_docx("请于五月底前报送。"), "docx") == "附件2\n请于五月底前报送。"
    assert document_text(make_xlsx(), "xlsx") == "单位\t检查次数\n市交通局\t12"


def test_a_file_is_read_by_its_bytes_not_its_name() -> None:
    assert document_text(make_docx("正文"), "doc") == "附件2\n正文"
    assert document_text(make_pdf("正文"), "wps") == "正文"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "pdf"),
        (b"PK\x03\x04 not a zip at all", "docx"),
        (b"\xd0\xcf\x11\xe0 an old binary .doc", "doc"),
        (b"Rar!\x1a\x07\x00", "rar"),
        (b"", "pdf"),
    ],
    ids=["damaged-pdf", "damaged-zip", "old-doc", "rar", "empty"],
)
def test_unreadable_files_give_none(body: bytes, kind: str) -> None:
    assert document_text(body, kind) is None


def test_a_zip_that_would_inflate_past_the_cap_is_not_opened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docx = make_docx("正文")
    monkeypatch.setattr(reader, "MAX_UNZIPPED_BYTES", 1000)
    assert document_text(docx, "docx") is None


def test_text_stops_at_the_character_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_TEXT_CHARS", 10)
    assert document_text(make_docx("一二三四五六七八九十十一"), "docx") == "附件2"
