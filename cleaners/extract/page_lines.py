"""Read an HTML tree as block-level text lines, and find its richest run of prose lines.

Used where trafilatura is not: pages whose article is a short notice it discards, per-site
selectors, the lines around the title (info bars, bylines), and listing-page detection.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

# Elements whose start and end break a line; everything else is inline.
BLOCK_WORDS = (
    "address article aside blockquote body br caption center dd div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre "
    "section table tbody td tfoot th thead tr ul"
)
BLOCK_TAGS = frozenset(BLOCK_WORDS.split())
# Elements whose text is never page text.
SKIP_WORDS = (
    "script style noscript template iframe select option textarea head svg button object "
    "embed map area -comment"
)
SKIP_TAGS = frozenset(SKIP_WORDS.split())
SCRIPT_HREF = re.compile(r"\s*javascript:", re.I)  # links that run code are page controls
# A footnote opens with its way back to where the text cites it: a link into the page itself,
# first in the line or after a mark (`^`, `↑ 转到： 3.0 3.1`) within its first characters.
# A paragraph's citation links (`某公司[12]`, `…组成[3]`) come after its words.
BACKLINK_LEAD = 8
NOTE_MARK = re.compile(r"^[^\w\s]")  # a footnote's lead mark is no word character
LETTER = re.compile(r"[^\W\d_]")  # a back-link is a mark or a number, never a word
# An element the page hides (`hidden`, aria-hidden, an inline display:none) shows its reader
# nothing: menus, ad-feedback forms, names kept for scripts. visibility:hidden is not read as
# hidden: pages set it on the article itself until a script has laid it out.
HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.I)
SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")  # collapsed inside a line; ideographic space is kept
LINE_COST = 12  # a line must carry this many characters of its own to add to a prose run
LINK_PENALTY = 2  # link text beside prose marks a list entry (title + teaser), not a paragraph
LABEL_CHARS = 40  # a line shorter than this without punctuation is a label, heading or menu item
# A cut-off line under a link is a teaser in a list of other articles (`标题` / `摘要……`).
TRUNCATED = re.compile(r"(?:…|\.{3})\s*$")
EDGE_LINES = 2  # short lines just around a run (`各单位：`, `特此通知。`) still belong to it
FULL_STOP = re.compile(r"[。！!？?]\s*$")  # a line ending like a sentence
OPENING = re.compile(r"(?:[：:]|[。！!？?])\s*$")  # a salutation or a sentence before a run
# A short line is prose only with a sentence end or a clause-ending colon (a salutation).
SENTENCE_END = re.compile(r"[。！？!?…]|[：:；;]\s*$")


@dataclass(frozen=True, slots=True)
class LinkStats:
    """How much of a subtree's text sits inside links."""

    text_chars: int
    link_chars: int
    links: int

    @property
    def link_share(self) -> float:
        """Return the share of characters that are link text."""
        return self.link_chars / max(self.text_chars, 1)


def _walk(node: LexborNode) -> Iterator[tuple[LexborNode, str, bool]]:
    """Yield (node, tag, entering) in document order, skipping non-text subtrees.

    Text nodes are yielded once (entering); elements on entering and on leaving.
    """
    stack: list[tuple[LexborNode, str, bool]] = [(node, node.tag or "", True)]
    pop, push = stack.pop, stack.append
    while stack:
        current, tag, entering = pop()
        if not entering or tag == "-text":  # leaving an element, or a leaf
            yield current, tag, entering
            continue
        if tag in SKIP_TAGS or (tag == "a" and _is_control(current)):
            continue
        if tag != "body" and is_hidden(current):
            continue
        yield current, tag, True
        push((current, tag, False))
        children = [(child, child.tag or "", True) for child in current.iter(include_text=True)]
        children.reverse()
        stack += children


def is_hidden(node: LexborNode) -> bool:
    """Tell whether the page hides an element from its reader."""
    attributes = node.attributes
    if "hidden" in attributes or (attributes.get("aria-hidden") or "").lower() == "true":
        return True
    style = attributes.get("style")
    return style is not None and HIDDEN_STYLE.search(style) is not None


def element_kind(node: LexborNode) -> str:
    """Return an element's tag and first class (`div.post-body`): what like siblings share."""
    classes = (node.attributes.get("class") or "").split()
    return f"{node.tag}.{classes[0] if classes else ''}"


def _is_control(node: LexborNode) -> bool:
    """Tell a script-driven link (`【打印】【关闭】`, font size) from a link to a page."""
    return SCRIPT_HREF.match(node.attributes.get("href") or "") is not None


def _is_backlink(node: LexborNode) -> bool:
    """Tell a footnote's link back to its citation: a mark or number to a place on the page."""
    href = (node.attributes.get("href") or "").strip()
    if not href.startswith("#") or not href.strip("#"):  # `#`, `###`: placeholders, no place
        return False
    mark = node.text(deep=True).strip()
    return bool(mark) and LETTER.search(mark) is None  # `^`, `3.1`, `[2]`; `图2` names a figure


