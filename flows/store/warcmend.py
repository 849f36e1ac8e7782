"""Mend what a killed run left in raw/: cut a torn last record off each unsealed WARC file.

The writer puts each record in its own gzip member and flushes it whole, so a SIGKILL can
only tear the last one. Cutting the file at the end of its last complete record keeps every
pointer already written to clean/ valid (they all point before the tear).
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from flows.store.datalock import held_elsewhere
from flows.store.warcwrite import OPEN_SUFFIX, RAW_DIR, SUFFIX, seal_open_files

GZIP_WBITS = zlib.MAX_WBITS | 16  # gzip framing, header and trailer checked
READ_ERRORS = (ArchiveLoadFailed, EOFError, OSError, ValueError)  # what a torn member raises


def complete_length(path: Path) -> int:
    """Return the byte length of the file's leading run of complete WARC records."""
    last_start = good_end = 0
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                record.content_stream().read()
                records.read_to_end(record)
                last_start = records.get_record_offset()
                good_end = last_start + records.get_record_length()
        except READ_ERRORS:
            pass
        stream.seek(last_start)
        if good_end and not _whole_member(stream.read(good_end - last_start)):
            return last_start  # the reader forgives a missing gzip trailer; other tools do not
    return good_end


def _whole_member(data: bytes) -> bool:
    """Tell whether bytes are one gzip member with its trailer."""
    inflater = zlib.decompressobj(GZIP_WBITS)
    try:
        inflater.decompress(data)
    except zlib.error:
        return False
    return inflater.eof


def mend_open_files(data_dir: Path, *, exclude_run: str | None = None) -> list[Path]:
    """Trim the torn tail of every `.open` WARC of other runs, then seal them; return them.

    Nothing is touched while another live process holds the data dir: its `.open` files are
    being written, not left behind.
    """
    if held_elsewhere(data_dir) is not None:
        return []
    for path in sorted((data_dir / RAW_DIR).glob(f"*{SUFFIX}{OPEN_SUFFIX}")):
        if exclude_run is not None and path.name.startswith(f"{exclude_run}-"):
            continue
        keep = complete_length(path)
        if keep < path.stat().st_size:
            with path.open("r+b") as stream:
                stream.truncate(keep)
                os.fsync(stream.fileno())
    return seal_open_files(data_dir, exclude_run=exclude_run)
