"""reclean, import-warc and import-text: the corpus rebuilt from raw/ alone, byte for byte."""

from __future__ import annotations

import gzip
import json
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaners.links.urls import canonicalize_url
from cleaners.records import Page
from flows.counters import Counters
from flows.crawl.imports import import_text, import_warc
from flows.crawl.process import Processor
from flows.crawl.rebuild import raw_files, reclean
from flows.errors import WarcDamaged
from flows.net.exchange import Exchange
from flows.store.warcread import iter_warc
from flows.store.warcwrite import WarcWriter

DATA = Path(__file__).resolve().parents[2] / "data" / "dedup"
PAGE = """<html><head><meta charset="{charset}"><title>{title}_要闻_{portal}</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/yw/">要闻</a> <a href="/tp/">图片</a></div>
<h1>{title}</h1><div class="info">{date} 来源：{portal}</div>
<div class="content">{paragraphs}</div>
<div class="footer">版权所有 {portal} 未经授权禁止转载</div></body></html>"""


def article(name: str) -> str:
    return (DATA / f"{name}.txt").read_text(encoding="utf-8").strip()


def html(title: str, text: str, *, date: str = "2021-06-20 09:30", portal: str = "青川新闻网",
         charset: str = "gbk") -> bytes:  # fmt: skip
    """Return a portal article page in the given charset."""
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines())
    page = PAGE.format(charset=charset, title=title, date=date, portal=portal,
                       paragraphs=paragraphs)  # fmt: skip
    return page.encode(charset)


def exchange(url: str, body: bytes, *, site: str, status: int = 200,
             fetched_at: str = "2026-11-20T08:00:00Z") -> Exchange:  # fmt: skip
    """Return one HTTP exchange as the fetcher hands it to the WARC writer."""
    return Exchange(
        url=url, site=site, method="GET", request_headers=(("User-Agent", "portal-corpus"),),
        http_version="HTTP/1.1", status=status, reason="OK" if status == 200 else "Not Found",
        response_headers=(("Content-Type", "text/html; charset=gbk"),
                          ("Content-Length", str(len(body)))),
        body=body, fetched_at=fetched_at,
    )  # fmt: skip


def crawl(data_dir: Path, run_id: str, exchanges: list[Exchange], *, reverse: bool = False) -> None:
    """Do what a crawl does with responses: store them in raw/, process the 200 pages."""
    pages = []
    with WarcWriter(data_dir, run_id=run_id) as warc:
        for ex in exchanges:
            pointer = warc.write(ex)
            if ex.status == 200:
                pages.append(Page(
                    url=canonicalize_url(ex.url) or ex.url, site=ex.site, status=ex.status,
                    headers=ex.response_headers, body=ex.body, fetched_at=ex.fetched_at,
                    warc=pointer,
                ))  # fmt: skip
    with Processor(data_dir, {}, counters=Counters()) as processor:
        processor.process(pages[::-1] if reverse else pages)


def first_run() -> list[Exchange]:
    """Return the responses of a crawl of two portals: articles, a copy, a 404, a listing."""
    return [
        exchange("https://news.qc.example.cn/yw/202106/t1.html",
                 html("青川开展夏季治安整治行动", article("patrol")), site="qc"),
        exchange("https://news.qc.example.cn/yw/202106/t2.html",
                 html("南岭县农村公路建设提速", article("roads"), date=""), site="qc"),
        exchange("https://www.lk.example.cn/xw/3.html",
                 html("长安街道举行消防演练", article("drill"), date="2021-07-02 10:00",
                      portal="临口网"), site="lk"),
        exchange("https://www.lk.example.cn/xw/4.html",
                 html("青川开展夏季治安整治", "本网讯　" + article("patrol"),
                      date="2021-06-21 08:00", portal="临口网"), site="lk"),
        exchange("https://news.qc.example.cn/yw/gone.html", b"<html>404</html>", site="qc",
                 status=404),
        exchange("https://news.qc.example.cn/yw/", html("要闻", "首页\n要闻"), site="qc"),
    ]  # fmt: skip


