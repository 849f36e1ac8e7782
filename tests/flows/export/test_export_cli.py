"""`portal-corpus export` through the console script, on the demo corpus plus an import-text run.

The Parquet dataset is read back with pyarrow, pandas, polars, DuckDB and Hugging Face
`datasets`, each as a user would call it, and compared with the JSONL the corpus holds.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from consolescript import run
from corpuslines import corpus_lines, corpus_records

from flows.export.arrowschema import RECORD_SCHEMA

pytestmark = pytest.mark.slow


def export(data_dir: Path, tmp_path: Path, *args: str) -> tuple[Path, str]:
    """Run `export` with ARGS into tmp_path/out; return OUT and stdout, failing on a bad exit."""
    out = tmp_path / ("out.jsonl" if "jsonl" in args else "out")
    done = run(["export", "--data-dir", str(data_dir), "--out", str(out), *args], tmp_path / "h")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return out, done.stdout


@pytest.fixture(scope="module")
def parquet_out(demo_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the whole demo corpus exported as Parquet."""
    out, _ = export(demo_corpus, tmp_path_factory.mktemp("parquet"), "--format", "parquet")
    return out


def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def test_the_dataset_is_partitioned_by_site_with_the_explicit_schema(
    demo_corpus: Path, parquet_out: Path
) -> None:
    sites = {str(record["site"]) for record in corpus_records(demo_corpus)}
    assert {path.name for path in parquet_out.iterdir()} == {f"site={site}" for site in sites}
    for part in parquet_out.glob("site=*/part-*.parquet"):
        assert pq.read_schema(part).remove_metadata() == RECORD_SCHEMA.remove_metadata()
    assert not list(parquet_out.parent.glob(".out.*")), "the temporary folder was left behind"


def test_pyarrow_reads_every_record_with_its_values(demo_corpus: Path, parquet_out: Path) -> None:
    import pyarrow.dataset as ds

    table = pq.read_table(parquet_out)
    records = by_id(corpus_records(demo_corpus))
    assert table.num_rows == len(records) == len(corpus_lines(demo_corpus))
    assert ds.dataset(parquet_out).to_table().num_rows == table.num_rows
    assert table.schema.field("published_at").type == pa.timestamp("us", tz="+08:00")
    assert table.schema.field("fetched_at").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("authors").type == pa.list_(pa.string())
    for row in table.to_pylist():
        record = records[row["id"]]
        assert row["authors"] == record["authors"]
        assert row["duplicate_of"] == record["duplicate_of"]
        assert row["editor"] == record["editor"]
        assert row["raw"] == record["raw"]
        assert row["site"] == record["site"]
        assert row["pages"] == record.get("pages", [])
        assert row["attachments"] == [{"text": None} | a for a in record.get("attachments", [])]
        published = record["published_at"]
        expected = datetime.fromisoformat(published) if published else None
        assert row["published_at"] == expected
        if expected is not None:  # the wall clock as the page wrote it
            assert row["published_at"].isoformat() == published
        assert row["fetched_at"] == datetime.fromisoformat(record["fetched_at"])


def test_pandas_reads_timestamps_with_their_zone_and_authors_kept(
    demo_corpus: Path, parquet_out: Path
) -> None:
    import pandas as pd

    frame = pd.read_parquet(parquet_out)
    records = corpus_records(demo_corpus)
    assert len(frame) == len(records)
    assert str(frame.published_at.dtype) == "datetime64[us, UTC+08:00]"
    assert str(frame.fetched_at.dtype) == "datetime64[us, UTC]"
    assert pd.api.types.is_string_dtype(frame.duplicate_of.dtype)
    assert frame.duplicate_of.notna().sum() == sum(r["duplicate_of"] is not None for r in records)
    authors = {row.id: list(row.authors) for row in frame.itertuples()}
    assert authors == {r["id"]: r["authors"] for r in records}
    assert any(authors.values()), "the demo corpus credits authors"
    months = {r["id"]: str(r["published_at"])[:7] for r in records if r["published_at"]}
    dated = frame[frame.published_at.notna()]
    assert dict(zip(dated.id, dated.published_at.dt.strftime("%Y-%m"), strict=True)) == months


