"""A full disk ends a run with one line naming what it was writing, and damages nothing.

The disk is a real tmpfs filled up to a few bytes: the writes fail with ENOSPC (SQLite's own
"database or disk is full" or a WAL index that cannot grow included), as on a full device.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from consolescript import records, run
from crawlportal import PortalServer, config_toml, serve_portal
from fulldisk import fill, small_disk
from samplerecords import make_record

from cleaners.records import Dropped
from flows.errors import DiskFull
from flows.store.corpus import CorpusWriter, RejectsWriter
from flows.store.state import open_state

ERROR = "portal-corpus: error: no space left on device while writing "


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "disk", "4m") as mounted:
        yield mounted


def test_a_corpus_write_names_its_file_and_the_next_open_mends_it(
    disk: Path, tmp_path: Path
) -> None:
    conn: sqlite3.Connection = open_state(tmp_path)  # the state lives off the full disk
    clean = disk / "clean"
    filler = fill(disk, leave=0)
    with pytest.raises(DiskFull) as caught, CorpusWriter(clean, conn) as writer:
        for n in range(50):
            writer.write(make_record(n))
    assert str(caught.value) == (
        f"no space left on device while writing {clean / 'example' / '2020-05.jsonl'}"
    )
    with pytest.raises(DiskFull, match="rejects"):
        RejectsWriter(disk / "rejects").write(Dropped("clean", "too_short", "http://a.cn/1"))
    filler.unlink()
    with CorpusWriter(clean, conn) as writer:
        assert writer.write(make_record(1))
    conn.close()


@pytest.mark.parametrize("leave", [0, 60_000], ids=["nothing-left", "a-little-left"])
def test_a_crawl_on_a_full_disk_says_so_in_one_line(disk: Path, tmp_path: Path, leave: int) -> None:
    data_dir, home = disk / "data", tmp_path / "home"
    portal = PortalServer(articles=4)
    with serve_portal(portal):
        config = tmp_path / "sources.toml"
        config.write_text(config_toml(portal), encoding="utf-8")
        crawl = ["crawl", "--config", str(config), "--data-dir", str(data_dir)]
        assert run(crawl, home).returncode == 0
        filler = fill(disk, leave=leave)
        portal.articles = 12
        full = run(crawl, home)
        filler.unlink()
        again = run(crawl, home)
    assert full.returncode == 1
    assert "Traceback" not in full.stderr
    [error] = [line for line in full.stderr.splitlines() if line.startswith("portal-corpus: ")]
    assert error.startswith(ERROR), full.stderr
    assert again.returncode == 0, again.stderr
    assert len(records(data_dir)) == 12  # nothing lost, nothing written twice
    checked = run(["validate", str(data_dir / "clean")], home)
    assert checked.returncode == 0, checked.stdout
