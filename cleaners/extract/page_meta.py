"""Read a page's title, site name and metadata (dates, authors, language) from its markup."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.extract.page_lines import SPACES, is_hidden

# Title suffixes: `标题_栏目_站名`, `标题 - 站名`, `标题-站名`, `标题|站名`, `标题——站名`;
# a dash between letters (`SK-II`) is no separator.
TITLE_SUFFIX = re.compile(
    r"\s*(_+|::|\||(?<![A-Za-z0-9])[-–—]+|[-–—]+(?![A-Za-z0-9]))\s*([^_|\-–—]{1,30}?)\s*$"
)
MIN_TITLE_CHARS = 4  # a headline shorter than this after cutting is a site name, not a title
MAX_H1_CHARS = 120  # longer <h1> text is a page banner or the whole article
# Elements old pages set their headline in when they have no <h1> and a site-wide <title>.
EMPHASIS = "h1, h2, h3, h4, h5, h6, b, strong, [class*=title i], [id*=title i], [class*=headline i]"
# Other elements that hold a headline on pages whose <h1> is the site's banner.
HEADING_LIKE = "h2, h3, h4, h5, h6, [class*=title i], [id*=title i]"
MAX_EMPHASIS_CHARS = 60  # longer bold text is a lead paragraph, not a headline
HEADLINE_OVER_CUT = 2  # a heading this much longer than the cut <title> is the headline it cut
# Meta tags naming the publication time, best first.
META_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:release_date",
    "pubdate",
    "publishdate",
    "publish_date",
    "publishtime",
    "pubtime",
    "published_time",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "date",
    "firstpublishedtime",
    "dateupdate",  # last-edit times: used only when nothing names the publication
    "datemodified",
    "article:modified_time",
)
META_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "byl")
# JSON-LD keys under which other people's posts hang (answers, comments, reviews): their
# authors and dates are not the page's.
JSONLD_REPLY_KEYS = frozenset(
    {"comment", "suggestedAnswer", "acceptedAnswer", "review", "answer", "hasPart"}
)
# Microdata elements naming the author (their text, or the name inside them).
ITEMPROP_AUTHOR = "[itemprop=author]"
ITEMPROP_NAME = "[itemprop=name]"
MAX_ITEMPROP_AUTHORS = 3  # more author marks than this are a list of replies, not a byline
# A blog names its owner in its page titles: `篇名 - 某某的博客`, `某某的空间`, `某某的BLOG`.
BLOG_OWNER_RE = re.compile(
    r"(?:^|[\s_|｜\-–—:：,，])(?P<owner>[^\s_|｜\-–—:：,，]{2,16}?)的(?:博客|部落格|空间|专栏|日志|blog)",
    re.I,
)
# A blog platform's post title names the owner in the segment before the platform's name
# (`篇名_某某_某某博客`, `篇名-某某-某某blog`); the first segment, the post's, is never taken.
PLATFORM_OWNER_RE = re.compile(
    r"\S\s*[_|｜\-–—]\s*(?P<owner>[^\s_|｜\-–—]{2,16}?)\s*[_|｜\-–—]\s*"
    r"[^_|｜\-–—\s]{0,8}?(?:博客|部落格|blog)\s*$",
    re.I,
)
# JSON-LD keys that carry a publication date, in order of preference.
JSONLD_DATE_KEYS = ("datePublished", "dateCreated", "uploadDate", "pubDate")


def meta_content(tree: LexborHTMLParser) -> dict[str, str]:
    """Return the first content of each <meta> by name/property/itemprop/http-equiv, lowercased."""
    found: dict[str, str] = {}
    for meta in tree.css("meta"):
        attrs = meta.attributes
        key = (
            attrs.get("property")
            or attrs.get("name")
            or attrs.get("itemprop")
            or attrs.get("http-equiv")
        )
        value = attrs.get("content")
        if key and value and value.strip():
            found.setdefault(key.strip().lower(), value.strip())
    return found


def _text(node: LexborNode | None) -> str:
    if node is None:
        return ""
    return SPACES.sub(" ", node.text(deep=True, separator="")).strip()


def cut_title_suffix(title: str) -> tuple[str, str | None]:
    """Remove trailing `_栏目_站名` style segments; return the headline and the last one cut."""
    cut: str | None = None
    separator: str | None = None  # `_栏目_站名` repeats one; another separator is the title's
    while True:
        match = TITLE_SUFFIX.search(title)
        if not match or len(title[: match.start()].strip()) < MIN_TITLE_CHARS:
            return title.strip(), cut
        if separator not in (None, match.group(1)[0]):
            return title.strip(), cut
        separator = match.group(1)[0]
        cut = cut or match.group(2).strip() or None
        title = title[: match.start()]


def _key(text: str) -> str:
    return re.sub(r"\W", "", text).casefold()


def _headings(tree: LexborHTMLParser, selector: str, longest: int) -> list[str]:
    texts = (_text(node) for node in tree.css(selector))
    return [text for text in texts if MIN_TITLE_CHARS <= len(text) <= longest]


def title_candidates(tree: LexborHTMLParser) -> Iterator[str]:
    """Yield headline candidates: <h1> texts, og:title, then <title> (suffixes cut)."""
    yield from _headings(tree, "h1", MAX_H1_CHARS)
    meta = meta_content(tree)
    if meta.get("og:title"):
        yield cut_title_suffix(meta["og:title"])[0]
    yield cut_title_suffix(_text(tree.css_first("title")))[0]


def page_title(tree: LexborHTMLParser, selector: str | None = None) -> str:
    """Return the headline: a configured selector, a heading the <title> confirms, else <title>.

    A heading inside the uncut <title> much longer than what the cut left wins (`站名--标题`
    cuts the headline); then an <h1> inside the cut <title>, then another heading inside it.
    """
    if selector:
        chosen = _text(tree.css_first(selector))
        if chosen:
            return chosen
    candidates = [c for c in title_candidates(tree) if c]
    if not candidates:
        return ""
    stated = (_text(tree.css_first("title")), meta_content(tree).get("og:title", ""))
    cut = "".join(_key(cut_title_suffix(t)[0]) for t in stated)
    whole = "".join(_key(t) for t in stated)
    headings = [
        *_headings(tree, "h1", MAX_H1_CHARS),
        *_headings(tree, HEADING_LIKE, MAX_EMPHASIS_CHARS),
    ]
    shortest_cut = min((len(_key(cut_title_suffix(t)[0])) for t in stated if t), default=0)
    for candidate in headings:
        key = _key(candidate)
        if key and key in whole and len(key) > HEADLINE_OVER_CUT * shortest_cut:
            return candidate
    for candidate in headings:
        if _key(candidate) and _key(candidate) in cut:
            return candidate
    for candidate in candidates:
        if _key(candidate) and _key(candidate) in cut:
            return candidate
    return candidates[-1] if len(candidates[-1]) >= MIN_TITLE_CHARS else candidates[0]


def emphasized_texts(tree: LexborHTMLParser) -> list[str]:
    """Return short texts set as headings (h1-h4, bold, *title* classes): headline candidates."""
    found = []
    for node in tree.css(EMPHASIS):
        text = _text(node)
        if MIN_TITLE_CHARS <= len(text) <= MAX_EMPHASIS_CHARS:
            found.append(text)
    return found


def site_name(tree: LexborHTMLParser, url: str, configured: str | None) -> str:
    """Return the portal's name: configured, og:site_name, the <title> suffix, else the host."""
    if configured:
        return configured
    meta = meta_content(tree)
    if meta.get("og:site_name"):
        return meta["og:site_name"]
    suffix = cut_title_suffix(_text(tree.css_first("title")))[1]
    if suffix:
        return suffix
    return urlsplit(url).hostname or ""


