"""JSONL partitions and rejects: one line per record, never twice, never torn."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from samplerecords import make_record

import flows.store.corpus
from cleaners.records import Dropped, WarcPointer
from flows.errors import StoreError
from flows.store.corpus import (
    UNKNOWN_DATE,
    CorpusWriter,
    RejectsWriter,
    encode_line,
    partition,
    sync_and_close,
)
from flows.store.state import open_state


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_state(tmp_path)
    yield connection
    connection.close()


def lines(path: Path) -> list[dict[str, object]]:
    """Return the JSON objects of a JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    ("published_at", "expected"),
    [
        ("2020-05-07T21:47:22+08:00", "example/2020-05.jsonl"),
        ("2019-12-31T23:30:00+08:00", "example/2019-12.jsonl"),  # the page's month, not UTC's
        (None, f"example/{UNKNOWN_DATE}.jsonl"),
    ],
    ids=["dated", "new-year-eve-local", "undated"],
)
def test_partition_by_publication_month(published_at: str | None, expected: str) -> None:
    assert partition(make_record(1, published_at=published_at)) == expected


@pytest.mark.parametrize(
    ("site", "published_at"),
    [
        ("../../escape", "2020-05-07T21:47:22+08:00"),
        ("/tmp/escape", None),
        ("example", "../../x/07T21:47:22+08:00"),
    ],
    ids=["site-parent-dirs", "site-absolute", "month-parent-dirs"],
)
def test_a_partition_never_names_a_file_outside_clean(site: str, published_at: str | None) -> None:
    record = replace(make_record(1, published_at=published_at), site=site)
    with pytest.raises(StoreError, match="names no file"):
        partition(record)


def test_records_are_appended_once_as_utf8_lines(tmp_path: Path, conn: sqlite3.Connection) -> None:
    clean = tmp_path / "clean"
    with CorpusWriter(clean, conn) as writer:
        assert writer.write(make_record(1))
        assert writer.write(make_record(2, published_at=None))
        assert not writer.write(make_record(1))
    raw = (clean / "example" / "2020-05.jsonl").read_bytes()
    assert "正文".encode() in raw and b"\\u" not in raw
    assert lines(clean / "example" / "2020-05.jsonl") == [make_record(1).to_json_dict()]
    assert len(lines(clean / "example" / f"{UNKNOWN_DATE}.jsonl")) == 1


