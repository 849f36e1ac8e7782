"""Build records from pages: the function a worker runs, and the local pool of workers.

Building (decode, extract, clean, fingerprint) runs in worker processes when there is more
than one, each page under a deadline; a page that hangs or kills its worker comes back dropped
and the pool is replaced. A cluster (flows/orchestrate/cluster.py) is another PagePool.

A page goes to its worker whole and comes back built without its bytes (Page.without_bytes):
the commit reads only its outcome, fingerprint and pointer, and sending the body back too
would double what crosses the pipe.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    CancelledError,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import Protocol, runtime_checkable

from cleaners.corpus.fingerprint import fingerprint
from cleaners.extract.markup_depth import MAX_MARKUP_DEPTH, bytes_depth
from cleaners.records import Dropped, Page, Record, SiteRules
from flows.crawl.parentwatch import watch_command

BuildFn = Callable[[Page, SiteRules], "Record | Dropped"]

PAGE_TIMEOUT_S = 60.0  # one page's extraction; a page that takes longer is pathological
MP_CONTEXT = "forkserver"  # workers fork from a clean server, never from a threaded flow run
# loaded once, in the fork server: a worker forks with them and builds its first page at once
PRELOAD = ("flows.crawl.buildpool", "cleaners.assemble.from_html")
# the fork server starts as `python -c`, which puts the working directory first on its path:
# a user's own `cleaners/` or `flows/` package there would be loaded instead of ours
SAFE_PATH = ("PYTHONSAFEPATH", "1")
BUILD_STAGE = "extract"  # stage named on drops the pool itself makes (timeout, crash, error)
WORKER_CRASHED = "worker_crashed"  # a page whose worker died: rejected, yet never done
CLOSED_CHECK_S = 0.25  # how often a building batch looks whether the pool was closed under it


def build_text_page(page: Page, rules: SiteRules) -> Record | Dropped:
    """Clean a stored text dump (an import-text resource) into a record."""
    from cleaners.assemble.from_text import build_text_record
    from cleaners.text.decode import decode_text

    decoded = decode_text(page.body)
    return build_text_record(
        decoded.text, url=page.url, site=page.site, rules=rules, fetched_at=page.fetched_at,
        encoding=decoded.encoding, raw=page.warc,
    )  # fmt: skip


def build_page(page: Page, rules: SiteRules) -> Record | Dropped:
    """Build a page's record with the right cleaner: text dumps as text, the rest as HTML."""
    if page.kind == "text":
        return build_text_page(page, rules)
    return _default_build()(page, rules)


def build_one(build: BuildFn, page: Page, rules: SiteRules) -> Page:
    """Build one page's outcome and fingerprint it; return the page built, without its bytes
    (runs in a worker)."""
    try:
        if page.kind == "text":
            outcome = build_text_page(page, rules)
        elif bytes_depth(page.body) > MAX_MARKUP_DEPTH:  # before any parser sees the page
            detail = f"elements nest more than {MAX_MARKUP_DEPTH} deep"
            outcome = Dropped(BUILD_STAGE, "too_deep", page.url, detail)
        else:
            outcome = build(page, rules)
    except Exception as exc:  # a cleaner bug on one page must not end a run: it is a drop
        outcome = Dropped(BUILD_STAGE, "error", page.url, f"{type(exc).__name__}: {exc}")
    made = fingerprint(outcome.text) if isinstance(outcome, Record) else None
    return replace(page.without_bytes(), outcome=outcome, fingerprint=made)


def build_failed(page: Page, reason: str, detail: str) -> Page:
    """Return a page the build stage gave up on (a timeout, a crash), without its bytes."""
    return replace(page.without_bytes(), outcome=Dropped(BUILD_STAGE, reason, page.url, detail))


def _default_build() -> BuildFn:
    """Return the HTML pipeline's build function."""
    from cleaners.assemble.from_html import build_record

    return build_record


def prepare_forkserver() -> None:
    """Have the fork server preload the cleaners from the installed package, not the cwd."""
    name, value = SAFE_PATH
    os.environ[name] = value  # every Python this command starts from now on skips the cwd
    multiprocessing.get_context("forkserver").set_forkserver_preload(list(PRELOAD))


Job = tuple[Page, SiteRules]  # a page and the rules it is built with


class PagePool(Protocol):
    """Where a batch's pages are built: local worker processes, or a cluster."""

    def run(self, build: BuildFn, jobs: Sequence[Job]) -> list[Page]:
        """Build every job; return the pages built, in job order."""
        ...


@runtime_checkable
class AheadPool(PagePool, Protocol):
    """A pool that builds a batch in the background (a cluster) while the caller commits."""

    def submit(self, build: BuildFn, jobs: Sequence[Job]) -> Callable[[], list[Page]]:
        """Start building the jobs; return the call that waits for the pages built."""
        ...


class BuildPoolClosed(RuntimeError):
    """The pool was closed while a batch was building in another thread."""


