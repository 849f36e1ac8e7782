"""`--task-runner dask` through the installed console script: a LocalCluster the command starts,
and an external `dask scheduler` + `dask worker` on 127.0.0.1; both write the thread runner's
corpus. The bulk paths (import-warc, reclean) shard on the cluster and write the local corpus.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from crawlportal import PortalServer, config_toml, serve_portal
from liveprefect import BIN, clean_env, free_port, start, stop

pytest.importorskip("distributed", reason="dask.distributed is not installed")
pytestmark = pytest.mark.slow

ARTICLES = 8
RUN_DEPENDENT = ("fetched_at", "pipeline")  # when and by which build a record was made
# where a crawl archived a page: its own WARC file, whose gzip members differ in size by run
CRAWL_DEPENDENT = ("raw",)
CLI_TIMEOUT_S = 180.0  # a LocalCluster's start on a loaded two-core machine included
WORKER_WAIT_S = 60.0  # the external worker registers with its scheduler within this time


def corpus(data_dir: Path, *, ignore: tuple[str, ...] = CRAWL_DEPENDENT) -> list[dict[str, Any]]:
    """Return the records of clean/ in file order, without the run-dependent fields.

    Where a record sits in raw/ keeps its offset: the file name carries the run's time.
    """
    out = []
    for path in sorted((data_dir / "clean").rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            record = {k: v for k, v in record.items() if k not in (*RUN_DEPENDENT, *ignore)}
            if isinstance(record.get("raw"), dict):
                record["raw"] = {k: v for k, v in record["raw"].items() if k != "file"}
            out.append(record)
    return out


def cli(home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed portal-corpus script without a Prefect API; fail on a bad exit."""
    done = subprocess.run(
        [str(BIN / "portal-corpus"), *map(str, args)], env=clean_env(home),
        capture_output=True, text=True, timeout=CLI_TIMEOUT_S, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Serve a portal for the module's tests; yield its sources file."""
    folder = tmp_path_factory.mktemp("portal")
    with serve_portal(PortalServer(articles=ARTICLES)) as portal:
        path = folder / "sources.toml"
        path.write_text(config_toml(portal), encoding="utf-8")
        yield path


@pytest.fixture(scope="module")
def threads_corpus(sources: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Crawl the portal once with the default runner; return the data dir."""
    data_dir = tmp_path_factory.mktemp("threads")
    cli(data_dir / "home", "crawl", "--config", sources, "--data-dir", data_dir)
    assert len(corpus(data_dir)) == ARTICLES
    return data_dir


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Run a `dask scheduler` and one `dask worker` on 127.0.0.1; yield the address."""
    folder = tmp_path_factory.mktemp("dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = clean_env(folder / "home")
    boss = start(["dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
                  "--dashboard-address", ":0"], env, folder / "scheduler.log")  # fmt: skip
    worker = start(["dask", "worker", address, "--host", "127.0.0.1", "--nworkers", "1",
                    "--nthreads", "1", "--dashboard-address", ":0"], env,
                   folder / "worker.log")  # fmt: skip
    try:
        _wait_for_worker(address, folder)
        yield address
    finally:
        stop(worker)
        stop(boss)


def _wait_for_worker(address: str, folder: Path) -> None:
    from distributed import Client

    deadline = time.monotonic() + WORKER_WAIT_S
    with Client(address, timeout=WORKER_WAIT_S) as client:  # type: ignore[no-untyped-call]
        while not client.scheduler_info()["workers"]:
            if time.monotonic() > deadline:
                log = (folder / "worker.log").read_text(errors="replace")
                raise AssertionError(f"no dask worker registered:\n{log}")
            time.sleep(0.2)


def test_local_cluster_writes_the_thread_runner_corpus(
    sources: Path, threads_corpus: Path, tmp_path: Path
) -> None:
    cli(tmp_path / "home", "crawl", "--config", sources, "--data-dir", tmp_path,
        "--task-runner", "dask", "--workers", "2")  # fmt: skip
    assert corpus(tmp_path) == corpus(threads_corpus)


def test_external_scheduler_writes_the_thread_runner_corpus(
    sources: Path, threads_corpus: Path, scheduler: str, tmp_path: Path
) -> None:
    cli(tmp_path / "home", "crawl", "--config", sources, "--data-dir", tmp_path,
        "--task-runner", "dask", "--dask-address", scheduler)  # fmt: skip
    assert corpus(tmp_path) == corpus(threads_corpus)


def test_an_unreachable_scheduler_is_one_line(sources: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(BIN / "portal-corpus"), "crawl", "--config", str(sources), "--data-dir",
         str(tmp_path), "--task-runner", "dask", "--dask-address", f"tcp://127.0.0.1:{free_port()}"],
        env=clean_env(tmp_path / "home"),
        capture_output=True, text=True, timeout=CLI_TIMEOUT_S, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert "no Dask scheduler answers at tcp://127.0.0.1:" in done.stderr


def raw_warcs(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "raw").glob("*.warc.gz"))


@pytest.fixture(scope="module")
def local_import(threads_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Import the crawl's WARC files into a fresh data dir on the local pool."""
    data_dir = tmp_path_factory.mktemp("import-local")
    cli(data_dir / "home", "import-warc", *raw_warcs(threads_corpus), "--data-dir", data_dir)
    return data_dir


def test_import_warc_on_a_local_cluster_writes_the_local_corpus(
    threads_corpus: Path, local_import: Path, tmp_path: Path
) -> None:
    cli(tmp_path / "home", "import-warc", *raw_warcs(threads_corpus), "--data-dir", tmp_path,
        "--task-runner", "dask", "--workers", "2")  # fmt: skip
    assert corpus(tmp_path, ignore=()) == corpus(local_import, ignore=())
    assert len(corpus(tmp_path)) == ARTICLES


def test_reclean_on_an_external_scheduler_writes_the_local_corpus(
    threads_corpus: Path, scheduler: str, tmp_path: Path
) -> None:
    local, spread = tmp_path / "local", tmp_path / "dask"
    for copy in (local, spread):
        shutil.copytree(threads_corpus, copy)
    cli(tmp_path / "home", "reclean", "--data-dir", local)
    cli(tmp_path / "home", "reclean", "--data-dir", spread, "--task-runner", "dask",
        "--dask-address", scheduler)  # fmt: skip
    assert corpus(spread, ignore=()) == corpus(local, ignore=())
    assert corpus(local) == corpus(threads_corpus)
