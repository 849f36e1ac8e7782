"""Run counters: stage counts in a fixed order, drops per reason, merging."""

from __future__ import annotations

from flows.counters import ORDER, WARC_BYTES, Counters


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


def test_discovery_rows_per_source_and_a_warning_for_none_found() -> None:
    counters = Counters()
    counters.discovery("alpha", {"list_block": 6, "dated_row": 1}, {"navigation": 20})
    counters.discovery("beta", {}, {"chrome": 4})
    rows = counters.rows()
    labels = [label for label, _ in rows]
    assert labels[-6:] == [
        "articles_found alpha",
        "  alpha found by dated_row",
        "  alpha found by list_block",
        "  alpha refused as navigation",
        "articles_found beta",
        "  beta refused as chrome",
    ]
    assert dict(rows)["articles_found alpha"] == 7
    assert counters.articles_found() == {"alpha": 7, "beta": 0}
    assert counters.warnings() == [
        "articles_found=0 for source 'beta': no article family found on its listings"
    ]


def test_merge_adds_discovery_counts() -> None:
    a, b = Counters(), Counters()
    a.discovery("alpha", {"feed": 2}, {})
    b.discovery("alpha", {"feed": 3}, {"chrome": 1})
    a.merge(b)
    assert a.articles_found() == {"alpha": 5}
    assert a.as_dict()["discovery_by_source"] == {
        "alpha": {"found": {"feed": 5}, "refused": {"chrome": 1}}
    }


def test_a_failed_source_gets_no_articles_found_warning() -> None:
    counters = Counters()
    counters.discovery("gone", {}, {})
    counters.source_failed("gone")
    assert counters.warnings() == []


def test_a_progress_moves_while_the_run_goes_and_is_no_row_of_its_table() -> None:
    counters = Counters()
    assert counters.progress(WARC_BYTES) == (0, None)
    counters.expect(WARC_BYTES, 1000)
    counters.advance(WARC_BYTES, 400)
    counters.advance(WARC_BYTES, 600)
    assert counters.progress(WARC_BYTES) == (1000, 1000)
    assert not any(WARC_BYTES in label for label, _ in counters.rows())
    assert WARC_BYTES not in counters.as_dict()
