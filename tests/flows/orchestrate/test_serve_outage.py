"""`portal-corpus serve` as users run it when its Prefect server goes away, and on a signal.

A real `prefect server start` is killed under a running `serve`: each failed contact is one short
line on stderr (no traceback), and SIGTERM or SIGINT then ends `serve` within ten seconds.
A `serve` started before its server waits for it the same way, and serves once it answers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from crawlportal import PortalServer, config_toml, serve_portal
from liveprefect import clean_env, free_port, start, stop, wait_until_healthy

from flows.orchestrate.serve_supervisor import MAX_RETRY_S

pytestmark = pytest.mark.slow

STOP_WITHIN_S = 10.0  # what the issue promises for SIGTERM and SIGINT
FAILED_CONTACTS = 2  # lines to see before the signal: the retry loop is running
OUTAGE_WITHIN_S = 30.0  # how long `serve` gets to report the lost server twice
SERVED_WITHIN_S = 60.0  # how long `serve` gets to register its deployment
LONG_LINE = 300  # a failed contact is said in one short line, never a dump


def wait_for(predicate: object, within: float, what: str, log: Path) -> None:
    """Poll until predicate() is true; fail with the log after `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.5)
    raise AssertionError(f"{what} within {within:.0f} s:\n{log.read_text(errors='replace')}")


def stop_time(serve: subprocess.Popen[bytes], signum: int, log: Path) -> float:
    """Send serve a signal; return how long it took to exit (fail when it outlasts the bound)."""
    os.kill(serve.pid, signum)
    began = time.monotonic()
    try:
        serve.wait(timeout=STOP_WITHIN_S)
    except subprocess.TimeoutExpired:
        raise AssertionError(log.read_text(errors="replace")) from None
    return time.monotonic() - began


def deployments(api: str) -> int:
    """Return how many deployments the server holds."""
    response = httpx.post(f"{api}/deployments/filter", json={}, timeout=10.0)
    response.raise_for_status()
    return len(response.json())


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_reports_a_lost_server_in_lines_and_stops_on_a_signal(
    tmp_path: Path, signum: signal.Signals
) -> None:
    home = tmp_path / "home"
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    server_log = tmp_path / "server.log"
    server = start(["prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                   clean_env(home, PREFECT_UI_ENABLED="false"), server_log)  # fmt: skip
    serve_log = tmp_path / "serve.log"
    with serve_portal(PortalServer(articles=1)) as portal:
        sources = tmp_path / "sources.toml"
        sources.write_text(config_toml(portal) + 'schedule = "0 3 * * *"\n', "utf-8")
        try:
            wait_until_healthy(api, server, server_log)
            serve = start(["portal-corpus", "serve", "--config", str(sources),
                           "--data-dir", str(tmp_path / "corpus")],
                          clean_env(home, PREFECT_API_URL=api), serve_log)  # fmt: skip
            try:
                wait_for(lambda: deployments(api) or serve.poll() is not None, SERVED_WITHIN_S,
                         "serve did not register its deployment", serve_log)  # fmt: skip
                assert serve.poll() is None, serve_log.read_text(errors="replace")
                stop(server)
                wait_for(lambda: serve_log.read_text(errors="replace").count("retrying in")
                         >= FAILED_CONTACTS, OUTAGE_WITHIN_S,
                         "serve did not report the lost server", serve_log)  # fmt: skip
                assert serve.poll() is None, serve_log.read_text(errors="replace")
                took = stop_time(serve, signum, serve_log)
            finally:
                stop(serve)
        finally:
            stop(server)
    output = serve_log.read_text(errors="replace")
    assert took < STOP_WITHIN_S, output
    assert "Traceback" not in output, output
    assert all(len(line) < LONG_LINE for line in output.splitlines()), output
    retries = [line for line in output.splitlines() if "retrying in" in line]
    assert retries[0].startswith("portal-corpus: no Prefect server answers at " + api), output


def test_serve_started_before_its_server_waits_for_it_then_serves(tmp_path: Path) -> None:
    home = tmp_path / "home"
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    serve_log, server_log = tmp_path / "serve.log", tmp_path / "server.log"
    with serve_portal(PortalServer(articles=1)) as portal:
        sources = tmp_path / "sources.toml"
        sources.write_text(config_toml(portal) + 'schedule = "0 3 * * *"\n', "utf-8")
        serve = start(["portal-corpus", "serve", "--config", str(sources),
                       "--data-dir", str(tmp_path / "corpus")],
                      clean_env(home, PREFECT_API_URL=api), serve_log)  # fmt: skip
        try:
            wait_for(lambda: serve_log.read_text(errors="replace").count("retrying in")
                     >= FAILED_CONTACTS or serve.poll() is not None, OUTAGE_WITHIN_S,
                     "serve did not report the missing server", serve_log)  # fmt: skip
            assert serve.poll() is None, serve_log.read_text(errors="replace")
            server = start(["prefect", "server", "start", "--host", "127.0.0.1", "--port",
                            str(port)], clean_env(home, PREFECT_UI_ENABLED="false"),
                           server_log)  # fmt: skip
            try:
                wait_until_healthy(api, server, server_log)
                wait_for(lambda: deployments(api) or serve.poll() is not None,
                         SERVED_WITHIN_S + MAX_RETRY_S, "serve did not register its deployment",
                         serve_log)  # fmt: skip
                assert serve.poll() is None, serve_log.read_text(errors="replace")
                took = stop_time(serve, signal.SIGTERM, serve_log)
            finally:
                stop(server)
        finally:
            stop(serve)
    output = serve_log.read_text(errors="replace")
    assert took < STOP_WITHIN_S, output
    assert "Traceback" not in output, output
    retries = [line for line in output.splitlines() if "retrying in" in line]
    assert retries[0] == f"portal-corpus: no Prefect server answers at {api} (ConnectError); " \
        "retrying in 1 s", output  # fmt: skip
    assert retries[1].endswith("retrying in 2 s"), output  # the wait doubles
