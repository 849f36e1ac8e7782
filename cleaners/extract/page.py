"""Find the article in a decoded HTML page: title, site name, body lines, head lines, metadata.

trafilatura finds the body (with content tables when they add prose); selectolax reads the rest
and supplies the fallback, the richest run of prose lines, when trafilatura keeps too little
(old table layouts, a short notice in a #zoom div). Pages that are not articles (soft 404s,
listing pages, pages without text) become `Dropped`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import unescape

import trafilatura
from lxml.etree import _Element
from selectolax.lexbor import LexborHTMLParser, LexborNode
from trafilatura.xml import xmltotxt

from cleaners.extract.interruptions import cut_tail
from cleaners.extract.main_block import MainBlock, combine, main_block
from cleaners.extract.page_lines import (
    PageLine,
    element_kind,
    link_stats,
    node_lines,
    page_lines,
    prose_run,
)
from cleaners.extract.page_meta import (
    declared_lang,
    emphasized_texts,
    meta_authors,
    meta_dates,
    page_title,
    site_name,
)
from cleaners.extract.thread import thread_lines
from cleaners.records import Dropped, SiteRules

STAGE = "extract"
# CleanEval-style dumps wrap the page in <text id="URL" title=... encoding=...> ... </text>.
WRAPPER_START = re.compile(r"\A\s*<text\b[^>]*>\s*", re.I)
WRAPPER_END = re.compile(r"</text>\s*\Z", re.I)
WRAPPER_TITLE = re.compile(r'\A\s*<text\b[^>]*?\btitle="([^"]*)"', re.I)  # the dump's own title
# Pages that answer 200 but say the article is gone.
SOFT_404 = re.compile(
    r"404\s*not\s*found|page\s*not\s*found|页面不存在|您(所)?访问的页面(已|不)|页面没有找到|"
    r"找不到(该|此|您要的)?页面|该页面已(被)?删除|页面已失效|无法找到该页",
    re.I,
)
# "The article is gone", only when that is all the line says: news may report 信息不存在.
GONE = re.compile(r"^\W*(?:\w{1,4}\W*){0,2}(文章|信息|内容|稿件)(不存在|已(被)?删除|已下线)\W*$")
SOFT_404_MAX_CHARS = 600  # a soft 404 is short; a long page merely mentioning "404" is not one
SOFT_404_LINE_CHARS = 60  # the message stands alone; a sentence quoting "信息不存在" is news
MIN_TRAFILATURA_CHARS = 200  # below this, trafilatura likely missed the article: try the block
MIN_ARTICLE_CHARS = 20  # less body text than this is no article at all
# A page without one prose run (a journal's contents, a page of short lines): trafilatura's
# reading of the whole page is taken when it holds several times the best run's text.
WEAK_RUN_OUTWEIGHED = 3
LISTING_LINE_SHARE = 0.5  # more body lines than this being link texts makes a listing page
LISTING_MIN_LINES = 8  # a short body made of links may be a real article's list
LISTING_MIN_LINKS = 10  # a page with little prose and this many links is an index of articles
PAGE_LINK_SHARE = 0.5  # ... when at least this share of its text is link text
# A thread needs no sentence end when several replies say something: a menu's section titles
# (`AI教程`, 4-8 characters) read as posts are shorter than a reply (`可能是信道冲突 换个信道`).
REPLY_CHARS = 10
MIN_REPLIES = 3
HEAD_BEFORE = 3  # lines above the title that may hold the info bar
HEAD_AFTER = 8  # lines between the title and the body that may hold info bar and byline
TAIL_AFTER = 8  # lines after the body that may hold 责任编辑, the date line and the like
FOOTER_LINES = 8  # a site's footer (copyright, licence, links) closes the page in a few lines
MAX_SKIPPED = 12  # lines inside the body's span the extractor left out (post footers, credits)
# Configured field selectors often catch the bare value: give it the label the field reader knows.
FIELD_LABELS = {"source": "来源：", "author": "作者：", "editor": "编辑："}
LABELLED = re.compile(r"[:：]")  # the selected text already carries its own label
MAX_BADGE_CHARS = 4  # a badge before a headline (原创, 独家, 置顶) is a word, not a column name
DATE_LIKE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}")  # an info bar, not a headline
NON_WORD = re.compile(r"\W+")
TABLE_CELL = re.compile(r"\s+\|\s+")  # trafilatura's text output joins table cells with ` | `
# Tables are taken only when the text with them keeps the text without them (the same article)
# and what they add is mostly prose: content tables, not layout tables full of menus and ads.
TABLES_PROSE_SHARE = 0.5
SENTENCE_OR_CLAUSE = re.compile(r"[。！？；!?;]")  # table rows that read as prose
SENTENCE = re.compile(r"[。！？!?]")  # a body without one sentence end is no article's text


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a page says, before line cleaning."""

    url: str
    title: str
    site_name: str
    head: tuple[str, ...]  # lines near the title, outside the body: info bar, byline
    body: tuple[str, ...]  # candidate body paragraphs in order
    tail: tuple[str, ...]  # lines right after the body: editor lines, bylines
    meta_dates: tuple[str, ...]  # publication dates from meta tags / JSON-LD / date selector
    meta_authors: tuple[str, ...]
    lang: str | None  # declared language, primary subtag
    method: str  # "trafilatura", "block" (main block agreed), "thread" (posts) or "selector"
    footer: tuple[str, ...] = ()  # the page's last lines: a copyright notice names its holder


