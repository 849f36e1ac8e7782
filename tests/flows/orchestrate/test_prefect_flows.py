"""The Prefect flows under a test server: the same corpus as the plain functions, plus artifacts."""

from __future__ import annotations

import asyncio
import json
import tomllib
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from crawlportal import PortalServer, config_toml, serve_portal
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows.config import Config, parse_config
from flows.counters import Counters
from flows.crawl.imports import import_warc
from flows.orchestrate.crawldriver import run_crawl
from flows.orchestrate.report import RunFailed

pytestmark = pytest.mark.usefixtures("prefect_server")

RUN_DEPENDENT = ("fetched_at", "raw")  # where and when a run stored a page: differs per run
PARAGRAPHS = (
    "青石镇今年新修的两座小桥已经通车,附近三个村的村民赶集不用再绕远路了。",
    "镇政府介绍,工程从去年秋天开工,施工期间专门留出了临时便道方便群众出行。",
    "村民们说,过去雨季河水一涨就过不去,现在孩子上学也方便多了。",
)


def page(n: int) -> bytes:
    """Return a small GBK article page, number n."""
    body = "".join(f"<p>第{n}期:{p}</p>" for p in PARAGRAPHS)
    html = (
        f'<html><head><meta charset="gbk"><title>青石镇新桥通车{n}_要闻_青石网</title></head>'
        f'<body><div class="nav"><a href="/">首页</a></div><h1>青石镇新桥通车{n}</h1>'
        f'<div class="info">2021-06-{n % 28 + 1:02d} 09:30 来源:青石网</div>'
        f'<div class="content">{body}</div><div class="footer">版权所有 青石网</div></body></html>'
    )
    return html.encode("gbk")


