"""Score extractors on the hand-labelled real pages, one implementation for the gate and the bench.

Labels (tests/data/realpages_labels.json) name, per page under ../shared/realpages/, the title,
the day of publication, the authors, and short `with` snippets (must be in the text) and
`without` snippets (must not be). Snippets and texts are compared with all whitespace removed.

- `with` recall: found `with` snippets over all `with` snippets (pooled over pages).
- `without` hits: found `without` snippets over all `without` snippets (pooled).
- title: the extracted title equals the label (whitespace removed, NFKC, casefolded).
- date: the same calendar day, over pages whose label names a day.
- author: every labelled name found in the extracted authors, over pages whose label names one.
- gutted: a page keeping under half its `with` snippets; emptied: no text at all.

The labels were split into halves before any tuning (each label's `half`): the pipeline was
tuned on the devset and the `tuned` half; the `held-out` half is reported apart.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from devset_score import FETCHED_AT, Prediction

from cleaners.assemble.from_html import build_record
from cleaners.records import Page, Record, SiteRules

LABELS = Path(__file__).resolve().parent.parent / "data" / "realpages_labels.json"
TUNED = "tuned"  # the half the pipeline was tuned on; the other is held out
WHITESPACE = re.compile(r"\s+")
GUTTED_SHARE = 0.5  # a page keeping fewer of its `with` snippets than this lost its article
PAGE_URL = "http://realpages.invalid/{path}"  # the saved pages carry no URL


@dataclass(frozen=True, slots=True)
class Label:
    """What a labeller read on one page."""

    path: str
    half: str  # `tuned` or `held-out`, decided before any tuning
    type: str
    title: str
    date: str | None
    authors: tuple[str, ...]
    with_: tuple[str, ...]
    without: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RealPage:
    """A labelled page and its bytes."""

    label: Label
    url: str
    html: bytes


@dataclass(frozen=True, slots=True)
class PageResult:
    """How one extraction fares against one page's label."""

    path: str
    half: str
    with_found: int
    with_total: int
    without_found: tuple[str, ...]
    without_total: int
    title_hit: bool
    date_hit: bool | None  # None: the label names no day
    author_hit: bool | None  # None: the label names no author
    empty: bool
    invented: bool = False  # the label names no author, the extraction gives one

    @property
    def gutted(self) -> bool:
        """Tell whether the page kept under half of its `with` snippets."""
        return self.with_total > 0 and self.with_found < GUTTED_SHARE * self.with_total


@dataclass(frozen=True, slots=True)
class Summary:
    """Scores over a set of labelled pages."""

    pages: tuple[PageResult, ...]

    @property
    def with_recall(self) -> float:
        """Return the share of `with` snippets found."""
        total = sum(p.with_total for p in self.pages)
        return sum(p.with_found for p in self.pages) / max(total, 1)

    @property
    def invented(self) -> tuple[str, ...]:
        """Return the pages given an author where the label names none."""
        return tuple(p.path for p in self.pages if p.invented)

    @property
    def without_hits(self) -> float:
        """Return the share of `without` snippets found."""
        total = sum(p.without_total for p in self.pages)
        return sum(len(p.without_found) for p in self.pages) / max(total, 1)

    @property
    def title(self) -> float:
        """Return the share of pages whose title is right."""
        return sum(p.title_hit for p in self.pages) / max(len(self.pages), 1)

    @property
    def date(self) -> tuple[int, int]:
        """Return (right days, pages whose label names a day)."""
        dated = [p for p in self.pages if p.date_hit is not None]
        return sum(1 for p in dated if p.date_hit), len(dated)

    @property
    def author(self) -> tuple[int, int]:
        """Return (pages with every name found, pages whose label names an author)."""
        named = [p for p in self.pages if p.author_hit is not None]
        return sum(1 for p in named if p.author_hit), len(named)

    @property
    def gutted(self) -> tuple[str, ...]:
        """Return the pages that kept under half their `with` snippets."""
        return tuple(p.path for p in self.pages if p.gutted)

    @property
    def emptied(self) -> tuple[str, ...]:
        """Return the pages that gave no text."""
        return tuple(p.path for p in self.pages if p.empty)

    def part(self, tuned: bool) -> Summary:
        """Return the scores of the tuned half (True) or the held-out half (False)."""
        return Summary(tuple(p for p in self.pages if (p.half == TUNED) == tuned))


