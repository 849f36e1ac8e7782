"""The private-address refusal holds for every fetch, through the console script.

A portal on 127.0.0.1 is crawled only when the config says `allow_private = true`: without
it, not one request (not even for robots.txt) reaches the server, and the run says why.
"""

from __future__ import annotations

from pathlib import Path

from consolescript import records, run
from crawlportal import PortalServer, config_toml, serve_portal

OPT_IN = "allow_private = true  # the portal is served on 127.0.0.1\n"


def crawl(tmp_path: Path, toml: str) -> tuple[int, str]:
    """Crawl with the given sources file; return the exit code and stderr."""
    config = tmp_path / "sources.toml"
    config.write_text(toml, encoding="utf-8")
    done = run(["crawl", "--config", str(config), "--data-dir", str(tmp_path / "data")],
               tmp_path / "home")  # fmt: skip
    assert "Traceback" not in done.stderr
    return done.returncode, done.stderr


def test_a_portal_on_loopback_is_not_fetched_without_the_opt_in(tmp_path: Path) -> None:
    portal = PortalServer(articles=4)
    with serve_portal(portal):
        toml = config_toml(portal)
        assert OPT_IN in toml
        code, stderr = crawl(tmp_path, toml.replace(OPT_IN, ""))
    assert code == 1
    assert sum(portal.hits.values()) == 0  # nothing asked, robots.txt included
    assert "every source failed" in stderr
    assert records(tmp_path / "data") == []


def test_the_same_portal_is_crawled_with_the_opt_in(tmp_path: Path) -> None:
    portal = PortalServer(articles=4)
    with serve_portal(portal):
        code, stderr = crawl(tmp_path, config_toml(portal))
    assert code == 0, stderr
    assert len(records(tmp_path / "data")) == 4
