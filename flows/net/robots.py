"""robots.txt, fetched once per origin per run, parsed with Protego, obeyed.

What an answer for /robots.txt means (RFC 9309, section 2.3.1):

| robots.txt answer                          | rules for this run                       |
|--------------------------------------------|------------------------------------------|
| 2xx                                        | parsed; Crawl-delay and Request-rate kept |
| 4xx (404, 410, 401, 403, ...)              | no file: everything allowed              |
| a JavaScript challenge (any status)        | no file: the pages' own challenges count |
| 5xx, network failure, timeout, too large,  | the conservative choice: nothing allowed |
| a redirect loop, or a redirect off the     | for this run, and tried again next run   |
| host asked or to a private address         |                                          |

A robots.txt redirect is followed only on the host asked (a leading `www.` aside): a
robots.txt is a request the source's pages did not name, so it never leads to another service.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from protego import Protego

from flows.net.hostgate import origin

ROBOTS_PATH = "/robots.txt"
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks parsers to read at least 500 KiB
CRAWL_DELAY_MAX_S = 120.0  # a longer Crawl-delay gives the host up for this run
# 4xx: allow all; a challenge where robots.txt should be is no file either (the pages say more)
NO_FILE_OUTCOMES = frozenset({"not_found", "gone", "http_error", "blocked"})


@dataclass(frozen=True, slots=True)
class RobotsAnswer:
    """What fetching one robots.txt gave: an outcome of the fetcher and the body if ok."""

    outcome: str
    status: int | None
    body: bytes
    error: str | None = None


RobotsFetch = Callable[[str], Awaitable[RobotsAnswer]]  # robots.txt URL -> answer


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of one origin for this run."""

    origin: str
    parser: Protego | None = None  # None with blocked=None: no file, everything allowed
    blocked: str | None = None  # why every path is refused for this run (robots unavailable)

    def allows(self, url: str, agent: str) -> bool:
        """Tell whether `agent` may fetch `url`."""
        if self.blocked is not None:
            return False
        return self.parser is None or self.parser.can_fetch(url, agent)

    def sitemaps(self) -> tuple[str, ...]:
        """Return the sitemaps the file names (`Sitemap:` lines)."""
        return tuple(self.parser.sitemaps) if self.parser is not None else ()

    def delay(self, agent: str) -> float:
        """Return the gap robots.txt asks for between requests (0 when it asks none)."""
        if self.parser is None:
            return 0.0
        delay = self.parser.crawl_delay(agent) or 0.0
        rate = self.parser.request_rate(agent)
        if rate is not None and rate.requests > 0:
            delay = max(delay, rate.seconds / rate.requests)
        return float(delay)


def agent_token(user_agent: str) -> str:
    """Return the product token robots.txt groups match against ("name/1.0 (...)" -> "name")."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"


def robots_url(url: httpx.URL) -> str:
    """Return the robots.txt URL of the origin of `url`."""
    return str(url.copy_with(path=ROBOTS_PATH, query=None, fragment=None))


def rules_from(answer: RobotsAnswer, origin_key: str) -> RobotsRules:
    """Turn a fetch answer for robots.txt into this run's rules (see the module table)."""
    if answer.outcome == "ok":
        text = answer.body.decode("utf-8", errors="replace")
        return RobotsRules(origin_key, parser=Protego.parse(text))
    if answer.outcome == "blocked" or (
        answer.outcome in NO_FILE_OUTCOMES and (answer.status or 0) < 500
    ):
        return RobotsRules(origin_key)
    reason = answer.error or f"robots.txt {answer.outcome}"
    return RobotsRules(origin_key, blocked=f"robots.txt unavailable: {reason}")


class RobotsCache:
    """Fetch each origin's robots.txt once per run (concurrent askers share one fetch)."""

    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Task[RobotsRules]] = {}

    async def rules(self, url: httpx.URL, fetch: RobotsFetch) -> RobotsRules:
        """Return the rules for the origin of `url`, fetching robots.txt with `fetch` once."""
        key = origin(url)
        task = self._tasks.get(key)
        if task is None:
            task = asyncio.create_task(_load(fetch, robots_url(url), key))
            self._tasks[key] = task
        return await asyncio.shield(task)

    async def aclose(self) -> None:
        """Cancel robots fetches still running."""
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)


async def _load(fetch: RobotsFetch, url: str, key: str) -> RobotsRules:
    return rules_from(await fetch(url), key)
