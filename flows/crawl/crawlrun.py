"""One crawl run's session: the fetcher, WARC writer, state and processor its steps share.

A run takes the data dir's writer lock first and mends the WARC files a killed run left open,
so every step that follows writes to a data dir no one else writes to.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType

import httpx

from cleaners.links.urls import canonicalize_url
from cleaners.records import WarcPointer
from flows.config import Config, Politeness, Source
from flows.counters import Counters
from flows.crawl.buildpool import PagePool
from flows.crawl.lane import CommitLane
from flows.crawl.process import IN_PROCESS, Processor
from flows.net.fetch import Fetcher, FetchResult
from flows.store.crawlstate import CrawlState
from flows.store.datalock import DataDirLock
from flows.store.siterules import save_rules
from flows.store.warcmend import mend_open_files
from flows.store.warcwrite import ROBOTS_KIND, WarcWriter

COMMITS_END_S = 10.0  # how long closing waits for a commit once its build workers are stopped


class RunClosing(RuntimeError):
    """A batch reached its turn to commit after its run began to close (the run failed)."""


@dataclass(frozen=True, slots=True)
class CrawlMode:
    """What a run does: a crawl, a backfill (pages, dates or URLs), optionally revalidating."""

    pages: tuple[int, int] | None = None
    since: date | None = None
    until: date | None = None
    urls: tuple[str, ...] = ()
    revalidate: bool = False


def new_run_id() -> str:
    """Return a run id that sorts by start time and never repeats."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


class CrawlRun:
    """One run's session: the fetcher, WARC writer, state, processor and counters it shares."""

    def __init__(
        self,
        config: Config,
        *,
        fetcher: Fetcher,
        warc: WarcWriter,
        state: CrawlState,
        processor: Processor,
        counters: Counters,
        revalidate: bool = False,
        lock: DataDirLock | None = None,
    ) -> None:
        self.config = config
        self.fetcher = fetcher
        self.warc = warc
        self.state = state
        self.processor = processor
        self.counters = counters
        self.revalidate = revalidate
        self.lane = CommitLane()
        self._lock = lock
        self._claimed: set[str] = set()
        self._commits = threading.Condition()  # guards the two fields below
        self._committing = 0  # commits running in threads
        self._closing = False

    @contextmanager
    def committing(self) -> Iterator[None]:
        """Keep the run's files open while a batch commits; refuse once the run is closing."""
        with self._commits:
            if self._closing:
                raise RunClosing("the run is closing: the batch is left for the next run")
            self._committing += 1
        try:
            yield
        finally:
            with self._commits:
                self._committing -= 1
                self._commits.notify_all()

    def claim(self, url: str) -> bool:
        """Claim an article URL for this run's one fetch of it; return False if it is taken."""
        # taken: fetched (or being fetched) in this run, or recorded by an earlier run unless
        # revalidating. Asked for each URL of a batch and each redirect target: an alias stops.
        key = canonicalize_url(url) or url
        if key in self._claimed:
            return False
        self._claimed.add(key)
        row = None if self.revalidate else self.state.row(key)
        return row is None or not (row.done and row.record_id is not None)

    @classmethod
    def open(
        cls,
        config: Config,
        data_dir: Path,
        *,
        counters: Counters | None = None,
        workers: int = IN_PROCESS,
        revalidate: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
        run_id: str | None = None,
        pool: PagePool | None = None,
    ) -> CrawlRun:
        """Take the data dir, open what a run needs, mend WARC files a killed run left open."""
        lock = DataDirLock(data_dir).acquire()  # raises DataDirBusy when another run writes
        try:
            run_id = run_id or new_run_id()
            mend_open_files(data_dir, exclude_run=run_id)
            counters = counters or Counters()
            rules = {s.key: s.rules(config.defaults) for s in config.source}
            state = CrawlState.open(data_dir)
            save_rules(state.conn, rules)
            return cls(
                config,
                fetcher=Fetcher(config.defaults, transport=transport),
                warc=WarcWriter(data_dir, run_id=run_id),
                state=state,
                processor=Processor(data_dir, rules, counters=counters, workers=workers, pool=pool),
                counters=counters,
                revalidate=revalidate,
                lock=lock,
            )
        except BaseException:
            lock.release()
            raise

    async def __aenter__(self) -> CrawlRun:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the fetcher, then the processor, WARC files and state."""
        await self.fetcher.aclose()
        self.close()

    def close(self) -> None:
        """Stop the build workers, wait for the commit threads they leave, close the processor,
        WARC files and state, then let the data dir go."""
        try:
            with self._commits:
                self._closing = True
            self.processor.stop_building()  # a commit building in a thread ends with it
            with self._commits:
                self._commits.wait_for(lambda: not self._committing, timeout=COMMITS_END_S)
            self.processor.close()
            self.warc.close()
            self.state.close()
        finally:
            if self._lock is not None:
                self._lock.release()

    def policy(self, source: Source) -> Politeness:
        """Return the politeness settings of a source."""
        return source.politeness(self.config.defaults)

    def archive(
        self, result: FetchResult, *, kind: str, marks: tuple[tuple[str, str], ...] = ()
    ) -> WarcPointer | None:
        """Write every exchange of a fetch (and pending robots.txt ones) to WARC, marked
        with what the crawler fetched it as (an article, a listing), the last one also with
        `marks` (the companions of an article, the link a companion was fetched for).
        """
        for exchange in self.fetcher.take_robots_exchanges():
            self.warc.write(exchange, kind=ROBOTS_KIND)
        pointer = None
        for n, exchange in enumerate(result.exchanges, start=1):
            last = n == len(result.exchanges)
            pointer = self.warc.write(exchange, kind=kind, marks=marks if last else ())
        return pointer
