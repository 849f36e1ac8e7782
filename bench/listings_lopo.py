"""Which labelled listings does each discovery rule rest on, and what is left without them?

Each rule of discovery is switched off in turn (the code is patched for the run, never
changed) and every page of ../shared/listings/ is scored again: the pages whose F1 falls are
the rule's support. Leave-one-page-out scores each page with every rule switched off whose
support is that page alone, so a rule written for one page cannot raise that page's score.

    python bench/listings_lopo.py
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LISTINGS = ROOT.parent / "shared" / "listings"
sys.path.insert(0, str(ROOT / "tests" / "support"))

import listings_score as ls  # noqa: E402  (lives with the quality gates, imported by path)

from cleaners.links import blockplace, linkfamily, linktext, listing  # noqa: E402

NEVER = re.compile(r"(?!)")  # a pattern that matches nothing: a rule's pattern switched off
FALL = 1e-9  # an F1 lower by more than this is a fall


@contextmanager
def patched(module: Any, name: str, value: object) -> Iterator[None]:
    """Set a module attribute for the block, then put the old one back."""
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


def _old_headline(text: str) -> bool:
    """Tell a headline counting each Latin letter, not each word, against the Han share."""
    if not linktext.HEADLINE_MIN <= len(text) <= linktext.HEADLINE_MAX:
        return False
    if linktext.MENU_TEXT.match(text):
        return False
    letters = re.findall(r"\w", text)
    return bool(letters) and len(linktext.HAN.findall(text)) / len(letters) >= linktext.CJK_SHARE


def _old_placed_again(first: Any, anchor: Any, same_box: bool) -> str:
    """Keep a URL once: where its text is a headline, else where it first appears."""
    return "skip" if first.headline or not anchor.headline else "move"


def _first_ranks(anchors: list[Any]) -> bool:
    """Tell a top list by links opening with their index in the block (1, 2, 3...)."""
    ranks = sum(a.text.startswith(str(i + 1)) for i, a in enumerate(anchors))
    return len(anchors) >= listing.MIN_ROWS and ranks >= listing.RANKED_SHARE * len(anchors)


RULES: dict[str, list[tuple[Any, str, object]]] = {
    "card headline (a long card link read by its headline part)": [
        (listing, "card_headline", lambda anchor: None)
    ],
    "header, nav, footer are navigation": [(listing, "LANDMARKS", frozenset())],
    "side column by markup": [(listing, "SIDE_NAME", NEVER)],
    "row extras (a row's second link)": [(linkfamily, "_row_leads", lambda block: {})],
    "front page of many places": [(blockplace, "MANY_PLACES", 10**6)],
    "base-36 ids in URL families": [(listing, "ID_RUN", NEVER)],
    "slider in the best list's column": [(blockplace, "_beside_best", lambda v, best: v)],
    "one-row list read as a list": [(listing, "ROW_TAGS", frozenset())],
    "Latin words as units in the Han share": [
        (listing, "is_headline", _old_headline),
        (linktext, "is_headline", _old_headline),
    ],
    "ranks as rising numbers": [(listing, "_numbered", _first_ranks)],
    "a headline in two lists sits in both": [(listing, "placed_again", _old_placed_again)],
    "a box of headlines in one row": [(linkfamily, "BOX_HEADLINES", 10**6)],
    "stale boxes on a front page": [(blockplace, "STALE_DAYS", 10**6)],
    "click-counter links": [(linkfamily, "CLICK_THROUGH", NEVER)],
    "a lone headline in a list of paired rows": [(linkfamily, "PAIRED_ROWS", 10**6)],
    "relative times (9小时前) read as dates": [(listing, "RELATIVE_TIME", NEVER)],
    "URLs named by numbers outrank URLs named by words": [
        (linkfamily, "_named_by_number", lambda url: False)
    ],
}


def f1s(pages: list[ls.Page], off: list[str]) -> dict[str, float]:
    """Score every page with the named rules switched off."""
    with ExitStack() as stack:
        for rule in off:
            for module, name, value in RULES[rule]:
                stack.enter_context(patched(module, name, value))
        return {s.name: s.f1 for s in ls.score(pages, ls.predict_project)}


def support_of_rules(pages: list[ls.Page]) -> tuple[dict[str, float], dict[str, set[str]]]:
    """Return every page's F1 and, per rule, the pages whose F1 falls without it."""
    full = f1s(pages, [])
    support: dict[str, set[str]] = {}
    for rule in RULES:
        off = f1s(pages, [rule])
        support[rule] = {n for n in full if off[n] < full[n] - FALL}
    return full, support


def leave_one_page_out(
    pages: list[ls.Page], full: dict[str, float], support: dict[str, set[str]]
) -> dict[str, tuple[float, list[str]]]:
    """Return each page's F1 without the rules only it supports, and those rules."""
    out: dict[str, tuple[float, list[str]]] = {}
    for name in full:
        alone = [r for r, pages_of in support.items() if pages_of == {name}]
        out[name] = (f1s(pages, alone)[name] if alone else full[name], alone)
    return out


def main() -> None:
    """Print each rule's support and the leave-one-page-out table."""
    if not LISTINGS.is_dir():
        sys.exit(f"listings not found at {LISTINGS}")
    pages = ls.load_pages(LISTINGS)
    full, support = support_of_rules(pages)
    print(f"{'rule switched off':58} pages whose F1 falls")
    for rule, pages_of in support.items():
        print(f"{rule:58} {', '.join(sorted(pages_of)) or '-'}")
    print(f"\n{'page':24} {'F1':>5} {'LOPO':>5}  rules only it supports")
    lopo = leave_one_page_out(pages, full, support)
    for name, (score, alone) in lopo.items():
        print(f"{name:24} {full[name]:5.2f} {score:5.2f}  {'; '.join(alone) or '-'}")
    mean: Callable[[list[float]], float] = lambda xs: sum(xs) / len(xs)  # noqa: E731
    scores = [score for score, _ in lopo.values()]
    print(f"{'mean':24} {mean(list(full.values())):5.2f} {mean(scores):5.2f}")


if __name__ == "__main__":
    main()
