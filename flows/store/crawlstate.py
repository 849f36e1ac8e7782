"""What the crawler remembers between runs: every URL seen, how its last fetch went, what is due.

An article URL is `done` once its record or its reject is written (or its fetch failed for
good); until then every run offers it again, so a run killed at any moment loses nothing.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from cleaners.links.urls import canonicalize_url
from flows.store.state import ensure_schema, open_state

if TYPE_CHECKING:
    from flows.net.fetch import FetchResult

Kind = Literal["listing", "article"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url            TEXT PRIMARY KEY,   -- canonical, as asked
    site           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('listing', 'article')),
    first_seen     TEXT NOT NULL,      -- UTC ISO 8601 with microseconds: sorts as text
    last_fetched   TEXT,
    last_status    INTEGER,
    outcome        TEXT,               -- FetchResult.outcome of the last fetch
    etag           TEXT,
    last_modified  TEXT,
    content_sha256 TEXT,               -- of the last body received
    attempts       INTEGER NOT NULL DEFAULT 0,  -- requests made, all runs
    failures       INTEGER NOT NULL DEFAULT 0,  -- runs whose fetch failed in a row
    last_error     TEXT,
    next_visit     TEXT,               -- not offered again before this time
    done           INTEGER NOT NULL DEFAULT 0,
    final_url      TEXT,               -- after redirects
    record_id      TEXT,               -- id of the written record
    reason         TEXT                -- why it is done without a record
);
CREATE INDEX IF NOT EXISTS urls_due ON urls (site, kind, done, next_visit);
CREATE INDEX IF NOT EXISTS urls_final ON urls (final_url);
"""

MAX_FAILED_RUNS = 5  # a URL failing on this many runs in a row is given up
RETRY_BACKOFF = timedelta(0)  # a transient failure is due again from the next run on
# A URL answered with an anti-bot challenge is due on the next run, then after 1, 3, 7 ... hours
# (the base times 2^(runs blocked before) - 1), never later than the cap; it is never given up.
BLOCKED_BACKOFF = timedelta(hours=1)
BLOCKED_BACKOFF_CAP = timedelta(days=7)
BLOCKED = "blocked"  # the FetchResult outcome of a challenge


