"""What a corpus holds: records per source and month, text lengths, fields found, rejects.

Reads DATA/clean/**/*.jsonl and DATA/rejects/*.jsonl one line at a time; a line that is not a
JSON object with an `id` is counted as unreadable (`validate` says what is wrong with it).
"Source" here is the site key of sources.toml (the record's `site`); a record's month is the
month of its `published_at` as written, in the site's local time.
"""

from __future__ import annotations

import json
import math
import re
import sys
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CLEAN_GLOB = "clean/**/*.jsonl"  # the corpus, one folder per site or any layout below clean/
REJECTS_GLOB = "rejects/*.jsonl"  # one line per dropped document: stage, reason, url, detail
MONTH = re.compile(r"^(\d{4})-(\d{2})-\d{2}")  # the local month of an ISO 8601 date as written
UNKNOWN_SITE = "?"  # records whose site is missing or not a string
LENGTH_BOUNDS = (200, 500, 1_000, 2_000, 5_000, 10_000)  # histogram edges, in characters
QUANTILES = {"p10": 0.1, "p25": 0.25, "median": 0.5, "p75": 0.75, "p90": 0.9}
ZERO_RUN = 3  # the table folds this many or more months without any record into one row
GAP_COLOUR = "#f4cccc"  # plot: band behind each month a source has no record in
MAX_TICKS = 24  # plot: month labels on the x axis, at most
PLOT_DPI = 100  # plot: pixels per inch of the PNG


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


def render_table(stats: Stats) -> list[RenderableType]:
    """Return rich tables: summary, records per month and source, text lengths, rejects."""
    if stats.records == 0:
        return [_summary_table(stats), _reject_table(stats)]
    return [_summary_table(stats), _month_table(stats), _length_table(stats), _reject_table(stats)]


def _summary_table(stats: Stats) -> Table:
    table = Table(title=f"Corpus in {stats.data_dir}", title_justify="left")
    table.add_column("")
    table.add_column("records", justify="right")
    table.add_column("share", justify="right")
    table.add_row("files", str(stats.files), "")
    table.add_row("records", str(stats.records), "")
    duplicate_share = stats.total_duplicates / stats.records if stats.records else 0.0
    table.add_row("duplicates", str(stats.total_duplicates), f"{duplicate_share:.1%}")
    labels = {"date": "with a date", "source": "with a source other than the portal"}
    labels |= {"authors": "with authors", "editor": "with an editor"}
    for name, label in labels.items():
        table.add_row(label, str(stats.found.get(name, 0)), f"{stats.share(name):.1%}")
    if stats.unreadable:
        table.add_row(Text("unreadable lines", style="red"), str(stats.unreadable), "")
    return table


def _month_table(stats: Stats) -> Table:
    table = Table(title="Records per month", title_justify="left", caption="red 0: none that month")
    table.add_column("month")
    for site in stats.sites:
        table.add_column(site, justify="right")
    table.add_column("all", justify="right")
    for label, counts in _month_rows(stats):
        cells = [Text(str(n), style="red" if n == 0 else "") for n in counts]
        table.add_row(label, *cells, str(sum(counts)))
    table.add_section()
    undated = [stats.undated[s] for s in stats.sites]
    table.add_row("undated", *map(str, undated), str(sum(undated)))
    table.add_row("all", *(str(stats.per_site[s]) for s in stats.sites), str(stats.records))
    return table


def _month_rows(stats: Stats) -> list[tuple[str, tuple[int, ...]]]:
    """Return (label, counts per site) per month, long runs of empty months folded into one."""
    columns = [stats.per_month[site] for site in stats.sites]
    counts = [tuple(column[i] for column in columns) for i in range(len(stats.months))]
    rows: list[tuple[str, tuple[int, ...]]] = []
    start = 0
    while start < len(counts):
        end = start
        while end < len(counts) and not any(counts[end]):
            end += 1
        if end - start >= ZERO_RUN:
            label = f"{stats.months[start]} … {stats.months[end - 1]} ({end - start} months)"
            rows.append((label, counts[start]))
            start = end
            continue
        rows.append((stats.months[start], counts[start]))
        start += 1
    return rows


