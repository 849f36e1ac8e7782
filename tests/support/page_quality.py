"""Scoring shared by bench/quality.py and the quality gates: sites, page qualities, references.

The reference extractors (plain trafilatura, readability-lxml when installed) are measured
beside the pipeline; they are never part of it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import devset_score as ds
import realpages_score as rs
import site_folds as sf
import trafilatura

from cleaners.text.decode import decode_html

Page = Any  # a devset or a realpages page: both carry .url and .html
Predictor = Callable[[Page], ds.Prediction]
FAR_BELOW = 0.1  # a page this far under the better reference is a failure of the design


def plain_trafilatura(*, favor_precision: bool) -> Predictor:
    """Return a predictor running trafilatura alone on the decoded page."""

    def predict(page: Page) -> ds.Prediction:
        html = decode_html(ds.served_bytes(page.html)).text
        doc = trafilatura.bare_extraction(
            html, url=page.url, with_metadata=True, favor_precision=favor_precision
        )
        if doc is None:
            return ds.Prediction("", None, ())
        fields = doc if isinstance(doc, dict) else doc.as_dict()
        authors = tuple(a.strip() for a in (fields.get("author") or "").split(";") if a.strip())
        return ds.Prediction(
            fields.get("text") or "", fields.get("date"), authors, fields.get("title") or ""
        )

    return predict


def readability_lxml() -> Predictor | None:
    """Return a predictor running readability-lxml alone, or None when it is not installed."""
    if importlib.util.find_spec("readability") is None:
        return None
    from lxml import html as lxml_html
    from readability import Document

    def predict(page: Page) -> ds.Prediction:
        try:
            doc = Document(decode_html(ds.served_bytes(page.html)).text)
            summary = doc.summary(html_partial=True)
            text = "\n".join(lxml_html.fromstring(summary).itertext()) if summary.strip() else ""
            title = doc.short_title()
        except Exception:  # readability raises on pages it cannot read; that page scores 0
            return ds.Prediction("", None, ())
        return ds.Prediction(text, None, (), title)

    return predict


def site_of(url: str) -> str:
    """Return the host of a URL without `www.`: pages of one site share it."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def realpage_site(page: rs.RealPage) -> str:
    """Return a labelled page's site: its folder (gne/<site>, netease)."""
    return "/".join(page.label.path.split("/")[:-1])


def snippet_f(result: rs.PageResult) -> float:
    """Return one realpages page's quality: F of `with` recall and `without` avoided."""
    recall = result.with_found / max(result.with_total, 1)
    kept_out = 1 - len(result.without_found) / max(result.without_total, 1)
    return 2 * recall * kept_out / (recall + kept_out) if recall + kept_out else 0.0


def _gold_quality(page: ds.DevPage) -> Callable[[], float]:
    return lambda: ds.score_page(page, ds.predict_pipeline(page)).f1


def _real_quality(page: rs.RealPage) -> Callable[[], float]:
    return lambda: snippet_f(rs.score_page(page, rs.predict_pipeline(page)))


def fold_cases(gold: list[list[ds.DevPage]], realpages: Path) -> list[sf.Case]:
    """Return every gold-text and labelled page as a case scored by the pipeline, by site."""
    cases = [sf.Case(site_of(page.url), _gold_quality(page)) for pages in gold for page in pages]
    for real in rs.load_pages(realpages, rs.load_labels()):
        cases.append(sf.Case(realpage_site(real), _real_quality(real)))
    return cases


def _share(hits: list[bool | None]) -> float:
    scored = [hit for hit in hits if hit is not None]
    return sum(scored) / len(scored) if scored else 1.0


def _gold_fields(page: ds.DevPage) -> Callable[[], float]:
    def quality() -> float:
        scored = ds.score_page(page, ds.predict_pipeline(page))
        return _share([scored.date_hit, scored.author_hit])

    return quality


def _real_fields(page: rs.RealPage) -> Callable[[], float]:
    def quality() -> float:
        result = rs.score_page(page, rs.predict_pipeline(page))
        author = result.author_hit if result.author_hit is not None else not result.invented
        return _share([result.title_hit, result.date_hit, author])

    return quality


def field_fold_cases(devset: list[ds.DevPage], realpages: Path) -> list[sf.Case]:
    """Return the pages with labelled fields, each scored by its share of fields right.

    Devset: the date (where the gold names a day) and the author (UNKNOWN credited when none
    is given); realpages: the title, the date and the author (no author where none is labelled).
    """
    cases = [sf.Case(site_of(page.url), _gold_fields(page)) for page in devset]
    for real in rs.load_pages(realpages, rs.load_labels()):
        cases.append(sf.Case(realpage_site(real), _real_fields(real)))
    return cases


def reference_quality(page: ds.DevPage, references: list[Predictor]) -> float:
    """Return the better reference extractor's F1 on a gold-text page."""
    return max(ds.score_page(page, predict(page)).f1 for predict in references)
