"""stats: counts of a small hand-made corpus, its JSON, its tables, and its plot with gaps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle
from rich.console import Console

from cleaners.records import record_id, text_sha256
from flows.inspect.stats import Stats, collect_stats, to_json
from flows.inspect.stats_report import (
    GAP_COLOUR,
    build_figure,
    coverage_gaps,
    plot,
    render_table,
    run_stats,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def record(site: str, n: int, published: str | None, **changes: Any) -> dict[str, Any]:
    """Return a record of `site` published on `published` (YYYY-MM-DD, or None)."""
    url = f"https://{site}.example.cn/news/{n}.html"
    text = changes.pop("text", "本报讯 今天上午，新区举行项目集中开工仪式。")
    return {
        "id": record_id(url),
        "url": url,
        "site": site,
        "site_name": f"{site}网",
        "title": f"新闻{n}",
        "text": text,
        "published_at": f"{published}T09:30:00+08:00" if published else None,
        "published_precision": "minute" if published else None,
        "published_raw": published,
        "source": f"{site}网",
        "authors": [],
        "editor": None,
        "lang": "zh",
        "fetched_at": "2026-11-23T00:15:00Z",
        "encoding": "utf-8",
        "raw": None,
        "content_sha256": text_sha256(text),
        "duplicate_of": None,
        "pipeline": "0.1.0",
        **changes,
    }


def write_jsonl(path: Path, rows: list[Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A corpus of two sites; alpha has nothing in 2020-02, beta only there and undated."""
    first = record("alpha", 1, "2020-01-05", authors=["甲"], text="短" * 150)
    write_jsonl(
        tmp_path / "clean" / "alpha" / "2020.jsonl",
        [
            first,
            record("alpha", 2, "2020-01-20", source="新华社", editor="乙", text="中" * 700),
            record("alpha", 3, "2020-03-02", duplicate_of=first["id"], text="短" * 150),
            "{not json",
            "",
        ],
    )
    write_jsonl(
        tmp_path / "clean" / "beta" / "deep" / "part-1.jsonl",
        [
            record("beta", 1, "2020-02-29", authors=["丙", "丁"], text="长" * 12_000),
            record("beta", 2, None, text="字" * 300),
            ["not", "a", "record"],
        ],
    )
    reject = {"url": "https://alpha.example.cn/x", "detail": "", "warc": None}
    write_jsonl(
        tmp_path / "rejects" / "run-1.jsonl",
        [
            {"stage": "extract", "reason": "soft_404", **reject},
            {"stage": "clean", "reason": "too_short", **reject},
            {"stage": "extract", "reason": "soft_404", **reject},
            "garbage",
        ],
    )
    write_jsonl(tmp_path / "rejects" / "run-2.jsonl", [{"stage": "fetch", "reason": "robots"}])
    return tmp_path


def test_collect_stats_counts_records_per_source_and_month(data_dir: Path) -> None:
    stats = collect_stats(data_dir)
    assert (stats.files, stats.records, stats.unreadable) == (2, 5, 2)
    assert stats.sites == ("alpha", "beta")
    assert stats.months == ("2020-01", "2020-02", "2020-03")
    assert stats.per_month == {"alpha": (2, 0, 1), "beta": (0, 1, 0)}
    assert stats.per_site == {"alpha": 3, "beta": 2}
    assert stats.undated == {"alpha": 0, "beta": 1}
    assert stats.duplicates == {"alpha": 1, "beta": 0}
    assert stats.total_duplicates == 1


def test_collect_stats_counts_fields_found(data_dir: Path) -> None:
    stats = collect_stats(data_dir)
    assert stats.found == {"date": 4, "source": 1, "authors": 2, "editor": 1}
    assert stats.share("date") == pytest.approx(0.8)
    assert stats.share("source") == pytest.approx(0.2)


def test_collect_stats_summarises_text_lengths(data_dir: Path) -> None:
    lengths = collect_stats(data_dir).lengths
    assert (lengths.count, lengths.minimum, lengths.maximum) == (5, 150, 12_000)
    assert lengths.quantiles["median"] == 300
    assert lengths.mean == pytest.approx((150 + 700 + 150 + 12_000 + 300) / 5)
    assert dict(lengths.buckets) == {
        "<200": 2,
        "200-499": 1,
        "500-999": 1,
        "1000-1999": 0,
        "2000-4999": 0,
        "5000-9999": 0,
        "≥10000": 1,
    }


def test_collect_stats_counts_rejects_by_reason(data_dir: Path) -> None:
    stats = collect_stats(data_dir)
    assert stats.rejects == (
        ("extract", "soft_404", 2),
        ("clean", "too_short", 1),
        ("fetch", "robots", 1),
    )
    assert (stats.total_rejects, stats.reject_files, stats.reject_unreadable) == (4, 2, 1)


@pytest.mark.parametrize(
    ("dates", "months"),
    [
        (["2019-11-30", "2020-02-01"], ("2019-11", "2019-12", "2020-01", "2020-02")),
        (["2020-12-31", "2020-12-01"], ("2020-12",)),
        ([None], ()),
        ([], ()),
    ],
    ids=["across-new-year", "one-month", "undated-only", "empty"],
)
def test_every_month_between_first_and_last_is_listed(
    tmp_path: Path, dates: list[str | None], months: tuple[str, ...]
) -> None:
    write_jsonl(tmp_path / "clean" / "a.jsonl", [record("a", n, d) for n, d in enumerate(dates)])
    stats = collect_stats(tmp_path)
    assert stats.months == months
    assert all(len(counts) == len(months) for counts in stats.per_month.values())