def test_polars_reads_lists_of_names_and_zoned_datetimes(
    demo_corpus: Path, parquet_out: Path
) -> None:
    import polars as pl

    frame = pl.read_parquet(parquet_out)
    records = corpus_records(demo_corpus)
    assert frame.height == len(records)
    assert frame.schema["authors"] == pl.List(pl.String)
    assert frame.schema["duplicate_of"] == pl.String
    assert isinstance(frame.schema["published_at"], pl.Datetime)
    assert frame.schema["published_at"].time_zone is not None
    assert dict(zip(frame["id"], frame["authors"].to_list(), strict=True)) == {
        r["id"]: r["authors"] for r in records
    }


def test_duckdb_reads_the_dataset_by_its_folders(demo_corpus: Path, parquet_out: Path) -> None:
    import duckdb

    con = duckdb.connect()
    relation = con.sql(f"SELECT * FROM read_parquet('{parquet_out}/*/*.parquet')")
    types = dict(zip(relation.columns, map(str, relation.types), strict=True))
    assert types["published_at"] == types["fetched_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["authors"] == "VARCHAR[]"
    assert types["duplicate_of"] == "VARCHAR"
    sites = con.sql(
        f"SELECT site, count(*) FROM read_parquet('{parquet_out}/*/*.parquet') GROUP BY site"
    ).fetchall()
    expected: dict[str, int] = {}
    for record in corpus_records(demo_corpus):
        expected[str(record["site"])] = expected.get(str(record["site"]), 0) + 1
    assert dict(sites) == expected


def test_datasets_loads_every_row_with_typed_features(
    demo_corpus: Path, parquet_out: Path, tmp_path: Path
) -> None:
    from datasets import load_dataset

    ds = load_dataset("parquet", data_dir=str(parquet_out), split="train", cache_dir=str(tmp_path))
    records = corpus_records(demo_corpus)
    assert len(ds) == len(records)
    assert str(ds.features["published_at"]) == "Value('timestamp[us, tz=+08:00]')"
    assert str(ds.features["authors"]) == "List(Value('string'))"
    assert str(ds.features["duplicate_of"]) == "Value('string')"
    assert dict(zip(ds["id"], ds["authors"], strict=True)) == {
        r["id"]: r["authors"] for r in records
    }


def test_jsonl_holds_the_corpus_lines_and_the_parquet_row_count(
    demo_corpus: Path, parquet_out: Path, tmp_path: Path
) -> None:
    out, said = export(demo_corpus, tmp_path, "--format", "jsonl")
    assert out.read_bytes().splitlines(keepends=True) == corpus_lines(demo_corpus)
    assert len(out.read_bytes().splitlines()) == pq.read_table(parquet_out).num_rows
    assert said.startswith(f"exported {len(corpus_lines(demo_corpus))} of ")


def expected_ids(records: list[dict[str, Any]], **selection: Any) -> set[str]:
    """Return the ids the selection should keep, computed from the JSONL records."""
    sites, since, until = selection.get("sites"), selection.get("since"), selection.get("until")
    kept = set()
    for record in records:
        day = (record["published_at"] or "")[:10]
        if sites and record["site"] not in sites:
            continue
        if selection.get("originals") and record["duplicate_of"] is not None:
            continue
        if (since or until) and not day:
            continue
        if (since and day < since) or (until and day > until):
            continue
        kept.add(record["id"])
    return kept


@pytest.mark.parametrize(
    ("args", "selection"),
    [
        (["--site", "andun", "--site", "qingluan"], {"sites": {"andun", "qingluan"}}),
        (["--since", "2019-01-01"], {"since": "2019-01-01"}),
        (["--until", "2018-12-31"], {"until": "2018-12-31"}),
        (["--since", "2019-03-01", "--until", "2019-03-31"],
         {"since": "2019-03-01", "until": "2019-03-31"}),
        (["--originals-only"], {"originals": True}),
        (["--originals-only", "--site", "hxcb", "--since", "2019-01-01"],
         {"originals": True, "sites": {"hxcb"}, "since": "2019-01-01"}),
    ],
    ids=["sites", "since", "until", "one-month", "originals", "combined"],
)  # fmt: skip
def test_the_selection_options_keep_what_they_say(
    demo_corpus: Path, tmp_path: Path, args: list[str], selection: dict[str, Any]
) -> None:
    records: list[dict[str, Any]] = corpus_records(demo_corpus)
    wanted = expected_ids(records, **selection)
    assert 0 < len(wanted) < len(records), "the case must keep some records and drop others"
    out, _ = export(demo_corpus, tmp_path, "--format", "parquet", *args)
    assert set(pq.read_table(out, columns=["id"]).column("id").to_pylist()) == wanted
    lines, _ = export(demo_corpus, tmp_path, "--format", "jsonl", *args)
    assert {json.loads(line)["id"] for line in lines.read_text("utf-8").splitlines()} == wanted


def test_a_second_export_replaces_the_first(demo_corpus: Path, tmp_path: Path) -> None:
    out, _ = export(demo_corpus, tmp_path, "--format", "parquet")
    out, _ = export(demo_corpus, tmp_path, "--format", "parquet", "--site", "hxcb")
    assert [path.name for path in out.iterdir()] == ["site=hxcb"]
    assert sorted(path.name for path in tmp_path.iterdir() if path.name != "h") == ["out"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data-dir", "{tmp}/missing", "--format", "parquet"], "--data-dir"),
        (["--format", "parquet", "--since", "2019-02-30"], "--since '2019-02-30'"),
        (["--format", "parquet", "--since", "2020-01-01", "--until", "2019-01-01"],
         "after --until"),
        (["--format", "parquet", "--out", "{tmp}/taken"], "is a file"),
        (["--format", "parquet", "--out", "{tmp}"], "not an export"),
        (["--format", "jsonl", "--out", "{tmp}"], "is a folder"),
        (["--format", "csv"], "--format 'csv'"),
        (["--format", "parquet", "--site", "nowhere"], "--site nowhere"),
        (["--format", "parquet", "--site", "../up"], "not a site key"),
        (["--format", "parquet", "--out", "{data}/clean/x.parquet"], "would join the corpus"),
    ],
    ids=["no-data-dir", "bad-date", "reversed-dates", "out-is-file", "out-is-other-folder",
         "jsonl-out-is-folder", "bad-format", "unknown-site", "site-not-a-key", "out-in-clean"],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(
    demo_corpus: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "taken").write_text("mine", encoding="utf-8")
    filled = [arg.format(tmp=tmp_path, data=demo_corpus) for arg in args]
    if "--data-dir" not in filled:
        filled = ["--data-dir", str(demo_corpus), *filled]
    done = run(["export", *filled], tmp_path / "h")
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("portal-corpus: error: ") and message in line
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "mine"
    assert not (demo_corpus / "clean" / "x.parquet").exists()


def test_a_damaged_line_is_named_and_the_rest_exported(demo_corpus: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    lines = corpus_lines(demo_corpus)
    (data_dir / "clean" / "one").mkdir(parents=True)
    broken = json.loads(lines[0])
    broken["authors"] = "王小明"  # a string where a list belongs
    body = [lines[0], b"{not json\n", json.dumps(broken).encode() + b"\n", *lines[1:3]]
    (data_dir / "clean" / "one" / "2020-01.jsonl").write_bytes(b"".join(body))
    done = run(["export", "--data-dir", str(data_dir), "--format", "parquet", "--out",
                str(tmp_path / "out")], tmp_path / "h")  # fmt: skip
    assert done.returncode == 1
    assert "2020-01.jsonl:2: not a JSON object" in done.stderr
    assert "2020-01.jsonl:3: authors: expected a list of strings, got str" in done.stderr
    assert "Traceback" not in done.stderr
    assert pq.read_table(tmp_path / "out").num_rows == 3


def test_export_reads_while_a_writer_holds_the_dir(demo_corpus: Path, tmp_path: Path) -> None:
    from flows.store.datalock import DataDirLock, read_holder

    with DataDirLock(demo_corpus, command="portal-corpus crawl"):
        assert read_holder(demo_corpus) is not None
        out, said = export(demo_corpus, tmp_path, "--format", "jsonl")
    assert said.startswith(f"exported {len(corpus_lines(demo_corpus))} of ")
    assert out.read_bytes().splitlines(keepends=True) == corpus_lines(demo_corpus)
