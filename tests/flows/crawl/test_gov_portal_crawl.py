"""A government portal crawled through the console script, then rebuilt by reclean.

The column lists a notice over three pages (one record, its pages joined), a notice with a PDF
and a DOCX (listed, and read when the source asks), and a notice reached through a script
redirect shell (written once, under its final URL); reclean and import-warc rebuild the same.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from consolescript import records, run
from govportal import (
    DOCX_NAME,
    DOCX_PATH,
    DOCX_TEXT,
    PARTS,
    PDF_NAME,
    PDF_PATH,
    PDF_TEXT,
    PLAIN,
    SHELL,
    SPLIT,
    TARGET,
    WITH_FILES,
    GovPortal,
    gov_config,
    serve_gov_portal,
)
from warcio.archiveiterator import ArchiveIterator

from flows.store.warcwrite import KIND_HEADER, REDIRECT_HEADER

pytestmark = pytest.mark.slow


def crawl(portal: GovPortal, tmp_path: Path, *, attachments: bool = False) -> Path:
    """Crawl the portal into tmp_path/data through the console script; return the data dir."""
    data_dir, config = tmp_path / "data", tmp_path / "sources.toml"
    config.write_text(gov_config(portal, attachments=attachments), encoding="utf-8")
    done = run(["crawl", "--config", str(config), "--data-dir", str(data_dir)], tmp_path / "home")
    assert done.returncode == 0, done.stderr
    return data_dir


def corpus_files(data_dir: Path) -> dict[str, bytes]:
    """Return every file of clean/ by relative path."""
    clean = data_dir / "clean"
    return {p.relative_to(clean).as_posix(): p.read_bytes() for p in sorted(clean.rglob("*.jsonl"))}


def responses(data_dir: Path) -> list[tuple[str, str, str | None]]:
    """Return (url, kind, redirect target) of every response record in raw/."""
    found = []
    for path in sorted((data_dir / "raw").glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    headers = record.rec_headers
                    found.append(
                        (
                            headers.get_header("WARC-Target-URI"),
                            headers.get_header(KIND_HEADER),
                            headers.get_header(REDIRECT_HEADER),
                        )
                    )
    return found


def test_a_script_redirect_is_followed_and_written_once_under_its_final_url(
    tmp_path: Path,
) -> None:
    portal = GovPortal()
    with serve_gov_portal(portal):
        data_dir = crawl(portal, tmp_path)
    rows = records(data_dir)
    by_url = {row["url"]: row for row in rows}
    assert len(by_url) == len(rows)
    assert portal.url(TARGET) in by_url
    assert portal.url(SHELL) not in by_url
    assert by_url[portal.url(TARGET)]["title"] == "关于公布第一批示范项目名单的通知"
    assert (portal.url(SHELL), "redirect", portal.url(TARGET)) in responses(data_dir)
    before = corpus_files(data_dir)
    again = run(["reclean", "--data-dir", str(data_dir)], tmp_path / "home")
    assert again.returncode == 0, again.stderr
    assert corpus_files(data_dir) == before


def test_a_notice_over_three_pages_is_one_record_with_its_attachments_read(
    tmp_path: Path,
) -> None:
    portal = GovPortal()
    with serve_gov_portal(portal):
        data_dir = crawl(portal, tmp_path, attachments=True)
    by_url = {row["url"]: row for row in records(data_dir)}
    split = by_url[portal.url(f"{SPLIT}.html")]
    assert split["text"] == "\n".join(line for part in PARTS for line in part)
    assert split["pages"] == [portal.url(f"{SPLIT}{s}.html") for s in ("", "_2", "_3")]
    assert split["published_at"] == "2024-05-20T09:30:00+08:00"
    assert split["attachments"] == []
    assert not any(url.startswith(portal.url(f"{SPLIT}_")) for url in by_url)  # parts: no records
    notice = by_url[portal.url(WITH_FILES)]
    assert notice["attachments"] == [
        {"name": f"1.{PDF_NAME}", "url": portal.url(PDF_PATH), "type": "pdf", "text": PDF_TEXT},
        {"name": f"2.{DOCX_NAME}", "url": portal.url(DOCX_PATH), "type": "docx",
         "text": f"附件2\n{DOCX_TEXT}"},
    ]  # fmt: skip
    assert by_url[portal.url(PLAIN[0])]["pages"] == [portal.url(PLAIN[0])]
    kinds = {(url, kind) for url, kind, _ in responses(data_dir)}
    assert (portal.url(f"{SPLIT}_3.html"), "article-part") in kinds
    assert (portal.url(PDF_PATH), "attachment") in kinds
    with sqlite3.connect(data_dir / "state.sqlite") as conn:
        known = {url for (url,) in conn.execute("SELECT url FROM urls WHERE kind = 'article'")}
    assert known == {portal.url(path) for path in portal.articles()}  # parts were never articles
    # reclean and import-warc rebuild the same joined record, attachments and their text
    before = corpus_files(data_dir)
    again = run(["reclean", "--data-dir", str(data_dir)], tmp_path / "home")
    assert again.returncode == 0, again.stderr
    assert corpus_files(data_dir) == before
    other = tmp_path / "imported"
    warcs = [str(p) for p in sorted((data_dir / "raw").glob("*.warc.gz"))]
    imported = run(["import-warc", *warcs, "--data-dir", str(other)], tmp_path / "home")
    assert imported.returncode == 0, imported.stderr
    rebuilt = {row["url"]: row for row in records(other)}
    for url, row in by_url.items():
        assert {k: rebuilt[url][k] for k in ("text", "pages", "attachments")} == {
            k: row[k] for k in ("text", "pages", "attachments")
        }


def test_attachments_are_listed_but_not_fetched_unless_asked(tmp_path: Path) -> None:
    portal = GovPortal()
    with serve_gov_portal(portal):
        data_dir = crawl(portal, tmp_path)
    notice = next(row for row in records(data_dir) if row["url"] == portal.url(WITH_FILES))
    assert [(a["type"], "text" in a) for a in notice["attachments"]] == [
        ("pdf", False),
        ("docx", False),
    ]
    assert portal.hits[PDF_PATH] == portal.hits[DOCX_PATH] == 0


def test_a_notice_whose_page_fails_stays_pending_until_every_page_is_in(tmp_path: Path) -> None:
    portal = GovPortal(failing={f"{SPLIT}_2.html"})
    with serve_gov_portal(portal):
        data_dir = crawl(portal, tmp_path)
        assert portal.url(f"{SPLIT}.html") not in {row["url"] for row in records(data_dir)}
        with sqlite3.connect(data_dir / "state.sqlite") as conn:
            done, error = conn.execute(
                "SELECT done, last_error FROM urls WHERE url = ?", (portal.url(f"{SPLIT}.html"),)
            ).fetchone()
        assert done == 0 and "page 2 of 3 not fetched" in error
        assert portal.hits[f"{SPLIT}_3.html"] == 0  # the pages after a failed one wait too
        reclean = run(["reclean", "--data-dir", str(data_dir)], tmp_path / "home")
        assert reclean.returncode == 0, reclean.stderr
        assert portal.url(f"{SPLIT}.html") not in {row["url"] for row in records(data_dir)}
        portal.failing.clear()
        data_dir = crawl(portal, tmp_path)
    split = [row for row in records(data_dir) if row["url"] == portal.url(f"{SPLIT}.html")]
    assert len(split) == 1 and len(split[0]["pages"]) == 3
    crawled = records(data_dir)  # the notice from the second run's pages, the first's left out
    again = run(["reclean", "--data-dir", str(data_dir)], tmp_path / "home")
    assert again.returncode == 0, again.stderr
    assert records(data_dir) == crawled  # each page joined from the run its article was in
