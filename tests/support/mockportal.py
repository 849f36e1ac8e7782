"""A mock portal for fetcher unit tests: MockTransport replies, a request log, a fake clock."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

import httpx

from flows.config import Politeness
from flows.net.fetch import Fetcher, FetchResult

HTML = {"Content-Type": "text/html; charset=utf-8"}
PUBLIC = {"portal.example": ("93.184.216.34",), "www.portal.example": ("93.184.216.34",)}


class Chunks(httpx.AsyncByteStream):
    """A response body that is only produced when someone iterates it."""

    def __init__(self, *parts: bytes, wait_s: float = 0.0) -> None:
        self.parts = parts
        self.wait_s = wait_s
        self.iterated = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self.iterated = True
        for part in self.parts:
            if self.wait_s:
                await asyncio.sleep(self.wait_s)
            yield part


Reply = Callable[[], httpx.Response]


def reply(status: int = 200, *parts: bytes, **headers: str) -> Reply:
    """Return a factory of one response (streams are single-use)."""
    names = {k.replace("_", "-"): v for k, v in headers.items()}
    return lambda: httpx.Response(status, headers={**HTML, **names}, stream=Chunks(*parts))


class Portal:
    """A mock site: per-URL replies in order (the last repeats), with a request log."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.routes: dict[str, list[Reply]] = {}
        self.log: list[tuple[float, httpx.Request]] = []
        self.in_flight = 0
        self.max_in_flight = 0

    def route(self, url: str, *replies: Reply) -> None:
        """Answer successive requests for `url` with these replies."""
        self.routes[url] = list(replies)

    def paths(self) -> list[str]:
        """Return the paths requested, in order."""
        return [r.url.path for _, r in self.log]

    def times(self, path: str) -> list[float]:
        """Return the fake times at which `path` was requested."""
        return [t for t, r in self.log if r.url.path == path]

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.log.append((self.clock(), request))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        await asyncio.sleep(0.001)
        self.in_flight -= 1
        url = str(request.url.copy_with(query=None))
        if request.url.path == "/robots.txt" and url not in self.routes:
            return reply(404)()
        replies = self.routes.get(url) or [reply(404, b"no")]
        index = sum(1 for _, r in self.log if str(r.url.copy_with(query=None)) == url) - 1
        return replies[min(index, len(replies) - 1)]()


class FakeTime:
    """A clock that only moves when the fetcher sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        """Return the fake now."""
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Move the clock on instead of waiting."""
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def run_fetches(
    portal: Portal,
    time: FakeTime,
    urls: list[str],
    *,
    defaults: dict[str, Any] | None = None,
    resolve: Mapping[str, tuple[str, ...]] | None = None,
    **kwargs: Any,
) -> list[FetchResult]:
    """Fetch URLs concurrently through the mock portal and return the results."""
    addresses = {**PUBLIC, **(resolve or {})}

    async def fake_resolve(host: str) -> tuple[str, ...]:
        return addresses.get(host, ())

    async def go() -> list[FetchResult]:
        settings = Politeness(**{"delay_s": 0.0, **(defaults or {})})
        fetcher = Fetcher(
            settings,
            transport=httpx.MockTransport(portal),
            sleep=time.sleep,
            clock=time.clock,
            resolve=fake_resolve,
            rng=random.Random(7),
            backoff_base_s=1.0,
            backoff_cap_s=3.0,
        )
        async with fetcher:
            return list(await asyncio.gather(*(fetcher.fetch(u, site="t", **kwargs) for u in urls)))

    return asyncio.run(go())
