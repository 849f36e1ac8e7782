"""Small made-up corpus records for the store's tests."""

from __future__ import annotations

from cleaners import __version__
from cleaners.records import Record, WarcPointer, record_id, text_sha256


def make_record(n: int, *, published_at: str | None = "2020-05-07T21:47:22+08:00") -> Record:
    """Return a small record numbered n."""
    url = f"https://news.example.cn/a/{n}.html"
    text = f"第{n}篇文章的正文，记者从市里获悉。"
    return Record(
        id=record_id(url),
        url=url,
        site="example",
        site_name="示例新闻网",
        title=f"标题{n}",
        text=text,
        published_at=published_at,
        published_precision="second" if published_at else None,
        published_raw=published_at,
        source="示例新闻网",
        authors=("张明",),
        editor=None,
        lang="zh",
        fetched_at="2026-11-23T00:15:00Z",
        encoding="gb18030",
        raw=WarcPointer("raw/run-00001.warc.gz", 100 * n, f"<urn:uuid:{n}>"),
        content_sha256=text_sha256(text),
        duplicate_of=None,
        pipeline=__version__,
    )
