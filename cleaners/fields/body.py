"""Clean an article's candidate lines: take the fields out, drop the chrome, repair the text.

lines ─▶ normalise ─▶ fields (date, 来源, byline, 编辑) ─▶ line chrome ─▶ unwrap hard breaks
      ─▶ tail cut ─▶ vendor lead-in / sales trailer ─▶ rejoin broken sentences ─▶ CleanBody
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cleaners.fields import chrome
from cleaners.fields.bylines import authors_of, is_organisation, parse_reported, parse_source
from cleaners.fields.dates import infer_day_first
from cleaners.fields.line_fields import (
    LABEL_ONLY_RE,
    TAIL_RANK,
    DateSettings,
    Fields,
    Vote,
    around_votes,
    closing_fields,
    date_settings,
    decide,
    field_line,
    label_value,
    link_line,
    vote,
)
from cleaners.fields.names import looks_like_name
from cleaners.fields.owners import under_headline_name
from cleaners.records import SiteRules
from cleaners.text.repair import (
    SPACE_RUN_RE,
    ends_sentence,
    is_prose,
    matching_key,
    normalize_line,
    rejoin_broken,
    unwrap_hard_breaks,
)

__all__ = ["CleanBody", "Fields", "clean_body"]

TITLE_SUFFIX_MAX = 40  # title + column names + site name: the extra part is this short at most
AUTHOR_ZONE = 3  # `本报记者某某发自…` leads are read from the first lines only
MIN_REPEAT_KEY = 15  # a repeated line this long is the page printing a paragraph twice
MIN_MIRROR_RUN = 2  # this many repeats in a row, in their first order, are a block printed twice


@dataclass(frozen=True, slots=True)
class CleanBody:
    """The cleaned paragraphs, the fields read on the way, and every removed line with why."""

    lines: tuple[str, ...]
    fields: Fields
    removed: tuple[tuple[str, str], ...]  # (line, reason)
    origins: tuple[tuple[int, ...], ...] = ()  # input indices behind each kept line


@dataclass(frozen=True, slots=True)
class _Line:
    """A repaired line, its whitespace-collapsed original, and the input indices behind it."""

    origin: tuple[int, ...]
    text: str
    raw: str


@dataclass(frozen=True, slots=True)
class _Settings:
    """What the cleaning of one page needs to know besides its lines."""

    rules: SiteRules
    dates: DateSettings
    title: str
    title_key: str
    drop_res: tuple[re.Pattern[str], ...]


def _title_repeat(key: str, title_key: str) -> bool:
    """Tell whether a line is the title again, maybe with column and site names after it."""
    if not title_key or not key.startswith(title_key):
        return False
    return len(key) - len(title_key) <= TITLE_SUFFIX_MAX


def _site_rule(line: str, settings: _Settings) -> str | None:
    """Return why the site's own rules drop a line (template, title repeat, drop_lines)."""
    key = matching_key(line)
    if key in settings.rules.template_lines:
        return "template"
    if _title_repeat(key, settings.title_key) and not ends_sentence(line):
        return "title"
    if any(pattern.search(line) for pattern in settings.drop_res):
        return "site_rule"
    return None


def _byline_name(line: _Line, previous: str | None, title: str) -> str | None:
    """Return a lone name printed right under the headline."""
    return under_headline_name(line.text, title) if previous in (None, "title", "fields") else None


def _past_head(kept: Sequence[_Line]) -> bool:
    """Tell whether the body has begun: more than one kept line, or a paragraph."""
    return len(kept) > 1 or any(is_prose(line.text) for line in kept)


