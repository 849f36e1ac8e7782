"""Errors raised deep in a run become one line: found inside groups and chains."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from flows.cli.failure import known_error
from flows.errors import DiskFull, StoreError


def raised_while_closing(first: BaseException, second: BaseException) -> BaseException:
    """Return `second` as raised while handling `first` (its __context__)."""
    try:
        try:
            raise first
        except BaseException:
            raise second from None
    except BaseException as exc:
        exc.__suppress_context__ = False
        return exc


def full_sqlite() -> sqlite3.OperationalError:
    """Return SQLite's own disk-full error."""
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorname = "SQLITE_FULL"
    return error


ARGS = ["crawl", "--data-dir", "/data"]


@pytest.mark.parametrize(
    ("exc", "line"),
    [
        (ExceptionGroup("run", [StoreError("clean/a.jsonl line 3 is not a record")]),
         "clean/a.jsonl line 3 is not a record"),
        (ExceptionGroup("run", [ExceptionGroup("batch", [DiskFull("/data/raw/r.warc.gz")])]),
         "no space left on device while writing /data/raw/r.warc.gz"),
        (OSError(errno.ENOSPC, "No space left on device", "/data/.writer.lock"),
         "no space left on device while writing /data/.writer.lock"),
        (ExceptionGroup("run", [full_sqlite()]),
         "no space left on device while writing /data/state.sqlite"),
        (raised_while_closing(DiskFull("/data/clean/a.jsonl"), ValueError("flush of closed file")),
         "no space left on device while writing /data/clean/a.jsonl"),
    ],
    ids=["store-error-in-group", "nested-groups", "oserror-with-file", "sqlite-full", "context"],
)  # fmt: skip
def test_known_errors_are_one_line(exc: BaseException, line: str) -> None:
    assert known_error(exc, ARGS) == (line, 1)


def test_a_bug_is_not_hidden() -> None:
    assert known_error(ExceptionGroup("run", [KeyError("id")]), ARGS) is None
