"""Append every exchange to the raw store as WARC: request and response records, gzip per record.

Files are DATA/raw/<run_id>-<n>.warc.gz, written under the name <file>.open and renamed when
closed; a run rolls to the next n when a file reaches `max_file_bytes`. Each record is one
gzip member, written whole and flushed before the next, so a crash mid-write leaves every
earlier record readable (the pointer names the final file name, which the rename makes true;
`seal_open_files` renames what a crashed run left behind).

Bodies are stored after content-decoding. So that the stored HTTP message is self-consistent,
Content-Encoding and Transfer-Encoding are kept as X-Archive-Orig-* headers, and a
Content-Length that no longer matches the body becomes X-Archive-Orig-Content-Length beside
the true one.
"""

from __future__ import annotations

import os
import re
import threading
from io import BytesIO
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import cleaners
from cleaners.records import WarcPointer
from flows.errors import DiskFull, StoreError, is_no_space
from flows.net.exchange import Exchange

RAW_DIR = "raw"
SUFFIX = ".warc.gz"
OPEN_SUFFIX = ".open"  # a file still being written (or left by a crash)
RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")  # becomes part of a file name
SITE_HEADER = "Portal-Corpus-Site"
# What the crawler took a response for, on its response record, so a rebuild from raw/ treats
# it the same way: only articles become records; listings, feeds, sitemaps and robots.txt not.
KIND_HEADER = "Portal-Corpus-Kind"
ARTICLE_KIND = "article"  # fetched as an article: extracted, becomes a record or a reject
LISTING_KIND = "listing"  # a listing page, feed, sitemap or sitemap index the walk read
ROBOTS_KIND = "robots"  # a robots.txt the fetcher asked for
TEXT_KIND = "text"  # a text dump import-text stored as a resource record
CHALLENGE_KIND = "challenge"  # an anti-bot script answered instead of the page asked for
ARTICLE_PART_KIND = "article-part"  # page 2, 3 … of an article split over pages
ATTACHMENT_KIND = "attachment"  # a file an article links to (PDF, DOCX …), fetched to be read
COMPANION_KINDS = frozenset({ARTICLE_PART_KIND, ATTACHMENT_KIND})  # read with their article
LINK_HEADER = "Portal-Corpus-Link"  # on a companion's response: the URL its article links to
# On an article's response: the companions archived with it, space-separated URLs as linked,
# so a rebuild joins the same pages and reads the same files without parsing the page again.
PARTS_HEADER = "Portal-Corpus-Parts"
FILES_HEADER = "Portal-Corpus-Files"
REDIRECT_KIND = "redirect"  # a 200 that only sends the browser on (script or meta refresh)
REDIRECT_HEADER = "Portal-Corpus-Redirect-To"  # where such a shell sent the crawler
MOVED_HEADERS = {  # headers that no longer describe the stored (decoded) body
    "content-encoding": "X-Archive-Orig-Content-Encoding",
    "transfer-encoding": "X-Archive-Orig-Transfer-Encoding",
}
ORIG_LENGTH = "X-Archive-Orig-Content-Length"


