"""Read a fetched listing within bounds, off the event loop: the run goes on whatever it holds.

A listing is untrusted input parsed while every other source is fetching, so before the
parser sees it the body is inflated (a sitemap.xml.gz served as a file) under the source's
`max_bytes`, and markup nested deeper than MAX_MARKUP_DEPTH is refused. The parse itself runs
in a thread (selectolax releases the GIL) under LISTING_DEADLINE_S; a listing over a bound
comes back as a Dropped naming it. A parse past its deadline cannot be stopped inside the
process; it is left to end on its own, and the guards above bound how long that takes.
"""

from __future__ import annotations

import asyncio
import zlib

from cleaners.extract.markup_depth import MAX_MARKUP_DEPTH, bytes_depth
from cleaners.records import Dropped
from flows.crawl.discover import GZIP_MAGIC, LinkRules, Listing, parse_page

DISCOVER_STAGE = "discover"  # stage named on listings refused before parsing
LISTING_DEADLINE_S = 20.0  # a guarded listing parses in well under a second; this is a fault
GZIP_WBITS = 16 + zlib.MAX_WBITS  # gzip header and trailer


def inflate(body: bytes, max_bytes: int) -> bytes | None:
    """Return a gzip body inflated, b"" when damaged, None when it inflates past max_bytes."""
    inflater = zlib.decompressobj(GZIP_WBITS)
    try:
        out = inflater.decompress(body, max_bytes + 1)
    except zlib.error:
        return b""
    return None if len(out) > max_bytes else out


def guarded_listing(
    body: bytes, url: str, rules: LinkRules, *, content_type: str | None, max_bytes: int
) -> Listing | Dropped:
    """Parse a listing unless it inflates past max_bytes or nests too deep."""
    if body[:2] == GZIP_MAGIC:
        inflated = inflate(body, max_bytes)
        if inflated is None:
            detail = f"gzip body inflates past max_bytes ({max_bytes})"
            return Dropped(DISCOVER_STAGE, "too_large", url, detail)
        if inflated[:2] == GZIP_MAGIC:  # each layer could multiply the size again
            return Dropped(DISCOVER_STAGE, "gzip_in_gzip", url, "a gzip body holding gzip")
        body = inflated
    depth = bytes_depth(body)
    if depth > MAX_MARKUP_DEPTH:
        detail = f"elements nest more than {MAX_MARKUP_DEPTH} deep"
        return Dropped(DISCOVER_STAGE, "too_deep", url, detail)
    return parse_page(body, url, rules, content_type=content_type)


async def read_listing(
    body: bytes, url: str, rules: LinkRules, *, content_type: str | None, max_bytes: int
) -> Listing | Dropped:
    """Parse a listing in a thread under the guards and LISTING_DEADLINE_S."""
    parse = asyncio.to_thread(
        guarded_listing, body, url, rules, content_type=content_type, max_bytes=max_bytes
    )
    try:
        return await asyncio.wait_for(parse, LISTING_DEADLINE_S)
    except TimeoutError:
        detail = f"no parse within {LISTING_DEADLINE_S:g} s"
        return Dropped(DISCOVER_STAGE, "timeout", url, detail)
