"""Choose the Prefect task runner and bring up the Prefect API a flow run needs."""

from __future__ import annotations

import logging
import os
from typing import Any

import httpx

from flows.errors import PortalCorpusError, ServerUnavailable
from flows.orchestrate.embedded import EmbeddedServer, spawn_server

THREADS = 4  # batch tasks in flight: fetching is async inside a task, extraction has its own pool
HEALTH_TIMEOUT_S = 5.0  # a configured server that takes longer than this to answer is down
EMBEDDED_SERVER_QUIET = {
    # the embedded server logs its own shutdown (cancelled writes) as errors: noise for a CLI
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
}


def make_task_runner() -> Any:
    """Return the bounded thread-pool runner of a flow's batch tasks (the records are built by
    the run's pool: local processes or a Dask cluster, see flows/orchestrate/cluster.py)."""
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=THREADS)


class KnownErrorFilter(logging.Filter):
    """Keep Prefect's console free of the tracebacks of errors the CLI reports in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Return False for a record about a PortalCorpusError."""
        if record.exc_info and isinstance(record.exc_info[1], PortalCorpusError):
            return False
        message = record.getMessage()
        return not any(f"{name}(" in message or f"{name}:" in message for name in _error_names())


def _error_names() -> set[str]:
    """Return the class names of every PortalCorpusError."""
    names, todo = set(), [PortalCorpusError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def quiet_known_errors() -> None:
    """Filter known errors out of the console handlers Prefect set up."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, KnownErrorFilter) for f in handler.filters):
            handler.addFilter(KnownErrorFilter())


def start_server(spawned: EmbeddedServer | None = None) -> None:
    """Make sure a Prefect API answers: one this process spawned, the configured server, or
    the embedded one started now."""
    spawned = spawned or spawn_server()
    if spawned is not None:
        import prefect  # noqa: F401  (sets up Prefect's logging while the server boots)

        quiet_known_errors()
        spawned.wait()
        return
    from prefect.settings import get_current_settings

    quiet_known_errors()

    settings = get_current_settings()
    url = settings.api.url
    if url:
        check_server(str(url))
        return
    if not settings.server.ephemeral.enabled:
        raise ServerUnavailable(
            "no Prefect API configured: set PREFECT_API_URL or allow the embedded server"
        )
    from prefect.server.api.server import SubprocessASGIServer

    saved = {name: os.environ.get(name) for name in EMBEDDED_SERVER_QUIET}
    os.environ.update(EMBEDDED_SERVER_QUIET)  # read by the server process as it starts
    try:
        SubprocessASGIServer().start()  # the same instance Prefect's client uses afterwards
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def check_server(api_url: str) -> None:
    """Raise ServerUnavailable unless the Prefect API at api_url answers its health check."""
    health = api_url.rstrip("/") + "/health"
    try:
        response = httpx.get(health, timeout=HEALTH_TIMEOUT_S)
    except httpx.HTTPError as exc:
        raise ServerUnavailable(
            f"no Prefect server answers at {api_url} ({type(exc).__name__}); "
            "start one with `prefect server start`, or unset PREFECT_API_URL"
        ) from None
    if response.status_code != httpx.codes.OK:
        raise ServerUnavailable(
            f"the Prefect server at {api_url} is not healthy (HTTP {response.status_code})"
        )
