"""Does `import-warc --task-runner dask` scale with workers, and stay flat in memory per worker?

For each size, a WARC of real Chinese pages (`../shared/devset` and `../shared/realpages`,
repeated under distinct URLs) is imported by whole `portal-corpus` processes against a Dask
LocalCluster of 1 worker and one of 2 workers (one thread each, started afresh for every run),
alternating which goes first; the script samples each worker's memory as the scheduler reports
it while the import runs. It prints the median times, the speed-up (1 worker / 2 workers) and
the peak memory per worker at each size.

    python bench/scale.py --sizes 1000,20000 --rounds 1

The LocalCluster runs its workers without Dask's sampling profiler, as a command's own cluster
does (and as the README says for workers started by hand).

Measured 2026-12-01 on the 2-core dev machine, quiet (load about 1), with the command above:
1,000 pages 35.1 s on 1 worker, 20.3 s on 2 (speed-up 1.73); 20,000 pages 671.9 s and 379.2 s
(1.77). Peak memory per worker 188/166 MB at 1,000 pages, 204/179 MB at 20,000: ratio 1.08,
flat. With the profiler on, the same run peaked at 291/242 MB at 20,000 pages (ratio 1.49):
its stack trees, one a second for the last 1,000 s, were the growth. Earlier, at load 4-12,
1,000 pages took 149.1 s and 133.0 s (1.12).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared"  # the devset and realpages live beside the checkout
FOLDERS = (SHARED / "devset" / "cwced" / "original", SHARED / "realpages")
CLI = str(Path(sys.executable).parent / "portal-corpus")
SAMPLE_S = 0.5  # how often worker memory is read from the scheduler
MB = 1 << 20
FLAT = 1.10  # flat: the largest size peaks within 10 % of the smallest, as bench/memory.py


def real_pages() -> list[bytes]:
    """Return the bytes of every shared page, in path order."""
    return [p.read_bytes() for f in FOLDERS if f.is_dir() for p in sorted(f.rglob("*.html"))]


def write_warc(path: Path, pages: list[bytes], count: int) -> Path:
    """Write `count` responses cycling through the pages, each under a URL of its own."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i in range(count):
            body = pages[i % len(pages)]
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )  # no charset: the pipeline sniffs it, as for pages saved without headers
            record = writer.create_warc_record(
                f"https://pages.example.cn/{i % len(pages)}.html?copy={i // len(pages)}",
                "response", payload=BytesIO(body), http_headers=headers,
            )  # fmt: skip
            writer.write_record(record)
    return path


class MemoryWatch:
    """Sample the memory of every worker of a cluster until stopped; keep each one's peak."""

    def __init__(self, client: object) -> None:
        self.client = client
        self.peaks: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_S):
            info = self.client.scheduler_info()  # type: ignore[attr-defined]
            for address, worker in info.get("workers", {}).items():
                memory = int(worker.get("metrics", {}).get("memory", 0))
                self.peaks[address] = max(self.peaks.get(address, 0), memory)

    def stop(self) -> list[int]:
        self._stop.set()
        self._thread.join()
        return sorted(self.peaks.values())


def run_import(warc: Path, data_dir: Path, workers: int) -> tuple[float, list[int]]:
    """Import a WARC on a fresh LocalCluster of `workers`; return wall time and peak memories."""
    import dask
    from distributed import Client, LocalCluster

    from flows.orchestrate.cluster import WORKER_CONFIG

    with (
        dask.config.set(WORKER_CONFIG),  # as the README says for workers started by hand
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                     dashboard_address="127.0.0.1:0") as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        watch = MemoryWatch(client)
        start = time.perf_counter()
        done = subprocess.run(
            [CLI, "import-warc", str(warc), "--data-dir", str(data_dir), "--task-runner", "dask",
             "--dask-address", cluster.scheduler_address],
            capture_output=True, text=True, check=False,
            env={k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")},
        )  # fmt: skip
        elapsed = time.perf_counter() - start
        peaks = watch.stop()
    if done.returncode != 0:
        raise SystemExit(f"import-warc failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, peaks


def main() -> None:
    """Print, per size, the times on 1 and 2 workers, the speed-up and memory per worker."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000", help="page counts, comma-separated")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    pages = real_pages()
    if not pages:
        print(f"skipped: no shared pages under {SHARED} (devset/, realpages/)")
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"pages: {len(pages)} real, repeated   rounds: {args.rounds}   cores: {os.cpu_count()}")
    print(f"{'pages':>7}{'1 worker s':>12}{'2 workers s':>13}{'speed-up':>10}"
          f"{'MB/worker (1)':>15}{'MB/worker (2)':>15}")  # fmt: skip
    peak_by_size: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        for size in sizes:
            warc = write_warc(Path(tmp) / f"pages-{size}.warc.gz", pages, size)
            times: dict[int, list[float]] = {1: [], 2: []}
            memory: dict[int, list[int]] = {1: [], 2: []}
            for round_no in range(args.rounds):
                for workers in (1, 2) if round_no % 2 == 0 else (2, 1):
                    data_dir = Path(tmp) / f"d-{size}-{workers}-{round_no}"
                    elapsed, peaks = run_import(warc, data_dir, workers)
                    times[workers].append(elapsed)
                    memory[workers] += peaks
            one, two = statistics.median(times[1]), statistics.median(times[2])
            print(f"{size:>7}{one:>12.1f}{two:>13.1f}{one / two:>10.2f}"
                  f"{max(memory[1]) / MB:>15.0f}{max(memory[2]) / MB:>15.0f}")  # fmt: skip
            peak_by_size[size] = max(memory[1] + memory[2])
            warc.unlink()
    small, large = min(peak_by_size), max(peak_by_size)
    if large > small:
        ratio = peak_by_size[large] / peak_by_size[small]
        verdict = "flat" if ratio <= FLAT else "NOT flat"
        print(f"peak memory per worker, {large} against {small} pages: ratio {ratio:.2f}"
              f"   {verdict} (within {FLAT - 1:.0%})")  # fmt: skip


if __name__ == "__main__":
    main()
