"""Read pages back out of WARC files: ours, wget's, Browsertrix's, Common Crawl extracts.

Response records of HTML with status 200 become Pages (and so do the text resources
import-text stores); every other record (warcinfo, request, revisit, metadata, other resources,
other statuses and types) is counted and skipped, and so is a response our crawler marked as
a listing, feed, sitemap or robots.txt (a response without the mark is read as an article,
as in raw/ written before the mark existed and in other tools' WARCs). warcio
reads damaged files silently (a truncated record comes back short, a torn gzip member vanishes),
so each record is checked whole before its page is handed on, and a file must end where its last
record ends: otherwise WarcDamaged names the file and the offset where the good records end.

FastWARC (resiliparse's reader, several times faster) reads the records when it is installed;
warcio stays the fallback and reads what FastWARC cannot place (a WARC gzipped as a whole).
Either way the same pages, counts and damage come out: FastWARC forgives a cut record too,
so each record is taken as whole once the next one starts, and the last one once its own
end (gzip member, or header block plus Content-Length) is found inside the file.
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from cleaners.links.urls import canonicalize_url
from cleaners.records import Page, WarcPointer
from cleaners.text.decode import is_html_type
from flows.config import is_site_key
from flows.counters import Counters
from flows.errors import WarcDamaged
from flows.store.warcwrite import (
    ARTICLE_KIND,
    ATTACHMENT_KIND,
    COMPANION_KINDS,
    FILES_HEADER,
    KIND_HEADER,
    LINK_HEADER,
    PARTS_HEADER,
    SITE_HEADER,
    TEXT_KIND,
)

# Text dumps brought in by import-text are stored as resource records marked with KIND_HEADER
# (TEXT_KIND); they come back as pages of kind "text", for the text cleaner.
IMPORT_SITE = "import"  # site of pages from WARCs we did not write
DECODED_HEADERS = frozenset({"content-encoding", "transfer-encoding"})  # undone by warcio
GZIP_MAGIC = b"\x1f\x8b"
WARC_MAGIC = b"WARC/"  # how a plain record's header block starts
RECORD_SEPARATOR = b"\r\n"  # plain WARC records end in two CRLFs, outside their length
# What warcio (and zlib beneath it) raise on bytes that are not WARC: all mean "damaged here".
READ_ERRORS = (ArchiveLoadFailed, zlib.error, EOFError, ValueError, AttributeError, IndexError)
FAST_READ_ERRORS = (ValueError, OSError, EOFError)  # what FastWARC raises on bytes that are no WARC
HTTP_SCHEMES = ("http:", "https:")  # the target URIs whose records warcio reads HTTP headers of
MAX_HEADER_BYTES = 1 << 16  # a WARC header block longer than this is no header block
CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*\r?$", re.I | re.M)
ARTICLES = frozenset({ARTICLE_KIND})  # what is read as a page unless asked otherwise
CARRIED_MARKS = (PARTS_HEADER, FILES_HEADER)  # WARC marks an article page keeps as headers


def _fast_iterator() -> Any:
    """Return FastWARC's ArchiveIterator, or None when FastWARC is not installed."""
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator
    except ImportError:
        return None
    return FastIterator


FAST_ITERATOR = _fast_iterator()


class _NotFast(Exception):
    """FastWARC cannot place this file's records (a WARC gzipped as one member): use warcio."""


