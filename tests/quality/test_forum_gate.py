"""Quality gate: forum and Q&A threads keep every post's text (magic/forum, 10 pages, 6 sites).

Scored like the devset (character-unigram F1, whitespace removed, mean over pages; a page with
no output scores 0), pages fed as import-warc gets them. Floors sit just under what the
pipeline reaches (`python bench/quality.py`: mean F1 0.920, plain trafilatura 0.73) and may only
go up. One site's page (a post whose comments are mostly not in its HTML) cannot pass 0.6
whatever reads it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import devset_score as ds
import pytest

from tests.conftest import SHARED

FORUM = SHARED / "devset" / "magic" / "forum"
# The target 0.90 was reached (0.907) once a post's repeated lines (a quote) stay; 0.920 once
# two answers holding a nested reply read as a thread, a question keeps its short lines and
# replies listed under a floor are kept (0.9200 in the gate's own sum).
MIN_MEAN_F1 = 0.915
MIN_SITE_F1 = 0.55  # the worst site's mean: the post whose comments the page does not hold

pytestmark = pytest.mark.skipif(
    not FORUM.is_dir(), reason=f"forum pages not found at {FORUM} (they live beside the checkout)"
)


@pytest.fixture(scope="module")
def pages() -> list[ds.DevPage]:
    return ds.load_gold_folder(FORUM)


@pytest.fixture(scope="module")
def result(pages: list[ds.DevPage]) -> ds.Score:
    return ds.score(pages, ds.predict_pipeline)


def test_thread_text_stays_above_the_floor(result: ds.Score) -> None:
    worst = ", ".join(
        f"{p.id[:8]}={p.f1:.3f}" for p in sorted(result.pages, key=lambda p: p.f1)[:3]
    )
    assert result.mean("f1") >= MIN_MEAN_F1, f"mean F1 below {MIN_MEAN_F1}; worst: {worst}"


def test_every_site_stays_above_the_floor(pages: list[ds.DevPage], result: ds.Score) -> None:
    by_site: dict[str, list[float]] = {}
    for page, scored in zip(pages, result.pages, strict=True):
        by_site.setdefault(urlsplit(page.url).hostname or "", []).append(scored.f1)
    low = {site: sum(f1s) / len(f1s) for site, f1s in by_site.items()}
    assert {site: f1 for site, f1 in low.items() if f1 < MIN_SITE_F1} == {}


def test_no_thread_page_is_dropped(result: ds.Score) -> None:
    assert [p.id[:8] for p in result.pages if p.precision == 0.0] == []
