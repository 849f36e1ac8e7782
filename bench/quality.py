"""How well does the pipeline extract text and fields, on every set of real pages, by site?

Runs the pipeline (build_record, pages fed as import-warc gets them: the served bytes, an HTTP
`Content-Type: text/html` without charset) and, as references, plain trafilatura and
readability-lxml (benchmark only, never in the pipeline), and prints:

1. per gold-text set (devset/cwced, devset/magic/article, devset/magic/forum): character-unigram
   text P/R/F1 (whitespace removed, mean over pages), with date and author where gold exists;
2. the realpages snippet table (labels in tests/data/realpages_labels.json);
3. the seed dumps' line F1 through the text path;
4. a per-site table of every set (mean page quality: F1, or the snippet F of realpages);
5. every page where the pipeline's quality is more than 0.1 under the better reference;
6. a leave-one-site-out figure for every tuned threshold, over all pages of every set.

Usage: python bench/quality.py [--pages] [--only-pipeline] [--no-folds]
(readability-lxml: `pip install -c constraints.txt readability-lxml`, the `bench` extra.)
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEVSET = SHARED / "devset" / "cwced"
MAGIC = SHARED / "devset" / "magic"
REALPAGES = SHARED / "realpages"
SEEDS = SHARED / "seeds"
sys.path.insert(0, str(ROOT / "tests" / "support"))

import devset_score as ds  # noqa: E402  (lives with the quality gates, imported by path)
import page_quality as pq  # noqa: E402
import realpages_score as rs  # noqa: E402
import seeds_score as ss  # noqa: E402
import site_folds as sf  # noqa: E402

# Rows the devset README reports for extractors not measured by this script.
REPORTED = "reported in the devset README: GNE 0.4.3 text P 0.747 R 0.540 F1 0.539, date 20/26"
FAR_BELOW = pq.FAR_BELOW
GOLD_SETS = (("devset/cwced", DEVSET, True), ("magic/article", MAGIC / "article", False))
REPORT_ONLY = (("magic/forum", MAGIC / "forum", False),)  # threads: measured, not gated here
OURS = "portal-corpus"


@dataclass(frozen=True, slots=True)
class PageQuality:
    """One page's quality in [0, 1] under each extractor."""

    set: str
    site: str
    id: str
    by: dict[str, float]


def references(only_pipeline: bool) -> list[tuple[str, pq.Predictor]]:
    """Return the reference extractors (none with --only-pipeline)."""
    if only_pipeline:
        return []
    rows: list[tuple[str, pq.Predictor]] = [
        ("trafilatura default", pq.plain_trafilatura(favor_precision=False))
    ]
    readability = pq.readability_lxml()
    if readability is None:
        print("readability-lxml not installed: its rows are left out (the bench extra)")
    else:
        rows.append(("readability-lxml 0.9", readability))
    return rows


Extractors = Sequence[tuple[str, pq.Predictor]]


def gold_report(
    name: str, pages: Sequence[ds.DevPage], extractors: Extractors, fields: bool, verbose: bool
) -> list[PageQuality]:
    """Print one gold-text set's table and return its pages' qualities."""
    scores = [(label, ds.score(pages, predict)) for label, predict in extractors]
    print(f"\n## {name} ({len(pages)} pages)\n")
    if fields:
        print(ds.table(scores))
        print(REPORTED)
    else:
        print("| extractor | text P | text R | text F1 |\n|---|---|---|---|")
        for label, result in scores:
            print(
                f"| {label} | {result.mean('precision'):.3f} | {result.mean('recall'):.3f} "
                f"| {result.mean('f1'):.3f} |"
            )
    if verbose:
        for p in sorted(scores[0][1].pages, key=lambda p: p.f1):
            print(f"{p.id[:8]} P={p.precision:.3f} R={p.recall:.3f} F1={p.f1:.3f}")
    return [
        PageQuality(name, pq.site_of(page.url), page.id[:12], {k: s.pages[i].f1 for k, s in scores})
        for i, page in enumerate(pages)
    ]


def realpages_report(extractors: Extractors, verbose: bool) -> list[PageQuality]:
    """Print the realpages snippet table and return its pages' qualities."""
    pages = rs.load_pages(REALPAGES, rs.load_labels())
    scores = [(label, rs.score(pages, predict)) for label, predict in extractors]
    print(f"\n## realpages ({len(pages)} labelled pages)\n")
    print(rs.HEADER)
    for label, summary in scores:
        print(rs.row(label, summary))
    print("(readability-lxml gives no date or author: those columns are 0 for it)")
    if verbose:
        for p in scores[0][1].pages:
            if p.with_found < p.with_total or p.without_found or not p.title_hit:
                print(
                    f"{p.path} with {p.with_found}/{p.with_total} without "
                    f"{list(p.without_found)} title={p.title_hit} date={p.date_hit} "
                    f"author={p.author_hit}"
                )
    qualities = []
    for i, page in enumerate(pages):
        by = {k: pq.snippet_f(s.pages[i]) for k, s in scores}
        qualities.append(PageQuality("realpages", pq.realpage_site(page), page.label.path, by))
    return qualities