def strip_wrapper(html: str) -> str:
    """Remove a leading <text id=... encoding=...> wrapper line and its closing tag."""
    if not WRAPPER_START.match(html):
        return html
    return WRAPPER_END.sub("", WRAPPER_START.sub("", html, count=1))


def _key(text: str) -> str:
    return NON_WORD.sub("", text).casefold()


def _element_lines(element: _Element) -> list[str]:
    lines: list[str] = []
    for line in xmltotxt(element, include_formatting=False).splitlines():
        lines.extend(cell.strip() for cell in TABLE_CELL.split(line.strip().strip("|")))
    return [line for line in lines if line]


def trafilatura_lines(html: str, url: str) -> list[str]:
    """Run trafilatura once (no fallbacks, no metadata); keep its tables when they add prose."""
    document = trafilatura.bare_extraction(
        html,
        url=url,
        fast=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        deduplicate=False,
        with_metadata=False,
    )
    body = getattr(document, "body", None)
    if body is None:
        return []
    wider = _element_lines(body)
    tables = body.findall(".//table")
    if not tables:
        return wider
    for table in tables:
        parent = table.getparent()
        if parent is not None:
            parent.remove(table)
    lines = _element_lines(body)
    known = {_key(line) for line in lines}
    extra = [line for line in wider if _key(line) not in known]
    if not lines or not extra:
        return lines or wider
    prose = sum(len(_key(line)) for line in extra if SENTENCE_OR_CLAUSE.search(line))
    return wider if prose >= TABLES_PROSE_SHARE * _chars(extra) else lines


def _chars(lines: Sequence[str]) -> int:
    return sum(len(NON_WORD.sub("", line)) for line in lines)


def _region_html(html: str, block: MainBlock | None, elements: Sequence[LexborNode]) -> str:
    """Return the HTML trafilatura reads: the main block's element when there is one.

    trafilatura only has to judge the lines inside the block (its lines elsewhere are never
    taken), so it is given that element's content alone (not the element, whose class may be
    one trafilatura discards): the same decisions for a fraction of its cost.
    """
    if block is None or not block.element:
        return html
    inner = elements[block.element - 1].inner_html or ""
    return f"<html><body><article>{inner}</article></body></html>"


