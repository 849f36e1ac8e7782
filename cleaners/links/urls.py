"""URL rules of discovery: one canonical form per page, article-or-listing guesses, host checks."""

from __future__ import annotations

import posixpath
import re
from datetime import date
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

WEB_SCHEMES = frozenset({"http", "https"})  # javascript:, mailto:, ftp: are no pages
DEFAULT_PORTS = {"http": 80, "https": 443}  # an explicit default port names the same page
TRACKING_PARAMS = frozenset({"from", "spm"})  # share/referrer markers portals append to links
TRACKING_PREFIXES = ("utm_",)  # campaign tags: utm_source, utm_medium, ...
PATH_SAFE = "/%:@!$&'()*+,;=-._~"  # RFC 3986 pchar + "/": left as written; the rest %-encoded
QUERY_SAFE = PATH_SAFE + "?"  # query may also hold "?" literally
PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")  # one %XX escape; hex case is normalised
URL_NOISE = re.compile(r"[\t\n\r]")  # browsers drop tabs and line breaks inside an href
DUPLICATE_SLASHES = re.compile(r"/{2,}")  # "//a///b" is "/a/b" on every portal server
WWW_PREFIX = "www."  # www.example.cn and example.cn serve the same portal

# Article URL shapes seen on Chinese news and government portals, checked in order.
ARTICLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # TRS-style government pages: /xxgk/202003/t20200320_123456.html
    ("trs_t_date_id", re.compile(r"/t\d{8}_\d+\.s?html?$", re.I)),
    # content-id pages: /2020-03/20/content_123456.htm
    ("content_id", re.compile(r"/content_\d+\.s?html?$", re.I)),
    # date folder then a page: /2020-03/20/xxx.html, /2020-03-20/123.html
    (
        "dashed_date_dir",
        re.compile(r"/\d{4}-\d{1,2}(?:-\d{1,2})?/(?:\d{1,2}/)?[^/]*\d[^/]*\.s?html?$"),
    ),
    # month or day folder then a page with digits: /202003/20/abc123.html, /20200320/n123.shtml
    (
        "compact_date_dir",
        re.compile(r"/(?:19|20)\d{4}(?:\d{2})?/(?:\d{2}/)?[^/]*\d[^/]*\.s?html?$"),
    ),
    # year/month(day) folders: /2020/0320/c1234-5678.html, /2020/03/20/123.html, blog .aspx
    (
        "year_dirs",
        re.compile(r"/(?:19|20)\d{2}/\d{2,4}/(?:\d{2}/)?[^/]*\d[^/]*\.(?:s?html?|aspx?|php)$"),
    ),
    # two-digit-year day folders: /050404/346/2al02.html, /05/0425/08/1I606VE600020QGP.html
    (
        "short_date_dir",
        re.compile(
            r"/(?:\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])|\d{2}/(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01]))"
            r"/(?:\d+/)?[0-9A-Za-z_-]*\d[0-9A-Za-z_-]*\.s?html?$"
        ),
    ),
    # CMS article pages: /art/2020/3/20/art_12_345.html
    ("art_id", re.compile(r"/art_\d+_\d+\.s?html?$", re.I)),
    # .shtml page named by a long number: /n224643115.shtml
    ("shtml_digits", re.compile(r"/[^/]*\d{4,}[^/]*\.shtml$", re.I)),
    # dynamic detail pages: detail.asp?id=12, show.php?newsid=3, view.jsp?articleId=9
    (
        "detail_query_id",
        re.compile(
            r"/[^/]*(?:detail|show|view|article|content|news|info|read|more|display|doc)[^/]*"
            r"\.(?:asp|aspx|php|jsp|do|action|html?)\?(?:[^#]*&)?\w*id=\d+",
            re.I,
        ),
    ),
    # a page named by a long number alone: /123456.html, /a/123456.htm
    ("numeric_page", re.compile(r"/\d{5,}\.s?html?$")),
)

# Listing, index and column pages: never articles, whatever the patterns above say.
LISTING_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("index_page", re.compile(r"/(?:index|default|home|main)(?:_\d+)?\.\w+$", re.I)),
    ("list_page", re.compile(r"/[^/]*list[^/]*\.\w+(?:\?.*)?$", re.I)),
    ("node_column", re.compile(r"/(?:node|col|column|channel)_?\d+(?:_\d+)?\.s?html?$", re.I)),
    ("page_query", re.compile(r"[?&](?:page|pageno|pn|pageindex|p)=\d+", re.I)),
    ("directory", re.compile(r"/$")),
)

