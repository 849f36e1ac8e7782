"""The records that flow between stages, each a frozen value.

Page ─▶ (decode, extract, clean) ─▶ Record
                                     └──▶ Dropped (stage, reason, url)
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
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
class Page:
    """One HTTP response as stored: what every source of pages (network, WARC, text) yields."""

    url: str  # canonical URL after redirects
    site: str  # source key from sources.toml, or "import"
    status: int
    headers: tuple[tuple[str, str], ...]  # as received, names in their original case
    body: bytes  # after content-decoding (gzip/br removed)
    fetched_at: str  # UTC ISO 8601, "2026-11-23T00:15:00Z"
    warc: WarcPointer | None = None
    kind: PageKind = "html"  # "text": a text dump import-text stored, for the text cleaner
    parts: tuple[Page, ...] = ()  # the article's further pages, in order (page 2 on)
    files: tuple[Page, ...] = ()  # the attachments fetched for it, any media type

    def header(self, name: str) -> str | None:
        """Return the first header called `name` (case-insensitive), if any."""
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)


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
    """A document a stage refused, with the reason: data, never a silent None."""

    stage: str  # "fetch", "decode", "extract", "clean", "dedup", "import"
    reason: str  # short snake_case key, counted per reason: "soft_404", "too_short", ...
    url: str
    detail: str = ""
    warc: WarcPointer | None = None


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


def record_id(canonical_url: str) -> str:
    """Return the stable id of a document: a hash of its canonical URL."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:24]


def text_sha256(text: str) -> str:
    """Return the hex SHA-256 of the stored text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
