"""Quality gates on the design: tuned thresholds that hold on unseen sites, no page far below.

- Leave-one-site-out: for every tuned threshold (tests/support/site_folds.py), the mean page
  quality under the value chosen without a page's site stays within MAX_FOLD_GAP of the
  in-sample figure, over the devset, magic/article and realpages (198 pages, 78 sites); the
  field readers' thresholds likewise, scored by the share of date, author and title right
  (devset and realpages: 171 pages, 58 sites).
- Far below: on the gold-text article sets (devset, magic/article), the pages where the
  pipeline's F1 is more than 0.1 under the better of trafilatura and readability-lxml (when
  installed: the `bench` extra) number at most MAX_FAR_BELOW: none.

Both run the pipeline many times over: marked slow.
"""

from __future__ import annotations

import devset_score as ds
import page_quality as pq
import pytest
import site_folds as sf

from tests.conftest import SHARED

DEVSET = SHARED / "devset" / "cwced"
ARTICLES = SHARED / "devset" / "magic" / "article"
REALPAGES = SHARED / "realpages"
MAX_FOLD_GAP = 0.02  # a threshold choice losing more than this on unseen sites learned sites
MAX_FAR_BELOW = 0  # reached once a caption under two photos stays twice; may only go down

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (DEVSET.is_dir() and ARTICLES.is_dir() and REALPAGES.is_dir()),
        reason=f"shared pages not found under {SHARED} (they live beside the checkout)",
    ),
]


def _gold() -> list[list[ds.DevPage]]:
    return [ds.load_devset(DEVSET), ds.load_gold_folder(ARTICLES)]


def test_every_tuned_threshold_holds_on_sites_left_out() -> None:
    folds = sf.leave_one_site_out(pq.fold_cases(_gold(), REALPAGES))
    gaps = {fold.name: round(fold.in_sample - fold.held_out, 3) for fold in folds}
    assert {name: gap for name, gap in gaps.items() if gap > MAX_FOLD_GAP} == {}


def test_every_field_threshold_holds_on_sites_left_out() -> None:
    cases = pq.field_fold_cases(ds.load_devset(DEVSET), REALPAGES)
    folds = sf.leave_one_site_out(cases, sf.FIELD_GRID)
    gaps = {fold.name: round(fold.in_sample - fold.held_out, 3) for fold in folds}
    assert {name: gap for name, gap in gaps.items() if gap > MAX_FOLD_GAP} == {}


def test_few_pages_fall_far_below_the_references() -> None:
    references = [pq.plain_trafilatura(favor_precision=False)]
    readability = pq.readability_lxml()
    references += [readability] if readability is not None else []
    low = []
    for pages in _gold():
        for page in pages:
            ours = ds.score_page(page, ds.predict_pipeline(page)).f1
            if ours < pq.reference_quality(page, references) - pq.FAR_BELOW:
                low.append(f"{page.id[:8]}={ours:.3f}")
    assert len(low) <= MAX_FAR_BELOW, low
