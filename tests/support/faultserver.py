"""A real HTTP server on 127.0.0.x that misbehaves on purpose, and logs every request.

Each path has a plan: a list of actions, one per request to that path (the last repeats).
Several servers may share one RequestLog, so tests can read gaps between requests per host.
"""

from __future__ import annotations

import gzip
import itertools
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Action = Callable[[BaseHTTPRequestHandler], None]
HTML = "text/html; charset=utf-8"
POLL_S = 0.02  # how soon shutdown() is noticed
IDLE_TIMEOUT_S = 2.0  # a kept-alive connection nobody uses is closed after this


@dataclass(frozen=True)
class Hit:
    """One request as the server saw it."""

    at: float  # time.monotonic() when the request head was read
    host: str  # "127.0.0.1:port"
    path: str
    headers: dict[str, str]
    fresh: bool = False  # first request on its connection: stamped after a thread start


@dataclass
class RequestLog:
    """Every request to every server sharing this log, in arrival order."""

    hits: list[Hit] = field(default_factory=list)
    in_flight: int = 0  # requests read whose answer has not started yet
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def of(self, host: str | None = None, path: str | None = None) -> list[Hit]:
        """Return the hits to a host and/or path."""
        with self.lock:
            return [
                h
                for h in self.hits
                if (host is None or h.host == host) and (path is None or h.path == path)
            ]

    def gaps(self, host: str, *, settled: bool = False) -> list[float]:
        """Return the seconds between consecutive requests to one host.

        The first request on a connection is stamped only once the server has started a
        thread for it, late by a busy machine's thread start-up; `settled` leaves out the
        gaps that begin at such a request.
        """
        hits = self.of(host)
        return [b.at - a.at for a, b in itertools.pairwise(hits) if not (settled and a.fresh)]


class FaultServer:
    """A threaded HTTP/1.1 server with per-path fault plans; use as a context manager."""

    def __init__(self, log: RequestLog, *, host: str = "127.0.0.1", latency_s: float = 0.0):
        self.log = log
        self.latency_s = latency_s
        self._plans: dict[str, list[Action]] = {}
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()
        self._ip = host
        self._httpd = ThreadingHTTPServer((host, 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": POLL_S}, daemon=True
        )

    @property
    def host(self) -> str:
        """Return "ip:port" of this server."""
        return f"{self._ip}:{self._httpd.server_port}"

    def url(self, path: str = "/") -> str:
        """Return the absolute URL of a path on this server."""
        return f"http://{self.host}{path}"

    def plan(self, path: str, *actions: Action) -> None:
        """Answer successive requests for `path` with these actions (the last one repeats)."""
        with self._lock:
            self._plans[path] = list(actions)

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def _next_action(self, path: str) -> Action:
        with self._lock:
            plan = self._plans.get(path) or self._plans.get("*") or [page(b"", status=404)]
            index = self._served.get(path, 0)
            self._served[path] = index + 1
            return plan[min(index, len(plan) - 1)]


def _handler_for(server: FaultServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # no 40 ms stall between head and body writes
        timeout = IDLE_TIMEOUT_S

        def do_GET(self) -> None:
            log = server.log
            fresh, self.served_before = not getattr(self, "served_before", False), True
            hit = Hit(time.monotonic(), server.host, self.path, dict(self.headers.items()), fresh)
            with log.lock:
                log.hits.append(hit)
                log.in_flight += 1
                log.max_in_flight = max(log.max_in_flight, log.in_flight)
            try:
                if server.latency_s:
                    time.sleep(server.latency_s)
            finally:
                # counted until the answer starts: the client cannot have finished before,
                # so this never over-counts its concurrency
                with log.lock:
                    log.in_flight -= 1
            try:
                server._next_action(self.path.split("?", 1)[0])(self)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    return Handler


def page(
    body: bytes | str = b"<html><body><p>ok</p></body></html>",
    *,
    status: int = 200,
    content_type: str | None = HTML,
    headers: dict[str, str] | None = None,
) -> Action:
    """Answer with a complete response."""
    data = body.encode("utf-8") if isinstance(body, str) else body

    def act(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        if content_type:
            h.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    return act


def redirect(location: str, *, status: int = 302) -> Action:
    """Answer with a redirect."""
    return page(b"", status=status, content_type=None, headers={"Location": location})


def conditional(etag: str, body: bytes | str = b"<html><body><p>v1</p></body></html>") -> Action:
    """Answer 304 when If-None-Match carries `etag`, else the page with that ETag."""
    full = page(body, headers={"ETag": etag})
    unchanged = page(b"", status=304, content_type=None, headers={"ETag": etag})

    def act(h: BaseHTTPRequestHandler) -> None:
        (unchanged if h.headers.get("If-None-Match") == etag else full)(h)

    return act


def gzipped(body: bytes, *, content_type: str = HTML) -> Action:
    """Answer with a gzip content-coded body."""
    return page(
        gzip.compress(body), content_type=content_type, headers={"Content-Encoding": "gzip"}
    )


def reset() -> Action:
    """Reset the connection (RST) without answering."""

    def act(h: BaseHTTPRequestHandler) -> None:
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.close_connection = True
        h.connection.close()

    return act


def hang_up() -> Action:
    """Close the connection without answering."""

    def act(h: BaseHTTPRequestHandler) -> None:
        h.close_connection = True
        h.connection.shutdown(socket.SHUT_RDWR)

    return act


def truncated(sent: int, declared: int) -> Action:
    """Declare `declared` bytes, send `sent`, and close."""

    def act(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", HTML)
        h.send_header("Content-Length", str(declared))
        h.end_headers()
        h.wfile.write(b"x" * sent)
        h.wfile.flush()
        h.close_connection = True
        h.connection.shutdown(socket.SHUT_RDWR)

    return act


def trickle(*, every_s: float, chunks: int, content_type: str = HTML) -> Action:
    """Send the head at once, then one byte every `every_s` seconds."""

    def act(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(chunks))
        h.end_headers()
        for _ in range(chunks):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(every_s)

    return act


def stream(total: int, *, content_type: str, chunk: int = 65536) -> Action:
    """Send a large body with no Content-Length, chunk by chunk, until done or refused."""

    def act(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        sent = 0
        while sent < total:
            h.wfile.write(b"y" * chunk)
            sent += chunk

    return act


@contextmanager
def servers(
    count: int, *, latency_s: float = 0.0, hosts: tuple[str, ...] = ()
) -> Iterator[tuple[RequestLog, list[FaultServer]]]:
    """Start `count` servers sharing one log (on the given IPs, else all on 127.0.0.1)."""
    log = RequestLog()
    started = [
        FaultServer(log, host=hosts[i] if i < len(hosts) else "127.0.0.1", latency_s=latency_s)
        for i in range(count)
    ]
    for s in started:
        s.__enter__()
    try:
        yield log, started
    finally:
        for s in started:
            s.__exit__(None, None, None)
