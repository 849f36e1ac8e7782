"""Append records to clean/<site>/<YYYY-MM>.jsonl and drops to rejects/, crash-safe and once only.

Each line goes out in one write of one complete JSON object and "\\n". The state DB keeps, per
record id, the file and the offset where its line ends, and per file the end of the last line it
knows. Opening a file again repairs it: a torn last line (a crash mid-write) is cut off, and whole
lines the DB has not heard of (a crash between write and commit) are adopted, never written twice.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from cleaners.records import Dropped, Record, WarcPointer
from flows.config import is_site_key
from flows.errors import DiskFull, StoreError, is_no_space
from flows.store.state import ensure_schema

WRITTEN = "written"  # ledger of the live corpus
REBUILD_WRITTEN = "written_rebuild"  # ledger a reclean fills for clean.new/
UNKNOWN_DATE = "unknown-date"  # partition of records without a publication date
MAX_OPEN_FILES = 64  # partitions kept open at once; a backfill touches many months
# fsyncs run at once when a writer closes: each waits on the disk, not the CPU (54 partitions
# take 0.18 s one after the other and 0.01 s eight at a time)
SYNC_THREADS = 8
MONTH_CHARS = 7  # "2020-05" out of "2020-05-07T21:47:22+08:00": the month as the page dated it
READ_BACK_BYTES = 65536  # read a file backwards in steps this large to find a line's start
STORE_STAGE = "store"  # stage named on lines set aside from a corpus file
NOT_A_RECORD = "not_a_record"  # a line of a corpus file that holds no record (a hand edit)
MONTH = re.compile(rf"\d{{4}}-\d{{2}}|{UNKNOWN_DATE}")  # the only file names a partition may take

DDL = """
CREATE TABLE IF NOT EXISTS {table} (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,             -- relative to the corpus folder
    line_end INTEGER NOT NULL       -- byte offset just past the record's line
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS {table}_files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL           -- every byte before this is a whole line the ledger knows
) WITHOUT ROWID;
"""


def table_names(table: str) -> tuple[str, ...]:
    """Return the tables a ledger called `table` keeps."""
    return (table, f"{table}_files")


def partition(record: Record) -> str:
    """Return the record's file inside the corpus folder: <site>/<YYYY-MM>.jsonl."""
    month = record.published_at[:MONTH_CHARS] if record.published_at else UNKNOWN_DATE
    if not is_site_key(record.site) or not MONTH.fullmatch(month):
        raise StoreError(f"{record.url}: site {record.site!r} or month {month!r} names no file")
    return f"{record.site}/{month}.jsonl"


def encode_line(data: dict[str, object]) -> bytes:
    """Return one JSON line: UTF-8, no ASCII escapes, ending in a newline."""
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


def append_line(fd: int, line: bytes, path: Path) -> None:
    """Write a whole line to an append-only descriptor of `path`; raise DiskFull if no room."""
    view = memoryview(line)
    try:
        while view:  # one write in practice; a short write is finished rather than left torn
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        if is_no_space(exc):
            raise DiskFull(str(path)) from exc
        raise


