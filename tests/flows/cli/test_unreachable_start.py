"""A start URL that cannot be read, as users meet it through the installed console script."""

from __future__ import annotations

from pathlib import Path

from consolescript import run
from crawlportal import PortalServer, config_toml, serve_portal
from liveprefect import free_port


def test_an_unreachable_start_url_says_once_what_failed(tmp_path: Path) -> None:
    port = free_port()  # closed: nothing listens there
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nkey = "closed"\nstart = ["http://127.0.0.1:{port}/news/"]\n'
        "allow_private = true\n",
        "utf-8",
    )
    done = run(["crawl", "--config", str(sources), "--data-dir", str(tmp_path / "d")],
               tmp_path / "home")  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr.count(f"cannot connect to 127.0.0.1:{port}") == 1, done.stderr
    assert "ConnectError" not in done.stderr, done.stderr
    assert "article family" not in done.stderr, done.stderr
    assert "see the log" not in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr


def test_a_listing_behind_a_failing_robots_txt_names_the_cause_first(tmp_path: Path) -> None:
    portal = PortalServer(articles=1, failing={"/robots.txt"})
    with serve_portal(portal):
        sources = tmp_path / "sources.toml"
        sources.write_text(config_toml(portal), "utf-8")
        done = run(["crawl", "--config", str(sources), "--data-dir", str(tmp_path / "d")],
                   tmp_path / "home")  # fmt: skip
    assert done.returncode == 1, done.stderr
    listing = portal.base + portal.listing_path(1)
    line = f"listing {listing} not read: robots.txt unavailable: HTTP 503 (robots)"
    assert line in done.stderr.splitlines(), done.stderr