def utc_now() -> str:
    """Return the current UTC time as sortable ISO 8601 with microseconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class UrlRow:
    """One row of the urls table."""

    url: str
    site: str
    kind: str
    first_seen: str
    last_fetched: str | None
    last_status: int | None
    outcome: str | None
    etag: str | None
    last_modified: str | None
    content_sha256: str | None
    attempts: int
    failures: int
    last_error: str | None
    next_visit: str | None
    done: bool
    final_url: str | None
    record_id: str | None
    reason: str | None


COLUMNS = ", ".join(UrlRow.__dataclass_fields__)


class CrawlState:
    """The urls table of one data dir, seen from one run (which started at `run_start`)."""

    def __init__(self, conn: sqlite3.Connection, *, clock: Callable[[], str] = utc_now) -> None:
        self.conn = conn
        self.clock = clock
        self._lock = threading.RLock()  # Prefect tasks in threads share one run's state
        ensure_schema(conn, SCHEMA)
        self.run_start = clock()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """Run statements as one transaction, one thread at a time."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @classmethod
    def open(cls, data_dir: Path) -> CrawlState:
        """Open the state of a data dir for a new run."""
        return cls(open_state(data_dir))

    def _read(self, query: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        """Run a SELECT and return all its rows."""
        with self._lock:
            return list(self.conn.execute(query, params))

    def close(self) -> None:
        """Close the database connection."""
        self.conn.close()

    def mark_discovered(self, urls: Iterable[str], site: str, kind: Kind = "article") -> int:
        """Remember URLs found by discovery; return how many were new."""
        now = self.clock()
        rows = [(url, site, kind, now) for url in dict.fromkeys(urls)]
        with self._tx() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO urls (url, site, kind, first_seen) VALUES (?, ?, ?, ?)",
                rows,
            )
            return conn.total_changes - before

    def pending_articles(self, site: str, *, revalidate: bool = False) -> list[str]:
        """Return the site's articles still to fetch in this run, oldest discovery first."""
        done_clause = "" if revalidate else "AND done = 0"
        rows = self._read(
            f"""SELECT url FROM urls
                WHERE site = ? AND kind = 'article' {done_clause}
                  AND (next_visit IS NULL OR next_visit <= ?)
                  AND (last_fetched IS NULL OR last_fetched < ?)
                  AND (reason IS NULL OR ? = 1 AND record_id IS NOT NULL)
                ORDER BY first_seen, rowid""",
            (site, self.clock(), self.run_start, int(revalidate)),
        )
        return [str(url) for (url,) in rows]

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """Return the ETag and Last-Modified stored for a URL."""
        rows = self._read("SELECT etag, last_modified FROM urls WHERE url = ?", (url,))
        return (_text(rows[0][0]), _text(rows[0][1])) if rows else (None, None)

    def record_fetch(self, result: FetchResult, *, site: str, kind: Kind = "article") -> str | None:
        """Store how a fetch went; return the reason when it made the URL done for good.

        A 304 makes an article done again; a lasting failure (404, robots, ...) or a failure
        on MAX_FAILED_RUNS runs in a row makes it done without a record.
        """
        now = self.clock()
        self.mark_discovered([result.url], site, kind)
        body = result.exchanges[-1].body if result.exchanges else None
        digest = hashlib.sha256(body).hexdigest() if body is not None else None
        failed = result.outcome not in ("ok", "not_modified")
        failures_sql = "failures + 1" if failed else "0"
        done, reason, next_visit = self._verdict(result, now, self._failures(result.url))
        with self._tx() as conn:
            conn.execute(
                f"""UPDATE urls SET last_fetched = ?, last_status = ?, outcome = ?,
                       etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),
                       content_sha256 = CASE WHEN ? = 'ok' THEN ? ELSE content_sha256 END,
                       attempts = attempts + ?, failures = {failures_sql}, last_error = ?,
                       next_visit = ?, final_url = ?,
                       done = CASE WHEN ? THEN 1 WHEN ? THEN 0 ELSE done END,
                       reason = COALESCE(?, reason)
                   WHERE url = ?""",
                (
                    now,
                    result.status,
                    result.outcome,
                    result.etag,
                    result.last_modified,
                    result.outcome,
                    digest,
                    result.attempts,
                    result.error,
                    next_visit,
                    canonicalize_url(result.final_url) or result.final_url,
                    done,
                    result.outcome == "ok",
                    reason,
                    result.url,
                ),
            )
        if failed and result.retry_later and result.outcome != BLOCKED:
            return self._give_up_if_exhausted(result.url)
        return reason

    def _failures(self, url: str) -> int:
        """Return how many runs in a row a URL's fetch has failed."""
        rows = self._read("SELECT failures FROM urls WHERE url = ?", (url,))
        return int(str(rows[0][0])) if rows else 0

    def _verdict(
        self, result: FetchResult, now: str, failures: int
    ) -> tuple[bool, str | None, str | None]:
        """Return (done, reason, next_visit) after a fetch that followed `failures` failed runs."""
        if result.outcome == "not_modified":
            return True, None, None
        if result.outcome == "ok":
            return False, None, None  # done once processed
        if not result.retry_later:  # 404, 410, robots disallow, wrong type: asking again won't help
            return True, result.outcome, None
        wait = RETRY_BACKOFF
        if result.outcome == BLOCKED:
            wait = min(BLOCKED_BACKOFF * (2 ** min(failures, 16) - 1), BLOCKED_BACKOFF_CAP)
        due = datetime.strptime(now, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC) + wait
        return False, None, due.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def _give_up_if_exhausted(self, url: str) -> str | None:
        """Make a URL done as 'gave_up' once it failed on MAX_FAILED_RUNS runs in a row."""
        with self._tx() as conn:
            cursor = conn.execute(
                """UPDATE urls SET done = 1, reason = 'gave_up'
                   WHERE url = ? AND done = 0 AND failures >= ?""",
                (url, MAX_FAILED_RUNS),
            )
            return "gave_up" if cursor.rowcount else None

    def mark_done(
        self, url: str, *, record_id: str | None = None, reason: str | None = None
    ) -> None:
        """Make an article done once its record (record_id) or its reject (reason) is written."""
        with self._tx() as conn:
            conn.execute(
                """UPDATE urls SET done = 1,
                       record_id = COALESCE(?, record_id),
                       reason = CASE WHEN ? IS NULL THEN NULL ELSE ? END
                   WHERE url = ? OR (final_url = ? AND done = 0)""",
                (record_id, reason, reason, url, url),
            )

    def mark_pending(self, url: str, *, error: str) -> None:
        """Put an article back to pending with why (its worker died, a page of it is missing)."""
        with self._tx() as conn:
            conn.execute(
                """UPDATE urls SET done = 0, reason = NULL, last_error = ?,
                       failures = failures + 1
                   WHERE url = ? OR (final_url = ? AND done = 0)""",
                (error, url, url),
            )

    def failures(self, site: str | None = None) -> list[UrlRow]:
        """Return the articles whose last fetch failed and that a later run will retry."""
        query = f"""SELECT {COLUMNS} FROM urls WHERE kind = 'article' AND done = 0
                    AND failures > 0 AND (? IS NULL OR site = ?) ORDER BY rowid"""
        return [_row(r) for r in self._read(query, (site, site))]

    def row(self, url: str) -> UrlRow | None:
        """Return the stored row of a URL."""
        found = self._read(f"SELECT {COLUMNS} FROM urls WHERE url = ?", (url,))
        return _row(found[0]) if found else None

    def counts(self, site: str | None = None) -> dict[str, int]:
        """Return article counts: seen, done, with a record, pending, failing."""
        (row,) = self._read(
            """SELECT COUNT(*), SUM(done), SUM(record_id IS NOT NULL), SUM(done = 0),
                      SUM(done = 0 AND failures > 0)
               FROM urls WHERE kind = 'article' AND (? IS NULL OR site = ?)""",
            (site, site),
        )
        names = ("seen", "done", "records", "pending", "failing")
        return {name: int(str(value or 0)) for name, value in zip(names, row, strict=True)}


def _row(values: tuple[object, ...]) -> UrlRow:
    """Build a UrlRow from a SELECT of COLUMNS."""
    fields = dict(zip(UrlRow.__dataclass_fields__, values, strict=True))
    fields["done"] = bool(fields["done"])
    return UrlRow(**fields)  # type: ignore[arg-type]


def _text(value: object) -> str | None:
    """Return a column value as text, None staying None."""
    return None if value is None else str(value)
