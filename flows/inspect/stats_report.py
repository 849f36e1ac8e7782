"""Show the counts of `stats`: rich tables on the terminal, JSON, and a PNG of records per month.

The plot shades, per source, the months without a record between its first and its last month:
the gaps of its coverage, not the months before it started or after it stopped.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from flows.inspect.stats import CLEAN_GLOB, Stats, collect_stats, to_json

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ZERO_RUN = 3  # the table folds this many or more months without any record into one row
GAP_COLOUR = "#f4cccc"  # plot: band behind a month a source has no record in, inside its span
MAX_TICKS = 24  # plot: month labels on the x axis, at most
PLOT_DPI = 100  # plot: pixels per inch of the PNG


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
    """Draw records per month, one bar chart per source; the gaps inside its span shaded red."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    count = len(stats.months)
    rows = max(1, len(stats.sites))
    size = (min(max(8.0, 2.0 + 0.3 * count), 40.0), 1.2 + 1.3 * rows)
    figure = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(figure)  # Agg: no display, no global pyplot state
    axes = figure.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    undated = sum(stats.undated.values())
    figure.suptitle(
        f"Records per month and source (red: no record between a source's first and last month;"
        f" {undated} undated not shown)"
    )
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
    for index in coverage_gaps(counts):
        axis.axvspan(index - 0.5, index + 0.5, color=GAP_COLOUR, linewidth=0)
    axis.bar(range(len(counts)), counts, width=0.8)
    axis.set_xlim(-0.5, len(counts) - 0.5)
    axis.set_ylim(0, max(max(counts), 1) * 1.15)
    axis.set_ylabel(site, rotation=0, ha="right", va="center")
    axis.yaxis.get_major_locator().set_params(integer=True)


def coverage_gaps(counts: Sequence[int]) -> list[int]:
    """Return the months without a record between a source's first and last month with one."""
    dated = [index for index, n in enumerate(counts) if n]
    if not dated:
        return []
    return [index for index in range(dated[0], dated[-1] + 1) if counts[index] == 0]


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
