"""Quality gate: the five seed dumps through the text path, against hand-made line labels."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import seeds_score as ss

from cleaners.assemble.from_text import build_text_record, split_text
from cleaners.records import Record, SiteRules
from tests.conftest import SHARED

SEEDS = SHARED / "seeds"
LABELS: dict[str, Any] = ss.load_labels()
SEED_NAMES = sorted(LABELS)
MIN_LINE_F1 = 0.95  # the floor: may only go up
RULES = SiteRules()
URL = "file:///seeds/{name}"
FETCHED_AT = "2026-11-23T00:00:00Z"

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"seed dumps not found at {SEEDS} (they live beside the checkout)"
)


def _digest(value: str | None) -> str | None:
    """Return the short hash the labels store seed text as."""
    return None if value is None else hashlib.sha256(value.encode()).hexdigest()[:16]


def _seed(name: str) -> str:
    """Read one seed dump."""
    return (SEEDS / name).read_text(encoding="utf-8")


def _kept_and_article(name: str) -> tuple[set[int], set[int], set[int]]:
    """Return (kept line indices, labelled article indices, all labelled non-blank indices)."""
    return ss.kept_and_article(_seed(name), LABELS[name])


def line_f1(name: str) -> float:
    """Return the line-level F1 of the text path's kept lines against the labels."""
    return ss.line_f1(_seed(name), LABELS[name])


def _record(name: str) -> Record:
    """Build the record of one seed through import-text's builder."""
    built = build_text_record(
        _seed(name), url=URL.format(name=name), site="import", rules=RULES,
        fetched_at=FETCHED_AT, encoding="utf-8",
    )  # fmt: skip
    assert isinstance(built, Record), built
    return built


@pytest.mark.parametrize("name", SEED_NAMES)
def test_line_f1_floor(name: str) -> None:
    assert line_f1(name) >= MIN_LINE_F1


@pytest.mark.parametrize("name", SEED_NAMES)
def test_no_chrome_line_kept(name: str) -> None:
    kept, article, _ = _kept_and_article(name)
    assert sorted(kept - article) == []


@pytest.mark.parametrize("name", SEED_NAMES)
def test_title(name: str) -> None:
    label = LABELS[name]
    lines = _seed(name).splitlines()
    expected = "" if label["title_line"] is None else " ".join(lines[label["title_line"]].split())
    assert _record(name).title == expected


@pytest.mark.parametrize("name", SEED_NAMES)
def test_date(name: str) -> None:
    label, record = LABELS[name], _record(name)
    assert (record.published_at, record.published_precision) == (
        label["published_at"],
        label["precision"],
    )
    published = split_text(_seed(name), RULES).body.fields.published
    assert (published.ambiguous if published else False) is label["ambiguous"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_source_editor_authors(name: str) -> None:
    label, record = LABELS[name], _record(name)
    expected_source = label["source"] or _digest(record.site_name)
    assert _digest(record.source) == expected_source, record.source
    assert _digest(record.editor) == label["editor"], record.editor
    assert [_digest(a) for a in record.authors] == label["authors"], record.authors


@pytest.mark.parametrize("name", SEED_NAMES)
def test_removed_for_the_labelled_reasons(name: str) -> None:
    parts = split_text(_seed(name), RULES)
    reasons = {reason for _, reason in parts.body.removed} | ({"footer"} if parts.footer else set())
    assert set(LABELS[name]["removed_reasons"]) <= reasons


def test_text_has_no_chrome_fragments() -> None:
    for name in SEED_NAMES:
        text = _record(name).text
        assert "上一篇" not in text and "ICP" not in text and "版权所有" not in text, name
