"""The files an article links to (a `附件：` block, or links in the body): name, URL and type.

A link is an attachment when its URL (path, or a query value such as `?file=a.pdf`) or the
name it shows ends in a document or archive extension, which gives its type. The name is the
link's text as shown (its title, else the file name, when it shows none).
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.records import Attachment

EXTENSION = re.compile(r"\.(pdf|docx?|xlsx?|wps|ofd|zip|rar)\s*$", re.I)
MENTIONS_EXTENSION = re.compile(
    r"\.(?:pdf|docx?|xlsx?|wps|ofd|zip|rar)\b", re.I
)  # a cheap pre-check
WEB_SCHEMES = ("http", "https")
CHROME_TAGS = frozenset({"header", "footer", "nav", "aside"})  # page chrome, never the article's
# class or id words of chrome blocks: a file linked from a site's footer is on every page
CHROME_WORDS = re.compile(r"(?:^|[-_\s])(?:foot|nav|menu|header|sidebar|copyright)", re.I)
MAX_NAME_CHARS = 200  # a longer link text is a paragraph that happens to hold a link


def attachment_links(tree: LexborHTMLParser, url: str) -> tuple[Attachment, ...]:
    """Return the page's attachment links in page order, each URL once."""
    found: dict[str, Attachment] = {}
    for anchor in tree.css("a[href]"):
        href = anchor.attributes.get("href") or ""
        shown = " ".join((anchor.text(deep=True) or "").split())
        title = " ".join((anchor.attributes.get("title") or "").split())
        if not MENTIONS_EXTENSION.search(f"{href} {shown} {title}"):
            continue  # most links: told apart before their URL is resolved
        target = _absolute(url, href)
        if target is None or target in found:
            continue
        kind = _url_type(target) or name_type(shown) or name_type(title)
        if kind is None or _in_chrome(anchor):
            continue
        name = (shown if 0 < len(shown) <= MAX_NAME_CHARS else "") or title or _file_name(target)
        found[target] = Attachment(name=name, url=target, type=kind)
    return tuple(found.values())


def _in_chrome(anchor: LexborNode) -> bool:
    """Tell whether a link sits in the page's header, footer, navigation or sidebar."""
    node = anchor.parent
    while node is not None and node.tag not in ("body", "html"):
        marks = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if node.tag in CHROME_TAGS or CHROME_WORDS.search(marks):
            return True
        node = node.parent
    return False


def name_type(name: str) -> str | None:
    """Return the attachment type a file name's extension gives, None for other names."""
    found = EXTENSION.search(name)
    return found.group(1).lower() if found else None


def _absolute(base: str, href: str) -> str | None:
    """Return the absolute http(s) URL of a link without its fragment, None for others."""
    href = href.strip()
    if not href or href.lower().startswith(("javascript:", "mailto:", "#")):
        return None
    target = urljoin(base, href).split("#", 1)[0]
    return target if urlsplit(target).scheme in WEB_SCHEMES else None


def _url_type(url: str) -> str | None:
    """Return the type a URL's path or one of its query values names by extension."""
    parts = urlsplit(url)
    kind = name_type(unquote(parts.path))
    if kind is None:
        kind = next((k for _, v in parse_qsl(parts.query) if (k := name_type(v)) is not None), None)
    return kind


def _file_name(url: str) -> str:
    """Return the last path segment of a URL, unquoted, as a name of last resort."""
    return posixpath.basename(unquote(urlsplit(url).path)) or url
