"""Choose a listing's article links from its blocks, each with the reason it was taken.

    blocks of a page ─▶ navigation? (its links sit on most other listing pages of the site)
                     ─▶ article block? (headline-like links that repeat as rows, or dated rows)
                     ─▶ the column's own? (not a sidebar scoring far below the best block)
                     ─▶ per link: headline or article URL shape → taken; the rest refused

Known article-URL shapes (`cleaners/links/urls.py`) are a prior that helps a block and rescues a
short-titled link inside one, never the gate: a family of URLs no list knows is found by the
structure it sits in. Every refused link is counted under one reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal, get_args
from urllib.parse import urlsplit

from cleaners.links.blockplace import Verdict, place_blocks
from cleaners.links.listing import (
    MIN_ROWS,
    Anchor,
    Block,
    PageLinks,
    column_of,
    url_template,
)
from cleaners.links.urls import url_date

Reason = Literal[
    "list_block",
    "dated_row",
    "url_shape",
    "feed",
    "sitemap",
    "configured",
    "xml_list",  # a row of XML records a page holds for its script, or its pager's answer
    "json_list",  # an entry of a JSON or JSONP list
    "announced_feed",  # an item of a feed the listing names in <link rel="alternate">
]
REASONS: tuple[Reason, ...] = get_args(Reason)
HEADLINE_SHARE = 0.5  # an article block: at least half its links read as headlines
DATED_SHARE = 0.5  # a block whose rows mostly show a date is a dated list, even unrepeated
SHAPE_SHARE = 0.5  # ... as is one whose links mostly have a known article-URL shape
COLUMN_BOOST = 2.0  # links under the listing's own directory are most likely its column's
COLUMN_SHARE = 0.5  # ... when at least half of a block's links sit there; then the blocks
# outside the folder are other columns' sidebars, whatever their size
NAV_PAGE_SHARE = 0.6  # a link in the same place on most other listing pages is site chrome
NAV_SHARE = 0.5  # a block made mostly of such links is navigation (menus, hot lists, footers)
SAME_PAGE_SHARE = 0.95  # two listings sharing nearly every link are one page under two URLs
INDEX_NAMES = ("index.", "default.")  # a folder's own page: the column itself, not a child
NUMERAL_TEXT = re.compile(r"^\W*\d*\W*$")  # "12", "[3]", "": a calendar day or pager mark
CLICK_THROUGH = re.compile(r"[?&][^=&#]*=(?:https?(?::|%3a)|%2f%2f)", re.I)  # a query holding
# a whole URL: a click counter's redirect (an ad, a sign-up), not the page it names
DIGITS = re.compile(r"\d")  # an article's URL is named by an id or a date; a menu's by words
POSITION = re.compile(r":\d+")  # sibling positions in a signature: all tabs or cards share it
BOX_HEADLINES = 3  # a "row" holding this many headlines is a box of them (entry, source and
# comment links make two at most)
PAIRED_ROWS = 5  # a list of at least this many entries shows whether its rows come in pairs
PAIRED_SHARE = 0.8  # ... and when this share of them also link another page (comments,
# source, a label; any host), a row holding its headline alone is another kind of item
# slotted in (a video, an ad, a promotion) without the entries' companions


@dataclass(frozen=True, slots=True)
class Found:
    """An article link taken from a listing, and why."""

    url: str
    text: str
    date: date | None
    reason: Reason


@dataclass(frozen=True, slots=True)
class Choice:
    """What a listing page gives: its article links, refusals by reason, and column links."""

    found: tuple[Found, ...]
    refused: tuple[tuple[str, int], ...] = ()
    columns: tuple[str, ...] = ()  # index pages of the article blocks' columns ("更多")


def choose_articles(page: PageLinks, others: Sequence[PageLinks] = ()) -> Choice:
    """Return the article links of a page, knowing the site's other listing pages."""
    site_wide = _site_wide(page, others)
    here = column_of(page.url)
    owners = _owners(page.blocks)
    verdicts = place_blocks(
        [_judge(block, here, site_wide, owners, i) for i, block in enumerate(page.blocks)]
    )
    if not any(v.kind == "article" and v.front for v in verdicts):
        verdicts = [replace(v, columns=()) for v in verdicts]  # a column page: stay in it
    families = {
        url_template(a.url)
        for block, v in zip(page.blocks, verdicts, strict=True)
        if v.kind == "article" and block.rows >= MIN_ROWS
        for a in _entries(block)
    }
    found: dict[str, Found] = {}
    refused: Counter[str] = Counter()
    columns: dict[str, None] = {}
    for block, verdict in zip(page.blocks, verdicts, strict=True):
        if verdict.kind == "article":
            _take_block(block, found, refused)
            columns.update(dict.fromkeys(verdict.columns))
        else:
            _refuse_block(block, verdict, families, found, refused)
    return Choice(tuple(found.values()), tuple(sorted(refused.items())), tuple(columns))


