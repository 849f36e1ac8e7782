"""Exit codes a scheduler can trust: every source failing is an error, some of them a warning.

Both through the console script: sources whose listing pages are on a closed port of
127.0.0.1 (connection refused), beside a working local portal.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from consolescript import records, run
from crawlportal import SITE_NAME, PortalServer, serve_portal

pytestmark = pytest.mark.slow

DEFAULTS = """
[defaults]
delay_s = 0.0
max_attempts = 1
timeout_s = 5.0
obey_robots = false
allow_private = true
"""


def closed_port() -> int:
    """Return a port of 127.0.0.1 nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def source(key: str, start: str) -> str:
    return f'\n[[source]]\nkey = "{key}"\nname = "{SITE_NAME}"\nstart = ["{start}"]\n'


def crawl(tmp_path: Path, sources: str) -> tuple[int, list[str], Path]:
    """Crawl with the given sources; return the exit code, the stderr lines and the data dir."""
    config, data_dir = tmp_path / "sources.toml", tmp_path / "data"
    config.write_text(DEFAULTS + sources, encoding="utf-8")
    done = run(["crawl", "--config", str(config), "--data-dir", str(data_dir)], tmp_path / "home")
    assert "Traceback" not in done.stderr
    return done.returncode, done.stderr.strip().splitlines(), data_dir


def test_a_crawl_whose_every_source_failed_exits_non_zero(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{closed_port()}"
    code, lines, _ = crawl(
        tmp_path, source("alpha", f"{dead}/news/") + source("beta", f"{dead}/list/")
    )
    assert code == 1
    errors = [line for line in lines if line.startswith("portal-corpus: error:")]
    assert errors == [
        "portal-corpus: error: every source failed: 2 of 2 sources read no listing page "
        "(alpha, beta); 2 of 2 listing fetches failed (each reason is printed above)"
    ]


def test_a_partial_failure_is_a_warning_with_counts(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{closed_port()}"
    with serve_portal(PortalServer(articles=4)) as portal:
        sources = source("live", f"{portal.base}/news/index.html") + source("gone", f"{dead}/x/")
        code, lines, data_dir = crawl(tmp_path, sources)
    assert code == 0, lines
    warnings = [line for line in lines if line.startswith("portal-corpus: warning:")]
    assert warnings == [
        "portal-corpus: warning: 1 of 2 sources read no listing page (gone); "
        "1 of 2 listing fetches failed (each reason is printed above)"
    ]
    assert not [line for line in lines if "error:" in line]
    assert len(records(data_dir)) == 4
