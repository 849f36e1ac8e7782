"""Score the text path on the five seed dumps against their line labels (gate and bench)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cleaners.assemble.from_text import split_text
from cleaners.records import SiteRules
from cleaners.text.repair import matching_key

LABELS_PATH = Path(__file__).resolve().parent.parent / "data" / "seed_labels.json"
RULES = SiteRules()


def load_labels() -> dict[str, Any]:
    """Return the seed labels by dump name, without the `_about` entry."""
    data: dict[str, Any] = json.loads(LABELS_PATH.read_text(encoding="utf-8"))
    return {name: label for name, label in data.items() if not name.startswith("_")}


def _indices(ranges: list[list[int]]) -> set[int]:
    """Expand inclusive [start, end] ranges into a set of line indices."""
    return {i for start, end in ranges for i in range(start, end + 1)}


def kept_and_article(text: str, label: dict[str, Any]) -> tuple[set[int], set[int], set[int]]:
    """Return (kept line indices, labelled article indices, all labelled non-blank indices)."""
    lines = text.splitlines()
    parts = split_text(text, RULES)
    kept = {parts.line_map[i] for origin in parts.body.origins for i in origin}
    nonblank = {i for i, line in enumerate(lines) if matching_key(line)}
    excluded = set(label["neutral"]) | {label["title_line"]} - {None}
    article = _indices(label["article"]) & nonblank
    return kept - excluded, article, nonblank - excluded


def line_f1(text: str, label: dict[str, Any]) -> float:
    """Return the line-level F1 of the text path's kept lines against the labels."""
    kept, article, _ = kept_and_article(text, label)
    hits = len(kept & article)
    if not hits:
        return 0.0
    precision, recall = hits / len(kept), hits / len(article)
    return 2 * precision * recall / (precision + recall)
