"""Read listing pages, feeds and sitemaps: their article links and where the next page is."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, replace
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Literal
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.links.announced import announced_feeds, script_endpoints
from cleaners.links.jsonlist import looks_json, read_json_list
from cleaners.links.linkfamily import Choice, Reason, choose_articles
from cleaners.links.listing import PageLinks, read_blocks
from cleaners.links.recordlist import RecordList, read_record_list
from cleaners.links.urls import canonicalize_url, listing_pattern, on_hosts, url_date
from cleaners.text.decode import decode_html
from flows.net.portscope import DEFAULT_PORT, on_ports

PageKind = Literal["html", "rss", "atom", "sitemap", "sitemapindex", "json"]

NEXT_TEXTS = frozenset(
    {"下一页", "下页", "后一页", "下一頁", "next", "next page", "»", "›", ">", ">>"}
)
PAGINATION_HREF = re.compile(  # page N of a listing: index_2.html, list_3.shtml, ?page=2, /page/2/
    r"(?:/(?:index|list|default)[_-]\d+\.\w+$|[?&](?:page|pageno|pn|pageindex|p)=\d+|/page/\d+/?$)",
    re.I,
)
PAGE_NUMBER_TEXT = re.compile(r"^\[?(\d{1,4})\]?$")  # "2", "[3]" in a pager
TRS_PAGER = (
    re.compile(  # createPageHTML(total, current, "index", "html"): a common CMS pager script
        r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,"
        r"\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
    )
)
# a pager script's page count is the page's word: past this many, pages are not listed (a
# column of 15 rows a page lists 30,000 articles; a count of 10**9 would stall the parse)
MAX_SCRIPT_PAGES = 2000
ITEM_TAGS = frozenset({"li", "tr", "dd", "dt", "p", "article"})  # one row of a listing
ITEM_DEPTH = 4  # how far up from a link to look for its listing row
DATE_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
XML_SNIFF = 512  # bytes looked at to tell a feed or sitemap from HTML
XML_ROOTS = re.compile(rb"<(?:\w+:)?(rss|feed|urlset|sitemapindex|RDF)[\s>]")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")  # names the charset we decoded away
GZIP_MAGIC = b"\x1f\x8b"  # sitemap.xml.gz served as a file
MAX_XML_BYTES = 50_000_000  # cap on an unzipped sitemap (the protocol allows 50 MB)


@dataclass(frozen=True, slots=True)
class Link:
    """One article link of a listing, with the date the listing or URL shows, and its reason."""

    url: str
    text: str = ""
    date: date | None = None
    reason: Reason = "url_shape"


@dataclass(frozen=True, slots=True)
class LinkRules:
    """What a source may follow: its hosts and ports, and its article regex (heuristics if None)."""

    hosts: frozenset[str]
    article: re.Pattern[str] | None = None
    ports: frozenset[int] = frozenset({DEFAULT_PORT})  # portscope: the scheme's own by default

    def covers(self, url: str) -> bool:
        """Tell whether a URL is in the source's scope: on one of its hosts and its ports."""
        return on_hosts(url, self.hosts) and on_ports(url, self.ports)


@dataclass(frozen=True, slots=True)
class Listing:
    """What one listing page, feed or sitemap leads to, in document order."""

    url: str
    kind: PageKind
    articles: tuple[Link, ...] = ()
    pages: tuple[str, ...] = ()  # more listings: pagination links, child sitemaps
    next_page: str | None = None
    numbered: tuple[tuple[int, str], ...] = ()  # (page number shown, URL) of pager links
    links: PageLinks | None = None  # an HTML listing's link blocks, to compare across pages
    refused: tuple[tuple[str, int], ...] = ()  # links not taken, by reason
    columns: tuple[str, ...] = ()  # column pages a front page's article blocks lead to
    feeds: tuple[str, ...] = ()  # feeds it announces; list endpoints its script calls
    posted: bool = False  # its pager asks the next rows by POST (a record endpoint's script)


def parse_page(
    body: bytes, url: str, rules: LinkRules, *, content_type: str | None = None
) -> Listing:
    """Parse a fetched listing: a feed or sitemap when XML, a list when JSON, else a page."""
    if body[:2] == GZIP_MAGIC:
        body = _gunzip(body)
    if looks_json(body, content_type):
        data = read_json_list(decode_html(body, content_type).text, url)
        if data is not None:
            return data_listing(data, canonicalize_url(url) or url, rules, "json", "json_list")
    if _looks_xml(body, content_type):
        listing = parse_xml_listing(body, url, rules)
        if listing is not None:
            return listing
    return parse_html_listing(decode_html(body, content_type).text, url, rules)


def _gunzip(body: bytes) -> bytes:
    """Unzip a gzipped body up to the size cap; damaged bytes give what was read."""
    try:
        out = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(body, MAX_XML_BYTES)
    except zlib.error:
        return b""
    return out