def test_to_json_lists_empty_months_as_zero(data_dir: Path) -> None:
    data = json.loads(to_json(collect_stats(data_dir)))
    assert data["months"] == ["2020-01", "2020-02", "2020-03"]
    assert data["sites"]["alpha"]["per_month"] == {"2020-01": 2, "2020-02": 0, "2020-03": 1}
    assert data["sites"]["beta"] == {
        "records": 2,
        "undated": 1,
        "duplicates": 0,
        "per_month": {"2020-01": 0, "2020-02": 1, "2020-03": 0},
    }
    assert data["found"]["authors"] == {"records": 2, "share": 0.4}
    assert data["text_length"]["median"] == 300
    assert data["rejects"]["by_reason"][0] == {"stage": "extract", "reason": "soft_404", "count": 2}
    assert (data["records"], data["duplicates"], data["unreadable_lines"]) == (5, 1, 2)


def rendered(stats: Stats) -> str:
    console = Console(record=True, width=160, color_system=None)
    console.print(*render_table(stats))
    return console.export_text()


def test_render_table_shows_months_sources_and_reasons(data_dir: Path) -> None:
    text = rendered(collect_stats(data_dir))
    for expected in ("alpha", "beta", "2020-02", "undated", "soft_404", "too_short", "≥10000"):
        assert expected in text
    [row] = [line for line in text.splitlines() if "2020-02" in line]
    assert row.split("│")[1:5] == [" 2020-02 ", "     0 ", "    1 ", "   1 "]


def test_render_table_folds_a_long_run_of_empty_months(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "clean" / "a.jsonl", [record("a", 1, "2019-01-10"), record("a", 2, "2019-12-10")]
    )
    text = rendered(collect_stats(tmp_path))
    assert "2019-02 … 2019-11 (10 months)" in text
    assert "2019-05" not in text


def test_plot_writes_a_png(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "coverage.png"
    plot(collect_stats(data_dir), target)
    assert target.read_bytes().startswith(PNG_MAGIC)


def test_plot_draws_a_bar_for_every_month_zeros_included(data_dir: Path) -> None:
    stats = collect_stats(data_dir)
    axes = build_figure(stats).axes
    assert [axis.get_ylabel() for axis in axes] == ["alpha", "beta"]
    for axis, site in zip(axes, stats.sites, strict=True):
        [bars] = axis.containers
        assert [bar.get_height() for bar in bars] == list(stats.per_month[site])
    labels = [label.get_text() for label in axes[-1].get_xticklabels()]
    assert labels == ["2020-01", "2020-02", "2020-03"]


@pytest.mark.parametrize(
    ("counts", "gaps"),
    [
        ((0, 0, 3, 0, 1, 0, 0), [3]),
        ((2, 0, 0, 1), [1, 2]),
        ((0, 0, 5), []),
        ((0, 0, 0), []),
    ],
    ids=["inside-only", "from-the-first", "one-month", "no-record"],
)
def test_coverage_gaps_are_the_empty_months_inside_a_source_span(
    counts: tuple[int, ...], gaps: list[int]
) -> None:
    assert coverage_gaps(counts) == gaps


def test_plot_shades_only_the_gaps_inside_each_source_span(tmp_path: Path) -> None:
    dates = {"a": ["2020-01-05", "2020-03-05"], "b": ["2020-05-05"]}
    rows = [record(site, n, day) for site, days in dates.items() for n, day in enumerate(days)]
    write_jsonl(tmp_path / "clean" / "c.jsonl", rows)
    stats = collect_stats(tmp_path)
    assert stats.months == ("2020-01", "2020-02", "2020-03", "2020-04", "2020-05")
    shaded = {}
    for axis, site in zip(build_figure(stats).axes, stats.sites, strict=True):
        [bars] = axis.containers
        spans = [patch for patch in axis.patches if patch not in bars]
        assert all(isinstance(patch, Rectangle) for patch in spans)
        assert all(to_hex(patch.get_facecolor()) == GAP_COLOUR for patch in spans)
        shaded[site] = sorted(
            round(p.get_x() + p.get_width() / 2) for p in spans if isinstance(p, Rectangle)
        )
    assert shaded == {"a": [1], "b": []}  # not 2020-04/05 for a, nor 2020-01…04 for b


def test_plot_of_an_undated_corpus_still_writes_a_png(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "clean" / "a.jsonl", [record("a", 1, None)])
    target = tmp_path / "empty.png"
    plot(collect_stats(tmp_path), target)
    assert target.read_bytes().startswith(PNG_MAGIC)


def test_run_stats_json_and_plot(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.png"
    assert run_stats(data_dir, plot=target, as_json=True) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["records"] == 5
    assert target.exists()
    assert f"wrote {target}" in err


def test_run_stats_says_when_the_corpus_is_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_jsonl(tmp_path / "rejects" / "r.jsonl", [{"stage": "fetch", "reason": "robots"}])
    assert run_stats(tmp_path, plot=None, as_json=False) == 0
    out, err = capsys.readouterr()
    assert "the corpus is empty" in err
    assert "robots" in out


def test_run_stats_refuses_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_stats(tmp_path / "missing", plot=None, as_json=False) == 1
    assert "no such folder" in capsys.readouterr().err
