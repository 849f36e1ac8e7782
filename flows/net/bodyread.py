"""Read a response body while streaming, decoded and capped, never inflating past the cap.

The cap applies to the raw bytes on the wire and to the decoded bytes: a small gzip body
that would inflate to gigabytes stops at `max_bytes + 1` decoded bytes, because each
`decompress` call is bounded with `max_length`.
"""

from __future__ import annotations

import email.utils
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

GZIP_WBITS = 16 + zlib.MAX_WBITS  # gzip header and trailer
ZLIB_WBITS = zlib.MAX_WBITS  # "deflate" as the RFC says: a zlib stream
RAW_DEFLATE_WBITS = -zlib.MAX_WBITS  # "deflate" as some servers send it: no zlib header
IDENTITY = frozenset({"", "identity"})  # no content-coding
GZIP = frozenset({"gzip", "x-gzip"})
DEFLATE = frozenset({"deflate"})
ACCEPT_ENCODING = "gzip, deflate"  # only codings decoded here with a bounded output


class BodyError(Exception):
    """Base of the body problems a fetch turns into an outcome."""


class BodyTooLarge(BodyError):
    """The body (raw or decoded) passed the cap."""


class BodyTruncated(BodyError):
    """The body ended before its declared length or compressed stream end: a transient fault."""


class BodyCorrupt(BodyError):
    """The compressed body is not what its Content-Encoding says: a lasting fault."""


class UnsupportedEncoding(BodyError):
    """The server used a content-coding that is not decoded here."""


@dataclass(frozen=True, slots=True)
class Body:
    """A body read in full: decoded bytes and how many raw bytes came over the wire."""

    data: bytes
    raw_bytes: int


class BoundedDecoder:
    """Decode one content-coding incrementally, refusing output beyond `limit` bytes."""

    def __init__(self, coding: str, limit: int) -> None:
        coding = coding.strip().lower()
        if coding in IDENTITY:
            self._inflater: zlib._Decompress | None = None
        elif coding in GZIP:
            self._inflater = zlib.decompressobj(GZIP_WBITS)
        elif coding in DEFLATE:
            self._inflater = zlib.decompressobj(ZLIB_WBITS)
        else:
            raise UnsupportedEncoding(f"unsupported content-encoding {coding!r}")
        self._coding = coding
        self._limit = limit
        self._out = bytearray()
        self._first = True

    def feed(self, chunk: bytes) -> None:
        """Decode a chunk; raise BodyTooLarge once the output would pass the limit."""
        if self._inflater is None:
            self._append(chunk)
            return
        room = self._limit - len(self._out)
        try:
            piece = self._inflater.decompress(chunk, room + 1)
        except zlib.error as exc:
            if not (self._first and self._coding in DEFLATE):
                raise BodyCorrupt(f"bad {self._coding} stream: {exc}") from exc
            self._inflater = zlib.decompressobj(RAW_DEFLATE_WBITS)
            piece = self._inflater.decompress(chunk, room + 1)
        self._first = False
        self._append(piece)

    def finish(self) -> bytes:
        """Return the decoded body; raise BodyTruncated if a compressed stream did not end."""
        if self._inflater is not None:
            self._append(self._inflater.flush())
            if not self._inflater.eof:
                raise BodyTruncated(f"{self._coding} stream ended early")
        return bytes(self._out)

    def _append(self, piece: bytes) -> None:
        if len(self._out) + len(piece) > self._limit:
            raise BodyTooLarge(f"body larger than {self._limit} bytes")
        self._out += piece


async def read_body(
    chunks: AsyncIterator[bytes], *, coding: str, declared_length: int | None, limit: int
) -> Body:
    """Read raw chunks through a bounded decoder, checking the declared Content-Length."""
    decoder = BoundedDecoder(coding, limit)
    raw = 0
    async for chunk in chunks:
        raw += len(chunk)
        if raw > limit:
            raise BodyTooLarge(f"more than {limit} bytes on the wire")
        decoder.feed(chunk)
    if declared_length is not None and raw < declared_length:
        raise BodyTruncated(f"got {raw} of {declared_length} bytes (Content-Length)")
    return Body(decoder.finish(), raw)


def declared_length(value: str | None) -> int | None:
    """Return a Content-Length header as an int, or None when absent or unreadable."""
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Return the seconds a Retry-After header asks to wait (delay-seconds or HTTP-date)."""
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)  # RFC 9110 says integer; some servers send fractions
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds) if seconds == seconds else None  # NaN is not a delay


def media_type(content_type: str | None) -> str | None:
    """Return the bare, lowercased media type of a Content-Type header."""
    if content_type is None:
        return None
    bare = content_type.split(";", 1)[0].strip().lower()
    return bare or None
