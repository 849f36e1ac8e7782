"""The commit lane: batches are processed one at a time, in the order they were archived.

Sources fetch at once, but their batches reach the Processor through one lane, so records
are committed in raw/ order across sources and a duplicate points at the earliest archived
copy, in a crawl and a reclean alike.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class CommitLane:
    """Run processing jobs one at a time, in the order their batches were archived."""

    def __init__(self) -> None:
        self._issued = 0
        self._next = 0
        self._finished: set[int] = set()
        self._turns: dict[int, asyncio.Event] = {}

    def take(self) -> int:
        """Return the next turn; every turn taken must be run or released."""
        ticket = self._issued
        self._issued += 1
        return ticket

    def release(self, ticket: int) -> None:
        """Give up a turn (run or abandoned), letting the turns after it go."""
        self._finished.add(ticket)
        while self._next in self._finished:
            self._finished.discard(self._next)
            self._turns.pop(self._next, None)
            self._next += 1
        self._turn(self._next).set()

    def _turn(self, ticket: int) -> asyncio.Event:
        """Return the event set when a turn comes."""
        event = self._turns.setdefault(ticket, asyncio.Event())
        if ticket == self._next:
            event.set()
        return event

    async def run(self, ticket: int, job: Callable[[], Awaitable[T]]) -> T:
        """Wait for a turn, run the job, then pass the turn on (also when it fails)."""
        try:
            await self._turn(ticket).wait()
            return await job()
        finally:
            self.release(ticket)
