"""Read a JSON or JSONP answer as a listing: its array of objects with a URL and a title.

Portals that draw a list by script fetch it from an endpoint answering JSON (`{"data":
{"list": [{"title": …, "url": …, "time": …}]}}`) or JSONP (`cb({...})`). Whatever the keys
are called, the list is the array of objects whose values hold a link in most objects; the
title is the key holding the longest texts beside it, the date the key whose values read as
dates (written, month first when slashed as script APIs write 04/28/2025, or Unix seconds or
milliseconds); a JSONP call may sit in `try{…}catch(e){}`. A summary is no title: texts
longer than a headline count only when no key holds headline-long ones. The next page is
the same URL with its page parameter one higher, while a page still lists something.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from cleaners.links.linktext import HEADLINE_MAX
from cleaners.links.listing import FULL_DATE
from cleaners.links.recordlist import Entry, RecordList
from cleaners.links.urls import canonicalize_url

JSON_TYPES = ("json", "javascript")  # content types of JSON and JSONP answers
JSONP = re.compile(r"^\s*[\w$.]+\s*\(\s*(.*?)\s*\)\s*;?\s*$", re.S)  # callback({...});
JSON_START = ("{", "[")  # a body opening so is JSON whatever its content type says
LINK_VALUE = re.compile(  # an absolute or rooted link, or a relative page (news/123.html)
    r"^(?:https?:)?//\S+$|^/[^/\s]\S*$|^[\w.-]+(?:/[\w.-]+)*\.s?html?(?:\?\S*)?$", re.I
)
JSONP_HEAD = re.compile(r"^(?:try\s*\{\s*)?[\w$.]+\s*\(\s*[\[{]")  # callback({, cb([, try{cb({
TRY_WRAP = re.compile(  # try{cb({...});}catch(e){}: a JSONP call guarded against a missing cb
    r"^try\s*\{(.*)\}\s*catch\s*\(\s*[\w$]*\s*\)\s*\{[^{}]*\}\s*;?$", re.S
)
MONTH_FIRST = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b")  # 04/28/2025 10:00:00
PAGE_PARAMS = frozenset(  # a page-number parameter of a list endpoint, compared lower-case
    {"page", "pageno", "page_no", "pagenum", "page_num", "pn", "pageindex", "currentpage", "p"}
)
LINK_SHARE = 0.5  # an array is a list when most of its objects hold a link under one key
MIN_TITLE = 4  # a title shorter than this is a label (a tag, a count), not a headline
EPOCH_S = (1_000_000_000, 4_102_444_800)  # Unix seconds from 2001 to 2100
EPOCH_MS = (EPOCH_S[0] * 1000, EPOCH_S[1] * 1000)  # ... and in milliseconds
MAX_DEPTH = 12  # how deep to look for the array in the answer's objects


def looks_json(body: bytes, content_type: str | None) -> bool:
    """Tell a JSON or JSONP answer from a page by its content type or its first character."""
    head = body[:64].lstrip().decode("utf-8", "replace")
    if head.startswith(JSON_START) or JSONP_HEAD.match(head):
        return True
    kind = (content_type or "").lower()
    return any(t in kind for t in JSON_TYPES) and not head.startswith("<")


def read_json_list(text: str, url: str) -> RecordList | None:
    """Return the entries of a JSON or JSONP answer's list; None when it is no JSON."""
    data = _load(text)
    if data is None:
        return None
    best: list[Entry] = []
    for array in _arrays(data, 0):
        entries = _entries(array, url)
        if len(entries) > len(best):
            best = entries
    unique = tuple({e.url: e for e in best}.values())
    return RecordList(unique, _next_page(url) if unique else None)


def _load(text: str) -> Any:
    """Parse JSON, or the JSON inside a JSONP call; None when it is neither."""
    text = text.lstrip("\ufeff").strip()
    guarded = TRY_WRAP.match(text)
    if guarded is not None:
        text = guarded.group(1).strip()
    wrapped = JSONP.match(text)
    if wrapped is not None and not text.startswith(JSON_START):
        text = wrapped.group(1)
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _arrays(node: Any, depth: int) -> Iterator[list[dict[str, Any]]]:
    """Yield every array of objects in a JSON value, down to MAX_DEPTH."""
    if depth > MAX_DEPTH:
        return
    if isinstance(node, list):
        objects = [item for item in node if isinstance(item, dict)]
        if objects:
            yield objects
        for item in node:
            yield from _arrays(item, depth + 1)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _arrays(value, depth + 1)


def _entries(array: list[dict[str, Any]], base: str) -> list[Entry]:
    """Return an array's entries when most of its objects hold a link under one key."""
    link_key = _best_key(array, lambda v: isinstance(v, str) and LINK_VALUE.match(v) is not None)
    if link_key is None:
        return []
    title_key = _title_key(array, link_key)
    date_key = _best_key(array, lambda v: _date(v) is not None)
    out = []
    for item in array:
        url = canonicalize_url(str(item.get(link_key) or ""), base)
        if url is None:
            continue
        title = " ".join(str(item.get(title_key) or "").split()) if title_key else ""
        out.append(Entry(url, title, _date(item.get(date_key)) if date_key else None))
    return out


def _best_key(array: list[dict[str, Any]], fits: Callable[[Any], bool]) -> str | None:
    """Return the key whose values fit in the most objects, if in at least LINK_SHARE of them."""
    counts: dict[str, int] = {}
    for item in array:
        for key, value in item.items():
            if fits(value):
                counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    key = max(counts, key=lambda k: counts[k])
    return key if counts[key] >= LINK_SHARE * len(array) else None


def _title_key(array: list[dict[str, Any]], link_key: str) -> str | None:
    """Return the key of the longest headline-long texts that are no links: the headline."""
    lengths: dict[str, int] = {}
    longer: dict[str, int] = {}  # summaries, when nothing is headline-long
    for item in array:
        for key, value in item.items():
            if key != link_key and _is_text(value):
                kept = lengths if len(value) <= HEADLINE_MAX else longer
                kept[key] = kept.get(key, 0) + len(value)
    lengths = lengths or longer
    return max(lengths, key=lambda k: lengths[k]) if lengths else None


def _is_text(value: Any) -> bool:
    """Tell whether a JSON value is a text: a string long enough, neither a link nor a date."""
    if not isinstance(value, str) or LINK_VALUE.match(value):
        return False
    return len(value.strip()) >= MIN_TITLE and _date(value) is None


def _date(value: Any) -> date | None:
    """Return the day a JSON value spells: a written date or a Unix timestamp."""
    if isinstance(value, str):
        match = FULL_DATE.search(value)
        if match is not None:
            return _day(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        slashed = MONTH_FIRST.search(value)
        if slashed is not None:  # month first, as script APIs write it, unless it cannot be
            first, second, year = (int(g) for g in slashed.groups())
            month, day = (second, first) if first > 12 else (first, second)
            return _day(year, month, day)
        return _date(int(value)) if value.isdigit() else None
    if isinstance(value, int) and not isinstance(value, bool):
        for low, high, scale in ((*EPOCH_S, 1), (*EPOCH_MS, 1000)):
            if low <= value < high:
                return datetime.fromtimestamp(value / scale, UTC).date()
    return None


def _day(year: int, month: int, day: int) -> date | None:
    """Return the calendar day, None when the numbers name none."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next_page(url: str) -> str | None:
    """Return the URL with its page parameter one higher, None when it has none."""
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    for i, (key, value) in enumerate(params):
        if key.lower() in PAGE_PARAMS and value.isdigit():
            params[i] = (key, str(int(value) + 1))
            query = urlencode(params)
            return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
    return None
