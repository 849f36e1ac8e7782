"""How well does the pipeline extract text, date and author compared with plain trafilatura?

Runs the pipeline (build_record) and trafilatura (default and favor_precision) side by side on
the shared devset and prints the devset README's table. Usage: python bench/quality.py [--pages]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import trafilatura

from cleaners.decode import decode_html

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset" / "cwced"
sys.path.insert(0, str(ROOT / "tests" / "support"))

import devset_score as ds  # noqa: E402  (lives with the quality gate, imported by path)

# Rows the devset README reports for extractors not installed here (not measured by this script).
REPORTED = (
    "reported in the devset README: readability-lxml 0.9 text P 0.931 R 0.917 F1 0.919; "
    "GNE 0.4.3 text P 0.747 R 0.540 F1 0.539, date 20/26, author 10/35"
)


def plain_trafilatura(*, favor_precision: bool) -> Callable[[ds.DevPage], ds.Prediction]:
    """Return a predictor running trafilatura alone on the decoded page."""

    def predict(page: ds.DevPage) -> ds.Prediction:
        html = decode_html(page.html).text
        doc = trafilatura.bare_extraction(
            html, url=page.url, with_metadata=True, favor_precision=favor_precision
        )
        if doc is None:
            return ds.Prediction("", None, ())
        fields = doc if isinstance(doc, dict) else doc.as_dict()
        authors = tuple(a.strip() for a in (fields.get("author") or "").split(";") if a.strip())
        return ds.Prediction(fields.get("text") or "", fields.get("date"), authors)

    return predict


def main() -> None:
    """Print the devset table, and per-page scores of the pipeline with --pages."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", action="store_true", help="per-page scores of the pipeline")
    parser.add_argument("--only-pipeline", action="store_true", help="skip the trafilatura rows")
    args = parser.parse_args()
    if not DEVSET.is_dir():
        sys.exit(f"devset not found at {DEVSET}")
    pages = ds.load_devset(DEVSET)
    ours = ds.score(pages, ds.predict_pipeline)
    rows = [("portal-corpus pipeline", ours)]
    if not args.only_pipeline:
        rows.append(
            ("trafilatura default", ds.score(pages, plain_trafilatura(favor_precision=False)))
        )
        rows.append(
            (
                "trafilatura favor_precision",
                ds.score(pages, plain_trafilatura(favor_precision=True)),
            )
        )
    print(ds.table(rows))
    print(REPORTED)
    if args.pages:
        for p in sorted(ours.pages, key=lambda p: p.f1):
            print(
                f"{p.id[:8]} P={p.precision:.3f} R={p.recall:.3f} F1={p.f1:.3f} "
                f"date={p.date_hit} author={p.author_hit}"
            )


if __name__ == "__main__":
    main()
