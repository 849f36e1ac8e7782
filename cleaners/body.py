"""Clean an article's candidate lines: take the fields out, drop the chrome, repair the text.

lines ─▶ normalise ─▶ fields (date, 来源, byline, 编辑) ─▶ line chrome ─▶ tail cut
      ─▶ vendor lead-in / sales trailer ─▶ rejoin broken sentences ─▶ CleanBody
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cleaners import chrome
from cleaners.bylines import (
    Found,
    authors_of,
    parse_authors,
    parse_bracketed_name,
    parse_closing_credit,
    parse_editor,
    parse_reported,
    parse_source,
)
from cleaners.dates import PublishedDate, date_rank, find_date, infer_day_first
from cleaners.names import standalone_name
from cleaners.records import SiteRules
from cleaners.text import cjk_count, is_prose, matching_key, normalize_line, rejoin_broken

MAX_FIELD_LINE = 100  # a longer non-prose line is a heading or list, not an info bar
TITLE_SUFFIX_MAX = 40  # title + column names + site name: the extra part is this short at most
FIELD_RESIDUE_CJK = 10  # an info bar holds little Chinese besides its fields; a dateline more
# Labels and controls of info bars, left over once the fields are cut out.
INFO_WORDS_RE = re.compile(
    r"来源|作者|编辑|时间|日期|发布|发表于?|更新|点击|浏览|阅读|评论|字体|字号|大中小|[大中小]|"
    r"网友|次数?|条|人|参与|我要|纠错|打印|关闭|收藏|分享"
)
MENU_REASONS = frozenset({"breadcrumb", "navigation", "prev_next", "related"})  # no fields there
TAIL_RANK = 10  # dates after the body (comments, related links) lose to any date above it
AUTHOR_ZONE = 3  # `本报记者某某发自…` leads are read from the first lines only


@dataclass(frozen=True, slots=True)
class Fields:
    """What the page says about the article: when, from whom, by whom, edited by whom."""

    published: PublishedDate | None
    source: str | None
    authors: tuple[str, ...]
    editor: str | None


@dataclass(frozen=True, slots=True)
class CleanBody:
    """The cleaned paragraphs, the fields read on the way, and every removed line with why."""

    lines: tuple[str, ...]
    fields: Fields
    removed: tuple[tuple[str, str], ...]  # (line, reason)
    origins: tuple[tuple[int, ...], ...] = ()  # input indices behind each kept line


NO_FIELDS = Fields(None, None, (), None)


@dataclass(frozen=True, slots=True)
class _Line:
    """A normalised line and the input index it came from."""

    index: int
    text: str


@dataclass(frozen=True, slots=True)
class _Vote:
    """Fields one line offers, with how sure its date is (lower rank is surer)."""

    rank: int
    fields: Fields


@dataclass(frozen=True, slots=True)
class _Settings:
    """What the cleaning of one page needs to know besides its lines."""

    rules: SiteRules
    day_first: bool | None
    title_key: str
    drop_res: tuple[re.Pattern[str], ...]


def _merge(fields: Fields, other: Fields) -> Fields:
    """Fill the fields still empty in `fields` from `other`."""
    return Fields(
        fields.published or other.published,
        fields.source or other.source,
        fields.authors or other.authors,
        fields.editor or other.editor,
    )


def read_fields(line: str, settings: _Settings) -> tuple[Fields, list[tuple[int, int]]]:
    """Read every field one line holds, with the spans they came from."""
    found: dict[str, Found | None] = {
        "source": parse_source(line),
        "authors": parse_authors(line),
        "editor": parse_editor(line),
    }
    date = find_date(line, timezone=settings.rules.timezone, day_first=settings.day_first)
    spans = [f.span for f in found.values() if f is not None]
    if date is not None:
        start = line.find(date.raw)
        spans.append((start, start + len(date.raw)))
    if found["authors"] is None and (date is not None or found["source"] is not None):
        found["authors"] = parse_bracketed_name(line)
        spans.extend([found["authors"].span] if found["authors"] else [])
    source, editor = found["source"], found["editor"]
    fields = Fields(
        date,
        source.value if source else None,
        authors_of(found["authors"]),
        editor.value if editor else None,
    )
    return fields, spans


def _field_line(line: str, settings: _Settings) -> Fields | None:
    """Return the fields of an info-bar or byline line, None when the line is text."""
    if is_prose(line) or len(line) > MAX_FIELD_LINE:
        return None
    fields, spans = read_fields(line, settings)
    if not spans:
        return None
    residue = "".join(ch for i, ch in enumerate(line) if not any(a <= i < b for a, b in spans))
    residue = INFO_WORDS_RE.sub("", chrome.INFO_BAR_RE.sub("", residue))
    return fields if cjk_count(residue) <= FIELD_RESIDUE_CJK else None


def _closing_fields(line: str) -> tuple[str, Fields]:
    """Strip a closing `（记者 某某）` / `（责任编辑：某某）` from a paragraph and read it."""
    end = len(line.rstrip()) - 1
    credit, editor = parse_closing_credit(line), parse_editor(line)
    credit = credit if credit and credit.span[0] > 0 and credit.span[1] >= end else None
    editor = editor if editor and editor.span[0] > 0 and editor.span[1] >= end else None
    spans = [found.span[0] for found in (credit, editor) if found is not None]
    if not spans:
        return line, NO_FIELDS
    kept = line[: min(spans)].rstrip(" （(")
    return kept, Fields(None, None, authors_of(credit), editor.value if editor else None)


def _title_repeat(key: str, title_key: str) -> bool:
    """Tell whether a line is the title again, maybe with column and site names after it."""
    if not title_key or not key.startswith(title_key):
        return False
    return len(key) - len(title_key) <= TITLE_SUFFIX_MAX


def _site_rule(line: str, key: str, settings: _Settings) -> str | None:
    """Return why the site's own rules drop a line (template, title repeat, drop_lines)."""
    if key in settings.rules.template_lines:
        return "template"
    if _title_repeat(key, settings.title_key):
        return "title"
    if any(pattern.search(line) for pattern in settings.drop_res):
        return "site_rule"
    return None