def test_a_rerun_never_writes_an_id_twice(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    for _ in range(2):
        conn = open_state(tmp_path)
        with CorpusWriter(clean, conn) as writer:
            for n in range(3):
                writer.write(make_record(n))
        conn.close()
    assert len(lines(clean / "example" / "2020-05.jsonl")) == 3


def test_torn_last_line_is_cut_on_open(tmp_path: Path, conn: sqlite3.Connection) -> None:
    clean = tmp_path / "clean"
    with CorpusWriter(clean, conn) as writer:
        writer.write(make_record(1))
    path = clean / "example" / "2020-05.jsonl"
    with path.open("ab") as handle:
        handle.write(encode_line(make_record(2).to_json_dict())[:40])  # the crash
    with CorpusWriter(clean, conn) as writer:
        assert writer.write(make_record(2))
    assert [row["id"] for row in lines(path)] == [make_record(1).id, make_record(2).id]


def test_a_line_the_ledger_missed_is_adopted(tmp_path: Path, conn: sqlite3.Connection) -> None:
    clean = tmp_path / "clean"
    with CorpusWriter(clean, conn) as writer:
        writer.write(make_record(1))
    path = clean / "example" / "2020-05.jsonl"
    with path.open("ab") as handle:  # written, then the process died before the commit
        handle.write(encode_line(make_record(2).to_json_dict()))
    with CorpusWriter(clean, conn) as writer:
        writer.write(make_record(3))  # opens the file, which adopts record 2
        assert writer.written(make_record(2).id)
        assert not writer.write(make_record(2))
    assert len(lines(path)) == 3


def test_a_lost_ledger_is_rebuilt_from_the_files(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    with CorpusWriter(clean, open_state(tmp_path)) as writer:
        writer.write(make_record(1))
        writer.write(make_record(2))
    other = tmp_path / "elsewhere"
    with CorpusWriter(clean, open_state(other)) as writer:
        writer.write(make_record(3))
        assert not writer.write(make_record(1))
    assert len(lines(clean / "example" / "2020-05.jsonl")) == 3


def test_a_line_that_is_not_a_record_stops_the_writer(
    tmp_path: Path, conn: sqlite3.Connection
) -> None:
    path = tmp_path / "clean" / "example" / "2020-05.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text("not json\n", encoding="utf-8")
    with (
        CorpusWriter(tmp_path / "clean", conn) as writer,
        pytest.raises(StoreError, match=r"2020-05\.jsonl line 1 is not a record"),
    ):
        writer.write(make_record(1))


def test_a_partition_that_cannot_be_opened_is_one_store_error(
    tmp_path: Path, conn: sqlite3.Connection
) -> None:
    path = tmp_path / "clean" / "example" / "2020-05.jsonl"
    path.mkdir(parents=True)  # a folder where the month's file belongs
    with (
        CorpusWriter(tmp_path / "clean", conn) as writer,
        pytest.raises(StoreError, match=r"2020-05\.jsonl: cannot open for writing"),
    ):
        writer.write(make_record(1))


def test_a_last_record_without_its_newline_gets_it_back(
    tmp_path: Path, conn: sqlite3.Connection
) -> None:
    clean = tmp_path / "clean"
    with CorpusWriter(clean, conn) as writer:
        writer.write(make_record(1))
        writer.write(make_record(2))
    path = clean / "example" / "2020-05.jsonl"
    path.write_bytes(path.read_bytes().rstrip(b"\n"))  # an editor that drops the last newline
    with CorpusWriter(clean, conn) as writer:
        assert writer.write(make_record(3))
    assert [row["id"] for row in lines(path)] == [make_record(n).id for n in (1, 2, 3)]


def test_lines_that_are_no_record_are_set_aside_with_file_and_line(
    tmp_path: Path, conn: sqlite3.Connection
) -> None:
    clean = tmp_path / "clean"
    with CorpusWriter(clean, conn) as writer:
        writer.write(make_record(1))
    path = clean / "example" / "2020-05.jsonl"
    with path.open("ab") as handle:
        handle.write(b"a note typed by hand\n" + encode_line(make_record(2).to_json_dict()))
        handle.write(b"[1, 2]\n")
    aside: list[Dropped] = []
    with CorpusWriter(clean, conn, set_aside=aside.append) as writer:
        assert writer.write(make_record(3))
        assert not writer.write(make_record(2))  # the good line after the bad one is adopted
    assert [row["id"] for row in lines(path)] == [make_record(n).id for n in (1, 2, 3)]
    assert [(d.stage, d.reason, d.detail) for d in aside] == [
        ("store", "not_a_record", f"{path} line 2: a note typed by hand"),
        ("store", "not_a_record", f"{path} line 4: [1, 2]"),
    ]


def test_many_partitions_with_few_open_files(
    tmp_path: Path, conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flows.store.corpus, "MAX_OPEN_FILES", 2)
    clean = tmp_path / "clean"
    with CorpusWriter(clean, conn) as writer:
        for n, month in enumerate((1, 2, 3, 1, 2, 3)):
            assert writer.write(make_record(n, published_at=f"2020-0{month}-01T00:00:00+08:00"))
    assert sorted(p.name for p in clean.rglob("*.jsonl")) == [
        "2020-01.jsonl",
        "2020-02.jsonl",
        "2020-03.jsonl",
    ]
    assert sum(len(lines(p)) for p in clean.rglob("*.jsonl")) == 6


def test_every_partition_written_reaches_the_disk_even_when_closed_early(
    tmp_path: Path, conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flows.store.corpus, "MAX_OPEN_FILES", 2)
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(
        os, "fsync", lambda fd: (synced.append(os.fstat(fd).st_ino), real_fsync(fd))
    )
    clean = tmp_path / "clean"
    with CorpusWriter(clean, conn) as writer:
        for n, month in enumerate((1, 2, 3, 4)):  # months 1 and 2 are closed to stay in bounds
            writer.write(make_record(n, published_at=f"2020-0{month}-01T00:00:00+08:00"))
        assert synced == []
    assert sorted(synced) == sorted(p.stat().st_ino for p in clean.rglob("*.jsonl"))


def test_a_failing_flush_still_closes_every_descriptor(tmp_path: Path) -> None:
    first = os.open(tmp_path / "a.jsonl", os.O_WRONLY | os.O_CREAT)
    read_end, write_end = os.pipe()  # a pipe cannot be flushed to disk: fsync fails on it
    last = os.open(tmp_path / "b.jsonl", os.O_WRONLY | os.O_CREAT)
    with pytest.raises(OSError):
        sync_and_close([first, read_end, last])
    os.close(write_end)
    for fd in (first, read_end, last):
        with pytest.raises(OSError):
            os.fstat(fd)  # closed


def test_fresh_ledger_forgets_what_was_written(tmp_path: Path, conn: sqlite3.Connection) -> None:
    with CorpusWriter(tmp_path / "a", conn, table="written_rebuild") as writer:
        writer.write(make_record(1))
    with CorpusWriter(tmp_path / "b", conn, table="written_rebuild", fresh=True) as writer:
        assert writer.write(make_record(1))
    with CorpusWriter(tmp_path / "c", conn) as writer:  # the live ledger never saw it
        assert writer.write(make_record(1))


def test_rejects_carry_stage_reason_url_and_pointer(tmp_path: Path) -> None:
    pointer = WarcPointer("raw/run-00001.warc.gz", 512, "<urn:uuid:1>")
    rejects = RejectsWriter(tmp_path / "rejects")
    rejects.write(Dropped("extract", "soft_404", "https://x.example.cn/1", "页面不存在"), pointer)
    rejects.write(Dropped("decode", "not_html", "https://x.example.cn/2"))
    path = rejects.path()
    rejects.close()
    assert path.parent == tmp_path / "rejects" and path.name.endswith(".jsonl")
    first, second = lines(path)
    assert first == {
        "stage": "extract",
        "reason": "soft_404",
        "url": "https://x.example.cn/1",
        "detail": "页面不存在",
        "warc": {"file": "raw/run-00001.warc.gz", "offset": 512, "record_id": "<urn:uuid:1>"},
    }
    assert second["warc"] is None


def test_named_rejects_file_loses_a_torn_line(tmp_path: Path) -> None:
    path = tmp_path / "rejects" / "reclean.jsonl"
    path.parent.mkdir()
    path.write_bytes(b'{"stage": "extract"}\n{"stage": "ext')
    rejects = RejectsWriter(tmp_path / "rejects", name="reclean")
    rejects.write(Dropped("extract", "too_short", "https://x.example.cn/3"))
    rejects.close()
    assert [row["stage"] for row in lines(path)] == ["extract", "extract"]
