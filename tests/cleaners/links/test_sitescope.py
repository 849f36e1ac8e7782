"""Table tests of a source's default scope: its start hosts' sites by the public suffix list."""

from __future__ import annotations

import pytest

from cleaners.links.sitescope import site_of, site_scope
from cleaners.links.urls import on_hosts


@pytest.mark.parametrize(
    ("host", "site"),
    [
        ("money.163.com", "163.com"),
        ("www.jl.gov.cn", "jl.gov.cn"),  # gov.cn is a public suffix
        ("a.b.example.com.cn", "example.com.cn"),
        ("user.github.io", "user.github.io"),  # a private suffix: each user is a site
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
        ("gov.cn", "gov.cn"),  # a suffix alone is its own site
    ],
    ids=lambda v: str(v),
)
def test_site_of(host: str, site: str) -> None:
    assert site_of(host) == site


@pytest.mark.parametrize(
    ("starts", "hosts", "url", "inside"),
    [
        (["https://money.163.com/"], [], "https://www.163.com/dy/article/X.html", True),
        (["https://news.qq.com/"], [], "https://new.qq.com/omn/1.html", True),
        (["http://www.jl.gov.cn/zw/"], [], "http://jldrc.jl.gov.cn/a.html", True),
        (["http://www.jl.gov.cn/zw/"], [], "http://www.ln.gov.cn/a.html", False),  # off-site
        (["https://money.163.com/"], [], "https://163.com.evil.test/a.html", False),
        (["http://127.0.0.1:8080/"], [], "http://127.0.0.2/a.html", False),
        # `hosts` narrows the scope to the hosts it names (and the start hosts) ...
        (["https://money.163.com/"], ["money.163.com"], "https://www.163.com/a.html", False),
        # ... and widens it to another site
        (["https://a.example.cn/"], ["*.example.org"], "https://x.example.org/1.html", True),
    ],
)
def test_site_scope(starts: list[str], hosts: list[str], url: str, inside: bool) -> None:
    assert on_hosts(url, site_scope(starts, hosts)) is inside
