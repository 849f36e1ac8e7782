"""An article linked directly and through aliases that 301 to it: one fetch, one record.

Two crawls, through the console script against a portal on 127.0.0.1: the first fetches the
article once (an alias's redirect stops where the run already fetches the page), the second
meets a new alias and stops it where an earlier run made the record, and `reclean` builds the
record from the response in raw/ the crawl built it from.
"""

from __future__ import annotations

from pathlib import Path

from consolescript import records, run
from crawlportal import PortalServer, config_toml, serve_portal

ARTICLES = 4  # one listing page
ALIASES = 2  # two URLs that redirect to article 0, both listed after it
ATTEMPTS = 3  # tries a URL gets in a run: enough that a redirect could fetch the article again


def test_an_alias_of_a_listed_article_is_not_fetched_again(tmp_path: Path) -> None:
    data_dir, home = tmp_path / "data", tmp_path / "home"
    portal = PortalServer(articles=ARTICLES, aliases=ALIASES)
    crawl = ["crawl", "--config", str(tmp_path / "sources.toml"), "--data-dir", str(data_dir)]
    with serve_portal(portal):
        config = config_toml(portal, max_attempts=ATTEMPTS)
        (tmp_path / "sources.toml").write_text(config, encoding="utf-8")
        first = run(crawl, home)
        assert first.returncode == 0, first.stderr
        built = records(data_dir)
        portal.aliases += 1  # the second run meets an alias the first did not
        second = run(crawl, home)
        assert second.returncode == 0, second.stderr
    assert portal.hits[portal.article_path(0)] == 1
    assert all(portal.hits[portal.alias_path(k)] == 1 for k in range(ALIASES + 1))
    assert sorted(str(r["url"]) for r in built) == sorted(portal.article_urls())
    assert records(data_dir) == built
    recleaned = run(["reclean", "--data-dir", str(data_dir)], home)
    assert recleaned.returncode == 0, recleaned.stderr
    article = portal.base + portal.article_path(0)
    again = {str(r["url"]): r["raw"] for r in records(data_dir)}
    assert again[article] == next(r["raw"] for r in built if r["url"] == article)
    assert records(data_dir) == built
