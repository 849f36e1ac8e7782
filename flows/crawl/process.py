"""The shared processing stage: build records from pages, mark duplicates, write the corpus.

Pages are built by a PagePool (flows/crawl/buildpool.py) or in this process. Template-line
learning and removal, duplicate marking and writing run in the calling process, in input
order, so the corpus does not depend on which worker finished first. Each page comes back
with its final outcome: the record as written (duplicate_of set), or why it was dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from cleaners.corpus.fingerprint import fingerprint
from cleaners.records import Dropped, Page, Record, SiteRules, text_sha256
from flows.counters import Counters
from flows.crawl.buildpool import (
    MP_CONTEXT,
    PAGE_TIMEOUT_S,
    AheadPool,
    BuildFn,
    BuildPool,
    Job,
    PagePool,
    build_one,
    build_page,
)
from flows.store.corpus import REBUILD_WRITTEN, WRITTEN, CorpusWriter, RejectsWriter
from flows.store.dedupindex import NAMESPACE, REBUILD_NAMESPACE, DedupIndex
from flows.store.state import open_state
from flows.store.templates import NAMESPACE as TEMPLATES
from flows.store.templates import REBUILD_NAMESPACE as TEMPLATES_REBUILD
from flows.store.templates import SiteTemplates, strip_template_lines

CLEAN_DIR = "clean"
REJECTS_DIR = "rejects"
# workers=IN_PROCESS builds in the calling process, with no deadline: for callers whose pages
# are known (unit tests, a given build function); a command always builds in worker processes
IN_PROCESS = 0
RECLEAN_REJECTS = "reclean"  # rejects/reclean.jsonl: the drops of the latest reclean
TEMPLATE_STAGE = "clean"  # stage named on records left with nothing but template lines


class Processor:
    """Extract, clean, mark duplicates and write: the stage every source of pages feeds."""

    def __init__(
        self,
        data_dir: Path,
        rules: Mapping[str, SiteRules],
        *,
        counters: Counters,
        workers: int = IN_PROCESS,
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
            if workers > IN_PROCESS and pool is None
            else None
        )
        self._pool: PagePool | None = pool or self._own_pool  # a given pool is its owner's

    def _set_aside(self, dropped: Dropped) -> None:
        """Keep a line of a corpus file that holds no record in rejects, and count it."""
        self._rejects.write(dropped)
        self.counters.add(f"corpus_lines_set_aside_{dropped.reason}")

    def rules_for(self, page: Page) -> SiteRules:
        """Return the cleaning rules of a page's source (defaults for unknown sources)."""
        return self.rules.get(page.site) or SiteRules(site=page.site)

    def _with_templates(self, page: Page) -> SiteRules:
        """Return a page's rules with its site's template lines learned so far added."""
        rules = self.rules_for(page)
        learned = self._templates.keys(page.site)
        if learned <= rules.template_lines:
            return rules
        return replace(rules, template_lines=rules.template_lines | learned)

    def process(self, pages: Sequence[Page]) -> list[Page]:
        """Build, dedup and write a batch of pages; return them committed, in input order."""
        with self._lock:
            jobs = [(page, self._with_templates(page)) for page in pages]
            if self._pool is None:
                built = [build_one(self._build, page, rules) for page, rules in jobs]
            else:
                built = self._pool.run(self._build, jobs)
            return self._commit_all(built)

    def process_all(self, batches: Iterable[Sequence[Page]]) -> None:
        """Process batches in order; a pool that builds ahead builds the next batch while
        this one commits, and the pages whose site learned template lines meanwhile are
        built again, so the outcomes are those of process() batch after batch."""
        if not isinstance(self._pool, AheadPool):
            for pages in batches:
                self.process(pages)
            return
        ahead: tuple[list[Job], Callable[[], list[Page]]] | None = None
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
        self, pool: PagePool, jobs: list[Job], outcomes: Callable[[], list[Page]]
    ) -> None:
        """Commit a batch built ahead, building again the pages whose rules changed since."""
        with self._lock:
            built = outcomes()
            now = [(page, self._with_templates(page)) for page, _ in jobs]
            stale = [i for i, (then, job) in enumerate(zip(jobs, now, strict=True)) if then != job]
            if stale:  # a local pool runs one batch at a time: asking for none would wait
                again = pool.run(self._build, [now[i] for i in stale])
                for i, page in zip(stale, again, strict=True):
                    built[i] = page
            self._commit_all(built)

    def commit(self, pages: Sequence[Page]) -> list[Page]:
        """Dedup and write pages built elsewhere (a fetch's drops), in order; return them."""
        with self._lock:
            return self._commit_all(pages)

    def _commit_all(self, built: Sequence[Page]) -> list[Page]:
        """Commit in raw/ order (as a reclean reads them), return in input order.

        Fetches finish out of order, so a batch's WARC records need not follow its URL list;
        committing by WARC position makes "earliest" mean the same here and in a reclean. A
        rebuild hands its pages over in raw/ order already.
        """
        placed = [(p.warc.file, p.warc.offset, i) for i, p in enumerate(built) if p.warc]
        order: Sequence[int] = range(len(built))
        if self._raw_order and len(placed) == len(built):
            order = [i for *_, i in sorted(placed)]
        committed = {i: self._commit_one(built[i]) for i in order}
        return [committed[i] for i in range(len(built))]

    def _commit_one(self, page: Page) -> Page:
        """Count, reject or mark-and-write one built page."""
        page = self._drop_template_lines(page)
        outcome = page.outcome
        if outcome is None:
            raise ValueError(f"{page.url}: committed before it was built")
        if isinstance(outcome, Dropped):
            self.counters.drop(outcome.stage, outcome.reason)
            self._rejects.write(outcome, page.warc)
            return page
        self.counters.add("extracted")
        fp = page.fingerprint or fingerprint(outcome.text)
        duplicate_of = self._index.check(outcome.id, fp)
        self._index.add(outcome.id, fp, duplicate_of)
        record = replace(outcome, duplicate_of=duplicate_of)
        if duplicate_of is not None:
            self.counters.add("duplicates")
        self.counters.add("written" if self._writer.write(record) else "already_written")
        return replace(page, outcome=record, fingerprint=fp)

    def _drop_template_lines(self, page: Page) -> Page:
        """Count a new record's lines for its site, then remove the site's template lines."""
        # The worker removed the template lines known when its job was made; this removes those
        # learned since (from this page or an earlier one of its batch), and fingerprints again
        # only when it removed one.
        record = page.outcome
        if not isinstance(record, Record):
            return page
        if not self._writer.written(record.id):  # a page processed again is not a new page
            self._templates.observe(record.site, record.text.split("\n"))
        text = strip_template_lines(record.text, self._templates.keys(record.site))
        if text == record.text:
            return page
        if not text.strip():
            drop = Dropped(TEMPLATE_STAGE, "template_only", record.url, "")
            return replace(page, outcome=drop, fingerprint=None)
        cleaned = replace(record, text=text, content_sha256=text_sha256(text))
        return replace(page, outcome=cleaned, fingerprint=fingerprint(text))

    def stop_building(self) -> None:
        """Stop this processor's own workers now; a batch building elsewhere ends with them."""
        if self._own_pool is not None:
            self._own_pool.close()

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