class CorpusWriter:
    """Append each record once to its partition file, remembering what was written."""

    def __init__(
        self,
        clean_dir: Path,
        conn: sqlite3.Connection,
        *,
        table: str = WRITTEN,
        fresh: bool = False,
        set_aside: Callable[[Dropped], None] | None = None,
    ) -> None:
        self.clean_dir = clean_dir
        self._set_aside_to = set_aside  # where a line that is no record goes; None: stop
        self._conn = conn
        self._table = table
        dropped = table_names(table) if fresh else ()
        ensure_schema(conn, DDL.format(table=table), drop_first=dropped)
        self._files: OrderedDict[str, tuple[int, int]] = OrderedDict()  # path -> (fd, size)
        self._closed_early: set[str] = set()  # partitions written, then closed to stay in bounds

    def written(self, record_id: str) -> bool:
        """Tell whether a record with this id is already in the corpus."""
        row = self._conn.execute(f"SELECT 1 FROM {self._table} WHERE id = ?", (record_id,))
        return row.fetchone() is not None

    def write(self, record: Record) -> bool:
        """Append the record unless its id was written before; return whether it was."""
        if self.written(record.id):
            return False
        line = encode_line(record.to_json_dict())
        path = partition(record)
        fd, size = self._open(path)
        append_line(fd, line, self.clean_dir / path)
        size += len(line)
        self._files[path] = (fd, size)
        with self._conn:
            self._conn.execute("BEGIN")
            self._conn.execute(
                f"INSERT INTO {self._table} (id, path, line_end) VALUES (?, ?, ?)",
                (record.id, path, size),
            )
            self._remember_size(path, size)
        return True

    def _remember_size(self, path: str, size: int) -> None:
        self._conn.execute(
            f"INSERT INTO {self._table}_files (path, size) VALUES (?, ?) "
            f"ON CONFLICT(path) DO UPDATE SET size = excluded.size",
            (path, size),
        )

    def _open(self, path: str) -> tuple[int, int]:
        """Return the open descriptor and size of a partition, repairing it on first use."""
        if path in self._files:
            self._files.move_to_end(path)
            return self._files[path]
        if len(self._files) >= MAX_OPEN_FILES:
            old, (old_fd, _) = self._files.popitem(last=False)
            os.close(old_fd)
            self._closed_early.add(old)  # flushed to disk with the others when the writer closes
        full = self.clean_dir / path
        try:
            full.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(full, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as exc:
            if is_no_space(exc):
                raise DiskFull(str(full)) from exc
            raise StoreError(f"{full}: cannot open for writing ({exc.strerror})") from exc
        size = self._repair(fd, path)
        self._files[path] = (fd, size)
        return fd, size

    def _repair(self, fd: int, path: str) -> int:
        """Mend a partition on first use and return its size: cut a torn last line, give a
        whole last record its lost newline, set aside lines that are no record, and adopt
        whole records the ledger missed."""
        row = self._conn.execute(
            f"SELECT size FROM {self._table}_files WHERE path = ?", (path,)
        ).fetchone()
        size = os.fstat(fd).st_size
        known = _line_start(fd, min(row[0], size) if row else 0)
        tail = os.pread(fd, size - known, known)
        whole = tail.rfind(b"\n") + 1
        if whole < len(tail) and _record_id(tail[whole:]) is not None:
            # a whole record whose newline was taken away by hand
            append_line(fd, b"\n", self.clean_dir / path)
            tail, whole = tail + b"\n", len(tail) + 1
        elif whole < len(tail):
            os.ftruncate(fd, known + whole)  # a line torn by a crash mid-write
        lines = tail[:whole].splitlines(keepends=True)
        if any(_record_id(line) is None for line in lines):
            lines = self._set_aside(fd, path, known, lines)
        with self._conn:
            self._conn.execute("BEGIN")
            end = known
            for line in lines:
                end += len(line)
                self._conn.execute(
                    f"INSERT OR IGNORE INTO {self._table} (id, path, line_end) VALUES (?, ?, ?)",
                    (_record_id(line), path, end),
                )
            self._remember_size(path, end)
        return end

    def _set_aside(self, fd: int, path: str, known: int, lines: list[bytes]) -> list[bytes]:
        """Move the lines that are no record to rejects (or stop, naming the first one)."""
        full = self.clean_dir / path
        first_line = os.pread(fd, known, 0).count(b"\n") + 1  # the number of lines[0]
        kept: list[bytes] = []
        for n, line in enumerate(lines, start=first_line):
            if _record_id(line) is not None:
                kept.append(line)
                continue
            where = f"{full} line {n}"
            if self._set_aside_to is None:
                raise StoreError(f"{where} is not a record: mend or remove it")
            text = line.decode("utf-8", "replace").rstrip("\n")
            dropped = Dropped(STORE_STAGE, NOT_A_RECORD, full.as_uri(), f"{where}: {text}")
            self._set_aside_to(dropped)
        os.ftruncate(fd, known)  # the rejects hold the bad lines now: write the good ones back
        for line in kept:
            append_line(fd, line, full)
        return kept

    def close(self) -> None:
        """Flush every partition written to disk and close it."""
        fds = [fd for fd, _ in self._files.values()]
        reopened = self._closed_early - self._files.keys()
        self._files.clear()
        self._closed_early.clear()
        for path in sorted(reopened):  # fsync on any descriptor flushes the file's data
            with suppress(OSError):  # gone or unreadable since: nothing of ours left to flush
                fds.append(os.open(self.clean_dir / path, os.O_RDONLY))
        sync_and_close(fds)

    def __enter__(self) -> CorpusWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _record_id(line: bytes) -> str | None:
    """Return the id of a line holding one record, None when it holds none."""
    try:
        data = json.loads(line)
    except ValueError:
        return None
    record_id = data.get("id") if isinstance(data, dict) else None
    return record_id if isinstance(record_id, str) else None


def _line_start(fd: int, offset: int) -> int:
    """Return where the line holding byte `offset - 1` starts (`offset` when that is a newline)."""
    start = offset
    while start:
        low = max(0, start - READ_BACK_BYTES)
        cut = os.pread(fd, start - low, low).rfind(b"\n")
        if cut >= 0:
            return low + cut + 1
        start = low
    return 0


def reject_line(dropped: Dropped, warc: WarcPointer | None = None) -> dict[str, object]:
    """Return the JSON object a rejects file holds for one drop (of the page at `warc`)."""
    pointer = (
        {"file": warc.file, "offset": warc.offset, "record_id": warc.record_id} if warc else None
    )
    return {
        "stage": dropped.stage,
        "reason": dropped.reason,
        "url": dropped.url,
        "detail": dropped.detail,
        "warc": pointer,
    }


class RejectsWriter:
    """Append drops to rejects/<YYYY-MM-DD>.jsonl (UTC day of the run), or to one named file."""

    def __init__(self, rejects_dir: Path, *, name: str | None = None) -> None:
        self.rejects_dir = rejects_dir
        self._name = name
        self._fds: dict[str, int] = {}

    def path(self) -> Path:
        """Return the file the next drop goes to."""
        name = self._name or datetime.now(UTC).strftime("%Y-%m-%d")
        return self.rejects_dir / f"{name}.jsonl"

    def write(self, dropped: Dropped, warc: WarcPointer | None = None) -> None:
        """Append one drop (of the page at `warc`, when it has one) as a JSON line."""
        path = self.path()
        fd = self._fds.get(path.name)
        if fd is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
            _cut_torn_line(fd)
            self._fds[path.name] = fd
        append_line(fd, encode_line(reject_line(dropped, warc)), path)

    def close(self) -> None:
        """Flush every rejects file to disk and close it."""
        fds = list(self._fds.values())
        self._fds.clear()
        sync_and_close(fds)


def sync_and_close(fds: list[int]) -> None:
    """Flush descriptors to disk, several at once, and close them all, even when one fails."""
    try:
        if fds:
            with ThreadPoolExecutor(min(SYNC_THREADS, len(fds)), "fsync") as pool:
                for _ in pool.map(os.fsync, fds):  # raises the first failure, once all ended
                    pass
    finally:
        for fd in fds:
            os.close(fd)


def _cut_torn_line(fd: int) -> None:
    """Drop a partial last line left by a crash."""
    size = os.fstat(fd).st_size
    start = max(0, size - 65536)
    while size:
        chunk = os.pread(fd, size - start, start)
        cut = chunk.rfind(b"\n")
        if cut >= 0 or start == 0:
            os.ftruncate(fd, start + cut + 1)
            return
        start = max(0, start - 65536)
