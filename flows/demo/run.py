"""Run the demo: serve the sample portals, crawl them through the real crawl flow, report."""

from __future__ import annotations

import importlib
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from rich.console import Console

from flows.config import Config
from flows.counters import Counters
from flows.demo.server import Hit, serve_portals
from flows.orchestrate.report import RunSummary, output_console, run_with_progress

Engine = Literal["flow", "plain"]  # the Prefect crawl flow, or the same steps without Prefect
DIR_PREFIX = "portal-corpus-demo-"  # fresh data folders are named by the time they were made
# Stable ports keep URLs, and so record ids, the same when the demo runs again into one folder.
DEMO_FIRST_PORT = 18461
REJECTS_GLOB = "rejects*/**/*.jsonl"  # drop files beside clean/


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What a demo run left behind and how it went."""

    data_dir: Path
    summary: RunSummary
    corpus_files: tuple[Path, ...]
    records: int  # lines in the corpus
    duplicates: int  # records with duplicate_of set
    problems: tuple[str, ...]  # what `portal-corpus validate` finds, one line each
    hits: tuple[Hit, ...]  # requests the demo servers answered, in order
    base_urls: dict[str, str]  # where each portal was served during the run
    elapsed_s: float

    @property
    def requests(self) -> int:
        """Return how many requests the demo servers answered."""
        return len(self.hits)

    @property
    def exit_code(self) -> int:
        """Return non-zero when the crawl failed, wrote nothing, or wrote an invalid corpus."""
        return self.summary.exit_code or int(self.records == 0 or bool(self.problems))


def fresh_data_dir(parent: Path, now: datetime | None = None) -> Path:
    """Return a new folder under `parent` named after the current time."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate, n = parent / f"{DIR_PREFIX}{stamp}", 1
    while candidate.exists():
        n += 1
        candidate = parent / f"{DIR_PREFIX}{stamp}-{n}"
    candidate.mkdir(parents=True)
    return candidate


def _crawler(config: Config, data_dir: Path, engine: Engine) -> Callable[[Counters], RunSummary]:
    """Return a function that crawls the demo config into the data dir with given counters."""
    crawl: Callable[..., RunSummary]
    if engine == "flow":
        from flows.orchestrate.prefect_flows import crawl_flow as crawl
    else:
        from flows.orchestrate.commands import crawl

    def run(counters: Counters) -> RunSummary:
        """Crawl the demo's portals; title the run's table as the demo's."""
        return replace(crawl(config, data_dir, workers=1, counters=counters), command="demo")

    return run


def _prefect_api() -> None:
    """Make sure a Prefect API answers: the configured one, or the embedded server."""
    from flows.orchestrate.runners import start_server

    start_server()


def _corpus(data_dir: Path) -> tuple[tuple[Path, ...], int, int, tuple[str, ...]]:
    """Return the corpus files, record and duplicate counts, and validation problems."""
    from flows.inspect.validate import corpus_files, format_problem, validate_path

    files = tuple(corpus_files(data_dir))
    records = duplicates = 0
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                records += 1
                duplicates += json.loads(line).get("duplicate_of") is not None
    problems = tuple(format_problem(p) for p in validate_path(data_dir)) if files else ()
    return files, records, duplicates, problems


def run_demo(
    data_dir: Path | None = None,
    *,
    engine: Engine = "flow",
    echo: bool = True,
    first_port: int = DEMO_FIRST_PORT,
) -> DemoResult:
    """Serve the demo portals, crawl them into `data_dir` (default: a fresh folder), report."""
    target = data_dir if data_dir is not None else fresh_data_dir(Path.cwd())
    started = time.monotonic()
    with ThreadPoolExecutor(1) as pool, serve_portals(first_port=first_port) as sites:
        crawl = _crawler(sites.config, target, engine)  # Prefect is imported here, once
        booting = pool.submit(_prefect_api) if engine == "flow" else None
        importlib.import_module("flows.crawl.steps")  # the cleaners load while the server boots
        if booting is not None:
            booting.result()
        summary = run_with_progress("demo", crawl) if echo else crawl(Counters())
        hits, base_urls = tuple(sites.log.hits()), dict(sites.base_urls)
    files, records, duplicates, problems = _corpus(target)
    result = DemoResult(
        data_dir=target,
        summary=summary,
        corpus_files=files,
        records=records,
        duplicates=duplicates,
        problems=problems,
        hits=hits,
        base_urls=base_urls,
        elapsed_s=time.monotonic() - started,
    )
    if echo:
        print_report(result, output_console())
    return result


def print_report(result: DemoResult, console: Console) -> None:
    """Print where the corpus is and whether it is valid."""
    root = result.data_dir.resolve()
    sites = sorted({p.parent.name for p in result.corpus_files})
    console.print(f"data dir: {root}")
    files = len(result.corpus_files)
    console.print(f"  corpus:  {root / 'clean'} ({files} JSONL files, {len(sites)} sites)")
    for path in sorted(root.glob(REJECTS_GLOB)):
        console.print(f"  rejects: {path}")
    console.print(f"  raw:     {root / 'raw'} (WARC)")
    console.print(
        f"{result.records} records ({result.duplicates} marked duplicate_of) from "
        f"{result.requests} requests in {result.elapsed_s:.1f} s"
    )
    if result.problems:
        console.print(f"validate: {len(result.problems)} problems, first: {result.problems[0]}")
    else:
        console.print(f"validate: ok (portal-corpus validate {result.data_dir})")
