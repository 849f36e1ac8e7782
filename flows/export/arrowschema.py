"""The Arrow schema of an exported record, and the checked conversion of a JSON record to a row.

The schema is written out field by field, never inferred from the data: a month whose `editor`
is always null stays a string column, and an article without authors stays `list<string>`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import pyarrow as pa

from flows.config import SOURCE_KEY

# The sites' local time is Asia/Shanghai unless configured; a fixed +08:00 (its offset since
# 1991) keeps the wall clock as the pages wrote it for every year, so a month or day taken from
# the column is the one the page said. Every instant stays exact whatever offset a record has.
PUBLISHED_ZONE = "+08:00"
FETCHED_ZONE = "UTC"  # fetched_at is written in UTC (the WARC date)
TIME_UNIT = "us"  # microseconds: what pandas, polars, DuckDB and Spark all read natively
# dictionary<int32, string>: the type pyarrow and pandas give a hive partition key, so a file's
# own `site` column and the `site=KEY` folder agree and the folder's dataset reads as one
LOW_CARDINALITY = pa.dictionary(pa.int32(), pa.string())
PRECISIONS = frozenset({"second", "minute", "day"})  # published_precision when not null
RAW_TYPE = pa.struct(
    [
        pa.field("file", pa.string(), nullable=False),
        pa.field("offset", pa.int64(), nullable=False),
        pa.field("record_id", pa.string(), nullable=False),
    ]
)
ATTACHMENT_TYPE = pa.struct(
    [
        pa.field("name", pa.string()),
        pa.field("url", pa.string()),
        pa.field("type", pa.string()),
        pa.field("text", pa.string()),
    ]
)
ATTACHMENT_KEYS = tuple(field.name for field in ATTACHMENT_TYPE)
# fields a record may lack (added after older corpora were written): exported as []
OPTIONAL_LISTS = frozenset({"pages", "attachments"})

RECORD_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("url", pa.string(), nullable=False),
        pa.field("site", LOW_CARDINALITY, nullable=False),
        pa.field("site_name", pa.string(), nullable=False),
        pa.field("title", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("published_at", pa.timestamp(TIME_UNIT, tz=PUBLISHED_ZONE)),
        pa.field("published_precision", LOW_CARDINALITY),
        pa.field("published_raw", pa.string()),
        pa.field("source", pa.string(), nullable=False),
        pa.field("authors", pa.list_(pa.string()), nullable=False),
        pa.field("editor", pa.string()),
        pa.field("lang", pa.string(), nullable=False),
        pa.field("fetched_at", pa.timestamp(TIME_UNIT, tz=FETCHED_ZONE), nullable=False),
        pa.field("encoding", pa.string(), nullable=False),
        pa.field("raw", RAW_TYPE),
        pa.field("content_sha256", pa.string(), nullable=False),
        pa.field("duplicate_of", pa.string()),
        pa.field("pipeline", pa.string(), nullable=False),
        pa.field("pages", pa.list_(pa.string()), nullable=False),
        pa.field("attachments", pa.list_(ATTACHMENT_TYPE), nullable=False),
    ],
    metadata={"portal-corpus": "one record per row; see record.schema.json for the fields"},
)
FIELDS = frozenset(RECORD_SCHEMA.names)


class BadRecord(ValueError):
    """A record's field does not have the type the schema gives it."""


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise BadRecord(f"expected a string, got {_kind(value)}")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _moment(value: Any) -> datetime:
    text = _text(value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadRecord(f"{value!r} is not an ISO 8601 date") from None
    if moment.tzinfo is None:
        raise BadRecord(f"{value!r} has no UTC offset")
    return moment


def _optional_moment(value: Any) -> datetime | None:
    return None if value is None else _moment(value)


def _site(value: Any) -> str:
    if not SOURCE_KEY.match(_text(value)):
        raise BadRecord(f"{value!r} is not a site key (a-z, 0-9, _ and -)")
    return str(value)


def _precision(value: Any) -> str | None:
    if value is None:
        return None
    if value not in PRECISIONS:
        raise BadRecord(f"{value!r} is not one of {', '.join(sorted(PRECISIONS))} or null")
    return str(value)


def _texts(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise BadRecord(f"expected a list of strings, got {_kind(value)}")
    return [_text(item) for item in value]


def _raw(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"file", "offset", "record_id"}:
        raise BadRecord("expected {file, offset, record_id}")
    offset = value["offset"]
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise BadRecord(f"offset {offset!r} is not a whole number >= 0")
    return {"file": _text(value["file"]), "offset": offset, "record_id": _text(value["record_id"])}


def _attachments(value: Any) -> list[dict[str, str | None]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise BadRecord(f"expected a list of objects, got {_kind(value)}")
    return [{key: _optional_text(item.get(key)) for key in ATTACHMENT_KEYS} for item in value]


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


CONVERTERS: Mapping[str, Callable[[Any], Any]] = {
    "site": _site,
    "published_at": _optional_moment,
    "published_precision": _precision,
    "published_raw": _optional_text,
    "authors": _texts,
    "editor": _optional_text,
    "fetched_at": _moment,
    "raw": _raw,
    "duplicate_of": _optional_text,
    "pages": _texts,
    "attachments": _attachments,
}  # every other field is a required string


def to_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """Return the record's values typed for RECORD_SCHEMA; raise BadRecord naming the field."""
    row: dict[str, Any] = {}
    for name in RECORD_SCHEMA.names:
        if name not in record:
            if name in OPTIONAL_LISTS:
                row[name] = []
                continue
            raise BadRecord(f"{name}: missing")
        convert: Callable[[Any], Any] = CONVERTERS.get(name, _text)
        try:
            row[name] = convert(record[name])
        except BadRecord as exc:
            raise BadRecord(f"{name}: {exc}") from None
    return row


def unknown_fields(record: Mapping[str, Any]) -> list[str]:
    """Return the record's fields the export schema does not have (left out of the export)."""
    return [name for name in record if name not in FIELDS]
