"""Which ports a source may be fetched on: another port of the same host is another site.

The scope of a source is scheme + host + port as its start URLs give them. This check is
separate from the rule that decides which host names belong to a source, and a URL must pass
both. A URL on its scheme's default port (80 for http, 443 for https) is on DEFAULT_PORT, so
an http → https upgrade stays in scope; any other port is in scope only when a start URL uses
it or an `allowed_hosts` entry names it (`"127.0.0.1:8081"`, `"*.example.cn:8080"`).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

DEFAULT_PORT = 0  # stands for the scheme's own port: no port written, or :80 / :443 written
SCHEME_PORTS = {"http": 80, "https": 443}


def port_of(url: str) -> int | None:
    """Return the port a URL names (DEFAULT_PORT for its scheme's own), None when it is bad."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        return None
    if port is None or port == SCHEME_PORTS.get(parts.scheme.lower()):
        return DEFAULT_PORT
    return port


def split_host_entry(entry: str) -> tuple[str, int | None]:
    """Split an `allowed_hosts` entry into its host and its port (None when it names none)."""
    parts = urlsplit("//" + entry.strip())
    port = parts.port  # raises ValueError on a port that is no number in range
    name = (parts.hostname or "").lower()
    if entry.strip().startswith("*."):
        name = "*." + name.removeprefix("*.")
    return name, port


def source_ports(starts: Iterable[str], allowed_hosts: Iterable[str]) -> frozenset[int]:
    """Return the ports a source may be fetched on: those of its starts and of its entries."""
    ports = {port_of(url) for url in starts}
    for _, port in map(split_host_entry, allowed_hosts):
        if port is not None:  # an entry gives no scheme: 80 and 443 both mean the default
            ports.add(DEFAULT_PORT if port in SCHEME_PORTS.values() else port)
    return frozenset(port for port in ports if port is not None)


def host_names(allowed_hosts: Iterable[str]) -> tuple[str, ...]:
    """Return the host names of `allowed_hosts` entries, their ports left to source_ports."""
    return tuple(name for name, _ in map(split_host_entry, allowed_hosts))


def on_ports(url: str, ports: frozenset[int]) -> bool:
    """Tell whether a URL is on one of a source's ports."""
    port = port_of(url)
    return port is not None and port in ports
