"""Bring outside WARCs (import-warc) and text dumps (import-text) into raw/, then the corpus.

import-warc copies a file's good records into raw/, import-text stores each text as a WARC
resource record there, so a reclean (flows/crawl/rebuild.py) reproduces their records too. A
file imported before (by its SHA-256) is counted and skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from warcio.warcwriter import WARCWriter

from flows.config import Config
from flows.counters import WARC_BYTES, Counters
from flows.crawl.buildpool import PagePool
from flows.crawl.process import IN_PROCESS, Processor
from flows.crawl.rebuild import RAW_DIR, feed, reading, site_rules
from flows.errors import WarcDamaged
from flows.store.datalock import DataDirLock
from flows.store.state import ensure_schema, open_state
from flows.store.warccompanions import CompanionIndex, joined_pages
from flows.store.warcread import IMPORT_SITE, iter_warc, pointer_file
from flows.store.warcwrite import KIND_HEADER, SITE_HEADER, TEXT_KIND

TEXT_SUFFIXES = (".txt", ".text")  # files a folder given to import-text contributes
JSONL_SUFFIXES = (".jsonl", ".ndjson")  # one JSON object per line, its text in "text"
HASH_CHUNK = 1 << 20  # bytes read at a time while hashing a file

DDL = """
CREATE TABLE IF NOT EXISTS imported (
    sha256 TEXT PRIMARY KEY,        -- content of an imported file
    raw_file TEXT NOT NULL,         -- where its records live now, relative to the data dir
    imported_at TEXT NOT NULL
) WITHOUT ROWID;
"""


def _stamp() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}"


def import_warc(
    paths: Sequence[Path],
    data_dir: Path,
    config: Config | None = None,
    *,
    workers: int = IN_PROCESS,
    counters: Counters | None = None,
    pool: PagePool | None = None,
) -> Counters:
    """Copy WARC files into raw/ and add their pages; raise WarcDamaged after keeping the rest."""
    counters = counters or Counters()
    damage: list[WarcDamaged] = []
    with DataDirLock(data_dir), Processor(
        data_dir, site_rules(data_dir, config), counters=counters, workers=workers, pool=pool,
    ) as processor:  # fmt: skip
        conn = open_state(data_dir)
        ensure_schema(conn, DDL)
        try:
            for path in paths:
                exc = _import_one(Path(path), data_dir, conn, processor, counters)
                if exc is not None:
                    damage.append(exc)
        finally:
            conn.close()
    if damage:
        raise damage[0]
    return counters


def _import_one(
    path: Path, data_dir: Path, conn: sqlite3.Connection, processor: Processor, counters: Counters
) -> WarcDamaged | None:
    """Import one WARC file; return the damage it ends in, if any."""
    raw = data_dir / RAW_DIR
    size = path.stat().st_size
    if path.resolve().parent == raw.resolve():  # already in the store: read it where it is
        index = CompanionIndex([path], data_dir)
        pages = reading(iter_warc(path, data_dir=data_dir, counters=counters), size, counters)
        return feed(joined_pages(pages, index, data_dir, counters), processor)
    digest = _sha256(path)
    if conn.execute("SELECT 1 FROM imported WHERE sha256 = ?", (digest,)).fetchone():
        counters.add("already_imported")
        counters.advance(WARC_BYTES, size)
        return None
    with path.open("rb") as handle:
        suffix = ".warc.gz" if handle.read(2) == b"\x1f\x8b" else ".warc"
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in path.name.split(".")[0])
    final = raw / f"{_stamp()}-import-{stem[:60]}{suffix}"
    partial = final.with_name(final.name + ".open")
    raw.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, partial)
    pointer_name = pointer_file(final, data_dir)
    index = CompanionIndex([partial], data_dir)  # read from the copy while it is written
    read = reading(iter_warc(partial, data_dir=data_dir, counters=counters, name=pointer_name),
                   size, counters)  # fmt: skip
    pages = joined_pages(read, index, data_dir, counters)
    damage = feed(pages, processor)
    if damage is not None:
        os.truncate(partial, damage.offset)  # raw/ keeps whole records only
        damage = WarcDamaged(
            f"{path}: damaged after byte {damage.offset}; every record before it was imported",
            path=str(path),
            offset=damage.offset,
        )
    _seal(partial, final)
    conn.execute(
        "INSERT OR REPLACE INTO imported (sha256, raw_file, imported_at) VALUES (?, ?, ?)",
        (digest, pointer_name, _stamp()),
    )
    return damage


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _seal(partial: Path, final: Path) -> None:
    """Flush a file written under a temporary name to disk and give it its final name."""
    fd = os.open(partial, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(partial, final)


def import_text(
    paths: Sequence[Path],
    data_dir: Path,
    config: Config | None = None,
    *,
    counters: Counters | None = None,
) -> Counters:
    """Store text dumps in raw/ as WARC resources, then clean them into the corpus."""
    counters = counters or Counters()
    with DataDirLock(data_dir):
        return _import_texts(paths, data_dir, config, counters)


def _import_texts(
    paths: Sequence[Path], data_dir: Path, config: Config | None, counters: Counters
) -> Counters:
    """Store the new text dumps among `paths` in raw/, then clean them into the corpus."""
    conn = open_state(data_dir)
    ensure_schema(conn, DDL)
    try:
        files = _new_files(_text_files([Path(p) for p in paths]), conn, counters)
        if not files:
            return counters
        final = _store_texts(files, data_dir, counters)
        conn.executemany(
            "INSERT OR REPLACE INTO imported (sha256, raw_file, imported_at) VALUES (?, ?, ?)",
            [(digest, pointer_file(final, data_dir), _stamp()) for _, digest in files],
        )
    finally:
        conn.close()
    with Processor(data_dir, site_rules(data_dir, config), counters=counters) as processor:
        feed(iter_warc(final, data_dir=data_dir, counters=counters), processor)
    return counters


def _text_files(paths: Sequence[Path]) -> list[Path]:
    """Return the files given, and the text and JSONL files inside the folders given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and _is_text_input(p))
        else:
            files.append(path)
    return files