def _opens_note(before: str) -> bool:
    """Tell whether a link into the page, after `before` in its line, opens a footnote."""
    return not before or (len(before) <= BACKLINK_LEAD and NOTE_MARK.match(before) is not None)


def _is_link(node: LexborNode) -> bool:
    """Tell a link from a named anchor (<a name=...>), which old pages wrap around whole texts."""
    return "href" in node.attributes


@dataclass(frozen=True, slots=True)
class PageLine:
    """One block-level line of a page, its link-text characters and the elements holding it."""

    text: str
    linked: int
    path: tuple[int, ...]  # ids (document order) of the open elements, outermost first
    note: bool = False  # the line opens with a link back into the page: a footnote


def page_lines(node: LexborNode | None, elements: list[LexborNode] | None = None) -> list[PageLine]:
    """Return a subtree's lines, one per block element, each with the elements around it.

    `elements`, when given, receives every element in document order: element id `n` of a
    line's path is `elements[n - 1]`.
    """
    if node is None:
        return []
    lines: list[PageLine] = []
    buffer: list[str] = []
    linked = 0
    note = False
    depth = 0
    stack: list[int] = []
    path: tuple[int, ...] = ()
    counter = 0

    def flush() -> None:
        line = SPACES.sub(" ", "".join(buffer)).strip()
        if line:
            lines.append(PageLine(line, linked, path, note))
        buffer.clear()

    for current, tag, entering in _walk(node):
        if tag == "-text":
            if entering:
                text = current.text_content or ""
                if not buffer:
                    path = tuple(stack)
                buffer.append(text)
                linked += len(SPACES.sub("", text)) if depth else 0
            continue
        if tag == "a" and _is_link(current):
            depth += 1 if entering else -1
            if entering and not note and _is_backlink(current):
                note = _opens_note(SPACES.sub("", "".join(buffer)))
        elif tag in BLOCK_TAGS:
            if buffer:  # most block edges close no text: nothing to join
                flush()
            linked, note = 0, False
        if entering:
            counter += 1
            stack.append(counter)
            if elements is not None:
                elements.append(current)
        else:
            stack.pop()
    if buffer:
        flush()
    return lines


def linked_lines(node: LexborNode | None) -> list[tuple[str, int]]:
    """Return (line, characters inside links) for a subtree, one line per block element."""
    return [(line.text, line.linked) for line in page_lines(node)]


def node_lines(node: LexborNode | None) -> list[str]:
    """Return the text of a subtree as lines, one per block element, whitespace collapsed."""
    return [line for line, _ in linked_lines(node)]


def line_score(line: str, linked: int, after_link: bool) -> int:
    """Score a line as prose (its own characters less a cost) or chrome (negative)."""
    own = len(SPACES.sub("", line)) - linked
    teaser = after_link and TRUNCATED.search(line) is not None
    if teaser or linked > own or (not SENTENCE_END.search(line) and own < LABEL_CHARS):
        return -max(own + linked, LINE_COST)
    return own - LINK_PENALTY * linked - LINE_COST


def prose_run(node: LexborNode | None) -> list[str]:
    """Return the run of consecutive lines with the most prose (maximum-sum window of scores)."""
    lines = linked_lines(node)
    best = (0, 0, 0)  # (score, start, end)
    total, start = 0, 0
    after_link = False
    for index, (line, linked) in enumerate(lines):
        if total <= 0:
            total, start = 0, index
        total += line_score(line, linked, after_link)
        after_link = 2 * linked > len(SPACES.sub("", line))
        if total > best[0]:
            best = (total, start, index + 1)
    start, end = best[1], best[2]
    while start > 0 and best[1] - start < EDGE_LINES and _edge(*lines[start - 1], OPENING):
        start -= 1
    while end < len(lines) and end - best[2] < EDGE_LINES and _edge(*lines[end], FULL_STOP):
        end += 1
    return [line for line, _ in lines[start:end]]


def _edge(line: str, linked: int, ending: re.Pattern[str]) -> bool:
    """Tell a short salutation (`各单位：`) or closing (`特此通知。`) that belongs to the run."""
    return not linked and bool(ending.search(line))


def link_stats(node: LexborNode | None) -> LinkStats:
    """Count text characters, link-text characters and links under a node."""
    if node is None:
        return LinkStats(0, 0, 0)
    text = link = links = 0
    depth = 0
    for current, tag, entering in _walk(node):
        if tag == "a" and _is_link(current):
            depth += 1 if entering else -1
            links += 1 if entering else 0
        elif tag == "-text" and entering:
            size = len(SPACES.sub("", current.text_content or ""))
            text += size
            link += size if depth > 0 else 0
    return LinkStats(text, link, links)
