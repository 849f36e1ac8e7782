"""Does `portal-corpus import-warc` hold memory flat as the input grows?

Peak resident memory of the whole process tree (the CLI, its extraction workers; the
embedded Prefect server is counted on its own line), sampled every 50 ms, for WARCs of a
small and a large number of pages. Flat means the large run peaks within 10% of the small.

    python bench/memory.py --small 1000 --large 20000

Measured 2026-11-23 on the 2-core dev machine with the command above: 1,000 pages peak
516.1 MiB, 20,000 pages 550.5 MiB (server 219 MiB apart), ratio 1.07.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import write_warc

try:
    import psutil
except ImportError:  # pragma: no cover - the benchmark needs it, the package does not
    raise SystemExit("bench/memory.py needs psutil: pip install psutil") from None

SAMPLE_S = 0.05  # how often the process tree is measured
SERVER_MARK = "prefect.server.api.server:create_app"  # the embedded server's command line
MiB = 1 << 20


def _tree_rss(root: psutil.Process) -> tuple[int, int]:
    """Return (RSS of the tree without the Prefect server, RSS of the server)."""
    ours = server = 0
    for proc in [root, *root.children(recursive=True)]:
        try:
            rss = proc.memory_info().rss
            is_server = SERVER_MARK in " ".join(proc.cmdline())
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if is_server:
            server += rss
        else:
            ours += rss
    return ours, server


def peak_rss(cmd: list[str]) -> tuple[int, int, float]:
    """Run a command; return its peak tree RSS, the server's peak RSS, and the wall time."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)
    peak = server_peak = 0
    while proc.poll() is None:
        ours, server = _tree_rss(root)
        peak, server_peak = max(peak, ours), max(server_peak, server)
        time.sleep(SAMPLE_S)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} failed:\n{proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
    return peak, server_peak, time.perf_counter() - start


def main() -> None:
    """Print peak memory at both sizes and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=20000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        for pages in (args.small, args.large):
            warc = write_warc(Path(tmp) / f"p{pages}.warc.gz", pages)
            cmd = [sys.executable, "-m", "flows.cli.app", "import-warc", str(warc),
                   "--data-dir", f"{tmp}/d{pages}"]  # fmt: skip
            rows.append((pages, *peak_rss(cmd)))
            warc.unlink()
    print(f"cores: {os.cpu_count()}")
    print(f"{'pages':>8}{'peak RSS MiB':>14}{'server MiB':>12}{'wall s':>9}")
    for pages, peak, server, wall in rows:
        print(f"{pages:>8}{peak / MiB:>14.1f}{server / MiB:>12.1f}{wall:>9.1f}")
    ratio = rows[1][1] / rows[0][1]
    print(f"peak RSS large / small: {ratio:.2f}  (flat: within 10%, <= 1.10)")


if __name__ == "__main__":
    main()
