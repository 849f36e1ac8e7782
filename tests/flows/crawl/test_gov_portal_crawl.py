"""A government portal crawled through the console script, then rebuilt by reclean.

The column lists a notice reached through a script redirect shell: it is written once, under
its final URL, the shell kept in raw/ as a redirect; reclean rebuilds the same corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from consolescript import records, run
from govportal import SHELL, TARGET, GovPortal, gov_config, serve_gov_portal
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
