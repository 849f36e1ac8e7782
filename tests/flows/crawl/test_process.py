"""The processing stage: order kept, duplicates marked, ids written once, bad pages contained."""

from __future__ import annotations

import json
import os
import threading
import time
from contextlib import suppress
from dataclasses import replace
from pathlib import Path

import pytest

from cleaners import __version__
from cleaners.records import (
    Dropped,
    Page,
    Record,
    SiteRules,
    WarcPointer,
    record_id,
    text_sha256,
)
from flows.counters import Counters
from flows.crawl.buildpool import BuildPool, BuildPoolClosed, build_one, build_page
from flows.crawl.process import IN_PROCESS, Processor

DATA = Path(__file__).resolve().parents[2] / "data" / "dedup"
CLOSE_BOUND_S = 10.0  # killing and reaping one worker takes well under this; the page, 600 s
POOL_TIMEOUT_S = 3.0  # generous for a loaded test machine; only the hanging page waits it out


def fake_build(page: Page, rules: SiteRules) -> Record | Dropped:
    """Turn a page whose body is plain text into a record; act out failures on cue."""
    text = page.body.decode("utf-8")
    if text.startswith("HANG"):
        time.sleep(600)
    if text.startswith("CRASH"):
        os._exit(3)
    if text.startswith("BOOM"):
        raise ValueError("cannot read this page")
    if text.startswith("DROP"):
        return Dropped("extract", "no_article", page.url, "")
    return Record(
        id=record_id(page.url), url=page.url, site=page.site, site_name=rules.name or page.site,
        title="标题", text=text, published_at="2021-03-16T08:00:00+08:00",
        published_precision="minute", published_raw="2021-03-16 08:00", source="示例网",
        authors=(), editor=None, lang="zh", fetched_at=page.fetched_at, encoding="utf-8",
        raw=page.warc, content_sha256=text_sha256(text), duplicate_of=None, pipeline=__version__,
    )  # fmt: skip


def page(n: int, body: str, *, site: str = "example") -> Page:
    """Return a fetched page numbered n."""
    return Page(
        url=f"https://news.example.cn/a/{n}.html",
        site=site,
        status=200,
        headers=(("Content-Type", "text/plain; charset=utf-8"),),
        body=body.encode("utf-8"),
        fetched_at="2026-11-20T08:00:00Z",
        warc=WarcPointer("raw/run-00001.warc.gz", 1000 * n, f"<urn:uuid:{n}>"),
    )


def article(name: str) -> str:
    return (DATA / f"{name}.txt").read_text(encoding="utf-8").strip()


def batch() -> list[Page]:
    """Return pages: two articles, a republication, a drop and an exact copy."""
    return [
        page(1, article("patrol")),
        page(2, article("roads")),
        page(3, "本网讯　" + article("patrol") + "\n责任编辑：李华"),
        page(4, "DROP"),
        page(5, article("roads").replace("，", ", ")),
    ]


def outcomes(pages: list[Page]) -> list[Record | Dropped | None]:
    """Return what each page came to."""
    return [p.outcome for p in pages]


def corpus_lines(data_dir: Path) -> list[dict[str, object]]:
    files = sorted((data_dir / "clean").rglob("*.jsonl"))
    return [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines()]


def test_batch_is_built_marked_and_written_in_order(tmp_path: Path) -> None:
    counters = Counters()
    with Processor(tmp_path, {}, counters=counters, build=fake_build) as processor:
        out = outcomes(processor.process(batch()))
    assert [type(o).__name__ for o in out] == ["Record", "Record", "Record", "Dropped", "Record"]
    ids = [record_id(p.url) for p in batch()]
    assert [o.duplicate_of for o in out if isinstance(o, Record)] == [None, None, ids[0], ids[1]]
    offsets = [o.raw.offset for o in out if isinstance(o, Record) and o.raw]
    assert offsets == [1000, 2000, 3000, 5000]
    assert [row["id"] for row in corpus_lines(tmp_path)] == [ids[0], ids[1], ids[2], ids[4]]
    assert {k: counters.get(k) for k in ("extracted", "dropped", "duplicates", "written")} == {
        "extracted": 4, "dropped": 1, "duplicates": 2, "written": 4,
    }  # fmt: skip
    assert counters.drops() == {("extract", "no_article"): 1}
    (rejects,) = (tmp_path / "rejects").glob("*.jsonl")
    reject = json.loads(rejects.read_text("utf-8"))
    assert reject["reason"] == "no_article" and reject["warc"]["offset"] == 4000


