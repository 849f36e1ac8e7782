"""Fetcher unit tests over httpx.MockTransport on a fake clock: bodies, statuses, retries."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import tracemalloc
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from mockportal import HTML, Chunks, FakeTime, Portal, Reply, reply, run_fetches

from flows.config import Politeness
from flows.net.bodyread import parse_retry_after
from flows.net.fetch import Fetcher, FetchResult
from flows.net.hostgate import HostGate


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def portal(time: FakeTime) -> Portal:
    return Portal(time.clock)


URL = "https://portal.example/news/1.html"
NUMBERS = " ".join(str(i) for i in range(5000)).encode()  # compresses to well over 200 bytes


def test_gzip_body_is_decoded_and_headers_kept_as_received(portal: Portal, time: FakeTime) -> None:
    page = "<p>新闻正文</p>".encode()
    packed = gzip.compress(page)
    portal.route(URL, reply(200, packed[:7], packed[7:], Content_Encoding="gzip", ETag='"e1"'))
    [result] = run_fetches(portal, time, [URL])
    assert (result.outcome, result.status, result.etag) == ("ok", 200, '"e1"')
    exchange = result.exchanges[-1]
    assert exchange.body == page
    assert ("Content-Encoding", "gzip") in [(k.title(), v) for k, v in exchange.response_headers]
    assert dict(exchange.request_headers)["Accept-Encoding"] == "gzip, deflate"


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw-deflate"])
def test_deflate_in_both_shapes(portal: Portal, time: FakeTime, wbits: int) -> None:
    packer = zlib.compressobj(wbits=wbits)
    body = packer.compress(b"<p>deflated</p>") + packer.flush()
    portal.route(URL, reply(200, body, Content_Encoding="deflate"))
    [result] = run_fetches(portal, time, [URL])
    assert result.exchanges[-1].body == b"<p>deflated</p>"


def test_conditional_get(portal: Portal, time: FakeTime) -> None:
    portal.route(URL, reply(304))
    stamp = "Sun, 22 Nov 2026 10:00:00 GMT"
    [result] = run_fetches(portal, time, [URL], etag='"e1"', last_modified=stamp)
    sent = portal.log[-1][1].headers
    assert (sent["If-None-Match"], sent["If-Modified-Since"]) == ('"e1"', stamp)
    assert (result.outcome, result.etag, result.last_modified) == ("not_modified", '"e1"', stamp)


@pytest.mark.parametrize(
    ("statuses", "outcome", "attempts", "retry_later"),
    [
        ([200], "ok", 1, False),
        ([404], "not_found", 1, False),
        ([410], "gone", 1, False),
        ([403], "http_error", 1, False),
        ([300], "http_error", 1, False),
        ([503, 200], "ok", 2, False),
        ([408, 429, 502, 200], "ok", 4, False),
        ([500], "failed", 4, True),
    ],
    ids=["ok", "404", "410", "403", "3xx-without-location", "503-then-ok", "mixed", "500-always"],
)
def test_status_outcomes(
    portal: Portal,
    time: FakeTime,
    statuses: list[int],
    outcome: str,
    attempts: int,
    retry_later: bool,
) -> None:
    portal.route(URL, *(reply(s, b"body") for s in statuses))
    [result] = run_fetches(portal, time, [URL])
    assert (result.outcome, result.attempts, result.retry_later) == (outcome, attempts, retry_later)
    assert portal.paths().count("/news/1.html") == attempts
    assert result.status == statuses[min(attempts, len(statuses)) - 1]


def test_backoff_is_exponential_jittered_and_capped(portal: Portal, time: FakeTime) -> None:
    portal.route(URL, reply(500))
    run_fetches(portal, time, [URL], defaults={"max_attempts": 4})
    first, second, third = time.sleeps
    assert 0.5 <= first <= 1.0
    assert second >= 1.0 and second <= 2.0
    assert third >= 1.5 and third <= 3.0  # 4 s capped at 3
    assert len({first / 1, second / 2}) == 2  # jitter: not the bare doubling


def test_retry_after_defers_the_whole_host(portal: Portal, time: FakeTime) -> None:
    other = "https://portal.example/news/2.html"
    portal.route(URL, reply(429, Retry_After="7"), reply(200))
    portal.route(other, reply(200))

    [first, second] = run_fetches(portal, time, [URL, other])
    assert (first.outcome, second.outcome) == ("ok", "ok")
    refused_at = portal.times("/news/1.html")[0]
    after = [t for t, r in portal.log if t > refused_at or r.url.path == "/news/2.html"]
    assert min(after) >= refused_at + 7  # the other page waited too


def test_retry_after_beyond_the_limit_gives_up(portal: Portal, time: FakeTime) -> None:
    portal.route(URL, reply(503, Retry_After="121"))
    [result] = run_fetches(portal, time, [URL])
    assert (result.outcome, result.attempts, result.retry_later) == ("failed", 1, True)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("5", 5.0), ("0.5", 0.5), ("-3", 0.0), ("soon", None), (None, None)],
)
def test_parse_retry_after_seconds(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value) == seconds


def test_parse_retry_after_http_date() -> None:
    now = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    stamp = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(stamp, now=now) == 90.0


def test_transport_errors_are_retried(portal: Portal, time: FakeTime) -> None:
    faults = iter([httpx.ConnectError("refused"), httpx.ReadError("reset by peer")])

    def flaky() -> httpx.Response:
        fault = next(faults, None)
        if fault is not None:
            raise fault
        return reply(200, b"<p>ok</p>")()

    portal.route(URL, flaky)
    [result] = run_fetches(portal, time, [URL])
    assert (result.outcome, result.attempts) == ("ok", 3)


@pytest.mark.parametrize(
    "make",
    [
        lambda: reply(200, gzip.compress(NUMBERS)[:200], Content_Encoding="gzip"),
        lambda: reply(200, b"0123456789", Content_Length="100"),
    ],
    ids=["gzip-stream-cut", "content-length-not-met"],
)
def test_truncated_bodies_are_retried(
    portal: Portal, time: FakeTime, make: Callable[[], Reply]
) -> None:
    portal.route(URL, make(), reply(200, b"<p>whole</p>"))
    [result] = run_fetches(portal, time, [URL])
    assert (result.outcome, result.attempts) == ("ok", 2)
    assert result.exchanges[-1].body == b"<p>whole</p>"


def test_skipped_type_leaves_the_body_unread(portal: Portal, time: FakeTime) -> None:
    body = Chunks(b"%PDF-1.7 ...")
    portal.route(
        URL, lambda: httpx.Response(200, headers={"Content-Type": "application/pdf"}, stream=body)
    )
    [result] = run_fetches(portal, time, [URL])
    assert (result.outcome, result.retry_later) == ("skipped_type", False)
    assert not body.iterated
    assert result.exchanges[-1].truncated == "length"


def test_declared_too_large_leaves_the_body_unread(portal: Portal, time: FakeTime) -> None:
    body = Chunks(b"x" * 10)
    headers = {**HTML, "Content-Length": "5000000"}
    portal.route(URL, lambda: httpx.Response(200, headers=headers, stream=body))
    [result] = run_fetches(portal, time, [URL], defaults={"max_bytes": 1000})
    assert result.outcome == "too_large"
    assert not body.iterated


def test_gzip_bomb_stops_at_the_cap_without_inflating(portal: Portal, time: FakeTime) -> None:
    packed = gzip.compress(b"\0" * 30_000_000, compresslevel=9)
    parts = [packed[i : i + 65536] for i in range(0, len(packed), 65536)]
    portal.route(URL, reply(200, *parts, Content_Encoding="gzip"))
    tracemalloc.start()
    try:
        [result] = run_fetches(portal, time, [URL], defaults={"max_bytes": 1_000_000})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (result.outcome, result.retry_later) == ("too_large", False)
    assert peak < 8_000_000  # a few buffers of the 1 MB cap, never the 30 MB inflated


@pytest.mark.parametrize(
    ("coding", "body", "retry_later"),
    [("br", b"\x1b\x00", False), ("gzip", b"<p>not gzip at all</p>", True)],
    ids=["unsupported-coding", "body-not-in-its-coding"],
)
def test_undecodable_bodies_fail_without_retrying(
    portal: Portal, time: FakeTime, coding: str, body: bytes, retry_later: bool
) -> None:
    portal.route(URL, reply(200, body, Content_Encoding=coding))
    [result] = run_fetches(portal, time, [URL])
    assert (result.outcome, result.retry_later, result.attempts) == ("failed", retry_later, 1)


def test_timeout_covers_a_slow_body(portal: Portal, time: FakeTime) -> None:
    slow = lambda: httpx.Response(200, headers=HTML, stream=Chunks(b"a", b"b", wait_s=1.0))  # noqa: E731
    portal.route(URL, slow)
    [result] = run_fetches(portal, time, [URL], defaults={"timeout_s": 0.05, "max_attempts": 2})
    assert (result.outcome, result.retry_later, result.attempts) == ("failed", True, 2)


def test_attempts_are_counted_per_run(portal: Portal, time: FakeTime) -> None:
    portal.route(URL, reply(503))

    async def twice() -> tuple[FetchResult, FetchResult]:
        async with Fetcher(
            Politeness(delay_s=0.0), transport=httpx.MockTransport(portal), sleep=time.sleep,
            clock=time.clock,
        ) as fetcher:  # fmt: skip
            return await fetcher.fetch(URL, site="t"), await fetcher.fetch(URL, site="t")

    first, second = asyncio.run(twice())
    assert (first.attempts, second.attempts) == (4, 0)
    assert (second.outcome, second.retry_later) == ("failed", True)
    assert portal.paths().count("/news/1.html") == 4


def test_concurrency_caps_global_and_per_source(portal: Portal, time: FakeTime) -> None:
    urls = [f"https://h{i}.example/p" for i in range(8)]
    for url in urls:
        portal.route(url, reply(200, b"<p>x</p>"))
    one_at_a_time = Politeness(delay_s=0.0, concurrency=1, obey_robots=False)
    results = run_fetches(portal, time, urls, defaults={"concurrency": 4}, policy=one_at_a_time)
    assert {r.outcome for r in results} == {"ok"}
    assert portal.max_in_flight == 1
    portal.max_in_flight = 0
    run_fetches(portal, time, urls, defaults={"concurrency": 3, "obey_robots": False})
    assert portal.max_in_flight > 1 and portal.max_in_flight <= 3


@pytest.mark.parametrize("url", ["not a url", "mailto:desk@portal.example", "http://"])
def test_unusable_urls_fail_without_raising(portal: Portal, time: FakeTime, url: str) -> None:
    [result] = run_fetches(portal, time, [url])
    assert (result.outcome, result.retry_later) == ("failed", False)
    assert portal.log == []


@pytest.mark.parametrize(
    ("connect_s", "gap"), [(0.0, 1.0), (0.3, 1.28)], ids=["reused", "connecting"]
)
def test_host_gate_times_sends_not_turns(time: FakeTime, connect_s: float, gap: float) -> None:
    gate = HostGate(time.clock, time.sleep)
    sends: list[float] = []

    async def request() -> None:
        async with gate.turn(1.0) as ticket:
            time.now += connect_s
            await ticket.trace("http11.send_request_headers.started", {})
            sends.append(time.now)

    async def three() -> None:
        await asyncio.gather(request(), request(), request())

    asyncio.run(three())
    assert [b - a for a, b in itertools.pairwise(sends)] == pytest.approx([gap, gap])


def test_a_form_is_posted_and_kept_with_its_exchange(portal: Portal, time: FakeTime) -> None:
    proxy = "https://portal.example/module/proxy.jsp"
    portal.route(proxy, reply(200, b"<datastore></datastore>", Content_Type="text/xml"))
    form = (("startrecord", "16"), ("endrecord", "30"), ("columnid", "7"))
    [result] = run_fetches(portal, time, [proxy + "?startrecord=16"], form=form)
    [(_, request)] = [(t, r) for t, r in portal.log if r.url.path == "/module/proxy.jsp"]
    assert request.method == "POST"
    assert request.content == b"startrecord=16&endrecord=30&columnid=7"
    exchange = result.exchanges[-1]
    assert (result.outcome, exchange.method) == ("ok", "POST")
    assert exchange.request_body == b"startrecord=16&endrecord=30&columnid=7"


def test_a_redirect_after_a_post_is_read_with_get(portal: Portal, time: FakeTime) -> None:
    proxy = "https://portal.example/module/proxy.jsp"
    portal.route(proxy, reply(302, Location="https://portal.example/module/rows.xml"))
    portal.route("https://portal.example/module/rows.xml", reply(200, b"<datastore/>"))
    [result] = run_fetches(portal, time, [proxy], form=(("columnid", "7"),))
    assert [r.method for _, r in portal.log if r.url.path.startswith("/module/")] == [
        "POST",
        "GET",
    ]
    assert result.exchanges[-1].request_body == b""
