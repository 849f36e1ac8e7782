"""An export replaces OUT only once complete; a failed one leaves OUT and its folder as is."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from flows.export.run import run_export
from flows.export.selection import Selection
from flows.export.sinks import ParquetSink

from .test_arrowschema import record


def corpus(tmp_path: Path, count: int) -> Path:
    """Write a one-site corpus of `count` records; return its data dir."""
    data_dir = tmp_path / "data"
    folder = data_dir / "clean" / "portal"
    folder.mkdir(parents=True)
    lines = [json.dumps(record(id=f"{n:024d}"), ensure_ascii=False) for n in range(count)]
    (folder / "2019-03.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data_dir


def test_an_interrupted_export_leaves_the_previous_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, out = corpus(tmp_path, 5), tmp_path / "out"
    assert run_export(data_dir, "parquet", out, Selection()) == 0
    before = sorted(path.relative_to(out) for path in out.rglob("*"))

    def interrupted(self: ParquetSink, site: str, row: dict[str, object]) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ParquetSink, "add", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_export(data_dir, "parquet", out, Selection())
    assert sorted(path.relative_to(out) for path in out.rglob("*")) == before
    assert pq.read_table(out).num_rows == 5
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data", "out"]


def test_nothing_selected_writes_nothing_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, out = corpus(tmp_path, 3), tmp_path / "out.jsonl"
    assert run_export(data_dir, "jsonl", out, Selection(sites=frozenset({"elsewhere"}))) == 1
    assert "nothing to export" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data"]
