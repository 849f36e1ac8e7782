"""A 200 that is only a script or meta redirect is followed like an HTTP redirect."""

from __future__ import annotations

from typing import Any

from mockportal import FakeTime, Portal, reply, run_fetches

from flows.net.fetch import FetchResult

A = "https://portal.example/news/t1.html"
B = "https://portal.example/art/2024/5/20/art_1_1.html"
PAGE = "<html><body><h1>通知</h1><p>{}</p></body></html>".format("正文" * 40).encode()


def shell(target: str) -> bytes:
    return f"<script>window.location.href='{target}';</script>".encode()


def fetch(routes: dict[str, bytes], **kwargs: Any) -> tuple[Portal, FetchResult]:
    time = FakeTime()
    portal = Portal(time.clock)
    for url, body in routes.items():
        portal.route(url, reply(200, body))
    (result,) = run_fetches(portal, time, [A], **kwargs)
    return portal, result


def test_a_script_shell_is_followed_and_recorded_as_a_redirect() -> None:
    _, result = fetch({A: shell("/art/2024/5/20/art_1_1.html"), B: PAGE})
    assert (result.outcome, result.final_url) == ("ok", B)
    hops = result.exchanges
    assert [(e.url, e.shell_to) for e in hops] == [(A, B), (B, None)]


def test_a_meta_refresh_is_followed() -> None:
    refresh = b'<html><head><meta http-equiv="refresh" content="0;url=/art/2024/5/20/art_1_1.html">'
    _, result = fetch({A: refresh + b"</head><body></body></html>", B: PAGE})
    assert result.final_url == B


def test_a_shell_to_another_site_is_refused_like_an_http_redirect() -> None:
    portal, result = fetch({A: shell("https://elsewhere.example/a.html")})
    assert result.outcome == "offsite_redirect"
    assert portal.paths() == ["/robots.txt", "/news/t1.html"]


def test_shells_in_a_loop_stop() -> None:
    _, result = fetch({A: shell(B), B: shell(A)})
    assert result.outcome == "redirect_loop"


def test_shells_count_against_max_redirects() -> None:
    _, result = fetch({A: shell(B), B: PAGE}, defaults={"max_redirects": 0})
    assert result.outcome == "redirect_loop"
