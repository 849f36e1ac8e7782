"""Hand-edited corpus files through the console script: the next crawl mends, never merges.

A clean file whose final newline was taken away gets it back before the next record; a line
typed into a clean file by hand goes to rejects/ with its file and line, and the crawl goes on.
"""

from __future__ import annotations

from pathlib import Path

from consolescript import records, run
from crawlportal import PortalServer, config_toml, serve_portal


def crawl(portal: PortalServer, tmp_path: Path) -> None:
    """Crawl the portal into tmp_path/data through the console script."""
    config = tmp_path / "sources.toml"
    config.write_text(config_toml(portal), encoding="utf-8")
    done = run(["crawl", "--config", str(config), "--data-dir", str(tmp_path / "data")],
               tmp_path / "home")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_the_next_crawl_mends_hand_edited_corpus_files(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    portal = PortalServer(articles=4)
    with serve_portal(portal):
        crawl(portal, tmp_path)
        [edited] = sorted((data_dir / "clean").rglob("*.jsonl"))
        first = edited.read_bytes()
        edited.write_bytes(first.rstrip(b"\n"))  # the final newline removed
        portal.articles = 6
        crawl(portal, tmp_path)
        assert edited.read_bytes().startswith(first)  # whole lines, each on its own
        assert len(records(data_dir)) == 6
        with edited.open("a", encoding="utf-8") as handle:
            handle.write("checked by hand, 20 March\n")  # a junk line
        portal.articles = 8
        crawl(portal, tmp_path)
    assert len(records(data_dir)) == 8  # every line parses: the junk line is gone
    aside = [
        line
        for path in (data_dir / "rejects").glob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if "not_a_record" in line
    ]
    assert len(aside) == 1
    assert f"{edited} line 7: checked by hand, 20 March" in aside[0]
    checked = run(["validate", str(data_dir / "clean")], tmp_path / "home")
    assert checked.returncode == 0, checked.stdout + checked.stderr