def seeds_report() -> None:
    """Print the seed dumps' line F1 through the text path (import-text)."""
    if not SEEDS.is_dir():
        print(f"\nseeds: not found at {SEEDS}")
        return
    labels = ss.load_labels()
    print("\n## seeds (text dumps through import-text)\n\n| seed | line F1 |\n|---|---|")
    for name in sorted(labels):
        text = (SEEDS / name).read_text(encoding="utf-8")
        print(f"| {name} | {ss.line_f1(text, labels[name]):.3f} |")


def site_table(qualities: Sequence[PageQuality], names: Sequence[str]) -> None:
    """Print the mean page quality of every site under every extractor."""
    groups: dict[tuple[str, str], list[PageQuality]] = defaultdict(list)
    for q in qualities:
        groups[(q.set, q.site)].append(q)
    print("\n## per site (mean page quality: text F1; realpages: snippet F)\n")
    print(f"| set | site | pages | {' | '.join(names)} |\n|---|---|---|{'---|' * len(names)}")
    for (set_name, site), group in sorted(groups.items()):
        means = [sum(q.by[n] for q in group) / len(group) for n in names]
        cells = " | ".join(f"{m:.3f}" for m in means)
        print(f"| {set_name} | {site} | {len(group)} | {cells} |")


def far_below(qualities: Sequence[PageQuality], names: Sequence[str]) -> None:
    """Print every page where the pipeline is more than FAR_BELOW under the better reference."""
    others = [n for n in names if n != OURS]
    if not others:
        return
    low = [q for q in qualities if q.by[OURS] < max(q.by[n] for n in others) - FAR_BELOW]
    print(f"\n## pages more than {FAR_BELOW} under the better reference: {len(low)}\n")
    for q in low:
        refs = ", ".join(f"{n} {q.by[n]:.3f}" for n in others)
        print(f"- {q.set} {q.site} {q.id}: {OURS} {q.by[OURS]:.3f}; {refs}")


def folds_report(gold: Sequence[tuple[str, Sequence[ds.DevPage]]]) -> None:
    """Print the leave-one-site-out figure of every tuned threshold over all pages."""
    cases = pq.fold_cases([list(pages) for _, pages in gold], REALPAGES)
    print(f"\n## leave-one-site-out ({len(cases)} pages, {len({c.site for c in cases})} sites)\n")
    _fold_rows(sf.leave_one_site_out(cases))
    fields = pq.field_fold_cases(list(gold[0][1]), REALPAGES)
    print(f"\n## leave-one-site-out, fields ({len(fields)} pages: share of date, author, title)\n")
    _fold_rows(sf.leave_one_site_out(fields, sf.FIELD_GRID))


def _fold_rows(folds: Sequence[sf.SiteFold]) -> None:
    print("| threshold | shipped | held-out | in-sample | gap | values chosen (sites) |")
    print("|---|---|---|---|---|---|")
    for fold in folds:
        chosen = ", ".join(f"{v:g}: {n}" for v, n in sorted(fold.chosen.items()))
        print(
            f"| {fold.name} | {fold.shipped:g} | {fold.held_out:.3f} | {fold.in_sample:.3f} "
            f"| {fold.in_sample - fold.held_out:+.3f} | {chosen} |"
        )


def main() -> None:
    """Print every set's tables, the per-site table, the far-below list and the folds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", action="store_true", help="per-page scores of the pipeline")
    parser.add_argument("--only-pipeline", action="store_true", help="skip the references")
    parser.add_argument("--no-folds", action="store_true", help="skip leave-one-site-out")
    args = parser.parse_args()
    if not DEVSET.is_dir() or not REALPAGES.is_dir() or not MAGIC.is_dir():
        sys.exit(f"shared pages not found: need {DEVSET}, {MAGIC} and {REALPAGES}")
    refs = references(args.only_pipeline)
    gold_extractors = [(OURS, ds.predict_pipeline), *refs]
    names = [name for name, _ in gold_extractors]
    qualities: list[PageQuality] = []
    gold = []
    for name, folder, fields in (*GOLD_SETS, *REPORT_ONLY):
        pages = ds.load_devset(folder) if fields else ds.load_gold_folder(folder)
        gold.append((name, pages))
        qualities += gold_report(name, pages, gold_extractors, fields, args.pages)
    qualities += realpages_report([(OURS, rs.predict_pipeline), *refs], args.pages)
    seeds_report()
    site_table(qualities, names)
    far_below([q for q in qualities if q.set != REPORT_ONLY[0][0]], names)
    far_below([q for q in qualities if q.set == REPORT_ONLY[0][0]], names)
    if not args.no_folds:
        folds_report(gold[: len(GOLD_SETS)])


if __name__ == "__main__":
    main()
