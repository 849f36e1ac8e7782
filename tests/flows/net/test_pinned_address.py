"""Connections go to the address a host name was checked at, never to a second lookup.

A real server on 127.0.0.1 and a resolver of the test's own: the name is looked up once, for
the private-address check, and every connection (robots.txt, pages, again and again) goes to
the address that check saw, while later lookups would answer another address (DNS rebinding).
The name itself resolves nowhere else, so a connection that looked it up again would fail.
"""

from __future__ import annotations

import asyncio
from typing import Any

from faultserver import page, servers

from flows.config import Politeness
from flows.net.fetch import Fetcher, FetchResult
from flows.net.pinning import MAX_ADDRESSES

NAME = "portal.rebind.test"  # RFC 2606: resolves nowhere but through the test's resolver
CHECKED, REBOUND = "127.0.0.1", "127.0.0.3"  # what the check sees; what later lookups say
PAGES = 4


def fetch_named(
    port: int, paths: list[str], asked: list[str], first: tuple[str, ...] = (CHECKED,)
) -> list[FetchResult]:
    """Fetch paths of NAME:port, the name resolved by a resolver that answers `first` once,
    then rebinds."""

    async def resolve(host: str) -> tuple[str, ...]:
        asked.append(host)
        return first if len(asked) == 1 else (REBOUND,)

    async def go() -> list[FetchResult]:
        settings: dict[str, Any] = {"delay_s": 0.0, "timeout_s": 2.0, "allow_private": True}
        async with Fetcher(Politeness(**settings), resolve=resolve, trust_env=False) as fetcher:
            return [await fetcher.fetch(f"http://{NAME}:{port}{p}", site="t") for p in paths]

    return asyncio.run(go())


def test_every_connection_goes_to_the_address_the_check_saw() -> None:
    with servers(1) as (log, [server]):
        server.plan("*", page(headers={"Connection": "close"}))  # a new connection each time
        port = int(server.host.rsplit(":", 1)[1])
        asked: list[str] = []
        results = fetch_named(port, [f"/p{i}" for i in range(PAGES)], asked)
    assert [r.outcome for r in results] == ["ok"] * PAGES, [r.error for r in results]
    assert sum(h.fresh for h in log.hits) > 1  # several connections were opened
    assert asked == [NAME]  # one lookup, for the check; no connection asked again
    assert {h.headers.get("Host") for h in log.hits} == {f"{NAME}:{port}"}  # the name is kept


DEAD = ("127.0.0.2", "127.0.0.4", "127.0.0.5")  # loopback addresses no server listens on


def test_a_checked_address_that_refuses_is_passed_over_for_the_next() -> None:
    with servers(1) as (_, [server]):
        server.plan("*", page())
        port = int(server.host.rsplit(":", 1)[1])
        asked: list[str] = []
        results = fetch_named(port, ["/p"], asked, first=(DEAD[0], CHECKED))
    assert [r.outcome for r in results] == ["ok"], [r.error for r in results]
    assert asked == [NAME]


def test_only_the_first_few_checked_addresses_are_tried() -> None:
    assert len(DEAD) == MAX_ADDRESSES
    with servers(1) as (log, [server]):
        server.plan("*", page())
        port = int(server.host.rsplit(":", 1)[1])
        results = fetch_named(port, ["/p"], [], first=(*DEAD, CHECKED))
    assert [r.outcome for r in results] != ["ok"]
    assert not log.hits  # the listening address came after the bound: never reached
