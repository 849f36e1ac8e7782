"""Output piped to a file, as `portal-corpus demo > log` writes it: every path whole on its line."""

from __future__ import annotations

from pathlib import Path

from consolescript import run

FOLDER = "a-data-folder-whose-name-alone-is-longer-than-a-terminal-of-eighty-columns-is-wide"
TERMINAL = 80  # what rich assumes for output that is not a terminal


def test_piped_output_keeps_each_path_on_one_line(tmp_path: Path) -> None:
    data_dir = tmp_path / FOLDER / "data"
    assert len(str(data_dir)) > TERMINAL
    done = run(["demo", "--data-dir", str(data_dir)], tmp_path / "home")  # stdout is a pipe
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for where in (data_dir, data_dir / "clean", data_dir / "raw"):
        assert any(str(where) in line for line in lines), done.stdout
    assert any(line.startswith("│ written") for line in lines), done.stdout  # the run table
