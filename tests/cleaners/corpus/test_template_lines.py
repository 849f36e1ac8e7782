"""Template lines: the matching keys of a page's lines, the unit a site's template counts."""

from __future__ import annotations

from cleaners.corpus.template_lines import line_keys
from cleaners.text.repair import matching_key

FOOTER = matching_key("有思想 / 有温度 / 有品质")


def test_line_keys_of_a_page() -> None:
    keys = line_keys(["有思想 / 有温度 / 有品质", "", "·", "有思想/有温度/有品质"])
    assert keys == frozenset({FOOTER})
