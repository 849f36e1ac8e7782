"""The records that flow between stages, each a frozen value.

A page keeps one shape from the fetch (or the WARC read) to the written line; each stage
returns it enriched with `dataclasses.replace`:

    Page(url, site, bytes, kind, warc)                       fetch, WARC read, import-text
      ─▶ build (decode, extract, clean, fields)  ─▶ Page(outcome=Record | Dropped,
                                                          fingerprint of the record's text)
      ─▶ commit (template lines, dedup, write)   ─▶ Page(outcome=Record with duplicate_of,
                                                          or Dropped(stage, reason, detail))

A page dropped at any stage (a fetch refused, an extraction, a template-only text) is a Page
whose outcome is a Dropped: its reason is counted and its line goes to rejects/ with the
page's WARC pointer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

Precision = Literal["second", "minute", "day"]
PageKind = Literal["html", "text"]  # how a page is cleaned: as a web page, or as a text dump


@dataclass(frozen=True, slots=True)
class WarcPointer:
    """Where a response record sits in the raw store."""

    file: str  # path relative to the data dir, e.g. "raw/20261123T001500-00001.warc.gz"
    offset: int
    record_id: str


@dataclass(frozen=True, slots=True)
class SiteRules:
    """Per-source cleaning rules, built once from sources.toml and passed down."""

    site: str = "import"
    name: str | None = None  # configured site_name
    timezone: str = "Asia/Shanghai"
    selectors: Mapping[str, str] = field(default_factory=dict)  # title / body / date CSS
    drop_lines: tuple[str, ...] = ()  # extra regexes, matched against whole lines
    day_first: bool | None = None  # how to read "06.02.2017"; None: infer, and record it
    template_lines: frozenset[str] = frozenset()  # matching keys of lines repeated across the site


@dataclass(frozen=True, slots=True)
class Dropped:
    """A document a stage refused, with the reason: data, never a silent None.

    A page's drop is its Page's outcome: the page says where its response sits in raw/.
    """

    stage: str  # "fetch", "decode", "extract", "clean", "dedup", "import"
    reason: str  # short snake_case key, counted per reason: "soft_404", "too_short", ...
    url: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file an article links to: its name as shown, absolute URL, type, and text once read."""

    name: str
    url: str
    type: str  # pdf, doc, docx, xls, xlsx, wps, ofd, zip, rar
    text: str | None = None  # the file's text, when it was fetched and could be read

    def to_json_dict(self) -> dict[str, str]:
        """Return the attachment as written in a record (no "text" key when none was read)."""
        out = {"name": self.name, "url": self.url, "type": self.type}
        if self.text is not None:
            out["text"] = self.text
        return out


@dataclass(frozen=True, slots=True)
class Record:
    """One corpus line, field for field the schema in flows/inspect/schema/record.schema.json."""

    id: str
    url: str
    site: str
    site_name: str
    title: str
    text: str
    published_at: str | None
    published_precision: Precision | None
    published_raw: str | None
    source: str
    authors: tuple[str, ...]
    editor: str | None
    lang: str
    fetched_at: str
    encoding: str
    raw: WarcPointer | None
    content_sha256: str
    duplicate_of: str | None
    pipeline: str
    pages: tuple[str, ...] = ()  # the article's page URLs in order; () means just `url`
    attachments: tuple[Attachment, ...] = ()

    def to_json_dict(self) -> dict[str, object]:
        """Return the record as the JSON object written to clean/ (stable key order)."""
        raw = (
            {"file": self.raw.file, "offset": self.raw.offset, "record_id": self.raw.record_id}
            if self.raw
            else None
        )
        return {
            "id": self.id,
            "url": self.url,
            "site": self.site,
            "site_name": self.site_name,
            "title": self.title,
            "text": self.text,
            "published_at": self.published_at,
            "published_precision": self.published_precision,
            "published_raw": self.published_raw,
            "source": self.source,
            "authors": list(self.authors),
            "editor": self.editor,
            "lang": self.lang,
            "fetched_at": self.fetched_at,
            "encoding": self.encoding,
            "raw": raw,
            "content_sha256": self.content_sha256,
            "duplicate_of": self.duplicate_of,
            "pipeline": self.pipeline,
            "pages": list(self.pages or (self.url,)),
            "attachments": [item.to_json_dict() for item in self.attachments],
        }


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the duplicate index stores and compares for one text (cleaners/corpus makes it)."""

    exact: str  # hex digest of the matching key; "" when the text has no key at all
    signature: bytes  # MinHash hash values (uint32, little-endian); b"" when too short
    shingles: int  # number of distinct shingles
    numbers: str  # every digit run, in text order, space-separated
    key: str = ""  # the matching key itself, for short texts (fingerprint.KEY_SHINGLES)


@dataclass(frozen=True, slots=True)
class Page:
    """One page from its fetch or WARC read to its written line: bytes in, outcome out.

    The decoded text, the extraction and the fields a build reads live on in its outcome (a
    Record's text, title and fields, or a Dropped's stage and reason): the intermediate values
    stay inside the build, where they are made, and never cross between processes.
    """

    url: str  # canonical URL after redirects
    site: str  # source key from sources.toml, or "import"
    status: int
    headers: tuple[tuple[str, str], ...]  # as received, names in their original case
    body: bytes  # after content-decoding (gzip/br removed); b"" once built (without_bytes)
    fetched_at: str  # UTC ISO 8601, "2026-11-23T00:15:00Z"
    warc: WarcPointer | None = None  # where its response sits in raw/; rejects name it too
    kind: PageKind = "html"  # "text": a text dump import-text stored, for the text cleaner
    parts: tuple[Page, ...] = ()  # the article's further pages, in order (page 2 on)
    files: tuple[Page, ...] = ()  # the attachments fetched for it, any media type
    outcome: Record | Dropped | None = None  # None until built; a fetch drop comes dropped
    fingerprint: Fingerprint | None = None  # of the outcome's text, made where it was built

    def header(self, name: str) -> str | None:
        """Return the first header called `name` (case-insensitive), if any."""
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)

    def without_bytes(self) -> Page:
        """Return the page without its bytes (body, parts, files): all a commit needs of it."""
        return replace(self, body=b"", parts=(), files=())


def record_id(canonical_url: str) -> str:
    """Return the stable id of a document: a hash of its canonical URL."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:24]


def text_sha256(text: str) -> str:
    """Return the hex SHA-256 of the stored text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
