"""The near-duplicate index: MinHash LSH bands in memory, every fingerprint in the state DB.

Each record's fingerprint (exact key, MinHash signature, shingle count, numbers, and a short
text's own key) is a row, in the order records were first seen; opening the index rebuilds the
LSH bands from those rows, so it works across runs and backfills. The earliest matching record
is the one a duplicate points to.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from types import TracebackType

import numpy as np

from cleaners.corpus.fingerprint import (
    NUM_PERM,
    SCHEME,
    SEED,
    SHINGLE_CHARS,
    THRESHOLD,
    is_near_duplicate,
)
from cleaners.corpus.fingerprint import fingerprint as make_fingerprint
from cleaners.records import Fingerprint
from flows.errors import StoreError
from flows.store.state import ensure_schema

NAMESPACE = "dedup"  # tables of the live index
REBUILD_NAMESPACE = "dedup_rebuild"  # tables a reclean fills before they replace the live ones
# Rows per LSH band (128 values make 25 bands): a pair at Jaccard 0.7 shares a band 99% of the
# time, at 0.5 55%, at 0.2 1%; each candidate is then verified on its whole signature, so what the
# bands must give is recall.
LSH_ROWS = 5
MERGE_MIN = 4096  # recent band entries kept in a dict before the first merge into the arrays
MERGE_SHARE = 8  # later, merge when the recent entries reach an eighth of the merged ones
BAND_SEED = 7  # fixed multipliers: band keys are the same in every process and run
FORMAT = "2"  # version of the tables' layout: an index in another layout is rebuilt by reclean
LOAD_CHUNK = 20_000  # signatures read from the DB per step when opening the index

DDL = """
CREATE TABLE IF NOT EXISTS {ns}_docs (
    seq INTEGER PRIMARY KEY,        -- first-seen order: the earliest match is the original
    id TEXT NOT NULL UNIQUE,
    exact TEXT NOT NULL,
    signature BLOB NOT NULL,
    shingles INTEGER NOT NULL,
    numbers TEXT NOT NULL,
    key TEXT NOT NULL,              -- matching key of short texts, else ''
    duplicate_of TEXT
);
CREATE TABLE IF NOT EXISTS {ns}_exact (
    exact TEXT PRIMARY KEY,         -- first record with this exact key
    seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS {ns}_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"""


def table_names(namespace: str) -> tuple[str, ...]:
    """Return the tables an index in `namespace` keeps."""
    return (f"{namespace}_docs", f"{namespace}_exact", f"{namespace}_meta")


class Bands:
    """MinHash LSH bands, compact: one sorted array of (band key, seq) plus recent inserts.

    The banding is datasketch MinHashLSH's (b bands of r rows; a pair shares a band when all r
    values agree), but its dict of Python sets costs ~5 kB per document and a Python call per
    band per query. Here each band's r values fold into one 64-bit key (odd random multipliers
    per band and row, so keys of different bands never meet), an entry costs 16 bytes once
    merged, and a query is one vectorised search. Recent inserts wait in a dict until they
    reach a share of the merged entries, which keeps merging linear overall.
    """

    def __init__(self, num_perm: int, rows: int = LSH_ROWS) -> None:
        self.bands = num_perm // rows
        self.rows = rows
        draws = np.random.default_rng(BAND_SEED).integers(
            0, 2**63, size=(self.bands, rows), dtype=np.uint64
        )
        self._multipliers = draws * np.uint64(2) + np.uint64(1)
        self._keys = np.empty(0, dtype=np.uint64)
        self._seqs = np.empty(0, dtype=np.int64)
        self._recent: dict[int, list[int]] = {}
        self._pending = 0

    def band_keys(self, signatures: np.ndarray) -> np.ndarray:
        """Return the band keys of signatures, shape (n, bands), from values of shape (n, perm)."""
        used = signatures[:, : self.bands * self.rows].astype(np.uint64)
        folded = used.reshape(len(signatures), self.bands, self.rows) * self._multipliers
        keys: np.ndarray = folded.sum(axis=2, dtype=np.uint64)  # wraps modulo 2**64, as meant
        return keys

    def insert(self, seq: int, signature: np.ndarray) -> None:
        """Put one record's signature into every band."""
        for key in self.band_keys(signature[np.newaxis])[0].tolist():
            self._recent.setdefault(key, []).append(seq)
        self._pending += self.bands
        if self._pending >= max(MERGE_MIN, len(self._keys) // MERGE_SHARE):
            self.merge()

    def insert_many(self, chunks: Iterable[tuple[np.ndarray, np.ndarray]]) -> None:
        """Put many records, given as (seqs, signatures) chunks, into the bands in one merge."""
        keys, seqs = [], []
        for chunk_seqs, signatures in chunks:
            keys.append(self.band_keys(signatures).ravel())
            seqs.append(np.repeat(chunk_seqs.astype(np.int64), self.bands))
        if keys:
            self._merge_arrays(np.concatenate(keys), np.concatenate(seqs))

    def query(self, signature: np.ndarray) -> set[int]:
        """Return the seqs that share at least one band with the signature."""
        keys = self.band_keys(signature[np.newaxis])[0]
        found: set[int] = set()
        for key in keys.tolist():
            found.update(self._recent.get(key, ()))
        merged = self._keys
        at = merged.searchsorted(keys)
        live = at < len(merged)
        while live.any():  # walk each band's bucket: one step for most, a few for crowded ones
            live[live] = merged[at[live]] == keys[live]
            found.update(self._seqs[at[live]].tolist())
            at += 1
            live &= at < len(merged)
        return found

    def merge(self) -> None:
        """Move the recent inserts into the sorted arrays."""
        if not self._recent:
            return
        pairs = [(key, seq) for key, seqs in self._recent.items() for seq in seqs]
        keys = np.fromiter((k for k, _ in pairs), dtype=np.uint64, count=len(pairs))
        seqs = np.fromiter((s for _, s in pairs), dtype=np.int64, count=len(pairs))
        self._recent, self._pending = {}, 0
        self._merge_arrays(keys, seqs)

    def _merge_arrays(self, keys: np.ndarray, seqs: np.ndarray) -> None:
        all_keys = np.concatenate([self._keys, keys])
        order = np.argsort(all_keys, kind="stable")
        self._keys = all_keys[order]
        self._seqs = np.concatenate([self._seqs, seqs])[order]

    def __len__(self) -> int:
        """Return how many band entries are held."""
        return len(self._keys) + self._pending

    def nbytes(self) -> int:
        """Return the bytes the merged arrays take."""
        return int(self._keys.nbytes + self._seqs.nbytes)


def _values(signature: bytes) -> np.ndarray:
    """Return a stored signature as its uint32 values."""
    return np.frombuffer(signature, dtype="<u4").astype(np.uint32)


def _chunks(cursor: sqlite3.Cursor) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield (seqs, signatures) arrays from rows of (seq, signature), a chunk at a time."""
    while rows := cursor.fetchmany(LOAD_CHUNK):
        seqs = np.array([seq for seq, _ in rows], dtype=np.int64)
        values = np.frombuffer(b"".join(sig for _, sig in rows), dtype="<u4")
        yield seqs, values.reshape(len(rows), -1).astype(np.uint32)


class DedupIndex:
    """Find the earliest record with the same or nearly the same text; remember each record."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        namespace: str = NAMESPACE,
        threshold: float = THRESHOLD,
        num_perm: int = NUM_PERM,
        fresh: bool = False,
    ) -> None:
        self._conn = conn
        self._ns = namespace
        self.threshold = threshold
        self.num_perm = num_perm
        dropped = table_names(namespace) if fresh else ()
        ensure_schema(conn, DDL.format(ns=namespace), drop_first=dropped)
        self._check_meta()
        self._bands = Bands(num_perm)
        self._load()

    def _check_meta(self) -> None:
        """Record the signature parameters, or refuse an index made with other ones."""
        wanted = {
            "num_perm": str(self.num_perm),
            "seed": str(SEED),
            "scheme": SCHEME,
            "shingle": str(SHINGLE_CHARS),
            "format": FORMAT,
        }
        rows = dict(self._conn.execute(f"SELECT name, value FROM {self._ns}_meta").fetchall())
        if rows and rows != wanted:
            raise StoreError(
                f"the duplicate index was built with {rows}, not {wanted}: reclean rebuilds it"
            )
        if not rows:
            self._conn.executemany(
                f"INSERT INTO {self._ns}_meta (name, value) VALUES (?, ?)", sorted(wanted.items())
            )

    def _load(self) -> None:
        """Put every stored original-text signature into the in-memory bands."""
        cursor = self._conn.execute(
            f"SELECT d.seq, d.signature FROM {self._ns}_docs d "
            f"WHERE length(d.signature) > 0 AND NOT EXISTS ("
            f"SELECT 1 FROM {self._ns}_exact e WHERE e.exact = d.exact AND e.seq < d.seq) "
            f"ORDER BY d.seq"
        )
        self._bands.insert_many(_chunks(cursor))

    def __len__(self) -> int:
        """Return how many records the index knows."""
        row = self._conn.execute(f"SELECT count(*) FROM {self._ns}_docs").fetchone()
        return int(row[0])

    def check(self, record_id: str, fp: Fingerprint) -> str | None:
        """Return the id of the earliest other record with the same or nearly the same text."""
        known = self._conn.execute(
            f"SELECT duplicate_of FROM {self._ns}_docs WHERE id = ?", (record_id,)
        ).fetchone()
        if known is not None:  # seen before: the answer given then stands
            return known[0]  # type: ignore[no-any-return]
        if not fp.exact:
            return None
        exact = self._conn.execute(
            f"SELECT d.id FROM {self._ns}_exact e JOIN {self._ns}_docs d ON d.seq = e.seq "
            f"WHERE e.exact = ?",
            (fp.exact,),
        ).fetchone()
        match = exact[0] if exact is not None else self._near(fp)
        return None if match is None else self._root(match)

    def _root(self, record_id: str) -> str:
        """Return the first record of the copy family `record_id` belongs to."""
        row = self._conn.execute(
            f"SELECT duplicate_of FROM {self._ns}_docs WHERE id = ?", (record_id,)
        ).fetchone()
        return record_id if row is None or row[0] is None else str(row[0])

    def _near(self, fp: Fingerprint) -> str | None:
        """Return the earliest verified near-duplicate among the LSH candidates."""
        if not fp.signature:
            return None
        for seq in sorted(self._bands.query(_values(fp.signature))):
            row = self._conn.execute(
                f"SELECT id, exact, signature, shingles, numbers, key FROM {self._ns}_docs "
                f"WHERE seq = ?",
                (seq,),
            ).fetchone()
            other = Fingerprint(*row[1:])
            if is_near_duplicate(fp, other, threshold=self.threshold):
                return row[0]  # type: ignore[no-any-return]
        return None

    def add(self, record_id: str, fp: Fingerprint, duplicate_of: str | None) -> bool:
        """Remember a record (once); return False when it was already known."""
        cursor = self._conn.execute(
            f"INSERT OR IGNORE INTO {self._ns}_docs "
            f"(id, exact, signature, shingles, numbers, key, duplicate_of) "
            f"VALUES (?, ?, ?, ?, ?, ?, ?)",
            (record_id, fp.exact, fp.signature, fp.shingles, fp.numbers, fp.key, duplicate_of),
        )
        if cursor.rowcount == 0:
            return False
        seq = int(cursor.lastrowid or 0)
        first = self._conn.execute(
            f"INSERT OR IGNORE INTO {self._ns}_exact (exact, seq) VALUES (?, ?)", (fp.exact, seq)
        ).rowcount
        if first and fp.signature:  # a later exact copy adds nothing the bands do not hold
            self._bands.insert(seq, _values(fp.signature))
        return True

    def mark(self, record_id: str, text: str) -> str | None:
        """Check a text, remember it, and return the id it duplicates, if any."""
        fp = make_fingerprint(text, num_perm=self.num_perm)
        duplicate_of = self.check(record_id, fp)
        self.add(record_id, fp, duplicate_of)
        return duplicate_of

    def close(self) -> None:
        """Release the in-memory bands (the rows stay in the database)."""
        self._bands = Bands(self.num_perm)

    def __enter__(self) -> DedupIndex:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
