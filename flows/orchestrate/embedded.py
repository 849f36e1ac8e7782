"""Boot Prefect's embedded API server before Prefect is even imported, so it starts with the work.

Prefect starts its temporary server only when a flow first needs the API, after the client has
imported Prefect and the server package (seconds of CPU on the critical path). Here the server
process is launched first thing, with the same command and settings Prefect uses, and
PREFECT_API_URL points the client at it; the command loads its modules meanwhile.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import httpx

from flows.errors import ServerUnavailable

STARTUP_TIMEOUT_S = 90.0  # a loaded two-core machine can take this long to boot the server
POLL_S = 0.05  # how often the health check is retried while the server boots
STOP_GRACE_S = 0.5  # wait this long at exit; the server finishes its shutdown on its own
SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",  # what Prefect's own temporary server sets
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
    # its shutdown logs cancelled writes as errors: noise on a command's console
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
}
TRUE = {"1", "true", "yes", "on"}


class EmbeddedServer:
    """A Prefect API server process this command started, stopped when the command ends."""

    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        self.process = process
        self.api_url = f"http://127.0.0.1:{port}/api"

    def wait(self, timeout_s: float = STARTUP_TIMEOUT_S) -> None:
        """Block until the server answers its health check."""
        deadline = time.monotonic() + timeout_s
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise ServerUnavailable(
                        f"the embedded Prefect server exited with code {self.process.returncode}"
                    )
                try:
                    if client.get(f"{self.api_url}/health").status_code == httpx.codes.OK:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(POLL_S)
        raise ServerUnavailable(f"the embedded Prefect server did not start in {timeout_s:.0f} s")

    def stop(self) -> None:
        """Ask the server to stop; give it a moment, then let it finish on its own."""
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=STOP_GRACE_S)


def spawn_server() -> EmbeddedServer | None:
    """Launch the embedded server now, unless an API is configured or Prefect is loaded."""
    if "prefect" in sys.modules or configured_api_url() or not _ephemeral_allowed():
        return None
    spec = importlib.util.find_spec("prefect")
    if spec is None or spec.origin is None:
        return None
    port = _free_port()
    command = [
        sys.executable, "-m", "uvicorn", "--app-dir", str(Path(spec.origin).parent.parent),
        "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1",
        "--port", str(port), "--log-level", "error", "--lifespan", "on",
    ]  # fmt: skip
    process = subprocess.Popen(command, env={**os.environ, **SERVER_ENV})
    server = EmbeddedServer(process, port)
    os.environ["PREFECT_API_URL"] = server.api_url  # read when Prefect is imported
    atexit.register(server.stop)
    return server


def configured_api_url() -> str | None:
    """Return the PREFECT_API_URL of the environment or the active Prefect profile."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")
    profiles_path = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml")
    try:
        profiles = tomllib.loads(profiles_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active", "ephemeral")
    url = profiles.get("profiles", {}).get(active, {}).get("PREFECT_API_URL")
    return str(url) if url else None


def _ephemeral_allowed() -> bool:
    """Tell whether the settings allow an embedded server (Prefect's default)."""
    value = os.environ.get("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "true")
    return value.strip().lower() in TRUE


def _free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
