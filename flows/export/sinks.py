"""Where exported records go: a Parquet dataset partitioned by site, or one JSONL file.

Both take records one at a time in corpus order and hold at most a row group per open site, so
memory stays bounded whatever the size of the corpus.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from flows.export.arrowschema import RECORD_SCHEMA

# rows per row group: about 10 MB of text at the corpus's usual 1-3 kB per record, large enough
# for fast column scans, small enough that a buffer per open site stays a few tens of MB
ROW_GROUP_ROWS = 4096
COMPRESSION = "zstd"  # smaller than snappy, the default, on text; every reader here has it
PARTITION = "site={site}"  # hive-style folder; readers take `site` from it or from the column
PART_FILE = "part-{number:05d}.parquet"
EXPORT_GLOBS = ("site=*", "site=*/part-*.parquet")  # everything an export folder holds


class ParquetSink:
    """Write rows into ROOT/site=KEY/part-NNNNN.parquet, a row group at a time."""

    def __init__(self, root: Path, row_group_rows: int = ROW_GROUP_ROWS) -> None:
        self.root = root
        self.row_group_rows = row_group_rows
        self.files = 0
        self._parts: Counter[str] = Counter()  # part files started per site
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._buffers: dict[str, list[dict[str, Any]]] = {}

    def add(self, site: str, row: dict[str, Any]) -> None:
        """Buffer one row; write the site's row group once it is full."""
        buffer = self._buffers.setdefault(site, [])
        buffer.append(row)
        if len(buffer) >= self.row_group_rows:
            self._flush(site)

    def close_parts(self) -> None:
        """Write what is buffered and close every open part file (the next rows start new ones)."""
        for site in list(self._buffers):
            self._flush(site)
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()
        self._buffers.clear()

    def _flush(self, site: str) -> None:
        rows = self._buffers.get(site)
        if not rows:
            return
        table = pa.Table.from_pylist(rows, schema=RECORD_SCHEMA)
        self._writer(site).write_table(table, row_group_size=self.row_group_rows)
        rows.clear()

    def _writer(self, site: str) -> pq.ParquetWriter:
        writer = self._writers.get(site)
        if writer is None:
            folder = self.root / PARTITION.format(site=site)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / PART_FILE.format(number=self._parts[site])
            self._parts[site] += 1
            self.files += 1
            writer = pq.ParquetWriter(path, RECORD_SCHEMA, compression=COMPRESSION)
            self._writers[site] = writer
        return writer


class JsonlSink:
    """Write the selected lines, as the corpus holds them, into one file."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self.files = 1

    def add_line(self, raw: bytes) -> None:
        """Append one corpus line (a newline is added when the file's last line had none)."""
        self._out.write(raw if raw.endswith(b"\n") else raw + b"\n")
