"""What does a `portal-corpus` command cost before its first page, with and without a server?

Whole processes, side by side and alternating, median of several rounds: `python -c pass`,
`portal-corpus validate`, and `portal-corpus import-warc` of a 1-page and a PAGES-page WARC,
once without a Prefect API (the plain path: no Prefect imported) and once against a
`prefect server start` this script runs itself (every command a flow run with artifacts).
The fixed cost is the 1-page time less one page's share of the PAGES-page run:
fixed = t(1) - (t(PAGES) - t(1)) / (PAGES - 1).

    python bench/startup.py --rounds 3

Before (2026-11-23, embedded server booted by every command): import-warc of one page 10.53 s.
Measured 2026-12-01 on the 2-core dev machine, shared with other work (load 3-5), with the
command above: no server 2.55 s for 1 page, 5.34 s for 17, fixed cost 2.38 s; with a server
5.55 s and 5.97 s, fixed cost 5.53 s; validate 0.32 s; python -c pass 0.04 s. Again after
merging the data-dir lock and FastWARC, at load 2.6: 2.97 s and 3.44 s, fixed cost 2.94 s;
server 6.31 s. At load 5 the fixed cost without a server reads 4.1-4.4 s. After the new
extractor's modules, at load about 1: 3.40 s without a server, 6.13 s with one. With the
cleaners and datasketch (scipy) loaded only in the workers' fork server, which starts first
(load about 1): 1.86 s for 1 page, 2.78 s for 17, fixed cost 1.80 s; with a server 4.18 s.
With MinHash computed without datasketch (no scipy in the workers) and the pool building the
next batch while one commits (2026-12-05, other work on the machine, this script's autogroup
at nice -20): 1.12 s for 1 page, 1.15 s for 17, fixed cost 1.12 s; with a server 3.09 s.
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
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))

from liveprefect import clean_env, prefect_server
from pages import write_warc

CLI = [str(Path(sys.executable).parent / "portal-corpus")]
PAGES = 17  # the longer import: enough pages to take one page's cost out of the fixed cost
TARGET_S = 3.0  # fixed cost allowed without a server


def timed(cmd: list[str], env: dict[str, str]) -> float:
    """Run a command to completion and return its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # validate exits 1 when it finds problems: still timed
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def commands(folder: Path, round_no: int, mode: str) -> dict[str, list[str]]:
    """Return the commands of one round, each writing a data dir of its own."""
    corpus = folder / "clean" / "corpus.jsonl"
    data = folder / f"data-{mode}-{round_no}"
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "portal-corpus validate": [*CLI, "validate", str(corpus)],
        "import-warc, 1 page": [
            *CLI, "import-warc", str(folder / "one.warc.gz"), "--data-dir", str(data / "one"),
        ],
        f"import-warc, {PAGES} pages": [
            *CLI, "import-warc", str(folder / "many.warc.gz"), "--data-dir", str(data / "many"),
        ],
    }  # fmt: skip


def main() -> None:
    """Print the median wall times of each mode and the fixed cost before the first page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        folder = Path(tmp)
        write_warc(folder / "one.warc.gz", 1)
        write_warc(folder / "many.warc.gz", PAGES)
        (folder / "clean").mkdir()
        (folder / "clean" / "corpus.jsonl").write_text(json.dumps({"id": "x"}) + "\n", "utf-8")
        home = folder / "prefect-home"
        with prefect_server(home, folder / "server.log") as api:
            envs = {"no server": clean_env(home), "server": clean_env(home, PREFECT_API_URL=api)}
            times: dict[str, dict[str, list[float]]] = {m: {} for m in envs}
            for round_no in range(args.rounds):
                order = list(envs) if round_no % 2 == 0 else list(reversed(envs))
                for mode in order:
                    for name, cmd in commands(folder, round_no, mode).items():
                        times[mode].setdefault(name, []).append(timed(cmd, envs[mode]))
    print(f"rounds: {args.rounds}   cores: {os.cpu_count()}   (median wall time, s)")
    print(f"{'command':<28}" + "".join(f"{mode:>12}" for mode in times))
    for name in times["no server"]:
        medians = [statistics.median(by_name[name]) for by_name in times.values()]
        print(f"{name:<28}" + "".join(f"{m:>12.2f}" for m in medians))
    for mode, by_name in times.items():
        one = statistics.median(by_name["import-warc, 1 page"])
        many = statistics.median(by_name[f"import-warc, {PAGES} pages"])
        fixed = one - (many - one) / (PAGES - 1)
        verdict = (
            ""
            if mode != "no server"
            else f"   target <= {TARGET_S:g} s: " + ("met" if fixed <= TARGET_S else "NOT met")
        )
        print(f"fixed cost before the first page, {mode}: {fixed:.2f} s{verdict}")


if __name__ == "__main__":
    main()
