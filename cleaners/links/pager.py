"""Listing page N from a pager's numbered links: the one number in their URLs that moves."""

from __future__ import annotations

import re
from itertools import pairwise

NUMBER_RUNS = re.compile(r"(\d+)")  # splits a URL into text and numbers, numbers kept


def numbered_page_url(numbered: tuple[tuple[int, str], ...], n: int) -> str | None:
    """Return the URL of listing page n from a pager's numbered links, extrapolating the slot."""
    known = dict(numbered)
    if n in known:
        return known[n]
    pairs = sorted(known.items())
    if not pairs or n < pairs[0][0]:  # page 1 is the start URL, often of another shape
        return None
    for (n1, u1), (n2, u2) in pairwise(pairs):
        slot = _number_slot(n1, u1, n2, u2)
        if slot is not None:
            prefix, offset, suffix = slot
            return f"{prefix}{n + offset}{suffix}" if n + offset >= 0 else None
    return None


def _number_slot(n1: int, u1: str, n2: int, u2: str) -> tuple[str, int, str] | None:
    """Find the one number in two pager URLs that moves with the page: (prefix, offset, suffix)."""
    t1, t2 = NUMBER_RUNS.split(u1), NUMBER_RUNS.split(u2)
    if len(t1) != len(t2):
        return None
    differing = [i for i, (a, b) in enumerate(zip(t1, t2, strict=True)) if a != b]
    if len(differing) != 1 or not t1[differing[0]].isdigit() or not t2[differing[0]].isdigit():
        return None
    i = differing[0]
    if int(t2[i]) - int(t1[i]) != n2 - n1:
        return None
    return "".join(t1[:i]), int(t1[i]) - n1, "".join(t1[i + 1 :])
