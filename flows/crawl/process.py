"""The shared processing stage: build records from pages, mark duplicates, write the corpus.

Building (decode, extract, clean) runs in worker processes when there is more than one, each
page under a deadline; a page that hangs or kills its worker becomes a Dropped and the pool is
replaced. Template-line learning and removal, duplicate marking and writing run in the calling
process, in input order, so the corpus does not depend on which worker finished first.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Protocol, runtime_checkable

from cleaners.corpus.fingerprint import Fingerprint, fingerprint
from cleaners.extract.markup_depth import MAX_MARKUP_DEPTH, bytes_depth
from cleaners.records import Dropped, FetchedPage, Record, SiteRules, WarcPointer, text_sha256
from flows.counters import Counters
from flows.store.corpus import REBUILD_WRITTEN, WRITTEN, CorpusWriter, RejectsWriter
from flows.store.dedupindex import NAMESPACE, REBUILD_NAMESPACE, DedupIndex
from flows.store.state import open_state
from flows.store.templates import NAMESPACE as TEMPLATES
from flows.store.templates import REBUILD_NAMESPACE as TEMPLATES_REBUILD
from flows.store.templates import SiteTemplates, strip_template_lines
from flows.store.warcwrite import KIND_HEADER, TEXT_KIND

BuildFn = Callable[[FetchedPage, SiteRules], "Record | Dropped"]

PAGE_TIMEOUT_S = 60.0  # one page's extraction; a page that takes longer is pathological
MP_CONTEXT = "forkserver"  # workers fork from a clean server, never from a threaded flow run
# loaded once, in the fork server: a worker forks with them and builds its first page at once
PRELOAD = ("flows.crawl.process", "cleaners.assemble.from_html", "datasketch")
BUILD_STAGE = "extract"  # stage named on drops the pool itself makes (timeout, crash, error)
CLEAN_DIR = "clean"
REJECTS_DIR = "rejects"
RECLEAN_REJECTS = "reclean"  # rejects/reclean.jsonl: the drops of the latest reclean
TEMPLATE_STAGE = "clean"  # stage named on records left with nothing but template lines
WORKER_CRASHED = "worker_crashed"  # a page whose worker died: rejected, yet never done


@dataclass(frozen=True, slots=True)
class Built:
    """One page's outcome, with the fingerprint of its text when it became a record."""

    result: Record | Dropped
    fingerprint: Fingerprint | None


def build_text_page(page: FetchedPage, rules: SiteRules) -> Record | Dropped:
    """Clean a stored text dump (an import-text resource) into a record."""
    from cleaners.assemble.from_text import build_text_record
    from cleaners.text.decode import decode_text

    decoded = decode_text(page.body)
    return build_text_record(
        decoded.text, url=page.url, site=page.site, rules=rules, fetched_at=page.fetched_at,
        encoding=decoded.encoding,
    )  # fmt: skip


def build_page(page: FetchedPage, rules: SiteRules) -> Record | Dropped:
    """Build a page's record with the right cleaner: text dumps as text, the rest as HTML."""
    if page.header(KIND_HEADER) == TEXT_KIND:
        return build_text_page(page, rules)
    return _default_build()(page, rules)


def build_one(build: BuildFn, page: FetchedPage, rules: SiteRules) -> Built:
    """Build one page's record and fingerprint it (runs in a worker)."""
    text_dump = page.header(KIND_HEADER) == TEXT_KIND
    try:
        if text_dump:
            result = build_text_page(page, rules)
        elif bytes_depth(page.body) > MAX_MARKUP_DEPTH:  # before any parser sees the page
            detail = f"elements nest more than {MAX_MARKUP_DEPTH} deep"
            result = Dropped(BUILD_STAGE, "too_deep", page.url, detail)
        else:
            result = build(page, rules)
    except Exception as exc:  # a cleaner bug on one page must not end a run: it is a drop
        result = Dropped(BUILD_STAGE, "error", page.url, f"{type(exc).__name__}: {exc}")
    if isinstance(result, Dropped) and result.warc is None:
        result = replace(result, warc=page.warc)
    if isinstance(result, Record) and result.raw is None and page.warc is not None:
        result = replace(result, raw=page.warc)
    return Built(result, fingerprint(result.text) if isinstance(result, Record) else None)


