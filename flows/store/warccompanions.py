"""Join an article read from WARC to its companions: its further pages and fetched files.

The crawler lists an article's companions on its response record (PARTS_HEADER, FILES_HEADER)
and archives each marked with the URL the article links to (LINK_HEADER), so a rebuild finds
them without parsing the page again. An article a listed page of which is not in the WARC
files is incomplete: the crawl that archived it wrote no record either, and neither does the
rebuild. A listed file that is missing is only left unread, as in the crawl.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from cleaners.records import Page, WarcPointer
from flows.counters import Counters
from flows.errors import WarcDamaged
from flows.store.warcread import iter_warc, read_page
from flows.store.warcwrite import COMPANION_KINDS, FILES_HEADER, OPEN_SUFFIX, PARTS_HEADER

INCOMPLETE = "articles_incomplete"  # counter: articles left out for a page missing from raw/
RUN_FILE_NUMBER = re.compile(r"-\d+\.warc(\.gz)?$")  # <run>-00001.warc.gz: a run's n-th file


class CompanionIndex:
    """Where each companion's responses are, by the URL its article links to, in raw/ order.

    The crawler archives an article's companions right after the article, in the same run,
    so an article is joined to the first response of each companion that follows it in its
    own run: a later run's copy (a revalidation) or an earlier run's (an article fetched
    again because a page was missing then) is never joined to it. Built on first use only:
    raw/ without a single marked article is never read twice.
    """

    def __init__(self, paths: Iterable[Path], data_dir: Path) -> None:
        self._paths = list(paths)
        self._data_dir = data_dir
        self._pointers: dict[str, list[WarcPointer]] | None = None

    def get(self, url: str, article: WarcPointer | None = None) -> WarcPointer | None:
        """Return where the companion linked as `url` that belongs to `article` is (the
        latest one when the article's place is unknown), None when it is not there."""
        if self._pointers is None:
            self._pointers = self._read()
        found = self._pointers.get(url, [])
        if article is None:
            return found[-1] if found else None
        run, file, offset = _place(article)
        after = (file, offset)
        return next((p for p in found if _place(p)[0] == run and _place(p)[1:] > after), None)

    def _read(self) -> dict[str, list[WarcPointer]]:
        pointers: dict[str, list[WarcPointer]] = {}
        for path in self._paths:
            try:
                for page in iter_warc(
                    path, data_dir=self._data_dir, counters=Counters(), kinds=COMPANION_KINDS
                ):
                    if page.warc is not None:
                        pointers.setdefault(page.url, []).append(page.warc)
            except WarcDamaged:  # the pass over the articles reports the damage
                continue
        return pointers


def _place(pointer: WarcPointer) -> tuple[str, str, int]:
    """Return the run a record was archived in, its file and its offset (a file being
    imported is named as it will be once sealed)."""
    file = pointer.file.removesuffix(OPEN_SUFFIX)
    return RUN_FILE_NUMBER.sub("", Path(file).name), file, pointer.offset


def joined_pages(
    pages: Iterable[Page | None],
    index: CompanionIndex,
    data_dir: Path,
    counters: Counters,
) -> Iterator[Page]:
    """Yield each article page with its companions, leaving out those missing a page."""
    for page in pages:
        joined = None if page is None else with_companions(page, index, data_dir, counters)
        if joined is not None:
            yield joined


def with_companions(
    page: Page, index: CompanionIndex, data_dir: Path, counters: Counters
) -> Page | None:
    """Return the page with its listed companions read back, None when a page is missing."""
    parts_listed = (page.header(PARTS_HEADER) or "").split()
    files_listed = (page.header(FILES_HEADER) or "").split()
    if not parts_listed and not files_listed:
        return page
    parts = [_read(index.get(url, page.warc), data_dir) for url in parts_listed]
    if any(part is None for part in parts):
        counters.add(INCOMPLETE)
        return None
    files = [_read(index.get(url, page.warc), data_dir) for url in files_listed]
    return replace(
        page,
        parts=tuple(part for part in parts if part is not None),
        files=tuple(file for file in files if file is not None),
    )


def _read(pointer: WarcPointer | None, data_dir: Path) -> Page | None:
    """Read a companion's response, None when there is none."""
    if pointer is None:
        return None
    return read_page(pointer, data_dir=data_dir, kinds=COMPANION_KINDS)
