"""Read a data dir's clean/ as the export reads it: files in sorted order, lines in file order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def corpus_lines(data_dir: Path) -> list[bytes]:
    """Return every line of clean/, file by file in sorted order, with its newline."""
    lines: list[bytes] = []
    for path in sorted((data_dir / "clean").rglob("*.jsonl")):
        lines += path.read_bytes().splitlines(keepends=True)
    return lines


def corpus_records(data_dir: Path) -> list[dict[str, Any]]:
    """Return every record of clean/ in the order the export reads them."""
    return [json.loads(line) for line in corpus_lines(data_dir)]
