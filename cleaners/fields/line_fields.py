"""Fields read from an article's lines: one line's fields, and the page's choice among them.

Every line that holds fields casts a vote; the page's date is the best-ranked vote (a labelled
date beats a timed one beats a bare day; dates below the body lose to any above it), every other
field the first vote in page order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cleaners.fields import chrome
from cleaners.fields.bylines import (
    AUTHOR_LABEL_RE,
    Found,
    authors_of,
    is_byline,
    parse_authors,
    parse_bracketed_name,
    parse_closing_credit,
    parse_editor,
    parse_source,
)
from cleaners.fields.dates import PublishedDate, date_rank, find_date
from cleaners.fields.names import byline_name
from cleaners.fields.owners import under_headline_name
from cleaners.records import SiteRules
from cleaners.text.repair import cjk_count, is_prose, matching_key, normalize_line

MAX_FIELD_LINE = 100  # a longer non-prose line is a heading or list, not an info bar
FIELD_RESIDUE_CJK = 10  # an info bar holds little Chinese besides its fields; a dateline more
# Labels and controls of info bars, left over once the fields are cut out.
INFO_WORDS_RE = re.compile(
    r"来源|作者|编辑|时间|日期|发布|发表于?|更新|点击|浏览|阅读|评论|字体|字号|大中小|[大中小]|"
    r"网友|次数?|条|人|参与|我要|纠错|打印|关闭|收藏|分享"
)
LONE_YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")  # a year standing alone on its line
MONTH_DAY_RE = re.compile(r"^\d{1,2}[/-]\d{1,2}$")  # ... followed by `09/07`
LONE_TIME_RE = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")  # ... and maybe `19:02`
# A name field's label alone in its table cell, its value in the next cell (`作者：` | `某某`).
LABEL_ONLY_RE = re.compile(
    r"^(?:作\s?者|来\s?源|(?:稿件|信息|文章)来源|责任编辑|编\s?辑|责编|撰\s?稿|撰\s?文)\s*[:：]$"
)
COLON_RE = re.compile(r"[:：]")  # a cell with a colon is a field of its own, not a value
LONE_PEN_NAME_RE = re.compile(
    r"^[\u3400-\u9fff]{2,4}$"
)  # a short run of ideographs and nothing else
MENU_REASONS = frozenset({"breadcrumb", "navigation", "prev_next", "related"})  # no fields there
TAIL_RANK = 10  # dates after the body (comments, related links) lose to any date above it
# Brackets that open a closing credit at the end of a paragraph.
CREDIT_OPENERS = "（(【["
CREDIT_CLOSERS = " ）)】]。."  # what may follow a closing credit on its line
EDITOR_LABELS = ("责任编辑", "责编", "编辑")  # where an unbracketed closing editor credit starts


@dataclass(frozen=True, slots=True)
class Fields:
    """What the page says about the article: when, from whom, by whom, edited by whom.

    `lone_names` are names printed alone on a line beside the headline or date, with no label:
    common words pass as names there, so the page's own author hints go before them.
    """

    published: PublishedDate | None
    source: str | None
    authors: tuple[str, ...]
    editor: str | None
    lone_names: tuple[str, ...] = ()


NO_FIELDS = Fields(None, None, (), None)


@dataclass(frozen=True, slots=True)
class Vote:
    """Fields one line offers, with how sure its date is (lower rank is surer)."""

    rank: int
    fields: Fields


@dataclass(frozen=True, slots=True)
class DateSettings:
    """How to read the dates of one site."""

    timezone: str = "Asia/Shanghai"
    day_first: bool | None = None


def merge(fields: Fields, other: Fields) -> Fields:
    """Fill the fields still empty in `fields` from `other`."""
    return Fields(
        fields.published or other.published,
        fields.source or other.source,
        fields.authors or other.authors,
        fields.editor or other.editor,
        fields.lone_names or other.lone_names,
    )


def read_fields(line: str, dates: DateSettings) -> tuple[Fields, list[tuple[int, int]]]:
    """Read every field one line holds, with the spans they came from."""
    source, authors, editor = parse_source(line), parse_authors(line), parse_editor(line)
    date = find_date(line, timezone=dates.timezone, day_first=dates.day_first)
    if authors is None and (date is not None or source is not None):
        authors = parse_bracketed_name(line)
    if authors is None and date is not None:
        authors = _name_before(line, line.find(date.raw))
    spans = [found.span for found in (source, authors, editor) if found is not None]
    if date is not None:
        start = line.find(date.raw)
        spans.append((start, start + len(date.raw)))
    fields = Fields(
        date,
        source.value if source and source.value else None,
        authors_of(authors),
        editor.value if editor else None,
    )
    return fields, spans


def _name_before(line: str, end: int) -> Found | None:
    """Read a lone name printed just before the date of an info bar (`某某 2015-06-21 …`)."""
    before = line[:end].strip(" \u3000|｜")
    name = byline_name(before) if end > 0 else None
    if name is None and LONE_PEN_NAME_RE.match(before) and not INFO_WORDS_RE.search(before):
        name = before  # a pen name of ideographs (`某某一某`) standing alone before the date
    return Found(name, (0, end)) if name else None


def field_line(line: str, dates: DateSettings) -> Fields | None:
    """Return the fields of an info-bar or byline line, None when the line is text."""
    if is_prose(line) or len(line) > MAX_FIELD_LINE:
        return None
    fields, spans = read_fields(line, dates)
    if not spans:
        return None
    residue = "".join(ch for i, ch in enumerate(line) if not any(a <= i < b for a, b in spans))
    residue = INFO_WORDS_RE.sub("", chrome.INFO_BAR_RE.sub("", residue))
    return fields if cjk_count(residue) <= FIELD_RESIDUE_CJK else None


def _at_end(found: Found | None, line: str) -> Found | None:
    """Keep a find only when it closes the line (brackets aside) and does not start it."""
    if found is None or found.span[0] == 0:
        return None
    return found if not line[found.span[1] :].strip(CREDIT_CLOSERS) else None


def closing_fields(raw: str, text: str) -> tuple[str, Fields]:
    """Strip a closing `（记者 某某）` / `（责任编辑：某某）` from a paragraph and read it.

    `raw` is the paragraph with its spaces (they separate the names); `text` the repaired one.
    """
    credit = _at_end(parse_closing_credit(raw), raw)
    editor = _at_end(parse_editor(raw), raw)
    if credit is None and editor is None:
        return text, NO_FIELDS
    cut = max(text.rfind(opener) for opener in CREDIT_OPENERS)
    if cut <= 0 and editor is not None:
        cut = next((p for p in (text.rfind(label) for label in EDITOR_LABELS) if p > 0), -1)
    kept = text[:cut].rstrip() if cut > 0 else text
    return kept, Fields(None, None, authors_of(credit), editor.value if editor else None)


def vote(line: str, fields: Fields, base_rank: int) -> Vote:
    """Pair a line's fields with the rank of its date (lower is surer)."""
    date = fields.published
    return Vote(base_rank + (date_rank(line, date) if date else 0), fields)


