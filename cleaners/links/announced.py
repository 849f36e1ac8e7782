"""What a listing page announces beside its links: its feeds and the list endpoints it calls.

A page names its RSS or Atom feed in `<link rel="alternate" type="application/rss+xml">`; a
page that draws its list by script names the endpoint in its own script, as a string literal
of a JSON or JSONP address. Both are returned canonical; which are on the source's site is for
the caller to decide.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from cleaners.links.urls import canonicalize_url

FEED_TYPES = ("rss+xml", "atom+xml")  # the alternate types that are feeds
SCRIPT_URL = re.compile(r"""["']((?:https?:)?//[^"'\s<>]+|/[^/"'\s<>][^"'\s<>]*)["']""")
ENDPOINT_HINT = re.compile(  # a literal that is a list endpoint: JSON, JSONP, an API path
    r"(?:\.json(?:[?#]|$)|\.jsonp?(?:[?#]|$)|[?&](?:callback|jsonp?|cb)=|/api/)", re.I
)
MAX_ENDPOINTS = 8  # endpoints followed from one page: its lists, not every call it makes


def announced_feeds(tree: LexborHTMLParser, base: str) -> list[str]:
    """Return the feeds a page announces in its <link rel="alternate"> tags."""
    feeds: dict[str, None] = {}
    for node in tree.css("link[href]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        kind = (node.attributes.get("type") or "").lower()
        if "alternate" in rel and kind.endswith(FEED_TYPES):
            url = canonicalize_url(node.attributes.get("href") or "", base)
            if url:
                feeds.setdefault(url)
    return list(feeds)


def script_endpoints(tree: LexborHTMLParser, base: str) -> list[str]:
    """Return the JSON or JSONP addresses a page's inline scripts name, at most MAX_ENDPOINTS."""
    found: dict[str, None] = {}
    for script in tree.css("script"):
        if script.attributes.get("src") is not None:
            continue
        for literal in SCRIPT_URL.findall(script.text(deep=True) or ""):
            if ENDPOINT_HINT.search(literal):
                url = canonicalize_url(literal, base)
                if url:
                    found.setdefault(url)
    return list(found)[:MAX_ENDPOINTS]
