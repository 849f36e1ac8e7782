"""Site rules saved by a crawl let reclean rebuild the same records without a sources file."""

from __future__ import annotations

import asyncio
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawlportal import SITE_NAME, PortalServer, config_toml, serve_portal

from cleaners.records import SiteRules
from flows.config import parse_config
from flows.crawl.rebuild import reclean
from flows.orchestrate.crawldriver import run_crawl
from flows.store.siterules import merged_rules, save_rules, saved_rules
from flows.store.state import open_state

CONFIGURED_NAME = "只在配置里的站名"


@pytest.fixture
def portal() -> Iterator[PortalServer]:
    with serve_portal(PortalServer(articles=4)) as served:
        yield served


def corpus_bytes(data_dir: Path) -> dict[str, bytes]:
    clean = data_dir / "clean"
    return {str(p.relative_to(clean)): p.read_bytes() for p in sorted(clean.rglob("*.jsonl"))}


def test_rules_round_trip_through_the_state_database(tmp_path: Path) -> None:
    rules = SiteRules(
        site="alpha",
        name="样例网",
        timezone="Asia/Urumqi",
        selectors={"body": "#zoom"},
        drop_lines=("^热线",),
        day_first=True,
    )
    conn = open_state(tmp_path)
    save_rules(conn, {"alpha": rules})
    save_rules(conn, {"alpha": rules})  # a later run replaces, never doubles
    assert saved_rules(conn) == {"alpha": rules}
    conn.close()


def test_configured_rules_win_over_saved_ones() -> None:
    saved = {"a": SiteRules(site="a", name="旧名"), "b": SiteRules(site="b", name="乙")}
    configured = {"a": SiteRules(site="a", name="新名")}
    merged = merged_rules(saved, configured)
    assert merged["a"].name == "新名" and merged["b"].name == "乙"


def test_reclean_without_a_config_rebuilds_the_crawl_byte_for_byte(
    portal: PortalServer, tmp_path: Path
) -> None:
    # a configured name the pages never show, so only the saved rules can bring it back
    toml = config_toml(portal).replace(f'name = "{SITE_NAME}"', f'name = "{CONFIGURED_NAME}"')
    asyncio.run(run_crawl(parse_config(tomllib.loads(toml)), tmp_path))
    crawled = corpus_bytes(tmp_path)
    assert crawled and all(CONFIGURED_NAME.encode() in body for body in crawled.values())
    reclean(tmp_path)  # no sources file: the rules the crawl saved apply
    assert corpus_bytes(tmp_path) == crawled
    conn = open_state(tmp_path)
    conn.execute("DELETE FROM site_rules")
    conn.close()
    reclean(tmp_path)  # without them the configured name is lost: the check above has teeth
    assert corpus_bytes(tmp_path) != crawled
