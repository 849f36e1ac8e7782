"""A WARC file torn by a kill mid-write is cut back to its last complete record, then sealed."""

from __future__ import annotations

from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from flows.net.fetch import Exchange
from flows.store.warcmend import complete_length, mend_open_files
from flows.store.warcwrite import WarcWriter


def exchange(i: int) -> Exchange:
    return Exchange(
        url=f"http://news.example.cn/2020-03/20/content_{i}.htm",
        site="demo",
        method="GET",
        request_headers=(("Host", "news.example.cn"),),
        http_version="HTTP/1.1",
        status=200,
        reason="OK",
        response_headers=(("Content-Type", "text/html; charset=utf-8"),),
        body=f"<html><body>{'新闻正文' * 300}{i}</body></html>".encode(),
        fetched_at="2026-11-23T00:00:00Z",
    )


def unsealed_warc(data_dir: Path, records: int) -> tuple[bytes, list[int]]:
    """Write records as a run would: return the file bytes and the responses' offsets."""
    with WarcWriter(data_dir, run_id="killed") as writer:
        offsets = [writer.write(exchange(i)).offset for i in range(records)]
    (path,) = (data_dir / "raw").glob("*.warc.gz")
    return path.read_bytes(), offsets


@pytest.mark.parametrize(
    ("cut", "kept_responses"),
    [
        (lambda size, offs: size, 3),
        (lambda size, offs: size - 5, 3),  # the last request lost its gzip trailer
        (lambda size, offs: offs[2] + 40, 2),  # torn inside the last response's header
        (lambda size, offs: offs[2], 2),  # cut exactly between records
        (lambda size, offs: 7, 0),  # torn inside the warcinfo record
    ],
    ids=["whole", "trailer", "mid_response", "boundary", "first_record"],
)
def test_mend_cuts_the_torn_tail(tmp_path: Path, cut: object, kept_responses: int) -> None:
    data, offsets = unsealed_warc(tmp_path / "src", 3)
    torn = tmp_path / "data" / "raw" / "run1-00001.warc.gz.open"
    torn.parent.mkdir(parents=True)
    torn.write_bytes(data[: cut(len(data), offsets)])  # type: ignore[operator]
    (sealed,) = mend_open_files(tmp_path / "data")
    assert sealed.name == "run1-00001.warc.gz"
    assert not torn.exists()
    with sealed.open("rb") as stream:
        kinds = [r.rec_type for r in ArchiveIterator(stream) if r.content_stream().read() or True]
    assert kinds.count("response") == kept_responses
    assert complete_length(sealed) == sealed.stat().st_size


def test_the_running_runs_file_is_left_alone(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, run_id="now")
    writer.write(exchange(1))
    assert mend_open_files(tmp_path, exclude_run="now") == []
    assert len(list((tmp_path / "raw").glob("*.open"))) == 1
    writer.close()
