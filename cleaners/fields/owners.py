"""Authors a page names by where it prints them, not by a label.

A personal site's copyright notice names its owner (`Copyright © 某某`), who writes its posts;
old portals open a headline with its author's name (`某某：篇名`) and print that name alone on
the line under it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cleaners.fields import chrome
from cleaners.fields.bylines import BYLINE_MARK_RE, NOBODY, SELF_SOURCES, is_organisation
from cleaners.fields.names import looks_like_name, standalone_name

# What a copyright notice says besides its holder: the words, the sign, years, punctuation.
COPYRIGHT_WORDS_RE = re.compile(
    r"copyright|版权所有|all\s*rights\s*reserved|©|\(c\)|\d{4}(?:\s*[-–—]\s*\d{4})?|[\s.,，:：\-–—]",
    re.I,
)
MAX_COPYRIGHT_CHARS = 40  # a notice naming one person is short; longer ones name companies
# A headline opening with its author's name and a colon (`某某：篇名`).
HEADLINE_CREDIT_RE = re.compile(r"^\s*(?P<name>[^\s:：，,。!?！？“”\"']{2,8})\s*[:：]")


def copyright_holder(line: str) -> str | None:
    """Return the person a copyright notice names as the site's holder (`Copyright © 某某`)."""
    if len(line) > MAX_COPYRIGHT_CHARS or not chrome.COPYRIGHT_RE.search(line):
        return None
    holder = COPYRIGHT_WORDS_RE.sub("", line)
    person = holder != line and looks_like_name(holder) and not is_organisation(holder)
    return holder if person else None


def site_owners(lines: Iterable[str]) -> tuple[str, ...]:
    """Return the people the page's copyright notices name: a personal site's owner."""
    found = (copyright_holder(line) for line in lines)
    return tuple(dict.fromkeys(name for name in found if name))


def headline_credit(title: str) -> str | None:
    """Return the name a headline opens with before a colon (`某某：篇名`), if any."""
    match = HEADLINE_CREDIT_RE.match(title)
    return match.group("name") if match else None


def under_headline_name(line: str, title: str) -> str | None:
    """Return the author printed alone on the line under the headline.

    A personal name passes; any other short word only when the headline itself opens with it
    (`某某：篇名` over `某某`): a badge or a control word stands there too (原创, 关闭).
    """
    word = BYLINE_MARK_RE.sub("", line).strip(" \u3000")  # print-style `■ 某某` too
    if word in NOBODY or word in SELF_SOURCES or chrome.line_chrome(word) is not None:
        return None
    return standalone_name(word) or (word if word == headline_credit(title) else None)
