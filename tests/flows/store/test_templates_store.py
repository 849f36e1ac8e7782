"""Template lines: learned per site in the state DB, removed by the Processor, rebuilt alike."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from cleaners import __version__
from cleaners.corpus.template_lines import MIN_PAGES
from cleaners.records import (
    Dropped,
    Page,
    Record,
    SiteRules,
    WarcPointer,
    record_id,
    text_sha256,
)
from cleaners.text.repair import matching_key
from flows.counters import Counters
from flows.crawl.process import Processor
from flows.crawl.rebuild import reclean
from flows.net.exchange import Exchange
from flows.store.state import open_state
from flows.store.templates import MAX_KEY_CHARS, PRUNE_AGE_PAGES, PRUNE_EVERY_PAGES, SiteTemplates
from flows.store.warcwrite import WarcWriter

SLOGAN = "守望青川山水，讲好身边故事"
HOTLINE = "新闻热线：0800-7654321　投稿邮箱：news@qc.example.cn"
SHARED = "据悉，相关工作将于本月底前全部完成。"  # a real article line that two stories share
ARTICLES = (
    "连日来，白河村组织村民修建一条通往茶园的产业路，全长三公里，预计下月初全线贯通。\n"
    "村支部书记介绍，产业路修通后，鲜叶运输时间可由两小时缩短到二十分钟。",
    "东湖街道近日启动老旧小区改造，首批六个小区将加装电梯、更换供水管网、增设充电桩。\n"
    "改造方案经居民议事会三轮讨论后确定，施工期间将分段围挡，尽量减少对出行的影响。",
    "南岭县第一人民医院新建的急诊综合楼本周投入使用，抢救床位由十二张增加到三十张。\n"
    f"医院还开通了与乡镇卫生院的远程会诊系统，危重病人转诊时间明显缩短。\n{SHARED}",
    "柳溪镇今年试种的两百亩高山蔬菜迎来采收，首批辣椒和茄子已经发往省城的批发市场。\n"
    "合作社负责人算了一笔账，每亩纯收入比种玉米多出四千元左右。",
    "石门村的乡村图书室经过重新布置后对外开放，新增图书三千余册，并设置了儿童阅读角。\n"
    "每周六下午，驻村志愿者会在这里为孩子们辅导功课、讲绘本故事。",
    "西山乡组织农技人员深入田间地头，指导农户做好夏季水稻病虫害防治工作。\n"
    f"今年全乡推广统防统治面积达一万二千亩，较去年扩大近一倍。\n{SHARED}",
    "北坡社区举办夏季消防安全培训，邀请消防站官兵讲解灭火器使用和火场逃生要领。\n"
    "培训结束后，居民们在工作人员指导下进行了实地演练，气氛热烈。",
    "青川市图书馆暑期少儿读书月活动开幕，推出亲子共读、科普讲座和手工课堂等二十余场活动。\n"
    "活动持续到八月底，市民可通过图书馆公众号预约参加。",
)
HTML_PAGE = """<html><head><meta charset="utf-8"><title>{title}_要闻_青川新闻网</title></head><body>
<h1>{title}</h1><div class="info">2021-06-{day:02d} 09:30 来源：青川新闻网</div>
<div class="content"><p>{slogan}</p>{paragraphs}</div>
<div class="footer">版权所有 青川新闻网</div></body></html>"""


def text_build(page: Page, rules: SiteRules) -> Record | Dropped:
    """Turn a page whose body is plain text into a record, as the cleaners would."""
    text = page.body.decode("utf-8")
    return Record(
        id=record_id(page.url), url=page.url, site=page.site, site_name=page.site, title="标题",
        text=text, published_at=None, published_precision=None, published_raw=None,
        source=page.site, authors=(), editor=None, lang="zh", fetched_at=page.fetched_at,
        encoding="utf-8", raw=page.warc, content_sha256=text_sha256(text), duplicate_of=None,
        pipeline=__version__,
    )  # fmt: skip


def text_page(n: int, body: str, *, site: str = "qc") -> Page:
    """Return page n of a site, its body the text its record gets."""
    return Page(
        url=f"https://{site}.example.cn/a/{n}.html", site=site, status=200,
        headers=(("Content-Type", "text/plain; charset=utf-8"),), body=body.encode("utf-8"),
        fetched_at="2026-11-20T08:00:00Z",
        warc=WarcPointer("raw/run-00001.warc.gz", 1000 * n, f"<urn:uuid:{site}-{n}>"),
    )  # fmt: skip


def templated(article: str) -> str:
    """Return an article framed by the site's slogan and hotline."""
    return f"{SLOGAN}\n{article}\n{HOTLINE}"