def _classify(
    lines: Sequence[_Line], settings: _Settings
) -> tuple[list[_Line], list[tuple[str, str]], list[Vote]]:
    """Sort lines into kept text and removed chrome, reading fields on the way."""
    kept: list[_Line] = []
    removed: list[tuple[str, str]] = []
    votes: list[Vote] = []
    previous: str | None = None
    for line in lines:
        reason = _site_rule(line.text, settings) or link_line(line.text)
        found = None if reason else field_line(line.text, settings.dates)
        if found is None and not reason and LABEL_ONLY_RE.match(line.text):
            reason = "fields"  # a field's label whose value the page left empty (`责任编辑：`)
        head = not (reason or found or _past_head(kept))
        name = _byline_name(line, previous, settings.title) if head else None
        if found is None and name is not None:
            found = Fields(None, None, (), None, (name,))
        if found is not None:
            votes.append(vote(line.text, found, 0))
            reason = "fields"
        reason = reason or chrome.line_chrome(line.text)
        previous = reason
        if reason:
            removed.append((line.text, reason))
            continue
        text, closing = closing_fields(line.raw, line.text)
        votes.append(Vote(0, closing))
        if text:
            kept.append(_Line(line.origin, text, line.raw))
    return kept, removed, votes


def _unwrap(kept: Sequence[_Line]) -> list[_Line]:
    """Join the lines of paragraphs that an old page broke at a fixed width."""
    groups = unwrap_hard_breaks([line.text for line in kept])
    return [_join([kept[i] for i in group]) for group in groups]


def _join(parts: Sequence[_Line]) -> _Line:
    """Make one line of several consecutive ones."""
    origin = tuple(i for part in parts for i in part.origin)
    return _Line(origin, "".join(p.text for p in parts), " ".join(p.raw for p in parts))


def _drop_repeats(kept: list[_Line], removed: list[tuple[str, str]]) -> list[_Line]:
    """Drop a headline printed again under itself and a block the page prints twice.

    A single paragraph met twice elsewhere is kept: two photos may share one caption, a
    thread quotes a post, a paper repeats a pull quote, a spec table repeats rows; only a run
    of repeated paragraphs is a mirror.
    """
    keys = [matching_key(line.text) for line in kept]
    drop = _mirrored(keys, [line.text for line in kept])
    if len(keys) > 1 and len(keys[0]) >= MIN_REPEAT_KEY and keys[1] == keys[0]:
        drop.add(1)  # the topic over a thread or question, then the same words as its body
    removed.extend((kept[i].text, "repeat") for i in sorted(drop))
    return [line for i, line in enumerate(kept) if i not in drop]


def _mirrored(keys: Sequence[str], texts: Sequence[str]) -> set[int]:
    """Return the indices of runs of paragraphs repeating, in order, ones printed before them."""
    first: dict[str, int] = {}
    repeats: list[int] = []
    for index, key in enumerate(keys):
        if len(key) >= MIN_REPEAT_KEY and key in first and is_prose(texts[index]):
            repeats.append(index)
        first.setdefault(key, index)
    drop: set[int] = set()
    run: list[int] = []
    for index in repeats:
        if run and (index != run[-1] + 1 or first[keys[index]] != first[keys[run[-1]]] + 1):
            drop.update(run if len(run) >= MIN_MIRROR_RUN else ())
            run = []
        run.append(index)
    drop.update(run if len(run) >= MIN_MIRROR_RUN else ())
    return drop


def _cut_tail(kept: list[_Line], removed: list[tuple[str, str]]) -> list[_Line]:
    """Drop 上一篇/下一篇 and the link lists after the article, and a sales trailer."""
    start = chrome.tail_start([line.text for line in kept])
    removed.extend((line.text, "tail_links") for line in kept[start:])
    kept = kept[:start]
    zone = max(0, len(kept) - chrome.TRAILER_ZONE)
    trailer = [line for line in kept[zone:] if chrome.sales_trailer(line.text)]
    removed.extend((line.text, "sales_trailer") for line in trailer)
    bios = [line for line in kept[zone:] if chrome.author_bio(line.text) and line not in trailer]
    removed.extend((line.text, "author_bio") for line in bios)
    trailer += bios
    return [line for line in kept if line not in trailer]


