"""Two good responses of one URL in raw/: crawl, reclean and import-warc build from the same one.

Through the console script against a portal on 127.0.0.1: a crawl, then the portal edits every
article, then `crawl --revalidate` fetches each again (a 200 with a new ETag) and keeps the
record it has. raw/ now holds two responses per article; `reclean` must rebuild each record
from the response its `raw` names, the first, and `import-warc` of raw/ must take the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from consolescript import records, run
from crawlportal import PortalServer, config_toml, serve_portal

pytestmark = pytest.mark.slow

ARTICLES = 4  # one listing page


def built_from(rows: list[dict[str, object]]) -> dict[str, tuple[object, object]]:
    """Return each record's text and fetch time by URL: what its response gave it."""
    return {str(r["url"]): (r["text"], r["fetched_at"]) for r in rows}


def test_reclean_builds_each_record_from_the_response_it_names(tmp_path: Path) -> None:
    data_dir, home = tmp_path / "data", tmp_path / "home"
    portal = PortalServer(articles=ARTICLES)
    crawl = ["crawl", "--config", str(tmp_path / "sources.toml"), "--data-dir", str(data_dir)]
    with serve_portal(portal):
        (tmp_path / "sources.toml").write_text(config_toml(portal), encoding="utf-8")
        first = run(crawl, home)
        assert first.returncode == 0, first.stderr
        built = records(data_dir)
        portal.revised = True  # every article changes: a revalidation gets a 200, not a 304
        again = run([*crawl, "--revalidate"], home)
        assert again.returncode == 0, again.stderr
    assert all(portal.hits[portal.article_path(i)] == 2 for i in range(ARTICLES))
    assert records(data_dir) == built  # the crawl keeps the record it made from the first
    assert not any("更正" in str(r["text"]) for r in built)

    recleaned = run(["reclean", "--data-dir", str(data_dir)], home)
    assert recleaned.returncode == 0, recleaned.stderr
    assert records(data_dir) == built  # same text, same `raw`: the response the record names

    fresh = tmp_path / "fresh"
    raw = sorted(str(p) for p in (data_dir / "raw").glob("*.warc.gz"))
    imported = run(["import-warc", *raw, "--data-dir", str(fresh)], home)
    assert imported.returncode == 0, imported.stderr
    assert built_from(records(fresh)) == built_from(built)