def snapshot(data_dir: Path) -> dict[str, bytes]:
    """Return every corpus file's bytes by relative path."""
    clean = data_dir / "clean"
    return {p.relative_to(clean).as_posix(): p.read_bytes() for p in sorted(clean.rglob("*"))
            if p.is_file()}  # fmt: skip


def records(data_dir: Path) -> list[dict[str, object]]:
    return [json.loads(line) for content in snapshot(data_dir).values()
            for line in content.decode("utf-8").splitlines() if line.startswith("{")]  # fmt: skip


def test_reclean_reproduces_the_crawl_byte_for_byte(tmp_path: Path) -> None:
    crawl(tmp_path, "20261120T080000Z-aaaaaa", first_run())
    crawled = snapshot(tmp_path)
    assert sorted(crawled) == ["lk/2021-06.jsonl", "lk/2021-07.jsonl", "qc/2021-06.jsonl",
                               "qc/unknown-date.jsonl"]  # fmt: skip
    by_url = {r["url"]: r for r in records(tmp_path)}
    copy, original = by_url["https://www.lk.example.cn/xw/4.html"], by_url[first_run()[0].url]
    assert copy["duplicate_of"] == original["id"]
    counters = reclean(tmp_path)
    assert snapshot(tmp_path) == crawled
    assert counters.get("written") == 4 and counters.get("duplicates") == 1
    rejects = (tmp_path / "rejects" / "reclean.jsonl").read_bytes()
    assert b"https://news.qc.example.cn/yw/" in rejects  # the listing page, with its reason
    reclean(tmp_path)
    assert snapshot(tmp_path) == crawled
    assert (tmp_path / "rejects" / "reclean.jsonl").read_bytes() == rejects  # replaced, not added
    assert not (tmp_path / "clean.new").exists() and not (tmp_path / "clean.old").exists()
    again = Counters()
    with Processor(tmp_path, {}, counters=again) as processor:  # the ledger came along
        processor.process(list(iter_warc(raw_files(tmp_path)[0], data_dir=tmp_path,
                                         counters=Counters())))  # fmt: skip
    assert again.get("written") == 0 and snapshot(tmp_path) == crawled


def test_reclean_agrees_with_a_crawl_whose_fetches_finished_out_of_order(tmp_path: Path) -> None:
    crawl(tmp_path, "20261120T080000Z-aaaaaa", first_run(), reverse=True)
    crawled = snapshot(tmp_path)
    reclean(tmp_path)
    assert snapshot(tmp_path) == crawled


def test_reclean_builds_a_url_from_the_response_the_crawl_built_it_from(tmp_path: Path) -> None:
    url = "https://news.qc.example.cn/yw/202106/t1.html"
    crawl(tmp_path, "20261120T080000Z-aaaaaa", [
        exchange(url, html("青川开展夏季治安整治行动", article("patrol")), site="qc"),
        exchange("https://news.qc.example.cn/yw/202106/t9.html",
                 html("青川开展夏季治安整治行动", article("patrol") + "\n编辑：李华"), site="qc"),
    ])  # fmt: skip
    crawl(tmp_path, "20261121T080000Z-bbbbbb", [
        exchange(url, html("青川开展夏季治安整治行动", article("followup")), site="qc",
                 fetched_at="2026-11-21T08:00:00Z"),
    ])  # fmt: skip
    crawled = snapshot(tmp_path)
    first, second = records(tmp_path)
    assert first["url"] == url and first["fetched_at"] == "2026-11-20T08:00:00Z"
    assert second["duplicate_of"] == first["id"]
    counters = reclean(tmp_path)
    assert counters.get("already_written") == 1  # the later response, as in the crawl
    assert snapshot(tmp_path) == crawled  # text and `raw` from the first response


def test_a_failed_reclean_leaves_the_corpus_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crawl(tmp_path, "20261120T080000Z-aaaaaa", first_run())
    (tmp_path / "clean" / "README.md").write_text("# clean/\n", encoding="utf-8")
    before = snapshot(tmp_path)

    def broken(self: Processor, pages: object) -> None:
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(Processor, "process", broken)
        with pytest.raises(RuntimeError):
            reclean(tmp_path)
    assert snapshot(tmp_path) == before
    reclean(tmp_path)  # the leftover clean.new/ is cleared and the README kept
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "clean.new").exists()


