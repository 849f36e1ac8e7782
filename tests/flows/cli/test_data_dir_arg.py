"""`--data-dir` naming a file (or a path under one) is one line and exit 2, for every command."""

from __future__ import annotations

from pathlib import Path

import pytest
from consolescript import run

COMMANDS = [
    "crawl --config {tmp}/sources.toml",
    "backfill --config {tmp}/sources.toml --site alpha --pages 1-2",
    "import-warc {tmp}/a.warc.gz",
    "import-text {tmp}/notice.txt",
    "reclean",
    "stats",
    "export --format jsonl",
    "demo",
]


@pytest.mark.parametrize("target", ["file", "under-file"])
@pytest.mark.parametrize("command", COMMANDS, ids=[c.split()[0] for c in COMMANDS])
def test_a_data_dir_that_is_a_file_is_one_line(command: str, target: str, tmp_path: Path) -> None:
    taken = tmp_path / "taken.txt"
    taken.write_text("not a folder\n", encoding="utf-8")
    for name in ("sources.toml", "a.warc.gz", "notice.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    data_dir = taken if target == "file" else taken / "corpus"
    args = [*command.format(tmp=tmp_path).split(), "--data-dir", str(data_dir)]
    done = run(args, tmp_path / "home")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"portal-corpus: error: --data-dir {data_dir}: "
        + ("a file" if target == "file" else f"under the file {taken}")
        + ", not a folder"
    ]
    assert taken.read_text(encoding="utf-8") == "not a folder\n"
