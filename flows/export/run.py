"""Run `portal-corpus export`: select records, write them beside OUT, then move them into place.

Readers of OUT never see a half-written export: everything is written into a hidden folder (or
file) beside OUT, which replaces OUT only once complete; a failed or interrupted export leaves
OUT as it was. The data dir is only read.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.errors import ConfigError
from flows.export.arrowschema import BadRecord, to_row, unknown_fields
from flows.export.selection import (
    CLEAN_DIR,
    Line,
    Selection,
    corpus_files,
    read_lines,
    site_folder,
)
from flows.export.sinks import EXPORT_GLOBS, ROW_GROUP_ROWS, JsonlSink, ParquetSink

FORMATS = ("parquet", "jsonl")
DEFAULT_OUT = {"parquet": Path("corpus_parquet"), "jsonl": Path("corpus.jsonl")}
MAX_SHOWN = 20  # skipped lines named one by one on stderr; the rest are only counted
PROG = "portal-corpus"
EXIT_SKIPPED = 1  # some lines were left out, or nothing was selected


@dataclass(slots=True)
class ExportTally:
    """What an export read, took and left out."""

    read: int = 0
    exported: Counter[str] = field(default_factory=Counter)  # site -> records written
    skipped: int = 0
    unknown: Counter[str] = field(default_factory=Counter)  # field -> records that had it

    def skip(self, where: str, why: str) -> None:
        """Count a line left out; name it on stderr while few have been."""
        self.skipped += 1
        if self.skipped <= MAX_SHOWN:
            print(f"{PROG}: skipped {where}: {why}", file=sys.stderr)


def check_request(data_dir: Path, fmt: str, out: Path, selection: Selection) -> None:
    """Refuse, before any work, what the export cannot do: one ConfigError per problem."""
    if fmt not in FORMATS:
        raise ConfigError(f"--format {fmt!r}: choose {' or '.join(FORMATS)}")
    if not data_dir.is_dir():
        raise ConfigError(f"--data-dir {data_dir}: no such folder")
    clean = data_dir / CLEAN_DIR
    if not clean.is_dir():
        raise ConfigError(f"{data_dir}: no {CLEAN_DIR}/ folder to export")
    for key in sorted(selection.sites - {path.name for path in clean.iterdir()}):
        known = ", ".join(sorted(path.name for path in clean.iterdir() if path.is_dir()))
        raise ConfigError(f"--site {key}: no such site in {clean} (there: {known or 'none'})")
    if not out.parent.resolve().is_dir():
        raise ConfigError(f"--out {out}: the folder {out.parent} does not exist")
    if out.resolve().is_relative_to((data_dir / CLEAN_DIR).resolve()):
        raise ConfigError(f"--out {out}: inside {data_dir / CLEAN_DIR}, it would join the corpus")
    if fmt == "parquet" and out.exists() and not _is_export(out):
        what = "a file" if not out.is_dir() else "a folder that is not an export"
        raise ConfigError(f"--out {out}: is {what}; name a new folder or a previous export")
    if fmt == "jsonl" and out.is_dir():
        raise ConfigError(f"--out {out}: is a folder; name the JSONL file to write")


def _is_export(out: Path) -> bool:
    """Tell whether a folder holds only what an export writes (so it may be replaced)."""
    if not out.is_dir():
        return False
    ours = {path for pattern in EXPORT_GLOBS for path in out.glob(pattern)}
    return all(path in ours for path in out.rglob("*"))


def run_export(
    data_dir: Path, fmt: str, out: Path, selection: Selection,
    row_group_rows: int = ROW_GROUP_ROWS,
) -> int:  # fmt: skip
    """Export the selected records of `data_dir` to `out`; print what was done; return the code."""
    started = time.perf_counter()
    temporary = out.parent / f".{out.name}.tmp-{os.getpid()}"
    tally = ExportTally()
    try:
        files = _write(fmt, data_dir, temporary, selection, tally, row_group_rows)
        if not tally.exported:
            _remove(temporary)
            print(f"{PROG}: nothing to export: no record of {data_dir / CLEAN_DIR} is selected",
                  file=sys.stderr)  # fmt: skip
            return EXIT_SKIPPED
        _move_into_place(temporary, out)
    except BaseException:
        _remove(temporary)
        raise
    _report(tally, fmt, out, files, time.perf_counter() - started)
    return EXIT_SKIPPED if tally.skipped else 0


def _write(
    fmt: str, data_dir: Path, target: Path, selection: Selection, tally: ExportTally,
    row_group_rows: int,
) -> int:  # fmt: skip
    """Write the selection to `target`; return how many files were written."""
    if fmt == "jsonl":
        with target.open("wb") as out:
            sink = JsonlSink(out)
            for file in corpus_files(data_dir):
                for line, _ in _selected(file, selection, tally):
                    sink.add_line(line.raw)
        return sink.files
    parquet = ParquetSink(target, row_group_rows)
    folder = None
    for file in corpus_files(data_dir):
        if (here := site_folder(data_dir, file)) != folder:
            parquet.close_parts()  # one part file per site and folder: one buffer open at a time
            folder = here
        for _, row in _selected(file, selection, tally):
            parquet.add(row["site"], row)
    parquet.close_parts()
    return parquet.files


def _selected(
    file: Path, selection: Selection, tally: ExportTally
) -> Iterator[tuple[Line, dict[str, Any]]]:
    """Yield the selected lines of a corpus file with their typed rows; count what is left out."""
    try:
        for line in read_lines(file):
            tally.read += 1
            if line.record is None:
                tally.skip(f"{file}:{line.number}", "not a JSON object")
            elif selection.admits(line.record):
                try:
                    row = to_row(line.record)
                except BadRecord as exc:
                    tally.skip(f"{file}:{line.number}", str(exc))
                    continue
                tally.exported[row["site"]] += 1
                tally.unknown.update(unknown_fields(line.record))
                yield line, row
    except OSError as exc:  # a file a reclean swapped away meanwhile, or unreadable
        tally.skip(str(file), f"cannot be read: {exc.strerror or exc}")


def _move_into_place(temporary: Path, out: Path) -> None:
    """Replace OUT with the finished export (a previous export is removed only afterwards)."""
    if not out.is_dir():
        os.replace(temporary, out)
        return
    previous = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(previous)
    temporary.rename(out)
    shutil.rmtree(previous)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _report(tally: ExportTally, fmt: str, out: Path, files: int, seconds: float) -> None:
    """Print what was exported on stdout; what was left out on stderr."""
    total = sum(tally.exported.values())
    sites = ", ".join(f"{site} {n}" for site, n in sorted(tally.exported.items()))
    print(f"exported {total} of {tally.read} records to {out} ({fmt}, {files} file(s), "
          f"{seconds:.1f} s): {sites}")  # fmt: skip
    if tally.unknown:
        names = ", ".join(f"{name} ({n})" for name, n in sorted(tally.unknown.items()))
        print(f"{PROG}: warning: fields not in the export schema, left out: {names}",
              file=sys.stderr)  # fmt: skip
    if tally.skipped:
        print(f"{PROG}: {tally.skipped} line(s) skipped; `{PROG} validate` says what is wrong",
              file=sys.stderr)  # fmt: skip
