"""Serve the demo portals on 127.0.0.1, one port per portal, with a log of every request."""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from flows.config import Config, parse_config
from flows.demo.portals import DemoPortals, Page, Portal, article_pattern, build_portals

HOST = "127.0.0.1"  # the demo never listens beyond this machine
DEMO_DELAY_S = 0.05  # politeness gap per host: small, so the demo runs in seconds
POLL_S = 0.05  # how often a server checks for shutdown: a quick stop at the end of the demo
DEMO_USER_AGENT = "portal-corpus-demo/0.1 (+http://127.0.0.1/)"
NOT_FOUND = Page(b"<html><body><h1>404 Not Found</h1></body></html>", "text/html", 404)


@dataclass(frozen=True, slots=True)
class Hit:
    """One request the demo server answered."""

    site: str
    method: str
    path: str
    status: int
    gzipped: bool


class RequestLog:
    """Thread-safe list of the requests the servers answered."""

    def __init__(self) -> None:
        """Start an empty log."""
        self._hits: list[Hit] = []
        self._lock = threading.Lock()

    def add(self, hit: Hit) -> None:
        """Record one answered request."""
        with self._lock:
            self._hits.append(hit)

    def hits(self, site: str | None = None) -> list[Hit]:
        """Return the requests so far, of one site or all."""
        with self._lock:
            return [h for h in self._hits if site is None or h.site == site]


@dataclass(frozen=True, slots=True)
class DemoSites:
    """The running demo: base URL per portal, a crawl config for them, the request log."""

    base_urls: dict[str, str]
    config: Config
    log: RequestLog
    demo: DemoPortals

    def url(self, site: str, path: str) -> str:
        """Return the full URL of a path on one portal."""
        return self.base_urls[site] + path


def _etag(body: bytes) -> str:
    """Return a strong validator for a body."""
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


def _handler(portal: Portal, log: RequestLog) -> type[BaseHTTPRequestHandler]:
    """Build a request handler class bound to one portal."""

    class Handler(BaseHTTPRequestHandler):
        """Answer requests for one portal's pages."""

        protocol_version = "HTTP/1.1"
        wbufsize = 1 << 16  # headers and body leave in one write: no delayed-ACK stall
        disable_nagle_algorithm = True
        server_version = "DemoPortal/1.0"

        def do_GET(self) -> None:
            """Answer a GET."""
            self._answer(head=False)

        def do_HEAD(self) -> None:
            """Answer a HEAD: headers only."""
            self._answer(head=True)

        def _answer(self, *, head: bool) -> None:
            """Send the page at this path: 304 on a matching ETag, gzip when accepted."""
            page = portal.pages.get(self.path, NOT_FOUND)
            if page.templated:
                base = f"http://{self.headers.get('Host', HOST)}".encode()  # as the client asked
                page = replace(page, body=page.body.replace(b"{{base}}", base))
            etag = _etag(page.body)
            if page.status == 200 and self.headers.get("If-None-Match") == etag:
                self._send(304, [("ETag", etag)], b"", head=True)
                log.add(Hit(portal.key, self.command, self.path, 304, False))
                return
            body, zipped = page.body, False
            accepts = self.headers.get("Accept-Encoding", "")
            if portal.gzip and "gzip" in accepts and page.status == 200:
                body, zipped = gzip.compress(page.body, mtime=0), True
            headers = [("Content-Type", page.content_type), ("ETag", etag)]
            headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")] if zipped else []
            self._send(page.status, headers, body, head=head)
            log.add(Hit(portal.key, self.command, self.path, page.status, zipped))

        def _send(
            self, status: int, headers: list[tuple[str, str]], body: bytes, *, head: bool
        ) -> None:
            """Write the status line, headers and (unless HEAD) the body."""
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the terminal quiet: the RequestLog is the record."""

    return Handler


def demo_config(demo: DemoPortals, base_urls: dict[str, str], *, delay_s: float) -> Config:
    """Return a crawl config for the running portals."""
    sources = [
        {
            "key": p.key,
            "name": p.name,
            "start": [base_urls[p.key] + p.start],
            "article": article_pattern(p, base_urls[p.key]),
            "schedule": "*/30 * * * *",
            **({} if p.day_first is None else {"day_first": p.day_first}),
        }
        for p in demo.portals
    ]
    defaults = {
        "user_agent": DEMO_USER_AGENT,
        "delay_s": delay_s,
        "concurrency": 8,
        "timeout_s": 10.0,
        "max_attempts": 2,
        "obey_robots": True,
        "allow_private": True,  # the sample portals are served on 127.0.0.1
    }
    return parse_config({"defaults": defaults, "source": sources}, origin="demo")


def _bind(port: int, handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    """Listen on the given port, or on an ephemeral one when it is 0 or taken."""
    if port:
        try:
            return ThreadingHTTPServer((HOST, port), handler)
        except OSError:
            pass  # another demo or program holds it: any free port will do
    return ThreadingHTTPServer((HOST, 0), handler)


@contextmanager
def serve_portals(
    demo: DemoPortals | None = None,
    *,
    delay_s: float = DEMO_DELAY_S,
    first_port: int = 0,
) -> Iterator[DemoSites]:
    """Serve each demo portal on its own port until exit: first_port + i, else an ephemeral one."""
    demo = demo or build_portals()
    log = RequestLog()
    servers = [
        _bind(first_port + i if first_port else 0, _handler(p, log))
        for i, p in enumerate(demo.portals)
    ]
    threads = [
        threading.Thread(target=s.serve_forever, args=(POLL_S,), daemon=True) for s in servers
    ]
    for thread in threads:
        thread.start()
    try:
        base_urls = {
            p.key: f"http://{HOST}:{s.server_address[1]}"
            for p, s in zip(demo.portals, servers, strict=True)
        }
        yield DemoSites(base_urls, demo_config(demo, base_urls, delay_s=delay_s), log, demo)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join()
