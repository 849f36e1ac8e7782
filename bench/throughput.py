"""How fast is `portal-corpus import-warc` against trafilatura in a pool of all cores?

Both run as whole processes on one WARC of real Chinese pages: every page of ../shared/'s
devset (cwced, magic), realpages and listings once (no page repeated, duplicates by content
dropped: trafilatura's caches favour repeats), alternating, --rounds times; the figure is the
median of (import-warc wall time / trafilatura pool wall time). Target <= 0.55 on the same
cores, the pipeline doing all it does (decode, extract, clean, fields, dedup, state, the WARC
copy into raw/).

The trafilatura pool: warcio -> decode by the declared charset -> a multiprocessing pool of
os.cpu_count() processes running trafilatura.bare_extraction with metadata -> one JSON line
per page.

import-warc is measured in two ways, each round: with PREFECT_API_URL unset (what a user
without a server runs: plain functions, no Prefect imported), and against a Prefect server
started once by this script beforehand (`--no-server-run` skips that second way).

    python bench/throughput.py --rounds 3

"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PAGE_GLOBS = (
    "devset/cwced/original/*.html",
    "devset/magic/*/html/*.html",
    "realpages/**/*.html",
    "listings/**/*.html",
)
META_CHARSET = re.compile(rb"""charset\s*=\s*["']?([\w-]+)""", re.I)  # declared in the page
HEAD_BYTES = 4096  # where a page declares its charset
SERVER_START_S = 120.0  # a Prefect server on a busy 2-core machine takes a while to answer
CLI = [str(Path(sys.executable).with_name("portal-corpus"))]  # the installed console script

PLAIN_POOL = r"""
import json, os, re, sys
from multiprocessing import Pool
from warcio.archiveiterator import ArchiveIterator
import trafilatura

CHARSET = re.compile(r"charset=([\w-]+)", re.I)

def extract(item):
    url, body, charset = item
    html = body.decode(charset, errors="replace")
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {k: data.get(k) for k in ("url", "title", "date", "text")}

if __name__ == "__main__":
    items = []
    with open(sys.argv[1], "rb") as warc:
        for record in ArchiveIterator(warc):
            if record.rec_type != "response":
                continue
            match = CHARSET.search(record.http_headers.get_header("Content-Type") or "")
            url = record.rec_headers.get_header("WARC-Target-URI")
            charset = match.group(1) if match else "utf-8"
            items.append((url, record.content_stream().read(), charset))
    with Pool(os.cpu_count()) as pool, open(sys.argv[2], "w", encoding="utf-8") as out:
        for row in pool.imap(extract, items, chunksize=4):
            if row is not None:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
"""


def real_pages() -> list[Path]:
    """Return the real pages of ../shared/, each content once, or exit when there are none."""
    seen: set[bytes] = set()
    pages = []
    for page in sorted(p for pattern in PAGE_GLOBS for p in SHARED.glob(pattern)):
        digest = hashlib.sha256(page.read_bytes()).digest()
        if digest not in seen:
            seen.add(digest)
            pages.append(page)
    if not pages:
        raise SystemExit(f"skipped: no real pages under {SHARED} (devset/, realpages/)")
    return pages


def write_real_warc(path: Path, pages: list[Path]) -> Path:
    """Write one response record per real page."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n, page in enumerate(pages):
            body = page.read_bytes()
            declared = META_CHARSET.search(body[:HEAD_BYTES])
            charset = declared.group(1).decode("ascii") if declared else "utf-8"
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", f"text/html; charset={charset}"),
                 ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )  # fmt: skip
            url = f"https://bench.example.cn/p{n}/{page.parent.name}/{page.stem[:40]}.html"
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(body), length=len(body), http_headers=http,
                warc_headers_dict={"WARC-Date": "2026-11-20T08:00:00Z"},
            )  # fmt: skip
            writer.write_record(record)
    return path


def timed(cmd: list[str], env: dict[str, str]) -> float:
    """Run a command to completion and return its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} failed:\n{done.stderr[-2000:]}")
    return elapsed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(home: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """Start `prefect server start` on a free port; return it and its API URL once it answers."""
    import httpx

    port = free_port()
    server_env = {**env, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    prefect = str(Path(sys.executable).with_name("prefect"))
    server = subprocess.Popen(
        [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=server_env,
    )  # fmt: skip
    api = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                return server, api
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.kill()
    raise SystemExit("the Prefect server did not answer")


def report(label: str, times: list[float], pages: int) -> None:
    median = statistics.median(times)
    runs = " ".join(f"{t:.1f}" for t in times)
    print(f"{label:<44}{median:>9.1f}{pages / median:>9.1f}   ({runs})")


def main() -> None:
    """Print the table of the runs and the median ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-server-run", action="store_true", help="no server run")
    args = parser.parse_args()
    pages = real_pages()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PYTHONHASHSEED"] = "0"
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as tmp:
        warc = write_real_warc(Path(tmp) / "pages.warc.gz", pages)
        server, api = (None, "") if args.no_server_run else start_server(Path(tmp) / "ph", env)
        times: dict[str, list[float]] = {"plain": [], "no_api": [], "server": []}
        try:
            for n in range(args.rounds):
                script = Path(tmp) / "pool.py"
                script.write_text(PLAIN_POOL, encoding="utf-8")
                plain = [sys.executable, str(script), str(warc), f"{tmp}/plain.jsonl"]
                times["plain"].append(timed(plain, env))
                ours = [*CLI, "import-warc", str(warc), "--data-dir"]
                times["no_api"].append(timed([*ours, f"{tmp}/e{n}"], env))
                if server is not None:
                    times["server"].append(
                        timed([*ours, f"{tmp}/s{n}"], {**env, "PREFECT_API_URL": api})
                    )
                done = ", ".join(f"{mode} {t[-1]:.1f} s" for mode, t in times.items() if t)
                print(f"round {n + 1}: {done}", file=sys.stderr, flush=True)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
        written = sum(1 for p in (Path(tmp) / "e0" / "clean").rglob("*.jsonl") for _ in p.open())
    print(f"unique real pages: {len(pages)}   rounds: {args.rounds}   "
          f"cores: {os.cpu_count()}   load: {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'run':<44}{'median s':>9}{'pages/s':>9}   (each round)")
    report(f"trafilatura pool ({os.cpu_count()} processes)", times["plain"], len(pages))
    report("import-warc, no Prefect API", times["no_api"], len(pages))
    if times["server"]:
        report("import-warc, PREFECT_API_URL set", times["server"], len(pages))
    print(f"records written by import-warc: {written}")
    for mode in ("no_api", "server"):
        if times[mode]:
            ratios = [o / p for o, p in zip(times[mode], times["plain"], strict=True)]
            print(f"median ratio import-warc ({mode}) / trafilatura pool: "
                  f"{statistics.median(ratios):.2f}  (target <= 0.55)")  # fmt: skip


if __name__ == "__main__":
    main()
