"""Keep the scheduled crawls served while the Prefect server comes and goes; stop on a signal.

Prefect's runner prints tracebacks when its server goes away and gives up after three polls, and
its shutdown can wait on a server that no longer answers. Here the runner lives in a thread of
its own; the main thread watches the server, prints one line per failed contact, retries with a
doubling delay, and on SIGTERM or SIGINT stops the runner and exits within a bounded time.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import threading
from contextlib import suppress
from types import FrameType
from typing import TYPE_CHECKING

from flows.errors import ServerUnavailable
from flows.orchestrate.runners import check_server

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

PROG = "portal-corpus"
HEALTH_EVERY_S = 2.0  # how often the server is checked while it answers: well inside a poll
FIRST_RETRY_S = 1.0  # the first wait after a failed contact
MAX_RETRY_S = 60.0  # the longest wait between contacts: a restarted server is found in a minute
STOP_DEADLINE_S = 8.0  # how long the runner gets to stop before the process leaves without it
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class OneLineLostServer(logging.Filter):
    """Say a lost connection to the server in the record's line, without its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the traceback of a connection error by its type; keep the record."""
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and _is_lost_connection(error):
            record.msg = f"{record.getMessage()} ({type(error).__name__})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def _is_lost_connection(error: BaseException) -> bool:
    """Return True for the errors a server that went away raises."""
    import httpx
    from websockets.exceptions import ConnectionClosed

    return isinstance(error, (httpx.TransportError, ConnectionClosed, OSError))


def quiet_lost_server() -> None:
    """Put the one-line filter on every handler of Prefect's loggers and the root logger."""
    import prefect  # noqa: F401  (sets up Prefect's logging first)

    for name in ("", "prefect"):
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, OneLineLostServer) for f in handler.filters):
                handler.addFilter(OneLineLostServer())


class Supervisor:
    """Serve deployments while the server answers; wait and retry while it does not."""

    def __init__(self, deployments: list[RunnerDeployment], api_url: str) -> None:
        """Hold the deployments to serve and the API URL to watch."""
        self.deployments = deployments
        self.api_url = api_url
        self.stopping = threading.Event()

    def run(self) -> None:
        """Serve until a stop signal; return once the runner has stopped or its time is up."""
        quiet_lost_server()
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._on_signal)
        delay = FIRST_RETRY_S
        while not self.stopping.is_set():
            problem = self._contact()
            if problem is None:
                delay = FIRST_RETRY_S
                self._serve_while_healthy()
                continue
            print(f"{PROG}: {problem}; retrying in {delay:.0f} s", file=sys.stderr, flush=True)
            self.stopping.wait(delay)
            delay = min(delay * 2, MAX_RETRY_S)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        """Ask every loop to stop."""
        self.stopping.set()

    def _contact(self) -> str | None:
        """Return why the server cannot be used now, or None when it answers."""
        try:
            check_server(self.api_url)
        except ServerUnavailable as exc:
            return str(exc).split(";")[0]
        return None

    def _serve_while_healthy(self) -> None:
        """Run the runner in a thread until the server stops answering or a stop is asked."""
        lost = threading.Event()
        thread = threading.Thread(target=self._runner_thread, args=(lost,), daemon=True)
        thread.start()
        while not self.stopping.is_set() and thread.is_alive():
            if self.stopping.wait(HEALTH_EVERY_S):
                break
            problem = self._contact()
            if problem is not None:
                print(f"{PROG}: {problem}; stopping the schedules until it is back",
                      file=sys.stderr, flush=True)  # fmt: skip
                break
        lost.set()
        thread.join(STOP_DEADLINE_S)
        if thread.is_alive():  # the runner waits on a server that does not answer: leave it
            sys.stderr.flush()
            sys.stdout.flush()
            os._exit(0 if self.stopping.is_set() else 1)

    def _runner_thread(self, lost: threading.Event) -> None:
        """Run Prefect's runner on an event loop of this thread until `lost` is set."""
        asyncio.run(self._run_runner(lost))

    async def _run_runner(self, lost: threading.Event) -> None:
        """Register the deployments, serve them, and stop the runner once `lost` is set."""
        from prefect.runner import Runner

        runner = Runner(pause_on_shutdown=True)
        for deployment in self.deployments:
            await runner.aadd_deployment(deployment)
        served = asyncio.create_task(runner.start())
        while not lost.is_set() and not served.done():
            await asyncio.sleep(HEALTH_EVERY_S / 4)
        if not served.done():
            runner.pause_on_shutdown = self.stopping.is_set() and self._contact() is None
            if runner.started:
                await runner.astop()
            else:
                served.cancel()
        with suppress(asyncio.CancelledError):
            await asyncio.wait([served])
        if not served.cancelled() and served.exception() is not None:
            print(f"{PROG}: the runner stopped: {served.exception()}", file=sys.stderr, flush=True)
