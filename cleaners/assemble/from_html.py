"""Build one corpus record from one fetched page: decode, extract, clean, pick the fields."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import htmldate
from lxml import etree
from lxml import html as lxml_html

from cleaners import __version__
from cleaners.assemble.attached import record_attachments
from cleaners.extract.markup_depth import MAX_MARKUP_DEPTH, bytes_depth
from cleaners.extract.page import Extracted, extract_html
from cleaners.extract.script_shell import is_challenge, shell_redirect
from cleaners.fields.body import CleanBody, Fields, clean_body
from cleaners.fields.bylines import is_nobody
from cleaners.fields.dates import PublishedDate, date_from_url, parse_date
from cleaners.fields.owners import site_owners
from cleaners.fields.relative_dates import relative_date
from cleaners.records import Dropped, Page, Record, SiteRules, record_id, text_sha256
from cleaners.text.decode import Decoded, decode_html, is_html_type

BINARY = "\x00"  # NUL never occurs in a text page (UTF-16 pages carry a BOM and decode first)
SNIFF_CHARS = 2048  # where a binary body shows itself
REPLACEMENT = "\ufffd"
MAX_DAMAGED_SHARE = 0.02  # more undecodable bytes than this: no charset fits, the text is noise
MIN_TEXT_CHARS = 30  # fewer non-space characters than this after cleaning is no article
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LETTER = re.compile(r"[^\W\d_]")
ZH_SHARE = 0.3  # a text whose letters are this much CJK is Chinese (quotes of English are common)
UNDETERMINED = "und"  # BCP 47 for "language not known"
# meta author values that name an organisation (publisher, newsroom, site), not a person.
ORGANISATION = re.compile(
    r"出版|公司|网|报|刊|社|台|中心|频道|编辑部|委员会|政府|办公|publish|press|news|media|inc\b|ltd|"
    r"\.(?:com|net|org|cn)\b|支部|党委|科技|财经|自媒体|综合|编辑",
    re.I,
)
NAME_SEPARATORS = re.compile(r"[,;，；、/|]+")
MAX_NAME_CHARS = 20  # a longer meta "author" is a description, not a name
MAX_CJK_NAME_CHARS = 6  # ideographs only: names and pen names are short, longer is a phrase
CJK_ONLY = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·]+$")
MAX_META_NAMES = 3  # more names than this in one meta tag is a keyword list
DIGIT = re.compile(r"\d")  # a numeric id or staff number is never a name
# A user handle a page marks as its author (`abcd1234`): letters first, then a few digits; a
# longer digit run (a date, a phone number) makes it a generated id.
META_HANDLE = re.compile(r"^[A-Za-z][A-Za-z_.\-]{1,15}\d{0,4}$")
CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")  # `赵  培` is 赵培


def _lang(text: str, declared: str | None) -> str:
    letters = len(LETTER.findall(text))
    if letters and len(CJK.findall(text)) / letters >= ZH_SHARE:
        return "zh"
    if declared and declared != "zh":
        return declared
    return "en" if letters and text.isascii() else UNDETERMINED


def meta_people(extracted: Extracted) -> tuple[str, ...]:
    """Return the person names among the page's meta/JSON-LD authors."""
    names: list[str] = []
    for value in extracted.meta_authors:
        parts = [p.strip() for p in NAME_SEPARATORS.split(value) if p.strip()]
        if len(parts) > MAX_META_NAMES or any(ORGANISATION.search(p) for p in parts):
            continue
        joined = (CJK_GAP.sub("", p) for p in parts if len(p) <= MAX_NAME_CHARS)
        names.extend(n for n in joined if len(n) <= MAX_CJK_NAME_CHARS or not CJK_ONLY.match(n))
    people = set(person_names(tuple(names)))
    handles = {n for n in names if META_HANDLE.match(n) and person_names((DIGIT.sub("", n),))}
    return tuple(n for n in dict.fromkeys(names) if n in people or n in handles)


def person_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """Keep the names that can be people's: no digits (ids, staff numbers), no organisations."""
    return tuple(
        n for n in names if not DIGIT.search(n) and not ORGANISATION.search(n) and not is_nobody(n)
    )


def _meta_date(extracted: Extracted, rules: SiteRules) -> PublishedDate | None:
    for raw in extracted.meta_dates:
        found = parse_date(raw, timezone=rules.timezone, day_first=rules.day_first)
        if found:
            return found
    return None


def _day(date: PublishedDate | None) -> str | None:
    return date.iso[:10] if date else None


def pick_date(
    extracted: Extracted,
    fields: Fields,
    rules: SiteRules,
    vote: Callable[[], PublishedDate | None] = lambda: None,
    fallback: Callable[[], PublishedDate | None] = lambda: None,
    relative: Callable[[], PublishedDate | None] = lambda: None,
) -> PublishedDate | None:
    """Choose the publication date: a configured selector, the info bar, meta tags, the URL.

    The visible info bar goes before meta tags: it is what the page tells its readers, while
    meta values are often template defaults or times of the last edit. When the info bar's day
    disagrees with a meta date, the info bar may have caught another date (a related story's,
    an event's): the URL's day, else `vote` (htmldate's reading of the page), decides. An
    article page that names no date anywhere else takes `fallback`'s, else `relative`'s (a
    stamp like `3小时前` read against the fetch time); a thread's posts differ.
    """
    if rules.selectors.get("date"):
        selected = _meta_date(extracted, rules)  # the selector's text leads meta_dates
        if selected:
            return selected
    meta = _meta_date(extracted, rules)
    from_url = date_from_url(extracted.url, timezone=rules.timezone)
    visible = fields.published
    if visible and meta and _day(visible) != _day(meta):
        if _day(meta) == _day(from_url):
            return meta
        if from_url is None and _day(meta) == _day(vote()):
            return meta
    found = visible or meta or from_url
    if found is None and extracted.method != "thread":
        return fallback() or relative()
    return found


