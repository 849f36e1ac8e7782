"""What does reading a listing by its structure cost beside matching a configured regex?

Every HTML page of the demo portals is parsed as a listing, `--repeat` times over, once with
each portal's `article` regex (links filtered by the regex: the old cost of a listing) and
once without (links grouped into blocks, judged, and chosen). Each variant runs in its own
process, alternating, `--rounds` times; the ratio is structure over regex, per page, best
round of each.

    python bench/discovery.py [--repeat 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from urllib.parse import urlsplit

from flows.crawl.discover import LinkRules, parse_page
from flows.demo.portals import article_pattern, build_portals

BASE = "http://127.0.0.1:18461"  # the demo's first port: any base will do


def pages() -> list[tuple[bytes, str, str, str]]:
    """Return (body, URL, content type, article regex) of every HTML page of the demo."""
    out = []
    for portal in build_portals().portals:
        regex = article_pattern(portal, BASE)
        for path, page in portal.pages.items():
            if page.content_type.startswith("text/html"):
                body = (
                    page.body.replace(b"{{base}}", BASE.encode()) if page.templated else page.body
                )
                out.append((body, BASE + path, page.content_type, regex))
    return out


def run(variant: str, repeat: int) -> None:
    """Parse every page `repeat` times; print seconds per page and links found."""
    work = pages()
    hosts = frozenset({"127.0.0.1"})
    ports = frozenset({urlsplit(BASE).port or 80})  # the demo's port is no default one
    rules = [
        LinkRules(hosts, re.compile(regex) if variant == "regex" else None, ports)
        for _, _, _, regex in work
    ]
    found = 0
    started = time.perf_counter()
    for _ in range(repeat):
        for (body, url, ctype, _), rule in zip(work, rules, strict=True):
            found += len(parse_page(body, url, rule, content_type=ctype).articles)
    elapsed = time.perf_counter() - started
    print(f"{elapsed / (repeat * len(work)):.9f} {found // repeat} {len(work)}")


def main() -> None:
    """Alternate the two variants in fresh processes and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--variant", choices=("regex", "structure"))
    args = parser.parse_args()
    if args.variant:
        run(args.variant, args.repeat)
        return
    best: dict[str, float] = {}
    for n in range(args.rounds):
        for variant in ("regex", "structure") if n % 2 == 0 else ("structure", "regex"):
            done = subprocess.run(
                [sys.executable, __file__, "--variant", variant, "--repeat", str(args.repeat)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            per_page, links, count = done.stdout.split()
            best[variant] = min(best.get(variant, float("inf")), float(per_page))
            print(f"round {n + 1} {variant:9} {float(per_page) * 1e3:.3f} ms/page, {links} links")
    ratio = best["structure"] / best["regex"]
    print(
        f"{count} pages: regex {best['regex'] * 1e3:.3f} ms/page, "
        f"structure {best['structure'] * 1e3:.3f} ms/page: ratio {ratio:.2f}"
    )


if __name__ == "__main__":
    main()