def _jsonld_objects(tree: LexborHTMLParser) -> Iterator[dict[str, object]]:
    """Yield the JSON-LD objects of the page, leaving out replies hung under another post."""
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True) or "null")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(
                    v
                    for k, v in item.items()
                    if isinstance(v, list | dict) and k not in JSONLD_REPLY_KEYS
                )
                yield item


def meta_dates(tree: LexborHTMLParser) -> tuple[str, ...]:
    """Return publication dates stated in meta tags and JSON-LD, best first."""
    meta = meta_content(tree)
    found = [meta[key] for key in META_DATE_KEYS if key in meta]
    for obj in _jsonld_objects(tree):
        found.extend(str(obj[k]) for k in JSONLD_DATE_KEYS if isinstance(obj.get(k), str))
    return tuple(dict.fromkeys(found))


def _names(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        yield from _names(value.get("name"))
    elif isinstance(value, list):
        for item in value:
            yield from _names(item)


def hidden(node: LexborNode) -> bool:
    """Tell whether an element or one of its ancestors is hidden from readers."""
    current: LexborNode | None = node
    while current is not None and current.tag not in ("html", "body"):
        if is_hidden(current):
            return True
        current = current.parent
    return False


def _itemprop_authors(tree: LexborHTMLParser) -> list[str]:
    """Return the visible texts marked itemprop=author (one byline's worth at most)."""
    marked = [node for node in tree.css(ITEMPROP_AUTHOR) if not hidden(node)]
    if len(marked) > MAX_ITEMPROP_AUTHORS:
        return []
    names = []
    for node in marked:
        if node.tag == "meta":
            names.append(node.attributes.get("content") or "")
            continue
        inner = node.css_first(ITEMPROP_NAME)
        names.append(_text(inner) or _text(node))
    return names


def meta_authors(tree: LexborHTMLParser) -> tuple[str, ...]:
    """Return author names stated in meta tags, JSON-LD, microdata and a blog's title."""
    meta = meta_content(tree)
    found = [meta[key] for key in META_AUTHOR_KEYS if key in meta]
    for obj in _jsonld_objects(tree):
        found.extend(_names(obj.get("author")))
    found.extend(_itemprop_authors(tree))
    found.extend(blog_owners(tree))
    return tuple(dict.fromkeys(name.strip() for name in found if name and name.strip()))


def blog_owners(tree: LexborHTMLParser) -> list[str]:
    """Return the owner a blog names in its <title> or og:site_name (`某某的博客`, `_某某_博客`)."""
    stated = (_text(tree.css_first("title")), meta_content(tree).get("og:site_name", ""))
    owners = [match.group("owner") for text in stated for match in BLOG_OWNER_RE.finditer(text)]
    platform = PLATFORM_OWNER_RE.search(stated[0])
    return owners or ([platform.group("owner")] if platform else [])


def declared_lang(tree: LexborHTMLParser) -> str | None:
    """Return the primary subtag of <html lang> or content-language, if any."""
    html = tree.css_first("html")
    raw = (html.attributes.get("lang") if html else None) or meta_content(tree).get(
        "content-language"
    )
    primary = (raw or "").strip().lower().split("-")[0].split("_")[0]
    return primary or None
