"""Scale-out: a crawl that extracts on a 2-worker Dask LocalCluster writes the same corpus."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from crawlportal import PortalServer, config_toml, serve_portal

from flows.config import parse_config

pytest.importorskip("prefect_dask", reason="prefect-dask is not installed")
pytestmark = pytest.mark.usefixtures("prefect_server")

RUN_DEPENDENT = ("fetched_at", "raw")  # where and when a run stored a page: differs per run


def corpus(data_dir: Path) -> list[dict[str, Any]]:
    """Return the records of clean/ without the run-dependent fields, in file order."""
    return [
        {k: v for k, v in json.loads(line).items() if k not in RUN_DEPENDENT}
        for path in sorted((data_dir / "clean").rglob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def test_dask_local_cluster_writes_the_same_corpus(tmp_path: Path) -> None:
    from flows.orchestrate.prefect_flows import crawl_flow
    from flows.orchestrate.runners import make_task_runner

    with serve_portal(PortalServer(articles=8)) as portal:
        config = parse_config(tomllib.loads(config_toml(portal)))
        threads = crawl_flow.with_options(task_runner=make_task_runner("threads"))
        default = threads(config, tmp_path / "threads", workers=1, batch_size=3)
        dask = crawl_flow.with_options(task_runner=make_task_runner("dask", workers=2))
        spread = dask(config, tmp_path / "dask", batch_size=3)
    assert default.count("written") == spread.count("written") == 8
    assert corpus(tmp_path / "dask") == corpus(tmp_path / "threads")