def _strip_lead(kept: list[_Line], removed: list[tuple[str, str]]) -> list[_Line]:
    """Remove a vendor lead-in glued to one of the first sentences."""
    out = list(kept)
    for position, line in enumerate(out[: chrome.LEAD_ZONE]):
        text = chrome.strip_vendor_lead(line.text)
        if text != line.text:
            removed.append((line.text[: len(line.text) - len(text)], "vendor_lead"))
            out[position] = _Line(line.origin, text, line.raw)
            break
    return out


def _lead_authors(kept: Sequence[_Line]) -> tuple[str, ...]:
    """Read reporters named in the first sentences (`本报记者某某发自北京`, `某某/摄`)."""
    for line in kept[:AUTHOR_ZONE]:
        names = authors_of(parse_reported(line.raw))
        if names:
            return names
    return ()


def _closing_source_credit(fields: Fields, closing: Sequence[str]) -> Fields:
    """Read a `来源：某某` closing the article that names a person: its writer, not a publisher."""
    for line in closing:
        text = normalize_line(line)
        found = None if is_prose(text) else parse_source(text)
        if found and looks_like_name(found.value) and not is_organisation(found.value):
            source = None if fields.source == found.value else fields.source
            return replace(fields, authors=(found.value,), source=source)
    return fields


def _settings(lines: Sequence[str], rules: SiteRules, title: str | None) -> _Settings:
    """Collect what cleaning this page needs: day order, title key, compiled site rules."""
    day_first = rules.day_first if rules.day_first is not None else infer_day_first(lines)
    drop_res = tuple(re.compile(pattern) for pattern in rules.drop_lines)
    dates = date_settings(rules, day_first)
    return _Settings(rules, dates, title or "", matching_key(title or ""), drop_res)


def _prepare(lines: Sequence[str]) -> list[_Line]:
    """Normalise every line, keeping its original and index; drop blank ones, join split labels."""
    prepared = (
        _Line((i,), normalize_line(raw), SPACE_RUN_RE.sub(" ", raw).strip())
        for i, raw in enumerate(lines)
    )
    joined: list[_Line] = []
    for line in (line for line in prepared if line.text):
        if joined and label_value(joined[-1].text, line.text):
            joined[-1] = _join([joined[-1], line])  # `作者：` | `某某` in two table cells
        else:
            joined.append(line)
    return joined


def clean_body(
    lines: Sequence[str],
    rules: SiteRules,
    *,
    title: str | None = None,
    head: Sequence[str] = (),
    tail: Sequence[str] = (),
    thread: bool = False,
) -> CleanBody:
    """Clean candidate body paragraphs: fields out, chrome out, text repaired.

    `head` (around the title) and `tail` (after the body) are searched for fields, never kept;
    dates in the tail count only when nothing above names one. A `thread`'s lines are posts:
    a run of short replies at its end is no list of links to cut.
    """
    # A thread's first line is its topic or question: the posts' text, not a headline repeat.
    settings = _settings([*head, *lines], rules, None if thread else title)
    kept, removed, votes = _classify(_prepare(lines), settings)
    head_votes = around_votes(head, settings.dates, 0, below=False, title=settings.title)
    fields = decide(head_votes + votes + around_votes(tail, settings.dates, TAIL_RANK))
    kept = _drop_repeats(_unwrap(kept), removed)
    kept = _strip_lead(kept if thread else _cut_tail(kept, removed), removed)
    if not fields.authors:
        fields = replace(fields, authors=_lead_authors(kept))
    if not fields.authors:
        fields = _closing_source_credit(fields, [*lines[-1:], *tail[:1]])
    groups = rejoin_broken([line.text for line in kept])
    texts = tuple("".join(kept[i].text for i in group) for group in groups)
    origins = tuple(tuple(j for i in group for j in kept[i].origin) for group in groups)
    return CleanBody(texts, fields, tuple(removed), origins)