def pointer_file(path: Path, data_dir: Path) -> str:
    """Return how a pointer names a WARC file: relative to the data dir when inside it."""
    try:
        return path.resolve().relative_to(data_dir.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def iter_warc(
    path: Path,
    *,
    data_dir: Path,
    counters: Counters,
    name: str | None = None,
    kinds: frozenset[str] = ARTICLES,
) -> Iterator[Page]:
    """Yield the 200 responses of a WARC file marked as one of `kinds` (unmarked ones are
    articles), HTML unless an attachment, their pointers naming `name` when given (a file
    read before it takes that name: an import); raise WarcDamaged where it breaks."""
    with path.open("rb") as handle:
        yield from _Reader(path, handle, data_dir, counters, name, kinds).pages(FAST_ITERATOR)


def read_page(
    pointer: WarcPointer, *, data_dir: Path, kinds: frozenset[str] = ARTICLES
) -> Page | None:
    """Read the one response record a pointer names; None when it is no 200 page of `kinds`."""
    path = Path(pointer.file)
    path = path if path.is_absolute() else data_dir / path
    with path.open("rb") as handle:
        handle.seek(pointer.offset)
        fast = FAST_ITERATOR
        records = (
            ArchiveIterator(handle)
            if fast is None
            else (_FastRecord(raw) for raw in fast(handle, parse_http=True, auto_decode="all"))
        )
        for record in records:
            page = None if _skip_reason(record, kinds) else _page(record, lambda: pointer)
            truncated = record.rec_headers.get_header("WARC-Truncated")
            return None if page is None or (truncated and not page.body) else page
    return None


class _Reader:
    """One pass over one WARC file, holding back each page until its record proved whole."""

    def __init__(
        self,
        path: Path,
        handle: BinaryIO,
        data_dir: Path,
        counters: Counters,
        name: str | None,
        kinds: frozenset[str] = ARTICLES,
    ) -> None:
        self.path = path
        self.kinds = kinds
        self.handle = handle
        self.counters = counters
        self.file = name or pointer_file(path, data_dir)
        self.size = path.stat().st_size
        self.gzipped = handle.read(2) == GZIP_MAGIC
        handle.seek(0)
        self.good_end = 0  # every byte before this belongs to a record read whole

    def pages(self, fast: Any) -> Iterator[Page]:
        """Yield pages, each once the record after it (or the file's end) checks out; read
        them with `fast` (FastWARC's iterator) unless it is None.
        """
        if fast is not None:
            counters, self.counters = self.counters, Counters()
            try:
                yield from self._fast_pages(fast)
                return
            except _NotFast:
                self.handle.seek(0)
                self.good_end = 0
                self.counters = Counters()  # what the fast pass counted is counted again
            finally:
                counters.merge(self.counters)
                self.counters = counters
        yield from self._warcio_pages()

    def _fast_pages(self, fast: Any) -> Iterator[Page]:
        """Read the records with FastWARC; each is whole once the next one starts after it."""
        held: Page | None = None
        last_offset, seen, damage, yielded = 0, 0, None, False
        try:
            for raw in fast(self.handle, parse_http=True, auto_decode="all"):
                offset = raw.stream_pos
                if not self._starts_record(offset) or (seen and offset <= last_offset):
                    if yielded:
                        damage = f"unreadable after byte {self.good_end}"
                        break
                    raise _NotFast  # records inside one gzip member: no offset names them
                record = _FastRecord(raw)
                page = self._take(record, partial(self._pointer, record, offset))
                if held is not None:
                    yielded = True
                    yield held
                self.good_end = offset  # the records before this one are whole
                held = page
                last_offset, seen = offset, seen + 1
        except FAST_READ_ERRORS as exc:
            damage = f"unreadable after byte {last_offset} ({type(exc).__name__}: {exc})"
        end = self._record_end(last_offset) if seen else 0
        if end is None:
            damage, held = f"the record at byte {last_offset} is cut short", None
        else:
            self.good_end = end
        yield from self._last(held, damage, last_offset)

    def _starts_record(self, offset: int) -> bool:
        """Tell whether a record (a gzip member, or a WARC header) starts at `offset`."""
        start = os.pread(self.handle.fileno(), len(WARC_MAGIC), offset)  # FastWARC owns the seek
        return start.startswith(GZIP_MAGIC) if self.gzipped else start == WARC_MAGIC

    def _record_end(self, offset: int) -> int | None:
        """Return where the record at `offset` ends, None when the file ends inside it."""
        self.handle.seek(offset)
        if self.gzipped:
            rest = self.handle.read()
            member = zlib.decompressobj(wbits=31)
            try:
                member.decompress(rest)
            except zlib.error:
                return None
            return offset + len(rest) - len(member.unused_data) if member.eof else None
        head = self.handle.read(MAX_HEADER_BYTES)
        blank = head.find(RECORD_SEPARATOR * 2)
        length = CONTENT_LENGTH.search(head, 0, max(blank, 0))
        if blank < 0 or length is None:
            return None
        end = offset + blank + 2 * len(RECORD_SEPARATOR) + int(length.group(1))
        return end if end <= self.size else None

    def _damaged(self, damage: str) -> None:
        """Count the damage and raise it, naming where the good records end."""
        self.counters.add("warc_damaged")
        raise WarcDamaged(f"{self.path}: {damage}", path=str(self.path), offset=self.good_end)

    def _warcio_pages(self) -> Iterator[Page]:
        """Read the records with warcio, which knows each record's end as it reads it."""
        held: Page | None = None
        last_offset = 0
        damage: str | None = None
        records = ArchiveIterator(self.handle)
        try:
            for record in records:
                page = self._take(record, partial(self._read_pointer, records, record))
                records.read_to_end(record)
                last_offset = records.get_record_offset()
                if record.raw_stream.limit:  # the file ended inside this record
                    damage = f"the record at byte {last_offset} is cut short"
                    break
                if held is not None:
                    yield held
                held = page
                self.good_end = last_offset + records.get_record_length()
        except READ_ERRORS as exc:
            damage = f"unreadable after byte {self.good_end} ({type(exc).__name__}: {exc})"
        yield from self._last(held, damage, last_offset)

    def _last(self, held: Page | None, damage: str | None, last_offset: int) -> Iterator[Page]:
        """Yield the last page held back unless the file's end tears its record; then raise
        the damage met, or the one the file's end shows."""
        if damage is None:
            damage = self._end_problem(last_offset)
            if damage and self.good_end == last_offset:
                held = None  # the last record's own gzip member is torn
        if held is not None:
            yield held
        if damage:
            self._damaged(damage)

    def _take(self, record: Any, where: Callable[[], WarcPointer]) -> Page | None:
        """Return the record's page, or count why it is skipped and return None."""
        reason = _skip_reason(record, self.kinds)
        if reason:
            self.counters.add(f"warc_skipped_{reason}")
            return None
        page = _page(record, where)
        if page is None:
            self.counters.add("warc_skipped_url")
        elif not page.body and record.rec_headers.get_header("WARC-Truncated"):
            self.counters.add("warc_skipped_truncated")  # the body was not kept at all
            return None
        return page

    def _pointer(self, record: Any, offset: int) -> WarcPointer:
        """Return where a record sits."""
        return WarcPointer(self.file, offset, record.rec_headers.get_header("WARC-Record-ID") or "")

    def _read_pointer(self, records: ArchiveIterator, record: Any) -> WarcPointer:
        """Return where a record warcio reads sits (known once its body is read)."""
        return self._pointer(record, records.get_record_offset())

    def _end_problem(self, last_offset: int) -> str | None:
        """Tell what is wrong with the file's end: stray bytes, or a torn last gzip member."""
        self.handle.seek(self.good_end)
        trailing = self.handle.read()
        if trailing.strip(RECORD_SEPARATOR) or len(trailing) > 2 * len(RECORD_SEPARATOR):
            return f"{len(trailing)} bytes after byte {self.good_end} are no whole record"
        if self.gzipped and self.good_end:
            self.handle.seek(last_offset)
            member = zlib.decompressobj(wbits=31)
            try:
                member.decompress(self.handle.read(self.good_end - last_offset))
            except zlib.error:
                member = zlib.decompressobj(wbits=31)
            if not member.eof:
                self.good_end = last_offset
                return f"the gzip member at byte {last_offset} is cut short"
        return None


def _site_problem(record: Any) -> str | None:
    """Return "site" when the record's site header is no site key (it could name a path)."""
    site = record.rec_headers.get_header(SITE_HEADER)
    return "site" if site is not None and not is_site_key(site) else None


def _skip_reason(record: Any, kinds: frozenset[str] = ARTICLES) -> str | None:
    """Return why a record is no page (its type, kind, status, media type or site), or None."""
    if record.rec_type == "resource" and record.rec_headers.get_header(KIND_HEADER) == TEXT_KIND:
        return _site_problem(record)
    if record.rec_type != "response":
        return str(record.rec_type or "unknown")
    if _site_problem(record):
        return "site"
    kind = record.rec_headers.get_header(KIND_HEADER) or ARTICLE_KIND
    if kind not in kinds:
        return str(kind)  # the crawler read it as a listing, feed, robots.txt, a companion
    http = record.http_headers
    if http is None or not http.get_statuscode():
        return "not_http"
    if http.get_statuscode() != "200":
        return "status"
    if kind != ATTACHMENT_KIND and not is_html_type(http.get_header("Content-Type")):
        return "type"
    return None


def _page(record: Any, where: Callable[[], WarcPointer]) -> Page | None:
    """Build the Page of a 200 HTML response record (None for a non-http(s) URI)."""
    target = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    url = canonicalize_url(target)
    if url is None and record.rec_type == "resource" and target:
        url = target  # a text dump's file:// URI
    if url is None:
        return None
    body = record.content_stream().read()
    if record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or "text/plain"
        headers: tuple[tuple[str, str], ...] = (("Content-Type", content_type),)
    else:
        kept = [(k, v) for k, v in record.http_headers.headers if k.lower() not in DECODED_HEADERS]
        marks = [(k, str(v)) for k in CARRIED_MARKS if (v := record.rec_headers.get_header(k))]
        headers = (*kept, *marks)
        link = record.rec_headers.get_header(LINK_HEADER)
        if link and record.rec_headers.get_header(KIND_HEADER) in COMPANION_KINDS:
            url = canonicalize_url(link) or url  # a companion goes by the URL linked to it
    return Page(
        url=url,
        site=record.rec_headers.get_header(SITE_HEADER) or IMPORT_SITE,
        status=200,
        headers=headers,
        body=body,
        fetched_at=record.rec_headers.get_header("WARC-Date") or "",
        warc=where(),  # asked for after the body is read: warcio's offsets come only then
        kind="text" if record.rec_type == "resource" else "html",  # resources: text dumps only
    )


class _FastRecord:
    """A FastWARC record seen through the few warcio names the page logic reads."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self.rec_type = raw.headers.get("WARC-Type")
        self.rec_headers = _FastHeaders(raw.headers)
        target = (raw.headers.get("WARC-Target-URI") or "").strip().strip("<>")
        web = raw.is_http and target.lower().startswith(HTTP_SCHEMES)  # as warcio decides
        self.http_headers = _FastHttp(raw.http_headers) if web else None

    def content_stream(self) -> Any:
        """Return the payload reader (content and transfer encodings undone)."""
        return self._raw.reader


class _FastHeaders:
    """FastWARC's header map with warcio's get_header."""

    def __init__(self, headers: Any) -> None:
        self._headers = headers

    def get_header(self, name: str) -> str | None:
        """Return a header's value, None when absent."""
        value = self._headers.get(name)
        return None if value is None else str(value)


class _FastHttp(_FastHeaders):
    """FastWARC's HTTP headers with warcio's status code and header list."""

    def __init__(self, headers: Any) -> None:
        super().__init__(headers)
        code = headers.status_code
        self.headers = list(headers.items())
        self._status = "" if code is None else str(code)

    def get_statuscode(self) -> str:
        """Return the status code as text, empty when there is none."""
        return self._status
