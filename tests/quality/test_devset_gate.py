"""Quality gate: the HTML pipeline on the shared devset must stay above every known extractor.

Pages are fed as a server sends them (no wrapper line, an HTTP Content-Type without charset), as
import-warc gets them. Floors sit at what the pipeline reaches that way and above the devset
README's best rows (readability-lxml: text P 0.931, R 0.917, F1 0.919; trafilatura default: R
0.929; GNE: date 20/26, author 10/35). They may only go up (the F1 target is 0.96). Scoring:
tests/support/devset_score.py, shared with bench/quality.py.
"""

from __future__ import annotations

import devset_score as ds
import pytest

from tests.conftest import SHARED

DEVSET = SHARED / "devset" / "cwced"
MIN_TEXT_PRECISION = 0.99  # 0.996 reached once a blog archive gives its first post only
MIN_TEXT_RECALL = 0.96
MIN_TEXT_F1 = 0.975  # 0.979 reached (0.955 before the archive rule)
MIN_DATES = 26  # of 26 dated golds
# named golds found, of 35 pages (UNKNOWN golds never count); the 3 named golds missed are
# the page's editor (编辑/责任编辑), which the record keeps apart from its authors
MIN_AUTHORS = 23
MIN_AUTHORS_UNKNOWN_CREDITED = 32  # of 35, an UNKNOWN gold credited when no author is given

pytestmark = pytest.mark.skipif(
    not DEVSET.is_dir(), reason=f"devset not found at {DEVSET} (it lives beside the checkout)"
)


@pytest.fixture(scope="module")
def result() -> ds.Score:
    return ds.score(ds.load_devset(DEVSET), ds.predict_pipeline)


@pytest.mark.parametrize(
    ("measure", "floor"),
    [("precision", MIN_TEXT_PRECISION), ("recall", MIN_TEXT_RECALL), ("f1", MIN_TEXT_F1)],
)
def test_text_scores_stay_above_the_floor(result: ds.Score, measure: str, floor: float) -> None:
    worst = sorted(result.pages, key=lambda p: getattr(p, measure))[:3]
    detail = ", ".join(f"{p.id[:8]}={getattr(p, measure):.3f}" for p in worst)
    assert result.mean(measure) >= floor, f"mean {measure} below {floor}; worst pages: {detail}"


def test_dates_stay_above_the_floor(result: ds.Score) -> None:
    hits, dated = result.dates
    missed = [p.id[:8] for p in result.pages if p.date_hit is False]
    assert dated == 26
    assert hits >= MIN_DATES, f"{hits}/{dated} dates; missed {missed}"


def test_authors_stay_above_the_floor(result: ds.Score) -> None:
    named, _ = result.named_authors
    credited, total = result.authors
    missed = [p.id[:8] for p in result.pages if p.author_named and not p.author_hit]
    assert named >= MIN_AUTHORS, f"{named}/{total} authors; missed {missed}"
    assert credited >= MIN_AUTHORS_UNKNOWN_CREDITED


def test_no_devset_page_is_dropped(result: ds.Score) -> None:
    assert [p.id[:8] for p in result.pages if p.precision == 0.0] == []