class WarcWriter:
    """Append exchanges to this run's WARC files; a context manager."""

    def __init__(self, data_dir: Path, *, run_id: str, max_file_bytes: int = 1_000_000_000) -> None:
        if not RUN_ID.match(run_id):
            raise StoreError(f"run id {run_id!r} cannot name a file")
        self._raw = data_dir / RAW_DIR
        self._run_id = run_id
        self._max = max_file_bytes
        self._lock = threading.Lock()
        self._out: IO[bytes] | None = None
        self._writer: Any = None
        self._name = ""
        self._n = 0
        self.files: list[Path] = []  # final paths of every file this writer started

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def write(
        self,
        exchange: Exchange,
        *,
        kind: str = ARTICLE_KIND,
        marks: tuple[tuple[str, str], ...] = (),
    ) -> WarcPointer:
        """Append the request and response records, the response marked with what the
        crawler took it for (`kind`) and any further marks (LINK_HEADER, PARTS_HEADER …);
        return a pointer to the response.
        """
        with self._lock:
            try:
                if self._out is None or self._out.tell() >= self._max:
                    self._roll()
                assert self._out is not None
                response = self._response_record(exchange, kind, marks)
                record_id = response.rec_headers.get_header("WARC-Record-ID")
                request = self._request_record(exchange, record_id)
                offset = self._out.tell()
                self._writer.write_record(response)  # each write ends with a flush
                self._writer.write_record(request)
            except OSError as exc:  # the next run cuts the .open file back to its last record
                if is_no_space(exc):
                    raise DiskFull(str(self._raw / (self._name + OPEN_SUFFIX))) from exc
                raise
            return WarcPointer(file=f"{RAW_DIR}/{self._name}", offset=offset, record_id=record_id)

    def close(self) -> None:
        """Flush, sync and close the current file and give it its final name."""
        with self._lock:
            self._close_file()

    def _roll(self) -> None:
        """Close the current file and start the next one with a warcinfo record."""
        self._close_file()
        self._raw.mkdir(parents=True, exist_ok=True)
        while True:
            self._n += 1
            name = f"{self._run_id}-{self._n:05d}{SUFFIX}"
            final = self._raw / name
            if final.exists():
                continue
            try:
                self._out = open(self._raw / (name + OPEN_SUFFIX), "xb")  # noqa: SIM115
            except FileExistsError:
                continue
            break
        self._name = name
        self.files.append(final)
        self._writer = WARCWriter(self._out, gzip=True)
        info = {
            "software": f"portal-corpus/{cleaners.__version__}",
            "format": "WARC File Format 1.0",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/",
            "isPartOf": self._run_id,
        }
        self._writer.write_record(self._writer.create_warcinfo_record(name, info))

    def _close_file(self) -> None:
        if self._out is None:
            return
        self._out.flush()
        os.fsync(self._out.fileno())
        self._out.close()
        self._out = None
        os.replace(self._raw / (self._name + OPEN_SUFFIX), self._raw / self._name)

    def _response_record(
        self, exchange: Exchange, kind: str, marks: tuple[tuple[str, str], ...]
    ) -> Any:
        status_line = f"{exchange.status} {exchange.reason}".strip()
        headers = stored_headers(exchange.response_headers, len(exchange.body))
        http = StatusAndHeaders(status_line, headers, protocol=exchange.http_version)
        warc = {"WARC-Date": exchange.fetched_at, SITE_HEADER: exchange.site, KIND_HEADER: kind}
        warc.update(marks)
        if exchange.shell_to:
            warc[KIND_HEADER], warc[REDIRECT_HEADER] = REDIRECT_KIND, exchange.shell_to
        if exchange.truncated:
            warc["WARC-Truncated"] = exchange.truncated
        if exchange.ip:
            warc["WARC-IP-Address"] = exchange.ip
        return self._writer.create_warc_record(
            exchange.url,
            "response",
            payload=BytesIO(exchange.body),
            length=len(exchange.body),
            http_headers=http,
            warc_headers_dict=warc,
        )

    def _request_record(self, exchange: Exchange, response_id: str) -> Any:
        parts = urlsplit(exchange.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        line = f"{exchange.method} {target} {exchange.http_version}"
        http = StatusAndHeaders(line, list(exchange.request_headers), is_http_request=True)
        warc = {"WARC-Date": exchange.fetched_at, "WARC-Concurrent-To": response_id}
        sent = exchange.request_body  # a POST's form fields, as sent
        return self._writer.create_warc_record(
            exchange.url, "request", payload=BytesIO(sent), length=len(sent),
            http_headers=http, warc_headers_dict=warc,
        )  # fmt: skip


def stored_headers(headers: tuple[tuple[str, str], ...], body_length: int) -> list[tuple[str, str]]:
    """Return response headers made true of the decoded body (see the module docstring)."""
    out: list[tuple[str, str]] = []
    for name, value in headers:
        lowered = name.lower()
        if lowered in MOVED_HEADERS:
            out.append((MOVED_HEADERS[lowered], value))
        elif lowered == "content-length" and value.strip() != str(body_length):
            out += [(ORIG_LENGTH, value), ("Content-Length", str(body_length))]
        else:
            out.append((name, value))
    return out


def seal_open_files(data_dir: Path, *, exclude_run: str | None = None) -> list[Path]:
    """Rename `.open` files a crashed run left (not those of `exclude_run`); return them."""
    sealed = []
    for path in sorted((data_dir / RAW_DIR).glob(f"*{SUFFIX}{OPEN_SUFFIX}")):
        if exclude_run is not None and path.name.startswith(f"{exclude_run}-"):
            continue
        final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
        if not final.exists():
            os.replace(path, final)
            sealed.append(final)
    return sealed
