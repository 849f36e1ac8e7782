"""What share of a crawl's wall time does Prefect take?

The same local crawl (a generated portal on 127.0.0.1, 2,000 articles by default) runs
through `crawl_flow` (batch tasks, artifacts, the embedded Prefect server) and through the
plain `run_crawl`, each in a fresh process and data dir, in alternation. The flow's time is
taken from just before the flow call; the server start-up is shown on its own line.
Prefect's share = (flow - plain) / flow, median over rounds. Target <= 10%.

    python bench/prefect_overhead.py --articles 2000 --rounds 3

Measured 2026-11-23 on the 2-core dev machine with `--articles 2000 --rounds 2`: plain
run_crawl 94.1 s, crawl_flow 100.8 s (1,999 records each), server start 7.3 s on its own
line; Prefect's share 7.6%.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from localportal import config_toml, serve

RUN = r"""
import asyncio, json, sys, time
from pathlib import Path
from flows.config import load_config
config, data_dir, how = load_config(Path(sys.argv[1])), Path(sys.argv[2]), sys.argv[3]
server_s = 0.0
if how == "flow":
    start = time.perf_counter()
    from flows.orchestrate.runners import start_server
    start_server()
    from flows.orchestrate.prefect_flows import crawl_flow
    server_s = time.perf_counter() - start
    start = time.perf_counter()
    summary = crawl_flow(config, data_dir, workers=2)
    written = summary.count("written")
else:
    from flows.orchestrate.crawldriver import run_crawl
    start = time.perf_counter()
    counters = asyncio.run(run_crawl(config, data_dir, workers=2))
    written = counters.get("written")
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "server_s": server_s, "written": written}))
"""


def run(how: str, config: Path, data_dir: Path) -> dict[str, float]:
    """Crawl once in a fresh process; return its timings."""
    env = {**os.environ, "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING"}
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(config), str(data_dir), how],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"{how} crawl failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Print the table of both crawls and Prefect's share of the flow's time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[dict[str, float]]] = {"plain": [], "flow": []}
    with tempfile.TemporaryDirectory(prefix="bench-overhead-") as tmp, serve(args.articles) as base:
        config = Path(tmp) / "sources.toml"
        config.write_text(config_toml(base, args.articles), encoding="utf-8")
        for n in range(args.rounds):
            for how in ("plain", "flow"):
                results[how].append(run(how, config, Path(tmp) / f"{how}{n}"))
    plain = [r["seconds"] for r in results["plain"]]
    flow = [r["seconds"] for r in results["flow"]]
    shares = [(f - p) / f for f, p in zip(flow, plain, strict=True)]
    print(f"articles: {args.articles}   rounds: {args.rounds}   cores: {os.cpu_count()}")
    print(f"{'run':<34}{'median s':>10}{'written':>9}")
    rows = (
        ("plain run_crawl", plain, results["plain"]),
        ("crawl_flow (server up)", flow, results["flow"]),
    )
    for label, times, raw in rows:
        print(f"{label:<34}{statistics.median(times):>10.2f}{int(raw[0]['written']):>9}")
    server = statistics.median(r["server_s"] for r in results["flow"])
    print(f"{'embedded server start (separate)':<34}{server:>10.2f}")
    print(
        f"Prefect share of the flow's wall time: {statistics.median(shares):.1%}  (target <= 10%)"
    )


if __name__ == "__main__":
    main()