# Dates written in URLs, most specific first: t20200320_, /2020-03/20/, /20200320/, /202003/20/.
URL_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+"),
    re.compile(r"/((?:19|20)\d{2})-(\d{1,2})[-/](\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})/(\d{2})/"),
    re.compile(r"/((?:19|20)\d{2})/(\d{2})/?(\d{2})/"),
)


def canonicalize_url(url: str, base: str | None = None) -> str | None:
    """Return the canonical form of a (possibly relative) URL, or None if it is no web page."""
    url = URL_NOISE.sub("", url.strip())
    if not url:
        return None
    joined = urljoin(base, url) if base else url
    try:
        parts = urlsplit(joined)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in WEB_SCHEMES or not host:
        return None
    netloc = _netloc(host, port, scheme)
    return urlunsplit((scheme, netloc, _path(parts.path), _query(parts.query), ""))


def _netloc(host: str, port: int | None, scheme: str) -> str:
    """Build a lower-case host with the port only when it is not the default one.

    User and password are left out: a page cannot make the crawler send credentials, and a
    password in a link never reaches a record or a WARC.
    """
    netloc = host.lower()
    if ":" in netloc:  # IPv6 literal
        netloc = f"[{netloc}]"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    return netloc


def _path(path: str) -> str:
    """Collapse slashes, resolve dot segments and normalise %-escapes of a path."""
    path = DUPLICATE_SLASHES.sub("/", path or "/")
    trailing = path.endswith("/")
    path = posixpath.normpath(path) if path not in ("", "/") else "/"
    path = path.lstrip("/")
    path = "/" + path if path not in ("", ".") else "/"
    if trailing and not path.endswith("/"):
        path += "/"
    return _escape(path, PATH_SAFE)


def _query(query: str) -> str:
    """Drop tracking parameters, keep the rest in their order and spelling."""
    kept = [p for p in query.split("&") if p and not _is_tracking(p.split("=", 1)[0])]
    return _escape("&".join(kept), QUERY_SAFE)


def _is_tracking(name: str) -> bool:
    """Tell whether a query parameter only marks where a click came from."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _escape(text: str, safe: str) -> str:
    """Percent-encode what must be, with upper-case hex in existing escapes."""
    text = PERCENT_ESCAPE.sub(lambda m: m.group(0).upper(), text)
    return quote(text, safe=safe)


def host_of(url: str) -> str:
    """Return the lower-case host of a URL ('' when it has none)."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def _bare(host: str) -> str:
    """Return a host without its leading 'www.'."""
    return host[len(WWW_PREFIX) :] if host.startswith(WWW_PREFIX) else host


def source_hosts(urls: tuple[str, ...] | list[str], extra: tuple[str, ...] = ()) -> frozenset[str]:
    """Return the hosts a source may be crawled on: those of its start URLs plus extras."""
    hosts = {host_of(u) for u in urls} | {h.strip().lower() for h in extra}
    return frozenset(h for h in hosts if h)


def on_hosts(url: str, hosts: frozenset[str]) -> bool:
    """Tell whether a URL is on one of the hosts ('*.example.cn' allows subdomains)."""
    host = _bare(host_of(url))
    if not host:
        return False
    for allowed in hosts:
        if allowed.startswith("*."):
            suffix = allowed[2:]
            if host == _bare(suffix) or host.endswith("." + suffix):
                return True
        elif host == _bare(allowed):
            return True
    return False


def listing_pattern(url: str) -> str | None:
    """Return the name of the listing-page pattern a URL matches, if any."""
    path_and_query = _path_and_query(url)
    return next((name for name, rx in LISTING_PATTERNS if rx.search(path_and_query)), None)


def article_pattern(url: str) -> str | None:
    """Return the name of the article-URL pattern a URL matches, None for listings and others."""
    if listing_pattern(url) is not None:
        return None
    path_and_query = _path_and_query(url)
    return next((name for name, rx in ARTICLE_PATTERNS if rx.search(path_and_query)), None)


def _path_and_query(url: str) -> str:
    """Return the path (plus '?query' when present) of a URL."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def url_date(url: str) -> date | None:
    """Return the publication date a URL spells out (t20200320_, /2020-03/20/), if any."""
    path = urlsplit(url).path
    for rx in URL_DATE_PATTERNS:
        match = rx.search(path)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None
