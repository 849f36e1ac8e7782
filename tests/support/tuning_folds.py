"""A 5-fold figure for the extractor's thresholds that were tuned on the devset.

Each threshold below was set by looking at devset pages. For an honest figure, every setting of
the grid is scored on every page once; then for each fold the setting with the best mean F1 on
the other four folds is chosen and scored on the fold's own pages. The held-out F1 is the mean
over all pages of their scores under the setting chosen without them; the tuned F1 is the mean
under the setting chosen with them (the in-sample figure of the same procedure).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType

import devset_score as ds

from cleaners.extract import main_block as mainblock
from cleaners.extract import page_lines as blocks

FOLDS = 5
# (module, constant, values tried); the shipped value is among them.
GRID: tuple[tuple[ModuleType, str, tuple[float, ...]], ...] = (
    (mainblock, "MIN_AGREED_SHARE", (0.3, 0.5, 0.7)),
    (mainblock, "MAX_ANCHOR_GAP", (5, 15, 40)),
    (mainblock, "MIN_ANCHORED_SCORE", (30, 60)),
    (blocks, "LINE_COST", (8, 12, 16)),
)


@dataclass(frozen=True, slots=True)
class FoldResult:
    """Held-out and in-sample F1 of the threshold choice, and the setting each fold chose."""

    held_out_f1: float
    tuned_f1: float
    chosen: tuple[str, ...]


def describe() -> str:
    """Name the thresholds and the values tried."""
    return "; ".join(f"{name} in {values}" for _, name, values in GRID)


@contextmanager
def _setting(values: Sequence[float]) -> Iterator[None]:
    saved = [getattr(module, name) for module, name, _ in GRID]
    try:
        for (module, name, _), value in zip(GRID, values, strict=True):
            setattr(module, name, type(getattr(module, name))(value))
        yield
    finally:
        for (module, name, _), value in zip(GRID, saved, strict=True):
            setattr(module, name, value)


def _label(values: Sequence[float]) -> str:
    return "/".join(f"{v:g}" for v in values)


def cross_validate(pages: Sequence[ds.DevPage]) -> FoldResult:
    """Run the grid over the pages and return the 5-fold held-out and in-sample F1."""
    settings = list(itertools.product(*(values for _, _, values in GRID)))
    f1: dict[tuple[float, ...], list[float]] = {}
    for values in settings:
        with _setting(values):
            f1[values] = [p.f1 for p in ds.score(pages, ds.predict_pipeline).pages]
    folds = [list(range(i, len(pages), FOLDS)) for i in range(FOLDS)]
    held: list[float] = []
    tuned: list[float] = []
    chosen: list[str] = []
    for fold in folds:
        inside = set(fold)
        train = [i for i in range(len(pages)) if i not in inside]
        best = max(settings, key=lambda v: (sum(f1[v][i] for i in train), v == settings[0]))
        in_sample = max(settings, key=lambda v: sum(f1[v]))
        held.extend(f1[best][i] for i in fold)
        tuned.extend(f1[in_sample][i] for i in fold)
        chosen.append(_label(best))
    return FoldResult(sum(held) / len(held), sum(tuned) / len(tuned), tuple(chosen))
