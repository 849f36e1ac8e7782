"""Template lines learned per site: on how many of a site's pages each short line occurred.

The counts live in the state database, so a site's template is learned across runs. A line key
that reaches the cleaners.corpus.template_lines thresholds is marked a template for good: pages
built after that have the line removed, so a share counted on their text would decay and the
line return.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from cleaners.corpus.template_lines import MIN_PAGES, MIN_SHARE, line_keys
from cleaners.text.repair import matching_key
from flows.store.state import ensure_schema

NAMESPACE = "templates"  # tables the crawl learns into, kept across runs
REBUILD_NAMESPACE = "templates_rebuild"  # a reclean's scratch tables, learned again from raw/
MAX_KEY_CHARS = 60  # slogans, hotlines, footers are short; longer lines are article prose
MIN_REPEATS = 2  # one page is never a template, however few pages a site has
PRUNE_AGE_PAGES = 200  # pages a key is given, from its first sighting, to show that it recurs
PRUNE_EVERY_PAGES = 100  # prune at these page counts rather than after every page
RARE_SHARE = 0.02  # a key on fewer of the pages since its first sighting is article text

DDL = """
CREATE TABLE IF NOT EXISTS {ns}_sites (
    site TEXT PRIMARY KEY,
    pages INTEGER NOT NULL              -- pages of the site observed
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS {ns}_lines (
    site TEXT NOT NULL,
    key TEXT NOT NULL,                  -- cleaners.text.repair.matching_key of a line
    pages INTEGER NOT NULL,             -- pages it occurred on
    first_seen INTEGER NOT NULL,        -- the site's page count when it first occurred
    template INTEGER NOT NULL DEFAULT 0,  -- 1 once it reached the thresholds
    PRIMARY KEY (site, key)
) WITHOUT ROWID;
"""


def table_names(namespace: str) -> tuple[str, ...]:
    """Return the tables of one namespace."""
    return (f"{namespace}_sites", f"{namespace}_lines")


def needed_pages(pages: int) -> float:
    """Return on how many of a site's pages a line must occur to be a template line."""
    return max(MIN_REPEATS, MIN_SHARE * pages)


def strip_template_lines(text: str, keys: frozenset[str]) -> str:
    """Remove the lines of a text whose matching key is one of `keys`."""
    if not keys:
        return text
    return "\n".join(line for line in text.split("\n") if matching_key(line) not in keys)


class SiteTemplates:
    """Count short lines per site in the state database and tell which are template lines."""

    def __init__(
        self, conn: sqlite3.Connection, *, namespace: str = NAMESPACE, fresh: bool = False
    ) -> None:
        self._conn = conn
        self._ns = namespace
        dropped = table_names(namespace) if fresh else ()
        ensure_schema(conn, DDL.format(ns=namespace), drop_first=dropped)
        self._keys: dict[str, frozenset[str]] = {}

    def pages(self, site: str) -> int:
        """Return how many pages of a site were observed."""
        row = self._conn.execute(
            f"SELECT pages FROM {self._ns}_sites WHERE site = ?", (site,)
        ).fetchone()
        return int(row[0]) if row else 0

    def observe(self, site: str, lines: Iterable[str]) -> None:
        """Count one page's lines towards its site's template."""
        keys = [key for key in line_keys(lines) if len(key) <= MAX_KEY_CHARS]
        self._conn.execute("BEGIN")
        try:
            pages = self._count_page(site)
            self._conn.executemany(
                f"INSERT INTO {self._ns}_lines (site, key, pages, first_seen) VALUES (?, ?, 1, ?) "
                "ON CONFLICT (site, key) DO UPDATE SET pages = pages + 1",
                [(site, key, pages) for key in keys],
            )
            if pages >= MIN_PAGES and self._mark(site, pages):
                self._keys.pop(site, None)
            if pages % PRUNE_EVERY_PAGES == 0:
                self._prune(site, pages)
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise

    def keys(self, site: str) -> frozenset[str]:
        """Return the matching keys of a site's template lines."""
        if site not in self._keys:
            rows = self._conn.execute(
                f"SELECT key FROM {self._ns}_lines WHERE site = ? AND template = 1", (site,)
            )
            self._keys[site] = frozenset(key for (key,) in rows)
        return self._keys[site]

    def _count_page(self, site: str) -> int:
        """Add one page to a site's count and return the new count."""
        self._conn.execute(
            f"INSERT INTO {self._ns}_sites (site, pages) VALUES (?, 1) "
            "ON CONFLICT (site) DO UPDATE SET pages = pages + 1",
            (site,),
        )
        return self.pages(site)

    def _mark(self, site: str, pages: int) -> bool:
        """Mark the keys that reached the thresholds; return True when there were any."""
        cursor = self._conn.execute(
            f"UPDATE {self._ns}_lines SET template = 1 "
            "WHERE site = ? AND template = 0 AND pages >= ?",
            (site, needed_pages(pages)),
        )
        return cursor.rowcount > 0

    def _prune(self, site: str, pages: int) -> None:
        """Forget the keys that stayed rare over many pages since they first occurred."""
        self._conn.execute(
            f"DELETE FROM {self._ns}_lines WHERE site = ? AND template = 0 "
            "AND ? - first_seen >= ? AND pages < ? * (? - first_seen + 1)",
            (site, pages, PRUNE_AGE_PAGES - 1, RARE_SHARE, pages),
        )
