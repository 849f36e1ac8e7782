"""Write a WARC of real-looking portal pages for the benchmarks (made-up text, varied layouts).

Each page is one of the demo portals' article layouts around a story stitched from the demo
paragraphs, padded with the navigation, sidebars and footers real portals carry (~25 KB),
served as UTF-8 or GBK.

    python bench/pages.py OUT.warc.gz --pages 1000
"""

from __future__ import annotations

import argparse
import io
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows.demo import layouts, layouts_cms, stories
from flows.demo.layouts import ArticleView, Link
from flows.demo.stories import Story

SEED = 20261123  # same pages on every run
NAV_LINKS = 120  # links in the padding menus: real portals carry a hundred or more
SIDEBAR_ITEMS = 40  # headlines in the "related" and "hot" boxes
PARAGRAPHS = (4, 12)  # paragraphs per article, inclusive range
LAYOUTS: tuple[Callable[[ArticleView], str], ...] = (
    layouts.news_article,
    layouts_cms.gov_article,
    layouts.vendor_article,
)
SITES = ("华夏晨报网", "青峦市人民政府", "通衢交通网", "北岭日报网")


def _pool() -> list[str]:
    """Return every demo paragraph, the material of the generated stories."""
    groups = (stories.NEWS, stories.POLICE, stories.TRANSPORT, stories.VENDOR)
    return [p for group in groups for story in group for p in story.paragraphs]


def _story(i: int, rng: random.Random, pool: list[str]) -> Story:
    """Stitch a story of a few paragraphs, unique by its number and first line."""
    when = datetime(2019, 1, 1, 8) + timedelta(hours=7 * i, minutes=rng.randrange(60))
    count = rng.randint(*PARAGRAPHS)
    paragraphs = (f"第{i}号通报:{rng.choice(pool)}", *rng.sample(pool, count - 1))
    return Story(
        slug=f"bench-{i}",
        number=100000 + i,
        title=f"{rng.choice(pool)[:18]}({i})",
        when=when.strftime("%Y-%m-%d %H:%M:%S"),
        paragraphs=paragraphs,
        check=paragraphs[0],
        source=rng.choice((None, "新华社", "本网讯")),
        editor=rng.choice((None, "王敏", "陈立")),
    )


def _padding(rng: random.Random, pool: list[str]) -> str:
    """Return menus, sidebars and a footer like a real portal's, around the article."""
    nav = "".join(
        f'<li><a href="/column/{rng.randrange(999)}/">栏目{n}</a></li>' for n in range(NAV_LINKS)
    )
    side = "".join(
        f'<li><a href="/news/{rng.randrange(10**6)}.html">{rng.choice(pool)[:22]}</a></li>'
        for _ in range(SIDEBAR_ITEMS)
    )
    return (
        f'<div class="topnav"><ul>{nav}</ul></div>'
        f'<div class="sidebar"><h3>相关新闻</h3><ul>{side}</ul></div>'
        '<div class="footer">关于我们 | 联系方式 | 网站地图 Copyright © 2019 版权所有</div>'
    )


def page_html(i: int, rng: random.Random, pool: list[str]) -> tuple[str, str]:
    """Return (URL, HTML) of generated page i."""
    story = _story(i, rng, pool)
    site = SITES[i % len(SITES)]
    related = tuple(Link(f"/news/{n}.html", rng.choice(pool)[:20]) for n in range(8))
    view = ArticleView(story, site, story.when, story.paragraphs, related=related)
    html = LAYOUTS[i % len(LAYOUTS)](view)
    html = html.replace("</body>", _padding(rng, pool) + "</body>", 1)
    url = f"http://portal{i % len(SITES)}.example.org/news/{story.when[:7]}/{story.number}.html"
    return url, html


def write_warc(path: Path, pages: int, *, seed: int = SEED) -> Path:
    """Write `pages` generated HTML responses to a gzipped WARC file."""
    rng, pool = random.Random(seed), _pool()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i in range(pages):
            url, html = page_html(i, rng, pool)
            charset = "gbk" if i % 3 == 0 else "utf-8"
            body = html.replace("utf-8", charset).encode(charset, errors="xmlcharrefreplace")
            headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", f"text/html; charset={charset}"),
                    ("Content-Length", str(len(body))),
                ],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(record)
    return path


def main() -> None:
    """Write the benchmark WARC named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    write_warc(args.out, args.pages)
    print(f"{args.out}: {args.pages} pages, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
