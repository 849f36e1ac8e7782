"""Where a redirect may go: the source's own hosts, never a private address from a public one.

Every hop is an http(s) URL on one of the source's ports; a 200 HTML page that is only a script
or meta redirect is a redirect too, so its target passes the same checks as an HTTP 3xx.

Hosts match by name (a leading `www.` aside); an address is private when it is loopback,
private, link-local or otherwise not globally routable, whether written as an IP literal
or reached through DNS.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import replace

import httpx

from cleaners.extract.script_shell import shell_redirect
from flows.net.bodyread import media_type
from flows.net.exchange import Hop
from flows.net.fetchresult import response_header
from flows.net.hostgate import DEFAULT_PORTS, host_key
from flows.net.portscope import on_ports, port_of

LOCAL_NAMES = ("localhost", ".localhost")  # RFC 6761: always loopback
SHELL_TYPES = (None, "text/html", "application/xhtml+xml")  # where a redirect shell may be
RESOLVE_TIMEOUT_S = 10.0  # a resolver that hangs must not hang a redirect check

Resolve = Callable[[str], Awaitable[tuple[str, ...]]]


def same_site_host(host: str, hosts: frozenset[str]) -> bool:
    """Tell whether `host` is one of `hosts` (`*.domain`: it or under it), `www.` aside."""
    bare = host.lower().removeprefix("www.")
    for entry in hosts:
        name = entry.lower().removeprefix("*.").removeprefix("www.")
        if bare == name or (entry.startswith("*.") and bare.endswith("." + name)):
            return True
    return False


def is_private_ip(address: str) -> bool:
    """Tell whether an IP literal is loopback, private, link-local or otherwise not public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


async def resolve_host(host: str) -> tuple[str, ...]:
    """Return the addresses a host name resolves to (empty when it does not resolve)."""
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(RESOLVE_TIMEOUT_S):
            infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, TimeoutError):
        return ()
    return tuple(str(info[4][0]) for info in infos)


class AddressCheck:
    """Tell, with a per-run cache, whether a host name points at a non-public address, and
    keep the addresses it was checked at: connections go there (flows/net/pinning.py)."""

    def __init__(self, resolve: Resolve = resolve_host) -> None:
        self._resolve = resolve
        self._known: dict[str, bool] = {}
        self._resolved: dict[str, tuple[str, ...]] = {}  # by host name: its checked addresses

    async def is_private(self, host: str) -> bool:
        """Return True when `host` is, or resolves to, a loopback or private address."""
        host = host.lower().strip("[]")
        if host not in self._known:
            self._known[host] = await self._lookup(host)
        return self._known[host]

    async def checked_addresses(self, host: str) -> tuple[str, ...] | None:
        """Return the addresses a host name was checked at (looking it up once), None for an
        IP literal or a local name, which need no lookup to connect to."""
        host = host.lower().strip("[]")
        await self.is_private(host)
        return self._resolved.get(host)

    async def _lookup(self, host: str) -> bool:
        if host == LOCAL_NAMES[0] or host.endswith(LOCAL_NAMES[1]):
            return True
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
        except ValueError:
            self._resolved[host] = await self._resolve(host)
            return any(is_private_ip(a) for a in self._resolved[host])
        return is_private_ip(host)


async def redirect_refusal(
    current: httpx.URL,
    location: str,
    *,
    first: httpx.URL,
    hosts: frozenset[str] | None,
    seen: list[str],
    max_redirects: int,
    addresses: AddressCheck,
) -> tuple[httpx.URL | None, tuple[str, str] | None]:
    """Return the redirect target, or (outcome, error) when it must not be followed.

    `hosts` None lets the redirect go to any host (still never to a private address).
    """
    try:
        target = current.join(location).copy_with(fragment=None)
    except httpx.InvalidURL as exc:
        return None, ("http_error", f"bad Location {location!r}: {exc}")
    if target.scheme not in DEFAULT_PORTS or not target.host:
        return None, ("offsite_redirect", f"redirect to a non-http URL {target}")
    if hosts is not None and not same_site_host(target.host, hosts):
        return None, ("offsite_redirect", f"redirect to {target.host}, not a host of the source")
    if (
        target.host != first.host
        and await addresses.is_private(target.host)
        and not await addresses.is_private(first.host)
    ):
        return None, ("offsite_redirect", f"redirect to a private address ({target.host})")
    if str(target) in seen:
        return None, ("redirect_loop", f"redirect loop back to {target}")
    if len(seen) > max_redirects:
        return None, ("redirect_loop", f"more than {max_redirects} redirects")
    return target, None


def shell_hop(hop: Hop, url: httpx.URL) -> Hop:
    """Turn a 200 page that is only a script or meta redirect into a redirect hop."""
    last = hop.exchanges[-1] if hop.exchanges else None
    if hop.outcome != "ok" or last is None or last.status != 200:
        return hop
    if media_type(response_header(last, "content-type")) not in SHELL_TYPES:
        return hop
    target = shell_redirect(last.body, str(url))
    if target is None:
        return hop
    marked = (*hop.exchanges[:-1], replace(last, shell_to=target))
    return replace(hop, outcome="redirect", exchanges=marked, location=target)


def scheme_refusal(url: httpx.URL) -> Hop | None:
    """Refuse URLs that are not http(s) with a host."""
    if url.scheme in ("http", "https") and url.host:
        return None
    return Hop("failed", error=f"not an http(s) URL: {url}")


def port_scope(url: httpx.URL) -> frozenset[int]:
    """Return the port of a URL as a scope of one (empty when it has none that is valid)."""
    port = port_of(str(url))
    return frozenset() if port is None else frozenset({port})


def port_refusal(url: httpx.URL, ports: frozenset[int]) -> Hop | None:
    """Refuse a hop to a port that is not one of the source's: another service of the host."""
    if on_ports(str(url), ports):
        return None
    return Hop("offsite_redirect", error=f"redirect to {host_key(url)}, not a port of the source")
