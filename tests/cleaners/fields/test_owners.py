"""Table tests for authors read from where a page prints them: copyright notices, headlines."""

from __future__ import annotations

import pytest

from cleaners.fields.owners import (
    copyright_holder,
    headline_credit,
    site_owners,
    under_headline_name,
)


@pytest.mark.parametrize(
    ("line", "holder"),
    [
        ("Copyright © 周明", "周明"),
        ("Copyright © 2004-2006 欧阳明远", "欧阳明远"),
        ("版权所有：陈立", "陈立"),
        ("周明 版权所有", "周明"),
        ("版权所有 东湖新闻网", None),
        ("Copyright © 2005 某某网络公司 All Rights Reserved", None),
        ("版权所有 华商报", None),
        ("Copyright © someone@某某家", None),
        ("Copyright © blogger", None),
        ("周明", None),
        ("周明说：版权所有的东西不能随便拿来用，这是我们要遵守的规矩。", None),
    ],
    ids=[
        "person",
        "years-and-compound-surname",
        "chinese-label",
        "label-after",
        "portal",
        "company",
        "newspaper-looks-like-name",
        "handle-at-site",
        "latin-handle",
        "no-notice",
        "prose-mentioning-copyright",
    ],
)
def test_copyright_holder(line: str, holder: str | None) -> None:
    assert copyright_holder(line) == holder


def test_site_owners_once_each_in_page_order() -> None:
    lines = ["关于我们 | 联系方式", "Copyright © 周明", "版权所有 东湖新闻网", "Copyright © 周明"]
    assert site_owners(lines) == ("周明",)


@pytest.mark.parametrize(
    ("title", "credit"),
    [
        ("竹叶：我的第一份工作", "竹叶"),
        ("某某: 一篇旧文", "某某"),
        ("东湖街道走访独居老人", None),
        ("“我们感到不可理解”：一场争议", None),
    ],
    ids=["full-width-colon", "ascii-colon", "no-colon", "quotation-before-colon"],
)
def test_headline_credit(title: str, credit: str | None) -> None:
    assert headline_credit(title) == credit


@pytest.mark.parametrize(
    ("line", "title", "name"),
    [
        ("周明远", "一篇旧文(上)", "周明远"),
        ("■ 周明远", "一篇旧文(上)", "周明远"),
        ("竹叶", "竹叶：我的第一份工作", "竹叶"),
        ("竹叶", "我的第一份工作", None),
        ("关闭", "关闭：一家工厂的最后一天", None),
        ("佚名", "佚名：旧文一篇", None),
        ("原创", "一篇原创文章", None),
        ("——一个时代的回忆", "一篇旧文(上)", None),
    ],
    ids=[
        "personal-name",
        "print-mark",
        "pen-name-the-headline-opens-with",
        "pen-name-alone-is-a-word",
        "control-word",
        "nobody",
        "badge",
        "subtitle",
    ],
)
def test_under_headline_name(line: str, title: str, name: str | None) -> None:
    assert under_headline_name(line, title) == name
