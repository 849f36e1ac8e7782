"""Run counters: stage counts in a fixed order, drops per reason, merging."""

from __future__ import annotations

from flows.counters import ORDER, Counters


def test_rows_list_stages_in_order_then_drop_reasons() -> None:
    counters = Counters()
    counters.add("fetched", 3)
    counters.drop("extract", "soft_404")
    counters.drop("extract", "soft_404")
    counters.drop("fetch", "not_found")
    rows = dict(counters.rows())
    assert [label for label, _ in counters.rows()][: len(ORDER)] == list(ORDER)
    assert rows["fetched"] == 3
    assert rows["dropped"] == 3
    assert rows["  dropped at extract: soft_404"] == 2


def test_merge_adds_counts_and_drops() -> None:
    a, b = Counters(), Counters()
    a.add("written", 2)
    b.add("written", 5)
    b.drop("clean", "too_short")
    a.merge(b)
    assert a.get("written") == 7
    assert a.as_dict()["dropped_by_reason"] == {"clean:too_short": 1}


def test_failed_sources_are_named_once_and_merged() -> None:
    a, b = Counters(), Counters()
    a.source_failed("beta")
    a.source_failed("beta")
    b.source_failed("alpha")
    b.source_failed("beta")
    a.merge(b)
    assert a.failed_sources() == ["alpha", "beta"]
    assert a.get("sources_failed") == 2
