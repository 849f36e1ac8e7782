"""Template lines of one site: lines its pages repeat (slogans, footers, column blurbs).

Pure counting: the caller gathers the matching keys of each page's lines (cleaners.text.repair
.matching_key) and gets back the keys to put in SiteRules.template_lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from cleaners.text.repair import matching_key

MIN_PAGES = 5  # fewer pages than this and a shared line may be coincidence (one event twice)
MIN_SHARE = 0.5  # a line on at least this share of a site's pages is part of its template
MIN_KEY_CHARS = 2  # single characters (bullets, numbers) are left to the line rules


def line_keys(lines: Iterable[str]) -> frozenset[str]:
    """Return the matching keys of one page's lines, the unit template_keys counts."""
    return frozenset(key for key in map(matching_key, lines) if len(key) >= MIN_KEY_CHARS)


def template_keys(
    pages: Sequence[Iterable[str]],
    *,
    min_pages: int = MIN_PAGES,
    min_share: float = MIN_SHARE,
) -> frozenset[str]:
    """Return the line keys seen on at least `min_share` of at least `min_pages` pages."""
    if len(pages) < min_pages:
        return frozenset()
    counts: Counter[str] = Counter()
    for keys in pages:
        counts.update({key for key in keys if len(key) >= MIN_KEY_CHARS})
    needed = max(2, min_share * len(pages))
    return frozenset(key for key, seen in counts.items() if seen >= needed)
