"""A source's scope is scheme + host + port: another port of the same host is another site."""

from __future__ import annotations

from pathlib import Path

import pytest
from articlepages import article
from consolescript import records, run
from faultserver import page, redirect, servers

from flows.net.portscope import DEFAULT_PORT, on_ports, port_of, source_ports


@pytest.mark.parametrize(
    ("url", "port"),
    [
        ("http://news.example.cn/a.html", DEFAULT_PORT),
        ("http://news.example.cn:80/a.html", DEFAULT_PORT),
        ("https://news.example.cn:443/a.html", DEFAULT_PORT),
        ("https://news.example.cn:80/a.html", 80),
        ("http://127.0.0.1:8080/a.html", 8080),
        ("http://[::1]:8081/a.html", 8081),
        ("http://news.example.cn:99999/a.html", None),
        ("http://news.example.cn:x/a.html", None),
    ],
    ids=["none", "http-80", "https-443", "https-on-80", "explicit", "ipv6", "out-of-range", "nan"],
)
def test_port_of(url: str, port: int | None) -> None:
    assert port_of(url) == port


def test_ports_come_from_the_starts_and_the_listed_hosts() -> None:
    ports = source_ports(["http://127.0.0.1:8080/news/"], ["127.0.0.1:8081", "cdn.example.cn"])
    assert ports == {8080, 8081}
    assert on_ports("http://127.0.0.1:8081/x", ports)
    assert not on_ports("http://127.0.0.1:8082/x", ports)
    assert not on_ports("http://127.0.0.1/x", ports)  # the default port is another one too
    assert on_ports("https://portal.example.cn/x", source_ports(["http://portal.example.cn/"], []))


def test_a_crawl_never_asks_another_port_of_its_host(tmp_path: Path) -> None:
    with servers(2) as (log, [portal, other]):
        links = [
            portal.url("/news/1.html"),
            other.url("/news/2.html"),  # a link to the other service
            portal.url("/news/3.html"),  # an alias that redirects to the other service
        ]
        listing = "".join(f'<li><a href="{u}">第{n}号通知</a></li>' for n, u in enumerate(links))
        portal.plan("/news/", page(f"<html><body><ul>{listing}</ul></body></html>"))
        portal.plan("/news/1.html", page(article(1)))
        portal.plan("/news/3.html", redirect(other.url("/news/3.html")))
        for n in (2, 3):
            other.plan(f"/news/{n}.html", page(article(n)))
        config = tmp_path / "sources.toml"
        config.write_text(
            "[defaults]\ndelay_s = 0.0\nmax_attempts = 1\nobey_robots = false\n"
            "allow_private = true\n\n"
            f'[[source]]\nkey = "portal"\nstart = ["{portal.url("/news/")}"]\n'
            "article = 'https?://127\\.0\\.0\\.1:\\d+/news/\\d+\\.html'\n",
            encoding="utf-8",
        )
        data_dir = tmp_path / "data"
        done = run(["crawl", "--config", str(config), "--data-dir", str(data_dir)],
                   tmp_path / "home")  # fmt: skip
        other_hits = log.of(other.host)
    assert done.returncode == 0, done.stderr
    assert other_hits == []
    assert [r["url"] for r in records(data_dir)] == [portal.url("/news/1.html")]
