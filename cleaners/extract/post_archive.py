"""Find the first post of a page that prints several whole posts, one after another.

A blog's front page or month archive repeats one entry per post: a short headline, a line
holding only the post's date and time, then the post's paragraphs. Without a headline of the
page to anchor on, the richest run of prose spans several posts; the article is the first
complete one, so the run is cut where the next entry's headline begins.

Forum threads also repeat a name and a time per post, but they are read before this (see
`thread.py`), and their posters repeat while each post of an archive has its own headline.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from cleaners.extract.interruptions import BARE_STAMP
from cleaners.extract.page_lines import SPACES, PageLine, line_score

MIN_ENTRIES = 3  # two dated entries may be an article and its update; three repeat a pattern
ENTRY_HEADLINE_CHARS = 60  # a post's headline is short; a longer line above a stamp is prose
ENTRY_HEAD_LINES = 2  # an entry opens with its headline and its date-time line
MIN_ENTRY_SCORE = 60  # each entry holds at least a real sentence (~70 characters) of its own


def _entry_heads(lines: Sequence[PageLine], start: int, end: int) -> list[int]:
    """Return the headline lines in [start, end) that a bare date-time line follows."""
    heads = []
    for index in range(max(start, 1), end):
        if not BARE_STAMP.match(lines[index].text.strip()):
            continue
        headline = SPACES.sub("", lines[index - 1].text)
        if headline and len(headline) <= ENTRY_HEADLINE_CHARS:
            heads.append(index - 1)
    return heads


def _distinct(lines: Sequence[PageLine], heads: Sequence[int]) -> bool:
    """Tell headlines of posts (each its own) from the names of posters (which repeat)."""
    texts = [SPACES.sub("", lines[i].text) for i in heads]
    return len(set(texts)) == len(texts)


def _own_prose(lines: Sequence[PageLine], start: int, end: int) -> int:
    """Return the prose score of lines [start, end): what their paragraphs add to a run."""
    scores = (line_score(line.text, line.linked, False) for line in lines[start:end])
    return sum(score for score in scores if score > 0)


def archive_entries(lines: Sequence[PageLine], start: int, end: int) -> list[int]:
    """Return the headline lines of the posts that lines [start, end) print one after another.

    The entry that opens the span may head it from just above (its headline and stamp).
    Empty when the span is no archive: fewer than MIN_ENTRIES dated entries with prose of
    their own, a first entry without prose, or headlines that repeat (posters' names).
    """
    above = _entry_heads(lines, max(start - ENTRY_HEAD_LINES, 0), start)[-1:]
    entries = above + _entry_heads(lines, start, end)
    if len(entries) < MIN_ENTRIES or not _distinct(lines, entries):
        return []
    bounds = [*entries, end]
    owns = [_own_prose(lines, max(a, start), b) for a, b in pairwise(bounds)]
    if owns[0] < MIN_ENTRY_SCORE or sum(own >= MIN_ENTRY_SCORE for own in owns) < MIN_ENTRIES:
        return []
    return entries


def first_post(lines: Sequence[PageLine]) -> tuple[int, int] | None:
    """Return the lines [start, end) of the first post when the page is an archive of posts."""
    entries = archive_entries(lines, 0, len(lines))
    if not entries:
        return None
    return entries[0] + ENTRY_HEAD_LINES, entries[1]
