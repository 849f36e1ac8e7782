"""Table tests for publication dates as Chinese portals print them."""

from __future__ import annotations

import pytest

from cleaners.fields.dates import (
    DEFAULT_DAY_FIRST,
    date_from_url,
    date_rank,
    find_date,
    infer_day_first,
    parse_date,
)

PARSE_ROWS = [
    ("2019年3月20日", "2019-03-20T00:00:00+08:00", "day", "2019年3月20日"),
    ("2018/5/24 10:11:02 点击:", "2018-05-24T10:11:02+08:00", "second", "2018/5/24 10:11:02"),
    ("2019-03-20 11:58 | 来源: 某某网", "2019-03-20T11:58:00+08:00", "minute", "2019-03-20 11:58"),
    ("2005-5-7 21:23:57", "2005-05-07T21:23:57+08:00", "second", "2005-5-7 21:23:57"),
    ("2004-09-17 5:54:13", "2004-09-17T05:54:13+08:00", "second", "2004-09-17 5:54:13"),
    ("2019年3月20日11时58分", "2019-03-20T11:58:00+08:00", "minute", "2019年3月20日11时58分"),
    ("2019年03月20日 下午3:20", "2019-03-20T15:20:00+08:00", "minute", "2019年03月20日 下午3:20"),
    ("发表于2005年09月07日 11:57 AM", "2005-09-07T11:57:00+08:00", "minute", None),
    ("7/5/2005 9:23:57 PM", "2005-05-07T21:23:57+08:00", "second", None),
    ("2022-02-13T07:00:00Z", "2022-02-13T15:00:00+08:00", "second", None),
    ("2020-05-07T21:47:22+08:00", "2020-05-07T21:47:22+08:00", "second", None),
    ("2017.02.06", "2017-02-06T00:00:00+08:00", "day", None),
    ("13.02.2017 08:00", "2017-02-13T08:00:00+08:00", "minute", None),
    ("02/13/2017", "2017-02-13T00:00:00+08:00", "day", None),
]


@pytest.mark.parametrize(
    ("raw", "iso", "precision", "written"),
    PARSE_ROWS,
    ids=[
        "cn-day",
        "slashes-seconds",
        "hyphens-minutes",
        "unpadded-seconds",
        "one-digit-hour",
        "cn-hour-minute",
        "cn-afternoon",
        "am-suffix",
        "pm-suffix-year-last",
        "utc-zulu-converted",
        "offset-kept",
        "dotted-year-first",
        "year-last-day-above-12",
        "year-last-month-first-decided",
    ],
)
def test_parse_date(raw: str, iso: str, precision: str, written: str | None) -> None:
    found = parse_date(raw)
    assert found is not None
    assert (found.iso, found.precision) == (iso, precision)
    if written is not None:
        assert found.raw == written


@pytest.mark.parametrize(
    "raw",
    ["1998-3", "2019年3月", "2019-02-30", "1985-06-01", "第3-5页", "", "电话 0431-8290"],
    ids=["month-only", "cn-month-only", "no-such-day", "before-min-year", "page-range", "empty",
         "phone"],
)  # fmt: skip
def test_parse_date_refuses(raw: str) -> None:
    assert parse_date(raw) is None


@pytest.mark.parametrize(
    ("raw", "day_first", "iso", "ambiguous"),
    [
        ("06.02.2017  20:37", None, "2017-02-06T20:37:00+08:00", True),
        ("06.02.2017  20:37", False, "2017-06-02T20:37:00+08:00", False),
        ("06.02.2017  20:37", True, "2017-02-06T20:37:00+08:00", False),
        ("06.06.2017", None, "2017-06-06T00:00:00+08:00", False),
    ],
    ids=["default-recorded-ambiguous", "site-says-month-first", "site-says-day-first",
         "same-either-way"],
)  # fmt: skip
def test_day_month_ambiguity(raw: str, day_first: bool | None, iso: str, ambiguous: bool) -> None:
    found = parse_date(raw, day_first=day_first)
    assert found is not None
    assert (found.iso, found.ambiguous) == (iso, ambiguous)


def test_default_day_first_is_documented_choice() -> None:
    assert DEFAULT_DAY_FIRST is True


def test_other_dates_on_the_page_decide_the_order() -> None:
    text = "06.02.2017 20:37 …… 上一篇 25.01.2017"
    found = find_date(text)
    assert found is not None and found.iso.startswith("2017-02-06") and not found.ambiguous


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["13.02.2017", "06.02.2017"], True),
        (["02/13/2017"], False),
        (["06.02.2017"], None),
        (["13.02.2017", "02.14.2017"], None),
    ],
    ids=["day-above-12", "month-first", "undecided", "tie"],
)
def test_infer_day_first(texts: list[str], expected: bool | None) -> None:
    assert infer_day_first(texts) is expected


def test_timezone_is_the_sites() -> None:
    found = parse_date("2020-05-07 21:47", timezone="Europe/Berlin")
    assert found is not None and found.iso == "2020-05-07T21:47:00+02:00"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("建立于:2004年10月6日 发表于 2005-9-15 11:46:00", "2005-09-15T11:46:00+08:00"),
        ("2019年1月1日起施行 2022-02-11 08:52", "2022-02-11T08:52:00+08:00"),
        ("会议于2019年3月20日召开", "2019-03-20T00:00:00+08:00"),
    ],
    ids=["label-wins", "timed-wins-over-day", "day-only"],
)
def test_find_date_prefers_labelled_then_timed(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None and found.iso == iso


def test_date_rank() -> None:
    labelled, timed, day = (
        find_date("发布时间：2020-01-02"),
        find_date("2020-01-02 10:00"),
        find_date("2020-01-02"),
    )
    assert labelled and timed and day
    assert date_rank("发布时间：2020-01-02", labelled) == 0
    assert date_rank("2020-01-02 10:00", timed) == 1
    assert date_rank("2020-01-02", day) == 2


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("http://news.example.cn/sm/2005-03-21/244339.shtml", "2005-03-21"),
        ("http://news.example.cn/20050311/n224643115.shtml", "2005-03-11"),
        ("http://news.example.cn/050404/346/2al02.html", "2005-04-04"),
        ("http://news.example.cn/05/0425/08/1I606VE6.html", "2005-04-25"),
        ("http://blog.example.cn/archive/2005/07/31/255509.aspx", "2005-07-31"),
        ("http://news.example.cn/jizhe/2005-08/16/content_4894059.htm", "2005-08-16"),
        ("http://news.example.cn/202205/t20220511_123.html", "2022-05-11"),
    ],
    ids=["hyphens", "compact", "yymmdd", "yy-mmdd", "slashes", "month-dir-day", "t-prefix"],
)
def test_date_from_url(url: str, iso: str) -> None:
    found = date_from_url(url)
    assert found is not None and found.iso == iso + "T00:00:00+08:00" and found.precision == "day"


@pytest.mark.parametrize(
    "url",
    ["http://news.example.cn/article/123456.html", "http://news.example.cn/2005/13/40/x.html"],
    ids=["no-date", "impossible-date"],
)
def test_date_from_url_refuses(url: str) -> None:
    assert date_from_url(url) is None