def _looks_xml(body: bytes, content_type: str | None) -> bool:
    """Tell a feed or sitemap from an HTML page by its root element."""
    head = body[:XML_SNIFF].lstrip()
    if head.lower().startswith((b"<!doctype html", b"<html")):
        return False
    return XML_ROOTS.search(head) is not None or "xml" in (content_type or "").lower()


def parse_html_listing(html: str, url: str, rules: LinkRules) -> Listing:
    """Collect a listing page's article links, pagination links and next page in order.

    A page (or an endpoint's answer) whose rows are XML records is read by its records.
    """
    records = read_record_list(html, url)
    if records is not None and records.entries:
        return data_listing(records, canonicalize_url(url) or url, rules, "html", "xml_list")
    tree = LexborHTMLParser(html)
    base_node = tree.css_first("base[href]")
    base = canonicalize_url(base_node.attributes.get("href") or "", url) if base_node else None
    base = base or url
    here = canonicalize_url(url) or url
    candidates: list[tuple[LexborNode, str]] = []
    pages: dict[str, None] = {}
    numbered: dict[int, str] = {}
    next_page: str | None = None
    for anchor in tree.css("a[href]"):
        target = canonicalize_url(anchor.attributes.get("href") or "", base)
        if target is None or target == here or not rules.covers(target):
            continue
        text = _anchor_text(anchor)
        if text.lower() in NEXT_TEXTS:
            next_page = next_page or target
            pages.setdefault(target)
        elif _is_pagination(target, here, text):
            pages.setdefault(target)
            number = PAGE_NUMBER_TEXT.match(text)
            if number:
                numbered.setdefault(int(number.group(1)), target)
        else:
            candidates.append((anchor, target))
    script_pages = _script_pager(tree, base, rules)
    if script_pages:
        numbered = {**dict(script_pages[1]), **numbered}
        next_page = next_page or script_pages[0]
        if script_pages[0]:
            pages.setdefault(script_pages[0])
    listing = Listing(here, "html", (), tuple(pages), next_page, tuple(sorted(numbered.items())))
    if rules.article is not None:
        listing = replace(listing, articles=_configured(candidates, rules.article))
    else:
        links = read_blocks(here, candidates)
        listing = with_choice(replace(listing, links=links), choose_articles(links))
    return replace(listing, feeds=_announced(tree, base, rules, not listing.articles))


def _announced(tree: LexborHTMLParser, base: str, rules: LinkRules, empty: bool) -> tuple[str, ...]:
    """Return the feeds a page announces and, when its HTML lists nothing, its script's lists."""
    named = announced_feeds(tree, base) + (script_endpoints(tree, base) if empty else [])
    return tuple(dict.fromkeys(u for u in named if rules.covers(u)))


def data_listing(
    data: RecordList, here: str, rules: LinkRules, kind: PageKind, reason: Reason
) -> Listing:
    """Return the listing of entries read from data (XML records, JSON), in scope only."""
    links: dict[str, Link] = {}
    for entry in data.entries:
        if entry.url in links or not rules.covers(entry.url):
            continue
        if rules.article is not None and not rules.article.search(entry.url):
            continue
        why: Reason = "configured" if rules.article is not None else reason
        links[entry.url] = Link(entry.url, entry.text, entry.date or url_date(entry.url), why)
    after = data.next_url if data.next_url and rules.covers(data.next_url) else None
    pages = (after,) if after else ()
    return Listing(here, kind, tuple(links.values()), pages, after, posted=data.posted)


def with_choice(listing: Listing, choice: Choice) -> Listing:
    """Return a listing whose article links are those a structural choice found."""
    articles = tuple(Link(f.url, f.text, f.date or url_date(f.url), f.reason) for f in choice.found)
    return replace(listing, articles=articles, refused=choice.refused, columns=choice.columns)


def _configured(
    candidates: list[tuple[LexborNode, str]], article: re.Pattern[str]
) -> tuple[Link, ...]:
    """Return the links the source's article regex matches, first occurrence only."""
    articles: dict[str, Link] = {}
    for anchor, target in candidates:
        if target not in articles and article.search(target):
            date_seen = _row_date(anchor) or url_date(target)
            articles[target] = Link(target, _anchor_text(anchor), date_seen, "configured")
    return tuple(articles.values())


def _anchor_text(anchor: LexborNode) -> str:
    """Return the visible text of a link, or its title when it has none."""
    text = " ".join((anchor.text(deep=True) or "").split())
    return text or (anchor.attributes.get("title") or "").strip()


def _is_pagination(target: str, here: str, text: str) -> bool:
    """Tell a pager link: beside this listing, shaped like page N or labelled with a number."""
    if _directory(target) != _directory(here):
        return False
    return PAGINATION_HREF.search(target) is not None or (
        PAGE_NUMBER_TEXT.match(text) is not None and listing_pattern(target) is not None
    )


