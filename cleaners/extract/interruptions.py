"""Find what interrupts or follows an article without being part of it: feeds and inset cards.

A feed (a "you may also like" stream, a list of other stories) repeats one sibling structure:
each card is a headline link to another page, a short snippet and a source/time line. The
lines of such cards are never the article's, wherever they sit.

An inset (an ad, a product card, an embedded "related article" card) is one small element
among the article's paragraphs: its lines are dropped and the article goes on after it.

In the body's text, a run of bare timestamps (teasers of other stories) or the closing
editor credit ends the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaners.extract.page_lines import SPACES, PageLine

MIN_CARDS = 3  # fewer stamped cards are a pair of links, not a feed
CARD_MAX_LINES = 8  # a card is a headline, a snippet, a source/time line and a few labels
CARD_MAX_CHARS = 400  # its snippet is 100-300 characters; a post or a section is longer
CARD_HEADLINE_CHARS = 8  # a headline link; shorter link texts are names, tags and buttons
# A card's source/time line: `某某日报 · 3 小时前`, `05-20 14:30`, `2024-05-20`, `昨天`.
CARD_STAMP = re.compile(
    r"\d+\s*(?:秒|分钟|分鐘|小时|小時|天|日|周|週|个月|個月)前|刚刚|剛剛|昨天|前天|"
    r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}|\d{1,2}[-/月]\d{1,2}日?\s+\d{1,2}:\d{2}"
)
STAMP_MAX_CHARS = 40  # a stamp line is short: a source and a time
INSET_MAX_LINES = 6  # an inset card is a label, a linked headline, a snippet: a few lines
MIN_RESUMED_SCORE = 60  # after an inset, at least a real sentence of the article goes on
# A line that is only a date and time (`2019-09-09 21:38:04`): the stamp of a list item.
BARE_STAMP = re.compile(r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$")
FEED_STAMPS = 3  # this many bare timestamps close together make a feed of teasers
FEED_SPAN = 12  # ... within this many lines (a headline, a summary and a stamp per item)
FEED_ITEM_LINES = 2  # the headline and summary above a stamp belong to its item
# A closing editor credit: `责任编辑：某某`, `（责编：某某）`, `责编|某某`.
EDITOR_CREDIT = re.compile(r"^[(（【\[]?\s*(?:责任编辑|责编|值班编辑)\s*[:：|｜]")


def _own(line: PageLine) -> int:
    return len(SPACES.sub("", line.text)) - line.linked


def _is_headline_link(line: PageLine) -> bool:
    return line.linked >= CARD_HEADLINE_CHARS and 2 * line.linked > len(SPACES.sub("", line.text))


def _is_stamp(line: PageLine) -> bool:
    return len(line.text) <= STAMP_MAX_CHARS and CARD_STAMP.search(line.text) is not None


def _children(lines: Sequence[PageLine]) -> dict[int, dict[int, list[int]]]:
    """Return, per element, its child elements in order with the lines each holds."""
    tree: dict[int, dict[int, list[int]]] = {}
    for index, line in enumerate(lines):
        for depth in range(len(line.path) - 1):
            kids = tree.setdefault(line.path[depth], {})
            kids.setdefault(line.path[depth + 1], []).append(index)
    return tree


def _is_card(lines: Sequence[PageLine], held: Sequence[int]) -> bool:
    if len(held) > CARD_MAX_LINES:
        return False
    if sum(max(_own(lines[i]), 0) for i in held) > CARD_MAX_CHARS:
        return False
    return any(_is_headline_link(lines[i]) for i in held)


def card_lines(lines: Sequence[PageLine]) -> frozenset[int]:
    """Return the lines of every feed: siblings that are cards, several of them stamped."""
    found: set[int] = set()
    for kids in _children(lines).values():
        if len(kids) < MIN_CARDS:
            continue
        cards = [held for held in kids.values() if _is_card(lines, held)]
        stamped = sum(1 for held in cards if any(_is_stamp(lines[i]) for i in held))
        if stamped >= MIN_CARDS:
            found.update(i for held in cards for i in held)
    return frozenset(found)


def inset_end(lines: Sequence[PageLine], scores: Sequence[int], at: int, end: int) -> int | None:
    """Return where the article resumes after an inset that begins at line `at`, or None.

    The inset is the element holding `at` among the siblings of the article's last paragraph
    before it; it is one when it is small and the article's paragraphs go on after it.
    """
    before = next((i for i in range(at - 1, -1, -1) if scores[i] > 0), None)
    if before is None:
        return None
    shared = 0
    for mine, theirs in zip(lines[before].path, lines[at].path, strict=False):
        if mine != theirs:
            break
        shared += 1
    if shared >= len(lines[at].path):
        return None  # the heading is no element of its own: nothing to step over
    inset = lines[at].path[shared]
    after = at
    while after < end and inset in lines[after].path:
        after += 1
    if after - at > INSET_MAX_LINES:
        return None
    parent = lines[at].path[:shared]
    resumed = 0
    for index in range(after, end):
        if lines[index].path[:shared] != parent:
            break
        resumed += scores[index]
        if resumed >= MIN_RESUMED_SCORE:
            return after
    return None


def feed_start(lines: Sequence[str]) -> int:
    """Return where a feed of dated teasers begins (len(lines) when there is none).

    Teasers of other stories repeat headline, summary and a bare timestamp; an article prints
    its own time once, above it. From the first of several close bare timestamps, the item it
    closes (its headline and summary) starts the feed.
    """
    stamps = [i for i, line in enumerate(lines) if BARE_STAMP.match(line.strip())]
    for first, third in zip(stamps, stamps[FEED_STAMPS - 1 :], strict=False):
        if third - first <= FEED_SPAN:
            return max(first - FEED_ITEM_LINES, 0)
    return len(lines)


def editor_end(lines: Sequence[str]) -> int:
    """Return where the article ends at its closing editor credit (len(lines) when it does not).

    `责任编辑：某某` in the second half closes the article; what follows it there is another
    story's teaser or the account's promotion. The credit line itself stays, to be read.
    """
    for index in range(len(lines) // 2, len(lines)):
        if EDITOR_CREDIT.match(lines[index].strip()):
            return index + 1
    return len(lines)


def cut_tail(lines: Sequence[str]) -> list[str]:
    """Return the body without a feed of teasers or what follows the closing editor credit."""
    return list(lines[: min(feed_start(lines), editor_end(lines))])
