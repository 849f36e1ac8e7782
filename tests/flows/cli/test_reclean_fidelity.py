"""crawl → reclean → reclean through the console script: the crawl's records, byte for byte.

The portal has listing pages, a soft 404 and republished copies; the crawler marks each
response in raw/ with what it fetched it as, and reclean (and import-warc) honour the mark,
so listing pages never become records on a rebuild.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from consolescript import records, rejects, run
from crawlportal import PortalServer, config_toml, serve_portal
from warcio.archiveiterator import ArchiveIterator

from flows.crawl.imports import import_warc
from flows.store.warcwrite import KIND_HEADER

pytestmark = pytest.mark.slow

ARTICLES = 6  # two listing pages of four
COPIES = 1  # two sightings of a line stay below the site-template threshold


def corpus_files(data_dir: Path) -> dict[str, bytes]:
    """Return every file of clean/ by relative path."""
    clean = data_dir / "clean"
    return {p.relative_to(clean).as_posix(): p.read_bytes() for p in sorted(clean.rglob("*.jsonl"))}


def extraction_rejects(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
    """Return the rejects a rebuild can make again: those of extraction and cleaning."""
    return sorted(
        (r["stage"], r["reason"], r["url"], r["detail"], str(r["warc"]))
        for r in rows
        if r["stage"] != "fetch"
    )


def kinds(data_dir: Path) -> dict[str, str]:
    """Return the kind the crawler marked on each response record, by URL."""
    marked: dict[str, str] = {}
    for path in (data_dir / "raw").glob("*.warc.gz"):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    marked[url] = record.rec_headers.get_header(KIND_HEADER)
    return marked


def test_reclean_rebuilds_the_crawl_exactly(tmp_path: Path) -> None:
    data_dir, home = tmp_path / "data", tmp_path / "home"
    portal = PortalServer(articles=ARTICLES, soft_404=True, copies=COPIES)
    with serve_portal(portal):
        config = tmp_path / "sources.toml"
        config.write_text(config_toml(portal), encoding="utf-8")
        crawled = run(["crawl", "--config", str(config), "--data-dir", str(data_dir)], home)
    assert crawled.returncode == 0, crawled.stderr
    crawl_files = corpus_files(data_dir)
    crawl_records = records(data_dir)
    (crawl_rejects_file,) = (p.stem for p in (data_dir / "rejects").glob("*.jsonl"))
    crawl_rejects = extraction_rejects(rejects(data_dir, crawl_rejects_file))

    # what the crawl made: the articles and copies as records, copies marked, the soft 404 dropped
    urls = {str(r["url"]) for r in crawl_records}
    assert urls == set(portal.article_urls()) | {portal.base + portal.copy_path(0)}
    assert sum(r["duplicate_of"] is not None for r in crawl_records) == COPIES
    assert [(s, r, u) for s, r, u, *_ in crawl_rejects] == [
        ("extract", "soft_404", portal.base + portal.soft_404_path())
    ]
    marked = kinds(data_dir)
    assert marked[portal.base + portal.listing_path(1)] == "listing"
    assert marked[portal.base + portal.listing_path(2)] == "listing"
    assert marked[portal.base + "/robots.txt"] == "robots"
    assert marked[portal.base + portal.article_path(0)] == "article"

    for _ in range(2):  # crawl → reclean → reclean
        done = run(["reclean", "--data-dir", str(data_dir)], home)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert corpus_files(data_dir) == crawl_files
        assert extraction_rejects(rejects(data_dir, "reclean")) == crawl_rejects
        assert "warc_skipped_listing" in done.stdout

    # import-warc of the crawl's raw/ into a fresh dir honours the marks too (in-process: the
    # command's own path is the same function, tested through the CLI elsewhere)
    fresh = tmp_path / "fresh"
    counters = import_warc(sorted((data_dir / "raw").glob("*.warc.gz")), fresh)
    assert {str(r["url"]) for r in records(fresh)} == urls
    assert counters.get("warc_skipped_listing") == 2 and counters.get("warc_skipped_robots") == 1
