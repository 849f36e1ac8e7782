"""How fast is `portal-corpus export`, and does its memory stay bounded as the corpus grows?

The corpus: the real pages of ../shared/realpages/ go through one `import-warc` run; its
records are then written straight into clean/<site>/<YYYY-MM>.jsonl again and again, each copy
under a new URL (so a new id), spread over --sites site keys and moved forward one day per
round, until there are --records of them. The text, fields and WARC pointers are the real
pipeline's; only url, id, site and the dates vary. Every corpus of --sizes is built this way,
then each format is exported by the installed console script as a whole process; peak memory
is that process's own maximum RSS (wait4), not a sample.

    python bench/export.py --sizes 50000,100000

"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import SHARED, write_real_warc

from cleaners.records import record_id

CLI = str(Path(sys.executable).with_name("portal-corpus"))  # the installed console script
REALPAGES = "realpages/**/*.html"
# site keys the copies are spread over (one Parquet partition each): 10 puts 5,000 and more
# records in every site at both default sizes, more than a row group, so the buffers are full
SITES = 10
MONTH_CHARS = 7  # "2020-05" of "2020-05-07T21:47:22+08:00", as the corpus files it
FORMATS = ("parquet", "jsonl")
MiB = 1 << 20


def seed_records(workdir: Path) -> list[dict[str, Any]]:
    """Import the real pages once and return the records the pipeline made of them."""
    pages = sorted(SHARED.glob(REALPAGES))
    if not pages:
        raise SystemExit(f"skipped: no real pages under {SHARED / 'realpages'}")
    warc = write_real_warc(workdir / "realpages.warc.gz", pages, len(pages))
    seed = workdir / "seed"
    done = subprocess.run([CLI, "import-warc", str(warc), "--data-dir", str(seed)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"import-warc failed:\n{done.stderr[-2000:]}")
    records = [
        json.loads(line)
        for path in sorted((seed / "clean").rglob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    print(f"seed: {len(pages)} real pages -> {len(records)} records", file=sys.stderr)
    return records


def copy_of(record: dict[str, Any], number: int, rounds: int, site: str) -> dict[str, Any]:
    """Return the record under a new URL and site, its dates moved `rounds` days on."""
    url = f"{record['url']}#copy-{number}"
    shifted = {"fetched_at": _later(record["fetched_at"], rounds)}
    if record["published_at"]:
        shifted["published_at"] = _later(record["published_at"], rounds)
    return record | shifted | {"url": url, "id": record_id(url), "site": site,
                               "duplicate_of": None}  # fmt: skip


def _later(stamp: str, days: int) -> str:
    moment = datetime.fromisoformat(stamp) + timedelta(days=days)
    return moment.isoformat().replace("+00:00", "Z") if stamp.endswith("Z") else moment.isoformat()


def build_corpus(data_dir: Path, seeds: list[dict[str, Any]], total: int) -> int:
    """Write `total` copies of the seed records into data_dir/clean; return the bytes written."""
    written = 0
    per_site = -(-total // SITES)
    for s in range(SITES):
        site = f"bench{s:02d}"
        files: dict[str, Any] = {}
        for k in range(min(per_site, total - s * per_site)):
            number = s * per_site + k
            copy = copy_of(seeds[number % len(seeds)], number, number // len(seeds), site)
            month = copy["published_at"][:MONTH_CHARS] if copy["published_at"] else "unknown-date"
            if month not in files:
                folder = data_dir / "clean" / site
                folder.mkdir(parents=True, exist_ok=True)
                files[month] = (folder / f"{month}.jsonl").open("a", encoding="utf-8")
            line = json.dumps(copy, ensure_ascii=False) + "\n"
            files[month].write(line)
            written += len(line.encode("utf-8"))
        for handle in files.values():
            handle.close()
    return written


def export(data_dir: Path, fmt: str, out: Path) -> tuple[float, int]:
    """Run `portal-corpus export` once; return its wall time and its peak RSS in bytes."""
    start = time.perf_counter()
    cmd = [CLI, "export", "--data-dir", str(data_dir), "--format", fmt, "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"export {fmt} failed:\n{proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
    return seconds, usage.ru_maxrss * 1024  # Linux reports kilobytes


def size_of(path: Path) -> int:
    """Return the bytes of a file, or of every file below a folder."""
    return (
        path.stat().st_size
        if path.is_file()
        else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    )


def main() -> None:
    """Print records/s and peak memory of each format at each corpus size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50000,100000", help="corpus sizes, comma-separated")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        workdir = Path(tmp)
        seeds = seed_records(workdir)
        print("| records | corpus MB | format | seconds | records/s | peak RSS MiB | output MB |")
        print("|---|---|---|---|---|---|---|")
        for size in sizes:
            data_dir = workdir / f"corpus-{size}"
            corpus_bytes = build_corpus(data_dir, seeds, size)
            for fmt in FORMATS:
                out = workdir / f"out-{size}.{fmt}"
                seconds, peak = export(data_dir, fmt, out)
                print(f"| {size:,} | {corpus_bytes / 1e6:.0f} | {fmt} | {seconds:.1f} | "
                      f"{size / seconds:,.0f} | {peak / MiB:.0f} | {size_of(out) / 1e6:.0f} |",
                      flush=True)  # fmt: skip
            subprocess.run(["rm", "-rf", str(data_dir)], check=True)


if __name__ == "__main__":
    main()
