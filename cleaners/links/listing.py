"""Read a listing page by its structure: its links grouped by the DOM block and URL template.

A listing shows its articles as rows that repeat (list items, table rows, cards) inside one
block, with headline-like anchor text and often a date beside each. Menus, footers and ads
are blocks too, but of short words; what tells a sidebar of other columns' articles from the
column's own list is scored in `cleaners/links/linkfamily.py`. This module only reads: it turns the
anchors of one selectolax parse into `Block`s of `Anchor`s, plain data that can be compared
across the pages of a site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Literal
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from cleaners.links.linktext import (
    HEADLINE_MAX,
    anchor_text,
    card_headline,
    is_headline,
    links_elsewhere,
    node_text,
    one_target,
    unlinked_headline,
)
from cleaners.links.urls import article_pattern, listing_pattern

RANK = re.compile(r"(\d{1,2})(?!\d)")  # a rank opening a link text: "1", "12"; not "2025年"
RANKED_SHARE = 0.5  # a list most of whose links open with their rank number is a top list
LANDMARKS = frozenset({"header", "nav", "footer"})  # page chrome by HTML5's own names
SIDE_NAME = re.compile(r"(?:^|[-_\s])(?:side|sidebar|aside)(?:$|[-_\s\d])", re.I)  # a side column
MORE_TEXT = re.compile(r"^(?:\+?更多|more|查看更多|>>|»|\+)", re.I)  # a block's column link
ROW_DEPTH = 5  # how far up from a link to look for the row that repeats (a > h3 > div.item)
ROW_TAGS = frozenset({"li", "tr", "dt", "dd"})  # tags that are one row of a list by HTML's own name
MIN_ROWS = 2  # a list is at least two sibling rows of the same tag, each holding a link
CONTEXT_DEPTH = 3  # a lone link's row: td > tr, dt > dl, a > li; higher is the whole column
SIGNATURE_DEPTH = 8  # ancestors named in a block's signature; deeper layout varies per page
FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
SHORT_DATE = re.compile(  # month-day beside a headline: [03-20], 3月20日, 03/20
    r"(?<![\d.])(?:0?[1-9]|1[0-2])\s*[-/月]\s*(?:0?[1-9]|[12]\d|3[01])(?:日|(?![\d%]))"
)
RELATIVE_TIME = re.compile(r"\d+\s*(?:秒|分钟|小时|天)前|刚刚|昨天\s*\d{1,2}:\d{2}")  # "9小时前"
# beside a feed's headline: a time stamp, as a date is
DIGIT_RUN = re.compile(r"\d+")  # ids and dates in paths: abstracted in a URL template
HEX_RUN = re.compile(  # hashed ids, a whole token of the path
    r"(?<![a-z0-9])(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}(?![a-z0-9])", re.I
)
ID_RUN = re.compile(  # base-36 ids (KX4B27QD0031M8RW): 8+ letters and digits, 2+ of each
    r"(?<![a-z0-9])(?=(?:[a-z]*\d){2})(?=(?:\d*[a-z]){2})[a-z0-9]{8,}(?![a-z0-9])", re.I
)
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+){2,}(?=\.|$)", re.I)  # city-opens-new-library


@dataclass(frozen=True, slots=True)
class Anchor:
    """One link of a listing: where it goes, what it says, and what its row shows."""

    url: str
    text: str
    date: date | None = None  # a full date written in its row
    dated: bool = False  # its row shows a date (maybe without the year)
    shape: str | None = None  # the known article-URL shape it matches, if any
    listing: bool = False  # its URL is shaped like a listing or column page
    more: bool = False  # its text says "more": it leads to the column of its block
    headline: bool = False  # its text reads like a headline
    row: int = 0  # which row of its block it sits in: a row's links are one entry
    paired: bool = False  # its row also links another page, any host (comments, source)


@dataclass(frozen=True, slots=True)
class Block:
    """The links that sit in one container of a page, in document order."""

    signature: str  # the container's place in the page, comparable across a site's pages
    rows: int  # sibling rows of the repeating tag (1 when the links do not repeat)
    anchors: tuple[Anchor, ...]
    section: tuple[Anchor, ...] = ()  # other links in the box around it: heading, "更多"
    landmark: bool = False  # it sits inside a <header>, <nav> or <footer>
    side: bool = False  # it sits in an <aside> or a box named a side column
    ranked: bool = False  # an <ol>, or rows that open with their rank: a hot or top list
    path: tuple[int, ...] = ()  # its container and the container's ancestors, outermost first


@dataclass(frozen=True, slots=True)
class PageLinks:
    """The blocks of one listing page."""

    url: str
    blocks: tuple[Block, ...]
    spots: frozenset[tuple[str, str]] = frozenset()  # (block signature, URL) of every link


def url_template(url: str) -> str:
    """Return a URL's family name: host and path with digit runs, hashes and slugs abstracted."""
    parts = urlsplit(url)
    segments = parts.path.split("/")
    segments[-1] = SLUG.sub("{slug}", segments[-1])
    path = DIGIT_RUN.sub("9", ID_RUN.sub("{id}", HEX_RUN.sub("{hash}", "/".join(segments))))
    keys = [p.split("=", 1)[0] for p in parts.query.split("&") if p]
    query = "&".join(f"{k}=*" for k in keys)
    return f"{parts.netloc}{path}" + (f"?{query}" if query else "")


