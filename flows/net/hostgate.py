"""Per-host politeness shared by every request of a run, robots.txt ones included.

A host is `host:port`: two servers on one machine are two hosts. Each host has one gate:
requests leave at least `gap` seconds apart, and at most HOST_IN_FLIGHT are open at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx

DEFAULT_PORTS = {"http": 80, "https": 443}
SEND_LEAD_S = 0.02  # a turn may start this early when the send itself waits for its time
SENDING_EVENT = "send_request_headers.started"  # httpcore trace event: the request leaves
HOST_IN_FLIGHT = 2  # a slow answer may overlap the next request, never more than this

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


def host_key(url: httpx.URL) -> str:
    """Return `host:port` of a URL, with the scheme's default port filled in."""
    port = url.port or DEFAULT_PORTS.get(url.scheme, 0)
    return f"{url.host}:{port}"


def origin(url: httpx.URL) -> str:
    """Return `scheme://host:port` of a URL: the scope of one robots.txt."""
    return f"{url.scheme}://{host_key(url)}"


class Ticket:
    """One request's turn at a host; its trace hook holds the request head to its send time."""

    def __init__(self, gate: HostGate, gap: float, started: float) -> None:
        self.gate = gate
        self.gap = gap
        self.started = started
        self.sent = False

    async def trace(self, event: str, info: dict[str, object]) -> None:
        """Wait for the send time when httpcore is about to send the request head."""
        if event.endswith(SENDING_EVENT) and not self.sent:
            await self.gate.sending(self)


class HostGate:
    """One host's turn-taking: request heads leave at least `gap` seconds apart.

    The gap runs between the moments request heads leave (httpcore's trace event), not
    between turns: a turn that first has to connect would otherwise send late and squeeze
    the next gap. Once a host's sends are seen, a turn starts `SEND_LEAD_S` early and the
    send itself waits for the exact time. The next turn may begin as soon as a request has
    left, so one slow response does not stall the schedule; `HOST_IN_FLIGHT` bounds overlap.
    """

    def __init__(self, clock: Clock, sleep: Sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._next = asyncio.Lock()  # held from a turn's start until its request has left
        self._in_flight = asyncio.Semaphore(HOST_IN_FLIGHT)
        self._last_sent: float | None = None
        self._not_before = 0.0
        self._pace = 1.0  # every gap is multiplied by this (a host answering challenges)
        self._sends_seen = False  # the transport reports sends (real HTTP, not a mock)

    @asynccontextmanager
    async def turn(
        self, gap: float, *, slots: tuple[asyncio.Semaphore, ...] = ()
    ) -> AsyncIterator[Ticket]:
        """Wait for this host's next send time, take the given slots, and hold the turn."""
        async with self._in_flight:
            await self._next.acquire()
            ticket: Ticket | None = None
            try:
                lead = SEND_LEAD_S if self._sends_seen else 0.0
                await self._wait(gap, lead)
                async with _all(slots):
                    await self._wait(gap, lead)  # a deferral may have come while waiting
                    ticket = Ticket(self, gap, self._clock())
                    yield ticket
            finally:
                if ticket is None:  # given up while waiting: nothing went out
                    self._next.release()
                elif not ticket.sent:  # the transport did not report a send: count the turn
                    self._last_sent = max(self._last_sent or ticket.started, ticket.started)
                    self._next.release()

    async def sending(self, ticket: Ticket) -> None:
        """Hold a request head until its send time, stamp it, and let the next turn begin."""
        self._sends_seen = True
        await self._wait(ticket.gap)
        self._last_sent = self._clock()
        ticket.sent = True
        self._next.release()

    def slow_down(self, factor: float) -> None:
        """Make every later gap of this host `factor` times as long (at most once applied)."""
        self._pace = max(self._pace, factor)

    def defer(self, seconds: float) -> None:
        """Make the next request to this host wait `seconds` from now (Retry-After)."""
        self._not_before = max(self._not_before, self._clock() + seconds)

    async def _wait(self, gap: float, lead: float = 0.0) -> None:
        start_at = self._not_before
        if self._last_sent is not None:
            start_at = max(start_at, self._last_sent + gap * self._pace - lead)
        while (wait := start_at - self._clock()) > 0:
            await self._sleep(wait)


@asynccontextmanager
async def _all(slots: tuple[asyncio.Semaphore, ...]) -> AsyncIterator[None]:
    """Hold every semaphore in order (always the same order, so no deadlock)."""
    if not slots:
        yield
        return
    async with slots[0], _all(slots[1:]):
        yield


class Gates:
    """The gates of every host seen in this run."""

    def __init__(self, clock: Clock, sleep: Sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._gates: dict[str, HostGate] = {}

    def __call__(self, key: str) -> HostGate:
        """Return the gate of `host:port`, creating it on first use."""
        if key not in self._gates:
            self._gates[key] = HostGate(self._clock, self._sleep)
        return self._gates[key]
