"""Score extractors on the shared devset, one implementation for the quality gate and the bench.

Text: character-unigram precision/recall/F1 with whitespace removed, mean over pages (an empty
prediction scores 0). Date: same calendar day as the gold, over the pages whose gold names a full
day. Author: every gold name found in the extracted authors (joined, whitespace removed), over all
35 pages; a gold of UNKNOWN/UNKNWON never counts, as in the devset README's table (trafilatura's
1/35 there). A second count also credits an UNKNOWN gold when no author was extracted.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cleaners.assemble.from_html import build_record
from cleaners.records import Page, Record, SiteRules

NO_AUTHOR = frozenset({"UNKNOWN", "UNKNWON"})  # both spellings occur in the gold files
GOLD_DAY = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
)  # golds naming less than a day are unscored
PRED_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")  # ISO 8601 published_at
WRAPPER_URL = re.compile(rb"""^\s*<text\s+id="([^"]+)\"""")  # CleanEval wrapper line
# The wrapper's first line and closing tag: no server sends them, so users' bytes lack them.
WRAPPER_LINE = re.compile(rb"\A\s*<text\b[^>]*>[ \t]*\r?\n?")
WRAPPER_CLOSE = re.compile(rb"</text>\s*\Z")
# What import-warc reads from an HTTP response that names no charset.
SERVED_HEADERS = (("Content-Type", "text/html"),)
WHITESPACE = re.compile(r"\s+")
FETCHED_AT = "2026-01-01T00:00:00Z"  # fixed: the devset pages carry no fetch time


@dataclass(frozen=True, slots=True)
class DevPage:
    """One devset page with its gold."""

    id: str
    url: str
    html: bytes
    text: str
    date: str
    authors: str


@dataclass(frozen=True, slots=True)
class Prediction:
    """What an extractor produced for one page."""

    text: str
    published: str | None  # ISO 8601 date or date-time
    authors: tuple[str, ...]
    title: str = ""


@dataclass(frozen=True, slots=True)
class PageScore:
    """Scores of one page."""

    id: str
    precision: float
    recall: float
    f1: float
    date_hit: bool | None  # None: the gold names no day
    author_hit: bool
    author_named: bool  # the gold names an author


@dataclass(frozen=True, slots=True)
class Score:
    """Scores over the devset."""

    pages: tuple[PageScore, ...]

    def mean(self, attr: str) -> float:
        """Return the mean of one per-page number."""
        total: float = sum(getattr(p, attr) for p in self.pages)
        return total / max(len(self.pages), 1)

    @property
    def dates(self) -> tuple[int, int]:
        """Return (hits, dated golds)."""
        dated = [p for p in self.pages if p.date_hit is not None]
        return sum(1 for p in dated if p.date_hit), len(dated)

    @property
    def authors(self) -> tuple[int, int]:
        """Return (hits, pages)."""
        return sum(1 for p in self.pages if p.author_hit), len(self.pages)

    @property
    def named_authors(self) -> tuple[int, int]:
        """Return (hits, pages whose gold names an author)."""
        named = [p for p in self.pages if p.author_named]
        return sum(1 for p in named if p.author_hit), len(named)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def load_devset(root: Path) -> list[DevPage]:
    """Read every page of the devset folder (the one holding MANIFEST.tsv)."""
    with (root / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    pages = []
    for row in rows:
        stem = Path(row["file"]).stem
        html = (root / row["file"]).read_bytes()
        wrapped = WRAPPER_URL.match(html)
        url = row["url"] or (wrapped.group(1).decode() if wrapped else "")
        pages.append(
            DevPage(
                id=stem,
                url=url or f"http://devset.invalid/{stem}.html",
                html=html,
                text=_read(root / "cleaned" / f"{stem}.txt"),
                date=_read(root / "date" / f"{stem}.txt").strip(),
                authors=_read(root / "author" / f"{stem}.txt").strip(),
            )
        )
    return pages


def served_bytes(html: bytes) -> bytes:
    """Return a page's bytes as a server sends them: without the dataset's wrapper line."""
    if not WRAPPER_LINE.match(html):
        return html
    return WRAPPER_CLOSE.sub(b"", WRAPPER_LINE.sub(b"", html, count=1))


def load_gold_folder(root: Path) -> list[DevPage]:
    """Read a folder of `html/<id>.html` pages with `gold/<id>.txt` texts (magic/article, forum)."""
    with (root / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        DevPage(
            id=row["id"],
            url=row["url"],
            html=(root / "html" / f"{row['id']}.html").read_bytes(),
            text=_read(root / "gold" / f"{row['id']}.txt"),
            date="",
            authors="",
        )
        for row in rows
    ]


def predict_pipeline(page: DevPage) -> Prediction:
    """Predict with the pipeline as import-warc runs it: served bytes, no charset header."""
    served = served_bytes(page.html)
    fetched = Page(page.url, "import", 200, SERVED_HEADERS, served, FETCHED_AT)
    result = build_record(fetched, SiteRules())
    if not isinstance(result, Record):
        return Prediction("", None, ())
    return Prediction(result.text, result.published_at, result.authors)


def text_scores(predicted: str, gold: str) -> tuple[float, float, float]:
    """Return character-unigram precision, recall and F1, whitespace ignored."""
    pred = Counter(WHITESPACE.sub("", predicted))
    want = Counter(WHITESPACE.sub("", gold))
    overlap = sum((pred & want).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision = overlap / sum(pred.values())
    recall = overlap / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def date_hit(published: str | None, gold: str) -> bool | None:
    """Return whether the prediction falls on the gold's day; None when the gold names no day."""
    day = GOLD_DAY.match(gold)
    if not day:
        return None
    pred = PRED_DAY.match(published or "")
    if not pred:
        return False
    return tuple(int(x) for x in pred.groups()) == tuple(int(x) for x in day.groups())


def author_hit(authors: Sequence[str], gold: str) -> bool:
    """Return whether every gold name is among the authors (UNKNOWN gold: no author given)."""
    names = gold.split()
    if not names or set(names) <= NO_AUTHOR:
        return not authors
    found = WHITESPACE.sub("", "".join(authors))
    return bool(found) and all(name in found for name in names)


def score_page(page: DevPage, prediction: Prediction) -> PageScore:
    """Score one prediction against the page's gold."""
    precision, recall, f1 = text_scores(prediction.text, page.text)
    named = bool(page.authors.split()) and not set(page.authors.split()) <= NO_AUTHOR
    return PageScore(
        id=page.id,
        precision=precision,
        recall=recall,
        f1=f1,
        date_hit=date_hit(prediction.published, page.date),
        author_hit=author_hit(prediction.authors, page.authors),
        author_named=named,
    )


def score(pages: Sequence[DevPage], predict: Callable[[DevPage], Prediction]) -> Score:
    """Run one extractor over the pages and score it."""
    return Score(tuple(score_page(page, predict(page)) for page in pages))


def table(rows: Sequence[tuple[str, Score]]) -> str:
    """Return the scores as the devset README's markdown table."""
    lines = [
        "| extractor | text P | text R | text F1 | date | author | author, UNKNOWN = none given |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, result in rows:
        date, dated = result.dates
        hits, total = result.authors
        named, _ = result.named_authors
        lines.append(
            f"| {name} | {result.mean('precision'):.3f} | {result.mean('recall'):.3f} | "
            f"{result.mean('f1'):.3f} | {date}/{dated} | {named}/{total} | {hits}/{total} |"
        )
    return "\n".join(lines)
