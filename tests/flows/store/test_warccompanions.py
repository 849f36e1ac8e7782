"""An article read back from WARC meets its companions only when its response lists some."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners.records import Page
from flows.counters import Counters
from flows.store.warccompanions import INCOMPLETE, CompanionIndex, with_companions
from flows.store.warcwrite import PARTS_HEADER

URL = "http://www.example.gov.cn/zwgk/t20240520_1.html"


def page(*marks: tuple[str, str]) -> Page:
    headers = (("Content-Type", "text/html"), *marks)
    return Page(URL, "gov", 200, headers, b"<html></html>", "2024-05-20T00:00:00Z")


def test_an_article_without_marks_never_reads_the_warc_files(tmp_path: Path) -> None:
    index = CompanionIndex([tmp_path / "raw" / "absent.warc.gz"], tmp_path)  # read: it would fail
    plain = page()
    assert with_companions(plain, index, tmp_path, Counters()) is plain


def test_an_article_whose_listed_page_is_missing_is_left_out(tmp_path: Path) -> None:
    counters = Counters()
    marked = page((PARTS_HEADER, URL.replace(".html", "_1.html")))
    assert with_companions(marked, CompanionIndex([], tmp_path), tmp_path, counters) is None
    assert counters.get(INCOMPLETE) == 1


def test_the_index_reads_the_files_on_first_use(tmp_path: Path) -> None:
    index = CompanionIndex([tmp_path / "raw" / "absent.warc.gz"], tmp_path)
    with pytest.raises(FileNotFoundError):
        index.get(URL)
