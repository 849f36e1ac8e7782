"""The Dask build pool: outcomes in job order, and a page that kills its workers is a crash."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from cleaners.records import Dropped, Page, SiteRules, WarcPointer

distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed")
pytestmark = pytest.mark.slow

DOOMED = "/doomed.html"


def page(n: int, path: str = "") -> Page:
    url = f"https://news.example.cn/a/{n}{path or '.html'}"
    return Page(
        url=url, site="example", status=200, headers=(), body=b"",
        fetched_at="2026-11-20T08:00:00Z",
        warc=WarcPointer("raw/run-00001.warc.gz", 1000 * n, f"<urn:uuid:{n}>"),
    )  # fmt: skip


def refuse_or_die(page: Page, rules: SiteRules) -> Dropped:
    """Drop every page, numbering the drop by its URL; kill the worker on the doomed one."""
    if page.url.endswith(DOOMED):
        os._exit(3)
    return Dropped("extract", "no_article", page.url, rules.site)


def test_a_page_that_kills_its_workers_is_worker_crashed_and_the_rest_are_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import cloudpickle
    import dask

    from flows.orchestrate.cluster import DaskPool

    # the spawned workers start from this process's sys.path: without the checkout on it they
    # cannot unpickle a test's page (under the `pytest` script), and die as if the page killed them
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[3]))
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    jobs = [(page(n, DOOMED if n == 2 else ""), SiteRules(site="example")) for n in range(4)]
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),  # no retry: one crash
        DaskPool(workers=1) as pool,
    ):
        out = pool.run(refuse_or_die, jobs)
    reasons = [o.outcome.reason for o in out]  # type: ignore[union-attr]
    assert reasons == ["no_article", "no_article", "worker_crashed", "no_article"]
    assert [o.url for o in out] == [p.url for p, _ in jobs]
    assert out[2].warc == jobs[2][0].warc and out[2].body == b""


def refuse(page: Page, rules: SiteRules) -> Dropped:
    """Drop every page, saying how many bytes it had."""
    return Dropped("extract", "no_article", page.url, str(len(page.body)))


def test_a_local_cluster_runs_without_the_profiler_and_big_batches_say_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import warnings

    import cloudpickle
    import dask

    from flows.orchestrate.cluster import DaskPool

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[3]))  # as above
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    body = bytes(12 << 20)  # one page over Dask's 10 MB graph warning, as a batch of real pages
    jobs = [(replace(page(1), body=body), SiteRules(site="example"))]
    with DaskPool(workers=1) as pool, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = pool.run(refuse, jobs)
        profiling = pool._client.run(lambda: dask.config.get("distributed.worker.profile.enabled"))
    assert out[0].outcome.detail == str(len(body))  # type: ignore[union-attr]
    assert out[0].body == b""  # the page comes back built, without its bytes
    assert list(profiling.values()) == [False]
    assert [str(w.message) for w in caught if "graph" in str(w.message)] == []
