"""Template lines: keys repeated across a site's pages."""

from __future__ import annotations

import pytest

from cleaners.corpus.template_lines import MIN_PAGES, line_keys, template_keys
from cleaners.text.repair import matching_key

FOOTER = matching_key("有思想 / 有温度 / 有品质")
HOTLINE = matching_key("某网新闻热线：0000-1234567")


def _pages(count: int, *shared: str, first: int = 0) -> list[list[str]]:
    """Return `count` pages, each with the shared lines and one line of its own."""
    return [[*shared, matching_key(f"第{i}篇文章的正文段落")] for i in range(first, first + count)]


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        (_pages(10, FOOTER, HOTLINE), {FOOTER, HOTLINE}),
        (_pages(MIN_PAGES - 1, FOOTER), set()),
        (_pages(10), set()),
        (_pages(4, FOOTER) + _pages(6, first=4), set()),
        (_pages(5, FOOTER) + _pages(5, first=5), {FOOTER}),
        ([["x", FOOTER]] * 6, {FOOTER}),
    ],
    ids=["footer-everywhere", "too-few-pages", "nothing-shared", "below-share", "at-share",
         "one-char-key-ignored"],
)  # fmt: skip
def test_template_keys(pages: list[list[str]], expected: set[str]) -> None:
    assert template_keys(pages) == frozenset(expected)


def test_a_line_repeated_within_one_page_counts_once() -> None:
    pages = [[FOOTER, FOOTER, FOOTER], *_pages(9)]
    assert template_keys(pages) == frozenset()


def test_thresholds_are_parameters() -> None:
    pages = _pages(2, FOOTER) + _pages(2, first=2)
    assert template_keys(pages, min_pages=4, min_share=0.5) == frozenset({FOOTER})


def test_line_keys_of_a_page() -> None:
    keys = line_keys(["有思想 / 有温度 / 有品质", "", "·", "有思想/有温度/有品质"])
    assert keys == frozenset({FOOTER})


def test_pages_of_raw_lines_end_to_end() -> None:
    pages = [line_keys(["某网新闻热线：0000-1234567", f"第{i}篇的正文。"]) for i in range(6)]
    assert template_keys(pages) == frozenset({HOTLINE})
