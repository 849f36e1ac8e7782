"""Fetch pages politely and stubbornly: one Fetcher per run, shared by every source.

fetch(url) ─▶ robots.txt allows? ─▶ host gate (sends >= delay apart, at most two open)
          ─▶ global slot ─▶ GET, body streamed under caps ─▶ retry transient faults
          ─▶ redirect (HTTP 3xx, or a 200 that is only a script or meta redirect)?
             check host, address, loop ─▶ next hop ... ─▶ FetchResult

Faults never raise: each ends as an outcome with `retry_later` telling the caller whether a
later run should try again. Redirects are followed here, not by httpx, so every hop passes
the same host, address, robots and politeness checks.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace

import httpx

from flows.config import Politeness
from flows.net.exchange import (
    ACCEPTED_TYPES,
    Exchange,
    Hop,
    TransientFault,
    receive,
    request_headers,
)
from flows.net.fetchresult import ALIAS, FetchResult, Trail, fetch_result
from flows.net.hostgate import Clock, Gates, Sleep, host_key
from flows.net.pinning import pinned_transport
from flows.net.redirects import (
    AddressCheck,
    Resolve,
    port_refusal,
    port_scope,
    redirect_refusal,
    resolve_host,
    scheme_refusal,
    shell_hop,
)
from flows.net.robots import (
    CRAWL_DELAY_MAX_S,
    ROBOTS_MAX_BYTES,
    RobotsAnswer,
    RobotsCache,
    agent_token,
)

__all__ = ["ACCEPTED_TYPES", "ALIAS", "Exchange", "FetchResult", "Fetcher"]

BACKOFF_BASE_S = 1.0  # the first retry waits about this long; each next one twice as long
BACKOFF_CAP_S = 30.0  # no single backoff is longer
BACKOFF_JITTER = 0.5  # share of each backoff drawn at random, so retries do not march in step
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309 asks crawlers to follow at least five
CHALLENGED_SLOWDOWN = 2.0  # a host answering anti-bot challenges is asked this much slower
Claim = Callable[[str], bool]  # True when a redirect target is this fetch's to take
Form = tuple[tuple[str, str], ...]  # the fields a POST sends, in order


class Fetcher:
    """Fetch URLs politely for one run; every source shares the gates, slots and robots."""

    def __init__(
        self,
        defaults: Politeness,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
        resolve: Resolve = resolve_host,
        rng: random.Random | None = None,
        backoff_base_s: float = BACKOFF_BASE_S,
        backoff_cap_s: float = BACKOFF_CAP_S,
        trust_env: bool = True,
    ) -> None:
        self._defaults = defaults
        self._addresses = AddressCheck(resolve)
        limits = httpx.Limits(max_connections=defaults.concurrency)
        self._client = httpx.AsyncClient(
            transport=transport
            or pinned_transport(self._addresses, limits=limits, trust_env=trust_env),
            follow_redirects=False,
            timeout=httpx.Timeout(defaults.timeout_s),
            limits=limits,
            trust_env=trust_env,
        )
        self._sleep = sleep
        self._gates = Gates(clock, sleep)
        self._slots = asyncio.Semaphore(defaults.concurrency)
        self._site_slots: dict[str, asyncio.Semaphore] = {}
        self._robots = RobotsCache()
        self._robot_exchanges: list[Exchange] = []
        self._tries: Counter[str] = Counter()
        self._rng = rng or random.Random()
        self._backoff = (backoff_base_s, backoff_cap_s)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections and cancel robots fetches still running."""
        await self._robots.aclose()
        await self._client.aclose()

    def take_robots_exchanges(self) -> tuple[Exchange, ...]:
        """Return (and forget) the robots.txt exchanges made since the last call, for WARC."""
        taken, self._robot_exchanges = tuple(self._robot_exchanges), []
        return taken

    async def fetch(
        self,
        url: str,
        *,
        site: str,
        policy: Politeness | None = None,
        allowed_hosts: frozenset[str] = frozenset(),
        allowed_ports: frozenset[int] = frozenset(),
        etag: str | None = None,
        last_modified: str | None = None,
        accept: frozenset[str] | None = ACCEPTED_TYPES,
        claim: Claim | None = None,
        form: Form | None = None,
    ) -> FetchResult:
        """Fetch `url` for `site`, following redirects within the source's hosts and ports.

        With `form`, the first request is a POST of those fields (a list endpoint's pager);
        a redirect after it is followed with GET, as browsers do.
        """
        # a redirect target `claim` refuses (the run fetches it elsewhere) ends it as an alias
        policy = policy or self._defaults
        try:
            first = httpx.URL(url).copy_with(userinfo=b"")  # never send credentials
        except httpx.InvalidURL as exc:
            trail = Trail(url, frozenset(), frozenset())
            return fetch_result(trail, url, Hop("failed", error=f"bad URL: {exc}"))
        trail = Trail(url, allowed_hosts | {first.host}, allowed_ports | port_scope(first))
        headers = request_headers(policy, etag, last_modified)
        result = await self._follow(trail, first, site, policy, headers, accept, claim, form)
        if result.outcome == "not_modified":
            result = replace(result, etag=result.etag or etag)
            result = replace(result, last_modified=result.last_modified or last_modified)
        return result

    async def _follow(
        self,
        trail: Trail,
        current: httpx.URL,
        site: str,
        policy: Politeness,
        headers: dict[str, str],
        accept: frozenset[str] | None,
        claim: Claim | None = None,
        form: Form | None = None,
    ) -> FetchResult:
        """Fetch hop after hop until an outcome that is not a redirect."""
        first = current
        while True:
            trail.seen.append(str(current))
            refusal = scheme_refusal(current) or port_refusal(current, trail.ports)
            if refusal := refusal or await self._address_refusal(current, policy):
                return fetch_result(trail, str(current), refusal)
            gap, robots_hop = await self._robots_check(current, site, policy)
            if robots_hop is not None:
                return fetch_result(trail, str(current), robots_hop)
            hop = await self._tries_of(current, site, policy, headers, accept, gap, form)
            if hop.outcome == "blocked":  # for the rest of the run
                self._gates(host_key(current)).slow_down(CHALLENGED_SLOWDOWN)
            if hop.location is None and accept is not None:
                hop = shell_hop(hop, current)
            trail.exchanges.extend(hop.exchanges)
            if hop.location is None:
                return fetch_result(trail, str(current), hop)
            target, refused = await redirect_refusal(
                current, hop.location, first=first, hosts=trail.hosts, seen=trail.seen,
                max_redirects=policy.max_redirects, addresses=self._addresses,
            )  # fmt: skip
            if refused is not None:
                outcome, error = refused
                return fetch_result(trail, str(current), replace(hop, outcome=outcome, error=error))
            assert target is not None
            current = target.copy_with(userinfo=b"")  # a Location cannot make us send credentials
            form = None  # a POST's redirect is read with GET
            if claim is not None and not claim(str(current)):
                return fetch_result(
                    trail, str(current), Hop(ALIAS, error=f"same page as {current}")
                )

    async def _address_refusal(self, url: httpx.URL, policy: Politeness) -> Hop | None:
        """Refuse a host that is or resolves to a private address, unless the policy allows it."""
        if policy.allow_private or not await self._addresses.is_private(url.host):
            return None
        error = f"{url.host} is a private address; allow_private = true crawls intranet portals"
        return Hop("private_address", error=error)

    async def sitemaps(self, url: str, *, site: str, policy: Politeness) -> tuple[str, ...]:
        """Return the sitemaps named by the robots.txt of a URL's origin (read once a run)."""

        async def get(robots: str) -> RobotsAnswer:
            return await self._fetch_robots(robots, site, policy)

        return (await self._robots.rules(httpx.URL(url), get)).sitemaps()

    async def _robots_check(
        self, url: httpx.URL, site: str, policy: Politeness
    ) -> tuple[float, Hop | None]:
        """Return the gap this host needs, or a robots outcome when the URL may not be fetched."""
        if not policy.obey_robots:
            return policy.delay_s, None

        async def get(robots: str) -> RobotsAnswer:
            return await self._fetch_robots(robots, site, policy)

        rules = await self._robots.rules(url, get)
        agent = agent_token(policy.user_agent)
        if rules.blocked is not None:
            return 0.0, Hop("robots", error=rules.blocked, retry_later=True)
        if not rules.allows(str(url), agent):
            return 0.0, Hop("robots", error="disallowed by robots.txt")
        delay = rules.delay(agent)
        if delay > CRAWL_DELAY_MAX_S:
            error = f"robots.txt asks {delay:g} s between requests (limit {CRAWL_DELAY_MAX_S:g})"
            return 0.0, Hop("robots", error=error, retry_later=True)
        return max(policy.delay_s, delay), None

    async def _fetch_robots(self, url: str, site: str, policy: Politeness) -> RobotsAnswer:
        """Fetch robots.txt through the same gates, retries and caps as any page."""
        robots_policy = policy.model_copy(
            update={
                "obey_robots": False,
                "max_bytes": ROBOTS_MAX_BYTES,
                "max_redirects": ROBOTS_MAX_REDIRECTS,
            }
        )
        origin_url = httpx.URL(url)
        trail = Trail(url, frozenset({origin_url.host}), port_scope(origin_url))  # the site asked
        headers = request_headers(robots_policy, None, None)
        result = await self._follow(trail, origin_url, site, robots_policy, headers, None)
        self._robot_exchanges.extend(result.exchanges)
        body = result.exchanges[-1].body if result.outcome == "ok" else b""
        return RobotsAnswer(result.outcome, result.status, body, result.error)

    async def _tries_of(
        self,
        url: httpx.URL,
        site: str,
        policy: Politeness,
        headers: dict[str, str],
        accept: frozenset[str] | None,
        gap: float,
        form: Form | None = None,
    ) -> Hop:
        """Request one URL until it gives a lasting answer or runs out of attempts."""
        key, tries = (f"POST {url}" if form is not None else str(url)), 0
        received: list[Exchange] = []
        fault = TransientFault("attempts for this run already used up")
        while self._tries[key] < policy.max_attempts:
            self._tries[key] += 1
            tries += 1
            try:
                hop = await self._once(url, site, policy, headers, accept, gap, form)
                return replace(hop, exchanges=(*received, *hop.exchanges), attempts=tries)
            except TransientFault as exc:
                fault = exc
            if fault.exchange is not None:
                received.append(fault.exchange)
            wait = fault.retry_after
            if wait is not None and wait > policy.retry_after_max_s:
                error = f"{fault}; Retry-After {wait:g} s is over {policy.retry_after_max_s:g} s"
                return _gave_up(fault, received, tries, error)
            if self._tries[key] >= policy.max_attempts:
                break
            backoff = self._backoff_s(tries)
            if wait is not None:  # the server's word holds for the whole host
                self._gates(host_key(url)).defer(max(wait, backoff))
            else:
                await self._sleep(backoff)
        return _gave_up(fault, received, tries, str(fault))

    def _backoff_s(self, tries: int) -> float:
        """Return the wait before retry number `tries`: exponential, capped, jittered."""
        base, cap = self._backoff
        full = min(cap, base * 2 ** (tries - 1))
        return float(full * (1 - BACKOFF_JITTER) + full * BACKOFF_JITTER * self._rng.random())

    async def _once(
        self,
        url: httpx.URL,
        site: str,
        policy: Politeness,
        headers: dict[str, str],
        accept: frozenset[str] | None,
        gap: float,
        form: Form | None = None,
    ) -> Hop:
        """Send one request when the host's turn comes; raise TransientFault on a passing fault."""
        turn = self._gates(host_key(url)).turn(gap, slots=self._slots_for(site, policy))
        try:
            async with turn as ticket:
                request = self._client.build_request(
                    "GET" if form is None else "POST", url, headers=headers,
                    data=None if form is None else dict(form),
                    timeout=httpx.Timeout(policy.timeout_s),
                    extensions={"trace": ticket.trace},  # the gap runs from the real send
                )  # fmt: skip
                async with asyncio.timeout(policy.timeout_s):
                    response = await self._client.send(request, stream=True)
                    try:
                        return await receive(request, response, site, policy, accept)
                    finally:
                        await response.aclose()
        except TimeoutError as exc:
            raise TransientFault(f"no complete response within {policy.timeout_s:g} s") from exc
        except (httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:
            return Hop("failed", error=f"{type(exc).__name__}: {exc}")
        except httpx.TransportError as exc:
            raise TransientFault(_describe(exc)) from exc

    def _slots_for(self, site: str, policy: Politeness) -> tuple[asyncio.Semaphore, ...]:
        """Return the semaphores a request takes: the source's own cap (if lower), then global."""
        if policy.concurrency >= self._defaults.concurrency:
            return (self._slots,)
        if site not in self._site_slots:
            self._site_slots[site] = asyncio.Semaphore(policy.concurrency)
        return (self._site_slots[site], self._slots)


DEFAULT_PORTS = {"http": 80, "https": 443}  # the port a URL without one connects to


def _describe(exc: Exception) -> str:
    """Say what failed: the address a connection was refused at, else the exception's name."""
    if isinstance(exc, httpx.ConnectError):
        with suppress(RuntimeError):  # an error raised without its request
            url = exc.request.url
            return f"cannot connect to {url.host}:{url.port or DEFAULT_PORTS.get(url.scheme)}"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _gave_up(fault: TransientFault, received: list[Exchange], tries: int, error: str) -> Hop:
    """Return the outcome of a URL whose transient faults outlasted its attempts."""
    return Hop("failed", fault.status, tuple(received), error, tries, retry_later=True)
