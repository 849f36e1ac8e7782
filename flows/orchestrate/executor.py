"""How a command's steps run: the Executor every driver is given, and the plain one.

A driver (flows/orchestrate/commands.py, crawldriver.py) hands each step, a plain function of
a lower room, to its executor. The plain executor calls the step; the Prefect executor
(prefect_flows.py) runs it as a task run of the command's flow run, retrying network steps.
A step never knows which one runs it, and no command is written once per executor.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import ParamSpec, Protocol, TypeVar

from flows.counters import Counters
from flows.orchestrate.report import RunSummary, summarize

P = ParamSpec("P")
T = TypeVar("T")

log = logging.getLogger(__name__)


class Executor(Protocol):
    """Runs a driver's steps and ends its run."""

    async def run_io(
        self, step: Callable[P, Awaitable[T]], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run a network step (discover, fetch) on the event loop."""
        ...

    async def run_in_thread(self, step: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a blocking step (commit) in a thread, leaving the event loop to the fetches."""
        ...

    def run(self, step: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a blocking step (import a file, rebuild raw/) and return its result."""
        ...

    def note(self, message: str) -> None:
        """Say what the run is doing."""
        ...

    def finish(self, command: str, counters: Counters, problems: Sequence[str] = ()) -> RunSummary:
        """End a run: return its summary."""
        ...


class PlainExecutor:
    """Call each step directly: what runs when no Prefect API is configured."""

    async def run_io(
        self, step: Callable[P, Awaitable[T]], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Await the step."""
        return await step(*args, **kwargs)

    async def run_in_thread(self, step: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Call the step in a worker thread."""
        return await asyncio.to_thread(step, *args, **kwargs)

    def run(self, step: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Call the step."""
        return step(*args, **kwargs)

    def note(self, message: str) -> None:
        """Log the message."""
        log.info("%s", message)

    def finish(self, command: str, counters: Counters, problems: Sequence[str] = ()) -> RunSummary:
        """Return the run's summary (the CLI prints it)."""
        return summarize(command, counters, problems=problems)


PLAIN = PlainExecutor()  # holds no state: one instance serves every run
