"""Build records on a Dask cluster: a LocalCluster this command starts, or a scheduler's address.

Only plain, picklable work crosses to the workers: a module-level build function and the
(page, rules) pairs of one contiguous slice of a batch, which is a run of records of one WARC
file (an offset range) when the batch came from raw/ or from an imported file. The workers
return the pages built, without their bytes; deduplication, template lines, writing and state
stay in this process, in raw/ order, so the corpus is the one a local run writes.
No Prefect here: the same pool serves the plain commands and the Prefect flows.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from flows.errors import ConfigError, ServerUnavailable

if TYPE_CHECKING:
    from cleaners.records import Page, SiteRules
    from flows.crawl.buildpool import BuildFn

LOCAL_DASK_WORKERS = 2  # a LocalCluster for one machine of two cores
CONNECT_TIMEOUT_S = 30.0  # a scheduler that does not answer in this time is down
# the scheduler's HTTP server (health, dashboard): any free port, this machine only; None
# still binds :8787 and warns when another cluster holds it
DASHBOARD = "127.0.0.1:0"
PROBE_TIMEOUT_S = 5.0  # the command's check that the scheduler's port accepts connections
SLICES_PER_WORKER = 1  # one slice per worker and batch: the fewest round trips
# a nanny brings a dead worker back within seconds, but closes instead when the worker could
# not even talk to the scheduler: past this wait the cluster has lost its workers for good
WORKER_RETURN_S = 60.0
# Dask's sampling profiler keeps a tree of the stacks it saw, one per second, for the last
# 1,000 s: on the cleaners' deep, varied stacks about 10 dicts a page, and a worker's peak
# grew from 195 to 291 MB over a 12-minute import. Nobody reads a command's own dashboard.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}
# the pages travel inside the tasks by design (workers need no shared filesystem), so a batch's
# 10 MB graph is expected: Dask's warning about graphs over 10 MB is noise on the console here
GRAPH_WARNING = {"distributed.admin.large-graph-warning-threshold": "1GiB"}
INSTALL_HINT = "--task-runner dask needs dask.distributed: pip install 'portal-corpus[dask]'"


def check_scheduler(address: str) -> None:
    """Raise ServerUnavailable unless something accepts connections at a tcp:// address."""
    host, _, port = address.removeprefix("tcp://").rpartition(":")
    if not address.startswith("tcp://") or not port.isdigit():
        return  # tls://, ucx://...: left to Dask's own connection
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=PROBE_TIMEOUT_S).close()
    except OSError as exc:
        raise ServerUnavailable(
            f"no Dask scheduler answers at {address} ({type(exc).__name__}); "
            "start one with `dask scheduler`, or leave out --dask-address for a local cluster"
        ) from None


def build_slice(build: BuildFn, jobs: Sequence[tuple[Page, SiteRules]]) -> list[Page]:
    """Build one slice of a batch where it runs (a Dask worker)."""
    from flows.crawl.buildpool import build_one

    return [build_one(build, page, rules) for page, rules in jobs]


def _slices(count: int, parts: int) -> list[range]:
    """Split range(count) into at most `parts` contiguous, nearly equal slices."""
    parts = max(1, min(parts, count))
    size, extra = divmod(count, parts)
    bounds, start = [], 0
    for i in range(parts):
        stop = start + size + (1 if i < extra else 0)
        bounds.append(range(start, stop))
        start = stop
    return bounds


def _crashed(page: Page) -> Page:
    """Return a page whose slice killed the workers that built it, dropped."""
    from flows.crawl.buildpool import WORKER_CRASHED, build_failed

    return build_failed(page, WORKER_CRASHED, "the Dask workers building this page died")


class DaskPool:
    """The build stage on a Dask cluster, with the interface of the local process pool."""

    def __init__(self, address: str | None = None, *, workers: int | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError(INSTALL_HINT) from None
        from distributed import KilledWorker

        self._killed_worker = KilledWorker
        import dask

        self._cluster: Any = None
        if address is None:
            with dask.config.set(WORKER_CONFIG):  # the nannies hand it to their workers
                self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers or LOCAL_DASK_WORKERS,
                    threads_per_worker=1,  # the cleaners are CPU-bound Python: one page a process
                    processes=True,
                    dashboard_address=DASHBOARD,
                )
            address = self._cluster.scheduler_address
        try:
            self._client: Any = Client(  # type: ignore[no-untyped-call]
                address, timeout=CONNECT_TIMEOUT_S, set_as_default=False
            )
        except (OSError, TimeoutError) as exc:
            self._close_cluster()
            raise ServerUnavailable(
                f"no Dask scheduler answers at {address} ({type(exc).__name__})"
            ) from None

    @property
    def workers(self) -> int:
        """Return the number of workers the scheduler knows now (at least 1)."""
        return max(1, len(self._client.scheduler_info().get("workers", {})))

    def run(self, build: BuildFn, jobs: Sequence[tuple[Page, SiteRules]]) -> list[Page]:
        """Build every job on the cluster; return the pages built, in job order."""
        return self.submit(build, jobs)()

    def submit(
        self, build: BuildFn, jobs: Sequence[tuple[Page, SiteRules]]
    ) -> Callable[[], list[Page]]:
        """Start building the jobs, one slice per worker; return the call that collects them."""
        if not jobs:
            return list
        parts = self.workers * SLICES_PER_WORKER
        slices = [list(jobs[s.start : s.stop]) for s in _slices(len(jobs), parts)]
        import dask

        with dask.config.set(GRAPH_WARNING):
            futures = self._client.map(build_slice, [build] * len(slices), slices, pure=False)

        def collect() -> list[Page]:
            built: list[Page] = []
            for future, part in zip(futures, slices, strict=True):
                try:
                    built.extend(future.result())
                except self._killed_worker:  # the slice killed its workers: find which page
                    built.extend(self._one_by_one(build, part))
            return built

        return collect

    def _one_by_one(self, build: BuildFn, jobs: Sequence[tuple[Page, SiteRules]]) -> list[Page]:
        """Build the jobs of a slice one after the other, each alone on the cluster (a crash
        also fails the tasks queued beside it): a page that kills its workers is
        worker_crashed."""
        built: list[Page] = []
        for job in jobs:
            self._await_workers()
            try:
                built.extend(self._client.submit(build_slice, build, [job], pure=False).result())
            except self._killed_worker:
                built.append(_crashed(job[0]))
        return built

    def _await_workers(self) -> None:
        """Wait for a worker after a crash; raise ServerUnavailable when none comes back."""
        try:
            self._client.wait_for_workers(1, timeout=WORKER_RETURN_S)
        except TimeoutError:
            raise ServerUnavailable(
                f"the Dask cluster has no worker left after a crash ({WORKER_RETURN_S:.0f} s)"
            ) from None

    def close(self) -> None:
        """Disconnect, and stop the LocalCluster this pool started."""
        self._client.close()
        self._close_cluster()

    def _close_cluster(self) -> None:
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
