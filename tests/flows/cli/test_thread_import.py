"""A forum thread in a WARC goes through `portal-corpus import-warc` into one record of its posts.

The console script runs in a subprocess on a WARC written here: a BBS thread of table posts
(always) and, when the shared pages are beside the checkout, a real forum thread page.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from consolescript import records, run
from threadpages import POSTS, SIGNATURE, TITLE, URL, page, table_posts
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import SHARED

FORUM = SHARED / "devset" / "magic" / "forum"
REAL_THREAD = "81abaa708d7b56f8aa077fc5111669f90289e376a182ffa3f63b16881b7c3dc6"  # every post kept


def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    """Write one HTTP 200 response record per (URL, body)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, body in pages:
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(body), length=len(body), http_headers=http,
            ))  # fmt: skip


def imported(tmp_path: Path, url: str, body: bytes) -> dict[str, object]:
    """Import one page through the console script and return its only record."""
    warc, data_dir = tmp_path / "thread.warc.gz", tmp_path / "data"
    write_warc(warc, [(url, body)])
    done = run(["import-warc", str(warc), "--data-dir", str(data_dir)], tmp_path / "home")
    assert done.returncode == 0, done.stderr
    (record,) = records(data_dir)  # the page is no reject
    return record


def test_a_bbs_thread_becomes_a_record_of_its_posts_in_order(tmp_path: Path) -> None:
    record = imported(tmp_path, URL, page(table_posts()).encode())
    text = str(record["text"]).replace("\n", "")
    positions = [text.find(post) for post in POSTS]
    assert record["title"] == TITLE
    assert -1 not in positions and positions == sorted(positions), text
    assert SIGNATURE not in text and "举报" not in text and "积分" not in text


@pytest.mark.skipif(not FORUM.is_dir(), reason=f"forum pages not found at {FORUM}")
def test_a_real_forum_thread_keeps_its_replies_in_order(tmp_path: Path) -> None:
    body = (FORUM / "html" / f"{REAL_THREAD}.html").read_bytes()
    gold = (FORUM / "gold" / f"{REAL_THREAD}.txt").read_text(encoding="utf-8").splitlines()
    record = imported(tmp_path, "https://forum.example/d/15448/3", body)
    text = "".join(str(record["text"]).split())
    replies = [line for line in ("".join(g.split()) for g in gold[-4:]) if line]
    positions = [text.find(reply) for reply in replies]
    assert -1 not in positions and positions == sorted(positions), text[-400:]
