"""The example sources.toml at the top of the repo loads, and its rules fit its own portals.

It names real portals: these tests only read the file, never fetch from it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from flows.config import Config, load_config

EXAMPLE = Path(__file__).resolve().parents[2] / "sources.toml"


@pytest.fixture(scope="module")
def config() -> Config:
    """Load the example source list."""
    return load_config(EXAMPLE)


def test_example_lists_several_named_scheduled_sources(config: Config) -> None:
    assert len(config.source) >= 4
    for source in config.source:
        assert source.name
        assert source.schedule
        assert source.article


def test_defaults_are_polite(config: Config) -> None:
    assert config.defaults.delay_s >= 1.0
    assert config.defaults.obey_robots


def test_article_patterns_stay_on_their_portals_hosts(config: Config) -> None:
    for source in config.source:
        host = urlsplit(source.start[0]).hostname or ""
        assert re.escape(host) in (source.article or ""), source.key
        assert not re.fullmatch(source.article or "", source.start[0]), source.key