def _body(
    tree: LexborHTMLParser,
    page: Sequence[PageLine],
    elements: Sequence[LexborNode],
    title: str,
    html: str,
    url: str,
    rules: SiteRules,
) -> tuple[list[str], str]:
    selector = rules.selectors.get("body")
    if selector:
        chosen = node_lines(tree.css_first(selector))
        if chosen:
            return chosen, "selector"
    posts = thread_lines(page, elements, title)
    if posts:
        return posts, "thread"
    block = main_block(page, title, lambda element: element_kind(elements[element - 1]))
    if block is not None and block.weak:  # no prose run: is the page's text elsewhere?
        whole = trafilatura_lines(html, url)
        outweighed = WEAK_RUN_OUTWEIGHED * _chars(block.run_lines(page))
        if _chars(whole) >= max(MIN_TRAFILATURA_CHARS, outweighed):
            return whole, "trafilatura"
    lines = trafilatura_lines(_region_html(html, block, elements), url)
    if block is not None:
        combined = combine(page, block, lines)
        if combined is not None and _chars(combined) >= MIN_ARTICLE_CHARS:
            return cut_tail(combined), "block"
        # trafilatura's text lies elsewhere: measured on the devset and the tuned real pages,
        # the richest run below the headline is right far more often (comments, related lists)
        return cut_tail(block.run_lines(page)), "block"
    if _chars(lines) >= MIN_TRAFILATURA_CHARS:
        return lines, "trafilatura"
    run = prose_run(tree.body)
    return (run, "block") if _chars(run) > _chars(lines) else (lines, "trafilatura")


def _find(lines: list[str], key: str, start: int = 0) -> int | None:
    if not key:
        return None
    for index in range(start, len(lines)):
        line_key = _key(lines[index])
        if line_key == key or (line_key.startswith(key) and len(line_key) < 2 * len(key)):
            return index
    return None


def _around(page: list[str], title: str, body: list[str]) -> tuple[list[str], list[str]]:
    """Return the lines near the title before the body (the title's own line among them), and
    those the body skipped or follows."""
    title_at = _find(page, _key(title))
    first = _find(page, _key(body[0]), title_at + 1 if title_at is not None else 0)
    last = _find(page, _key(body[-1]), first or 0)
    if first is None:
        head = (
            page[max(title_at - HEAD_BEFORE, 0) : title_at + 1 + HEAD_AFTER]
            if title_at is not None
            else []
        )
    elif title_at is not None and title_at < first:  # the headline's line too: what is under it
        head = page[max(title_at - HEAD_BEFORE, 0) : first][: HEAD_BEFORE + 1 + HEAD_AFTER]
    else:
        head = page[max(first - HEAD_AFTER, 0) : first]
    if first is None or last is None:
        return head, []
    inside = {_key(line) for line in body}
    skipped = [line for line in page[first:last] if _key(line) not in inside]
    return head, skipped[:MAX_SKIPPED] + page[last + 1 : last + 1 + TAIL_AFTER]


def _is_shown(page: list[str], key: str) -> bool:
    """Tell whether a title is printed on the page: whole, first on a line, or after a badge."""
    for line in page:
        line_key = _key(line)
        if line_key and (key.startswith(line_key) and 2 * len(line_key) >= len(key)):
            return True
        if key and line_key.startswith(key):
            return True
        badge = len(line_key) - len(key)
        if key and line_key.endswith(key) and badge <= MAX_BADGE_CHARS and _glued(line, badge):
            return True
    return False


def _glued(line: str, badge: int) -> bool:
    """Tell a badge glued to the headline (`原创标题`) from a breadcrumb (`首页 - 栏目`)."""
    return re.match(rf"\s*\w{{{badge + 1}}}", line) is not None


def _shown_title(tree: LexborHTMLParser, page: list[str], title: str, body: list[str]) -> str:
    """Return the title, or the headline set in bold atop the body when it is not shown.

    A <title> the page never prints is an SEO text: the heading just above the body (or the
    body's own first line, when nothing anchored the body below it) is the visible headline.
    """
    first = _find(page, _key(body[0]))
    if first is None or _is_shown(page, _key(title)):
        return title
    emphasized = {_key(text) for text in emphasized_texts(tree)}
    for line in reversed(page[max(first - HEAD_AFTER, 0) : first + 1]):
        if _key(line) in emphasized and not DATE_LIKE.search(line):
            return line
    return title