def load_labels(path: Path = LABELS) -> list[Label]:
    """Read the labels file, skipping its `_about` entry."""
    data = json.loads(path.read_text(encoding="utf-8"))
    labels = []
    for key, entry in data.items():
        if key.startswith("_"):
            continue
        labels.append(
            Label(
                path=key,
                half=entry["half"],
                type=entry["type"],
                title=entry.get("title") or "",
                date=entry.get("date"),
                authors=tuple(entry.get("authors") or ()),
                with_=tuple(entry.get("with") or ()),
                without=tuple(entry.get("without") or ()),
            )
        )
    return labels


def load_pages(root: Path, labels: Iterable[Label]) -> list[RealPage]:
    """Pair each label with its page's bytes under `root` (../shared/realpages)."""
    return [
        RealPage(label, PAGE_URL.format(path=label.path), (root / label.path).read_bytes())
        for label in labels
        if (root / label.path).is_file()
    ]


def predict_pipeline(page: RealPage) -> Prediction:
    """Predict with the project's pipeline (build_record with default site rules)."""
    fetched = Page(page.url, "import", 200, (), page.html, FETCHED_AT)
    result = build_record(fetched, SiteRules())
    if not isinstance(result, Record):
        return Prediction("", None, ())
    return Prediction(result.text, result.published_at, result.authors, result.title)


def _squash(text: str) -> str:
    return WHITESPACE.sub("", text)


def _title_key(text: str) -> str:
    return _squash(unicodedata.normalize("NFKC", text)).casefold()


def _author_hit(authors: Sequence[str], wanted: Sequence[str]) -> bool | None:
    if not wanted:
        return None
    found = _squash("".join(authors))
    return bool(found) and all(_squash(name) in found for name in wanted)


def score_page(page: RealPage, prediction: Prediction) -> PageResult:
    """Score one prediction against the page's label."""
    label = page.label
    text = _squash(prediction.text)
    day = (prediction.published or "")[:10]
    return PageResult(
        path=label.path,
        half=label.half,
        with_found=sum(1 for s in label.with_ if _squash(s) in text),
        with_total=len(label.with_),
        without_found=tuple(s for s in label.without if _squash(s) in text),
        without_total=len(label.without),
        title_hit=_title_key(prediction.title) == _title_key(label.title),
        date_hit=None if not label.date else day == label.date,
        author_hit=_author_hit(prediction.authors, label.authors),
        empty=not text,
        invented=not label.authors and bool(prediction.authors),
    )


def score(pages: Sequence[RealPage], predict: Callable[[RealPage], Prediction]) -> Summary:
    """Run one extractor over the pages and score it."""
    return Summary(tuple(score_page(page, predict(page)) for page in pages))


def row(name: str, summary: Summary) -> str:
    """Return one markdown table row of a summary."""
    date, dated = summary.date
    author, named = summary.author
    return (
        f"| {name} | {len(summary.pages)} | {summary.with_recall:.3f} | "
        f"{summary.without_hits:.3f} | {summary.title:.3f} | {date}/{dated} | "
        f"{author}/{named} | {len(summary.invented)} | {len(summary.gutted)} | "
        f"{len(summary.emptied)} |"
    )


HEADER = (
    "| extractor | pages | `with` recall | `without` hits | title | date | author "
    "| author where none | gutted | emptied |\n|---|---|---|---|---|---|---|---|---|---|"
)
