"""Check a corpus: the record JSON Schema, then what a schema cannot say.

A file or a folder of JSONL (every *.jsonl below it) is read one line at a time; the only state
kept across lines is the set of ids seen (to find repeats and dangling `duplicate_of`). Each
problem is one `Problem(file, line, message)`; line 0 means the file or the corpus as a whole.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from cleaners.records import record_id, text_sha256
from flows.inspect.schema import load_record_schema

CLEAN_DIR = "clean"  # a data dir keeps its records here; rejects/ beside it are not records
CORPUS_GLOB = "*.jsonl"  # files of a corpus folder, searched recursively
MAX_MESSAGE = 240  # schema messages quote the bad value: keep one problem on one readable line
LINE_BITS = 32  # a first-seen location packs (file number, line) into one int to save memory


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a corpus, at a file and line (0: the file or corpus as a whole)."""

    file: str
    line: int
    message: str


@dataclass(slots=True)
class Tally:
    """What one validation pass read, filled in as it goes."""

    files: int = 0
    lines: int = 0
    records: int = 0
    problems: int = 0


@dataclass(slots=True)
class _Index:
    """Cross-line state: first location of each id, duplicate ids, duplicate_of references."""

    files: list[str] = field(default_factory=list)
    first_seen: dict[str, int] = field(default_factory=dict)
    duplicates: set[str] = field(default_factory=set)
    references: list[tuple[str, int, str]] = field(default_factory=list)  # file, line, target

    def where(self, record: str) -> str:
        """Return 'file:line' of the first record with this id."""
        packed = self.first_seen[record]
        return f"{self.files[packed >> LINE_BITS]}:{packed & ((1 << LINE_BITS) - 1)}"


class _DuplicateKey(ValueError):
    """A JSON object names the same key twice."""


def format_problem(problem: Problem) -> str:
    """Return the problem as one 'file:line: message' line."""
    if problem.line:
        return f"{problem.file}:{problem.line}: {problem.message}"
    return f"{problem.file}: {problem.message}"


def corpus_files(path: Path) -> list[Path]:
    """Return the JSONL files of a corpus: the file itself, or every *.jsonl below a folder."""
    if path.is_file():
        return [path]
    root = path / CLEAN_DIR if (path / CLEAN_DIR).is_dir() else path
    return sorted(p for p in root.rglob(CORPUS_GLOB) if p.is_file())


def validate_path(path: Path) -> list[Problem]:
    """Return every problem of the corpus at `path` (a JSONL file or a folder)."""
    return list(iter_problems(path))


def iter_problems(path: Path, tally: Tally | None = None) -> Iterator[Problem]:
    """Yield the problems of the corpus at `path` as they are found, counting into `tally`."""
    tally = tally if tally is not None else Tally()
    for problem in _corpus_problems(path, tally):
        tally.problems += 1
        yield problem


def _corpus_problems(path: Path, tally: Tally) -> Iterator[Problem]:
    if not path.exists():
        yield Problem(str(path), 0, "no such file or folder")
        return
    files = corpus_files(path)
    if not files:
        yield Problem(str(path), 0, f"the corpus is empty: no {CORPUS_GLOB} files in this folder")
        return
    validator = Draft202012Validator(load_record_schema())
    index = _Index()
    for file in files:
        tally.files += 1
        yield from _file_problems(file, validator, index, tally)
    yield from _reference_problems(index)
    if tally.lines == 0:
        yield Problem(str(path), 0, f"the corpus is empty: {len(files)} file(s), no lines")


def _file_problems(
    file: Path, validator: Draft202012Validator, index: _Index, tally: Tally
) -> Iterator[Problem]:
    name = str(file)
    index.files.append(name)
    try:
        with file.open("rb") as lines:
            for number, raw in enumerate(lines, start=1):
                tally.lines += 1
                parsed = _parse_line(raw)
                if isinstance(parsed, str):
                    yield Problem(name, number, parsed)
                    continue
                tally.records += 1
                messages = check_record(parsed, validator) + _index_record(parsed, index, number)
                yield from (Problem(name, number, message) for message in messages)
    except OSError as exc:
        yield Problem(name, 0, f"cannot be read: {exc.strerror or exc}")


def _parse_line(raw: bytes) -> dict[str, Any] | str:
    """Return the JSON object on a line, or a message saying why there is none."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8: byte {exc.start + 1} cannot be decoded"
    if not line.strip():
        return "blank line"
    try:
        value = json.loads(line, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except _DuplicateKey as exc:
        return f"invalid JSON: {exc}"
    except json.JSONDecodeError as exc:
        return f"invalid JSON: {exc.msg} at column {exc.colno}"
    except ValueError as exc:
        return f"invalid JSON: {exc}"
    if not isinstance(value, dict):
        return f"not a JSON object but a {type(value).__name__}"
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, refusing a key given twice (json keeps the last one silently)."""
    value = dict(pairs)
    if len(value) == len(pairs):
        return value
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _DuplicateKey(f"key {key!r} appears twice in one object")
        seen.add(key)
    return value


