"""A crawl of a portal no rule knows, through the installed console script in a subprocess.

No `article` regex is configured and the article URLs match none of the known shapes: the
articles are found by the structure of the listings, and nothing else becomes a record.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from unseenportal import HOT, UnseenPortal, serve_unseen, unseen_config

from cleaners.links.urls import article_pattern

pytestmark = pytest.mark.slow


@pytest.fixture
def portal() -> Iterator[UnseenPortal]:
    with serve_unseen() as served:
        yield served


def console_script() -> str:
    """Return the installed `portal-corpus` script beside this interpreter."""
    beside = Path(sys.executable).with_name("portal-corpus")
    found = str(beside) if beside.exists() else shutil.which("portal-corpus")
    assert found, "portal-corpus is not installed (pip install -e .)"
    return found


def crawl(config: Path, data_dir: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """Run `portal-corpus crawl` in a fresh process with its own Prefect home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), COLUMNS="120")
    return subprocess.run(
        [console_script(), "crawl", "--config", str(config), "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip


def record_urls(data_dir: Path) -> list[str]:
    """Return the URL of every record in clean/."""
    return [
        json.loads(line)["url"]
        for path in sorted((data_dir / "clean").rglob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def test_every_listed_article_and_nothing_else(portal: UnseenPortal, tmp_path: Path) -> None:
    assert all(article_pattern(url) is None for url in portal.start_articles())
    config = tmp_path / "sources.toml"
    config.write_text(unseen_config(portal), encoding="utf-8")
    data = tmp_path / "data"
    done = crawl(config, data, tmp_path / "prefect")
    assert done.returncode == 0, done.stderr[-2000:]
    urls = record_urls(data)
    assert sorted(urls) == sorted(portal.start_articles())
    assert not any(portal.hits[path] for path in HOT)  # the site-wide sidebar is navigation
    assert "articles_found unseen" in done.stdout
    assert "unseen found by list_block" in done.stdout
    assert "unseen found by dated_row" in done.stdout  # the GBK table column's one article
    assert "portal-corpus: warning: articles_found=0 for source 'chrome-only'" in done.stderr

    article_hits = sum(n for path, n in portal.hits.items() if portal.base + path in urls)
    again = crawl(config, data, tmp_path / "prefect")
    assert again.returncode == 0, again.stderr[-2000:]
    assert sum(n for path, n in portal.hits.items() if portal.base + path in urls) == article_hits
    assert sorted(record_urls(data)) == sorted(urls)
