"""A generated portal on 127.0.0.1 for the crawl benchmarks: listing pages and articles.

Listing pages /list/index.html, /list/index_1.html … link 50 articles each and the next
page ("下一页"); articles are the generated pages of bench/pages.py.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pages import SEED, _pool, page_html

PER_LISTING = 50  # article links per listing page


class Portal:
    """The pages of a portal of `articles` generated articles, rendered once up front."""

    def __init__(self, articles: int) -> None:
        rng, pool = random.Random(SEED), _pool()
        self.articles = {f"/news/{i}.html": page_html(i, rng, pool)[1] for i in range(articles)}
        paths = list(self.articles)
        chunks = [paths[n : n + PER_LISTING] for n in range(0, len(paths), PER_LISTING)]
        self.listings = {
            _listing_path(n): _listing(chunk, n, len(chunks)) for n, chunk in enumerate(chunks)
        }

    def page(self, path: str) -> str | None:
        """Return the HTML served at path, if any."""
        return self.articles.get(path) or self.listings.get(path)


def _listing_path(n: int) -> str:
    """Return the path of listing page n (0 is the index)."""
    return "/list/index.html" if n == 0 else f"/list/index_{n}.html"


def _listing(paths: list[str], n: int, total: int) -> str:
    """Render one listing page with its article links and the link to the next page."""
    items = "".join(
        f'<li><a href="{p}">新闻标题第{p[6:-5]}号</a><span>2019-01-01</span></li>' for p in paths
    )
    pager = f'<a href="{_listing_path(n + 1)}">下一页</a>' if n + 1 < total else ""
    return (
        '<html><head><meta charset="utf-8"><title>要闻</title></head><body>'
        f'<ul class="list">{items}</ul><div class="pager">{pager}</div></body></html>'
    )


def _handler(portal: Portal) -> type[BaseHTTPRequestHandler]:
    """Build the request handler that serves the portal."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            html = portal.page(self.path.split("?")[0])
            body = (html or "not found").encode("utf-8")
            self.send_response(200 if html else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            """Keep the benchmark output clean."""

    return Handler


@contextmanager
def serve(articles: int) -> Iterator[str]:
    """Serve a portal of `articles` pages on a free port; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Portal(articles)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def config_toml(base: str, articles: int) -> str:
    """Return a sources file crawling the portal fast: no delay, every listing page."""
    return f"""
[defaults]
delay_s = 0.0
concurrency = 32
max_attempts = 1
obey_robots = false
allow_private = true

[[source]]
key = "bench"
name = "基准测试网"
start = ["{base}/list/index.html"]
article = '/news/\\d+\\.html$'
max_pages = {articles // PER_LISTING + 2}
"""
