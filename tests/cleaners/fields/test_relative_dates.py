"""Relative stamps (`3小时前`, `昨天 08:30`) are read against the fetch time, in the site's zone."""

from __future__ import annotations

import pytest

from cleaners.fields.relative_dates import relative_date

FETCHED = "2026-12-05T02:30:00Z"  # 10:30 in China


@pytest.mark.parametrize(
    ("line", "iso", "precision"),
    [
        ("刚刚", "2026-12-05T10:30:00+08:00", "minute"),
        ("5分钟前", "2026-12-05T10:25:00+08:00", "minute"),
        ("3小时前", "2026-12-05T00:00:00+08:00", "day"),
        ("12小时前", "2026-12-04T00:00:00+08:00", "day"),
        ("今天 09:15", "2026-12-05T09:15:00+08:00", "minute"),
        ("发布时间：昨天 23:59", "2026-12-04T23:59:00+08:00", "minute"),
        ("前天", "2026-12-03T00:00:00+08:00", "day"),
        ("来源：某某网 2天前", "2026-12-03T00:00:00+08:00", "day"),
    ],
)
def test_a_stamp_names_a_moment_before_the_fetch(line: str, iso: str, precision: str) -> None:
    found = relative_date(["某某网", line], FETCHED)
    assert found is not None and (found.iso, found.precision) == (iso, precision)


@pytest.mark.parametrize(
    "line",
    [
        "30天前",  # portals print a full date long before a month has passed
        "昨天 25:10",
        "他昨天说了很多话，今天又来了。",  # a sentence names a story's time
        "记者昨天下午在现场看到，救援队伍已经连续工作了三十多个小时，仍未停歇",
    ],
)
def test_what_is_no_stamp(line: str) -> None:
    assert relative_date([line], FETCHED) is None


def test_the_fetch_time_is_read_in_the_sites_zone() -> None:
    found = relative_date(["昨天 08:00"], "2026-12-05T20:00:00Z", timezone="Europe/Berlin")
    assert found is not None and found.iso == "2026-12-04T08:00:00+01:00"


def test_a_fetch_time_without_an_offset_names_no_moment() -> None:
    assert relative_date(["3小时前"], "2026-12-05T02:30:00") is None
    assert relative_date(["3小时前"], "yesterday") is None