def test_a_rerun_writes_nothing_twice_and_keeps_its_answers(tmp_path: Path) -> None:
    with Processor(tmp_path, {}, counters=Counters(), build=fake_build) as processor:
        first = processor.process(batch())
    snapshot = {p: p.read_bytes() for p in (tmp_path / "clean").rglob("*.jsonl")}
    counters = Counters()
    with Processor(tmp_path, {}, counters=counters, build=fake_build) as processor:
        again = processor.process(batch())
    assert again == first
    assert counters.get("written") == 0 and counters.get("already_written") == 4
    assert {p: p.read_bytes() for p in (tmp_path / "clean").rglob("*.jsonl")} == snapshot


def test_a_later_batch_finds_duplicates_of_an_earlier_run(tmp_path: Path) -> None:
    with Processor(tmp_path, {}, counters=Counters(), build=fake_build) as processor:
        processor.process([page(1, article("drill"))])
    with Processor(tmp_path, {}, counters=Counters(), build=fake_build) as processor:
        (out,) = outcomes(processor.process([page(9, article("drill") + "\n（完）")]))
    assert isinstance(out, Record) and out.duplicate_of == record_id(page(1, "").url)


def test_site_rules_reach_the_build(tmp_path: Path) -> None:
    rules = {"example": SiteRules(site="example", name="示例新闻网")}
    with Processor(tmp_path, rules, counters=Counters(), build=fake_build) as processor:
        built = processor.process([page(1, "正文一"), page(2, "正文二", site="other")])
    known, unknown = outcomes(built)
    assert isinstance(known, Record) and known.site_name == "示例新闻网"
    assert isinstance(unknown, Record) and unknown.site_name == "other"


def test_a_failing_page_is_a_counted_drop(tmp_path: Path) -> None:
    built = build_one(fake_build, page(7, "BOOM"), SiteRules())
    assert isinstance(built.outcome, Dropped)
    assert built.outcome.reason == "error" and "cannot read" in built.outcome.detail
    assert built.warc == page(7, "").warc and built.fingerprint is None


def test_a_built_page_comes_back_without_its_bytes_and_with_its_fingerprint() -> None:
    sent = replace(page(8, article("drill")), parts=(page(9, "第二页"),), files=(page(10, "附件"),))
    built = build_one(fake_build, sent, SiteRules())
    assert isinstance(built.outcome, Record) and built.outcome.text == article("drill")
    assert built.fingerprint is not None and built.fingerprint.exact
    assert (built.body, built.parts, built.files) == (b"", (), ())  # never sent back
    assert (built.url, built.warc, built.headers) == (sent.url, sent.warc, sent.headers)


def test_commit_takes_records_built_elsewhere(tmp_path: Path) -> None:
    counters = Counters()
    built = [replace(p, outcome=fake_build(p, SiteRules())) for p in batch()]
    with Processor(tmp_path, {}, counters=counters, build=fake_build) as processor:
        out = outcomes(processor.commit(built))
    assert sum(isinstance(o, Record) and o.duplicate_of is not None for o in out) == 2
    assert counters.get("written") == 4


@pytest.mark.parametrize("workers", [1, 2])  # one worker process has the deadline too
def test_pool_contains_hanging_and_crashing_pages(tmp_path: Path, workers: int) -> None:
    pages = [
        page(1, article("patrol")),
        page(2, "HANG"),
        page(3, article("roads")),
        page(4, "CRASH"),
        page(5, article("drill")),
        page(6, "本网讯　" + article("patrol")),
    ]
    counters = Counters()
    with Processor(
        tmp_path, {}, counters=counters, build=fake_build, workers=workers,
        page_timeout_s=POOL_TIMEOUT_S, mp_context="fork",
    ) as processor:  # fmt: skip
        out = outcomes(processor.process(pages))
        assert isinstance(processor.process([page(7, "正文七")])[0].outcome, Record)  # replaced
    kinds = [o.reason if isinstance(o, Dropped) else "record" for o in out]
    assert kinds == ["record", "timeout", "record", "worker_crashed", "record", "record"]
    assert isinstance(out[5], Record) and out[5].duplicate_of == record_id(pages[0].url)
    assert counters.drops() == {("extract", "timeout"): 1, ("extract", "worker_crashed"): 1}


