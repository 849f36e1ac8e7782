"""How well does discovery find a listing's articles on real pages, start URL only?

Reads ../shared/listings/ (8 real listing pages, labelled by people) as a crawl reads a start
URL with no `article` regex, and prints per-page precision, recall and F1 with their mean,
beside the naive rule (every link with 8 or more Chinese characters, on the start host, then
on any host).
`--errors` lists each page's wrong and missed links.

    python bench/listings.py [--errors] [PAGE ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LISTINGS = ROOT.parent / "shared" / "listings"
sys.path.insert(0, str(ROOT / "tests" / "support"))

import listings_score as ls  # noqa: E402  (lives with the quality gates, imported by path)

SHOWN = 12  # wrong or missed links printed per page with --errors


def table(title: str, scores: list[ls.Score]) -> None:
    """Print one predictor's per-page rows and its mean."""
    print(f"\n{title}")
    print(f"{'page':24} {'taken':>5} {'P':>5} {'R':>5} {'F1':>5}")
    for s in scores:
        mark = " perfect" if s.perfect else ""
        print(f"{s.name:24} {s.taken:5} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}{mark}")
    p, r, f1, perfect = ls.mean(scores)
    print(f"{'mean':24} {'':5} {p:5.2f} {r:5.2f} {f1:5.2f} {perfect}/{len(scores)} perfect")


def main() -> None:
    """Score the project and the naive rule on every labelled listing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="page names (default: all)")
    parser.add_argument("--errors", action="store_true", help="list wrong and missed links")
    args = parser.parse_args()
    if not LISTINGS.is_dir():
        sys.exit(f"listings not found at {LISTINGS}")
    pages = ls.load_pages(LISTINGS, args.pages)
    project = ls.score(pages, ls.predict_project)
    table("portal-corpus discovery (start URL only, no article regex)", project)
    naive = "naive: link text with >= 8 Chinese characters"
    table(f"{naive}, start host only", ls.score(pages, ls.predict_naive))
    table(f"{naive}, any host", ls.score(pages, ls.predict_naive_any_host))
    if args.errors:
        for s in project:
            print(f"\n{s.name}: {len(s.wrong)} wrong, {len(s.missed)} missed")
            for url in s.wrong[:SHOWN]:
                print(f"  wrong  {url}")
            for url in s.missed[:SHOWN]:
                print(f"  missed {url}")


if __name__ == "__main__":
    main()
