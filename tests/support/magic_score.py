"""Score the pipeline on the magic-html pages (`../shared/devset/magic/{article,forum}`).

Each folder holds `html/<id>.html`, `gold/<id>.txt` and `MANIFEST.tsv` (id, URL). Text is scored
as on the devset (character-unigram F1, whitespace removed, a page with no output scores 0), by
`devset_score.text_scores`. A page's site is its URL's host: the figures are given per site too,
since one site's pages share one template.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from devset_score import FETCHED_AT, text_scores

from cleaners.assemble.from_html import build_record
from cleaners.records import Dropped, FetchedPage, Record, SiteRules


@dataclass(frozen=True, slots=True)
class MagicPage:
    """One page of a magic folder with its gold text."""

    id: str
    url: str
    html: bytes
    gold: str

    @property
    def site(self) -> str:
        """Return the page's host, its site."""
        return urlsplit(self.url).hostname or ""


@dataclass(frozen=True, slots=True)
class MagicScore:
    """The text scores of one page and, when the pipeline dropped it, the reason."""

    page: MagicPage
    precision: float
    recall: float
    f1: float
    dropped: str | None


def load_pages(root: Path) -> list[MagicPage]:
    """Read every page of one magic folder (the one holding MANIFEST.tsv)."""
    with (root / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        MagicPage(
            id=row["id"],
            url=row["url"],
            html=(root / "html" / f"{row['id']}.html").read_bytes(),
            gold=(root / "gold" / f"{row['id']}.txt").read_text(encoding="utf-8"),
        )
        for row in rows
    ]


def pipeline_text(page: MagicPage) -> tuple[str, str | None]:
    """Return the pipeline's text of a page and, when it dropped the page, the reason."""
    fetched = FetchedPage(page.url, "import", 200, (), page.html, FETCHED_AT)
    result = build_record(fetched, SiteRules())
    if isinstance(result, Record):
        return result.text, None
    assert isinstance(result, Dropped)
    return "", result.reason


def score(
    pages: Sequence[MagicPage],
    predict: Callable[[MagicPage], tuple[str, str | None]] = pipeline_text,
) -> list[MagicScore]:
    """Score every page's predicted text against its gold."""
    scores = []
    for page in pages:
        text, dropped = predict(page)
        precision, recall, f1 = text_scores(text, page.gold)
        scores.append(MagicScore(page, precision, recall, f1, dropped))
    return scores


def mean_f1(scores: Sequence[MagicScore]) -> float:
    """Return the mean F1 over pages."""
    return sum(s.f1 for s in scores) / max(len(scores), 1)


def site_means(scores: Sequence[MagicScore]) -> dict[str, float]:
    """Return the mean F1 of each site's pages."""
    by_site: dict[str, list[float]] = {}
    for s in scores:
        by_site.setdefault(s.page.site, []).append(s.f1)
    return {site: sum(f1s) / len(f1s) for site, f1s in sorted(by_site.items())}