def link_line(line: str) -> str | None:
    """Return why a line links to other articles (its dates are theirs, not this one's)."""
    if chrome.PREV_NEXT_RE.match(line):
        return "prev_next"
    return "related" if chrome.RELATED_RE.match(line) else None


def join_split_dates(lines: Sequence[str]) -> list[str]:
    """Join a date printed over separate lines (`2019` / `09/07` / `19:02`) into one line."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if LONE_YEAR_RE.match(line) and MONTH_DAY_RE.match(following):
            parts = [line, following.replace("/", "-")]
            index += 2
            if index < len(lines) and LONE_TIME_RE.match(lines[index]):
                parts.append(lines[index])
                index += 1
            out.append(f"{parts[0]}-{' '.join(parts[1:])}")
            continue
        out.append(line)
        index += 1
    return out


def label_value(previous: str, line: str) -> bool:
    """Tell whether `line` is the value of a name field whose label `previous` stood alone."""
    if not LABEL_ONLY_RE.match(previous) or not line or COLON_RE.search(line):
        return False
    return not is_prose(line) and len(line) <= MAX_FIELD_LINE


def join_split_labels(lines: Sequence[str]) -> list[str]:
    """Join a name field's label printed alone (`作者：`) with the value in the next cell."""
    out: list[str] = []
    for line in lines:
        if out and label_value(out[-1], line):
            out[-1] += line
            continue
        out.append(line)
    return out


def _dated(line: str, dates: DateSettings) -> bool:
    return find_date(line, timezone=dates.timezone, day_first=dates.day_first) is not None


def _lone_author(lines: Sequence[str], index: int, dates: DateSettings) -> str | None:
    """Return a name printed alone on its line right beside the date line (`某某` / `2015-…`)."""
    name = byline_name(lines[index])
    if name is None:
        return None
    beside = [*lines[max(index - 1, 0) : index], *lines[index + 1 : index + 2]]
    return name if any(_dated(line, dates) for line in beside) else None


def _labelled_byline(line: str) -> bool:
    """Tell a short `【文/某网专栏作者 某某】` byline, which reads like a menu, from a menu."""
    return AUTHOR_LABEL_RE.search(line) is not None and parse_authors(line) is not None


def _menu(line: str) -> bool:
    return chrome.line_chrome(line) in MENU_REASONS


def around_votes(
    lines: Sequence[str],
    dates: DateSettings,
    base_rank: int,
    *,
    below: bool = True,
    title: str = "",
) -> list[Vote]:
    """Read fields from lines outside the body (info bar, byline, footer); never prose.

    Below the body a related/previous-next heading ends the reading (what follows lists other
    articles, with their dates and bylines); above it (`below=False`) only that line is skipped.
    The headline's own line (`title`) gives no fields; a name alone under it is a byline.
    """
    votes: list[Vote] = []
    normalised = join_split_labels(join_split_dates([normalize_line(raw) for raw in lines]))
    title_key = matching_key(title)
    after_title = False
    for index, line in enumerate(normalised):
        under_title, after_title = after_title, bool(title_key) and matching_key(line) == title_key
        if link_line(line) or after_title:
            if below and not after_title:
                break
            continue
        if not line or is_prose(line) or len(line) > MAX_FIELD_LINE:
            continue
        lone = _lone_author(normalised, index, dates)
        if lone is None and under_title:
            lone = under_headline_name(line, title)
        if lone is not None:
            votes.append(Vote(base_rank, Fields(None, None, (), None, (lone,))))
        elif is_byline(line) or _labelled_byline(line) or not _menu(line):
            votes.append(vote(line, read_fields(line, dates)[0], base_rank))
    return votes


def decide(votes: Sequence[Vote]) -> Fields:
    """Combine votes in page order: the best-ranked date, the first of every other field."""
    dated = [v for v in votes if v.fields.published is not None]
    best = min(dated, key=lambda v: v.rank).fields.published if dated else None
    fields = Fields(best, None, (), None)
    for v in votes:
        fields = merge(fields, v.fields)
    return fields


def date_settings(rules: SiteRules, day_first: bool | None) -> DateSettings:
    """Return the date settings of a site, with the day order already decided."""
    return DateSettings(rules.timezone, day_first)
