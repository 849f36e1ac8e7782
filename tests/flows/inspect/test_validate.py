"""validate: every kind of problem, one table row each, found at its file and line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cleaners.records import record_id, text_sha256
from flows.inspect.validate import Problem, format_problem, run_validate, validate_path

TEXT = "县里今年新修乡村公路八十公里。\n沿线村民出行更方便了。"


def record(n: int = 1, **changes: Any) -> dict[str, Any]:
    """Return a well-formed record dict for article n, with some fields replaced."""
    url = f"https://www.example-county.gov.cn/news/{n}.html"
    text = changes.pop("text", f"{TEXT}\n第{n}篇。")
    values: dict[str, Any] = {
        "id": record_id(url),
        "url": url,
        "site": "county",
        "site_name": "示例县政府网",
        "title": f"乡村公路建设进展{n}",
        "text": text,
        "published_at": "2019-03-20T11:58:00+08:00",
        "published_precision": "minute",
        "published_raw": "2019-03-20 11:58",
        "source": "示例县交通局",
        "authors": ["孙一"],
        "editor": None,
        "lang": "zh",
        "fetched_at": "2026-11-23T00:15:00Z",
        "encoding": "gbk",
        "raw": {"file": "raw/run-00001.warc.gz", "offset": 100 * n, "record_id": f"<urn:{n}>"},
        "content_sha256": text_sha256(text),
        "duplicate_of": None,
        "pipeline": "0.1.0",
    }
    values.update(changes)
    return values


def line(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False)


def write(path: Path, lines: list[str | bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join((x if isinstance(x, bytes) else x.encode()) + b"\n" for x in lines))
    return path


def without(value: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in value.items() if k != key}


# Each row: the lines of one file, and the (line, fragment) of every problem expected in it.
CASES: list[tuple[str, list[str | bytes], list[tuple[int, str]]]] = [
    ("good", [line(record(1)), line(record(2))], []),
    ("broken-json", [line(record(1)), '{"id": "abc",'], [(2, "invalid JSON")]),
    (
        "not-utf8",
        [line(record(1)), b'{"title": "' + "公路".encode("gbk") + b'"}'],
        [(2, "not UTF-8")],
    ),
    ("blank-line", [line(record(1)), "", line(record(2))], [(2, "blank line")]),
    ("array", ["[1, 2]"], [(1, "not a JSON object")]),
    ("nan", [line(record(1)).replace('"offset": 100', '"offset": NaN')], [(1, "NaN")]),
    ("key-twice", [line(record(1))[:-1] + ', "lang": "en"}'], [(1, "'lang' appears twice")]),
    ("missing-field", [line(without(record(1), "editor"))], [(1, "'editor' is a required")]),
    ("extra-field", [line(record(1, summary="摘要"))], [(1, "'summary' was unexpected")]),
    ("wrong-type", [line(record(1, authors="孙一"))], [(1, "authors:")]),
    ("bad-author", [line(record(1, authors=["孙一", 3]))], [(1, "authors.1:")]),
    (
        "bad-raw",
        [line(record(1, raw={"file": "raw/a.warc.gz", "offset": -1}))],
        [(1, "raw: 'record_id' is a required property"), (1, "raw.offset: -1 is less than")],
    ),
    (
        "id-not-url-hash",
        [line(record(1, id=record_id("https://elsewhere.example.cn/")))],
        [(1, "is not the hash of url")],
    ),
    (
        "id-repeated",
        [line(record(1)), line(record(2)), line(record(1))],
        [(3, "repeats the record at {file}:1")],
    ),
    (
        "sha-mismatch",
        [line(record(1, content_sha256=text_sha256("别的正文")))],
        [(1, "content_sha256: does not match")],
    ),
    (
        "duplicate-ok",
        [
            line(record(1)),
            line(
                record(2, duplicate_of=record_id("https://www.example-county.gov.cn/news/1.html"))
            ),
        ],
        [],
    ),
    ("duplicate-forward", [line(record(2, duplicate_of=record(1)["id"])), line(record(1))], []),
    (
        "duplicate-dangling",
        [line(record(2, duplicate_of="0" * 24))],
        [(1, "no record has id 000000000000000000000000")],
    ),
    (
        "duplicate-self",
        [line(record(1, duplicate_of=record(1)["id"]))],
        [(1, "points at the record itself")],
    ),
    (
        "duplicate-chain",
        [
            line(record(1)),
            line(record(2, duplicate_of=record(1)["id"])),
            line(record(3, duplicate_of=record(2)["id"])),
        ],
        [(3, "is itself a duplicate")],
    ),
    (
        "published-no-offset",
        [line(record(1, published_at="2019-03-20T11:58:00"))],
        [(1, "published_at:")],
    ),
    (
        "published-impossible",
        [line(record(1, published_at="2019-02-30T11:58:00+08:00"))],
        [(1, "is not a date")],
    ),
    (
        "precision-day-with-time",
        [line(record(1, published_precision="day"))],
        [(1, "has a time of day but precision is 'day'")],
    ),
    (
        "precision-minute-with-seconds",
        [line(record(1, published_at="2019-03-20T11:58:07+08:00"))],
        [(1, "has seconds but precision is 'minute'")],
    ),
    (
        "precision-without-date",
        [line(record(1, published_at=None, published_raw=None))],
        [(1, "published_precision: is 'minute' but published_at is null")],
    ),
    (
        "date-without-precision",
        [line(record(1, published_precision=None))],
        [(1, "published_precision: is null but published_at is set")],
    ),
    (
        "date-without-raw",
        [line(record(1, published_raw=None))],
        [(1, "published_raw: is null but published_at is set")],
    ),
    (
        "undated-ok",
        [line(record(1, published_at=None, published_precision=None, published_raw=None))],
        [],
    ),
    (
        "fetched-not-utc",
        [line(record(1, fetched_at="2026-11-23T08:15:00+08:00"))],
        [(1, "fetched_at:")],
    ),
    (
        "fetched-impossible",
        [line(record(1, fetched_at="2026-11-31T00:15:00Z"))],
        [(1, "fetched_at: '2026-11-31T00:15:00Z' is not a date")],
    ),
    (
        "pages-and-attachments-ok",
        [
            line(
                record(
                    1,
                    pages=[record(1)["url"], record(1)["url"][:-5] + "_2.html"],
                    attachments=[
                        {
                            "name": "附件1.pdf",
                            "url": "https://www.example-county.gov.cn/a.pdf",
                            "type": "pdf",
                            "text": "方案",
                        }
                    ],
                )
            )
        ],
        [],
    ),
    (
        "pages-not-starting-at-url",
        [line(record(1, pages=[record(2)["url"]]))],
        [(1, "pages: the first page")],
    ),
    (
        "attachment-twice",
        [
            line(
                record(
                    1, attachments=[{"name": "a", "url": "https://x.cn/a.pdf", "type": "pdf"}] * 2
                )
            )
        ],
        [(1, "attachments: the same file is listed twice")],
    ),
    (
        "attachment-of-unknown-type",
        [line(record(1, attachments=[{"name": "a", "url": "https://x.cn/a.exe", "type": "exe"}]))],
        [(1, "attachments.0.type")],
    ),
    (
        "several-in-one-line",
        [line(record(1, id="0" * 24, content_sha256="0" * 64))],
        [(1, "is not the hash of url"), (1, "content_sha256")],
    ),
]


@pytest.mark.parametrize(("lines", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_validate_finds_each_problem_at_its_line(
    tmp_path: Path, lines: list[str | bytes], expected: list[tuple[int, str]]
) -> None:
    file = write(tmp_path / "clean" / "county" / "2019-03.jsonl", lines)
    problems = validate_path(file)
    assert [(p.file, p.line) for p in problems] == [(str(file), n) for n, _ in expected]
    for problem, (_, fragment) in zip(problems, expected, strict=True):
        assert fragment.format(file=file) in problem.message


def test_a_folder_is_read_recursively_and_checked_across_files(tmp_path: Path) -> None:
    first = write(tmp_path / "a" / "2019-03.jsonl", [line(record(1))])
    write(
        tmp_path / "b" / "deep" / "2019-04.jsonl", [line(record(2, duplicate_of=record(1)["id"]))]
    )
    third = write(tmp_path / "c.jsonl", [line(record(1))])
    (tmp_path / "notes.txt").write_text("{not a record", encoding="utf-8")
    assert validate_path(tmp_path) == [
        Problem(str(third), 1, f"id: {record(1)['id']} repeats the record at {first}:1")
    ]


def test_a_data_dir_is_read_from_clean_and_rejects_are_not_records(tmp_path: Path) -> None:
    write(tmp_path / "clean" / "county" / "2019-03.jsonl", [line(record(1))])
    reject = {
        "stage": "extract",
        "reason": "soft_404",
        "url": "https://x.example.cn/",
        "detail": "",
    }
    write(tmp_path / "rejects" / "run-1.jsonl", [line(reject)])
    assert validate_path(tmp_path) == []


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda root: root / "missing", "no such file or folder"),
        (lambda root: root, "the corpus is empty: no *.jsonl files"),
        (
            lambda root: write(root / "clean" / "a.jsonl", []),
            "the corpus is empty: 1 file(s), no lines",
        ),
    ],
    ids=["missing", "no-files", "empty-file"],
)
def test_an_empty_corpus_is_one_clear_problem(tmp_path: Path, make: Any, fragment: str) -> None:
    path = make(tmp_path)
    problems = validate_path(path)
    assert len(problems) == 1
    assert problems[0].line == 0
    assert fragment in problems[0].message


def test_format_problem_is_one_line_with_file_and_line() -> None:
    assert (
        format_problem(Problem("clean/a.jsonl", 3, "blank line")) == "clean/a.jsonl:3: blank line"
    )
    assert (
        format_problem(Problem("clean", 0, "the corpus is empty")) == "clean: the corpus is empty"
    )


def test_run_validate_prints_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path / "a.jsonl", [line(record(1)), "{oops", line(record(2))])
    assert run_validate(tmp_path) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{file}:2: invalid JSON: Expecting property name enclosed in double quotes at column 2"
    ]
    assert out.splitlines() == ["2 record(s) in 1 file(s): 1 problem(s)"]


def test_run_validate_exits_0_on_a_good_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "a.jsonl", [line(record(n)) for n in range(1, 4)])
    assert run_validate(tmp_path) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines() == ["3 record(s) in 1 file(s): no problems"]


def test_a_long_schema_message_stays_one_short_line(tmp_path: Path) -> None:
    file = write(tmp_path / "a.jsonl", [line(record(1, authors="某" * 5000))])
    [problem] = validate_path(file)
    assert "\n" not in problem.message
    assert len(problem.message) <= 240


@pytest.mark.parametrize(
    "module", ["flows.inspect.validate", "flows.inspect.stats_report", "flows.export.run"]
)
def test_reports_do_not_load_prefect_or_trafilatura(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "print(sorted(m for m in ('prefect', 'trafilatura') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
