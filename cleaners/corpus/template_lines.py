"""Template lines of one site: lines its pages repeat (slogans, footers, column blurbs).

The keys of each page's lines (cleaners.text.repair.matching_key) and the thresholds that make
a key a template line; flows/store/templates.py counts them per site across runs.
"""

from __future__ import annotations

from collections.abc import Iterable

from cleaners.text.repair import matching_key

MIN_PAGES = 5  # fewer pages than this and a shared line may be coincidence (one event twice)
MIN_SHARE = 0.5  # a line on at least this share of a site's pages is part of its template
MIN_KEY_CHARS = 2  # single characters (bullets, numbers) are left to the line rules


def line_keys(lines: Iterable[str]) -> frozenset[str]:
    """Return the matching keys of one page's lines, the unit a site's template counts."""
    return frozenset(key for key in map(matching_key, lines) if len(key) >= MIN_KEY_CHARS)
