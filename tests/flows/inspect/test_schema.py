"""The shipped record schema: the design's table, field for field, and the Record type."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from cleaners.records import Record, WarcPointer, record_id, text_sha256
from flows.config import SOURCE_KEY
from flows.inspect.schema import RECORD_SCHEMA, load_record_schema

URL = "https://news.example.cn/local/202005/t20200507_1.html"
TEXT = "市公安局昨日召开会议，部署夏季治安工作。\n会议要求各单位加强巡逻。"
PYPROJECT = Path(__file__).resolve().parents[3] / "pyproject.toml"


def make_record(**changes: Any) -> Record:
    """Return a well-formed record, with some fields replaced."""
    values: dict[str, Any] = {
        "id": record_id(URL),
        "url": URL,
        "site": "citynews",
        "site_name": "示例城市网",
        "title": "市公安局部署夏季治安工作",
        "text": TEXT,
        "published_at": "2020-05-07T21:47:22+08:00",
        "published_precision": "second",
        "published_raw": "2020-05-07 21:47:22",
        "source": "示例日报",
        "authors": ("王小明", "赵一"),
        "editor": "陈二",
        "lang": "zh",
        "fetched_at": "2026-11-23T00:15:00Z",
        "encoding": "gb18030",
        "raw": WarcPointer("raw/20261123T001500-00001.warc.gz", 1234, "<urn:uuid:0f0e>"),
        "content_sha256": text_sha256(TEXT),
        "duplicate_of": None,
        "pipeline": "0.1.0",
    }
    values.update(changes)
    return Record(**values)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(load_record_schema())


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_record_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# written on every record, but absent from corpora made before they existed
LATER_FIELDS = ("pages", "attachments")


def test_schema_fields_are_the_record_fields_all_required_nothing_else() -> None:
    schema = load_record_schema()
    names = [f.name for f in dataclasses.fields(Record)]
    assert list(schema["properties"]) == names
    assert schema["required"] == [name for name in names if name not in LATER_FIELDS]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["raw"]["additionalProperties"] is False


def test_schema_ships_as_package_data() -> None:
    package_data = tomllib.loads(PYPROJECT.read_text("utf-8"))["tool"]["setuptools"]
    patterns = package_data["package-data"]["*"]
    assert any(Path(RECORD_SCHEMA).match(pattern) for pattern in patterns)


def test_identifier_patterns_accept_what_the_code_makes() -> None:
    props = load_record_schema()["properties"]
    assert re.fullmatch(props["id"]["pattern"], record_id(URL))
    assert re.fullmatch(props["duplicate_of"]["pattern"], record_id(URL))
    assert re.fullmatch(props["content_sha256"]["pattern"], text_sha256(TEXT))
    assert props["site"]["pattern"] == SOURCE_KEY.pattern
    assert re.fullmatch(props["site"]["pattern"], "import")


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"raw": None},
        {"published_at": None, "published_precision": None, "published_raw": None},
        {"published_at": "2020-05-07T00:00:00+08:00", "published_precision": "day"},
        {"published_at": "2020-05-07T21:47+08:00", "published_precision": "minute"},
        {"published_at": "2017-02-06T20:37:00-05:00", "published_precision": "minute"},
        {"authors": ()},
        {"editor": None},
        {"fetched_at": "2026-11-23T00:15:00.123456+00:00"},
        {"duplicate_of": record_id("https://other.example.cn/a.html")},
        {"site": "import"},
    ],
    ids=[
        "full",
        "no-warc",
        "undated",
        "day",
        "minute-without-seconds",
        "other-offset",
        "no-authors",
        "no-editor",
        "utc-offset-form",
        "duplicate",
        "import",
    ],
)
def test_schema_accepts_records_the_pipeline_makes(
    validator: Draft202012Validator, changes: dict[str, Any]
) -> None:
    assert list(validator.iter_errors(make_record(**changes).to_json_dict())) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "not-a-hash"),
        ("id", 7),
        ("url", ""),
        ("site", "City News"),
        ("site_name", None),
        ("title", None),
        ("text", ""),
        ("published_at", "2020-05-07 21:47:22"),
        ("published_at", "2020-05-07T21:47:22"),
        ("published_at", "2020-05-07T13:47:22Z"),
        ("published_at", "2020-05-07"),
        ("published_precision", "hour"),
        ("published_raw", 20200507),
        ("source", None),
        ("authors", "王小明"),
        ("authors", ["王小明", ""]),
        ("authors", [1]),
        ("editor", ["陈二"]),
        ("lang", ""),
        ("fetched_at", "2026-11-23T08:15:00+08:00"),
        ("fetched_at", "2026-11-23"),
        ("encoding", ""),
        ("raw", {"file": "raw/a.warc.gz", "offset": 0}),
        ("raw", {"file": "raw/a.warc.gz", "offset": -1, "record_id": "<urn:uuid:1>"}),
        ("raw", {"file": "raw/a.warc.gz", "offset": 1.5, "record_id": "<urn:uuid:1>"}),
        ("raw", {"file": "a", "offset": 0, "record_id": "r", "length": 9}),
        ("raw", "raw/a.warc.gz"),
        ("content_sha256", "ABCDEF"),
        ("content_sha256", "A" * 64),
        ("duplicate_of", "x"),
        ("pipeline", ""),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None,
)
def test_schema_rejects_wrong_values(
    validator: Draft202012Validator, field: str, value: object
) -> None:
    record = make_record().to_json_dict()
    record[field] = value
    errors = list(validator.iter_errors(record))
    assert errors
    assert all(error.path[0] == field for error in errors)


@pytest.mark.parametrize(
    "field", [f.name for f in dataclasses.fields(Record) if f.name not in LATER_FIELDS]
)
def test_schema_requires_every_field(validator: Draft202012Validator, field: str) -> None:
    record = make_record().to_json_dict()
    del record[field]
    assert [error.validator for error in validator.iter_errors(record)] == ["required"]


@pytest.mark.parametrize("field", LATER_FIELDS)
def test_a_record_from_before_pages_and_attachments_still_validates(
    validator: Draft202012Validator, field: str
) -> None:
    record = make_record().to_json_dict()
    del record[field]
    assert list(validator.iter_errors(record)) == []


def test_schema_refuses_an_unknown_field(validator: Draft202012Validator) -> None:
    record = {**make_record().to_json_dict(), "summary": "摘要"}
    assert [error.validator for error in validator.iter_errors(record)] == ["additionalProperties"]
