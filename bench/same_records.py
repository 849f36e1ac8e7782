"""Do two versions of the code write the same records? A snapshot of the corpus they make.

Runs the installed `portal-corpus` twice, as users do: `demo` into a fresh folder, and
`import-warc` of one WARC holding every real page of ../shared/ (devset, magic, realpages).
Every record and reject is written to one snapshot file, sorted, without what changes from run
to run by design: `fetched_at`, `pipeline`, the demo's WARC pointers (each crawl writes its own
WARC) and free port, and the name of the raw/ file (it holds the run's start time). Save a
snapshot before a change and compare after it:

    python bench/same_records.py --save /tmp/before.jsonl
    python bench/same_records.py --against /tmp/before.jsonl  # exit 1 with the lines that differ
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
import tempfile
import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGE_GLOBS = ("devset/cwced/original/*.html", "devset/magic/*/html/*.html", "realpages/**/*.html")
CLI = str(Path(sys.executable).with_name("portal-corpus"))  # the installed console script
VARYING = ("fetched_at", "pipeline")  # differ between any two runs by design
LOCAL_PORT = re.compile(r"127\.0\.0\.1:\d+")
ID_VALUE = re.compile(r'"(id|duplicate_of)": "([0-9a-f]{24})"')  # record ids: hashes of the URL
SHOWN_DIFF_LINES = 40  # enough to see what moved without flooding the terminal


def write_shared_warc(path: Path) -> int:
    """Write one HTTP response record per real page of ../shared/, as a server sends it."""
    pages = sorted(p for pattern in PAGE_GLOBS for p in SHARED.glob(pattern))
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for page in pages:
            body = page.read_bytes()
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            url = f"https://same.example.cn/{page.relative_to(SHARED).as_posix()}"
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=http,
                warc_headers_dict={
                    "WARC-Date": "2026-12-01T08:00:00Z",
                    "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>",
                },
            )
            writer.write_record(record)
    return len(pages)


def corpus_lines(folder: Path, label: str, *, drop: tuple[str, ...]) -> list[str]:
    """Return every record or reject under a folder, one sorted JSON line each."""
    items = []
    for path in sorted(folder.rglob("*.jsonl")):
        # rejects files are named after the day of the run: keep only the folder's name
        part = path.relative_to(folder).as_posix() if folder.name == "clean" else folder.name
        for line in path.read_text(encoding="utf-8").splitlines():
            item = {k: v for k, v in json.loads(line).items() if k not in drop}
            for pointer in ("raw", "warc"):  # raw/ file names carry the run's start time
                if isinstance(item.get(pointer), dict):
                    item[pointer] = {k: v for k, v in item[pointer].items() if k != "file"}
            items.append((part, item))
    # the demo serves on a free port: name a page by its URL without it, and an id by that URL
    urls = {
        item["id"]: LOCAL_PORT.sub("127.0.0.1", item["url"]) for _, item in items if "id" in item
    }
    lines = []
    for part, item in items:
        text = json.dumps(item, ensure_ascii=False, sort_keys=True)
        text = LOCAL_PORT.sub("127.0.0.1", text)
        text = ID_VALUE.sub(lambda m: f'"{m.group(1)}": "{urls.get(m.group(2), m.group(2))}"', text)
        lines.append(f"{label}\t{part}\t{text}")
    return sorted(lines)


def run(cmd: list[str]) -> None:
    """Run one console-script command, stopping with its stderr if it fails."""
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")


def snapshot() -> list[str]:
    """Make the demo's and the shared pages' corpora and return their lines."""
    with tempfile.TemporaryDirectory() as tmp:
        demo, imported, warc = Path(tmp, "demo"), Path(tmp, "import"), Path(tmp, "shared.warc.gz")
        run([CLI, "demo", "--data-dir", str(demo)])
        lines = corpus_lines(demo / "clean", "demo", drop=(*VARYING, "raw", "warc"))
        lines += corpus_lines(demo / "rejects", "demo", drop=(*VARYING, "raw", "warc"))
        if write_shared_warc(warc) == 0:
            print(
                f"no real pages under {SHARED}: the snapshot holds the demo only", file=sys.stderr
            )
            return lines
        run([CLI, "import-warc", str(warc), "--data-dir", str(imported), "--workers", "2"])
        lines += corpus_lines(imported / "clean", "shared", drop=VARYING)
        lines += corpus_lines(imported / "rejects", "shared", drop=VARYING)
        return lines


def main() -> None:
    """Save a snapshot, or compare a new one against a saved one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the snapshot to this file")
    group.add_argument("--against", type=Path, help="compare with a saved snapshot")
    args = parser.parse_args()
    lines = snapshot()
    if args.save:
        args.save.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"saved {len(lines)} lines to {args.save}")
        return
    before = args.against.read_text(encoding="utf-8").splitlines()
    if before == lines:
        print(f"same: {len(lines)} records and rejects, byte for byte")
        return
    diff = list(difflib.unified_diff(before, lines, "before", "after", lineterm="", n=0))
    print("\n".join(diff[:SHOWN_DIFF_LINES]))
    raise SystemExit(f"differ: {len(before)} lines before, {len(lines)} after")


if __name__ == "__main__":
    main()
