"""How fast is `portal-corpus import-warc` against a plain single-process extraction loop?

Both run as whole processes on the same WARC of real-looking pages, in alternation; the
figure is the median of (import-warc wall time / plain loop wall time). Target <= 1.0, aim
<= 0.67 with both cores.

The plain loop: warcio -> decode by the declared charset -> trafilatura.bare_extraction with
metadata -> one JSON line per page.

    python bench/throughput.py --pages 1000 --rounds 3

Measured 2026-11-23 on the 2-core dev machine, shared with other work (load 3-10), with the
command above: plain loop 64.1 s (15.6 pages/s), import-warc 70.7 s (14.1 pages/s, the
embedded server's start-up included), median ratio 0.87. Again with `--rounds 2` on a
quieter machine (load < 1) after the server was launched ahead of the Prefect import: plain
47.1 s (21.2 pages/s), import-warc 39.2 s (25.5 pages/s), ratio 0.83.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import write_warc

PLAIN_LOOP = r"""
import json, re, sys
from warcio.archiveiterator import ArchiveIterator
import trafilatura

CHARSET = re.compile(r"charset=([\w-]+)", re.I)
with open(sys.argv[1], "rb") as warc, open(sys.argv[2], "w", encoding="utf-8") as out:
    for record in ArchiveIterator(warc):
        if record.rec_type != "response":
            continue
        body = record.content_stream().read()
        match = CHARSET.search(record.http_headers.get_header("Content-Type") or "")
        html = body.decode(match.group(1) if match else "utf-8", errors="replace")
        url = record.rec_headers.get_header("WARC-Target-URI")
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        if doc is None:
            continue
        data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        out.write(json.dumps({k: data.get(k) for k in ("url", "title", "date", "text")},
                             ensure_ascii=False) + "\n")
"""


def timed(cmd: list[str], env: dict[str, str]) -> float:
    """Run a command to completion and return its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])} failed:\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    """Print the table of both runs and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="import-warc --workers")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as tmp:
        warc = write_warc(Path(tmp) / "pages.warc.gz", args.pages)
        plain, ours = [], []
        for n in range(args.rounds):
            plain.append(
                timed([sys.executable, "-c", PLAIN_LOOP, str(warc), f"{tmp}/plain.jsonl"], env)
            )
            cmd = [
                sys.executable,
                "-m",
                "flows.cli.app",
                "import-warc",
                str(warc),
                "--data-dir",
                f"{tmp}/d{n}",
            ]
            if args.workers:
                cmd += ["--workers", str(args.workers)]
            ours.append(timed(cmd, env))
        written = sum(1 for _ in (Path(tmp) / "d0" / "clean").rglob("*.jsonl") for _ in _.open())
    ratios = [o / p for o, p in zip(ours, plain, strict=True)]
    print(f"pages: {args.pages}   rounds: {args.rounds}   cores: {os.cpu_count()}")
    print(f"{'run':<28}{'median s':>10}{'pages/s':>10}")
    for label, times in (("plain loop (1 process)", plain), ("portal-corpus import-warc", ours)):
        median = statistics.median(times)
        print(f"{label:<28}{median:>10.2f}{args.pages / median:>10.1f}")
    print(f"records written by import-warc: {written}")
    ratio = statistics.median(ratios)
    print(f"median ratio import-warc / plain: {ratio:.2f}  (target <= 1.0, aim <= 0.67)")


if __name__ == "__main__":
    main()
