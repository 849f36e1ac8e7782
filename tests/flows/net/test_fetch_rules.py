"""Unit tests of the fetcher's rules over httpx.MockTransport: redirects and robots.txt."""

from __future__ import annotations

import itertools

import httpx
import pytest
from mockportal import FakeTime, Portal, reply, run_fetches

from flows.config import Politeness
from flows.net.redirects import is_private_ip, same_site_host
from flows.net.robots import RobotsAnswer, agent_token, rules_from


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def portal(time: FakeTime) -> Portal:
    return Portal(time.clock)


URL = "https://portal.example/news/1.html"


@pytest.mark.parametrize(
    ("location", "allowed", "outcome"),
    [
        ("/news/2.html", frozenset(), "ok"),
        ("https://www.portal.example/news/2.html", frozenset(), "ok"),
        ("https://elsewhere.example/x", frozenset(), "offsite_redirect"),
        ("https://cdn.portal-mirror.example/x", frozenset({"cdn.portal-mirror.example"}), "ok"),
        ("https://intranet.example/x", frozenset({"intranet.example"}), "offsite_redirect"),
        ("http://127.0.0.1/x", frozenset({"127.0.0.1"}), "offsite_redirect"),
        ("ftp://portal.example/x", frozenset(), "offsite_redirect"),
    ],
    ids=["relative", "www", "other-host", "allowed-host", "private-name", "loopback", "ftp"],
)
def test_redirect_targets(
    portal: Portal, time: FakeTime, location: str, allowed: frozenset[str], outcome: str
) -> None:
    portal.route(URL, reply(301, Location=location))
    target = str(httpx.URL(URL).join(location))
    portal.route(target, reply(200, b"<p>moved</p>"))
    resolve = {"intranet.example": ("10.1.2.3",), "cdn.portal-mirror.example": ("93.184.216.35",)}
    [result] = run_fetches(portal, time, [URL], resolve=resolve, allowed_hosts=allowed)
    assert result.outcome == outcome
    fetched_target = any(str(r.url) == target for _, r in portal.log)
    assert fetched_target == (outcome == "ok")


def test_private_redirect_allowed_when_the_source_allows_private_addresses(
    portal: Portal, time: FakeTime
) -> None:
    source = "http://10.0.0.8/list"
    portal.route(source, reply(302, Location="http://intranet.example/a"))
    portal.route("http://intranet.example/a", reply(200, b"<p>inside</p>"))
    hosts = frozenset({"intranet.example"})
    resolve = {"intranet.example": ("10.1.2.3",)}
    [result] = run_fetches(
        portal, time, [source], resolve=resolve, allowed_hosts=hosts,
        defaults={"allow_private": True},
    )  # fmt: skip
    assert (result.outcome, result.final_url) == ("ok", "http://intranet.example/a")


@pytest.mark.parametrize(
    "url",
    ["http://10.0.0.8/list", "http://127.0.0.1:8080/list", "http://intranet.example/list"],
    ids=["private-literal", "loopback-port", "name-resolving-private"],
)
def test_a_private_address_is_refused_on_the_first_fetch(
    portal: Portal, time: FakeTime, url: str
) -> None:
    portal.route(url, reply(200, b"<p>inside</p>"))
    resolve = {"intranet.example": ("10.1.2.3",)}
    [result] = run_fetches(portal, time, [url], resolve=resolve, defaults={"obey_robots": True})
    assert result.outcome == "private_address"
    assert "allow_private" in (result.error or "")
    assert portal.log == []  # neither the page nor its robots.txt was asked for


def test_redirect_loop_and_bound(portal: Portal, time: FakeTime) -> None:
    a, b = URL, "https://portal.example/b"
    portal.route(a, reply(302, Location="/b"))
    portal.route(b, reply(302, Location=a))
    chain = [f"https://portal.example/c{i}" for i in range(6)]
    for here, there in itertools.pairwise(chain):
        portal.route(here, reply(307, Location=there))
    loop, bounded = run_fetches(portal, time, [a, chain[0]], defaults={"max_redirects": 2})
    assert (loop.outcome, len(loop.exchanges)) == ("redirect_loop", 2)
    assert (bounded.outcome, len(bounded.exchanges)) == ("redirect_loop", 3)


def test_robots_fetched_once_and_crawl_delay_kept(portal: Portal, time: FakeTime) -> None:
    robots = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 5\n"
    portal.route("https://portal.example/robots.txt", reply(200, robots))
    urls = [
        *(f"https://portal.example/n/{i}" for i in range(4)),
        "https://portal.example/private/1",
    ]
    for url in urls:
        portal.route(url, reply(200, b"<p>x</p>"))
    results = run_fetches(portal, time, urls, defaults={"delay_s": 1.0})
    assert [r.outcome for r in results] == ["ok"] * 4 + ["robots"]
    assert portal.paths().count("/robots.txt") == 1
    assert "/private/1" not in portal.paths()
    starts = [t for t, _ in portal.log]
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 5