def foreign_warc(path: Path, *, gz: bool) -> list[int]:
    """Write a WARC as other tools do (gzip-encoded payload, revisit); return record ends."""
    ends = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "Wget/1.21"}))
        for n, name in enumerate(("patrol", "roads", "drill")):
            body = gzip.compress(html(f"标题{n}", article(name), charset="utf-8"))
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                protocol="HTTP/1.1",
            )
            writer.write_record(writer.create_warc_record(
                f"http://www.other.example.cn/{n}.html", "response", payload=BytesIO(body),
                length=len(body), http_headers=http))  # fmt: skip
            ends.append(out.tell())
    return ends


@pytest.mark.parametrize("gz", [True, False], ids=["gzip-per-record", "plain"])
def test_import_warc_stores_the_file_and_adds_its_pages(tmp_path: Path, gz: bool) -> None:
    source = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    foreign_warc(source, gz=gz)
    data = tmp_path / "data"
    counters = import_warc([source], data)
    assert counters.get("written") == 3 and counters.get("warc_skipped_warcinfo") == 1
    assert {r["site"] for r in records(data)} == {"import"}
    (stored,) = raw_files(data)
    assert stored.name.endswith("-import-crawl.warc.gz" if gz else "-import-crawl.warc")
    assert {r["raw"]["file"] for r in records(data)} == {f"raw/{stored.name}"}  # type: ignore[index]
    imported = snapshot(data)
    assert import_warc([source], data).get("already_imported") == 1
    reclean(data)
    assert snapshot(data) == imported


def test_import_warc_keeps_records_before_damage(tmp_path: Path) -> None:
    source = tmp_path / "cut.warc.gz"
    ends = foreign_warc(source, gz=True)
    source.write_bytes(source.read_bytes()[: (ends[1] + ends[2]) // 2])
    data = tmp_path / "data"
    counters = Counters()
    with pytest.raises(WarcDamaged) as caught:
        import_warc([source], data, counters=counters)
    assert caught.value.path == str(source) and caught.value.offset == ends[1]
    assert str(ends[1]) in str(caught.value)
    assert counters.get("written") == 2 and len(records(data)) == 2
    (stored,) = raw_files(data)
    assert stored.stat().st_size == ends[1]  # raw/ keeps whole records only
    assert len(list(iter_warc(stored, data_dir=data, counters=Counters()))) == 2


def test_import_text_of_files_folders_and_jsonl(tmp_path: Path) -> None:
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    (dumps / "a.txt").write_bytes(("南岭县农村公路建设提速\n" + article("roads")).encode("gbk"))
    (dumps / "b.txt").write_text("长安街道举行消防演练\n" + article("drill"), encoding="utf-8")
    (dumps / "notes.md").write_text("不是正文", encoding="utf-8")
    lines = [
        {"url": "https://www.lk.example.cn/xw/8.html", "title": "青川开展夏季治安整治行动",
         "text": article("patrol")},
        {"title": "没有正文"},
        {"text": "本网讯　" + article("patrol")},
    ]  # fmt: skip
    jsonl = tmp_path / "items.jsonl"
    jsonl.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    data = tmp_path / "data"
    counters = import_text([dumps, jsonl], data)
    assert counters.get("written") == 4 and counters.get("duplicates") == 1
    assert counters.drops() == {("import", "no_text"): 1}
    got = records(data)
    urls = {str(r["url"]) for r in got}
    assert (dumps / "a.txt").resolve().as_uri() in urls
    assert "https://www.lk.example.cn/xw/8.html" in urls
    assert f"{jsonl.resolve().as_uri()}#L3" in urls
    gbk = next(r for r in got if str(r["url"]).endswith("a.txt"))
    assert gbk["encoding"] in ("gbk", "gb18030") and "农村公路" in str(gbk["text"])
    imported = snapshot(data)
    assert import_text([dumps, jsonl], data).get("already_imported") == 3
    reclean(data)
    assert snapshot(data) == imported
