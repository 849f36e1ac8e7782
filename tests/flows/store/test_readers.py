"""The corpus as readers see it: pandas and DuckDB load clean/ with the schema's types."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from cleaners import __version__
from cleaners.records import Record, WarcPointer, record_id, text_sha256
from flows.inspect.validate import validate_path
from flows.store.corpus import CorpusWriter
from flows.store.state import open_state


def record(n: int, **changes: object) -> Record:
    """Return a record numbered n, with the changes given."""
    url = f"https://news.example.cn/a/{n}.html"
    text = f"第{n}篇：记者从市里获悉，今天开会。\n第二段，内容如下。"
    base = Record(
        id=record_id(url), url=url, site="example", site_name="示例新闻网", title=f"标题{n}",
        text=text, published_at="2020-05-07T21:47:22+08:00", published_precision="second",
        published_raw="2020年05月07日 21:47:22", source="示例新闻网", authors=("张明", "周凌"),
        editor="王晓芸", lang="zh", fetched_at="2026-11-23T00:15:00Z", encoding="gb18030",
        raw=WarcPointer("raw/run-00001.warc.gz", 100 * n, f"<urn:uuid:{n}>"),
        content_sha256=text_sha256(text), duplicate_of=None, pipeline=__version__,
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[Path]:
    """Write a small corpus with nulls, empty lists and a duplicate in two partitions."""
    conn: sqlite3.Connection = open_state(tmp_path)
    clean = tmp_path / "clean"
    with CorpusWriter(clean, conn) as writer:
        writer.write(record(1))
        writer.write(record(2, editor=None, authors=(), duplicate_of=record(1).id, raw=None))
        writer.write(record(3, published_at=None, published_precision=None, published_raw=None))
    conn.close()
    yield clean


def test_pandas_reads_the_schema_types(corpus: Path) -> None:
    frame = pd.concat(
        [pd.read_json(path, lines=True) for path in sorted(corpus.rglob("*.jsonl"))],
        ignore_index=True,
    )
    assert len(frame) == 3
    for column in ("id", "url", "site", "title", "text", "source", "lang", "encoding"):
        assert pd.api.types.is_string_dtype(frame[column]), column
    assert frame["authors"].tolist() == [["张明", "周凌"], [], ["张明", "周凌"]]
    assert frame["raw"][0] == {"file": "raw/run-00001.warc.gz", "offset": 100,
                               "record_id": "<urn:uuid:1>"}  # fmt: skip
    assert frame["raw"].isna()[1] and frame["editor"].isna()[1]
    assert frame["duplicate_of"].isna()[0] and frame["duplicate_of"][1] == record(1).id
    published = pd.to_datetime(frame["published_at"], utc=True)
    assert published[0] == pd.Timestamp("2020-05-07T13:47:22Z") and pd.isna(published[2])
    assert frame["text"][0].startswith("第1篇：")  # Chinese text as written, no escapes


def test_duckdb_reads_the_schema_types(corpus: Path) -> None:
    relation = duckdb.sql(f"SELECT * FROM read_json_auto('{corpus.as_posix()}/*/*.jsonl')")
    assert relation is not None
    types = dict(zip(relation.columns, (str(t) for t in relation.types), strict=True))
    assert types["id"] == "VARCHAR" and types["text"] == "VARCHAR"
    assert types["authors"] == "VARCHAR[]"
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["fetched_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["published_raw"] == "VARCHAR" and types["editor"] == "VARCHAR"
    assert types["duplicate_of"] == "VARCHAR"
    assert types["raw"].startswith("STRUCT(") and '"offset" BIGINT' in types["raw"]
    counts = duckdb.sql(
        f"SELECT count(*), count(duplicate_of), count(published_at), sum(len(authors)) "
        f"FROM read_json_auto('{corpus.as_posix()}/*/*.jsonl')"
    )
    assert counts is not None and counts.fetchall() == [(3, 1, 2, 4)]


def test_written_corpus_passes_the_schema(corpus: Path) -> None:
    assert validate_path(corpus) == []