def column_of(url: str) -> str:
    """Return the directory a URL sits in (scheme, host, path up to the last slash)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rsplit('/', 1)[0]}/"


def read_blocks(url: str, links: Iterable[tuple[LexborNode, str]]) -> PageLinks:
    """Group a page's (anchor node, canonical URL) links by the container of their rows.

    A URL linked twice is kept where its text is a headline, else where it first appears;
    a headline in two blocks is kept in both (`placed_again`).
    """
    repeats: dict[int, dict[str, int]] = {}
    members: dict[int, dict[str, Anchor]] = {}
    heads: dict[int, tuple[LexborNode, int]] = {}
    home: dict[str, int] = {}  # URL -> the container it is kept in
    placed: list[tuple[Anchor, tuple[int, ...]]] = []
    for node, target in links:
        row, container, rows = _row(node, repeats)
        anchor = _anchor(node, target, row)
        placed.append((anchor, _ancestor_ids(node)))  # a box's links, repeats included
        key = container.mem_id
        kept = home.get(target)
        if kept is not None:
            again = placed_again(members[kept][target], anchor, kept == key)
            if again == "skip":
                continue
            if again == "move":
                del members[kept][target]
        members.setdefault(key, {})[target] = anchor
        heads.setdefault(key, (container, rows))
        home[target] = key
    blocks = tuple(
        _block(heads[k][0], heads[k][1], list(m.values()), placed) for k, m in members.items() if m
    )
    spots = frozenset((b.signature, a.url) for b in blocks for a in b.anchors)
    return PageLinks(url, blocks, spots)


def placed_again(first: Anchor, anchor: Anchor, same_box: bool) -> Literal["skip", "move", "both"]:
    """Say where a URL linked again goes: nowhere, to the new row, or to both blocks.

    A picture then its headline: the headline's row describes the link better ("move"). A
    headline shown in two lists (a news block and a top list) sits in both ("both").
    """
    if not anchor.headline or (first.headline and same_box):
        return "skip"
    return "both" if first.headline else "move"


def _anchor(node: LexborNode, target: str, row: LexborNode) -> Anchor:
    """Describe one link with what its row shows."""
    text = anchor_text(node)
    own = node_text(node)
    if len(text) > HEADLINE_MAX:  # a card: headline, summary and time inside one link
        text = card_headline(node) or text
    elif not text and row is not node and one_target(row):  # a card's picture link: its
        text = unlinked_headline(row) or text  # headline is beside it, in no link
    row_id = row.mem_id
    if row is node:
        row = _context(node, own)
    rest = node_text(row).replace(own, " ", 1)
    after = row.next
    while after is not None and not after.is_element_node:
        after = after.next
    if after is not None and after.css_first("a[href]") is None and after.tag != "a":
        rest += " " + node_text(after)  # <dt><a>headline</a></dt><dd>date</dd>
    full = FULL_DATE.search(rest)
    return Anchor(
        url=target,
        text=text,
        date=_date(full) if full else None,
        dated=full is not None
        or SHORT_DATE.search(rest) is not None
        or RELATIVE_TIME.search(rest) is not None,
        shape=article_pattern(target),
        listing=listing_pattern(target) is not None,
        more=MORE_TEXT.match(text) is not None,
        headline=is_headline(text),
        row=row_id,
        paired=links_elsewhere(row, target),
    )


def _context(anchor: LexborNode, own: str) -> LexborNode:
    """Return the nearest ancestor that shows more than the link itself (its row)."""
    node = anchor
    for _ in range(CONTEXT_DEPTH):
        parent = node.parent
        if parent is None or parent.tag in ("body", "html", "-document"):
            break
        node = parent
        if len(node_text(node)) > len(own):
            break
    return node


def _date(match: re.Match[str]) -> date | None:
    """Return the date a FULL_DATE match spells, None when it is no calendar day."""
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _row(
    anchor: LexborNode, repeats: dict[int, dict[str, int]]
) -> tuple[LexborNode, LexborNode, int]:
    """Return (row, container, rows): the ancestor level where linked siblings repeat most."""
    best: tuple[LexborNode, LexborNode, int] | None = None
    node = anchor
    for _ in range(ROW_DEPTH):
        parent = node.parent
        if parent is None or parent.tag in ("body", "html", "-document"):
            break
        count = _linked_children(parent, repeats).get(node.tag or "", 0)
        if count >= MIN_ROWS and (best is None or count > best[2]):
            best = (node, parent, count)
        node = parent
    if best is not None:
        return best
    node = anchor
    for _ in range(ROW_DEPTH):  # a list of one row (a tab's table of one entry) is a list
        parent = node.parent
        if parent is None or parent.tag in ("body", "html", "-document"):
            break
        if node.tag in ROW_TAGS:
            return node, parent, 1
        node = parent
    parent = anchor.parent
    return anchor, parent if parent is not None else anchor, 1


def _linked_children(parent: LexborNode, repeats: dict[int, dict[str, int]]) -> dict[str, int]:
    """Count a node's element children per tag that are or hold a link (memoised per node)."""
    known = repeats.get(parent.mem_id)
    if known is not None:
        return known
    counts: dict[str, int] = {}
    for child in parent.iter(include_text=False):
        tag = child.tag or ""
        if tag == "a" or child.css_first("a[href]") is not None:
            counts[tag] = counts.get(tag, 0) + 1
    repeats[parent.mem_id] = counts
    return counts


