"""A small tmpfs to fill up, for tests of what a run does when the disk is full.

Mounting needs root (or a mount namespace); without it the tests that ask for one skip,
saying so. Each mount is taken down when its test ends.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

FILLER = "filler"  # the file that takes up the room, beside the data dir


@contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    """Mount a tmpfs of `size` at `where` for the block, or skip the test when we cannot."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to fill (needs root): {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path, *, leave: int) -> Path:
    """Take up all the room on `disk` but `leave` bytes; return the filler file."""
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    filler = disk / FILLER
    with filler.open("wb") as out:
        out.write(b"\0" * max(0, free - leave))
    return filler
