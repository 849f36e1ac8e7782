"""Read the text of an attached file: PDF by pypdf, DOCX by python-docx, XLSX by openpyxl.

Every read is bounded: the bytes are capped before they get here, a zip container (DOCX,
XLSX) is refused when it would inflate past a cap or holds too many members, and reading
stops at a page, row and character budget and at a deadline checked between pages and rows.
A file that cannot be read gives None (the attachment is listed without text), never an error.
"""

from __future__ import annotations

import io
import logging
import re
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator

MAX_TEXT_CHARS = 200_000  # an attachment's text beyond this is cut: a record stays a record
MAX_PDF_PAGES = 300  # pages read of one PDF
MAX_SHEET_ROWS = 20_000  # rows read over all sheets of one workbook
MAX_UNZIPPED_BYTES = 200_000_000  # a DOCX/XLSX inflating past this is a zip bomb
MAX_ZIP_MEMBERS = 5_000  # an office file has dozens of parts, not thousands
READ_DEADLINE_S = 20.0  # reading stops here, checked between pages and rows
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
SPACES = re.compile(r"[^\S\t]+")  # runs of spaces shrink to one; tabs part table cells
CELL_SEPARATOR = "\t"  # cells of one spreadsheet row, as a table's text


def document_text(body: bytes, kind: str) -> str | None:
    """Return the text of a PDF, DOCX or XLSX file (by its bytes, whatever `kind` says)."""
    if body.startswith(PDF_MAGIC):
        reader: Callable[[bytes, float], Iterator[str]] = _pdf_lines
    elif body.startswith(ZIP_MAGIC) and kind in ("docx", "xlsx", "doc", "xls", "wps"):
        if not _safe_zip(body):
            return None
        reader = _xlsx_lines if _zip_has(body, "xl/workbook.xml") else _docx_lines
    else:
        return None
    deadline = time.monotonic() + READ_DEADLINE_S
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # malformed files warn on every page
            lines = _bounded(reader(body, deadline))
    except Exception:  # a damaged or hostile file is listed without text
        return None
    text = "\n".join(lines)
    return text or None


def _bounded(lines: Iterator[str]) -> list[str]:
    """Return the non-empty stripped lines, up to MAX_TEXT_CHARS in all."""
    kept: list[str] = []
    size = 0
    for raw in lines:
        for line in raw.splitlines():
            line = SPACES.sub(" ", line).strip(" \t")
            if not line:
                continue
            if size + len(line) > MAX_TEXT_CHARS:
                return kept
            kept.append(line)
            size += len(line) + 1
    return kept


def _pdf_lines(body: bytes, deadline: float) -> Iterator[str]:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files log on every object
    pdf = PdfReader(io.BytesIO(body))
    for number, page in enumerate(pdf.pages):
        if number >= MAX_PDF_PAGES or time.monotonic() > deadline:
            return
        yield page.extract_text() or ""


def _docx_lines(body: bytes, deadline: float) -> Iterator[str]:
    from docx import Document

    document = Document(io.BytesIO(body))
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            if time.monotonic() > deadline:
                return
            yield CELL_SEPARATOR.join(cell.text.strip() for cell in row.cells)


def _xlsx_lines(body: bytes, deadline: float) -> Iterator[str]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    rows = 0
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                rows += 1
                if rows > MAX_SHEET_ROWS or time.monotonic() > deadline:
                    return
                cells = ["" if value is None else str(value) for value in row]
                yield CELL_SEPARATOR.join(cells).strip()
    finally:
        book.close()


def _safe_zip(body: bytes) -> bool:
    """Tell whether a zip container is small enough, inflated, to open."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return False
    inflated = sum(member.file_size for member in members)
    return len(members) <= MAX_ZIP_MEMBERS and inflated <= MAX_UNZIPPED_BYTES


def _zip_has(body: bytes, name: str) -> bool:
    """Tell whether a zip container holds a member called `name`."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return name in archive.namelist()
