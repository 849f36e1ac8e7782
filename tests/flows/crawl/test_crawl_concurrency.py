"""Sources on different hosts are crawled at once, each host still getting its polite gaps."""

from __future__ import annotations

import asyncio
import itertools
import json
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawlportal import PortalServer
from faultserver import FaultServer, Hit, RequestLog, page, servers

from flows.config import Config, parse_config
from flows.counters import Counters
from flows.crawl.rebuild import reclean
from flows.orchestrate.crawldriver import run_crawl

DELAY_S = 0.2  # per-host gap the sources ask for
SKEW_S = 0.08  # the server stamps a request in a thread: tens of ms late on a busy machine
ARTICLES = 6  # per source: two listing pages of the test portal
SOURCES = 3
XML = "application/xml"
GBK_HTML = "text/html; charset=gb2312"


def serve_portal_on(server: FaultServer, portal: PortalServer) -> None:
    """Plan every page of the made-up portal on a fault server (which logs request times)."""
    portal.base = server.url("").rstrip("/")
    paths = [portal.listing_path(p) for p in range(1, portal.pages + 1)]
    paths += [portal.article_path(i) for i in range(portal.articles)]
    for path in paths:
        body = portal.page(path)
        assert body is not None
        server.plan(path, page(body, content_type=GBK_HTML))


@pytest.fixture
def hosts() -> Iterator[tuple[RequestLog, list[FaultServer]]]:
    with servers(SOURCES) as (log, started):
        for server in started:
            serve_portal_on(server, PortalServer(articles=ARTICLES))
        yield log, started


def config_of(started: list[FaultServer]) -> Config:
    """Return a sources file with one source per server, each asking for DELAY_S gaps."""
    sources = "".join(
        f'\n[[source]]\nkey = "s{n}"\nname = "示例{n}"\n'
        f'start = ["{server.url("/news/index.html")}"]\nmax_pages = 5\n'
        for n, server in enumerate(started)
    )
    head = (
        f"[defaults]\ndelay_s = {DELAY_S}\nmax_attempts = 1\ntimeout_s = 10.0\n"
        "allow_private = true\n"  # the servers listen on 127.0.0.1
    )
    return parse_config(tomllib.loads(head + sources))


def snapshot(data_dir: Path) -> dict[str, bytes]:
    """Return every corpus file's bytes by relative path."""
    clean = data_dir / "clean"
    return {p.relative_to(clean).as_posix(): p.read_bytes() for p in sorted(clean.rglob("*"))
            if p.is_file()}  # fmt: skip


def records(data_dir: Path) -> list[dict[str, object]]:
    return [json.loads(line) for content in snapshot(data_dir).values()
            for line in content.decode("utf-8").splitlines()]  # fmt: skip


def overlapping(a: list[Hit], b: list[Hit]) -> bool:
    """Tell whether a request to one host fell between two requests to the other."""
    return any(x.at < y.at < z.at for x, z in itertools.pairwise(a) for y in b)


def crawl_plain(config: Config, data_dir: Path) -> Counters:
    return asyncio.run(run_crawl(config, data_dir, batch_size=4))


def crawl_flow(config: Config, data_dir: Path) -> Counters:
    from flows.orchestrate.prefect_flows import crawl_flow as flow

    counters = Counters()
    flow(config, data_dir, counters=counters, workers=1, batch_size=4)
    return counters


@pytest.mark.parametrize("how", ["plain", "flow"])
def test_sources_on_different_hosts_interleave_with_polite_gaps(
    hosts: tuple[RequestLog, list[FaultServer]],
    tmp_path: Path,
    how: str,
    request: pytest.FixtureRequest,
) -> None:
    log, started = hosts
    config = config_of(started)
    if how == "flow":
        request.getfixturevalue("prefect_server")
        counters = crawl_flow(config, tmp_path)
    else:
        counters = crawl_plain(config, tmp_path)
    by_host = {server.host: log.of(server.host) for server in started}
    for host, hits in by_host.items():
        assert len([h for h in hits if h.path.startswith("/news/2020")]) == ARTICLES, host
        gaps = log.gaps(host, settled=True)
        assert min(gaps) >= DELAY_S - SKEW_S, (host, gaps)
        assert hits[-1].at - hits[0].at >= (len(hits) - 1) * DELAY_S - SKEW_S, host
    for a, b in itertools.combinations(by_host.values(), 2):
        assert overlapping(a, b) or overlapping(b, a)
    written = records(tmp_path)
    assert counters.get("written") == len(written) == SOURCES * ARTICLES
    assert len({r["id"] for r in written}) == len(written)  # every article exactly once
    assert {r["site"] for r in written} == {f"s{n}" for n in range(SOURCES)}
    # the sources serve the same texts: one original each, the copies point at it
    originals = [r for r in written if r["duplicate_of"] is None]
    assert len(originals) == ARTICLES
    assert {r["duplicate_of"] for r in written} - {None} == {r["id"] for r in originals}
    # committed in raw/ order across sources: a reclean picks the same originals, byte for byte
    crawled = snapshot(tmp_path)
    reclean(tmp_path, config)
    assert snapshot(tmp_path) == crawled
