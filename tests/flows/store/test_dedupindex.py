"""The persisted near-duplicate index: earliest match wins, survives reopening, per namespace."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import flows.store.dedupindex
from cleaners.corpus.fingerprint import NUM_PERM, fingerprint
from flows.errors import StoreError
from flows.store.dedupindex import LSH_ROWS, NAMESPACE, Bands, DedupIndex, table_names
from flows.store.state import open_state

DATA = Path(__file__).resolve().parents[2] / "data" / "dedup"


def text(name: str) -> str:
    """Return one fixture article."""
    return (DATA / f"{name}.txt").read_text(encoding="utf-8").strip()


def copy_of(name: str) -> str:
    """Return a republication of an article with chrome around it."""
    return "本网讯　" + text(name) + "\n责任编辑：李华"


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_state(tmp_path)
    yield connection
    connection.close()


def test_first_text_is_original_and_copies_point_to_it(conn: sqlite3.Connection) -> None:
    index = DedupIndex(conn)
    assert index.mark("a", text("patrol")) is None
    assert index.mark("b", text("roads")) is None
    assert index.mark("c", copy_of("patrol")) == "a"
    assert index.mark("d", text("patrol").replace("，", ",")) == "a"  # exact key
    assert index.mark("e", copy_of("roads")) == "b"
    assert len(index) == 5


def test_earliest_of_several_matches_wins(conn: sqlite3.Connection) -> None:
    index = DedupIndex(conn)
    base = text("drill")
    index.mark("first", base + "\n演练由街道统一组织。")
    index.mark("second", base)
    assert index.mark("third", base + "\n编辑：李华") == "first"


def test_a_known_id_keeps_its_answer(conn: sqlite3.Connection) -> None:
    index = DedupIndex(conn)
    index.mark("a", text("patrol"))
    assert index.mark("b", copy_of("patrol")) == "a"
    assert index.mark("b", copy_of("patrol")) == "a"
    assert index.mark("a", copy_of("patrol")) is None  # never a duplicate of itself
    assert len(index) == 2


def test_index_survives_reopening(tmp_path: Path) -> None:
    DedupIndex(open_state(tmp_path)).mark("a", text("patrol"))
    reopened = DedupIndex(open_state(tmp_path))
    assert reopened.mark("b", copy_of("patrol")) == "a"
    again = DedupIndex(open_state(tmp_path))
    assert again.mark("c", copy_of("patrol") + "\n（完）") == "a"


def test_check_then_add(conn: sqlite3.Connection) -> None:
    index = DedupIndex(conn)
    fp = fingerprint(text("roads"))
    assert index.check("a", fp) is None
    assert index.add("a", fp, None)
    assert not index.add("a", fp, None)
    assert index.check("b", fingerprint(copy_of("roads"))) == "a"


def test_distinct_texts_and_notices_stay_apart(conn: sqlite3.Connection) -> None:
    index = DedupIndex(conn)
    notices = (DATA / "notices.txt").read_text(encoding="utf-8").splitlines()
    for i, notice in enumerate(notices):
        assert index.mark(f"n{i}", notice) is None
    for name in ("patrol", "roads", "drill", "followup"):
        assert index.mark(name, text(name)) is None


def test_namespaces_are_separate_and_fresh_starts_empty(conn: sqlite3.Connection) -> None:
    DedupIndex(conn).mark("a", text("patrol"))
    other = DedupIndex(conn, namespace="dedup_rebuild")
    assert other.mark("b", copy_of("patrol")) is None
    fresh = DedupIndex(conn, namespace="dedup_rebuild", fresh=True)
    assert len(fresh) == 0
    assert table_names(NAMESPACE) == ("dedup_docs", "dedup_exact", "dedup_meta")


def test_index_built_with_other_parameters_is_refused(conn: sqlite3.Connection) -> None:
    DedupIndex(conn, num_perm=64)
    with pytest.raises(StoreError, match="reclean"):
        DedupIndex(conn)


def test_empty_text_is_never_a_duplicate(conn: sqlite3.Connection) -> None:
    index = DedupIndex(conn)
    assert index.mark("a", "。") is None
    assert index.mark("b", "，") is None


def test_bands_keep_finding_copies_across_merges(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flows.store.dedupindex, "MERGE_MIN", 2)
    index = DedupIndex(conn)
    names = ("patrol", "roads", "drill", "followup")
    for round_ in range(3):
        for name in names:
            index.mark(f"{name}{round_}", f"第{round_}版\n" + text(name))
    assert index.mark("late", copy_of("drill")) == "drill0"
    reopened = DedupIndex(conn)
    assert reopened.mark("later", copy_of("roads")) == "roads0"


@pytest.mark.parametrize("merged", [False, True], ids=["recent", "merged"])
def test_bands_return_every_seq_sharing_a_band(merged: bool) -> None:
    bands = Bands(NUM_PERM)
    rng = np.random.default_rng(3)
    signatures = rng.integers(0, 2**32, size=(40, NUM_PERM), dtype=np.uint64).astype(np.uint32)
    bands.insert_many([(np.arange(20), signatures[:20]), (np.arange(20, 40), signatures[20:])])
    crowded = signatures[7].copy()
    partial = signatures[9].copy()
    partial[LSH_ROWS:] = 0  # shares only the first band with record 9
    for seq, values in ((100, crowded), (101, crowded), (102, partial)):
        bands.insert(seq, values)
    if merged:
        bands.merge()
    assert bands.query(crowded) == {7, 100, 101}
    assert bands.query(partial) == {9, 102}
    assert bands.query(np.zeros(NUM_PERM, dtype=np.uint32)) == {102}
    assert len(bands) == (40 + 3) * (NUM_PERM // LSH_ROWS)


def test_a_copy_of_a_copy_points_at_the_original(conn: sqlite3.Connection) -> None:
    index = DedupIndex(conn)
    index.mark("a", text("patrol"))
    assert index.mark("b", copy_of("patrol")) == "a"
    assert index.mark("c", copy_of("patrol")) == "a"  # exact copy of b, which copies a
