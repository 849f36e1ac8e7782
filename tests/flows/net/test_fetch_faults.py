"""The fetcher against real misbehaving HTTP servers on 127.0.0.x, judged by their request logs."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Sequence
from typing import Any

import pytest
from faultserver import (
    RequestLog,
    conditional,
    gzipped,
    hang_up,
    page,
    redirect,
    reset,
    servers,
    stream,
    trickle,
    truncated,
)

from flows.config import Politeness
from flows.net.fetch import Fetcher, FetchResult
from flows.net.portscope import source_ports

UA = "portal-corpus-test/0.1 (+https://example.org/contact)"
TOLERANCE_S = 0.03  # the server stamps arrival in a thread: scheduling skew on a busy machine
ROBOTS = "text/plain"


def policy(**overrides: Any) -> Politeness:
    """Return test politeness for servers on 127.0.0.x: tiny delays, short timeouts."""
    settings: dict[str, Any] = {
        "user_agent": UA, "delay_s": 0.0, "timeout_s": 2.0, "allow_private": True,
    }  # fmt: skip
    return Politeness(**{**settings, **overrides})


def fetch_all(
    urls: Sequence[str], settings: Politeness | None = None, **kwargs: Any
) -> list[FetchResult]:
    """Fetch URLs concurrently with one Fetcher (fast backoff) and return the results."""

    async def go() -> list[FetchResult]:
        defaults = settings or policy()
        async with Fetcher(defaults, backoff_base_s=0.01, backoff_cap_s=0.05) as fetcher:
            return list(await asyncio.gather(*(fetcher.fetch(u, site="t", **kwargs) for u in urls)))

    return asyncio.run(go())


def pages_of(log: RequestLog, host: str) -> list[str]:
    """Return the paths requested from a host, robots.txt left out."""
    return [h.path for h in log.of(host) if h.path != "/robots.txt"]


def test_gap_per_host_holds_while_hosts_run_in_parallel() -> None:
    with servers(3) as (log, hosts):
        for server in hosts:
            server.plan("*", page())
        urls = [s.url(f"/p{i}") for s in hosts for i in range(5)]
        results = fetch_all(urls, policy(delay_s=0.1))
    assert {r.outcome for r in results} == {"ok"}
    for server in hosts:
        assert len(log.of(server.host, "/robots.txt")) == 1
        assert min(log.gaps(server.host, settled=True)) >= 0.1 - TOLERANCE_S
        assert min(log.gaps(server.host)) >= 0.1 / 2
    firsts = [log.of(s.host)[0].at for s in hosts]
    lasts = [log.of(s.host)[-1].at for s in hosts]
    assert max(firsts) < min(lasts)  # no host waited for another to finish
    assert {h.headers.get("User-Agent") for h in log.hits} == {UA}


def test_robots_fetched_once_obeyed_and_crawl_delay_honoured() -> None:
    rules = (
        "User-agent: *\nDisallow: /private/\nCrawl-delay: 0.2\n\n"
        "User-agent: portal-corpus-test\nDisallow: /not-for-us/\nCrawl-delay: 0.2\n"
    )
    with servers(1) as (log, [server]):
        server.plan("/robots.txt", page(rules, content_type=ROBOTS))
        server.plan("*", page())
        paths = ["/a", "/b", "/private/x", "/not-for-us/y", "/c"]
        results = fetch_all([server.url(p) for p in paths], policy(delay_s=0.02))
    outcomes = {r.url.removeprefix(server.url()): r.outcome for r in results}
    assert outcomes == {
        "a": "ok",
        "b": "ok",
        "private/x": "ok",
        "not-for-us/y": "robots",
        "c": "ok",
    }  # our own group replaces the * group
    assert len(log.of(path="/robots.txt")) == 1
    assert "/not-for-us/y" not in pages_of(log, server.host)
    assert min(log.gaps(server.host, settled=True)) >= 0.2 - TOLERANCE_S
    assert min(log.gaps(server.host)) >= 0.2 / 2


@pytest.mark.parametrize(
    ("robots", "expected", "page_hits", "retry_later"),
    [
        (page("", status=404, content_type=ROBOTS), "ok", 1, False),
        (page("", status=403, content_type=ROBOTS), "ok", 1, False),
        (page("oops", status=503, content_type=ROBOTS), "robots", 0, True),
        (hang_up(), "robots", 0, True),
    ],
    ids=["404-allows", "403-allows", "5xx-blocks-run", "unreachable-blocks-run"],
)
def test_robots_unavailable(robots: Any, expected: str, page_hits: int, retry_later: bool) -> None:
    with servers(1) as (log, [server]):
        server.plan("/robots.txt", robots)
        server.plan("/a", page())
        [result] = fetch_all([server.url("/a")])
    assert (result.outcome, result.retry_later) == (expected, retry_later)
    assert len(pages_of(log, server.host)) == page_hits


@pytest.mark.parametrize(
    "fault",
    [
        reset(),
        hang_up(),
        truncated(10, 100),
        page("busy", status=503),
        page("boom", status=500),
        page("slow down", status=429),
    ],
    ids=["reset", "hang-up", "content-length-not-met", "503", "500", "429"],
)
def test_transient_fault_is_retried(fault: Any) -> None:
    with servers(1) as (log, [server]):
        server.plan("/a", fault, page("<p>fine</p>"))
        [result] = fetch_all([server.url("/a")])
    assert result.outcome == "ok"
    assert result.attempts == 2
    assert result.exchanges[-1].body == b"<p>fine</p>"
    assert len(log.of(path="/a")) == 2


def test_persistent_fault_gives_up_after_four_attempts_without_blocking_others() -> None:
    with servers(1) as (log, [server]):
        server.plan("/down", page("busy", status=503))
        server.plan("*", page())
        results = fetch_all([server.url("/down"), server.url("/a"), server.url("/b")])
    down, a, b = results
    assert (down.outcome, down.status, down.retry_later, down.attempts) == ("failed", 503, True, 4)
    assert len(log.of(path="/down")) == 4
    assert (a.outcome, b.outcome) == ("ok", "ok")
    assert len(down.exchanges) == 4  # every 503 received goes to the raw store


def test_retry_after_is_honoured() -> None:
    with servers(1) as (log, [server]):
        server.plan("/a", page("wait", status=429, headers={"Retry-After": "0.3"}), page())
        [result] = fetch_all([server.url("/a")])
    first, second = log.of(path="/a")
    assert result.outcome == "ok"
    assert second.at - first.at >= 0.3 - TOLERANCE_S


def test_long_retry_after_gives_up_for_this_run() -> None:
    with servers(1) as (log, [server]):
        server.plan("/a", page("wait", status=503, headers={"Retry-After": "3600"}))
        [result] = fetch_all([server.url("/a")])
    assert (result.outcome, result.retry_later, result.attempts) == ("failed", True, 1)
    assert result.error is not None and "Retry-After" in result.error
    assert len(log.of(path="/a")) == 1


@pytest.mark.parametrize(("status", "outcome"), [(404, "not_found"), (410, "gone")])
def test_missing_pages_are_not_retried(status: int, outcome: str) -> None:
    with servers(1) as (log, [server]):
        server.plan("/a", page("no", status=status))
        [result] = fetch_all([server.url("/a")])
    assert (result.outcome, result.status, result.retry_later) == (outcome, status, False)
    assert len(log.of(path="/a")) == 1


def test_redirect_loop_is_detected() -> None:
    with servers(1) as (log, [server]):
        server.plan("/a", redirect("/b"))
        server.plan("/b", redirect(server.url("/a")))
        [result] = fetch_all([server.url("/a")])
    assert result.outcome == "redirect_loop"
    assert [h.path for h in log.of(path="/a") + log.of(path="/b")] == ["/a", "/b"]
    assert len(result.exchanges) == 2


def test_redirect_chain_is_bounded() -> None:
    with servers(1) as (log, [server]):
        for i in range(10):
            server.plan(f"/r{i}", redirect(f"/r{i + 1}", status=301))
        [result] = fetch_all([server.url("/r0")], policy(max_redirects=3))
    assert result.outcome == "redirect_loop"
    assert len(pages_of(log, server.host)) == 4  # the first request and three redirects


def test_redirects_stay_within_the_source_hosts() -> None:
    with servers(2, hosts=("127.0.0.1", "127.0.0.2")) as (log, [home, away]):
        home.plan("/out", redirect(away.url("/x")))
        away.plan("/x", page())
        [refused] = fetch_all([home.url("/out")])
        away_hits = len(log.of(away.host))
        [allowed] = fetch_all(
            [home.url("/out")], allowed_hosts=frozenset({"127.0.0.2"}),
            allowed_ports=source_ports([], [away.host]),
        )  # fmt: skip
    assert refused.outcome == "offsite_redirect"
    assert away_hits == 0
    assert (allowed.outcome, allowed.final_url) == ("ok", away.url("/x"))
    assert [e.status for e in allowed.exchanges] == [302, 200]


def test_redirect_to_another_port_of_the_same_host_is_refused() -> None:
    with servers(2) as (log, [first, second]):
        first.plan("/moved", redirect(second.url("/here"), status=301))
        second.plan("/here", page())
        [refused] = fetch_all([first.url("/moved")])
        second_hits = len(log.of(second.host))
        [allowed] = fetch_all([first.url("/moved")], allowed_ports=source_ports([], [second.host]))
    assert refused.outcome == "offsite_redirect"
    assert second_hits == 0  # another service of the host is another site
    assert (allowed.outcome, allowed.final_url) == ("ok", second.url("/here"))
    assert len(log.of(second.host, "/robots.txt")) == 1  # robots of the new origin first


def test_robots_redirect_to_another_port_is_not_followed() -> None:
    with servers(2) as (log, [first, second]):
        first.plan("/robots.txt", redirect(second.url("/robots.txt"), status=301))
        second.plan("/robots.txt", page("User-agent: *\nAllow: /\n", content_type=ROBOTS))
        first.plan("/a", page())
        [result] = fetch_all([first.url("/a")], policy(obey_robots=True))
    assert (result.outcome, result.retry_later) == ("robots", True)
    assert log.of(second.host) == []


def test_timeout_covers_a_trickling_body() -> None:
    with servers(1) as (log, [server]):
        server.plan("/slow", trickle(every_s=0.05, chunks=40))
        [result] = fetch_all([server.url("/slow")], policy(timeout_s=0.3, max_attempts=2))
    assert (result.outcome, result.retry_later, result.attempts) == ("failed", True, 2)
    assert result.error is not None and "0.3" in result.error
    assert len(log.of(path="/slow")) == 2


def test_caps_on_size_and_type() -> None:
    bomb = b"\0" * 20_000_000  # inflates to 20 MB from about 20 KB on the wire
    with servers(1) as (log, [server]):
        server.plan("/bomb", gzipped(bomb))
        server.plan("/big", stream(5_000_000, content_type="text/html"))
        server.plan("/doc.pdf", stream(20_000_000, content_type="application/pdf"))
        server.plan("/small", gzipped(b"<p>small</p>"))
        results = fetch_all(
            [server.url(p) for p in ("/bomb", "/big", "/doc.pdf", "/small")],
            policy(max_bytes=1_000_000),
        )
    outcomes = [(r.outcome, r.retry_later) for r in results]
    assert outcomes == [
        ("too_large", False), ("too_large", False), ("skipped_type", False), ("ok", False),
    ]  # fmt: skip
    assert results[3].exchanges[0].body == b"<p>small</p>"
    assert all(len(r.exchanges[-1].body) <= 1_000_000 for r in results)
    assert len(log.of(path="/bomb")) == 1
    assert len(gzip.compress(bomb)) < 1_000_000  # the cap bit on the decoded size


def test_conditional_get_gives_not_modified() -> None:
    with servers(1) as (log, [server]):
        server.plan("/a", conditional('"v1"'))
        [first] = fetch_all([server.url("/a")])
        [second] = fetch_all([server.url("/a")], etag=first.etag)
    assert (first.outcome, first.etag) == ("ok", '"v1"')
    assert first.exchanges[0].ip == "127.0.0.1"  # goes to WARC-IP-Address
    assert (second.outcome, second.status, second.etag) == ("not_modified", 304, '"v1"')
    assert log.of(path="/a")[1].headers.get("If-None-Match") == '"v1"'


def test_global_concurrency_cap() -> None:
    with servers(6, latency_s=0.05) as (log, hosts):
        for server in hosts:
            server.plan("*", page())
        urls = [s.url(f"/p{i}") for s in hosts for i in range(3)]
        results = fetch_all(urls, policy(concurrency=2, obey_robots=False))
    assert {r.outcome for r in results} == {"ok"}
    assert log.max_in_flight <= 2


def test_slow_answers_overlap_at_most_two_per_host() -> None:
    with servers(1, latency_s=0.25) as (log, [server]):
        server.plan("*", page())
        urls = [server.url(f"/p{i}") for i in range(6)]
        results = fetch_all(urls, policy(delay_s=0.05))
    assert {r.outcome for r in results} == {"ok"}
    assert log.max_in_flight == 2  # the schedule goes on, a slow host gets no more than two
    assert min(log.gaps(server.host, settled=True)) >= 0.05 - TOLERANCE_S
