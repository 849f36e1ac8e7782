"""A source's default scope: the site of its start hosts, by the public suffix list.

money.example.com and www.example.com are one site, example.com, and so are www.province.gov.cn
and dept.province.gov.cn (province.gov.cn: gov.cn is a public suffix): a portal's channels list
articles on its other hosts. The registrable domain is read with the public suffix list bundled
in the `publicsuffixlist` wheel, never fetched. An IP literal or a one-label name (localhost) is
its own site; so is a host that is itself a public suffix.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import cache

from publicsuffixlist import PublicSuffixList

from cleaners.links.urls import host_of

WILDCARD = "*."  # a scope entry for a domain and every host under it


@cache
def _suffixes() -> PublicSuffixList:
    """Return the bundled public suffix list, read once."""
    return PublicSuffixList(only_icann=False)


def site_of(host: str) -> str:
    """Return the registrable domain of a host; the host itself when it has none."""
    host = host.lower().rstrip(".")
    if not host or _is_ip(host) or "." not in host:
        return host
    return _suffixes().privatesuffix(host) or host


def _is_ip(host: str) -> bool:
    """Tell whether a host is an IP literal (v4, or v6 with or without brackets)."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def site_scope(starts: Iterable[str], hosts: Iterable[str] = ()) -> frozenset[str]:
    """Return the hosts a source may follow: its start hosts, with their sites unless `hosts`.

    With `hosts` given (names, or `*.domain` for a domain and its subdomains) the scope is
    those and the start hosts only: that widens it to other sites or narrows it to one host.
    """
    named = {h.strip().lower() for h in hosts if h.strip()}
    start_hosts = {h for h in (host_of(u) for u in starts) if h}
    if named:
        return frozenset(start_hosts | named)
    return frozenset(_wildcard(h) for h in start_hosts)


def _wildcard(host: str) -> str:
    """Return the scope entry of a start host: `*.site`, or the host alone when it is no domain."""
    site = site_of(host)
    return host if site == host and (_is_ip(host) or "." not in host) else WILDCARD + site
