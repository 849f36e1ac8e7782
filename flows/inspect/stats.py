"""Count what a corpus holds: records per source and month, text lengths, fields found, rejects.

Reads DATA/clean/**/*.jsonl and DATA/rejects/*.jsonl one line at a time; a line that is not a
JSON object with an `id` is counted as unreadable (`validate` says what is wrong with it).
"Source" here is the site key of sources.toml (the record's `site`); a record's month is the
month of its `published_at` as written, in the site's local time.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

CLEAN_GLOB = "clean/**/*.jsonl"  # the corpus, one folder per site or any layout below clean/
REJECTS_GLOB = "rejects/*.jsonl"  # one line per dropped document: stage, reason, url, detail
MONTH = re.compile(r"^(\d{4})-(\d{2})-\d{2}")  # the local month of an ISO 8601 date as written
UNKNOWN_SITE = "?"  # records whose site is missing or not a string
LENGTH_BOUNDS = (200, 500, 1_000, 2_000, 5_000, 10_000)  # histogram edges, in characters
QUANTILES = {"p10": 0.1, "p25": 0.25, "median": 0.5, "p75": 0.75, "p90": 0.9}


@dataclass(frozen=True, slots=True)
class Lengths:
    """Distribution of text lengths, in characters."""

    count: int = 0
    mean: float = 0.0
    minimum: int = 0
    maximum: int = 0
    quantiles: Mapping[str, int] = field(default_factory=dict)  # p10, p25, median, p75, p90
    buckets: tuple[tuple[str, int], ...] = ()  # ("<200", n), ("200-499", n), … ("≥10000", n)


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything `stats` reports about one data dir."""

    data_dir: str
    files: int
    records: int
    unreadable: int  # clean/ lines that are not a JSON object with an id
    sites: tuple[str, ...]
    months: tuple[str, ...]  # every month from the first dated record to the last, gaps included
    per_month: Mapping[str, tuple[int, ...]]  # site -> records per month, aligned with `months`
    per_site: Mapping[str, int]
    undated: Mapping[str, int]  # site -> records without published_at
    duplicates: Mapping[str, int]  # site -> records with duplicate_of
    found: Mapping[str, int]  # date / source / authors / editor -> records where it was found
    lengths: Lengths
    rejects: tuple[tuple[str, str, int], ...]  # (stage, reason, count), largest first
    reject_files: int = 0
    reject_unreadable: int = 0

    def share(self, what: str) -> float:
        """Return the share of records in which `what` (date, source, authors, editor) was found."""
        return self.found.get(what, 0) / self.records if self.records else 0.0

    @property
    def total_duplicates(self) -> int:
        """Return how many records point at an earlier one."""
        return sum(self.duplicates.values())

    @property
    def total_rejects(self) -> int:
        """Return how many documents were dropped."""
        return sum(n for _, _, n in self.rejects)


@dataclass(slots=True)
class _Tally:
    """Counts gathered while reading clean/ (mutable; frozen into Stats at the end)."""

    files: int = 0
    records: int = 0
    unreadable: int = 0
    months: Counter[tuple[str, str]] = field(default_factory=Counter)  # (site, month)
    per_site: Counter[str] = field(default_factory=Counter)
    undated: Counter[str] = field(default_factory=Counter)
    duplicates: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    lengths: array[int] = field(default_factory=lambda: array("q"))

    def add(self, record: Mapping[str, Any]) -> None:
        """Count one record."""
        site = record.get("site")
        site = site if isinstance(site, str) and site else UNKNOWN_SITE
        self.records += 1
        self.per_site[site] += 1
        published = record.get("published_at")
        month = MONTH.match(published) if isinstance(published, str) else None
        if month:
            self.months[(site, f"{month[1]}-{month[2]}")] += 1
        else:
            self.undated[site] += 1
        if isinstance(record.get("duplicate_of"), str):
            self.duplicates[site] += 1
        text = record.get("text")
        self.lengths.append(len(text) if isinstance(text, str) else 0)
        self.found.update(name for name, hit in _found(record, month is not None) if hit)


def _found(record: Mapping[str, Any], dated: bool) -> Iterator[tuple[str, bool]]:
    """Say which optional fields the cleaners found in a record."""
    source, site_name = record.get("source"), record.get("site_name")
    yield "date", dated
    # source falls back to site_name: only a different publisher shows one was found
    yield "source", isinstance(source, str) and bool(source) and source != site_name
    yield "authors", isinstance(record.get("authors"), list) and bool(record.get("authors"))
    yield "editor", isinstance(record.get("editor"), str) and bool(record.get("editor"))


def _json_objects(path: Path, key: str) -> Iterator[dict[str, Any] | None]:
    """Yield each line's JSON object, or None unless it is one with `key` (blanks skipped)."""
    with path.open("rb") as lines:
        for raw in lines:
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except ValueError:  # JSONDecodeError and UnicodeDecodeError both are
                yield None
                continue
            yield value if isinstance(value, dict) and key in value else None