def htmldate_vote(html: str, url: str, rules: SiteRules) -> PublishedDate | None:
    """Ask htmldate for the page's original date: one vote where the info bar and meta differ.

    The page is parsed here (never handed over as a string: htmldate fetches strings that look
    like URLs), and only on the pages where the vote is asked for. htmldate alone is no source:
    on a page with no date of its own it reads the related stories' dates.
    """
    try:
        tree = lxml_html.document_fromstring(html)
    except (ValueError, etree.ParserError):
        return None
    found = htmldate.find_date(tree, url=url, original_date=True, extensive_search=False)
    return parse_date(found, timezone=rules.timezone) if found else None


def machine_written(html: str, date: PublishedDate) -> bool:
    """Tell whether the source states the date for programs: ISO with a time, or datetime=."""
    day = re.escape(date.iso[:10])
    return re.search(rf"{day}T\d{{2}}:\d{{2}}|datetime=[\"']?{day}", html) is not None


def htmldate_fallback(html: str, url: str, rules: SiteRules) -> PublishedDate | None:
    """Ask htmldate for the date of a page that names none where readers look.

    Its answer counts only when the source also states that day for programs (a JSON or
    <time> timestamp): a date htmldate read from text may be another story's or a
    two-digit year read the wrong way round.
    """
    found = htmldate_vote(html, url, rules)
    return found if found is not None and machine_written(html, found) else None


def _record(
    page: Page,
    extracted: Extracted,
    cleaned: CleanBody,
    decoded: Decoded,
    rules: SiteRules,
) -> Record:
    text = "\n".join(cleaned.lines)
    encoding = decoded.encoding
    published = pick_date(
        extracted,
        cleaned.fields,
        rules,
        lambda: htmldate_vote(decoded.text, page.url, rules),
        lambda: htmldate_fallback(decoded.text, page.url, rules),
        lambda: relative_date(extracted.head, page.fetched_at, timezone=rules.timezone),
    )
    return Record(
        id=record_id(page.url),
        url=page.url,
        site=page.site,
        site_name=extracted.site_name,
        title=extracted.title,
        text=text,
        published_at=published.iso if published else None,
        published_precision=published.precision if published else None,
        published_raw=published.raw if published else None,
        source=cleaned.fields.source or extracted.site_name,
        authors=person_names(cleaned.fields.authors)
        or meta_people(extracted)
        or person_names(site_owners(extracted.footer))
        or person_names(cleaned.fields.lone_names),
        editor=cleaned.fields.editor,
        lang=_lang(text, extracted.lang),
        fetched_at=page.fetched_at,
        encoding=encoding,
        raw=page.warc,
        content_sha256=text_sha256(text),
        duplicate_of=None,
        pipeline=__version__,
    )


def build_record(page: Page, rules: SiteRules) -> Record | Dropped:
    """Turn a fetched page (with its further pages and files) into a record, or say why not.

    An article split over pages is one record: the text of every page in order, the fields
    of the first; its attachments are the files all its pages link to.
    """
    read = _read_page(page, rules)
    if isinstance(read, Dropped):
        return read
    extracted, cleaned, decoded = read
    lines = list(cleaned.lines)
    for part in page.parts:  # a part that holds no article text adds none
        if bytes_depth(part.body) > MAX_MARKUP_DEPTH:  # before any parser sees the part
            detail = f"{part.url}: elements nest more than {MAX_MARKUP_DEPTH} deep"
            return Dropped("extract", "too_deep", page.url, detail)
        part_read = _read_page(part, rules)
        if not isinstance(part_read, Dropped):
            lines += part_read[1].lines
    if sum(len(line.replace(" ", "")) for line in lines) < MIN_TEXT_CHARS:
        return Dropped("clean", "too_short", page.url, f"{len(lines)} lines")
    record = _record(page, extracted, replace(cleaned, lines=tuple(lines)), decoded, rules)
    pages = (page.url, *(part.url for part in page.parts))
    return replace(record, pages=pages, attachments=record_attachments(page))


def _read_page(page: Page, rules: SiteRules) -> tuple[Extracted, CleanBody, Decoded] | Dropped:
    """Decode, extract and clean one page; return what it says and its text, or a drop."""
    content_type = page.header("content-type")
    if not is_html_type(content_type):
        return Dropped("decode", "not_html", page.url, content_type or "")
    if is_challenge(page.body, page.status):  # an anti-bot script stored in another tool's WARC
        return Dropped("blocked", "challenge", page.url, f"HTTP {page.status}")
    if (target := shell_redirect(page.body, page.url)) is not None:  # another tool's WARC
        return Dropped("extract", "redirect_shell", page.url, target)
    decoded = decode_html(page.body, content_type)
    if BINARY in decoded.text[:SNIFF_CHARS]:
        return Dropped("decode", "not_html", page.url, "binary content")
    damaged = decoded.text.count(REPLACEMENT) / max(len(decoded.text), 1)
    if decoded.fallback and damaged > MAX_DAMAGED_SHARE:
        return Dropped("decode", "undecodable", page.url, f"{damaged:.1%} bad bytes")
    extracted = extract_html(decoded.text, page.url, rules)
    if isinstance(extracted, Dropped):
        return extracted
    cleaned = clean_body(
        extracted.body,
        rules,
        title=extracted.title,
        head=extracted.head,
        tail=extracted.tail,
        thread=extracted.method == "thread",
    )
    return extracted, cleaned, decoded
