"""Records from already-extracted text dumps (import-text): the same cleaners, no HTML.

A dump is the page's text top to bottom: header chrome (menus, slogans, the <title> with its
column and site names, breadcrumbs), the headline, the info bar, the article, then footer chrome.
The headline splits it: what comes before is header, searched for fields and never kept; the
rest goes through clean_body, whose tail rules handle the footer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cleaners import __version__
from cleaners.body import CleanBody, clean_body
from cleaners.chrome import line_chrome
from cleaners.dates import find_date
from cleaners.records import Dropped, Record, SiteRules, record_id, text_sha256
from cleaners.text import cjk_count, ends_sentence, matching_key, normalize_line

STAGE = "import"
HEAD_ZONE = 15  # the headline sits within the first lines of a dump
MAX_TITLE_CHARS = 80  # a longer first line is a paragraph, not a headline
MIN_TITLE_KEY = 6  # a shorter prefix of the first line is a word, not the headline
MIN_TEXT_CHARS = 20  # less text than this after cleaning is no article
ZH_SHARE = 0.2  # ideographs making up this share of the letters mark the text as Chinese
SPACE_RE_CHARS = " \t\u3000\u00a0"  # whitespace a title is stripped of


@dataclass(frozen=True, slots=True)
class TextParts:
    """A dump split at its headline: title, the header lines before it, the cleaned body."""

    title: str
    title_index: int | None  # line index of the headline in the dump
    head: tuple[str, ...]
    body: CleanBody
    body_offset: int  # index in the dump of the body's first line


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
    return cjk_count(line) > 0 and find_date(line) is None


def find_title(lines: Sequence[str]) -> int | None:
    """Return the index of the headline: the <title> line's own headline, else a first heading."""
    candidates = _substantive(lines)
    if not candidates:
        return None
    first = candidates[0]
    first_key = matching_key(lines[first])
    for index in candidates[1:]:
        key = matching_key(lines[index])
        if len(key) >= MIN_TITLE_KEY and key != first_key and first_key.startswith(key):
            return index
    return first if _headline(normalize_line(lines[first])) else None


def split_text(text: str, rules: SiteRules) -> TextParts:
    """Split a dump at its headline and clean the rest."""
    lines = text.splitlines()
    index = find_title(lines)
    title = normalize_title(lines[index]) if index is not None else ""
    offset = index + 1 if index is not None else 0
    head = tuple(lines[:offset])
    body = clean_body(lines[offset:], rules, title=title or None, head=head[:-1])
    return TextParts(title, index, head, body, offset)


def normalize_title(line: str) -> str:
    """Tidy a headline without the prose-only repairs (its spaces separate phrases)."""
    return " ".join(line.strip(SPACE_RE_CHARS).split())


def _lang(text: str) -> str:
    """Return `zh` when the text is mostly Chinese, else `und`."""
    letters = sum(1 for ch in text if ch.isalpha())
    return "zh" if letters and cjk_count(text) / letters >= ZH_SHARE else "und"


def build_text_record(
    text: str, *, url: str, site: str, rules: SiteRules, fetched_at: str, encoding: str
) -> Record | Dropped:
    """Clean one text dump into a Record (or say why not) with the HTML path's cleaners."""
    parts = split_text(text, rules)
    body = "\n".join(parts.body.lines)
    if len(body) < MIN_TEXT_CHARS:
        return Dropped(STAGE, "too_short", url, f"{len(body)} characters after cleaning")
    fields = parts.body.fields
    site_name = rules.name or site
    published = fields.published
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
        raw=None,
        content_sha256=text_sha256(body),
        duplicate_of=None,
        pipeline=__version__,
    )
