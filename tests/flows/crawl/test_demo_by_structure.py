"""The demo portals crawled with no article regex give the records their regexes give."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from flows.config import Config, parse_config
from flows.counters import Counters
from flows.demo.server import serve_portals
from flows.orchestrate.crawldriver import run_crawl


def crawl(config: Config, data_dir: Path) -> tuple[list[tuple[str, str]], Counters]:
    """Crawl into data_dir; return (site, URL path) of each record and the counters."""
    counters = asyncio.run(run_crawl(config, data_dir))
    records = sorted(
        (record["site"], record["url"].split("/", 3)[3])
        for path in (data_dir / "clean").rglob("*.jsonl")
        for record in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    )
    return records, counters


def test_structure_finds_what_the_regexes_find(tmp_path: Path) -> None:
    with serve_portals(delay_s=0.0) as sites:
        configured, _ = crawl(sites.config, tmp_path / "configured")
        data = sites.config.model_dump()
        for source in data["source"]:
            source.pop("article")
        structural, counters = crawl(parse_config(data, origin="demo"), tmp_path / "structure")
    assert structural == configured
    assert len(configured) >= 25
    assert all(n > 0 for n in counters.articles_found().values())
    assert counters.warnings() == []
