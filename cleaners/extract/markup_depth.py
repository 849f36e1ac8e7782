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

# On lowered text: a comment, a raw-text element whole, or one tag: (raw-text name, close
# slash, name, attributes). Unrolled loops, not `.*?`: a lazy dot tries the end at every
# character of a script, and this guard runs on every page before anything else
TOKEN = re.compile(
    r"<(?:!--[^-]*(?:-(?!->)[^-]*)*(?:-->)?"
    r"|(script|style)\b[^<]*(?:<(?!/\1\s*>)[^<]*)*(?:</\1\s*>)?"
    r"|(/?)([a-z][a-z0-9:-]*)([^>]*)>)"
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
FLAT = VOID | END_OPTIONAL
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
    markup = html[: html.rfind(">") + 1].lower()  # past the last `>` no tag ends: a page of
    # unclosed `<a<a<a…` would have every `<` scan to the end of the page, and fail, in turn
    for _, close, name, attributes in TOKEN.findall(markup):
        if not name or name in FLAT:
            continue  # a comment, a script or style, or an element that does not nest
        if close:  # a close tag: close up to the latest open one of its name
            if open_names[name]:
                while (closed := stack.pop()) != name:
                    open_names[closed] -= 1
                open_names[name] -= 1
            continue
        if attributes.endswith("/") and any(open_names[root] for root in FOREIGN):
            continue  # self-closed inside foreign content
        stack.append(name)
        open_names[name] += 1
        if len(stack) > deepest:
            deepest = len(stack)
            if deepest > limit:
                break
    return deepest