def test_pool_and_single_process_write_the_same_corpus(tmp_path: Path) -> None:
    pages = batch() * 2 + [page(10 + n, f"第{n}篇，内容各不相同。") for n in range(6)]
    for workers, folder in ((IN_PROCESS, "one"), (2, "two")):
        with Processor(
            tmp_path / folder, {}, counters=Counters(), build=fake_build, workers=workers,
            mp_context="fork",
        ) as processor:  # fmt: skip
            processor.process(pages)
    assert corpus_lines(tmp_path / "one") == corpus_lines(tmp_path / "two")


def test_default_build_runs_in_forkserver_workers(tmp_path: Path) -> None:
    html = "<html><head><title>测试</title></head><body><p>短。</p></body></html>"
    fetched = Page(
        url="https://news.example.cn/a/1.html", site="example", status=200,
        headers=(("Content-Type", "text/html; charset=utf-8"),), body=html.encode("utf-8"),
        fetched_at="2026-11-20T08:00:00Z",
    )  # fmt: skip
    with Processor(tmp_path, {}, counters=Counters(), workers=2) as processor:
        (out,) = outcomes(processor.process([fetched]))
    assert isinstance(out, Dropped)  # too little text to be an article, and said so
    assert out.url == fetched.url and out.reason != "error"


@pytest.mark.parametrize("workers", [IN_PROCESS, 1, 2])
def test_empty_batch(tmp_path: Path, workers: int) -> None:
    with Processor(
        tmp_path, {}, counters=Counters(), build=fake_build, workers=workers, mp_context="fork"
    ) as processor:
        assert processor.process([]) == []


def test_build_page_sends_text_dumps_to_the_text_cleaner() -> None:
    body = ("青川开展夏季治安整治行动\n" + article("patrol")).encode("gbk")
    dump = Page(
        url="file:///dumps/patrol.txt", site="import", status=200,
        headers=(("Content-Type", "text/plain"),), body=body, fetched_at="2026-11-20T08:00:00Z",
        kind="text",
    )  # fmt: skip
    record = build_page(dump, SiteRules())
    assert isinstance(record, Record) and record.encoding in ("gbk", "gb18030")
    assert record.title == "青川开展夏季治安整治行动"
    as_html = build_page(replace(dump, kind="html"), SiteRules())
    assert not isinstance(as_html, Record) or as_html.title != record.title  # the HTML path


def test_a_batch_is_marked_in_raw_order_whatever_order_it_came_in(tmp_path: Path) -> None:
    original, copy = page(2, article("roads")), page(1, "本网讯　" + article("roads"))
    with Processor(tmp_path, {}, counters=Counters(), build=fake_build) as processor:
        first, second = outcomes(processor.process([original, copy]))  # fetched the other way
    assert isinstance(first, Record) and isinstance(second, Record)
    assert first.url == original.url and first.duplicate_of == second.id
    assert second.duplicate_of is None  # its response sits earlier in raw/


def test_closing_the_pool_under_a_building_batch_ends_that_batch_at_once() -> None:
    """A run failing in one thread closes the pool while another builds: neither waits."""
    pool = BuildPool(1, timeout_s=600.0, mp_context="fork")
    ended = threading.Event()

    def building() -> None:
        with suppress(BuildPoolClosed, RuntimeError):  # what the building thread ends with
            pool.run(fake_build, [(page(1, "HANG"), SiteRules(site="example"))])
        ended.set()

    threading.Thread(target=building, daemon=True).start()
    while not any(p.is_alive() for p in (pool._executor._processes or {}).values()):
        time.sleep(0.05)  # the worker is up and holds the page
    closing = threading.Thread(target=pool.close, daemon=True)
    closing.start()
    closing.join(CLOSE_BOUND_S)
    try:
        assert not closing.is_alive(), f"close() still waiting after {CLOSE_BOUND_S:g} s"
        assert ended.wait(CLOSE_BOUND_S)
    finally:
        for process in list((pool._executor._processes or {}).values()):
            process.kill()  # only needed when close() did not
