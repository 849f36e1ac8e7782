"""A source's scope as the crawl builds it: its site by default, `hosts` to narrow or widen."""

from __future__ import annotations

import pytest

from flows.config import Source
from flows.crawl.walk import in_scope


@pytest.mark.parametrize(
    ("hosts", "allowed", "url", "inside"),
    [
        ((), (), "https://www.163.com/dy/article/A.html", True),  # the site of money.163.com
        ((), (), "https://www.163.com:8443/dy/article/A.html", False),  # another port
        (("money.163.com",), (), "https://www.163.com/dy/article/A.html", False),  # narrowed
        (("money.163.com",), ("static.163.com",), "https://static.163.com/a.html", True),
        (("*.163.com", "*.126.net"), (), "https://img.126.net/a.html", True),  # widened
        (("*.163.com:8443",), (), "https://www.163.com:8443/a.html", True),  # its port listed
        ((), (), "https://www.qq.com/a.html", False),  # off the site
    ],
)
def test_scope(hosts: tuple[str, ...], allowed: tuple[str, ...], url: str, inside: bool) -> None:
    source = Source(
        key="money", start=("https://money.163.com/",), hosts=hosts, allowed_hosts=allowed
    )
    assert in_scope(url, source) is inside