def _link_line(line: str) -> str | None:
    """Return why a line links to other articles (its dates are theirs, not this one's)."""
    if chrome.PREV_NEXT_RE.match(line):
        return "prev_next"
    return "related" if chrome.RELATED_RE.match(line) else None


def _classify(
    lines: Sequence[_Line], settings: _Settings
) -> tuple[list[_Line], list[tuple[str, str]], list[_Vote]]:
    """Sort lines into kept text and removed chrome, reading fields on the way."""
    kept: list[_Line] = []
    removed: list[tuple[str, str]] = []
    votes: list[_Vote] = []
    for line in lines:
        reason = _site_rule(line.text, matching_key(line.text), settings) or _link_line(line.text)
        line_fields = None if reason else _field_line(line.text, settings)
        if line_fields is not None:
            votes.append(_vote(line.text, line_fields, 0))
            reason = "fields"
        reason = reason or chrome.line_chrome(line.text)
        if reason:
            removed.append((line.text, reason))
            continue
        text, closing = _closing_fields(line.text)
        votes.append(_Vote(0, closing))
        kept.append(_Line(line.index, text))
    return kept, removed, votes


def _cut_tail(kept: list[_Line], removed: list[tuple[str, str]]) -> list[_Line]:
    """Drop 上一篇/下一篇 and the link lists after the article, and a sales trailer."""
    start = chrome.tail_start([line.text for line in kept])
    removed.extend((line.text, "tail_links") for line in kept[start:])
    kept = kept[:start]
    zone = max(0, len(kept) - chrome.TRAILER_ZONE)
    trailer = [line for line in kept[zone:] if chrome.sales_trailer(line.text)]
    removed.extend((line.text, "sales_trailer") for line in trailer)
    return [line for line in kept if line not in trailer]


