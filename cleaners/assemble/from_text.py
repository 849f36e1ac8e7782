"""Records from already-extracted text dumps (import-text): the same cleaners, no HTML.

A dump is the page's text top to bottom: header chrome (menus, slogans, the <title> with its
column and site names, breadcrumbs), the headline, the info bar, the article, then footer chrome.

    header ─ headline ─ info zone ─ article run ─ footer
    (fields)  (title)   (fields)    (clean_body)  (fields)

The headline is the line the <title> line starts with (else a first heading); the article run
is the stretch of lines richest in sentences (menus and link lists cost, sentences gain). Only
the article run, with subtitles and sentences of the info zone, can be kept; everything else is
searched for the date, source, byline and editor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cleaners import __version__
from cleaners.fields.body import CleanBody, clean_body
from cleaners.fields.chrome import BULLET_RE, line_chrome
from cleaners.fields.dates import PublishedDate, find_date
from cleaners.fields.line_fields import DateSettings, field_line
from cleaners.records import Dropped, Record, SiteRules, WarcPointer, record_id, text_sha256
from cleaners.text.repair import cjk_count, ends_sentence, is_prose, matching_key, normalize_line

STAGE = "import"
DATES = DateSettings()  # headline tests only ask whether a line holds a date at all
HEAD_ZONE = 60  # the headline sits within the first lines of a dump
MAX_TITLE_CHARS = 80  # a longer first line is a paragraph, not a headline
MIN_TITLE_KEY = 6  # a shorter prefix of the first line is a word, not the headline
MIN_TEXT_CHARS = 20  # less text than this after cleaning is no article
ZH_SHARE = 0.2  # ideographs making up this share of the letters mark the text as Chinese
SPACE_RE_CHARS = " \t\u3000\u00a0"  # whitespace a title is stripped of
LONG_LINE_CJK = 25  # a line with this many ideographs is text even unpunctuated (hard wraps)
SHORT_LINE_COST = 10  # what a non-prose line costs the article run, at most (menus add up)
# A subtitle line under the headline (——访某某), kept with the article.
SUBTITLE_RE = re.compile(r"^\s*(?:——|──|--|—)")
# Separators before the column and site names a <title> carries (标题_栏目_站名, 标题 - 站名).
TITLE_SUFFIX_RE = re.compile(r"\s*(?:_|\s[-|｜–—]\s|--|——)\s*[^_]{1,30}$")


@dataclass(frozen=True, slots=True)
class TextParts:
    """A dump split at its headline: title, the header lines before it, the cleaned body."""

    title: str
    title_index: int | None  # line index of the headline in the dump
    head: tuple[str, ...]  # lines searched for fields and never kept
    body: CleanBody
    line_map: tuple[int, ...]  # dump line index of each line handed to clean_body
    footer: tuple[int, ...] = ()  # dump lines after the article run: fields only, never kept


def _substantive(lines: Sequence[str]) -> list[int]:
    """Return indices of the first lines that are neither blank nor chrome."""
    found: list[int] = []
    for index, raw in enumerate(lines[:HEAD_ZONE]):
        line = normalize_line(raw)
        if line and line_chrome(line) is None:
            found.append(index)
    return found


def _headline(line: str) -> bool:
    """Tell whether a line looks like a headline: short, not a sentence, not a date stamp."""
    if not line or len(line) > MAX_TITLE_CHARS or ends_sentence(line):
        return False
    return cjk_count(line) > 0 and find_date(line) is None and field_line(line, DATES) is None


def find_title_span(lines: Sequence[str]) -> tuple[int, int] | None:
    """Return the first and last line of the headline, if the dump has one."""
    candidates = _substantive(lines)
    if not candidates:
        return None
    first = candidates[0]
    first_key = matching_key(lines[first])
    for position, index in enumerate(candidates[1:], start=1):
        key = matching_key(lines[index])
        if len(key) >= MIN_TITLE_KEY and key != first_key and first_key.startswith(key):
            following = candidates[position + 1 : position + 2]
            if following and first_key.startswith(key + matching_key(lines[following[0]])):
                return index, following[0]  # a headline broken over two lines
            return index, index
    return _first_heading(lines, candidates)


def _first_heading(lines: Sequence[str], candidates: Sequence[int]) -> tuple[int, int] | None:
    """Return the first headline-like line, passing over menu words too short to be one."""
    for index in candidates:
        text = normalize_line(lines[index])
        if len(matching_key(text)) >= MIN_TITLE_KEY or ends_sentence(text):
            return (index, index) if _headline(text) else None
    return None


def _score(line: str) -> int:
    """Score a line for the article run: sentences gain their length, other lines cost."""
    text = normalize_line(line)
    if not text:
        return 0
    if _sentence_like(text) and line_chrome(text) is None and not BULLET_RE.match(text):
        return cjk_count(text)
    return -min(len(text), SHORT_LINE_COST)


def _sentence_like(text: str) -> bool:
    """Tell whether a line is text to read: prose, a finished sentence, or a long wrapped line."""
    return is_prose(text) or ends_sentence(text) or cjk_count(text) >= LONG_LINE_CJK


def article_run(lines: Sequence[str]) -> tuple[int, int] | None:
    """Return the first and last index of the run of lines richest in prose."""
    best: tuple[int, int] | None = None
    best_sum, start, total = 0, 0, 0
    for index, line in enumerate(lines):
        if total <= 0:
            start, total = index, 0
        total += _score(line)
        if total > best_sum:
            best, best_sum = (start, index), total
    return best


def _sort_lines(lines: Sequence[str], offset: int) -> tuple[list[int], list[int], list[int]]:
    """Split the lines after the headline into info zone, article, and footer (dump indices)."""
    run = article_run(lines)
    if run is None:
        return [], list(range(offset, offset + len(lines))), []
    start, end = run
    info: list[int] = []
    body: list[int] = []
    for index in range(start):
        text = normalize_line(lines[index])
        keep = _sentence_like(text) or bool(SUBTITLE_RE.match(text))
        (body if keep else info).append(offset + index)
    body += list(range(offset + start, offset + end + 1))
    return info, body, list(range(offset + end + 1, offset + len(lines)))


def split_text(text: str, rules: SiteRules) -> TextParts:
    """Split a dump at its headline, find the article run, and clean it."""
    lines = text.splitlines()
    span = find_title_span(lines)
    title = (
        strip_site_suffix(" ".join(normalize_title(lines[i]) for i in sorted(set(span))))
        if span
        else ""
    )
    offset = span[1] + 1 if span else 0
    info, body, footer = _sort_lines(lines[offset:], offset)
    head = tuple(lines[i] for i in [*range(span[0] if span else 0), *info])
    cleaned = clean_body(
        [lines[i] for i in body], rules, title=title or None, head=head,
        tail=[lines[i] for i in footer],
    )  # fmt: skip
    return TextParts(title, span[0] if span else None, head, cleaned, tuple(body), tuple(footer))


def strip_site_suffix(title: str) -> str:
    """Remove `_栏目_站名` / ` - 站名` from a <title>-style headline."""
    match = TITLE_SUFFIX_RE.search(title)
    if match is None or match.start() < MIN_TITLE_KEY:
        return title
    return strip_site_suffix(title[: match.start()])


def normalize_title(line: str) -> str:
    """Tidy a headline without the prose-only repairs (its spaces separate phrases)."""
    return " ".join(line.strip(SPACE_RE_CHARS).split())


def lead_date(lines: Sequence[str], rules: SiteRules) -> PublishedDate | None:
    """Read a full date from the lead paragraph: a dump's last place to state its day."""
    if not lines:
        return None
    return find_date(lines[0], timezone=rules.timezone, day_first=rules.day_first)