def _ancestor_ids(node: LexborNode) -> tuple[int, ...]:
    """Return the memory ids of a node and its ancestors, nearest first."""
    ids: list[int] = []
    current: LexborNode | None = node
    while current is not None and current.tag not in ("html", "-document"):
        ids.append(current.mem_id)
        current = current.parent
    return tuple(ids)


def _block(
    container: LexborNode,
    rows: int,
    anchors: list[Anchor],
    placed: list[tuple[Anchor, tuple[int, ...]]],
) -> Block:
    """Build a block with the links of the box around it that are not its own."""
    own = {a.url for a in anchors}
    box = container.parent
    section: tuple[Anchor, ...] = ()
    if box is not None and box.tag not in ("body", "html"):
        box_id = box.mem_id
        section = tuple(a for a, ids in placed if box_id in ids and a.url not in own)
    around = _ancestors(container)
    landmark = any(node.tag in LANDMARKS for node in around)
    side = any(node.tag == "aside" or SIDE_NAME.search(_names(node)) for node in around)
    ranked = container.tag == "ol" or _numbered(anchors)
    path = tuple(reversed(_ancestor_ids(container)))
    return Block(_signature(container), rows, tuple(anchors), section, landmark, side, ranked, path)


def _numbered(anchors: list[Anchor]) -> bool:
    """Tell whether most links open with their rank, counting up (1…, 2…, 4…: one shown twice).

    A rank is one or two digits before a non-digit, so a headline opening with a year is none.
    """
    ranks = [int(m.group(1)) for a in anchors if (m := RANK.match(a.text))]
    rising = sum(b > a for a, b in pairwise(ranks)) + bool(ranks)
    return len(anchors) >= MIN_ROWS and rising >= RANKED_SHARE * len(anchors)


def _names(node: LexborNode) -> str:
    """Return a node's id and classes as one string."""
    return f"{node.attributes.get('id') or ''} {node.attributes.get('class') or ''}"


def _ancestors(node: LexborNode) -> list[LexborNode]:
    """Return a node and its ancestors up to the document."""
    out: list[LexborNode] = []
    current: LexborNode | None = node
    while current is not None and current.tag not in ("html", "-document"):
        out.append(current)
        current = current.parent
    return out


def _signature(node: LexborNode) -> str:
    """Name a node by its ancestors' tags, ids, first classes and sibling positions."""
    steps: list[str] = []
    current: LexborNode | None = node
    for _ in range(SIGNATURE_DEPTH):
        if current is None or current.tag in ("html", "-document", None):
            break
        steps.append(_step(current))
        current = current.parent
    return ">".join(reversed(steps))


def _step(node: LexborNode) -> str:
    """Name one node: tag, #id or first .class, and its position among element siblings."""
    attrs = node.attributes
    name = node.tag or ""
    if attrs.get("id"):
        name += f"#{attrs['id']}"
    elif attrs.get("class"):
        name += "." + (attrs["class"] or "").split()[0] if (attrs["class"] or "").split() else ""
    position, sibling = 0, node.prev
    while sibling is not None:
        position += sibling.is_element_node
        sibling = sibling.prev
    return f"{name}:{position}"
