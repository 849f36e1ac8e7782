"""One HTTP exchange: the record that goes to WARC, and how a response is read and judged.

A response is read under the caps (type, size raw and decoded, declared length) and ends as
a Hop: a lasting outcome, a redirect to follow, or a TransientFault worth retrying.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import httpx

from cleaners.extract.script_shell import is_challenge
from flows.config import Politeness
from flows.net.bodyread import (
    ACCEPT_ENCODING,
    BodyCorrupt,
    BodyTooLarge,
    BodyTruncated,
    UnsupportedEncoding,
    declared_length,
    media_type,
    parse_retry_after,
    read_body,
)

RETRY_STATUSES = frozenset({408, 425, 429})  # 4xx that mean "later", beside every 5xx
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPTED_TYPES = frozenset(  # bodies worth reading: pages, feeds, sitemaps, robots.txt
    {
        "text/html",
        "application/xhtml+xml",
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "text/plain",
        "application/gzip",
        "application/x-gzip",
    }
)
LISTING_TYPES = ACCEPTED_TYPES | {  # a listing may also be a JSON or JSONP list endpoint
    "application/json",
    "text/json",
    "application/javascript",
    "text/javascript",
    "application/x-javascript",
}
CHALLENGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})  # or none
TRUNCATED_LENGTH = "length"  # WARC-Truncated value: body not kept because of its size or type


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP request/response pair, as it goes to WARC."""

    url: str
    site: str
    method: str
    request_headers: tuple[tuple[str, str], ...]
    http_version: str
    status: int
    reason: str
    response_headers: tuple[tuple[str, str], ...]  # as received
    body: bytes  # after content-decoding
    fetched_at: str  # UTC ISO 8601, seconds
    truncated: str | None = None  # WARC-Truncated reason when the body was not kept
    ip: str | None = None  # the server address the response came from (WARC-IP-Address)
    shell_to: str | None = None  # where a script or meta redirect shell (a 200) sent the fetch
    request_body: bytes = b""  # what a POST sent (its form fields); empty for GET


@dataclass(frozen=True, slots=True)
class Hop:
    """The end of one URL's tries: an outcome, or a redirect to follow."""

    outcome: str
    status: int | None = None
    exchanges: tuple[Exchange, ...] = ()
    error: str | None = None
    attempts: int = 0
    retry_later: bool = False
    location: str | None = None


class TransientFault(Exception):
    """A fault worth retrying: network trouble, a truncated body, 429, 5xx."""

    def __init__(
        self,
        error: str,
        *,
        status: int | None = None,
        exchange: Exchange | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(error)
        self.status = status
        self.exchange = exchange
        self.retry_after = retry_after


async def receive(
    request: httpx.Request,
    response: httpx.Response,
    site: str,
    policy: Politeness,
    accept: frozenset[str] | None,
) -> Hop:
    """Read a response under the caps and classify it."""
    status = response.status_code
    exchange = make_exchange(request, response, site)
    kind = media_type(response.headers.get("content-type"))
    if 200 <= status < 300 and accept is not None and kind is not None and kind not in accept:
        skipped = replace(exchange, truncated=TRUNCATED_LENGTH)
        return Hop("skipped_type", status, (skipped,), f"content type {kind}")
    length = declared_length(response.headers.get("content-length"))
    coding = response.headers.get("content-encoding", "")
    try:
        if length is not None and length > policy.max_bytes and not coding.strip():
            raise BodyTooLarge(f"Content-Length {length} over {policy.max_bytes} bytes")
        body = await read_body(
            response.aiter_raw(), coding=coding, declared_length=length, limit=policy.max_bytes
        )
    except BodyTooLarge as exc:
        cut = replace(exchange, truncated=TRUNCATED_LENGTH)
        if 200 <= status < 300:
            return Hop("too_large", status, (cut,), str(exc))
        return classify(cut, response)
    except BodyTruncated as exc:
        raise TransientFault(f"truncated body: {exc}", status=status) from exc
    except UnsupportedEncoding as exc:
        return Hop("failed", status, (), str(exc))
    except BodyCorrupt as exc:  # a misconfigured server may be fixed by the next run
        return Hop("failed", status, (), str(exc), retry_later=True)
    return classify(replace(exchange, body=body.data), response)


def classify(exchange: Exchange, response: httpx.Response) -> Hop:
    """Turn a fully read response into an outcome, a redirect, or a transient fault."""
    status = exchange.status
    if _challenged(exchange, response):  # never a page, and asking again in this run won't help
        error = f"JavaScript challenge (HTTP {status})"
        return Hop("blocked", status, (exchange,), error, retry_later=True)
    if 200 <= status < 300:
        return Hop("ok", status, (exchange,))
    if status == 304:
        return Hop("not_modified", status, (exchange,))
    location = response.headers.get("location")
    if 300 <= status < 400 and status != 304 and location:
        return Hop("redirect", status, (exchange,), location=location)
    if status == 404:
        return Hop("not_found", status, (exchange,), "HTTP 404")
    if status == 410:
        return Hop("gone", status, (exchange,), "HTTP 410")
    if status >= 500 or status in RETRY_STATUSES:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        raise TransientFault(
            f"HTTP {status}", status=status, exchange=exchange, retry_after=retry_after
        )
    return Hop("http_error", status, (exchange,), f"HTTP {status}")


def _challenged(exchange: Exchange, response: httpx.Response) -> bool:
    """Tell whether a non-redirect answer is an anti-bot script instead of the page."""
    if 300 <= exchange.status < 400:
        return False
    kind = media_type(response.headers.get("content-type"))
    return (kind is None or kind in CHALLENGE_TYPES) and is_challenge(
        exchange.body, exchange.status
    )


def make_exchange(request: httpx.Request, response: httpx.Response, site: str) -> Exchange:
    """Record the request as sent and the response head as received (body added later)."""
    return Exchange(
        url=str(request.url),
        site=site,
        method=request.method,
        request_headers=_text_headers(request.headers.raw),
        http_version=response.http_version,
        status=response.status_code,
        reason=response.reason_phrase,
        response_headers=_text_headers(response.headers.raw),
        body=b"",
        fetched_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        ip=_server_ip(response),
        request_body=_sent_body(request),
    )


def _sent_body(request: httpx.Request) -> bytes:
    """Return the body a request sent, when it was built in memory (a POST's form fields)."""
    try:
        return request.content
    except httpx.RequestNotRead:
        return b""


def _server_ip(response: httpx.Response) -> str | None:
    """Return the peer address of the connection a response came over, when known."""
    stream = response.extensions.get("network_stream")
    address = stream.get_extra_info("server_addr") if stream is not None else None
    return str(address[0]) if isinstance(address, tuple) and address else None


def _text_headers(raw: list[tuple[bytes, bytes]]) -> tuple[tuple[str, str], ...]:
    """Decode raw header bytes losslessly (Latin-1 maps every byte to one character)."""
    return tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in raw)


def request_headers(
    policy: Politeness, etag: str | None, last_modified: str | None
) -> dict[str, str]:
    """Return the headers every request of this policy carries, conditional ones included."""
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": ACCEPT,
        "Accept-Encoding": ACCEPT_ENCODING,
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers
