"""Run the installed `portal-corpus` console script in a subprocess, as a user would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

RUN_TIMEOUT_S = 300.0  # a whole command, the embedded Prefect server's boot included


def script() -> str:
    """Return the path of the installed console script."""
    found = shutil.which("portal-corpus")
    return found or str(Path(sys.executable).with_name("portal-corpus"))


def cli_env(home: Path) -> dict[str, str]:
    """Return an environment with a private Prefect home and no server or profile of ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    return env


def start(args: list[str], home: Path, log: Path) -> subprocess.Popen[str]:
    """Start `portal-corpus ARGS` in its own process group, stdout to a log, stderr piped."""
    with log.open("a") as out:
        return subprocess.Popen(
            [script(), *args], stdout=out, stderr=subprocess.PIPE, text=True,
            env=cli_env(home), start_new_session=True,
        )  # fmt: skip


def run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """Run `portal-corpus ARGS` to its end and return what it printed."""
    return subprocess.run(
        [script(), *args], capture_output=True, text=True, timeout=RUN_TIMEOUT_S,
        env=cli_env(home), check=False,
    )  # fmt: skip


def records(data_dir: Path) -> list[dict[str, object]]:
    """Return every record of clean/, file by file, line by line."""
    rows: list[dict[str, object]] = []
    for path in sorted((data_dir / "clean").rglob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return rows


def rejects(data_dir: Path, name: str) -> list[dict[str, object]]:
    """Return the rows of rejects/NAME.jsonl (none when absent)."""
    path = data_dir / "rejects" / f"{name}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def warc_records(path: Path) -> int:
    """Read every record of a WARC file, digests checked; return how many there are."""
    count = 0
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, check_digests=True):
            record.content_stream().read()
            count += 1
    return count
