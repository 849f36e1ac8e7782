"""Remember each site's cleaning rules in the state database.

A crawl saves the rules it cleaned with, so `reclean` (and `import-warc`) rebuild the corpus
with the same site names, selectors and line rules even when no sources file is given.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping

from cleaners.records import SiteRules
from flows.store.state import ensure_schema

DDL = """
CREATE TABLE IF NOT EXISTS site_rules (
    site TEXT PRIMARY KEY,
    rules TEXT NOT NULL             -- JSON of the SiteRules fields a config sets
) WITHOUT ROWID;
"""


def save_rules(conn: sqlite3.Connection, rules: Mapping[str, SiteRules]) -> None:
    """Store the rules of each site, replacing what an earlier run stored."""
    ensure_schema(conn, DDL)
    with conn:
        conn.executemany(
            "INSERT OR REPLACE INTO site_rules (site, rules) VALUES (?, ?)",
            [(site, _to_json(r)) for site, r in sorted(rules.items())],
        )


def saved_rules(conn: sqlite3.Connection) -> dict[str, SiteRules]:
    """Return the rules the last crawl of each site used."""
    ensure_schema(conn, DDL)
    return {
        site: _from_json(text) for site, text in conn.execute("SELECT site, rules FROM site_rules")
    }


def merged_rules(
    saved: Mapping[str, SiteRules], configured: Mapping[str, SiteRules]
) -> dict[str, SiteRules]:
    """Return the saved rules, overridden site by site by the configured ones."""
    return {**saved, **configured}


def _to_json(rules: SiteRules) -> str:
    return json.dumps(
        {
            "site": rules.site,
            "name": rules.name,
            "timezone": rules.timezone,
            "selectors": dict(rules.selectors),
            "drop_lines": list(rules.drop_lines),
            "day_first": rules.day_first,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _from_json(text: str) -> SiteRules:
    data = json.loads(text)
    return SiteRules(
        site=data["site"],
        name=data["name"],
        timezone=data["timezone"],
        selectors=data["selectors"],
        drop_lines=tuple(data["drop_lines"]),
        day_first=data["day_first"],
    )
