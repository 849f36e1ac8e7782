"""Read a listing whose rows are data, not links in the HTML: XML records in a script block.

Some government CMSs ship a column's rows inside the page as XML for a script to draw:

    <script type="text/xml"><datastore>
      <nextgroup><![CDATA[<a href="/list/proxy.jsp?webid=1&columnid=7"></a>]]></nextgroup>
      <recordset><record><![CDATA[<li><a href="/art/…">headline</a>
        <span>2020-03-20</span></li>]]></record>…

and page it through an endpoint asked for rows `startrecord` to `endrecord`, `perpage` a page,
which answers with the same `<datastore>` XML. Many pager scripts POST these as form fields
(`type: 'POST'`): the page says so (`posted`), and the crawl asks the endpoint that way. Each
record is one row of the column: its link and date are read from the record's own markup.
The endpoint is the `<nextgroup>` link (the parameters naming the column) or the one the
page's pager script names (`proxyUrl`, with the fields of its `ajaxParam`); the next request
starts after the last record read, and stops at the total the page or the answer gives.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from cleaners.links.linktext import anchor_text
from cleaners.links.listing import FULL_DATE
from cleaners.links.urls import canonicalize_url

DATASTORE = re.compile(r"<datastore\b", re.I)  # a page or an answer holding records
RECORD = re.compile(r"<record\b[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</record>", re.I | re.S)
NEXT_GROUP = re.compile(
    r"<nextgroup\b[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</nextgroup>", re.I | re.S
)
HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)
TOTAL = re.compile(r"""(?:totalRecord|<totalrecord>)\s*[:=]?\s*["']?(\d+)""", re.I)  # rows in all
PER_PAGE = re.compile(r"""perPage\s*[:=]\s*["']?(\d+)""", re.I)  # the pager script's page size
PROXY = re.compile(r"""proxyUrl\s*[:=]\s*["']([^"']+)["']""", re.I)  # its endpoint, when named
AJAX_PARAMS = re.compile(r"ajaxParams?\s*:\s*\{([^{}]*)\}", re.I)  # the fields the pager sends
PARAM = re.compile(r"""["']?(\w+)["']?\s*:\s*(?:"([^"]*)"|'([^']*)'|([\w.-]+))""")  # key: value
POSTED = re.compile(r"""\b(?:type|method)\s*[:=]\s*["']post["']""", re.I)  # the pager POSTs
RANGE_KEYS = ("startrecord", "endrecord", "perpage")  # the endpoint's row-range parameters
PAGE_KEY = "page"  # a page number the endpoint link may carry besides the range
DEFAULT_PER_PAGE = 15  # the pager's page size when the page does not say
MAX_RECORDS = 5000  # records read from one page or answer: a column page, not a database


@dataclass(frozen=True, slots=True)
class Entry:
    """One article of a list read from data: its URL, headline and date when shown."""

    url: str
    text: str
    date: date | None = None


@dataclass(frozen=True, slots=True)
class RecordList:
    """The records of a page or endpoint answer, and the endpoint URL of the next rows."""

    entries: tuple[Entry, ...]
    next_url: str | None = None
    posted: bool = False  # the page's script asks its endpoint by POST, the range as form fields


def read_record_list(text: str, url: str) -> RecordList | None:
    """Return the XML records a page or answer holds, None when it holds no datastore."""
    if DATASTORE.search(text) is None:
        return None
    records = [
        m.group(1) or html.unescape(m.group(2) or "")  # escaped markup when not in CDATA
        for m in RECORD.finditer(text)
    ][:MAX_RECORDS]
    entries = {e.url: e for e in (_entry(r, url) for r in records) if e is not None}
    posted = POSTED.search(text) is not None
    return RecordList(tuple(entries.values()), _next_url(text, url, len(records)), posted)


def is_range_endpoint(url: str) -> bool:
    """Tell whether a URL asks a record endpoint for a range of rows."""
    keys = {k.lower() for k, _ in parse_qsl(urlsplit(url).query)}
    return all(key in keys for key in RANGE_KEYS)


def range_form(url: str) -> tuple[tuple[str, str], ...]:
    """Return a range endpoint URL's parameters as the form fields its pager POSTs."""
    return tuple(parse_qsl(urlsplit(url).query))


def _entry(record: str, base: str) -> Entry | None:
    """Return the link of one record with its headline and the date the record shows."""
    tree = LexborHTMLParser(record)
    best: tuple[str, str] | None = None
    for anchor in tree.css("a[href]"):
        target = canonicalize_url(anchor.attributes.get("href") or "", base)
        text = anchor_text(anchor)
        if target and (best is None or len(text) > len(best[1])):
            best = (target, text)
    if best is None:
        return None
    shown = FULL_DATE.search(" ".join((tree.text(deep=True) or "").split()))
    return Entry(best[0], best[1], _date(shown) if shown else None)


def _date(match: re.Match[str]) -> date | None:
    """Return the calendar day a FULL_DATE match spells, None when it is none."""
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _next_url(text: str, url: str, read: int) -> str | None:
    """Return the endpoint URL of the rows after those read, None when there are no more."""
    if read == 0:
        return None
    endpoint = _endpoint(text, url)
    if endpoint is None:
        return None
    params = dict(parse_qsl(urlsplit(url).query))
    start = int(params["startrecord"]) if params.get("startrecord", "").isdigit() else 1
    total = TOTAL.search(text)
    per_page = PER_PAGE.search(text)
    size = int(per_page.group(1)) if per_page else int(params.get("perpage") or DEFAULT_PER_PAGE)
    first = start + read
    if total is not None and first > int(total.group(1)):
        return None
    end = params.get("endrecord", "")
    if end.isdigit() and read < int(end) - start + 1:
        return None  # the endpoint gave fewer rows than asked: the last of them
    return _with_range(endpoint, first, first + max(size, 1) - 1, max(size, 1))


def _endpoint(text: str, url: str) -> str | None:
    """Return the endpoint named by the page: its <nextgroup> link or its pager's proxy URL."""
    group = NEXT_GROUP.search(text)
    if group is not None:
        href = HREF.search(group.group(1) or group.group(2) or "")
        if href is not None:
            return canonicalize_url(href.group(1).replace("&amp;", "&"), url)
    proxy = PROXY.search(text)
    if proxy is not None:
        endpoint = canonicalize_url(proxy.group(1), url)
        return _with_fields(endpoint, text) if endpoint else None
    if is_range_endpoint(url):
        return url  # an answer of the endpoint: the next rows come from it again
    return None


def _with_fields(endpoint: str, text: str) -> str:
    """Return the endpoint with the fields the pager script sends beside it (`ajaxParam`)."""
    sent = AJAX_PARAMS.search(text)
    if sent is None:
        return endpoint
    fields = [
        (m.group(1), next(g for g in m.groups()[1:] if g is not None))
        for m in PARAM.finditer(sent.group(1))
    ]
    parts = urlsplit(endpoint)
    query = urlencode([*parse_qsl(parts.query), *fields])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _with_range(endpoint: str, first: int, last: int, size: int) -> str:
    """Return the endpoint URL asking for rows first..last, its other parameters kept."""
    parts = urlsplit(endpoint)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() not in (*RANGE_KEYS, PAGE_KEY)]
    query = urlencode(
        [("startrecord", str(first)), ("endrecord", str(last)), ("perpage", str(size)), *kept]
    )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
