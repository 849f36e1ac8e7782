"""What a run shows: live progress bars on the terminal, then one table of its counts.

The same numbers become the Prefect artifacts of the run (see flows/orchestrate/prefect_flows.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from rich.console import Console
from rich.filesize import decimal
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from flows.counters import WARC_BYTES, Counters
from flows.crawl.buildpool import WORKER_CRASHED
from flows.errors import PortalCorpusError

REFRESH_S = 0.25  # how often the bars read the counters
CRAWL_BARS = ("discovered", "fetched", "written")  # pages found, pages received, records written
READ_BARS = ("read", "written")  # WARC bytes read of their size, records written
READING = frozenset({"import-warc", "reclean"})  # the commands that read WARC files, not the web
OFFLINE = READING | {"import-text"}  # the commands that fetch nothing
FETCH_ROWS = frozenset({"discovered", "fetched", "not_modified"})  # counts only a fetch fills
PIPED_WIDTH = 100_000  # a file or a pipe gets whole lines: rich would wrap them at 80 columns


@dataclass(frozen=True, slots=True)
class RunSummary:
    """The outcome of one run: its counts in table order, and the exit code it deserves."""

    command: str
    rows: tuple[tuple[str, int], ...]
    exit_code: int = 0
    problems: tuple[str, ...] = ()  # known errors met on the way (a damaged WARC), one line each
    # worth a look, not a failure: a source that found nothing, a partial failure with counts
    warnings: tuple[str, ...] = ()

    def count(self, name: str) -> int:
        """Return the count called `name` (0 when absent)."""
        return next((n for label, n in self.rows if label == name), 0)


class RunFailed(PortalCorpusError):
    """A run ended with problems: its flow run fails, and its summary is still reported."""

    def __init__(self, summary: RunSummary) -> None:
        super().__init__("; ".join(summary.problems))
        self.summary = summary


def summarize(command: str, counters: Counters, *, problems: Sequence[str] = ()) -> RunSummary:
    """Freeze a run's counters into a summary; any problem makes the exit code 1.

    A crawl none of whose sources could be read is a problem; some of them, a warning. A
    page whose worker died is a problem.
    """
    problems, warnings = list(problems), []
    failed, tried = counters.failed_sources(), counters.get("sources")
    if failed:
        note = (
            f"{len(failed)} of {tried} sources read no listing page ({', '.join(failed)}); "
            f"{counters.get('listings_failed')} of {counters.get('listings')} listing fetches "
            "failed (each reason is printed above)"
        )
        if len(failed) >= tried:
            problems.append(f"every source failed: {note}")
        else:
            warnings.append(note)
    crashed = sum(n for (_, reason), n in counters.drops().items() if reason == WORKER_CRASHED)
    if crashed:  # the run did not finish those pages (a crawl asks for them again)
        problems.append(
            f"{crashed} page(s) lost their extraction worker ({WORKER_CRASHED}); "
            "see rejects/, a crawl fetches them again on its next run"
        )
    return RunSummary(
        command=command,
        rows=tuple(row for row in counters.rows() if _applies(command, row)),
        exit_code=1 if problems else 0,
        problems=tuple(problems),
        warnings=(*counters.warnings(), *warnings),
    )


def _applies(command: str, row: tuple[str, int]) -> bool:
    """Tell whether a row belongs in a command's table: no empty fetch rows for an import."""
    label, count = row
    return count > 0 or label not in FETCH_ROWS or command.split()[0] not in OFFLINE


def artifact_rows(counters: Counters) -> list[dict[str, object]]:
    """Return the run table as rows for a table artifact."""
    return [{"count": label.strip(), "value": n} for label, n in counters.rows()]


def rejects_markdown(command: str, counters: Counters) -> str:
    """Return the rejects of a run by stage and reason as a markdown table."""
    drops = sorted(counters.drops().items(), key=lambda item: (-item[1], item[0]))
    lines = [f"# Rejects of {command}", ""]
    if not drops:
        return "\n".join([*lines, "No document was dropped."])
    lines += ["| stage | reason | documents |", "|---|---|---:|"]
    lines += [f"| {stage} | {reason} | {n} |" for (stage, reason), n in drops]
    return "\n".join(lines)


def run_table(summary: RunSummary) -> Table:
    """Return the rich table of a finished run."""
    table = Table(title=f"portal-corpus {summary.command}", title_justify="left", min_width=40)
    table.add_column("count")
    table.add_column("value", justify="right")
    for label, n in summary.rows:
        table.add_row(label, f"{n:,}", style="dim" if label.startswith(" ") else None)
    return table


def output_console(*, stderr: bool = False) -> Console:
    """Return a console that wraps lines on a terminal only: a file or pipe gets whole lines."""
    console = Console(stderr=stderr)
    if console.is_terminal:
        return console
    return Console(stderr=stderr, width=PIPED_WIDTH, soft_wrap=True)


@contextmanager
def live_progress(counters: Counters, console: Console, command: str = "") -> Iterator[None]:
    """Show a command's bars while the block runs: pages discovered, fetched and written for a
    crawl; bytes of the WARC files read and records written for import-warc and reclean."""
    progress = Progress(
        TextColumn("{task.description:>10}"),
        BarColumn(),
        TextColumn("{task.fields[amount]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    bars = READ_BARS if command in READING else CRAWL_BARS
    ids = {name: progress.add_task(name, total=None, amount="") for name in bars}
    done = threading.Event()

    def refresh() -> None:
        while not done.wait(REFRESH_S):
            for name, task_id in ids.items():
                completed, total, amount = _bar(name, bars, counters)
                progress.update(task_id, completed=completed, total=total, amount=amount)

    poller = threading.Thread(target=refresh, name="progress", daemon=True)
    with progress:
        poller.start()
        try:
            yield
        finally:
            done.set()
            poller.join()


def _bar(name: str, bars: Sequence[str], counters: Counters) -> tuple[int, int | None, str]:
    """Return where a bar stands, where it ends (None: unknown) and the amount it shows."""
    if name == "read":
        read, size = counters.progress(WARC_BYTES)
        return read, size, f"{decimal(read)} of {decimal(size or 0)}"
    count = counters.get(name)
    if bars is READ_BARS:  # records: how many a WARC holds is not known before reading it
        return count, None, f"{count:,} records"
    total = max(counters.get("discovered"), 1)
    return count, total, f"{count:,}/{total:,}"


def run_with_progress(command: str, run: Callable[[Counters], object]) -> RunSummary:
    """Run a flow with live bars, print its table on stdout, and return its summary."""
    counters = Counters()
    try:
        with live_progress(counters, Console(stderr=True), command):
            result = run(counters)
    except RunFailed as failed:  # a failed flow run: its table and problems are shown all the same
        result = failed.summary
    except BaseException:
        output_console(stderr=True).print(run_table(summarize(f"{command} (stopped)", counters)))
        raise
    summary = result if isinstance(result, RunSummary) else summarize(command, counters)
    output_console().print(run_table(summary))
    return summary