def processed(data_dir: Path, batches: Sequence[Sequence[Page]]) -> list[Record | Dropped]:
    """Run batches of pages through one Processor; return every outcome."""
    outcomes: list[Record | Dropped] = []
    with Processor(data_dir, {}, counters=Counters(), build=text_build) as processor:
        for batch in batches:
            outcomes += [p.outcome for p in processor.process(batch) if p.outcome is not None]
    return outcomes


def texts(outcomes: Sequence[Record | Dropped | None]) -> list[str]:
    return [o.text if isinstance(o, Record) else f"<{o and o.reason}>" for o in outcomes]


def test_store_learns_lines_on_half_the_pages_once_a_site_has_enough(tmp_path: Path) -> None:
    conn = open_state(tmp_path)
    store = SiteTemplates(conn)
    for n, article in enumerate(ARTICLES, start=1):
        store.observe("qc", templated(article).split("\n"))
        expected = {matching_key(SLOGAN), matching_key(HOTLINE)} if n >= MIN_PAGES else set()
        assert store.keys("qc") == expected, n
    store.observe("lk", [SLOGAN, "临口网的一篇稿件，与青川无关。"])
    assert store.pages("qc") == len(ARTICLES) and store.keys("lk") == frozenset()
    conn.close()


def test_processor_removes_a_sites_template_lines_once_learned(tmp_path: Path) -> None:
    qc = [text_page(n, templated(a)) for n, a in enumerate(ARTICLES, start=1)]
    lk = [text_page(n, f"{SLOGAN}\n{ARTICLES[n]}", site="lk") for n in range(1, 3)]
    got = texts(processed(tmp_path, [qc[:3], qc[3:] + lk]))
    learning, learned = got[: MIN_PAGES - 1], got[MIN_PAGES - 1 : len(qc)]
    assert learning == [templated(a) for a in ARTICLES[: MIN_PAGES - 1]]
    assert learned == list(ARTICLES[MIN_PAGES - 1 :])
    assert sum(SHARED in text for text in got[: len(qc)]) == 2  # two pages of eight: article
    assert got[len(qc) :] == [f"{SLOGAN}\n{ARTICLES[n]}" for n in range(1, 3)]  # other site


def test_cleaned_records_carry_the_hash_of_their_new_text(tmp_path: Path) -> None:
    pages = [text_page(n, templated(a)) for n, a in enumerate(ARTICLES, start=1)]
    processed(tmp_path, [pages])
    lines = (tmp_path / "clean" / "qc" / "unknown-date.jsonl").read_text(encoding="utf-8")
    stored = [json.loads(line) for line in lines.splitlines()]
    assert [r["content_sha256"] for r in stored] == [text_sha256(r["text"]) for r in stored]
    assert SLOGAN not in stored[-1]["text"]


def test_records_built_elsewhere_are_cleaned_when_committed(tmp_path: Path) -> None:
    pages = [text_page(n, templated(a)) for n, a in enumerate(ARTICLES, start=1)]
    built = [replace(page, outcome=text_build(page, SiteRules(site="qc"))) for page in pages]
    with Processor(tmp_path, {}, counters=Counters(), build=text_build) as processor:
        committed = [page.outcome for page in processor.commit(built)]
    assert texts(committed) == texts(processed(tmp_path / "local", [pages]))


def test_a_page_of_template_lines_alone_is_dropped(tmp_path: Path) -> None:
    pages = [text_page(n, templated(a)) for n, a in enumerate(ARTICLES, start=1)]
    *_, empty = processed(tmp_path, [pages, [text_page(99, f"{SLOGAN}\n{HOTLINE}")]])
    assert isinstance(empty, Dropped)
    assert (empty.stage, empty.reason) == ("clean", "template_only")
    rejects = (tmp_path / "rejects").rglob("*.jsonl")
    assert any("template_only" in p.read_text(encoding="utf-8") for p in rejects)


