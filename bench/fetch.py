"""How close does the fetcher come to the politeness bound?

Eight local hosts (127.0.0.2-9, or eight ports of 127.0.0.1 where those cannot be bound),
each serving 100 pages with 50 ms of latency; delay_s = 0.1. No fetcher can finish sooner
than the busiest host's pages x delay (the bound); the ratio wall / bound says how much the
fetcher loses to overhead. Target: ratio <= 1.15. The servers run in a child process; one
warm-up request to a ninth server goes first, untimed, so the HTTP stack's one-time imports
are not counted as politeness overhead.

    python bench/fetch.py [--hosts 8] [--pages 100] [--latency 0.05] [--delay 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection

from flows.config import Politeness
from flows.net.fetch import Fetcher

PAGE = ("<html><body>" + "<p>本地测试页面。</p>" * 200 + "</body></html>").encode()
TARGET_RATIO = 1.15  # the target


def serve(ip: str, latency_s: float) -> ThreadingHTTPServer:
    """Start a threaded server answering every GET after `latency_s`."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # no 40 ms stall between head and body writes

        def do_GET(self) -> None:
            time.sleep(latency_s)
            body = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else PAGE
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Stay quiet."""

    server = ThreadingHTTPServer((ip, 0), Handler)
    server.daemon_threads = True
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return server


def host_ips(count: int) -> list[str]:
    """Return distinct loopback IPs when they can be bound, else 127.0.0.1 for each host."""
    ips = [f"127.0.0.{i + 2}" for i in range(count)]
    try:
        for ip in ips:
            with socket.socket() as probe:
                probe.bind((ip, 0))
    except OSError:
        return ["127.0.0.1"] * count
    return ips


async def crawl(urls: list[str], policy: Politeness, warm_up: str) -> tuple[float, int]:
    """Fetch every URL concurrently; return the wall time and the number fetched ok."""
    async with Fetcher(policy) as throwaway:  # the first request imports the async backend
        await throwaway.fetch(warm_up, site="warm-up")
    async with Fetcher(policy) as fetcher:
        start = time.monotonic()
        results = await asyncio.gather(*(fetcher.fetch(u, site="bench") for u in urls))
        wall = time.monotonic() - start
    return wall, sum(r.outcome == "ok" for r in results)


def serve_all(ips: list[str], latency_s: float, ports: Connection) -> None:
    """Run one server per IP in this (child) process; send back their ports; serve until killed."""
    servers = [serve(ip, latency_s) for ip in ips]
    ports.send([s.server_port for s in servers])
    threading.Event().wait()


def main() -> None:
    """Run the measurement and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--delay", type=float, default=0.1)
    args = parser.parse_args()
    ips = [*host_ips(args.hosts), "127.0.0.1"]  # the last one only serves the warm-up
    here, there = multiprocessing.Pipe()
    # the servers get their own process (and GIL), as real portals would
    child = multiprocessing.Process(target=serve_all, args=(ips, args.latency, there), daemon=True)
    child.start()
    bases = [f"http://{ip}:{port}" for ip, port in zip(ips, here.recv(), strict=True)]
    warm_up, bases = f"{bases[-1]}/warm-up.html", bases[:-1]
    urls = [f"{b}/a/{i}.html" for i in range(args.pages) for b in bases]
    policy = Politeness(delay_s=args.delay, concurrency=16, allow_private=True)
    try:
        wall, ok = asyncio.run(crawl(urls, policy, warm_up))
    finally:
        child.terminate()
        child.join()
    bound = args.pages * args.delay
    print(f"{'pages':>6} {'hosts':>6} {'delay s':>8} {'latency s':>10} {'bound s':>8} "
          f"{'wall s':>8} {'ratio':>6} {'ok':>5}")  # fmt: skip
    print(f"{len(urls):>6} {len(bases):>6} {args.delay:>8.3f} {args.latency:>10.3f} "
          f"{bound:>8.2f} {wall:>8.2f} {wall / bound:>6.3f} {ok:>5}")  # fmt: skip
    load, cores = os.getloadavg()[0], os.cpu_count()
    print(f"target ratio <= {TARGET_RATIO}; robots.txt is one more request per host; "
          f"an untimed warm-up request went first; load {load:.1f} on {cores} cores")  # fmt: skip


if __name__ == "__main__":
    main()
