"""Loading sources.toml: good files load; each mistake is one line naming source and key."""

from __future__ import annotations

from pathlib import Path

import pytest
from consolescript import run

from flows.config import load_config, parse_config
from flows.errors import ConfigError

GOOD = """
[defaults]
user_agent = "portal-corpus/0.1 (+https://example.org/contact)"
delay_s = 1
concurrency = 4
timeout_s = 20
max_bytes = 10_000_000
obey_robots = true
timezone = "Asia/Shanghai"

[[source]]
key = "jl"
name = "吉林样例网"
start = ["https://news.example.org/jlgasj/"]
article = 'https?://news\\.example\\.org/.+/\\d{6}/t\\d+_\\d+\\.html'
schedule = "0 */6 * * *"
selectors = { title = "h1", body = "#zoom" }
drop_lines = ['^样例网新闻热线']
delay_s = 2.5
"""


def test_good_file_loads_with_overrides(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(GOOD, encoding="utf-8")
    config = load_config(path)
    source = config.get("jl")
    assert source.name == "吉林样例网"
    assert source.politeness(config.defaults).delay_s == 2.5
    assert source.politeness(config.defaults).concurrency == 4
    rules = source.rules(config.defaults)
    assert rules.selectors == {"title": "h1", "body": "#zoom"}
    assert rules.timezone == "Asia/Shanghai"


def _source(**extra: object) -> dict[str, object]:
    return {"source": [{"key": "s1", "start": ["https://a.example.org/"], **extra}]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_source(bogus=1), "source 's1', key 'bogus': unknown key"),
        (
            _source(starts=["https://a.example.org/"]),
            "source 's1', key 'starts': unknown key: did you mean 'start'?",
        ),
        (
            {"defaults": {"max_byte": 1}},
            "key 'defaults.max_byte': unknown key: did you mean 'max_bytes'?",
        ),
        ({"sources": []}, "key 'sources': unknown key: did you mean 'source'?"),
        (_source(start=["ftp://a.example.org/"]), "source 's1', key 'start'"),
        (_source(start=[]), "source 's1', key 'start'"),
        (_source(article="(unclosed"), "source 's1', key 'article': bad regex"),
        (_source(drop_lines=["[x"]), "source 's1', key 'drop_lines': bad regex"),
        (_source(schedule="every hour"), "source 's1', key 'schedule'"),
        (_source(selectors={"headline": "h1"}), "source 's1', key 'selectors'"),
        (_source(timezone="Mars/Olympus"), "source 's1', key 'timezone'"),
        (_source(delay_s="slow"), "source 's1', key 'delay_s'"),
        (_source(key="Bad Key"), "key 'key'"),
        ({"defaults": {"concurrency": 0}}, "key 'defaults.concurrency'"),
        ({"defaults": {"colour": "red"}}, "key 'defaults.colour': unknown key"),
        ({"source": [{"key": "x", "start": ["https://a.example.org/"]}] * 2}, "defined twice"),
        (_source(allowed_hosts=["b.example.org:http"]), "not a host or host:port"),
        (_source(start=["https://me:pw@a.example.org/"]), "a URL with a user or password"),
        (_source(allowed_hosts=["b.example.org/news"]), "not a host or host:port"),
        (_source(hosts=["https://b.example.org/"]), "not a host or host:port"),
    ],
    ids=[
        "unknown-key",
        "near-source-key",
        "near-default-key",
        "near-table",
        "ftp-url",
        "no-start",
        "bad-article-regex",
        "bad-drop-regex",
        "bad-cron",
        "unknown-selector",
        "bad-zone",
        "wrong-type",
        "bad-source-key",
        "defaults-range",
        "defaults-unknown",
        "duplicate-source",
        "host-bad-port",
        "start-with-password",
        "host-with-path",
        "scope-host-is-url",
    ],
)
def test_mistakes_are_one_line_errors(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(data, origin="sources.toml")
    text = str(caught.value)
    assert message in text
    assert "\n" not in text
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such config file"), ("[[source]\nkey=", "not valid TOML")],
    ids=["missing", "broken-toml"],
)
def test_unreadable_files(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "sources.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_unknown_source_key_names_the_known_ones() -> None:
    config = parse_config(_source())
    with pytest.raises(ConfigError, match="known: s1"):
        config.get("nope")


def test_a_misspelt_key_is_answered_with_the_nearest_one(tmp_path: Path) -> None:
    config = tmp_path / "sources.toml"
    config.write_text('[[source]]\nkey = "a"\nstarts = ["https://a.example.org/"]\n', "utf-8")
    done = run(["crawl", "--config", str(config), "--data-dir", str(tmp_path / "d")], tmp_path)
    assert (done.returncode, done.stderr.splitlines()) == (
        2,
        [
            f"portal-corpus: error: {config}: source 'a', key 'starts': unknown key: "
            "did you mean 'start'?"
        ],
    )