def collect_stats(data_dir: Path) -> Stats:
    """Read the corpus and rejects of a data dir and count what they hold."""
    tally = _Tally()
    for path in sorted(data_dir.glob(CLEAN_GLOB)):
        tally.files += 1
        for record in _json_objects(path, "id"):
            if record is None:
                tally.unreadable += 1
            else:
                tally.add(record)
    rejects, reject_files, reject_unreadable = _count_rejects(data_dir)
    sites = tuple(sorted(tally.per_site))
    months = _month_range(month for _, month in tally.months)
    return Stats(
        data_dir=str(data_dir),
        files=tally.files,
        records=tally.records,
        unreadable=tally.unreadable,
        sites=sites,
        months=months,
        per_month={s: tuple(tally.months[(s, m)] for m in months) for s in sites},
        per_site=dict(tally.per_site),
        undated={s: tally.undated[s] for s in sites},
        duplicates={s: tally.duplicates[s] for s in sites},
        found={name: tally.found[name] for name in ("date", "source", "authors", "editor")},
        lengths=_lengths(tally.lengths),
        rejects=rejects,
        reject_files=reject_files,
        reject_unreadable=reject_unreadable,
    )


def _count_rejects(data_dir: Path) -> tuple[tuple[tuple[str, str, int], ...], int, int]:
    """Return (stage, reason, count) largest first, the files read, and unreadable lines."""
    counts: Counter[tuple[str, str]] = Counter()
    files = unreadable = 0
    for path in sorted(data_dir.glob(REJECTS_GLOB)):
        files += 1
        for reject in _json_objects(path, "reason"):
            if reject is None:
                unreadable += 1
            else:
                counts[(str(reject.get("stage", "?")), str(reject.get("reason", "?")))] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple((stage, reason, n) for (stage, reason), n in ranked), files, unreadable


def _month_range(months: Iterator[str]) -> tuple[str, ...]:
    """Return every month from the earliest to the latest given, none skipped."""
    seen = sorted(set(months))
    if not seen:
        return ()
    first, last = (int(m[:4]) * 12 + int(m[5:7]) - 1 for m in (seen[0], seen[-1]))
    return tuple(f"{index // 12:04d}-{index % 12 + 1:02d}" for index in range(first, last + 1))


def _lengths(values: array[int]) -> Lengths:
    """Summarise text lengths: mean, extremes, quantiles, and a histogram."""
    if not values:
        return Lengths()
    ordered = sorted(values)
    count = len(ordered)
    labels = [f"<{LENGTH_BOUNDS[0]}"]
    labels += [f"{lo}-{hi - 1}" for lo, hi in pairwise(LENGTH_BOUNDS)]
    labels += [f"≥{LENGTH_BOUNDS[-1]}"]
    buckets = Counter(bisect_right(LENGTH_BOUNDS, v) for v in ordered)
    return Lengths(
        count=count,
        mean=sum(ordered) / count,
        minimum=ordered[0],
        maximum=ordered[-1],
        quantiles={k: ordered[max(0, math.ceil(q * count) - 1)] for k, q in QUANTILES.items()},
        buckets=tuple((label, buckets[i]) for i, label in enumerate(labels)),
    )


def to_dict(stats: Stats) -> dict[str, Any]:
    """Return the stats as plain JSON-able data (every month listed, empty ones as 0)."""
    return {
        "data_dir": stats.data_dir,
        "files": stats.files,
        "records": stats.records,
        "unreadable_lines": stats.unreadable,
        "duplicates": stats.total_duplicates,
        "months": list(stats.months),
        "sites": {
            site: {
                "records": stats.per_site[site],
                "undated": stats.undated[site],
                "duplicates": stats.duplicates[site],
                "per_month": dict(zip(stats.months, stats.per_month[site], strict=True)),
            }
            for site in stats.sites
        },
        "found": {
            name: {"records": n, "share": round(stats.share(name), 4)}
            for name, n in stats.found.items()
        },
        "text_length": _lengths_dict(stats.lengths),
        "rejects": {
            "total": stats.total_rejects,
            "files": stats.reject_files,
            "unreadable_lines": stats.reject_unreadable,
            "by_reason": [
                {"stage": stage, "reason": reason, "count": n} for stage, reason, n in stats.rejects
            ],
        },
    }


def _lengths_dict(lengths: Lengths) -> dict[str, Any]:
    return {
        "count": lengths.count,
        "mean": round(lengths.mean, 1),
        "min": lengths.minimum,
        **lengths.quantiles,
        "max": lengths.maximum,
        "histogram": dict(lengths.buckets),
    }


def to_json(stats: Stats) -> str:
    """Return the stats as a JSON document (UTF-8 text, not ASCII-escaped)."""
    return json.dumps(to_dict(stats), ensure_ascii=False, indent=2)