def _link_texts(tree: LexborHTMLParser) -> set[str]:
    return {k for a in tree.css("a") if (k := _key(a.text(deep=True)))}


def _says_something(body: list[str]) -> bool:
    """Tell a thread whose replies say something from a menu's section titles read as posts."""
    return sum(1 for line in body if _chars([line]) >= REPLY_CHARS) >= MIN_REPLIES


def _is_listing(tree: LexborHTMLParser, body: list[str], *, thread: bool = False) -> bool:
    """Tell a page of links to articles: a body without sentences on a page of links, or a
    body whose lines are mostly link texts. Replies need no sentence end (`同问 我也想知道`):
    a thread of them is judged by its link texts only."""
    replies = thread and _says_something(body)
    if not replies and not any(SENTENCE.search(line) for line in body):
        page = link_stats(tree.body)
        return page.links >= LISTING_MIN_LINKS and page.link_share >= PAGE_LINK_SHARE
    if len(body) < LISTING_MIN_LINES:
        return False
    anchors = _link_texts(tree)
    linked = sum(1 for line in body if _key(line) in anchors)
    return linked / len(body) > LISTING_LINE_SHARE


def _is_soft_404(title: str, body: list[str]) -> bool:
    if _chars(body) > SOFT_404_MAX_CHARS:
        return False
    short = [title, *(line for line in body if len(line) <= SOFT_404_LINE_CHARS)]
    return any(SOFT_404.search(line) or GONE.search(line) for line in short)


def _selected(tree: LexborHTMLParser, rules: SiteRules, field: str) -> list[str]:
    selector = rules.selectors.get(field)
    node: LexborNode | None = tree.css_first(selector) if selector else None
    return node_lines(node)


def _field_lines(tree: LexborHTMLParser, rules: SiteRules) -> list[str]:
    """Return the text of configured source/author/editor selectors as labelled info lines."""
    lines = []
    for field, label in FIELD_LABELS.items():
        text = " ".join(_selected(tree, rules, field))
        if text:
            lines.append(text if LABELLED.search(text) else f"{label}{text}")
    return lines


def extract_html(html: str, url: str, rules: SiteRules) -> Extracted | Dropped:
    """Find the article of a decoded page, or say why the page is not one."""
    wrapped = WRAPPER_TITLE.match(html)
    html = strip_wrapper(html)
    tree = LexborHTMLParser(html)
    elements: list[LexborNode] = []
    lines = page_lines(tree.body, elements)
    title = page_title(tree, rules.selectors.get("title"))
    if not title and wrapped:
        title = unescape(wrapped.group(1)).strip()
    body, method = _body(tree, lines, elements, title, html, url, rules)
    if _is_soft_404(title, body):
        return Dropped(STAGE, "soft_404", url, title[:80])
    if _is_listing(tree, body, thread=method == "thread"):
        return Dropped(STAGE, "listing_page", url, f"{len(body)} body lines, mostly links")
    if _chars(body) < MIN_ARTICLE_CHARS:
        return Dropped(STAGE, "no_article", url, f"{_chars(body)} characters of text")
    page = [line.text for line in lines]
    if not rules.selectors.get("title"):
        title = _shown_title(tree, page, title, body)
    head, tail = _around(page, title, body)
    selected = _selected(tree, rules, "date")
    return Extracted(
        url=url,
        title=title,
        site_name=site_name(tree, url, rules.name),
        head=(*selected, *_field_lines(tree, rules), *head),
        body=tuple(body),
        tail=tuple(tail),
        footer=tuple(page[-FOOTER_LINES:]),
        meta_dates=(*selected, *meta_dates(tree)),
        meta_authors=meta_authors(tree),
        lang=declared_lang(tree),
        method=method,
    )


__all__ = ["Extracted", "extract_html", "strip_wrapper"]
