"""What fetching one URL came to: the FetchResult, and the trail a fetch gathers on its way."""

from __future__ import annotations

from dataclasses import dataclass, field

from flows.net.exchange import Exchange, Hop

ALIAS = "alias"  # outcome of a redirect to a URL this run fetches already: not fetched again


# The wire, not a Page: one URL's many responses (redirect hops, retries), each archived alone
@dataclass(frozen=True, slots=True)
class FetchResult:
    """What fetching one URL came to, with every response received on the way."""

    url: str  # as asked (canonical)
    final_url: str  # after redirects
    outcome: str  # ok | not_modified | not_found | gone | http_error | skipped_type |
    # too_large | robots | offsite_redirect | redirect_loop | private_address | failed |
    # blocked (a challenge) | alias (redirects to a URL fetched elsewhere in the run)
    status: int | None
    exchanges: tuple[Exchange, ...]  # every response received (redirect hops, retried ones)
    error: str | None
    attempts: int  # requests sent for the URL the fetch ended on
    retry_later: bool  # transient: try again on a later run
    etag: str | None
    last_modified: str | None

    def header(self, name: str) -> str | None:
        """Return a header of the last response (case-insensitive), if any."""
        if not self.exchanges:
            return None
        lowered = name.lower()
        headers = self.exchanges[-1].response_headers
        return next((v for k, v in headers if k.lower() == lowered), None)


@dataclass
class Trail:
    """What a fetch has gathered so far across redirect hops."""

    asked: str
    hosts: frozenset[str]  # where redirects may go
    ports: frozenset[int]  # on which ports (portscope.port_of)
    seen: list[str] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)


def fetch_result(trail: Trail, final_url: str, hop: Hop) -> FetchResult:
    """Assemble the FetchResult of a finished fetch."""
    exchanges = tuple(trail.exchanges)
    last = exchanges[-1] if exchanges and hop.status is not None else None
    ok = hop.outcome in ("ok", "not_modified") and last is not None
    return FetchResult(
        url=trail.asked,
        final_url=final_url,
        outcome=hop.outcome,
        status=hop.status,
        exchanges=exchanges,
        error=hop.error,
        attempts=hop.attempts,
        retry_later=hop.retry_later,
        etag=response_header(last, "etag") if ok and last else None,
        last_modified=response_header(last, "last-modified") if ok and last else None,
    )


def response_header(exchange: Exchange, name: str) -> str | None:
    """Return a response header of an exchange (case-insensitive)."""
    return next((v for k, v in exchange.response_headers if k.lower() == name), None)
