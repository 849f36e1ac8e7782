"""Measure how deep a page's elements nest without parsing it: the guard before any parser.

HTML parsers take time that grows faster than the page once elements nest thousands deep
(a 2.2 MB listing of 200,000 nested `<div>`s kept a parse busy for minutes). One pass of a
regular expression follows open and close tags the way a parser pairs them, closely enough
to bound the depth before a parser sees the page:

- void elements and those whose end tag HTML lets a page leave out (`<p>`, `<li>`, `<td>` …)
  are not counted, so a sloppy real page does not look deep;
- a close tag closes the latest open element of its name and everything opened after it, and
  is ignored when no such element is open (as a parser ignores it), so stray close tags do not
  hide depth;
- `<div/>` opens an element, as HTML parsers read it, except inside `<svg>` and `<math>`,
  where `/>` really closes; comments and the text of `<script>`/`<style>` are skipped.
"""

from __future__ import annotations

import re
from collections import Counter

# A comment, a raw-text element whole, or one tag: (close slash, name, self-closing slash).
TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>",
    re.S | re.I,
)
VOID = frozenset(  # never have content (WHATWG "void elements")
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
END_OPTIONAL = frozenset(  # a parser closes these by itself when the next one starts
    {"p", "li", "dt", "dd", "tr", "td", "th", "tbody", "thead", "tfoot", "option", "optgroup"}
    | {"rt", "rp", "colgroup", "caption"}
)
FOREIGN = frozenset({"svg", "math"})  # inside these `/>` closes an element
# 13 times the deepest of 216 real pages (39, median 15); far below the depth where a parse
# slows down (16,000 levels: 0.5 s) or a recursive tree walk meets Python's recursion limit
MAX_MARKUP_DEPTH = 512


def bytes_depth(body: bytes, limit: int = MAX_MARKUP_DEPTH) -> int:
    """Return markup_depth of undecoded bytes (tags are ASCII in every charset portals use)."""
    return markup_depth(body.decode("latin-1"), limit)


def markup_depth(html: str, limit: int = MAX_MARKUP_DEPTH) -> int:
    """Return how deep the page's elements nest, stopping early once past `limit`."""
    stack: list[str] = []
    open_names: Counter[str] = Counter()
    deepest = 0
    for token in TOKEN.finditer(html):
        name = (token.group(3) or "").lower()
        if not name or name in VOID or name in END_OPTIONAL:
            continue  # a comment, a script or style, or an element that does not nest
        if token.group(2):  # a close tag: close up to the latest open one of its name
            if open_names[name]:
                while (closed := stack.pop()) != name:
                    open_names[closed] -= 1
                open_names[name] -= 1
            continue
        if token.group(4) and any(open_names[root] for root in FOREIGN):
            continue  # self-closed inside foreign content
        stack.append(name)
        open_names[name] += 1
        deepest = max(deepest, len(stack))
        if deepest > limit:
            break
    return deepest
