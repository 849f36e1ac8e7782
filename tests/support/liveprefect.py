"""Real processes for end-to-end tests: a `prefect server start` and the installed console scripts.

Everything listens on 127.0.0.1, each process starts its own session (so the test can stop it
and whatever it spawned), and Prefect keeps its database in a home folder of the test's own.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent  # the venv's console scripts: portal-corpus, prefect, dask
SERVER_BOOT_S = 120.0  # a loaded two-core machine can take this long to start the server
STOP_GRACE_S = 10.0  # how long a stopped process group gets before it is killed


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """Return the environment without the session's Prefect settings, with a home of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL="WARNING",
        **extra,
    )
    return env


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start a console script of the venv in its own session, its output into a log file."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(BIN / args[0]), *args[1:]], env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process started by start() and everything in its session."""
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # children left behind by a clean exit


@contextmanager
def prefect_server(home: Path, log: Path) -> Iterator[str]:
    """Run `prefect server start` on a free port; yield its API URL once it answers."""
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = clean_env(home, PREFECT_UI_ENABLED="false")
    server = start(["prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                   env, log)  # fmt: skip
    try:
        wait_until_healthy(api, server, log)
        yield api
    finally:
        stop(server)


def wait_until_healthy(api: str, server: subprocess.Popen[bytes], log: Path) -> None:
    """Block until the server's health check answers 200."""
    deadline = time.monotonic() + SERVER_BOOT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"prefect server exited:\n{log.read_text(errors='replace')}")
        with suppress(httpx.HTTPError):
            if httpx.get(f"{api}/health", timeout=2.0).status_code == httpx.codes.OK:
                return
        time.sleep(0.5)
    raise AssertionError(f"prefect server did not answer in {SERVER_BOOT_S:.0f} s")