def _directory(url: str) -> str:
    """Return scheme, host and path up to the last slash."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rsplit('/', 1)[0]}/"


def _row_date(anchor: LexborNode) -> date | None:
    """Return the date written in the listing row of a link, if the row shows one."""
    node: LexborNode | None = anchor
    for _ in range(ITEM_DEPTH):
        if node is None:
            return None
        if node.tag in ITEM_TAGS:
            return _text_date(node.text(deep=True) or "")
        node = node.parent
    return None


def _text_date(text: str) -> date | None:
    """Return the first full date in a text."""
    match = DATE_IN_TEXT.search(text)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _script_pager(
    tree: LexborHTMLParser, base: str, rules: LinkRules
) -> tuple[str | None, tuple[tuple[int, str], ...]] | None:
    """Read a createPageHTML(total, current, name, ext) pager: next page and numbered pages,
    in the source's scope only."""
    for script in tree.css("script"):
        match = TRS_PAGER.search(script.text(deep=True) or "")
        if match is None:
            continue
        total, current, name, ext = int(match[1]), int(match[2]), match[3], match[4]
        numbered: list[tuple[int, str]] = []
        for n in range(1, min(total, MAX_SCRIPT_PAGES) + 1):
            page = canonicalize_url(f"{name}.{ext}" if n == 1 else f"{name}_{n - 1}.{ext}", base)
            if page is None or not rules.covers(page):
                break  # every page is named alike: one out of scope, all are
            numbered.append((n, page))
        nxt = numbered[current + 1][1] if current + 1 < len(numbered) else None
        return nxt, tuple(numbered)
    return None


def parse_xml_listing(body: bytes, url: str, rules: LinkRules) -> Listing | None:
    """Parse an RSS/Atom feed or a sitemap (index) with entities off; None if it is not one."""
    root = _parse_xml(body)
    if root is None:
        return None
    kind = _local(root.tag)
    here = canonicalize_url(url) or url
    if kind == "sitemapindex":
        children = (_child_text(e, "loc") for e in _children(root, "sitemap"))
        canonical = (canonicalize_url(u) for u in children if u)
        pages = tuple(dict.fromkeys(u for u in canonical if u and rules.covers(u)))
        return Listing(here, "sitemapindex", (), pages)
    if kind == "urlset":
        links = [_entry(e, "loc", "lastmod") for e in _children(root, "url")]
        return Listing(here, "sitemap", _links(links, rules, "sitemap"))
    if kind in ("rss", "RDF"):
        items = [
            _entry(e, "link", "pubDate", "date") for e in root.iter() if _local(e.tag) == "item"
        ]
        return Listing(here, "rss", _links(items, rules, "feed"))
    if kind == "feed":
        entries = [_atom_entry(e) for e in _children(root, "entry")]
        return Listing(here, "atom", _links(entries, rules, "feed"))
    return None


def _parse_xml(body: bytes) -> Element | None:
    """Parse XML with entities off; charsets expat lacks (gb2312, gbk) are transcoded first."""
    for attempt in (body, None):
        if attempt is None:
            text = XML_DECLARATION.sub("", decode_html(body).text, count=1)
            attempt = text.encode("utf-8")
        try:
            root: Element = fromstring(attempt, forbid_entities=True, forbid_external=True)
            return root
        except DefusedXmlException:  # a ValueError too: refuse, never retry
            return None
        except (ParseError, ValueError):  # ValueError: "multi-byte encodings are not supported"
            continue
    return None


def _local(tag: str) -> str:
    """Return an XML tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _children(root: Element, name: str) -> list[Element]:
    """Return the direct children of an element with a local name."""
    return [e for e in root if _local(e.tag) == name]


def _child_text(element: Element, *names: str) -> str | None:
    """Return the stripped text of the first child called one of `names`."""
    for child in element:
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def _entry(element: Element, link: str, *dates: str) -> tuple[str | None, date | None]:
    """Return (link, date) of a sitemap url or feed item."""
    return _child_text(element, link), _xml_date(_child_text(element, *dates))


def _atom_entry(entry: Element) -> tuple[str | None, date | None]:
    """Return (alternate link, date) of an Atom entry."""
    href = None
    for child in entry:
        if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
            href = child.get("href")
            break
    return href, _xml_date(_child_text(entry, "published", "updated"))


def _xml_date(raw: str | None) -> date | None:
    """Read an ISO 8601 (W3C) or RFC 822 date of a feed or sitemap."""
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        return None


def _links(
    entries: list[tuple[str | None, date | None]], rules: LinkRules, kind: Reason
) -> tuple[Link, ...]:
    """Keep the entries on the source's hosts that are articles, first occurrence only."""
    out: dict[str, Link] = {}
    for raw, when in entries:
        url = canonicalize_url(raw) if raw else None
        if url is None or url in out or not rules.covers(url):
            continue
        if rules.article is not None and not rules.article.search(url):
            continue
        if rules.article is None and kind == "sitemap" and listing_pattern(url) is not None:
            continue  # sitemaps list column pages too; feeds list articles only
        reason: Reason = "configured" if rules.article is not None else kind
        out[url] = Link(url, "", when or url_date(url), reason)
    return tuple(out.values())