def write_warc(path: Path, pages: int) -> Path:
    """Write a WARC of `pages` article responses and one 404."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(pages):
            status = "404 Not Found" if n == pages - 1 else "200 OK"
            headers = StatusAndHeaders(
                status, [("Content-Type", "text/html; charset=gbk")], protocol="HTTP/1.1"
            )
            url = f"http://qingshi.example.org/news/2021/{1000 + n}.html"
            body = page(n)
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(record)
    return path


def corpus(data_dir: Path) -> list[dict[str, Any]]:
    """Return the records of a data dir's clean/ without the run-dependent fields, sorted."""
    records = []
    for path in sorted((data_dir / "clean").rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            records.append({k: v for k, v in record.items() if k not in RUN_DEPENDENT})
    return sorted(records, key=lambda r: r["id"])


def artifacts_of(state: Any) -> dict[str, dict[str, Any]]:
    """Return the artifacts a flow run created, by key."""
    from prefect.client.orchestration import get_client

    run_id = str(state.state_details.flow_run_id)
    query = {"artifacts": {"flow_run_id": {"any_": [run_id]}}, "limit": 20, "offset": 0}
    with get_client(sync_client=True) as client:
        found = client.request("POST", "/artifacts/filter", json=query).json()
    return {a["key"]: a for a in found}


def task_names(state: Any) -> set[str]:
    """Return the names of the tasks a flow run ran (without their run numbers)."""
    from prefect.client.orchestration import get_client

    run_id = str(state.state_details.flow_run_id)
    query = {"flow_runs": {"id": {"any_": [run_id]}}, "limit": 200, "offset": 0}
    with get_client(sync_client=True) as client:
        found = client.request("POST", "/task_runs/filter", json=query).json()
    return {run["name"].rsplit("-", 1)[0] for run in found}


@pytest.fixture
def portal() -> Iterator[PortalServer]:
    with serve_portal(PortalServer(articles=9)) as served:
        yield served


def portal_config(portal: PortalServer) -> Config:
    return parse_config(tomllib.loads(config_toml(portal)))


def test_import_warc_flow_matches_the_plain_import(tmp_path: Path) -> None:
    from flows.orchestrate.prefect_flows import import_warc_flow

    warc = write_warc(tmp_path / "in.warc.gz", 6)
    import_warc([warc], tmp_path / "plain", workers=1)
    state = import_warc_flow([warc], tmp_path / "flow", workers=1, return_state=True)
    assert state.is_completed()
    summary = state.result()
    assert summary.count("written") == 5
    assert task_names(state) == {"import-file"}
    assert corpus(tmp_path / "flow") == corpus(tmp_path / "plain")
    assert len(corpus(tmp_path / "flow")) == 5


def test_import_warc_flow_leaves_count_and_reject_artifacts(tmp_path: Path) -> None:
    from flows.orchestrate.prefect_flows import import_warc_flow

    warc = write_warc(tmp_path / "in.warc.gz", 3)
    state = import_warc_flow([warc], tmp_path / "d", workers=1, return_state=True)
    found = artifacts_of(state)
    assert set(found) == {"import-warc-counts", "import-warc-rejects"}
    counts = found["import-warc-counts"]
    assert counts["type"] == "table"
    rows = json.loads(counts["data"]) if isinstance(counts["data"], str) else counts["data"]
    assert {"count": "written", "value": 2} in rows
    assert found["import-warc-rejects"]["type"] == "markdown"


def test_a_damaged_warc_keeps_its_good_pages_and_reports_one_problem(tmp_path: Path) -> None:
    from flows.orchestrate.prefect_flows import import_warc_flow

    warc = write_warc(tmp_path / "in.warc.gz", 4)
    data = warc.read_bytes()
    warc.write_bytes(data[: len(data) - 40])
    state = import_warc_flow([warc], tmp_path / "d", workers=1, return_state=True)
    assert state.is_failed()  # the flow run shows the problem; the command still has its table
    failed = state.result(raise_on_failure=False)
    assert isinstance(failed, RunFailed)
    summary = failed.summary
    assert summary.exit_code == 1
    assert len(summary.problems) == 1
    assert "damaged" in summary.problems[0]
    assert len(corpus(tmp_path / "d")) >= 2


def test_crawl_flow_matches_the_plain_crawl(portal: PortalServer, tmp_path: Path) -> None:
    from flows.orchestrate.prefect_flows import crawl_flow

    config = portal_config(portal)
    plain = asyncio.run(run_crawl(config, tmp_path / "plain", batch_size=4))
    counters = Counters()
    state = crawl_flow(
        config, tmp_path / "flow", counters=counters, workers=1, batch_size=4, return_state=True
    )
    assert state.is_completed()
    assert counters.get("written") == plain.get("written") == 9
    assert corpus(tmp_path / "flow") == corpus(tmp_path / "plain")
    assert set(artifacts_of(state)) == {"crawl-counts", "crawl-rejects"}
    assert task_names(state) == {"discover", "fetch-batch", "commit-batch"}


def test_backfill_flow_takes_a_url_list(portal: PortalServer, tmp_path: Path) -> None:
    from flows.orchestrate.prefect_flows import backfill_flow

    urls = tmp_path / "urls.txt"
    wanted = portal.article_urls()[:3]
    urls.write_text("# three articles\n" + "\n".join(wanted) + "\n", encoding="utf-8")
    summary = backfill_flow(portal_config(portal), tmp_path / "d", urls=urls, workers=1)
    assert summary.count("written") == 3
    assert sorted(r["url"] for r in corpus(tmp_path / "d")) == sorted(wanted)


def test_a_run_with_a_crashed_worker_is_a_failed_flow_run() -> None:
    from prefect import flow

    from flows.orchestrate.prefect_flows import finish

    @flow(name="crashed-worker")
    def crashed() -> object:
        counters = Counters()
        counters.add("extracted", 2)
        counters.drop("extract", "worker_crashed")
        return finish("crawl", counters)

    state = crashed(return_state=True)
    assert state.is_failed()
    failed = state.result(raise_on_failure=False)
    assert isinstance(failed, RunFailed)
    assert failed.summary.exit_code == 1
    assert "worker_crashed" in failed.summary.problems[0]