def test_learned_lines_reach_the_cleaners_with_the_next_batch(tmp_path: Path) -> None:
    seen: list[frozenset[str]] = []

    def spy(page: Page, rules: SiteRules) -> Record | Dropped:
        seen.append(rules.template_lines)
        return text_build(page, rules)

    pages = [text_page(n, templated(a)) for n, a in enumerate(ARTICLES, start=1)]
    with Processor(tmp_path, {}, counters=Counters(), build=spy) as processor:
        processor.process(pages[:MIN_PAGES])
        processor.process(pages[MIN_PAGES:])
    assert seen[:MIN_PAGES] == [frozenset()] * MIN_PAGES
    assert all(matching_key(SLOGAN) in keys for keys in seen[MIN_PAGES:])


def test_a_page_processed_again_is_not_counted_again(tmp_path: Path) -> None:
    pages = [text_page(n, templated(a)) for n, a in enumerate(ARTICLES[:3], start=1)]
    processed(tmp_path, [pages, pages])
    conn = open_state(tmp_path)
    assert SiteTemplates(conn).pages("qc") == 3
    conn.close()


def test_the_table_keeps_short_lines_and_forgets_rare_ones(tmp_path: Path) -> None:
    conn = open_state(tmp_path)
    store = SiteTemplates(conn)
    grown = 2 * PRUNE_AGE_PAGES
    for n in range(grown):
        store.observe("qc", [SLOGAN, f"第{n}期简讯", "长" * (MAX_KEY_CHARS + 1)])
    rows = {key for (key,) in conn.execute("SELECT key FROM templates_lines")}
    assert len(rows) <= PRUNE_AGE_PAGES + 1 and matching_key(f"第{0}期简讯") not in rows
    assert store.keys("qc") == {matching_key(SLOGAN)} and "长" * (MAX_KEY_CHARS + 1) not in rows
    for n in range(PRUNE_EVERY_PAGES):  # a new column blurb on a grown site: not rare, kept
        store.observe("qc", ["本栏目由青川融媒体中心供稿", f"新{n}期简讯"])
    blurb = conn.execute("SELECT pages FROM templates_lines WHERE key = ?",
                         (matching_key("本栏目由青川融媒体中心供稿"),)).fetchone()  # fmt: skip
    assert blurb == (PRUNE_EVERY_PAGES,)
    conn.close()


def html_exchange(n: int, article: str) -> Exchange:
    """Return the response of article page n of a made-up portal that prints its slogan."""
    title, *_ = article.split("，")
    paragraphs = "".join(f"<p>{line}</p>" for line in article.splitlines())
    body = HTML_PAGE.format(title=title[:20], day=n, slogan=SLOGAN, paragraphs=paragraphs)
    data = body.encode("utf-8")
    return Exchange(
        url=f"https://news.qc.example.cn/yw/202106/t{n}.html", site="qc", method="GET",
        request_headers=(("User-Agent", "portal-corpus"),), http_version="HTTP/1.1",
        status=200, reason="OK",
        response_headers=(("Content-Type", "text/html; charset=utf-8"),
                          ("Content-Length", str(len(data)))),
        body=data, fetched_at="2026-11-20T08:00:00Z",
    )  # fmt: skip


def snapshot(data_dir: Path) -> dict[str, bytes]:
    clean = data_dir / "clean"
    files = sorted(p for p in clean.rglob("*") if p.is_file())
    return {p.relative_to(clean).as_posix(): p.read_bytes() for p in files}


def test_reclean_relearns_templates_in_crawl_order_and_repeats_itself(tmp_path: Path) -> None:
    pages = []
    with WarcWriter(tmp_path, run_id="20261120T080000Z-aaaaaa") as warc:
        for n, article in enumerate(ARTICLES, start=1):
            ex = html_exchange(n, article)
            pages.append(Page(ex.url, ex.site, 200, ex.response_headers, ex.body,
                                     ex.fetched_at, warc.write(ex)))  # fmt: skip
    with Processor(tmp_path, {}, counters=Counters()) as processor:
        for start in range(0, len(pages), 3):  # crawl batches unlike reclean's
            processor.process(pages[start : start + 3])
    crawled = snapshot(tmp_path)
    stored = [json.loads(line) for line in crawled["qc/2021-06.jsonl"].decode().splitlines()]
    assert [SLOGAN in r["text"] for r in stored] == [n < MIN_PAGES for n in range(1, 9)]
    reclean(tmp_path)
    assert snapshot(tmp_path) == crawled
    reclean(tmp_path)
    assert snapshot(tmp_path) == crawled
    conn = open_state(tmp_path)
    assert SiteTemplates(conn).pages("qc") == len(ARTICLES)  # the crawl's table, untouched
    conn.close()
