"""A page's lines as the thread reader sees them: each line's facts and each element's kind.

A line is chrome of a post when it is mostly link text (a user name, a button) or a stamp (a
date, time, count or floor number); a short dated line is a post's time row. A link printing
its own address (a URL a poster pasted) is text, not a link of the page's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from cleaners.extract.page_lines import SPACES, PageLine, element_kind

# A line that is only a date, time, count or floor number (`2021-03-05 10:12`, `#3`, `12`).
STAMP = re.compile(r"^[\d\s:：\-/.#()（）年月日时分秒点|·]*$")
# A short line holding a date is a post's time stamp (`2021年3月5日星期五 10点12分`, `发表于 …`).
DATED = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}"
    r"|\d+\s*(?:秒|分钟|小时|天|周|个月|年)前"
)
STAMP_LINE_CHARS = 40  # a dated line longer than this is a sentence that names a day
# A link printing its own address (a URL a poster pasted) is the post's text: no user link,
# no headline of a card.
ADDRESS = re.compile(r"(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef]+", re.I)


@dataclass(frozen=True, slots=True)
class LineFacts:
    """What the thread reader needs of one line, worked out once per page."""

    chars: int  # non-space characters
    own: int  # ... outside links
    linked: bool  # mostly link text: a user name, a button, a URL
    stamp: bool  # a date, time, count or floor number: `2021-03-05 10:12`, `#3`, `3 天前`
    dated: bool  # a short line holding a date: a post's time row (`某某 | 2024-01-06`)


class ThreadPage:
    """A page's lines and elements, with each line's facts and each element's kind."""

    def __init__(self, lines: Sequence[PageLine], elements: Sequence[LexborNode]) -> None:
        self.lines = lines
        self.elements = elements
        self.facts = [line_facts(line) for line in lines]
        self._kinds: dict[int, str] = {}

    def kind(self, element: int) -> str:
        """Return an element's tag and first class (`div.post-body`), by its id."""
        found = self._kinds.get(element)
        if found is None:
            found = self._kinds[element] = element_kind(self.elements[element - 1])
        return found

    def chrome(self, index: int) -> bool:
        """Tell a link-only, date-only or count-only line (a user name, a stamp)."""
        facts = self.facts[index]
        return facts.linked or facts.stamp


def line_facts(line: PageLine) -> LineFacts:
    """Return what the thread reader needs of one line."""
    chars = len(SPACES.sub("", line.text))
    dated = chars <= STAMP_LINE_CHARS and DATED.search(line.text) is not None
    addresses = sum(len(found) for found in ADDRESS.findall(line.text))
    linked = max(line.linked - addresses, 0)
    return LineFacts(
        chars=chars,
        own=chars - linked,
        linked=2 * linked > chars,
        stamp=dated or STAMP.match(line.text) is not None,
        dated=dated,
    )


__all__ = ["LineFacts", "ThreadPage", "line_facts"]
