"""Which records an export takes, and the corpus read one line at a time to find them.

A record's day is the day of its `published_at` as written, in the site's local time (as the
corpus files it by month); an undated record is left out as soon as --since or --until is given.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

CLEAN_DIR = "clean"  # the records of a data dir; rejects/ beside it are not records
CORPUS_GLOB = "*.jsonl"  # the corpus files below clean/, at any depth
DAY_CHARS = 10  # "2020-05-07" out of "2020-05-07T21:47:22+08:00"


@dataclass(frozen=True, slots=True)
class Selection:
    """The records to export: of these sites (all when empty), in these days, originals only."""

    sites: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None
    originals_only: bool = False

    def admits(self, record: dict[str, Any]) -> bool:
        """Tell whether the record is in the selection."""
        if self.sites and record.get("site") not in self.sites:
            return False
        if self.originals_only and record.get("duplicate_of") is not None:
            return False
        if self.since is None and self.until is None:
            return True
        published = record.get("published_at")
        if not isinstance(published, str):
            return False
        day = published[:DAY_CHARS]
        if self.since is not None and day < self.since.isoformat():
            return False
        return self.until is None or day <= self.until.isoformat()


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a corpus file: where it is, its bytes, and its JSON object (None if none)."""

    file: Path
    number: int
    raw: bytes
    record: dict[str, Any] | None


def corpus_files(data_dir: Path) -> list[Path]:
    """Return the corpus files of a data dir, sorted, so files of one site folder come together."""
    root = data_dir / CLEAN_DIR
    return sorted(path for path in root.rglob(CORPUS_GLOB) if path.is_file())


def site_folder(data_dir: Path, file: Path) -> str:
    """Return the first folder below clean/ that holds the file (its site, in the usual layout)."""
    parts = file.relative_to(data_dir / CLEAN_DIR).parts
    return parts[0] if len(parts) > 1 else ""


def read_lines(file: Path) -> Iterator[Line]:
    """Yield each non-blank line of a corpus file with its JSON object, if it holds one."""
    with file.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            yield Line(file, number, raw, _json_object(raw))


def _json_object(raw: bytes) -> dict[str, Any] | None:
    """Return the JSON object on a line, or None when the line holds none."""
    try:
        value = json.loads(raw)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError both are
        return None
    return value if isinstance(value, dict) else None