def _strip_lead(kept: list[_Line], removed: list[tuple[str, str]]) -> list[_Line]:
    """Remove a vendor lead-in glued to one of the first sentences."""
    out = list(kept)
    for position, line in enumerate(out[: chrome.LEAD_ZONE]):
        text = chrome.strip_vendor_lead(line.text)
        if text != line.text:
            removed.append((line.text[: len(line.text) - len(text)], "vendor_lead"))
            out[position] = _Line(line.index, text)
            break
    return out


def _lead_authors(kept: Sequence[_Line]) -> tuple[str, ...]:
    """Read reporters named in the first sentences (`本报记者某某发自北京`)."""
    for line in kept[:AUTHOR_ZONE]:
        names = authors_of(parse_reported(line.text))
        if names:
            return names
    return ()


def _settings(lines: Sequence[str], rules: SiteRules, title: str | None) -> _Settings:
    """Collect what cleaning this page needs: day order, title key, compiled site rules."""
    day_first = rules.day_first if rules.day_first is not None else infer_day_first(lines)
    drop_res = tuple(re.compile(pattern) for pattern in rules.drop_lines)
    return _Settings(rules, day_first, matching_key(title or ""), drop_res)


def _around_fields(lines: Sequence[str], settings: _Settings, base_rank: int) -> list[_Vote]:
    """Read fields from lines outside the body (info bar, byline, footer); never prose."""
    votes: list[_Vote] = []
    for raw in lines:
        line = normalize_line(raw)
        if _link_line(line):
            break  # what follows lists other articles, with their dates and bylines
        if not line or is_prose(line) or len(line) > MAX_FIELD_LINE or _menu(line):
            continue
        name = standalone_name(line)
        fields = Fields(None, None, (name,), None) if name else read_fields(line, settings)[0]
        votes.append(_vote(line, fields, base_rank))
    return votes


def _menu(line: str) -> bool:
    """Tell whether a line is navigation, whose words are no fields."""
    return chrome.line_chrome(line) in MENU_REASONS


def _vote(line: str, fields: Fields, base_rank: int) -> _Vote:
    """Pair a line's fields with the rank of its date (lower is surer)."""
    date = fields.published
    return _Vote(base_rank + (date_rank(line, date) if date else 0), fields)


def _decide(votes: Sequence[_Vote]) -> Fields:
    """Combine votes in page order: the best-ranked date, the first of every other field."""
    dated = [vote for vote in votes if vote.fields.published is not None]
    best = min(dated, key=lambda vote: vote.rank).fields.published if dated else None
    fields = Fields(best, None, (), None)
    for vote in votes:
        fields = _merge(fields, vote.fields)
    return fields


def clean_body(
    lines: Sequence[str],
    rules: SiteRules,
    *,
    title: str | None = None,
    head: Sequence[str] = (),
    tail: Sequence[str] = (),
) -> CleanBody:
    """Clean candidate body paragraphs: fields out, chrome out, text repaired.

    `head` (around the title) and `tail` (after the body) are searched for fields, never kept;
    dates in the tail count only when nothing above names one.
    """
    settings = _settings([*head, *lines], rules, title)
    normalised = [_Line(i, normalize_line(raw)) for i, raw in enumerate(lines)]
    kept, removed, votes = _classify([line for line in normalised if line.text], settings)
    around = _around_fields(head, settings, 0) + votes + _around_fields(tail, settings, TAIL_RANK)
    fields = _decide(around)
    kept = _strip_lead(_cut_tail(kept, removed), removed)
    if not fields.authors:
        fields = replace(fields, authors=_lead_authors(kept))
    groups = rejoin_broken([line.text for line in kept])
    texts = tuple("".join(kept[i].text for i in group) for group in groups)
    origins = tuple(tuple(kept[i].index for i in group) for group in groups)
    return CleanBody(texts, fields, tuple(removed), origins)
