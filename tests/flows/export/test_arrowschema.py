"""The export's Arrow schema, its checked conversion of records, its selection and its sinks."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from flows.export.arrowschema import RECORD_SCHEMA, BadRecord, to_row, unknown_fields
from flows.export.selection import Selection
from flows.export.sinks import ParquetSink
from flows.inspect.schema import load_record_schema

DESIGN_FIELDS = {"pages", "attachments"}  # design.md's record fields beyond the JSON Schema's


def record(**changes: Any) -> dict[str, Any]:
    """Return a well-formed corpus record with some fields changed."""
    base: dict[str, Any] = {
        "id": "0" * 24,
        "url": "http://portal.test/a.html",
        "site": "portal",
        "site_name": "门户",
        "title": "标题",
        "text": "正文",
        "published_at": "2019-03-01T05:00:00+08:00",
        "published_precision": "minute",
        "published_raw": "2019-03-01 05:00",
        "source": "门户",
        "authors": ["王小明", "李四"],
        "editor": None,
        "lang": "zh",
        "fetched_at": "2026-12-01T08:00:00Z",
        "encoding": "utf-8",
        "raw": {"file": "raw/a.warc.gz", "offset": 0, "record_id": "<urn:uuid:1>"},
        "content_sha256": "a" * 64,
        "duplicate_of": None,
        "pipeline": "0.1.0",
    }
    return base | changes


def test_every_field_of_the_record_schema_is_a_column() -> None:
    fields = set(load_record_schema()["properties"])
    assert fields | DESIGN_FIELDS == set(RECORD_SCHEMA.names)


def test_a_record_keeps_its_wall_clock_and_its_instant() -> None:
    row = to_row(record())
    assert row["published_at"].isoformat() == "2019-03-01T05:00:00+08:00"
    assert row["pages"] == [] and row["attachments"] == []


def test_pages_and_attachments_are_kept_when_a_record_has_them() -> None:
    attachment = {"name": "附件", "url": "http://portal.test/a.pdf", "type": "pdf"}
    row = to_row(record(pages=["http://portal.test/a.html"], attachments=[attachment]))
    assert row["pages"] == ["http://portal.test/a.html"]
    assert row["attachments"] == [attachment | {"text": None}]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"authors": "王小明"}, "authors: expected a list of strings, got str"),
        ({"authors": [None]}, "authors: expected a string, got null"),
        ({"published_at": "2019-03-01T05:00:00"}, "published_at: '2019-03-01T05:00:00' has no UTC"),
        ({"published_at": "yesterday"}, "published_at: 'yesterday' is not an ISO 8601 date"),
        ({"published_precision": "hour"}, "published_precision: 'hour' is not one of"),
        ({"site": "../up"}, "site: '../up' is not a site key"),
        ({"raw": {"file": "a", "offset": -1, "record_id": "r"}}, "raw: offset -1"),
        ({"raw": {"file": "a", "offset": True, "record_id": "r"}}, "raw: offset True"),
        ({"fetched_at": None}, "fetched_at: expected a string, got null"),
        ({"title": 3}, "title: expected a string, got int"),
        ({"attachments": ["a.pdf"]}, "attachments: expected a list of objects"),
    ],
    ids=["authors-string", "author-null", "naive-date", "not-a-date", "precision", "site-path",
         "negative-offset", "bool-offset", "no-fetch-time", "title-number", "attachment-string"],
)  # fmt: skip
def test_a_field_of_the_wrong_type_is_refused_by_name(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(BadRecord) as raised:
        to_row(record(**changes))
    assert str(raised.value).startswith(message)


def test_a_missing_required_field_is_refused() -> None:
    incomplete = record()
    del incomplete["editor"]
    with pytest.raises(BadRecord, match=r"^editor: missing$"):
        to_row(incomplete)


def test_unknown_fields_are_named() -> None:
    assert unknown_fields(record(summary="…")) == ["summary"]


@pytest.mark.parametrize(
    ("selection", "changes", "admitted"),
    [
        (Selection(), {}, True),
        (Selection(sites=frozenset({"other"})), {}, False),
        (Selection(originals_only=True), {"duplicate_of": "1" * 24}, False),
        (Selection(since=date(2019, 3, 1)), {}, True),
        (Selection(since=date(2019, 3, 2)), {}, False),
        (Selection(until=date(2019, 3, 1)), {}, True),
        (Selection(until=date(2019, 2, 28)), {}, False),  # 05:00 +08:00 is 28 Feb in UTC
        (Selection(until=date(2030, 1, 1)), {"published_at": None}, False),
    ],
    ids=["all", "other-site", "duplicate", "since-same-day", "since-later", "until-same-day",
         "local-day-not-utc", "undated"],
)  # fmt: skip
def test_selection(selection: Selection, changes: dict[str, Any], admitted: bool) -> None:
    assert selection.admits(record(**changes)) is admitted


def test_parquet_sink_writes_row_groups_of_a_fixed_size(tmp_path: Path) -> None:
    sink = ParquetSink(tmp_path, row_group_rows=2)
    for number in range(5):
        sink.add("portal", to_row(record(id=f"{number:024d}")))
    sink.close_parts()
    sink.add("portal", to_row(record(id="9" * 24)))
    sink.close_parts()
    first, second = sorted((tmp_path / "site=portal").iterdir())
    groups = pq.ParquetFile(first).metadata
    assert [groups.row_group(i).num_rows for i in range(groups.num_row_groups)] == [2, 2, 1]
    assert pq.ParquetFile(second).metadata.num_rows == 1
    assert sink.files == 2
    published = pq.read_table(first).column("published_at")[0].as_py()
    assert published == datetime.fromisoformat("2019-03-01T05:00:00+08:00")
