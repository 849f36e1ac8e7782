"""The further pages of an article split over several: read from its pager, by general signals.

A pager is a run of page-number links (`2 3`, `第2页`, `[3]`) whose URLs are the article's own
URL with a numeric suffix: `t20240520_123.html` → `t20240520_123_1.html`, `index.html` →
`index_2.html`, `show?id=9` → `show?id=9&page=2`. The numbers shown give the order; when the
pager shows only a window of them and says how many there are (`共12页`), the pages it leaves
out are numbered the way the shown ones are.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from cleaners.links.urls import canonicalize_url

PAGE_NUMBER = re.compile(r"^\s*[\[【(（]?\s*(?:第\s*)?(\d{1,3})\s*页?\s*[\]】)）]?\s*$")
PAGE_COUNT = re.compile(r"共\s*(\d{1,3})\s*页")  # 共3页: how many pages the article has
MAX_PAGES = 50  # an article of more pages than this is a listing or a gallery, not a notice
SUFFIX_SEPARATORS = "_-"  # t123_2.html, index-2.html
NUMERIC = re.compile(r"^\d{1,4}$")


def article_parts(tree: LexborHTMLParser, url: str) -> tuple[str, ...]:
    """Return the URLs of an article's pages after the first, in order; () for one page."""
    numbered: dict[int, str] = {}
    for anchor in tree.css("a[href]"):
        shown = PAGE_NUMBER.match(anchor.text(deep=True) or "")
        target = _target(url, anchor.attributes.get("href") or "")
        if shown is None or target is None or target == url or _suffix(target, url) is None:
            continue
        numbered.setdefault(int(shown.group(1)), target)
    numbered.pop(1, None)  # page 1 is the article itself, whatever form its link takes
    if not numbered or sorted(numbered) != list(range(2, max(numbered) + 1)):
        return ()
    if len(set(numbered.values())) != len(numbered) or max(numbered) > MAX_PAGES:
        return ()
    return tuple(numbered[n] for n in sorted(numbered)) + _left_out(tree, url, numbered)


def _target(base: str, href: str) -> str | None:
    """Return the canonical absolute URL of a link, None when it is no web page."""
    if not href.strip() or href.strip().lower().startswith(("javascript:", "#", "mailto:")):
        return None
    return canonicalize_url(urljoin(base, href.strip()))


def _suffix(target: str, article: str) -> tuple[str, str, int] | None:
    """Return (prefix, suffix, number) when `target` is `article` with a page number added."""
    a, t = urlsplit(article), urlsplit(target)
    if (a.scheme, a.netloc) != (t.scheme, t.netloc):
        return None
    if a.path == t.path:
        return _query_suffix(a.query, t.query)
    folder, name = posixpath.split(a.path)
    stem, ext = posixpath.splitext(name)
    t_folder, t_name = posixpath.split(t.path)
    t_stem, t_ext = posixpath.splitext(t_name)
    if (folder, ext, a.query) != (t_folder, t_ext, t.query) or not t_stem.startswith(stem):
        return None
    rest = t_stem[len(stem) :]
    if len(rest) < 2 or rest[0] not in SUFFIX_SEPARATORS or not NUMERIC.match(rest[1:]):
        return None
    return f"{folder}/{stem}{rest[0]}", f"{ext}{'?' + t.query if t.query else ''}", int(rest[1:])


def _query_suffix(query: str, target_query: str) -> tuple[str, str, int] | None:
    """Return the page parameter's (prefix, suffix, number) when only it was added or changed."""
    base = dict(parse_qsl(query, keep_blank_values=True))
    pairs = parse_qsl(target_query, keep_blank_values=True)
    changed = [(k, v) for k, v in pairs if base.get(k) != v]
    if len(changed) != 1 or not NUMERIC.match(changed[0][1]):
        return None
    if {k for k, _ in pairs} - {changed[0][0]} != set(base):
        return None
    name, value = changed[0]
    return f"?{name}=", "", int(value)


def _left_out(tree: LexborHTMLParser, url: str, numbered: dict[int, str]) -> tuple[str, ...]:
    """Return the pages a windowed pager does not link, numbered like the ones it does."""
    count = PAGE_COUNT.search(tree.body.text(deep=True) if tree.body else "")
    last = max(numbered)
    if count is None or not last < int(count.group(1)) <= MAX_PAGES:
        return ()
    shapes = {(s[0], s[1], s[2] - n) for n in numbered if (s := _suffix(numbered[n], url))}
    if len(shapes) != 1:
        return ()
    prefix, suffix, delta = shapes.pop()
    parts = urlsplit(numbered[last])
    made = []
    for n in range(last + 1, int(count.group(1)) + 1):
        if prefix.startswith("?"):
            name = re.escape(prefix[1:])
            query = re.sub(rf"(^|&)({name})\d+", rf"\g<1>\g<2>{n + delta}", parts.query)
            made.append(f"{parts.scheme}://{parts.netloc}{parts.path}?{query}")
        else:
            made.append(f"{parts.scheme}://{parts.netloc}{prefix}{n + delta}{suffix}")
    return tuple(canonicalize_url(u) or u for u in made)
