"""How often do the portal-shape rules fire on real pages, and what do they cost?

Every HTML page under ../shared/ (devset, real pages, listings) is read as the crawler reads
an article it fetched: is it an anti-bot challenge (as a 200 and as a 412), a script or meta
redirect shell, an article with further pages, a page linking attachments? None of these real
pages is a challenge, a shell or split over pages, so each hit in those columns is a false
alarm; attachment links are real links to files and are printed for reading. The last column
is the time of reading an article's companions (decode, parse, pager, attachment links), the
cost the crawl adds to each article it fetches. Per folder of pages (a site or a set of sites).

    python bench/portal_shapes.py [--shared ../shared] [--show]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from cleaners.extract.script_shell import is_challenge, shell_redirect
from cleaners.links.companions import read_companions

URL = "http://www.example.gov.cn/zwgk/202405/t20240520_123.html"  # any article URL will do
SUFFIXES = (".html", ".htm", ".shtml")


def main() -> None:
    """Print one row per folder of pages, then the total."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[1] / "../shared")
    parser.add_argument("--show", action="store_true", help="print the attachment links found")
    args = parser.parse_args()
    rows: dict[str, list[float]] = defaultdict(lambda: [0.0] * 7)
    for path in sorted(p for p in args.shared.rglob("*") if p.suffix in SUFFIXES):
        body = path.read_bytes()
        start = time.perf_counter()
        found = read_companions(body, None, URL)
        spent = time.perf_counter() - start
        row = rows[path.parent.relative_to(args.shared).as_posix()]
        for i, hit in enumerate(
            (
                True,
                is_challenge(body, 200),
                is_challenge(body, 412),
                shell_redirect(body, URL) is not None,
                bool(found.parts),
                bool(found.attachments),
            )
        ):
            row[i] += hit
        row[6] += spent
        if args.show and found.attachments:
            print(path.name, [(a.name, a.type) for a in found.attachments][:4])
    header = (
        "folder",
        "pages",
        "challenge 200",
        "challenge 412",
        "shell",
        "parts",
        "files",
        "ms/page",
    )
    print(" | ".join(header))
    total = [0.0] * 7
    for folder, row in sorted(rows.items()):
        total = [a + b for a, b in zip(total, row, strict=True)]
        print(_line(folder, row))
    print(_line("all", total))


def _line(folder: str, row: list[float]) -> str:
    counts = " | ".join(str(int(n)) for n in row[:6])
    return f"{folder} | {counts} | {1000 * row[6] / max(row[0], 1):.2f}"


if __name__ == "__main__":
    main()
