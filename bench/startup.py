"""What does a `portal-corpus` command cost before it does any work?

Wall time of whole processes, median of several runs each, side by side:
`python -c pass` (the interpreter), `portal-corpus validate` of a one-line corpus (no Prefect),
and `portal-corpus import-warc` of a one-page WARC (Prefect flow, embedded server).

    python bench/startup.py --rounds 5

Measured 2026-11-23 on the 2-core dev machine with `--rounds 3`: python -c pass 0.05 s,
validate 0.47 s, import-warc of one page 10.53 s (16.17 s before the embedded server was
launched ahead of the Prefect import; most of what is left is that server's own boot).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import write_warc

CLI = [sys.executable, "-m", "flows.cli.app"]


def timed(cmd: list[str]) -> float:
    """Run a command to completion and return its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # validate exits 1 when it finds problems: still timed
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def one_record_corpus(folder: Path) -> Path:
    """Write a corpus of one record made by a one-page import, or a stub line."""
    path = folder / "clean" / "corpus.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"id": "x"}) + "\n", encoding="utf-8")
    return path


def main() -> None:
    """Print the median wall time of each command and its cost over the bare interpreter."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        folder = Path(tmp)
        warc = write_warc(folder / "one.warc.gz", 1)
        corpus = one_record_corpus(folder)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "portal-corpus validate": [*CLI, "validate", str(corpus)],
            "portal-corpus import-warc (1 page)": [
                *CLI, "import-warc", str(warc), "--data-dir", str(folder / "data"),
            ],
        }  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, cmd in commands.items():
                times[name].append(timed(cmd))
    base = statistics.median(times["python -c pass"])
    print(f"rounds: {args.rounds}   cores: {os.cpu_count()}   PREFECT_API_URL: "
          f"{os.environ.get('PREFECT_API_URL') or '(embedded server)'}")  # fmt: skip
    print(f"{'command':<38}{'median s':>10}{'over python':>13}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<38}{median:>10.2f}{median - base:>13.2f}")


if __name__ == "__main__":
    main()
