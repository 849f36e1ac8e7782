"""Commands as users run them against a real `prefect server start` on 127.0.0.1.

A scheduled crawl: `portal-corpus serve` with an every-minute cron; the deployment's run fires
in a process of its own, which must import the installed package (the runner once loaded the
flows file by its path, and `flows` then named that file). And a one-off command: with
PREFECT_API_URL set it is a flow run with its artifacts, and prints the table it prints
without a server.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from crawlportal import PortalServer, config_toml, serve_portal
from liveprefect import BIN, clean_env, prefect_server, start, stop

pytestmark = pytest.mark.slow

ARTICLES = 4
EVERY_MINUTE = "* * * * *"
RECORDS_WITHIN_S = 150.0  # the next minute's run, its process start-up and the crawl itself
POLL_S = 1.0
CLI_TIMEOUT_S = 180.0
ENTRYPOINT = "flows.orchestrate.prefect_flows.scheduled_crawl"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Run one Prefect server for the module; yield its API URL and home folder."""
    folder = tmp_path_factory.mktemp("prefect")
    home = folder / "home"
    with prefect_server(home, folder / "server.log") as api:
        yield api, home


def records(data_dir: Path) -> list[dict[str, object]]:
    """Return the records of clean/ (none while the folder is missing)."""
    return [
        json.loads(line)
        for path in sorted((data_dir / "clean").rglob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def api_list(api: str, what: str) -> list[dict[str, object]]:
    """Return every object of a kind (flow_runs, deployments, artifacts) the server holds."""
    response = httpx.post(f"{api}/{what}/filter", json={}, timeout=10.0)
    response.raise_for_status()
    found: list[dict[str, object]] = response.json()
    return found


def test_a_scheduled_run_writes_the_articles(server: tuple[str, Path], tmp_path: Path) -> None:
    api, home = server
    data_dir = tmp_path / "corpus"
    with serve_portal(PortalServer(articles=ARTICLES)) as portal:
        sources = tmp_path / "sources.toml"
        sources.write_text(config_toml(portal) + f'schedule = "{EVERY_MINUTE}"\n', "utf-8")
        log = tmp_path / "serve.log"
        serve = start(
            ["portal-corpus", "serve", "--config", str(sources), "--data-dir", str(data_dir)],
            clean_env(home, PREFECT_API_URL=api),
            log,
        )
        try:
            deadline = time.monotonic() + RECORDS_WITHIN_S
            while len(records(data_dir)) < ARTICLES and time.monotonic() < deadline:
                assert serve.poll() is None, log.read_text(errors="replace")
                time.sleep(POLL_S)
            written = records(data_dir)
            runs = api_list(api, "flow_runs")
            entrypoints = {d["entrypoint"] for d in api_list(api, "deployments")}
        finally:
            stop(serve)
    output = log.read_text(errors="replace")
    states = [r["state_name"] for r in runs if r.get("deployment_id")]
    assert len(written) == ARTICLES, output
    assert {r["url"] for r in written} == set(portal.article_urls())
    assert states and not {"Failed", "Crashed"} & set(states), (states, output)
    assert "ModuleNotFoundError" not in output
    assert entrypoints == {ENTRYPOINT}
    rejects = "".join(p.read_text("utf-8") for p in (data_dir / "rejects").rglob("*.jsonl"))
    assert "worker_crashed" not in rejects


def table_count(table: str, name: str) -> int:
    """Return the value of a row of a printed run table."""
    match = re.search(rf"│ {name} +│ +([\d,]+) │", table)
    assert match, table
    return int(match[1].replace(",", ""))


def cli(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(BIN / "portal-corpus"), *map(str, args)], env=env, capture_output=True,
        text=True, timeout=CLI_TIMEOUT_S, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_with_a_server_a_command_is_a_flow_run_with_the_same_table(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    api, home = server
    with serve_portal(PortalServer(articles=ARTICLES)) as portal:
        sources = tmp_path / "sources.toml"
        sources.write_text(config_toml(portal), "utf-8")
        crawl = ["crawl", "--config", sources, "--data-dir"]
        plain = cli(clean_env(tmp_path / "home"), *crawl, tmp_path / "plain")
        flow = cli(clean_env(home, PREFECT_API_URL=api), *crawl, tmp_path / "flow")
    assert flow.stdout == plain.stdout
    assert table_count(plain.stdout, "written") == ARTICLES
    runs = [  # the command's own run: neither a deployment's nor a subflow of one
        r
        for r in api_list(api, "flow_runs")
        if not r.get("deployment_id") and not r.get("parent_task_run_id")
    ]
    assert [r["state_name"] for r in runs] == ["Completed"]
    keys = {a["key"] for a in api_list(api, "artifacts") if a["flow_run_id"] == runs[0]["id"]}
    assert keys == {"crawl-counts", "crawl-rejects"}
    assert [r["url"] for r in records(tmp_path / "flow")] == [
        r["url"] for r in records(tmp_path / "plain")
    ]
