"""The near-duplicate index: MinHash LSH in memory, every fingerprint persisted in the state DB.

Each record's fingerprint (exact key, MinHash signature, shingle count, numbers) is a row, in the
order records were first seen; opening the index rebuilds the LSH bands from those rows, so it
works across runs and backfills. The earliest matching record is the one a duplicate points to.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from types import TracebackType

import numpy as np
from datasketch import MinHashLSH

from cleaners.dedup import (
    NUM_PERM,
    SCHEME,
    SEED,
    SHINGLE_CHARS,
    THRESHOLD,
    Fingerprint,
    is_near_duplicate,
)
from cleaners.dedup import fingerprint as make_fingerprint
from flows.errors import StoreError
from flows.state import ensure_schema

NAMESPACE = "dedup"  # tables of the live index
REBUILD_NAMESPACE = "dedup_rebuild"  # tables a reclean fills before they replace the live ones
# Rows per LSH band (128 values make 25 bands): a pair at Jaccard 0.7 shares a band 99% of the
# time, at 0.5 55%, at 0.2 1%; each candidate is then verified on its whole signature, so what the
# bands must give is recall.
LSH_ROWS = 5

DDL = """
CREATE TABLE IF NOT EXISTS {ns}_docs (
    seq INTEGER PRIMARY KEY,        -- first-seen order: the earliest match is the original
    id TEXT NOT NULL UNIQUE,
    exact TEXT NOT NULL,
    signature BLOB NOT NULL,
    shingles INTEGER NOT NULL,
    numbers TEXT NOT NULL,
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


def _bands(num_perm: int) -> MinHashLSH:
    """Return empty LSH bands for signatures of num_perm values."""
    return MinHashLSH(num_perm=num_perm, params=(num_perm // LSH_ROWS, LSH_ROWS))


@dataclass(frozen=True, slots=True)
class _Sketch:
    """The part of a MinHash that MinHashLSH reads: values, scheme and length."""

    hashvalues: np.ndarray
    scheme: str = SCHEME

    def __len__(self) -> int:
        return len(self.hashvalues)


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
        if fresh:
            for table in table_names(namespace):
                conn.execute(f"DROP TABLE IF EXISTS {table}")
        ensure_schema(conn, DDL.format(ns=namespace))
        self._check_meta()
        self._lsh = _bands(num_perm)
        self._load()

    def _check_meta(self) -> None:
        """Record the signature parameters, or refuse an index made with other ones."""
        wanted = {
            "num_perm": str(self.num_perm),
            "seed": str(SEED),
            "scheme": SCHEME,
            "shingle": str(SHINGLE_CHARS),
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
        """Put every stored original-text signature into the in-memory LSH bands."""
        cursor = self._conn.execute(
            f"SELECT d.seq, d.signature FROM {self._ns}_docs d "
            f"WHERE length(d.signature) > 0 AND NOT EXISTS ("
            f"SELECT 1 FROM {self._ns}_exact e WHERE e.exact = d.exact AND e.seq < d.seq) "
            f"ORDER BY d.seq"
        )
        with self._lsh.insertion_session() as session:
            for seq, signature in cursor:
                session.insert(seq, self._sketch(signature), check_duplication=False)

    def _sketch(self, signature: bytes) -> _Sketch:
        """Wrap a stored signature for the LSH."""
        return _Sketch(np.frombuffer(signature, dtype="<u4").astype(np.uint32))

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
        if exact is not None:
            return exact[0]  # type: ignore[no-any-return]
        return self._near(fp)

    def _near(self, fp: Fingerprint) -> str | None:
        """Return the earliest verified near-duplicate among the LSH candidates."""
        if not fp.signature:
            return None
        for seq in sorted(self._lsh.query(self._sketch(fp.signature))):
            row = self._conn.execute(
                f"SELECT id, exact, signature, shingles, numbers FROM {self._ns}_docs "
                f"WHERE seq = ?",
                (seq,),
            ).fetchone()
            other = Fingerprint(exact=row[1], signature=row[2], shingles=row[3], numbers=row[4])
            if is_near_duplicate(fp, other, threshold=self.threshold):
                return row[0]  # type: ignore[no-any-return]
        return None

    def add(self, record_id: str, fp: Fingerprint, duplicate_of: str | None) -> bool:
        """Remember a record (once); return False when it was already known."""
        cursor = self._conn.execute(
            f"INSERT OR IGNORE INTO {self._ns}_docs "
            f"(id, exact, signature, shingles, numbers, duplicate_of) VALUES (?, ?, ?, ?, ?, ?)",
            (record_id, fp.exact, fp.signature, fp.shingles, fp.numbers, duplicate_of),
        )
        if cursor.rowcount == 0:
            return False
        seq = cursor.lastrowid
        first = self._conn.execute(
            f"INSERT OR IGNORE INTO {self._ns}_exact (exact, seq) VALUES (?, ?)", (fp.exact, seq)
        ).rowcount
        if first and fp.signature:  # a later exact copy adds nothing the bands do not hold
            self._lsh.insert(seq, self._sketch(fp.signature), check_duplication=False)
        return True

    def mark(self, record_id: str, text: str) -> str | None:
        """Check a text, remember it, and return the id it duplicates, if any."""
        fp = make_fingerprint(text, num_perm=self.num_perm)
        duplicate_of = self.check(record_id, fp)
        self.add(record_id, fp, duplicate_of)
        return duplicate_of

    def close(self) -> None:
        """Release the in-memory bands (the rows stay in the database)."""
        self._lsh = _bands(self.num_perm)

    def __enter__(self) -> DedupIndex:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
