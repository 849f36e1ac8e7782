"""Is one page through build_record cheaper than one page through trafilatura alone?

Runs, over the same pages in one process, `build_record` (decode, one selectolax walk, one
trafilatura run, cleaning, fields) and the plain loop step (decode, then
`trafilatura.bare_extraction(with_metadata=True)`), alternating rounds so both see the same
machine load, and prints pages/s of each and the median ratio of their times.
With --profile it prints the ten most expensive functions of build_record (cumulative).

Usage: python bench/extract_cost.py [--rounds 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from cleaners.assemble.from_html import build_record
from cleaners.records import Page, SiteRules
from cleaners.text.decode import decode_html

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FOLDERS = (SHARED / "devset" / "cwced" / "original", SHARED / "realpages")
FETCHED_AT = "2026-01-01T00:00:00Z"
TOP = 10  # functions shown by --profile

LoadedPage = tuple[str, bytes]


def load_pages() -> list[LoadedPage]:
    """Read every HTML page of the devset and the real pages, with a made-up URL each."""
    pages = []
    for folder in FOLDERS:
        for path in sorted(folder.rglob("*.html")):
            pages.append((f"http://bench.invalid/{path.relative_to(folder)}", path.read_bytes()))
    return pages


def pipeline(pages: list[LoadedPage]) -> None:
    """Build a record of every page."""
    rules = SiteRules()
    for url, body in pages:
        build_record(Page(url, "import", 200, (), body, FETCHED_AT), rules)


def plain(pages: list[LoadedPage]) -> None:
    """Decode every page and run trafilatura with its metadata, as a plain loop does."""
    for url, body in pages:
        trafilatura.bare_extraction(decode_html(body).text, url=url, with_metadata=True)


def _timed(run: Callable[[list[LoadedPage]], None], pages: list[LoadedPage]) -> float:
    start = time.perf_counter()
    run(pages)
    return time.perf_counter() - start


def profile(pages: list[LoadedPage]) -> None:
    """Print the most expensive functions of build_record, by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    pipeline(pages)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(TOP + 3)


def main() -> None:
    """Time both loops alternately and print their rates and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of each loop")
    parser.add_argument("--profile", action="store_true", help="profile build_record")
    args = parser.parse_args()
    if args.rounds < 1:
        sys.exit("--rounds must be at least 1")
    if not all(folder.is_dir() for folder in FOLDERS):
        sys.exit(f"shared pages not found: need {' and '.join(map(str, FOLDERS))}")
    pages = load_pages()
    pipeline(pages[:5])  # warm imports and caches of both
    plain(pages[:5])
    ours: list[float] = []
    theirs: list[float] = []
    for index in range(args.rounds):
        order = (pipeline, plain) if index % 2 == 0 else (plain, pipeline)
        for run in order:
            (ours if run is pipeline else theirs).append(_timed(run, pages))
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    print(f"{len(pages)} pages, {args.rounds} alternating rounds")
    for name, times in (("build_record", ours), ("bare_extraction(with_metadata)", theirs)):
        print(f"{name:32} {len(pages) / statistics.median(times):6.1f} pages/s")
    print(
        f"time ratio build_record / trafilatura: median {statistics.median(ratios):.2f} "
        f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)})"
    )
    if args.profile:
        profile(pages)


if __name__ == "__main__":
    main()
