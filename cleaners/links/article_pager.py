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

from cleaners.links.pager import numbered_page_url
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
        if shown is None:  # most links: told apart before their URL is resolved
            continue
        target = _target(url, anchor.attributes.get("href") or "")
        if target is None or target == url or not _is_page_of(target, url):
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


def _is_page_of(target: str, article: str) -> bool:
    """Tell whether `target` is `article`'s URL with a page number added to its name or query."""
    a, t = urlsplit(article), urlsplit(target)
    if (a.scheme, a.netloc) != (t.scheme, t.netloc):
        return False
    if a.path == t.path:
        return _page_parameter_added(a.query, t.query)
    folder, name = posixpath.split(a.path)
    stem, ext = posixpath.splitext(name)
    t_folder, t_name = posixpath.split(t.path)
    t_stem, t_ext = posixpath.splitext(t_name)
    if (folder, ext, a.query) != (t_folder, t_ext, t.query) or not t_stem.startswith(stem):
        return False
    rest = t_stem[len(stem) :]
    return len(rest) >= 2 and rest[0] in SUFFIX_SEPARATORS and bool(NUMERIC.match(rest[1:]))


def _page_parameter_added(query: str, target_query: str) -> bool:
    """Tell whether one numeric query parameter was added or changed, and nothing else."""
    base = dict(parse_qsl(query, keep_blank_values=True))
    pairs = parse_qsl(target_query, keep_blank_values=True)
    changed = [(k, v) for k, v in pairs if base.get(k) != v]
    if len(changed) != 1 or not NUMERIC.match(changed[0][1]):
        return False
    return {k for k, _ in pairs} - {changed[0][0]} == set(base)


def _left_out(tree: LexborHTMLParser, url: str, numbered: dict[int, str]) -> tuple[str, ...]:
    """Return the pages a windowed pager does not link, numbered like the ones it does."""
    count = PAGE_COUNT.search(tree.body.text(deep=True) if tree.body else "")
    last = max(numbered)
    if count is None or not last < int(count.group(1)) <= MAX_PAGES:
        return ()
    pairs = tuple(sorted(numbered.items()))
    made = [numbered_page_url(pairs, n) for n in range(last + 1, int(count.group(1)) + 1)]
    if any(u is None or not _is_page_of(u, url) for u in made):
        return ()
    return tuple(canonicalize_url(u) or u for u in made if u is not None)