class BuildPool:
    """Worker processes with a deadline per page, replaced when one hangs or dies.

    It builds ahead (an AheadPool): submit() builds a batch in a background thread while the
    caller commits the one before, so the workers do not wait for the commit. Runs never
    overlap: one batch's pages are built at a time, whoever asked.
    """

    def __init__(self, workers: int, *, timeout_s: float, mp_context: str = MP_CONTEXT) -> None:
        self.workers = workers
        self.timeout_s = timeout_s
        self._context = multiprocessing.get_context(mp_context)
        if mp_context == "forkserver":
            prepare_forkserver()
        self._closed = False
        self._stopping = threading.Lock()  # close() and a replacement never overlap
        self._running = threading.Lock()  # one run at a time: a batch owns the workers
        self._ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="build-ahead")
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=self._context,
            initializer=watch_command, initargs=(os.getpid(),),  # no orphans after a kill -9
        )  # fmt: skip

    def _replace(self, *, kill: bool) -> None:
        """Shut the pool down (killing its workers when one hangs) and start a new one."""
        with self._stopping:
            if self._closed:  # closed while a batch was building: that batch ends here
                raise BuildPoolClosed("the extraction workers were stopped while building")
            if kill:
                self._kill_workers()
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = self._start()

    def _kill_workers(self) -> None:
        """Kill every worker (the executor has no public way to stop one stuck in a page)."""
        for process in list((getattr(self._executor, "_processes", None) or {}).values()):
            process.kill()

    def submit(self, build: BuildFn, jobs: Sequence[Job]) -> Callable[[], list[Page]]:
        """Start building the jobs in the background; return the call that waits for them."""
        future = self._ahead.submit(self.run, build, jobs)

        def built() -> list[Page]:
            try:
                return future.result()
            except CancelledError:  # closed before its turn came
                raise BuildPoolClosed("the extraction workers were stopped") from None

        return built

    def run(self, build: BuildFn, jobs: Sequence[tuple[Page, SiteRules]]) -> list[Page]:
        """Build every job; return the pages built, in job order."""
        with self._running:
            return self._run(build, jobs)

    def _run(self, build: BuildFn, jobs: Sequence[tuple[Page, SiteRules]]) -> list[Page]:
        results: dict[int, Page] = {}
        todo = deque(range(len(jobs)))
        running: dict[Future[Page], tuple[int, float]] = {}
        while todo or running:
            broken = self._fill(build, jobs, todo, running)
            if running and not broken:
                first_deadline = min(deadline for _, deadline in running.values())
                done = self._wait(running, first_deadline - time.monotonic())
                broken = self._collect(done, running, results)
            if broken:
                suspects = [i for i, _ in running.values()]
                running.clear()
                self._replace(kill=False)
                for i in suspects:  # one of them killed its worker: find which, one at a time
                    results[i] = self._alone(build, jobs[i])
            self._expire(running, todo, results, jobs)
        return [results[i] for i in range(len(jobs))]

    def _wait(self, futures: Iterable[Future[Page]], timeout_s: float) -> set[Future[Page]]:
        """Wait up to timeout_s for the first future to finish; raise BuildPoolClosed when
        the pool is closed meanwhile (a future the closing cancelled never reports done)."""
        end = time.monotonic() + timeout_s
        while not self._closed:
            left = end - time.monotonic()
            done, _ = wait(futures, timeout=max(0.0, min(left, CLOSED_CHECK_S)),
                           return_when=FIRST_COMPLETED)  # fmt: skip
            if done or left <= CLOSED_CHECK_S:
                return done
        raise BuildPoolClosed("the extraction workers were stopped while building")

    def _fill(
        self,
        build: BuildFn,
        jobs: Sequence[tuple[Page, SiteRules]],
        todo: deque[int],
        running: dict[Future[Page], tuple[int, float]],
    ) -> bool:
        """Start jobs until every worker has one; return True when the pool turned out broken."""
        while todo and len(running) < self.workers:
            i = todo.popleft()
            try:
                future = self._executor.submit(build_one, build, *jobs[i])
            except BrokenProcessPool:
                todo.appendleft(i)
                return True
            running[future] = (i, time.monotonic() + self.timeout_s)
        return False

    def _collect(
        self,
        done: set[Future[Page]],
        running: dict[Future[Page], tuple[int, float]],
        results: dict[int, Page],
    ) -> bool:
        """Take finished outcomes; return True when the pool broke (and keep those in flight)."""
        broken = False
        for future in done:
            i, deadline = running.pop(future)
            try:
                results[i] = future.result()
            except BrokenProcessPool:
                running[future] = (i, deadline)
                broken = True
        return broken

    def _expire(
        self,
        running: dict[Future[Page], tuple[int, float]],
        todo: deque[int],
        results: dict[int, Page],
        jobs: Sequence[tuple[Page, SiteRules]],
    ) -> None:
        """Drop pages past their deadline, kill the pool, and queue the others again."""
        now = time.monotonic()
        late = [f for f, (_, deadline) in running.items() if deadline <= now and not f.done()]
        if not late:
            return
        for future in late:
            i, _ = running.pop(future)
            results[i] = self._timed_out(jobs[i][0])
        todo.extendleft(sorted((i for i, _ in running.values()), reverse=True))
        running.clear()
        self._replace(kill=True)

    def _alone(self, build: BuildFn, job: tuple[Page, SiteRules]) -> Page:
        """Build one page with the pool to itself; a crash or a hang is that page's fault."""
        future = self._executor.submit(build_one, build, *job)
        done = self._wait([future], self.timeout_s)
        if not done:
            self._replace(kill=True)
            return self._timed_out(job[0])
        try:
            return future.result()
        except BrokenProcessPool:
            self._replace(kill=False)
            return build_failed(job[0], WORKER_CRASHED, "the extraction process died on this page")

    def _timed_out(self, page: Page) -> Page:
        return build_failed(page, "timeout", f"no result after {self.timeout_s:g} s")

    def close(self) -> None:
        """Stop the workers now: a page still building is abandoned, never waited for.

        A run that fails while another thread is building a batch closes the pool under it;
        that thread then ends with BuildPoolClosed instead of building on, so the run ends in
        bounded time.
        """
        with self._stopping:
            self._closed = True
            self._kill_workers()
            self._executor.shutdown(wait=True, cancel_futures=True)
        self._ahead.shutdown(wait=False, cancel_futures=True)  # a batch building ends closed