def _no_constant(name: str) -> Any:
    """Refuse NaN and Infinity, which Python's json accepts but JSON does not."""
    raise ValueError(f"{name} is not a JSON value")


def check_record(record: dict[str, Any], validator: Draft202012Validator) -> list[str]:
    """Return the problems of one record: schema errors, then checks a schema cannot express."""
    errors = sorted(validator.iter_errors(record), key=lambda e: [str(p) for p in e.path])
    messages = [_schema_message(error.path, error.message) for error in errors]
    bad = {str(error.path[0]) for error in errors if error.path}  # judge only fields it passed
    return messages + _semantic_problems(record, bad)


def _schema_message(path: Iterable[Any], message: str) -> str:
    where = ".".join(str(part) for part in path) or "record"
    text = f"{where}: {message}"
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _semantic_problems(record: dict[str, Any], bad: set[str]) -> list[str]:
    def ok(*names: str) -> bool:
        return all(name in record and name not in bad for name in names)

    problems: list[str] = []
    if ok("id", "url") and record["id"] != (expected := record_id(record["url"])):
        problems.append(f"id: {record['id']} is not the hash of url (expected {expected})")
    if ok("content_sha256", "text") and record["content_sha256"] != text_sha256(record["text"]):
        problems.append("content_sha256: does not match the SHA-256 of text")
    if ok("id", "duplicate_of") and record["duplicate_of"] == record["id"]:
        problems.append("duplicate_of: points at the record itself")
    if ok("published_at", "published_precision", "published_raw"):
        problems += _published_problems(
            record["published_at"], record["published_precision"], record["published_raw"]
        )
    if ok("fetched_at"):
        problems += _fetched_problems(record["fetched_at"])
    if ok("pages", "url") and record["pages"][0] != record["url"]:
        problems.append(f"pages: the first page {record['pages'][0]!r} is not the record's url")
    if ok("attachments"):
        urls = [item["url"] for item in record["attachments"]]
        if len(set(urls)) != len(urls):
            problems.append("attachments: the same file is listed twice")
    return problems


def _published_problems(value: str | None, precision: str | None, raw: str | None) -> list[str]:
    """Check that published_at parses and agrees with its precision and raw text."""
    if value is None:
        if precision is not None:
            return [f"published_precision: is {precision!r} but published_at is null"]
        return []
    if precision is None:
        return ["published_precision: is null but published_at is set"]
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        return [f"published_at: {value!r} is not a date: {exc}"]
    problems = [] if raw is not None else ["published_raw: is null but published_at is set"]
    if precision == "day" and moment.time() != datetime.min.time():
        problems.append(f"published_at: {value!r} has a time of day but precision is 'day'")
    if precision == "minute" and (moment.second or moment.microsecond):
        problems.append(f"published_at: {value!r} has seconds but precision is 'minute'")
    return problems


def _fetched_problems(value: str) -> list[str]:
    """Check that fetched_at parses (the schema's pattern already pins it to UTC)."""
    try:
        datetime.fromisoformat(value)
    except ValueError as exc:
        return [f"fetched_at: {value!r} is not a date: {exc}"]
    return []


def _index_record(record: dict[str, Any], index: _Index, line: int) -> list[str]:
    """Remember the record's id and reference; return a problem when the id was seen before."""
    identifier = record.get("id")
    if not isinstance(identifier, str):
        return []
    target = record.get("duplicate_of")
    if isinstance(target, str) and target != identifier:
        index.duplicates.add(identifier)
        index.references.append((index.files[-1], line, target))
    if identifier in index.first_seen:
        return [f"id: {identifier} repeats the record at {index.where(identifier)}"]
    index.first_seen[identifier] = ((len(index.files) - 1) << LINE_BITS) | line
    return []


def _reference_problems(index: _Index) -> Iterator[Problem]:
    """Check every duplicate_of once all ids are known: it names a record that is no duplicate."""
    for file, line, target in index.references:
        if target not in index.first_seen:
            yield Problem(file, line, f"duplicate_of: no record has id {target}")
        elif target in index.duplicates:
            where = index.where(target)
            yield Problem(file, line, f"duplicate_of: {target} ({where}) is itself a duplicate")


def run_validate(path: Path) -> int:
    """Print each problem of the corpus at `path` on stderr, the summary on stdout; return 0 or 1.

    So `validate PATH > report.txt` keeps the verdict and still shows the problems as they come.
    """
    tally = Tally()
    for problem in iter_problems(path, tally):
        print(format_problem(problem), file=sys.stderr)
    verdict = "no problems" if tally.problems == 0 else f"{tally.problems} problem(s)"
    print(f"{tally.records} record(s) in {tally.files} file(s): {verdict}")
    return 1 if tally.problems else 0