def _default_build() -> BuildFn:
    """Return the HTML pipeline's build function."""
    from cleaners.assemble.from_html import build_record

    return build_record


Job = tuple[FetchedPage, SiteRules]  # a page and the rules it is built with


class PagePool(Protocol):
    """Where a batch's pages are built: local worker processes, or a cluster."""

    def run(self, build: BuildFn, jobs: Sequence[Job]) -> list[Built]:
        """Build every job; return the outcomes in job order."""
        ...


@runtime_checkable
class AheadPool(PagePool, Protocol):
    """A pool that builds a batch in the background (a cluster) while the caller commits."""

    def submit(self, build: BuildFn, jobs: Sequence[Job]) -> Callable[[], list[Built]]:
        """Start building the jobs; return the call that waits for their outcomes."""
        ...


class BuildPool:
    """Worker processes with a deadline per page, replaced when one hangs or dies."""

    def __init__(self, workers: int, *, timeout_s: float, mp_context: str = MP_CONTEXT) -> None:
        self.workers = workers
        self.timeout_s = timeout_s
        self._context = multiprocessing.get_context(mp_context)
        if mp_context == "forkserver":
            self._context.set_forkserver_preload(list(PRELOAD))
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=self._context)

    def _replace(self, *, kill: bool) -> None:
        """Shut the pool down (killing its workers when one hangs) and start a new one."""
        if kill:  # the executor has no public way to stop a worker stuck in a page
            for process in list(getattr(self._executor, "_processes", {}).values()):
                process.kill()
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._start()

    def run(self, build: BuildFn, jobs: Sequence[tuple[FetchedPage, SiteRules]]) -> list[Built]:
        """Build every job; return the outcomes in job order."""
        results: dict[int, Built] = {}
        todo = deque(range(len(jobs)))
        running: dict[Future[Built], tuple[int, float]] = {}
        while todo or running:
            broken = self._fill(build, jobs, todo, running)
            if running and not broken:
                first_deadline = min(deadline for _, deadline in running.values())
                done, _ = wait(
                    running, timeout=max(0.0, first_deadline - time.monotonic()),
                    return_when=FIRST_COMPLETED,
                )  # fmt: skip
                broken = self._collect(done, running, results)
            if broken:
                suspects = [i for i, _ in running.values()]
                running.clear()
                self._replace(kill=False)
                for i in suspects:  # one of them killed its worker: find which, one at a time
                    results[i] = self._alone(build, jobs[i])
            self._expire(running, todo, results, jobs)
        return [results[i] for i in range(len(jobs))]

    def _fill(
        self,
        build: BuildFn,
        jobs: Sequence[tuple[FetchedPage, SiteRules]],
        todo: deque[int],
        running: dict[Future[Built], tuple[int, float]],
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
        done: set[Future[Built]],
        running: dict[Future[Built], tuple[int, float]],
        results: dict[int, Built],
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
        running: dict[Future[Built], tuple[int, float]],
        todo: deque[int],
        results: dict[int, Built],
        jobs: Sequence[tuple[FetchedPage, SiteRules]],
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

    def _alone(self, build: BuildFn, job: tuple[FetchedPage, SiteRules]) -> Built:
        """Build one page with the pool to itself; a crash or a hang is that page's fault."""
        future = self._executor.submit(build_one, build, *job)
        done, _ = wait([future], timeout=self.timeout_s)
        if not done:
            self._replace(kill=True)
            return self._timed_out(job[0])
        try:
            return future.result()
        except BrokenProcessPool:
            self._replace(kill=False)
            page = job[0]
            detail = "the extraction process died on this page"
            drop = Dropped(BUILD_STAGE, WORKER_CRASHED, page.url, detail, page.warc)
            return Built(drop, None)

    def _timed_out(self, page: FetchedPage) -> Built:
        detail = f"no result after {self.timeout_s:g} s"
        return Built(Dropped(BUILD_STAGE, "timeout", page.url, detail, page.warc), None)

    def close(self) -> None:
        """Stop the workers."""
        self._executor.shutdown(wait=True, cancel_futures=True)


def _pointer(result: Record | Dropped) -> WarcPointer | None:
    """Return where the page of an outcome sits in raw/."""
    return result.raw if isinstance(result, Record) else result.warc


class Processor:
    """Extract, clean, mark duplicates and write: the stage every source of pages feeds."""

    def __init__(
        self,
        data_dir: Path,
        rules: Mapping[str, SiteRules],
        *,
        counters: Counters,
        workers: int = 1,
        clean_dir: Path | None = None,
        build: BuildFn | None = None,
        page_timeout_s: float = PAGE_TIMEOUT_S,
        mp_context: str = MP_CONTEXT,
        rebuild: bool = False,
        pool: PagePool | None = None,
    ) -> None:
        self.rules = rules
        self.counters = counters
        self._build = build or build_page  # the cleaners load in the workers, not here
        self._lock = threading.Lock()
        self._raw_order = not rebuild
        self._conn = open_state(data_dir)
        self._index = DedupIndex(
            self._conn, namespace=REBUILD_NAMESPACE if rebuild else NAMESPACE, fresh=rebuild
        )
        self._rejects = RejectsWriter(
            data_dir / REJECTS_DIR, name=RECLEAN_REJECTS if rebuild else None
        )
        self._writer = CorpusWriter(
            clean_dir or data_dir / CLEAN_DIR,
            self._conn,
            table=REBUILD_WRITTEN if rebuild else WRITTEN,
            fresh=rebuild,
            set_aside=self._set_aside,
        )
        self._templates = SiteTemplates(
            self._conn, namespace=TEMPLATES_REBUILD if rebuild else TEMPLATES, fresh=rebuild
        )  # a reclean learns templates again, in crawl order, and leaves the crawl's alone
        self._own_pool = (
            BuildPool(workers, timeout_s=page_timeout_s, mp_context=mp_context)
            if workers > 1 and pool is None
            else None
        )
        self._pool: PagePool | None = pool or self._own_pool  # a given pool is its owner's

    def _set_aside(self, dropped: Dropped) -> None:
        """Keep a line of a corpus file that holds no record in rejects, and count it."""
        self._rejects.write(dropped)
        self.counters.add(f"corpus_lines_set_aside_{dropped.reason}")

    def rules_for(self, page: FetchedPage) -> SiteRules:
        """Return the cleaning rules of a page's source (defaults for unknown sources)."""
        return self.rules.get(page.site) or SiteRules(site=page.site)

    def _with_templates(self, page: FetchedPage) -> SiteRules:
        """Return a page's rules with its site's template lines learned so far added."""
        rules = self.rules_for(page)
        learned = self._templates.keys(page.site)
        if learned <= rules.template_lines:
            return rules
        return replace(rules, template_lines=rules.template_lines | learned)

    def process(self, pages: Sequence[FetchedPage]) -> list[Record | Dropped]:
        """Build, dedup and write a batch of pages; return their outcomes in input order."""
        with self._lock:
            jobs = [(page, self._with_templates(page)) for page in pages]
            if self._pool is None:
                built = [build_one(self._build, page, rules) for page, rules in jobs]
            else:
                built = self._pool.run(self._build, jobs)
            return self._commit_all(built)

    def process_all(self, batches: Iterable[Sequence[FetchedPage]]) -> None:
        """Process batches in order; a pool that builds ahead builds the next batch while
        this one commits, and the pages whose site learned template lines meanwhile are
        built again, so the outcomes are those of process() batch after batch."""
        if not isinstance(self._pool, AheadPool):
            for pages in batches:
                self.process(pages)
            return
        ahead: tuple[list[Job], Callable[[], list[Built]]] | None = None
        for pages in batches:
            with self._lock:
                jobs = [(page, self._with_templates(page)) for page in pages]
            started = (jobs, self._pool.submit(self._build, jobs))
            if ahead is not None:
                self._commit_ahead(self._pool, *ahead)
            ahead = started
        if ahead is not None:
            self._commit_ahead(self._pool, *ahead)

    def _commit_ahead(
        self, pool: PagePool, jobs: list[Job], outcomes: Callable[[], list[Built]]
    ) -> None:
        """Commit a batch built ahead, building again the pages whose rules changed since."""
        with self._lock:
            built = outcomes()
            now = [(page, self._with_templates(page)) for page, _ in jobs]
            stale = [i for i, (then, job) in enumerate(zip(jobs, now, strict=True)) if then != job]
            for i, again in zip(stale, pool.run(self._build, [now[i] for i in stale]), strict=True):
                built[i] = again
            self._commit_all(built)

    def commit(self, results: Sequence[Record | Dropped]) -> list[Record | Dropped]:
        """Dedup and write outcomes built elsewhere without fingerprints (drops), in order."""
        with self._lock:
            return self._commit_all(
                [Built(r, fingerprint(r.text) if isinstance(r, Record) else None) for r in results]
            )

    def commit_built(self, built: Sequence[Built]) -> list[Record | Dropped]:
        """Look up and write outcomes built and fingerprinted elsewhere (a cluster), in order."""
        with self._lock:
            return self._commit_all(built)

    def _commit_all(self, built: Sequence[Built]) -> list[Record | Dropped]:
        """Commit in raw/ order (as a reclean reads them), return in input order.

        Fetches finish out of order, so a batch's WARC records need not follow its URL list;
        committing by WARC position makes "earliest" mean the same here and in a reclean. A
        rebuild hands its pages over already in the order it means (first sighting of a URL).
        """
        pointers = [_pointer(item.result) for item in built]
        placed = [(p.file, p.offset, i) for i, p in enumerate(pointers) if p is not None]
        order: Sequence[int] = range(len(built))
        if self._raw_order and len(placed) == len(built):
            order = [i for *_, i in sorted(placed)]
        committed = {i: self._commit_one(built[i]) for i in order}
        return [committed[i] for i in range(len(built))]

    def _commit_one(self, built: Built) -> Record | Dropped:
        """Count, reject or mark-and-write one outcome."""
        built = self._drop_template_lines(built)
        result = built.result
        if isinstance(result, Dropped):
            self.counters.drop(result.stage, result.reason)
            self._rejects.write(result)
            return result
        self.counters.add("extracted")
        fp = built.fingerprint or fingerprint(result.text)
        duplicate_of = self._index.check(result.id, fp)
        self._index.add(result.id, fp, duplicate_of)
        record = replace(result, duplicate_of=duplicate_of)
        if duplicate_of is not None:
            self.counters.add("duplicates")
        self.counters.add("written" if self._writer.write(record) else "already_written")
        return record

    def _drop_template_lines(self, built: Built) -> Built:
        """Count a new record's lines for its site, then remove the site's template lines."""
        record = built.result
        if not isinstance(record, Record):
            return built
        if not self._writer.written(record.id):  # a page processed again is not a new page
            self._templates.observe(record.site, record.text.split("\n"))
        text = strip_template_lines(record.text, self._templates.keys(record.site))
        if text == record.text:
            return built
        if not text.strip():
            drop = Dropped(TEMPLATE_STAGE, "template_only", record.url, "", record.raw)
            return Built(drop, None)
        cleaned = replace(record, text=text, content_sha256=text_sha256(text))
        return Built(cleaned, fingerprint(text))

    def close(self) -> None:
        """Stop the workers, flush the corpus files and close the state database."""
        if self._own_pool is not None:
            self._own_pool.close()
        self._writer.close()
        self._rejects.close()
        self._index.close()
        self._conn.close()

    def __enter__(self) -> Processor:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