def _site_wide(page: PageLinks, others: Sequence[PageLinks]) -> frozenset[tuple[str, str]]:
    """Return the (place, URL) spots of a page that most other listing pages show too.

    A spot, not a URL: an article a site-wide box repeats is still the list's own in the list.
    """
    pages = [other.spots for other in others if not _same_page(page, other)]
    if not pages:
        return frozenset()
    needed = max(1, round(NAV_PAGE_SHARE * len(pages)))
    return frozenset(spot for spot in page.spots if sum(spot in p for p in pages) >= needed)


def _same_page(page: PageLinks, other: PageLinks) -> bool:
    """Tell whether another listing is this page again (read under a second URL)."""
    if other.url == page.url or not page.spots:
        return True
    return len(page.spots & other.spots) >= SAME_PAGE_SHARE * len(page.spots | other.spots)


def _good(anchor: Anchor) -> bool:
    """Tell whether a link reads as an article: a headline, or an article-shaped URL."""
    if anchor.listing or anchor.more or NUMERAL_TEXT.match(anchor.text):
        return False
    if CLICK_THROUGH.search(anchor.url):
        return False
    return anchor.headline or anchor.shape is not None


def _owners(blocks: Sequence[Block]) -> dict[str, int]:
    """Return, per URL, the block that owns it: of the blocks showing it, the largest."""
    owners: dict[str, int] = {}
    for i, block in enumerate(blocks):
        for anchor in block.anchors:
            owner = owners.get(anchor.url)
            if owner is None or len(block.anchors) > len(blocks[owner].anchors):
                owners[anchor.url] = i
    return owners


def _judge(
    block: Block,
    here: str,
    site_wide: frozenset[tuple[str, str]],
    owners: dict[str, int],
    index: int,
) -> Verdict:
    """Judge a block: navigation, chrome, or an article block with its score.

    Its score counts the entries it owns (a hot list repeating half the column's headlines
    is no bigger for them), more for rows showing dates and URLs named by numbers.
    """
    anchors = block.anchors
    shown = sum((block.signature, a.url) in site_wide for a in anchors)
    if block.landmark or shown >= NAV_SHARE * len(anchors):
        return Verdict("navigation")
    good = [a for a in anchors if _good(a)]
    rows = {a.row for a in anchors}  # a row's second link (comments, source) is no entry
    if not good or len({a.row for a in good}) < HEADLINE_SHARE * len(rows):
        return Verdict("chrome")
    dated = sum(a.dated for a in good) / len(good)
    shaped = sum(a.shape is not None for a in good) / len(good)
    if block.rows < MIN_ROWS and dated < DATED_SHARE and shaped < SHAPE_SHARE:
        return Verdict("chrome")
    in_column = sum(a.url.startswith(here) for a in good) / len(good)
    column = in_column >= COLUMN_SHARE
    entries = len({a.row for a in good if owners.get(a.url) == index})
    named = sum(_named_by_number(a.url) for a in good) / len(good)
    score = entries * (1.0 + dated) * (1.0 + named) * (COLUMN_BOOST if column else 1.0)
    columns = tuple(_columns(block, frozenset(url for _, url in site_wide), here))
    family = POSITION.sub("", block.signature)
    return Verdict(
        "article",
        score,
        column,
        columns,
        family=family,
        side=block.side,
        ranked=block.ranked,
        path=block.path,
        templates=frozenset(url_template(a.url) for a in good),
        newest=max((d for a in good if (d := a.date or url_date(a.url))), default=None),
    )


def _named_by_number(url: str) -> bool:
    """Tell whether a URL's path or query holds a number (an id, a date), not words alone."""
    parts = urlsplit(url)
    return DIGITS.search(parts.path + parts.query) is not None


