"""Serve a made-up portal's pages on 127.0.0.1 in a thread, counting what was asked for."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol, TypeVar


class Pages(Protocol):
    """A portal: its pages by path, a count of requests, and the base URL it is served at."""

    base: str
    hits: Counter[str]
    lock: threading.Lock

    def page(self, path: str) -> tuple[bytes, str] | None:
        """Return the body and content type of a path (with its query), None for a 404."""


class Served(Protocol):
    """Anything served on 127.0.0.1: it is told the base URL it is served at."""

    base: str


P = TypeVar("P", bound=Pages)
H = TypeVar("H", bound=Served)


def _handler(portal: Pages) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with portal.lock:
                portal.hits[self.path] += 1
            self._reply(portal.page(self.path))

        def do_POST(self) -> None:
            """Answer a POST by the portal's `posted(path, form)` when it has one, else 405."""
            form = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            with portal.lock:
                portal.hits[f"POST {self.path}"] += 1
            posted = getattr(portal, "posted", None)
            if posted is None:
                self._reply(None, 405)
                return
            self._reply(posted(self.path, form))

        def _reply(self, found: tuple[bytes, str] | None, missing: int = 404) -> None:
            status, (body, ctype) = (200, found) if found else (missing, (b"none", "text/plain"))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@contextmanager
def serve_handler(portal: H, handler: type[BaseHTTPRequestHandler]) -> Iterator[H]:
    """Serve a handler on 127.0.0.1 in a thread for the duration of the block, the base URL set."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    portal.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield portal
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def serve_pages(portal: P) -> Iterator[P]:
    """Serve a portal on 127.0.0.1 for the duration of the block, its base URL set."""
    with serve_handler(portal, _handler(portal)):
        yield portal
