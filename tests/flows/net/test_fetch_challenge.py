"""A JavaScript challenge ends a fetch as `blocked` at once, and slows its host for the run."""

from __future__ import annotations

import itertools

import pytest
from govportal import CHALLENGE
from mockportal import FakeTime, Portal, reply, run_fetches

ARTICLE = "<html><body><h1>通知</h1><p>{}</p></body></html>".format("正文" * 40).encode()
URLS = [f"https://portal.example/a/{n}.html" for n in range(3)]


@pytest.mark.parametrize("status", [200, 202, 412, 521])
def test_a_challenge_is_blocked_without_retries(status: int) -> None:
    time = FakeTime()
    portal = Portal(time.clock)
    portal.route(URLS[0], reply(status, CHALLENGE))
    (result,) = run_fetches(portal, time, URLS[:1], defaults={"max_attempts": 4})
    assert (result.outcome, result.status) == ("blocked", status)
    assert result.error == f"JavaScript challenge (HTTP {status})"
    assert result.retry_later
    assert portal.paths() == ["/robots.txt", "/a/0.html"]  # asked once, not in a loop


def test_a_challenged_robots_txt_counts_as_no_file() -> None:
    time = FakeTime()
    portal = Portal(time.clock)
    portal.route("https://portal.example/robots.txt", reply(412, CHALLENGE))
    portal.route(URLS[0], reply(200, ARTICLE))
    (result,) = run_fetches(portal, time, URLS[:1])
    assert result.outcome == "ok"


def test_a_challenging_host_is_asked_at_half_the_pace() -> None:
    time = FakeTime()
    portal = Portal(time.clock)
    portal.route(URLS[0], reply(200, ARTICLE))
    for url in URLS[1:]:
        portal.route(url, reply(412, CHALLENGE))
    results = run_fetches(portal, time, URLS, defaults={"delay_s": 1.0, "obey_robots": False})
    assert [r.outcome for r in results] == ["ok", "blocked", "blocked"]
    sent = [t for t, _ in portal.log]
    assert [round(b - a, 6) for a, b in itertools.pairwise(sent)] == [1.0, 2.0]
