"""Quality gate: the modern article pages of ../shared/devset/magic/article (27, full gold text).

Scored like the devset (character-unigram F1, whitespace removed, mean over pages; a page with
no output scores 0). The floor sits at what the pipeline reaches and may only go up (the target
is 0.97, reached); the forum pages are gated with the thread reader.
"""

from __future__ import annotations

import devset_score as ds
import pytest

from tests.conftest import SHARED

ARTICLES = SHARED / "devset" / "magic" / "article"
MIN_TEXT_F1 = 0.99  # 0.991 reached once a caption under two photos stays twice (0.984 before)
MIN_PAGE_F1 = 0.5  # no page may lose most of its article

pytestmark = pytest.mark.skipif(
    not ARTICLES.is_dir(), reason=f"magic pages not found at {ARTICLES} (beside the checkout)"
)


@pytest.fixture(scope="module")
def result() -> ds.Score:
    return ds.score(ds.load_gold_folder(ARTICLES), ds.predict_pipeline)


def test_article_f1_stays_above_the_floor(result: ds.Score) -> None:
    lowest = sorted(result.pages, key=lambda p: p.f1)[:3]
    worst = ", ".join(f"{p.id[:8]}={p.f1:.3f}" for p in lowest)
    assert result.mean("f1") >= MIN_TEXT_F1, f"mean F1 below {MIN_TEXT_F1}; worst: {worst}"


def test_no_article_page_loses_its_article(result: ds.Score) -> None:
    assert [p.id[:8] for p in result.pages if p.f1 < MIN_PAGE_F1] == []
