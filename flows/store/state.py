"""The one embedded SQLite database beside raw/ that carries state between runs.

Each module that keeps state owns its tables and creates them with `ensure_schema`;
this module only opens the database the same way for all of them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

STATE_FILE = "state.sqlite"  # inside the data dir
BUSY_TIMEOUT_MS = 30_000  # a second process (reclean beside a crawl) waits instead of failing


def open_state(data_dir: Path) -> sqlite3.Connection:
    """Open (creating) the state database of a data dir in WAL mode."""
    data_dir.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(data_dir / STATE_FILE, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL survives process kills
    return conn


def ensure_schema(conn: sqlite3.Connection, ddl: str, *, drop_first: Iterable[str] = ()) -> None:
    """Create a module's tables if they do not exist yet, after dropping `drop_first`."""
    for table in drop_first:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.executescript(ddl)