def _lang(text: str) -> str:
    """Return `zh` when the text is mostly Chinese, else `und`."""
    letters = sum(1 for ch in text if ch.isalpha())
    return "zh" if letters and cjk_count(text) / letters >= ZH_SHARE else "und"


def build_text_record(
    text: str, *, url: str, site: str, rules: SiteRules, fetched_at: str, encoding: str,
    raw: WarcPointer | None = None,
) -> Record | Dropped:  # fmt: skip
    """Clean one text dump into a Record (or say why not) with the HTML path's cleaners."""
    parts = split_text(text, rules)
    body = "\n".join(parts.body.lines)
    if len(body) < MIN_TEXT_CHARS:
        return Dropped(STAGE, "too_short", url, f"{len(body)} characters after cleaning")
    fields = parts.body.fields
    site_name = rules.name or site
    published = fields.published or lead_date(parts.body.lines, rules)
    return Record(
        id=record_id(url),
        url=url,
        site=site,
        site_name=site_name,
        title=parts.title,
        text=body,
        published_at=published.iso if published else None,
        published_precision=published.precision if published else None,
        published_raw=published.raw if published else None,
        source=fields.source or site_name,
        authors=fields.authors,
        editor=fields.editor,
        lang=_lang(body),
        fetched_at=fetched_at,
        encoding=encoding,
        raw=raw,
        content_sha256=text_sha256(body),
        duplicate_of=None,
        pipeline=__version__,
    )
