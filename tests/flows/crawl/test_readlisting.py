"""Hostile listings and articles end as refusals with their reason, and the run goes on.

A listing of 200,000 nested `<div>`s once kept a crawl busy for minutes; a gzip file served
as a listing without Content-Encoding inflated far past `max_bytes`. Both are refused before
any parser sees them, and the same depth guard holds for articles with a single worker.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from articlepages import article
from consolescript import records, rejects, run
from faultserver import page, servers

from cleaners.records import Dropped
from flows.crawl.discover import LinkRules
from flows.crawl.readlisting import guarded_listing

DEEP = 200_000  # nested <div>s: a 2.2 MB page
MAX_BYTES = 3_000_000  # the sources' cap in these tests: the deep pages fit under it
RULES = LinkRules(frozenset({"news.example.cn"}))


def nested(inner: str) -> str:
    """Return a page whose content sits DEEP elements down."""
    return f"<html><body>{'<div>' * DEEP}{inner}{'</div>' * DEEP}</body></html>"


def test_a_gzip_body_is_inflated_only_up_to_max_bytes() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (MAX_BYTES * 20))
    refused = guarded_listing(bomb, "http://news.example.cn/s.xml", RULES,
                              content_type=None, max_bytes=MAX_BYTES)  # fmt: skip
    assert isinstance(refused, Dropped) and refused.reason == "too_large"
    twice = gzip.compress(gzip.compress(b"<urlset></urlset>"))
    layered = guarded_listing(twice, "http://news.example.cn/s.xml", RULES,
                              content_type=None, max_bytes=MAX_BYTES)  # fmt: skip
    assert isinstance(layered, Dropped) and layered.reason == "gzip_in_gzip"


def test_hostile_listings_and_articles_are_refused_and_the_run_goes_on(tmp_path: Path) -> None:
    with servers(1) as (_, [portal]):
        links = "".join(f'<li><a href="/news/{n}.html">第{n}号通知</a></li>' for n in (1, 2))
        portal.plan("/good/", page(f"<html><body><ul>{links}</ul></body></html>"))
        portal.plan("/deep/", page(nested('<a href="/news/3.html">第3号通知</a>')))
        bomb = gzip.compress(b"<urlset>" + b" " * (MAX_BYTES * 20) + b"</urlset>")
        portal.plan("/bomb.xml", page(bomb, content_type="application/gzip"))
        portal.plan("/news/1.html", page(article(1)))
        portal.plan("/news/2.html", page(nested(article(2))))
        portal.plan("/news/3.html", page(article(3)))
        starts = ", ".join(f'"{portal.url(p)}"' for p in ("/deep/", "/bomb.xml", "/good/"))
        config = tmp_path / "sources.toml"
        config.write_text(
            f"[defaults]\ndelay_s = 0.0\nmax_attempts = 1\nobey_robots = false\n"
            f"allow_private = true\nmax_bytes = {MAX_BYTES}\n\n"
            f'[[source]]\nkey = "portal"\nstart = [{starts}]\n'
            "article = '/news/\\d+\\.html$'\n",
            encoding="utf-8",
        )
        data_dir = tmp_path / "data"
        done = run(["crawl", "--config", str(config), "--data-dir", str(data_dir),
                    "--workers", "1"], tmp_path / "home")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert f"listing {portal.url('/deep/')} not read: too_deep" in done.stderr
    assert f"listing {portal.url('/bomb.xml')} not read: too_large" in done.stderr
    assert [r["url"] for r in records(data_dir)] == [portal.url("/news/1.html")]
    dropped = [
        r for day in (data_dir / "rejects").glob("*.jsonl") for r in rejects(data_dir, day.stem)
    ]
    assert [(r["url"], r["reason"]) for r in dropped] == [(portal.url("/news/2.html"), "too_deep")]
