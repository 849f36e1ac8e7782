"""The urls table: discovery, due articles, fetch outcomes, done marks, retries and give-ups."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from flows.net.fetch import Exchange, FetchResult
from flows.store.crawlstate import MAX_FAILED_RUNS, CrawlState

SITE = "demo"
A = "http://news.example.cn/2020-03/20/content_1.htm"
B = "http://news.example.cn/2020-03/20/content_2.htm"
C = "http://news.example.cn/2020-03/20/content_3.htm"


def ticking_clock() -> Callable[[], str]:
    """Return a clock that moves one second per call, so runs never share a timestamp."""
    ticks = itertools.count()

    def clock() -> str:
        tick = next(ticks)
        return f"2026-11-23T{tick // 3600:02d}:{tick // 60 % 60:02d}:{tick % 60:02d}.000000Z"

    return clock


def result(
    url: str,
    outcome: str = "ok",
    status: int | None = 200,
    *,
    body: bytes = b"<html>x</html>",
    retry_later: bool = False,
    etag: str | None = None,
    last_modified: str | None = None,
    final_url: str | None = None,
) -> FetchResult:
    exchange = Exchange(
        url=url,
        site=SITE,
        method="GET",
        request_headers=(),
        http_version="HTTP/1.1",
        status=status or 0,
        reason="OK",
        response_headers=(("Content-Type", "text/html"),),
        body=body,
        fetched_at="2026-11-23T00:00:00Z",
    )
    return FetchResult(
        url=url,
        final_url=final_url or url,
        outcome=outcome,
        status=status,
        exchanges=(exchange,) if status else (),
        error=None if outcome in ("ok", "not_modified") else outcome,
        attempts=1,
        retry_later=retry_later,
        etag=etag,
        last_modified=last_modified,
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def new_run(data_dir: Path, clock: Callable[[], str]) -> CrawlState:
    from flows.store.state import open_state

    return CrawlState(open_state(data_dir), clock=clock)


def test_discovery_counts_new_urls_once(data_dir: Path) -> None:
    state = new_run(data_dir, ticking_clock())
    assert state.mark_discovered([A, B, A], SITE) == 2
    assert state.mark_discovered([B, C], SITE) == 1
    assert state.pending_articles(SITE) == [A, B, C]
    assert state.pending_articles("other") == []


def test_listing_urls_are_never_pending(data_dir: Path) -> None:
    state = new_run(data_dir, ticking_clock())
    state.mark_discovered(["http://news.example.cn/list/"], SITE, "listing")
    assert state.pending_articles(SITE) == []


def test_fetched_not_processed_stays_pending_for_next_run(data_dir: Path) -> None:
    clock = ticking_clock()
    state = new_run(data_dir, clock)
    state.mark_discovered([A, B], SITE)
    state.record_fetch(result(A, etag='"e1"'), site=SITE)
    assert state.pending_articles(SITE) == [B]  # not twice in one run
    state.close()
    again = new_run(data_dir, clock)  # killed before processing: the next run offers it again
    assert again.pending_articles(SITE) == [A, B]


def test_mark_done_after_record(data_dir: Path) -> None:
    clock = ticking_clock()
    state = new_run(data_dir, clock)
    state.mark_discovered([A, B], SITE)
    state.record_fetch(result(A, body=b"abc", etag='"e1"', last_modified="Fri"), site=SITE)
    state.mark_done(A, record_id="r1")
    state.record_fetch(result(B), site=SITE)
    state.mark_done(B, reason="too_short")
    row = state.row(A)
    assert row is not None
    assert (row.done, row.record_id, row.reason, row.last_status) == (True, "r1", None, 200)
    assert row.content_sha256 == hashlib.sha256(b"abc").hexdigest()
    assert state.validators(A) == ('"e1"', "Fri")
    assert new_run(data_dir, clock).pending_articles(SITE) == []
    assert state.counts(SITE) == {"seen": 2, "done": 2, "records": 1, "pending": 0, "failing": 0}


def test_mark_done_by_final_url_after_redirect(data_dir: Path) -> None:
    state = new_run(data_dir, ticking_clock())
    state.mark_discovered([A], SITE)
    state.record_fetch(result(A, final_url=B + "#x"), site=SITE)
    state.mark_done(B, record_id="rb")
    row = state.row(A)
    assert row is not None and row.done and row.final_url == B


@pytest.mark.parametrize(
    ("outcome", "status", "retry_later", "done", "reason"),
    [
        ("not_found", 404, False, True, "not_found"),
        ("gone", 410, False, True, "gone"),
        ("robots", None, False, True, "robots"),
        ("robots", None, True, False, None),
        ("skipped_type", 200, False, True, "skipped_type"),
        ("http_error", 403, False, True, "http_error"),
        ("http_error", 503, True, False, None),
        ("failed", None, True, False, None),
    ],
    ids=["404", "410", "robots", "robots_unreachable", "pdf", "403", "503_transient", "timeout"],
)
def test_fetch_outcomes(
    data_dir: Path,
    outcome: str,
    status: int | None,
    retry_later: bool,
    done: bool,
    reason: str | None,
) -> None:
    clock = ticking_clock()
    state = new_run(data_dir, clock)
    state.mark_discovered([A], SITE)
    given_up = state.record_fetch(result(A, outcome, status, retry_later=retry_later), site=SITE)
    assert given_up == reason
    row = state.row(A)
    assert row is not None
    assert (row.done, row.reason, row.outcome) == (done, reason, outcome)
    assert state.pending_articles(SITE) == []  # never twice in one run
    assert new_run(data_dir, clock).pending_articles(SITE) == ([] if done else [A])
    assert [r.url for r in state.failures(SITE)] == ([] if done else [A])


def test_transient_failures_give_up_after_max_runs(data_dir: Path) -> None:
    clock = ticking_clock()
    new_run(data_dir, clock).mark_discovered([A], SITE)
    verdicts = []
    for _ in range(MAX_FAILED_RUNS):
        state = new_run(data_dir, clock)
        assert state.pending_articles(SITE) == [A]
        verdicts.append(state.record_fetch(result(A, "failed", None, retry_later=True), site=SITE))
    assert verdicts == [None] * (MAX_FAILED_RUNS - 1) + ["gave_up"]
    row = new_run(data_dir, clock).row(A)
    assert row is not None and row.done and row.reason == "gave_up"
    assert row.attempts == MAX_FAILED_RUNS


def test_success_resets_failures(data_dir: Path) -> None:
    clock = ticking_clock()
    state = new_run(data_dir, clock)
    state.mark_discovered([A], SITE)
    state.record_fetch(result(A, "failed", None, retry_later=True), site=SITE)
    state = new_run(data_dir, clock)
    state.record_fetch(result(A), site=SITE)
    row = state.row(A)
    assert row is not None and row.failures == 0 and row.attempts == 2


def test_revalidation_offers_done_records_and_304_keeps_them(data_dir: Path) -> None:
    clock = ticking_clock()
    state = new_run(data_dir, clock)
    state.mark_discovered([A, B, C], SITE)
    for url in (A, B):
        state.record_fetch(result(url, etag=f'"{url[-5]}"'), site=SITE)
    state.mark_done(A, record_id="ra")
    state.mark_done(B, reason="too_short")
    rerun = new_run(data_dir, clock)
    assert rerun.pending_articles(SITE) == [C]
    assert rerun.pending_articles(SITE, revalidate=True) == [A, C]
    rerun.record_fetch(result(A, "not_modified", 304), site=SITE)
    row = rerun.row(A)
    assert row is not None and row.done and row.record_id == "ra" and row.etag == '"1"'
    assert rerun.pending_articles(SITE, revalidate=True) == [C]


def test_revalidated_change_needs_processing_again(data_dir: Path) -> None:
    clock = ticking_clock()
    state = new_run(data_dir, clock)
    state.mark_discovered([A], SITE)
    state.record_fetch(result(A), site=SITE)
    state.mark_done(A, record_id="ra")
    rerun = new_run(data_dir, clock)
    rerun.record_fetch(result(A, body=b"changed"), site=SITE)
    row = rerun.row(A)
    assert row is not None and not row.done
    rerun.mark_done(A, record_id="ra")
    row = rerun.row(A)
    assert row is not None and row.done


def test_open_creates_the_database(data_dir: Path) -> None:
    state = CrawlState.open(data_dir)
    state.mark_discovered([A], SITE)
    state.close()
    assert (data_dir / "state.sqlite").is_file()
    assert CrawlState.open(data_dir).pending_articles(SITE) == [A]


def test_a_challenged_url_stays_pending_with_a_growing_backoff(data_dir: Path) -> None:
    clock = ticking_clock()
    new_run(data_dir, clock).mark_discovered([A], SITE)
    waits = []
    for _ in range(MAX_FAILED_RUNS + 2):
        state = new_run(data_dir, clock)
        now = state.clock()
        blocked = result(A, "blocked", 412, retry_later=True)
        assert state.record_fetch(blocked, site=SITE) is None  # never given up
        row = state.row(A)
        assert row is not None and not row.done and row.next_visit is not None
        waits.append(_hours_between(now, row.next_visit))
    assert waits == [0, 1, 3, 7, 15, 31, 63]
    assert new_run(data_dir, ticking_clock()).pending_articles(SITE) == []  # not due yet


def _hours_between(start: str, end: str) -> int:
    from datetime import datetime

    form = "%Y-%m-%dT%H:%M:%S.%fZ"
    return round(
        (datetime.strptime(end, form) - datetime.strptime(start, form)).total_seconds() / 3600
    )