def _take_block(block: Block, found: dict[str, Found], refused: Counter[str]) -> None:
    """Take the article links of an accepted block; count the others by reason.

    A row is one entry: beside its headline, a link of another URL family (the source's
    page, the comments) is no article of the list; a row of BOX_HEADLINES headlines or more is
    a box of headlines, no entry.
    """
    lead = _row_leads(block)
    per_row = Counter(a.row for a in block.anchors if a.headline)
    boxes = {row for row, count in per_row.items() if count >= BOX_HEADLINES}
    unpaired = _unpaired_rows(block, lead)
    family = set(lead.values())  # a link of the headlines' family is one of them (a card's
    # picture, a headline in Latin letters), whatever its own text says
    for anchor in block.anchors:
        if anchor.url in found:
            continue
        template = url_template(anchor.url)
        if anchor.row in unpaired:
            refused["odd_row"] += 1
        elif template != lead.get(anchor.row, template) and anchor.row not in boxes:
            refused["row_extra"] += 1
        elif _good(anchor):
            found[anchor.url] = Found(anchor.url, anchor.text, anchor.date, _reason(block, anchor))
        elif template in family and not (anchor.listing or anchor.more):
            found[anchor.url] = Found(anchor.url, anchor.text, anchor.date, "list_block")
        else:
            refused[_why_not(anchor)] += 1


def _row_leads(block: Block) -> dict[int, str]:
    """Return the URL family of each row's headline: its longest good link."""
    lead: dict[int, Anchor] = {}
    for anchor in block.anchors:
        if _good(anchor) and len(anchor.text) > len(
            lead[anchor.row].text if anchor.row in lead else ""
        ):
            lead[anchor.row] = anchor
    return {row: url_template(a.url) for row, a in lead.items()}


def _entries(block: Block) -> list[Anchor]:
    """Return the good links of a list's entries: no odd row slotted in among them."""
    odd = _unpaired_rows(block, _row_leads(block))
    return [a for a in block.anchors if _good(a) and a.row not in odd]


def _unpaired_rows(block: Block, lead: dict[int, str]) -> set[int]:
    """Return the rows of a paired list that link nothing but their headline's page.

    Most rows of the list also link another page, on any host (their comments, their source);
    a row without one (an empty href leads nowhere) is an item of another kind slotted in.
    """
    paired = {a.row for a in block.anchors if a.row in lead and a.paired}
    if len(lead) < PAIRED_ROWS or len(paired) < PAIRED_SHARE * len(lead):
        return set()
    return set(lead) - paired


def _reason(block: Block, anchor: Anchor) -> Reason:
    """Say why a link of an accepted block was taken."""
    if not anchor.headline:
        return "url_shape"
    if block.rows >= MIN_ROWS:
        return "list_block"
    return "dated_row" if anchor.dated else "url_shape"


def _why_not(anchor: Anchor) -> str:
    """Say why a link of an article block was refused."""
    if anchor.listing or anchor.more:
        return "column_link"
    return "not_headline"


def _refuse_block(
    block: Block,
    verdict: Verdict,
    families: set[str],
    found: dict[str, Found],
    refused: Counter[str],
) -> None:
    """Count a refused block's links; keep lone links of an article family or article shape."""
    for anchor in block.anchors:
        if anchor.url in found:
            continue
        if verdict.kind != "navigation" and _good(anchor):
            if block.rows < MIN_ROWS and url_template(anchor.url) in families:
                found[anchor.url] = Found(anchor.url, anchor.text, anchor.date, "list_block")
                continue
            if verdict.kind == "chrome" and anchor.shape is not None:
                found[anchor.url] = Found(anchor.url, anchor.text, anchor.date, "url_shape")
                continue
        refused[_block_reason(verdict)] += 1


def _block_reason(verdict: Verdict) -> str:
    """Name why a whole block's links were refused."""
    return "side_block" if verdict.kind == "side" else verdict.kind


def _columns(block: Block, site_wide: frozenset[str], here: str) -> list[str]:
    """Return the column pages a block's box links to ("更多", its heading), none above here."""
    return [
        a.url
        for a in block.section
        if (a.more or a.listing) and a.url not in site_wide and not _above(a.url, here)
    ]


def _above(url: str, here: str) -> bool:
    """Tell whether a link leads up to this column or a parent of it (a breadcrumb)."""
    folder = column_of(url)
    if not here.startswith(folder):
        return False
    return folder != here or url == folder or url[len(folder) :].startswith(INDEX_NAMES)
