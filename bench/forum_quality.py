"""How well does the pipeline read forum and Q&A threads? Text F1 on `../shared/devset/magic/forum`.

Prints one row per page (site, P/R/F1, the reject reason when the pipeline dropped the page),
the mean per site and over pages, beside plain trafilatura on the same pages as a reference.
Scoring: tests/support/magic_score.py (character-unigram F1, whitespace removed).

Usage: python bench/forum_quality.py [--folder article|forum]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from statistics import fmean

import trafilatura

from cleaners.text.decode import decode_html

ROOT = Path(__file__).resolve().parent.parent
MAGIC = ROOT.parent / "shared" / "devset" / "magic"
sys.path.insert(0, str(ROOT / "tests" / "support"))

import magic_score as ms  # noqa: E402  (lives with the quality gates, imported by path)


def trafilatura_text(page: ms.MagicPage) -> tuple[str, str | None]:
    """Return plain trafilatura's text of a page (default settings)."""
    html = decode_html(page.html).text
    return trafilatura.extract(html, url=page.url) or "", None


def main() -> None:
    """Print the per-page and per-site table of one magic folder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folder", default="forum", choices=("article", "forum"))
    args = parser.parse_args()
    root = MAGIC / args.folder
    if not root.is_dir():
        sys.exit(f"shared pages not found: need {root}")
    pages = ms.load_pages(root)
    ours = ms.score(pages)
    theirs = ms.score(pages, trafilatura_text)
    print(f"## magic/{args.folder} ({len(pages)} pages)\n")
    print("| page | site | P | R | F1 | trafilatura F1 | dropped |")
    print("|---|---|---|---|---|---|---|")
    for mine, other in zip(ours, theirs, strict=True):
        print(
            f"| {mine.page.id[:8]} | {mine.page.site} | {mine.precision:.3f} | {mine.recall:.3f} "
            f"| {mine.f1:.3f} | {other.f1:.3f} | {mine.dropped or ''} |"
        )
    print("\n| site | pipeline F1 | trafilatura F1 |\n|---|---|---|")
    other_sites = ms.site_means(theirs)
    for site, f1 in ms.site_means(ours).items():
        print(f"| {site} | {f1:.3f} | {other_sites[site]:.3f} |")
    dropped = sum(1 for s in ours if s.dropped)
    print(
        f"\nmean F1 over pages: pipeline {ms.mean_f1(ours):.3f} ({dropped} dropped), "
        f"trafilatura {ms.mean_f1(theirs):.3f}; mean over sites: pipeline "
        f"{fmean(ms.site_means(ours).values()):.3f}, trafilatura {fmean(other_sites.values()):.3f}"
    )


if __name__ == "__main__":
    main()
