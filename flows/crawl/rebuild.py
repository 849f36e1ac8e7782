"""Rebuild the corpus from raw/ (reclean): every record, byte for byte, with no network.

Everything that enters the corpus enters raw/ first (flows/crawl/imports.py copies outside WARCs
and stores text dumps there), so `reclean`, which reads raw/ alone, reproduces every record,
and reproduces it byte for byte: same order, same fields.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from cleaners.records import Page, SiteRules
from flows.config import Config
from flows.counters import WARC_BYTES, Counters
from flows.crawl.buildpool import PagePool
from flows.crawl.process import CLEAN_DIR, IN_PROCESS, RECLEAN_REJECTS, REJECTS_DIR, Processor
from flows.errors import WarcDamaged
from flows.store import corpus, dedupindex
from flows.store.datalock import DataDirLock
from flows.store.siterules import merged_rules, saved_rules
from flows.store.state import open_state
from flows.store.warccompanions import CompanionIndex, joined_pages
from flows.store.warcread import iter_warc

RAW_DIR = "raw"
RAW_PATTERNS = ("*.warc.gz", "*.warc")  # closed files only: "<name>.open" is still being written
NEW_SUFFIX = ".new"  # clean.new/: the corpus being rebuilt
OLD_SUFFIX = ".old"  # clean.old/: the corpus being replaced, removed once the new one is in
BATCH_PAGES = 64  # pages handed to the Processor at once: enough to keep every worker busy


def site_rules(data_dir: Path, config: Config | None) -> dict[str, SiteRules]:
    """Return each site's cleaning rules: as configured, else as its last crawl saved them."""
    conn = open_state(data_dir)
    try:
        saved = saved_rules(conn)
    finally:
        conn.close()
    configured = {} if config is None else {s.key: s.rules(config.defaults) for s in config.source}
    return merged_rules(saved, configured)


def _batches(items: Iterable[Page]) -> Iterator[list[Page]]:
    it = iter(items)
    while chunk := list(islice(it, BATCH_PAGES)):
        yield chunk


def raw_files(data_dir: Path) -> list[Path]:
    """Return the closed WARC files of raw/, in name (and so in time) order."""
    raw = data_dir / RAW_DIR
    found = {p for pattern in RAW_PATTERNS for p in raw.glob(pattern) if p.is_file()}
    return sorted(found, key=lambda p: p.name)


def reclean(
    data_dir: Path,
    config: Config | None = None,
    *,
    workers: int = IN_PROCESS,
    counters: Counters | None = None,
    pool: PagePool | None = None,
) -> Counters:
    """Rebuild clean/ from raw/ with no network, swapping the new corpus in when it is whole."""
    counters = counters or Counters()
    with DataDirLock(data_dir):
        _rebuild(data_dir, config, workers, counters, pool)
    return counters


def _rebuild(
    data_dir: Path, config: Config | None, workers: int, counters: Counters,
    pool: PagePool | None,
) -> None:  # fmt: skip
    """Rebuild clean.new/ from raw/ and swap it in; raise the first damage met after that."""
    clean = data_dir / CLEAN_DIR
    new, old = clean.with_name(CLEAN_DIR + NEW_SUFFIX), clean.with_name(CLEAN_DIR + OLD_SUFFIX)
    for leftover in (new, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    (data_dir / REJECTS_DIR / f"{RECLEAN_REJECTS}.jsonl").unlink(missing_ok=True)
    damage: list[WarcDamaged] = []
    new.mkdir(parents=True)
    with Processor(
        data_dir, site_rules(data_dir, config), counters=counters, workers=workers, clean_dir=new,
        rebuild=True, pool=pool,
    ) as processor:  # fmt: skip
        index = CompanionIndex(raw_files(data_dir), data_dir)
        pages = _responses(data_dir, counters, damage)
        processor.process_all(_batches(joined_pages(pages, index, data_dir, counters)))
    _swap(data_dir, clean, new, old)
    if damage:
        raise damage[0]


def _responses(data_dir: Path, counters: Counters, damage: list[WarcDamaged]) -> Iterator[Page]:
    """Yield every article response of raw/ in raw/ order, as the crawl committed them.

    A URL answered twice (a revalidation that got a 200) is processed twice, as in the crawl:
    its record comes from the first response that made one, and the later one is counted
    `already_written`, so a record's `raw` names the response it was built from in the crawl
    and in the rebuild alike. A damaged file is noted in `damage` and the next one read.
    """
    paths = raw_files(data_dir)
    counters.expect(WARC_BYTES, sum(path.stat().st_size for path in paths))
    for path in paths:
        try:
            pages = iter_warc(path, data_dir=data_dir, counters=counters)
            yield from reading(pages, path.stat().st_size, counters)
        except WarcDamaged as exc:
            damage.append(exc)


def reading(pages: Iterable[Page], size: int, counters: Counters) -> Iterator[Page]:
    """Pass a WARC file's pages on, moving the bytes-read progress to each page, then to the
    file's end (`size`) once it is read to the end."""
    done = 0
    for page in pages:
        if page.warc is not None and page.warc.offset > done:
            counters.advance(WARC_BYTES, page.warc.offset - done)
            done = page.warc.offset
        yield page
    counters.advance(WARC_BYTES, size - done)


def _swap(data_dir: Path, clean: Path, new: Path, old: Path) -> None:
    """Put the rebuilt tables and folder in place of the live ones."""
    if clean.is_dir():
        for keep in clean.iterdir():  # README and such: not records, kept across rebuilds
            if keep.is_file() and keep.suffix != ".jsonl":
                shutil.copy2(keep, new / keep.name)
    conn = open_state(data_dir)
    try:
        conn.execute("BEGIN IMMEDIATE")
        pairs = [
            *zip(
                dedupindex.table_names(dedupindex.NAMESPACE),
                dedupindex.table_names(dedupindex.REBUILD_NAMESPACE),
                strict=True,
            ),
            *zip(
                corpus.table_names(corpus.WRITTEN),
                corpus.table_names(corpus.REBUILD_WRITTEN),
                strict=True,
            ),
        ]
        for live, rebuilt in pairs:
            conn.execute(f"DROP TABLE IF EXISTS {live}")
            conn.execute(f"ALTER TABLE {rebuilt} RENAME TO {live}")
        conn.execute("COMMIT")
    finally:
        conn.close()
    if clean.exists():
        os.rename(clean, old)
    os.rename(new, clean)
    if old.exists():
        shutil.rmtree(old)


def feed(pages: Iterable[Page], processor: Processor) -> WarcDamaged | None:
    """Process pages in batches, finishing the last batch even when the file ends in damage."""
    damage: list[WarcDamaged] = []

    def batches() -> Iterator[list[Page]]:
        batch: list[Page] = []
        try:
            for page in pages:
                batch.append(page)
                if len(batch) >= BATCH_PAGES:
                    yield batch
                    batch = []
        except WarcDamaged as exc:
            damage.append(exc)
        yield batch

    processor.process_all(batches())
    return damage[0] if damage else None