def _new_files(
    files: Sequence[Path], conn: sqlite3.Connection, counters: Counters
) -> list[tuple[Path, str]]:
    """Return (file, sha256) of the files not imported before."""
    fresh: list[tuple[Path, str]] = []
    for file in files:
        digest = _sha256(file)
        if conn.execute("SELECT 1 FROM imported WHERE sha256 = ?", (digest,)).fetchone():
            counters.add("already_imported")
        elif digest not in {d for _, d in fresh}:
            fresh.append((file, digest))
    return fresh


def _store_texts(files: Sequence[tuple[Path, str]], data_dir: Path, counters: Counters) -> Path:
    """Write every text of the files into one new raw/ WARC of resource records."""
    raw = data_dir / RAW_DIR
    raw.mkdir(parents=True, exist_ok=True)
    final = raw / f"{_stamp()}-import-text.warc.gz"
    partial = final.with_name(final.name + ".open")
    with partial.open("xb") as out:
        writer = WARCWriter(out, gzip=True)
        for file, _ in files:
            for url, body, fetched_at in _text_items(file, counters):
                writer.write_record(_resource(writer, url, body, fetched_at))
    _seal(partial, final)
    return final


def _resource(writer: WARCWriter, url: str, body: bytes, fetched_at: str) -> object:
    """Return a resource record holding one text dump."""
    headers = {
        "WARC-Date": fetched_at,
        SITE_HEADER: IMPORT_SITE,
        KIND_HEADER: TEXT_KIND,
    }
    return writer.create_warc_record(
        url, "resource", payload=BytesIO(body), length=len(body),
        warc_content_type="text/plain", warc_headers_dict=headers,
    )  # fmt: skip


def _text_items(file: Path, counters: Counters) -> Iterator[tuple[str, bytes, str]]:
    """Yield (url, bytes, fetched_at) for the text of a file, or each text of a JSONL file."""
    fetched_at = f"{datetime.fromtimestamp(file.stat().st_mtime, UTC):%Y-%m-%dT%H:%M:%SZ}"
    if file.suffix.lower() in JSONL_SUFFIXES:
        yield from _jsonl_items(file, fetched_at, counters)
    else:
        yield file.resolve().as_uri(), file.read_bytes(), fetched_at


def _is_text_input(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES and not path.name.startswith(".")


def _jsonl_items(
    file: Path, fetched_at: str, counters: Counters
) -> Iterator[tuple[str, bytes, str]]:
    """Yield one text per JSONL line that has a string `text` (with its url and title)."""
    base = file.resolve().as_uri()
    with file.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            item = _json_object(line)
            text = item.get("text") if item else None
            if not isinstance(text, str) or not text.strip():
                if line.strip():
                    counters.drop("import", "no_text")
                continue
            url = item.get("url") if item else None
            title = item.get("title") if item else None
            if isinstance(title, str) and title.strip() and not text.startswith(title.strip()):
                text = f"{title.strip()}\n{text}"
            url = url if isinstance(url, str) and url.strip() else f"{base}#L{number}"
            yield url.strip(), text.encode("utf-8"), fetched_at


def _json_object(line: str) -> dict[str, object] | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