@pytest.mark.parametrize(
    ("robots", "gap", "outcome"),
    [
        (b"User-agent: *\nRequest-rate: 1/10s\n", 10.0, "ok"),
        (b"User-agent: *\nCrawl-delay: 500\n", None, "robots"),
    ],
    ids=["request-rate", "crawl-delay-over-limit"],
)
def test_robots_rates(
    portal: Portal, time: FakeTime, robots: bytes, gap: float | None, outcome: str
) -> None:
    portal.route("https://portal.example/robots.txt", reply(200, robots))
    urls = ["https://portal.example/1", "https://portal.example/2"]
    for url in urls:
        portal.route(url, reply(200, b"<p>x</p>"))
    results = run_fetches(portal, time, urls)
    assert {r.outcome for r in results} == {outcome}
    if gap is not None:
        starts = [t for t, _ in portal.log]
        assert min(b - a for a, b in itertools.pairwise(starts)) >= gap
    else:
        assert all(r.retry_later for r in results)


def test_robots_redirect_to_another_host_is_not_followed(portal: Portal, time: FakeTime) -> None:
    elsewhere = "https://static.portal-cdn.example/robots.txt"
    portal.route("https://portal.example/robots.txt", reply(301, Location=elsewhere))
    portal.route(elsewhere, reply(200, b"User-agent: *\nAllow: /\n"))
    portal.route(URL, reply(200, b"<p>x</p>"))
    resolve = {"static.portal-cdn.example": ("93.184.216.36",)}
    [result] = run_fetches(portal, time, [URL], resolve=resolve)
    assert (result.outcome, result.retry_later) == ("robots", True)  # unavailable this run
    assert "redirect to static.portal-cdn.example" in (result.error or "")
    assert portal.paths() == ["/robots.txt"]  # neither the other host nor the page was asked


def test_robots_redirect_to_the_www_host_is_followed(portal: Portal, time: FakeTime) -> None:
    www = "https://www.portal.example/robots.txt"
    portal.route("https://portal.example/robots.txt", reply(301, Location=www))
    portal.route(www, reply(200, b"User-agent: *\nDisallow: /news/\n"))
    [result] = run_fetches(portal, time, [URL])
    assert (result.outcome, result.retry_later) == ("robots", False)
    assert "/news/1.html" not in portal.paths()


def test_robots_can_be_switched_off_per_source(portal: Portal, time: FakeTime) -> None:
    portal.route(URL, reply(200, b"<p>x</p>"))
    own = Politeness(obey_robots=False, user_agent="portal-corpus/0.1 (+https://example.org/b)")
    [result] = run_fetches(portal, time, [URL], policy=own)
    assert result.outcome == "ok"
    assert portal.paths() == ["/news/1.html"]
    assert portal.log[0][1].headers["User-Agent"] == own.user_agent


@pytest.mark.parametrize(
    ("answer", "allows", "blocked"),
    [
        (RobotsAnswer("ok", 200, b"User-agent: *\nDisallow: /x/\n"), False, False),
        (RobotsAnswer("ok", 200, b"\xff\xfe garbage"), True, False),
        (RobotsAnswer("not_found", 404, b""), True, False),
        (RobotsAnswer("http_error", 401, b""), True, False),
        (RobotsAnswer("failed", 503, b"", "HTTP 503"), False, True),
        (RobotsAnswer("failed", None, b"", "ConnectError"), False, True),
        (RobotsAnswer("too_large", 200, b""), False, True),
        (RobotsAnswer("redirect_loop", 301, b""), False, True),
    ],
    ids=["rules", "unreadable", "404", "401", "503", "unreachable", "too-large", "loop"],
)
def test_robots_answers(answer: RobotsAnswer, allows: bool, blocked: bool) -> None:
    rules = rules_from(answer, "https://portal.example:443")
    assert rules.allows("https://portal.example/x/1.html", "portal-corpus") == allows
    assert (rules.blocked is not None) == blocked


@pytest.mark.parametrize(
    ("user_agent", "token"),
    [("portal-corpus/0.1 (+https://example.org/contact)", "portal-corpus"), ("", "*")],
)
def test_agent_token(user_agent: str, token: str) -> None:
    assert agent_token(user_agent) == token


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("127.0.0.1", True),
        ("10.2.3.4", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("::1", True),
        ("::ffff:10.0.0.1", True),
        ("fd00::1", True),
        ("93.184.216.34", False),
        ("2606:4700::1111", False),
    ],
)
def test_private_addresses(address: str, private: bool) -> None:
    assert is_private_ip(address) == private


@pytest.mark.parametrize(
    ("host", "hosts", "same"),
    [
        ("www.portal.example", frozenset({"portal.example"}), True),
        ("portal.example", frozenset({"www.portal.example"}), True),
        ("news.portal.example", frozenset({"portal.example"}), False),
        ("PORTAL.example", frozenset({"portal.example"}), True),
    ],
)
def test_same_site_host(host: str, hosts: frozenset[str], same: bool) -> None:
    assert same_site_host(host, hosts) == same


@pytest.mark.parametrize(
    ("host", "same"),
    [("www.163.com", True), ("163.com", True), ("money.163.com", True), ("x163.com", False)],
)
def test_a_wildcard_scope_lets_redirects_stay_on_the_site(host: str, same: bool) -> None:
    assert same_site_host(host, frozenset({"*.163.com"})) is same
