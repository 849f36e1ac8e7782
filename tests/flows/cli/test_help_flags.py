"""`--help` as users read it from the installed console script: a flag shows no value type."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from consolescript import run

COMMANDS = ("crawl", "backfill", "import-warc", "import-text", "reclean", "validate", "serve",
            "stats", "export", "demo")  # fmt: skip
FLAG_ROW = re.compile(r"│ (--[a-z-]+)\s+│?\s*(\S*)")  # a row of the options panel: name, type


@pytest.mark.parametrize("command", ("", *COMMANDS))
def test_flags_show_no_bool_type(command: str, tmp_path: Path) -> None:
    done = run([*([command] if command else []), "--help"], tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert "--help" in done.stdout
    assert "<bool>" not in done.stdout, done.stdout


def test_options_that_take_a_value_still_show_its_type(tmp_path: Path) -> None:
    done = run(["crawl", "--help"], tmp_path / "home")
    rows = dict(FLAG_ROW.findall(done.stdout))
    assert rows["--workers"] == "<int>", done.stdout
    assert rows["--config"] == "<path>", done.stdout
    assert not rows["--revalidate"].startswith("<"), done.stdout
