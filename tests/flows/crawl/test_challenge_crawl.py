"""A portal behind a JavaScript challenge, crawled through the console script.

No challenge becomes a record or a listing; each is a `blocked` reject with the status, the
URL stays pending for the next run (asked once per run, never in a loop), the run prints one
warning line for the source (the pace is tested in tests/flows/net/test_fetch_challenge.py).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from consolescript import records, rejects, run
from govportal import COLUMN, GovPortal, gov_config, serve_gov_portal

pytestmark = pytest.mark.slow

WARNING = (
    "source 'gov': 5 pages answered with a JavaScript challenge (HTTP 412): "
    "they need a browser or the site's permission"
)


def crawl(portal: GovPortal, tmp_path: Path) -> tuple[Path, str, int]:
    """Crawl the portal into tmp_path/data; return the data dir, stderr and exit code."""
    data_dir, config = tmp_path / "data", tmp_path / "sources.toml"
    config.write_text(gov_config(portal), encoding="utf-8")
    done = run(["crawl", "--config", str(config), "--data-dir", str(data_dir)], tmp_path / "home")
    return data_dir, done.stderr, done.returncode


def pending(data_dir: Path) -> list[tuple[str, str | None, str | None]]:
    """Return (url, outcome, next_visit) of the article URLs still pending."""
    with sqlite3.connect(data_dir / "state.sqlite") as conn:
        rows = conn.execute(
            "SELECT url, outcome, next_visit FROM urls WHERE kind = 'article' AND done = 0"
        ).fetchall()
    return sorted(rows)


def test_challenged_articles_are_blocked_rejects_pending_for_the_next_run(
    tmp_path: Path,
) -> None:
    portal = GovPortal(challenge="articles")
    with serve_gov_portal(portal):
        data_dir, stderr, code = crawl(portal, tmp_path)
        assert code == 0, stderr
        assert records(data_dir) == []
        assert stderr.count("JavaScript challenge") == 1
        assert f"warning: {WARNING}" in stderr
        day = next((data_dir / "rejects").glob("*.jsonl")).stem
        blocked = [r for r in rejects(data_dir, day) if r["stage"] == "blocked"]
        assert sorted(r["url"] for r in blocked) == sorted(map(portal.url, portal.articles()))
        assert {(r["reason"], r["detail"]) for r in blocked} == {
            ("challenge", "JavaScript challenge (HTTP 412)")
        }
        assert all(portal.hits[path] == 1 for path in portal.articles())  # no loop in the run
        first = pending(data_dir)
        assert [(url, outcome) for url, outcome, _ in first] == sorted(
            (portal.url(path), "blocked") for path in portal.articles()
        )
        # the challenge lifts: the next run asks again and writes the articles
        portal.challenge = ""
        data_dir, stderr, code = crawl(portal, tmp_path)
    assert code == 0, stderr
    assert "JavaScript challenge" not in stderr
    assert len(records(data_dir)) >= 4
    assert pending(data_dir) == []


def test_a_site_all_behind_a_challenge_fails_with_the_warning(tmp_path: Path) -> None:
    portal = GovPortal(challenge="all", challenge_status=202)
    with serve_gov_portal(portal):
        data_dir, stderr, code = crawl(portal, tmp_path)
    assert code == 1  # its only listing could not be read
    assert "source 'gov': 1 pages answered with a JavaScript challenge (HTTP 202)" in stderr
    assert records(data_dir) == []
    assert portal.hits[COLUMN] == 1
