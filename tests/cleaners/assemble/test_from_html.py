"""Whole pages to records: golden fixture pages, field precedence, drops."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from cleaners import __version__
from cleaners.assemble.from_html import build_record, meta_people, pick_date
from cleaners.extract.page import Extracted
from cleaners.fields.body import Fields
from cleaners.fields.dates import PublishedDate
from cleaners.records import Dropped, Page, Record, SiteRules, record_id, text_sha256

PAGES = Path(__file__).resolve().parents[2] / "data" / "pages"
FIXTURES = sorted(PAGES.rglob("*.html"))
FETCHED_AT = "2026-11-23T00:15:00Z"


def fetched(url: str, body: bytes, content_type: str | None = None) -> Page:
    headers = (("Content-Type", content_type),) if content_type else ()
    return Page(url, "demo", 200, headers, body, FETCHED_AT)


def expectation(page: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(page.with_suffix(".expected.json").read_text("utf-8"))
    return loaded


def test_every_fixture_has_its_expectation() -> None:
    assert len(FIXTURES) >= 7
    assert all(page.with_suffix(".expected.json").is_file() for page in FIXTURES)


@pytest.mark.parametrize("page", FIXTURES, ids=[f"{p.parent.name}/{p.stem}" for p in FIXTURES])
def test_golden_page(page: Path) -> None:
    want = expectation(page)
    result = build_record(fetched(want["url"], page.read_bytes()), SiteRules())
    if "dropped" in want:
        assert isinstance(result, Dropped)
        assert result.reason == want["dropped"]
        return
    assert isinstance(result, Record), result
    got = result.to_json_dict()
    assert {key: got[key] for key in want["record"]} == want["record"]
    assert result.text.startswith(want.get("text_starts", ""))
    for phrase in want.get("text_contains", []):
        assert phrase in result.text
    for phrase in want.get("text_excludes", []):
        assert phrase not in result.text
    assert "\ufffd" not in result.text


def test_a_record_carries_identity_hash_and_pipeline() -> None:
    page = PAGES / "xinhe" / "utf8-div-byline.html"
    url = expectation(page)["url"]
    result = build_record(fetched(url, page.read_bytes(), "text/html"), SiteRules(site="xinhe"))
    assert isinstance(result, Record)
    assert (result.id, result.site, result.fetched_at) == (record_id(url), "demo", FETCHED_AT)
    assert result.content_sha256 == text_sha256(result.text)
    assert (result.duplicate_of, result.pipeline) == (None, __version__)


def test_a_configured_site_name_wins() -> None:
    page = PAGES / "hedong" / "short-notice.html"
    url = expectation(page)["url"]
    result = build_record(fetched(url, page.read_bytes()), SiteRules(name="河东政府网"))
    assert isinstance(result, Record)
    assert result.site_name == "河东政府网"


@pytest.mark.parametrize(
    ("content_type", "reason"),
    [("image/jpeg", "not_html"), ("application/pdf", "not_html")],
)
def test_non_html_is_dropped(content_type: str, reason: str) -> None:
    result = build_record(fetched("http://a.example/x", b"%PDF-1.4", content_type), SiteRules())
    assert isinstance(result, Dropped)
    assert (result.stage, result.reason) == ("decode", reason)


NOISE = bytes(random.Random(7).choices(range(1, 256), k=5000))  # no NUL, and no charset fits


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"GIF89a\x00\x01\x00" * 50, "not_html"), (NOISE, "undecodable")],
    ids=["binary-without-content-type", "random-bytes"],
)
def test_bytes_that_are_no_text_are_dropped(body: bytes, reason: str) -> None:
    result = build_record(fetched("http://a.example/x", body), SiteRules())
    assert isinstance(result, Dropped)
    assert (result.stage, result.reason) == ("decode", reason)


def extracted(
    url: str, meta_dates: tuple[str, ...] = (), authors: tuple[str, ...] = ()
) -> Extracted:
    return Extracted(
        url, "标题", "站", (), ("正文。",), (), meta_dates, authors, None, "trafilatura"
    )


INFO_BAR = PublishedDate("2020-03-20T11:58:00+08:00", "minute", "2020-03-20 11:58")


@pytest.mark.parametrize(
    ("page", "fields", "iso"),
    [
        (
            extracted("http://a.example/202003/t20200319_1.html", ("2020-03-18",)),
            Fields(INFO_BAR, None, (), None),
            "2020-03-20T11:58:00+08:00",
        ),
        (
            extracted("http://a.example/202003/t20200319_1.html", ("2020-03-18T09:00:00+08:00",)),
            Fields(None, None, (), None),
            "2020-03-18T09:00:00+08:00",
        ),
        (
            extracted("http://a.example/news/2005-03-21/1.shtml"),
            Fields(None, None, (), None),
            "2005-03-21T00:00:00+08:00",
        ),
        (extracted("http://a.example/news/1.html"), Fields(None, None, (), None), None),
        (
            extracted("http://a.example/2020-03-18/1.html", ("2020-03-18T09:00:00+08:00",)),
            Fields(INFO_BAR, None, (), None),
            "2020-03-18T09:00:00+08:00",
        ),
        (
            extracted("http://a.example/2020-03-20/1.html", ("2020-03-18T09:00:00+08:00",)),
            Fields(INFO_BAR, None, (), None),
            "2020-03-20T11:58:00+08:00",
        ),
    ],
    ids=[
        "info-bar-beats-meta",
        "meta-beats-url",
        "url-date",
        "none",
        "meta-and-url-agree-against-the-info-bar",
        "url-backs-the-info-bar",
    ],
)
def test_pick_date(page: Extracted, fields: Fields, iso: str | None) -> None:
    found = pick_date(page, fields, SiteRules())
    assert (found.iso if found else None) == iso


def test_a_configured_date_selector_beats_the_info_bar() -> None:
    page = extracted("http://a.example/1.html", ("发布时间：2020-03-18 09:00",))
    found = pick_date(page, Fields(INFO_BAR, None, (), None), SiteRules(selectors={"date": ".t"}))
    assert found is not None
    assert found.iso == "2020-03-18T09:00:00+08:00"


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        (("赵  培",), ("赵培",)),
        (("李明, 王芳",), ("李明", "王芳")),
        (("中文学术期刊,某某出版社,Some Publishers",), ()),
        (("某某日报社",), ()),
        (("甲,乙,丙,丁,戊",), ()),
        (("Jane Doe",), ("Jane Doe",)),
        (("SITE.NET",), ()),
        (("user20190101",), ()),
        (("某浪科技",), ()),
        (("医技药剂党支部",), ()),
        (("魑皇",), ("魑皇",)),
        (("某某项目全体贡献者",), ()),
        (("Advertisement",), ()),
        (("廣告",), ()),
        (("abcd1234",), ("abcd1234",)),
    ],
    ids=[
        "cjk-gap",
        "two-names",
        "publisher-list",
        "newspaper",
        "keyword-list",
        "latin-name",
        "domain",
        "numeric-id",
        "channel",
        "party-branch",
        "pen-name",
        "contributors-phrase",
        "ad-label",
        "ad-label-traditional",
        "user-handle",
    ],
)
def test_meta_people(authors: tuple[str, ...], expected: tuple[str, ...]) -> None:
    assert meta_people(extracted("http://a.example/1.html", authors=authors)) == expected
