"""Connect to the address a host name was checked at, never to what a second lookup says.

The fetcher refuses private addresses by resolving a host name before the request (see
flows/net/redirects.py, AddressCheck). A name whose DNS answers a public address to that
check and a private one a moment later (DNS rebinding) would otherwise reach the private
address when the connection resolves the name again. The connection pool's network backend
here opens every connection to an address the check saw, from the same per-run cache; the
request keeps the name in its Host header and in TLS (SNI and the certificate check), since
httpcore takes those from the URL, not from the address connected to.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpcore
import httpx

from flows.net.redirects import AddressCheck

SocketOption = (  # httpcore's own type of a socket option
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)
SocketOptions = Iterable[SocketOption]
# addresses of one name tried before a connection fails: an IPv6 and an IPv4 one, and one more;
# a DNS answer of many addresses that all time out must not hold a fetch for many timeouts
MAX_ADDRESSES = 3


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Open each TCP connection to an address its host name was checked at."""

    def __init__(self, addresses: AddressCheck, backend: httpcore.AsyncNetworkBackend) -> None:
        self._addresses = addresses
        self._backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: SocketOptions | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Connect to the first address the check saw for `host` that answers, as a resolving
        connection tries each in turn (an IP literal is connected to as it is)."""
        checked = await self._addresses.checked_addresses(host)
        if checked is not None and not checked:
            raise httpcore.ConnectError(f"{host} does not resolve")
        addresses = list(dict.fromkeys(checked))[:MAX_ADDRESSES] if checked else [host]
        for address in addresses[:-1]:
            try:
                return await self._connect(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout):
                continue  # an address family without a route, a host down: the next one
        return await self._connect(addresses[-1], port, timeout, local_address, socket_options)

    async def _connect(
        self,
        address: str,
        port: int,
        timeout: float | None,
        local_address: str | None,
        socket_options: SocketOptions | None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._backend.connect_tcp(
            address, port, timeout=timeout, local_address=local_address,
            socket_options=socket_options,
        )  # fmt: skip

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: SocketOptions | None = None
    ) -> httpcore.AsyncNetworkStream:
        """Connect to a Unix socket as the wrapped backend does."""
        return await self._backend.connect_unix_socket(
            path, timeout=timeout, socket_options=socket_options
        )

    async def sleep(self, seconds: float) -> None:
        """Sleep as the wrapped backend does."""
        await self._backend.sleep(seconds)


def pinned_transport(
    addresses: AddressCheck, *, limits: httpx.Limits, trust_env: bool
) -> httpx.AsyncHTTPTransport:
    """Return httpx's transport with its connections opened to the checked addresses."""
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=trust_env)
    pool = transport._pool  # httpx 0.28 takes no network backend: set it on its httpcore pool
    pool._network_backend = PinnedBackend(addresses, pool._network_backend)
    return transport
