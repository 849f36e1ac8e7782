"""Leave-one-site-out figures for the extractor's tuned thresholds, over every scored page.

Each threshold below was set by looking at pages. For each one, every value of its grid is
scored on every page (the other thresholds at their shipped values). Then for each site, the
value with the best mean quality on the OTHER sites' pages is chosen and scored on the site's
own pages: the held-out figure is the mean over all pages under the value chosen without their
site; the in-sample figure is the mean under the value best on all pages. A threshold whose
held-out figure falls well under its in-sample one learned the sites it was tuned on.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType

from cleaners.assemble import from_html
from cleaners.extract import interruptions, page, page_meta, post_archive, thread
from cleaners.extract import main_block as mainblock
from cleaners.extract import page_lines as blocks
from cleaners.fields import body, bylines, chrome, owners
from cleaners.text import decode

# (module, constant, values tried); the shipped value is among them.
GRID: tuple[tuple[ModuleType, str, tuple[float, ...]], ...] = (  # scored by text quality
    (mainblock, "MIN_AGREED_SHARE", (0.3, 0.5, 0.7)),
    (mainblock, "MAX_ANCHOR_GAP", (5, 15, 40)),
    (mainblock, "MIN_ANCHORED_SCORE", (30, 60, 120)),
    (blocks, "LINE_COST", (8, 12, 16)),
    (decode, "MIN_CJK_SHARE", (0.3, 0.6, 0.9)),
    (interruptions, "MIN_CARDS", (2, 3, 5)),
    (interruptions, "CARD_MAX_CHARS", (200, 400, 800)),
    (interruptions, "INSET_MAX_LINES", (3, 6, 12)),
    (interruptions, "MIN_RESUMED_SCORE", (30, 60, 120)),
    (page, "WEAK_RUN_OUTWEIGHED", (2, 3, 5)),
    (thread, "MAX_LEAD_CHARS", (250, 500, 1000)),
    (thread, "LEAD_RATIO", (0.25, 0.5, 1.0)),
    (thread, "PAGE_SHARE", (0.3, 0.5, 0.7)),
    (thread, "MIN_CONTAINERS", (2, 3, 4)),
    (post_archive, "MIN_ENTRIES", (2, 3, 5)),
    (post_archive, "ENTRY_HEADLINE_CHARS", (30, 60, 120)),
    (post_archive, "MIN_ENTRY_SCORE", (30, 60, 120)),
    (blocks, "BACKLINK_LEAD", (2, 8, 16)),
    (page, "REPLY_CHARS", (6, 10, 20)),
    (mainblock, "MIN_ITEMS", (2, 3, 5)),
    (chrome, "MIN_LINK_RUN", (2, 3, 5)),
    (chrome, "CREDIT_MAX", (8, 16, 32)),
    (body, "MIN_MIRROR_RUN", (2, 3, 5)),
    (body, "MIN_REPEAT_KEY", (8, 15, 30)),
)
# The field readers' thresholds, scored by field quality (date, author, title hits).
FIELD_GRID: tuple[tuple[ModuleType, str, tuple[float, ...]], ...] = (
    (page, "MAX_BADGE_CHARS", (0, 2, 4, 8)),
    (page_meta, "MAX_ITEMPROP_AUTHORS", (1, 3, 6)),
    (from_html, "MAX_CJK_NAME_CHARS", (4, 6, 10)),
    (from_html, "MAX_META_NAMES", (1, 3, 5)),
    (bylines, "MIN_ORG_CHARS", (2, 3, 4)),
    (owners, "MAX_COPYRIGHT_CHARS", (20, 40, 80)),
    (page, "FOOTER_LINES", (4, 8, 16)),
)
Grid = tuple[tuple[ModuleType, str, tuple[float, ...]], ...]


@dataclass(frozen=True, slots=True)
class Case:
    """One scored page: its site and how to score it (a quality in [0, 1]) under a setting."""

    site: str
    quality: Callable[[], float]


@dataclass(frozen=True, slots=True)
class SiteFold:
    """Held-out and in-sample quality of one threshold's choice, and the values sites chose."""

    name: str
    shipped: float
    held_out: float
    in_sample: float
    chosen: dict[float, int]  # value -> how many sites' folds chose it


@contextmanager
def _setting(module: ModuleType, name: str, value: float) -> Iterator[None]:
    saved = getattr(module, name)
    try:
        setattr(module, name, type(saved)(value))
        yield
    finally:
        setattr(module, name, saved)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / max(len(values), 1)


_RUN: tuple[Sequence[Case], Grid] = ((), ())  # what forked scorers read: set before forking


def _scores_under(job: tuple[int, float]) -> list[float]:
    """Score every case with one threshold of the grid set to a value (in a forked worker)."""
    cases, grid = _RUN
    module, name, _ = grid[job[0]]
    with _setting(module, name, job[1]):
        return [case.quality() for case in cases]


def _grid_scores(cases: Sequence[Case], grid: Grid) -> dict[tuple[int, float], list[float]]:
    """Score every case under every value of every threshold, on all cores."""
    global _RUN
    shipped_scores = [case.quality() for case in cases]
    jobs = [(i, value) for i, (module, name, values) in enumerate(grid)
            for value in values if value != getattr(module, name)]  # fmt: skip
    _RUN = (cases, grid)
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        scored = dict(zip(jobs, pool.map(_scores_under, jobs, chunksize=1), strict=True))
    _RUN = ((), ())
    return {
        (i, value): scored.get((i, value), shipped_scores)
        for i, (_, _, values) in enumerate(grid)
        for value in values
    }


def leave_one_site_out(cases: Sequence[Case], grid: Grid = GRID) -> list[SiteFold]:
    """Return, per tuned threshold, its leave-one-site-out and in-sample mean quality."""
    every = _grid_scores(cases, grid)
    sites = sorted({case.site for case in cases})
    results = []
    for n, (module, name, values) in enumerate(grid):
        shipped = getattr(module, name)
        scores = {value: every[(n, value)] for value in values}
        held: list[float] = []
        chosen: dict[float, int] = {}
        for site in sites:
            train = [i for i, case in enumerate(cases) if case.site != site]
            best = max(values, key=lambda v: (sum(scores[v][i] for i in train), v == shipped))
            chosen[best] = chosen.get(best, 0) + 1
            held.extend(scores[best][i] for i, case in enumerate(cases) if case.site == site)
        in_sample = max(_mean(scores[v]) for v in values)
        results.append(SiteFold(name, shipped, _mean(held), in_sample, chosen))
    return results


def describe() -> str:
    """Name the thresholds and the values tried."""
    return "; ".join(f"{name} in {values}" for _, name, values in GRID)