def _length_table(stats: Stats) -> Table:
    lengths = stats.lengths
    table = Table(title="Text length (characters)", title_justify="left")
    table.add_column("length")
    table.add_column("records", justify="right")
    table.add_column("")
    widest = max((n for _, n in lengths.buckets), default=0) or 1
    for label, n in lengths.buckets:
        table.add_row(label, str(n), "█" * round(20 * n / widest))
    table.add_section()
    figures = {"mean": round(lengths.mean), "min": lengths.minimum, **lengths.quantiles}
    for label, value in (figures | {"max": lengths.maximum}).items():
        table.add_row(label, str(value), "")
    return table


def _reject_table(stats: Stats) -> Table:
    title = f"Rejects by reason ({stats.total_rejects} in {stats.reject_files} files)"
    table = Table(title=title, title_justify="left")
    table.add_column("stage")
    table.add_column("reason")
    table.add_column("documents", justify="right")
    for stage, reason, n in stats.rejects:
        table.add_row(stage, reason, str(n))
    if stats.reject_unreadable:
        table.add_row(Text("unreadable lines", style="red"), "", str(stats.reject_unreadable))
    return table


def build_figure(stats: Stats) -> Figure:
    """Draw records per month, one bar chart per source; months without records shaded red."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    count = len(stats.months)
    rows = max(1, len(stats.sites))
    size = (min(max(8.0, 2.0 + 0.3 * count), 40.0), 1.2 + 1.3 * rows)
    figure = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(figure)  # Agg: no display, no global pyplot state
    axes = figure.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    undated = sum(stats.undated.values())
    figure.suptitle(f"Records per month and source (red: no records; {undated} undated not shown)")
    if count == 0:
        axes[0].text(0.5, 0.5, "no dated records", ha="center", va="center")
        axes[0].set_axis_off()
        return figure
    for axis, site in zip(axes, stats.sites, strict=True):
        _draw_site(axis, site, stats.per_month[site])
    step = math.ceil(count / MAX_TICKS)
    ticks = range(0, count, step)
    axes[-1].set_xticks(list(ticks), [stats.months[i] for i in ticks], rotation=90)
    return figure


def _draw_site(axis: Any, site: str, counts: Sequence[int]) -> None:
    for index, n in enumerate(counts):
        if n == 0:
            axis.axvspan(index - 0.5, index + 0.5, color=GAP_COLOUR, linewidth=0)
    axis.bar(range(len(counts)), counts, width=0.8)
    axis.set_xlim(-0.5, len(counts) - 0.5)
    axis.set_ylim(0, max(max(counts), 1) * 1.15)
    axis.set_ylabel(site, rotation=0, ha="right", va="center")
    axis.yaxis.get_major_locator().set_params(integer=True)


def plot(stats: Stats, path: Path) -> None:
    """Write the records-per-month chart to a PNG file."""
    build_figure(stats).savefig(path, format="png", dpi=PLOT_DPI)


_write_plot = plot  # run_stats's keyword `plot` (the CLI option) hides the function's name


def run_stats(data_dir: Path, *, plot: Path | None = None, as_json: bool = False) -> int:
    """Print what the corpus in `data_dir` holds (tables or JSON), optionally plot it; exit code."""
    if not data_dir.is_dir():
        print(f"{data_dir}: no such folder", file=sys.stderr)
        return 1
    stats = collect_stats(data_dir)
    if as_json:
        print(to_json(stats))
    else:
        Console().print(*render_table(stats))
    if stats.records == 0:
        print(f"{data_dir}: the corpus is empty: no records in {CLEAN_GLOB}", file=sys.stderr)
    if plot is not None:
        _write_plot(stats, plot)
        print(f"wrote {plot}", file=sys.stderr)
    return 0
