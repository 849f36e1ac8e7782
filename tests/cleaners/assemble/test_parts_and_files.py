"""One record from an article's pages and files: the parts joined, the files read, bounded."""

from __future__ import annotations

from dataclasses import replace

from govportal import DOCX_PATH, PARTS, PDF_PATH, PDF_TEXT, SPLIT, WITH_FILES, GovPortal

from cleaners.assemble.from_html import build_record
from cleaners.extract.markup_depth import MAX_MARKUP_DEPTH
from cleaners.records import Dropped, Page, Record, SiteRules

RULES = SiteRules(site="gov")
PORTAL = GovPortal(base="http://www.example.gov.cn")


def fetched(path: str, body: bytes | None = None) -> Page:
    _, content_type, answer = PORTAL.answer(path)
    return Page(
        PORTAL.url(path), "gov", 200, (("Content-Type", content_type),), body or answer,
        "2024-05-20T01:00:00Z",
    )  # fmt: skip


def test_the_parts_are_joined_in_order_with_the_first_pages_fields() -> None:
    parts = (fetched(f"{SPLIT}_2.html"), fetched(f"{SPLIT}_3.html"))
    record = build_record(replace(fetched(f"{SPLIT}.html"), parts=parts), RULES)
    assert isinstance(record, Record)
    assert record.text == "\n".join(line for part in PARTS for line in part)
    assert record.pages == (PORTAL.url(f"{SPLIT}.html"), *(p.url for p in parts))
    assert record.title == "关于开展春季安全生产大检查的通知"
    alone = build_record(fetched(f"{SPLIT}.html"), RULES)
    assert isinstance(alone, Record) and alone.to_json_dict()["pages"] == [alone.url]


def test_a_part_nested_too_deep_drops_the_article_before_a_parser_sees_it() -> None:
    deep = b"<div>" * (MAX_MARKUP_DEPTH + 10) + "正文".encode() + b"</div>" * 10
    part = fetched(f"{SPLIT}_2.html", deep)
    dropped = build_record(replace(fetched(f"{SPLIT}.html"), parts=(part,)), RULES)
    assert isinstance(dropped, Dropped) and dropped.reason == "too_deep"


def test_fetched_files_are_read_and_the_others_only_listed() -> None:
    pdf = replace(fetched(PDF_PATH), url=PORTAL.url(PDF_PATH))
    record = build_record(replace(fetched(WITH_FILES), files=(pdf,)), RULES)
    assert isinstance(record, Record)
    assert [(a.url, a.text) for a in record.attachments] == [
        (PORTAL.url(PDF_PATH), PDF_TEXT),
        (PORTAL.url(DOCX_PATH), None),
    ]
