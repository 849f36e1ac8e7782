"""How fast is the near-duplicate index, how much memory does it hold, and how often is it wrong?

Throughput and memory: synthetic Chinese documents (random sentences over a fixed vocabulary,
~800 characters) are fingerprinted, then checked and added to a DedupIndex in a fresh state DB,
at 10k and 100k documents. Each size runs in its own process; memory is the resident-set growth
of reopening the index from the DB (the in-memory LSH bands), and its slope between the two
sizes projects the cost per million documents.

Errors: near-duplicate pairs (rewritten lead, portal chrome, dropped paragraph, scattered typos)
must be found; distinct pairs (short notices from one template, number-filled reports from one
template, articles on one topic sharing a paragraph, unrelated texts) must not. Measured pair
by pair across thresholds, then through the whole index at the configured threshold. The
devset's hand-cleaned texts (../shared/devset/cwced/cleaned) are 35 distinct pages: any match
among them is a false positive; each must also find its own republished variant.

    python bench/dedup.py [--sizes 10000 100000] [--real 10000] [--pairs 300] [--workers 2]
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import pickle
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from queue import Empty
from typing import Any

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from cleaners.corpus.fingerprint import (
    NUM_PERM,
    SCHEME,
    THRESHOLD,
    fingerprint,
    is_near_duplicate,
)
from cleaners.records import Fingerprint
from flows.store.dedupindex import LSH_ROWS, DedupIndex
from flows.store.state import open_state

DEVSET = Path(__file__).resolve().parents[2] / "shared" / "devset" / "cwced" / "cleaned"
SEED = 20261123
SWEEP = (0.5, 0.6, 0.7, 0.8, 0.9)
QUERIES = 2000  # band lookups timed per index
VOCABULARY = (  # a news register, space-separated
    "今年 以来 全市 全县 各级 部门 坚持 推进 开展 加强 落实 工作 建设 发展 改革 创新 服务 群众 "
    "企业 项目 资金 政策 措施 机制 体系 能力 水平 质量 安全 环境 经济 社会 文化 教育 卫生 医疗 "
    "交通 道路 公路 铁路 农村 城市 社区 街道 乡镇 村民 居民 干部 党员 志愿者 专家 学生 老人 "
    "儿童 记者 获悉 介绍 表示 强调 指出 要求 提出 召开 会议 座谈会 现场 活动 培训 宣传 检查 "
    "督导 调研 考察 整治 治理 排查 隐患 风险 防控 应急 演练 救援 消防 公安 民警 交警 法院 "
    "检察院 司法 法律 法规 标准 规划 方案 计划 目标 任务 责任 考核 成效 成果 经验 问题 困难 "
    "短板 重点 难点 关键 环节 领域 行业 产业 农业 工业 制造业 旅游 商贸 物流 金融 科技 数字 "
    "网络 平台 数据 信息 智能 绿色 生态 低碳 节能 环保 水利 电力 供水 供电 燃气 住房 保障 "
    "就业 收入 增长 下降 提高 降低 完成 实现 达到 超过 累计 同比 环比 万元 亿元 公里 亩 人次 "
    "进一步 切实 有效 全面 深入 持续 扎实 稳步 积极 主动 及时 有序 统筹 协调 联动 配合 支持 "
    "保障 确保 推动 促进 提升 优化 完善 健全 强化 深化 拓展 打造 构建 形成 营造 助力 服务于 "
    "春季 夏季 秋季 冬季 上午 下午 近日 日前 昨天 今天 明年 下一步 今后 目前 同时 此外 其中 "
    "河道 水库 山林 田间 校园 医院 车站 商圈 市场 工地 厂区 园区 景区 广场 公园 楼道 小区"
)
WORDS = VOCABULARY.split()
PUNCT = ("，", "，", "，", "、")
LEADS = ("本网讯　", "记者从有关部门获悉，", "据当地媒体报道，", "【要闻】")
CHROME_TAIL = ("责任编辑：李华", "（来源：本地日报）", "本站提供专业设备采购服务，欢迎来电咨询。",
               "分享到：微信 微博 QQ空间", "上一篇：无 下一篇：无")  # fmt: skip
NOTICE = (
    "因{what}，定于{y}年{m}月{d}日{h}时至{h2}时对{street}一带暂停{thing}，请相关用户提前做好准备，"
    "由此带来的不便敬请谅解。特此通知。{org}"
)
STREETS = ("和平路", "建设街", "解放路", "光明巷", "人民大道", "新华街", "东风路", "南湖路")
REPORT_LINE = "全市{k}月份{item}累计完成{a}万元，同比增长{b}%，完成年度目标的{c}%。"
ITEMS = ("固定资产投资", "社会消费品零售总额", "工业增加值", "一般公共预算收入", "外贸进出口")


def sentence(rng: random.Random) -> str:
    """Return one random sentence of 8–20 words."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    for i in range(3, len(words) - 2, rng.randint(4, 7)):
        words[i] += rng.choice(PUNCT)
    return "".join(words) + "。"


def document(rng: random.Random, sentences: int | None = None) -> str:
    """Return a synthetic article: paragraphs of random sentences (~800 characters)."""
    count = sentences or rng.randint(10, 22)
    lines = [sentence(rng) for _ in range(count)]
    paragraphs = [lines[i : i + 3] for i in range(0, len(lines), 3)]
    return "\n".join("".join(p) for p in paragraphs)


def rewritten_lead(rng: random.Random, text: str) -> str:
    """Replace the first sentence with a new one."""
    return sentence(rng) + text.split("。", 1)[1]


def rewritten_first_paragraph(rng: random.Random, text: str) -> str:
    """Replace the whole first paragraph (three sentences) with two new ones."""
    paragraphs = text.split("\n")
    return "\n".join([sentence(rng) + sentence(rng), *paragraphs[1:]])


def with_chrome(rng: random.Random, text: str) -> str:
    """Add a portal's lead-in and two lines of credits or adverts."""
    return rng.choice(LEADS) + text + "\n" + "\n".join(rng.sample(CHROME_TAIL, 2))


def dropped_paragraph(rng: random.Random, text: str) -> str:
    """Remove one paragraph that is not the first."""
    paragraphs = text.split("\n")
    if len(paragraphs) > 3:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    return "\n".join(paragraphs)


def typos(rng: random.Random, text: str) -> str:
    """Change one character in a hundred."""
    chars = list(text)
    for i in rng.sample(range(len(chars)), max(1, len(chars) // 100)):
        chars[i] = rng.choice(WORDS)[0]
    return "".join(chars)


VARIANTS = {"rewritten lead": rewritten_lead, "chrome": with_chrome,
            "dropped paragraph": dropped_paragraph, "typos 1%": typos,
            "rewritten first paragraph": rewritten_first_paragraph}  # fmt: skip


def notice_pair(rng: random.Random) -> tuple[str, str]:
    """Return two notices from one template that differ in day, hours or street."""
    day = rng.randint(1, 27)
    slots: dict[str, object] = {
        "what": rng.choice(("管网改造施工", "线路检修", "设备维护")), "y": 2021,
        "m": rng.randint(1, 12), "d": day, "h": 8, "h2": 18,
        "street": "、".join(rng.sample(STREETS, 2)), "thing": rng.choice(("供水", "供电")),
        "org": rng.choice(("市自来水公司", "市供电公司")),
    }  # fmt: skip
    other = dict(slots)
    while other == slots:
        change = rng.choice(("d", "h", "street"))
        other[change] = {"d": day + 1, "h": 9,
                         "street": "、".join(rng.sample(STREETS, 2))}[change]  # fmt: skip
    return NOTICE.format(**slots), NOTICE.format(**other)


def notice_copy(rng: random.Random) -> tuple[str, str]:
    """Return a notice and its republication with a portal's lead-in and credits."""
    notice = notice_pair(rng)[0]
    return notice, with_chrome(rng, notice)


def report_pair(rng: random.Random) -> tuple[str, str]:
    """Return two monthly reports from one template: same prose, other figures."""
    body = document(rng, 12)

    def figures(month: int) -> str:
        return "\n".join(
            REPORT_LINE.format(
                k=month,
                item=item,
                a=rng.randint(1000, 99999),
                b=rng.randint(1, 30),
                c=rng.randint(10, 99),
            )
            for item in ITEMS
        )

    return body + "\n" + figures(5), body + "\n" + figures(6)


def topic_pair(rng: random.Random) -> tuple[str, str]:
    """Return two articles on one topic that share one paragraph."""
    shared = sentence(rng) + sentence(rng) + sentence(rng)
    return document(rng) + "\n" + shared, document(rng) + "\n" + shared


def unrelated_pair(rng: random.Random) -> tuple[str, str]:
    return document(rng), document(rng)


NEGATIVES = {"template notices": notice_pair, "template reports": report_pair,
             "shared paragraph": topic_pair, "unrelated": unrelated_pair}  # fmt: skip


def rss_bytes() -> int:
    """Return this process's resident set size."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _fingerprint_chunk(args: tuple[int, int]) -> list[Fingerprint]:
    start, count = args
    return [fingerprint(document(random.Random(SEED + i))) for i in range(start, start + count)]


def _random_fingerprints(start: int, count: int) -> list[Fingerprint]:
    """Return fingerprints of unrelated texts, drawn directly (no text behind them)."""
    rng = np.random.default_rng(SEED + start)
    values = rng.integers(0, 2**32, size=(count, NUM_PERM), dtype=np.uint64).astype("<u4")
    keys = rng.integers(0, 2**63, size=count, dtype=np.int64)
    return [Fingerprint(exact=f"{int(k):016x}", signature=v.tobytes(), shingles=700, numbers="")
            for k, v in zip(keys, values, strict=True)]  # fmt: skip


def _real_fingerprints(count: int, workers: int, cache: str) -> list[Fingerprint]:
    """Fingerprint the first `count` synthetic texts (kept in `cache` for the next size)."""
    path = Path(cache) / f"fingerprints-{count}.pickle"
    if path.exists():
        loaded: list[Fingerprint] = pickle.loads(path.read_bytes())
        return loaded
    step = 2000
    chunks = [(s, min(step, count - s)) for s in range(0, count, step)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        made = [fp for part in pool.map(_fingerprint_chunk, chunks) for fp in part]
    path.write_bytes(pickle.dumps(made))
    return made


def build(n: int, workers: int, folder: str, real: int, cache: str) -> dict[str, float]:
    """Fingerprint documents and check+add n of them into a new index in `folder`.

    The first `real` are synthetic texts fingerprinted for real; the rest are fingerprints of
    unrelated texts drawn at random, which is what most of a corpus is to its index, and which
    spares the setup hours of fingerprinting on a small machine.
    """
    sample = [document(random.Random(SEED + i)) for i in range(min(n, 2000))]
    started = time.perf_counter()
    for text in sample:
        fingerprint(text)
    fp_rate = len(sample) / (time.perf_counter() - started)
    made = min(n, real)
    parts = [_real_fingerprints(made, workers, cache), _random_fingerprints(made, n - made)]
    conn = open_state(Path(folder))
    index = DedupIndex(conn)
    started = time.perf_counter()
    conn.execute("BEGIN")
    matches = 0
    for i, fp in enumerate(fp for part in parts for fp in part):
        found = index.check(str(i), fp)
        index.add(str(i), fp, found)
        matches += found is not None
    conn.execute("COMMIT")
    index_rate = n / (time.perf_counter() - started)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    db = sum(p.stat().st_size for p in Path(folder).iterdir())
    return {"fp_rate": fp_rate, "index_rate": index_rate, "db": db, "matches": matches}


def _signatures(folder: str) -> np.ndarray:
    conn = open_state(Path(folder))
    rows = conn.execute("SELECT signature FROM dedup_docs ORDER BY seq").fetchall()
    conn.close()
    return np.frombuffer(b"".join(r[0] for r in rows), dtype="<u4").reshape(len(rows), -1)


def open_ours(folder: str) -> dict[str, float]:
    """Reopen the index from the DB in this fresh process: time, memory, query rate."""
    queries = _signatures(folder)[:QUERIES].astype(np.uint32)
    conn = open_state(Path(folder))
    gc.collect()
    before = rss_bytes()
    started = time.perf_counter()
    index = DedupIndex(conn)
    seconds = time.perf_counter() - started
    gc.collect()
    grown = rss_bytes() - before
    bands = index._bands  # the in-memory part under measurement
    started = time.perf_counter()
    for values in queries:
        bands.query(values)
    query_rate = len(queries) / (time.perf_counter() - started)
    n = len(index)
    conn.close()
    return {"load_rate": n / seconds, "rss": grown, "query_rate": query_rate,
            "arrays": bands.nbytes()}  # fmt: skip


def open_datasketch(folder: str) -> dict[str, float]:
    """Put the same signatures into datasketch's MinHashLSH (same bands): memory, rates."""
    signatures = _signatures(folder).astype(np.uint32)
    sketches = [LeanMinHash(seed=1, hashvalues=v, scheme=SCHEME) for v in signatures]
    gc.collect()
    before = rss_bytes()
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(NUM_PERM // LSH_ROWS, LSH_ROWS))
    started = time.perf_counter()
    with lsh.insertion_session() as session:
        for i, sketch in enumerate(sketches):
            session.insert(i, sketch, check_duplication=False)
    load_rate = len(sketches) / (time.perf_counter() - started)
    gc.collect()
    grown = rss_bytes() - before
    started = time.perf_counter()
    for sketch in sketches[:QUERIES]:
        lsh.query(sketch)
    query_rate = min(QUERIES, len(sketches)) / (time.perf_counter() - started)
    return {"load_rate": load_rate, "rss": grown, "query_rate": query_rate}


def _child(job: str, args: tuple[Any, ...], out: Any) -> None:
    jobs: dict[str, Callable[..., dict[str, float]]] = {
        "build": build, "ours": open_ours, "datasketch": open_datasketch,
    }  # fmt: skip
    out.put(jobs[job](*args))


def in_child(job: str, *args: object) -> dict[str, float]:
    """Run one measurement in a fresh process, so memory readings do not mix."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child, args=(job, args, queue))
    child.start()
    while True:
        try:
            result: dict[str, float] = queue.get(timeout=1.0)
        except Empty:
            if not child.is_alive():
                raise RuntimeError(f"the {job} measurement died (exit {child.exitcode})") from None
            continue
        child.join()
        return result


def run_size(n: int, workers: int, real: int, cache: str) -> dict[str, float]:
    """Build an index of n documents, then reopen it with ours and with datasketch's LSH."""
    with tempfile.TemporaryDirectory() as folder:
        built = in_child("build", n, workers, folder, real, cache)
        ours = in_child("ours", folder)
        theirs = in_child("datasketch", folder)
    return {"n": n, **built, **ours, **{f"ds_{k}": v for k, v in theirs.items()}}


def pair_rates(pairs: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Return, per kind of pair, the share judged near-duplicate at each SWEEP threshold."""
    rng = random.Random(SEED)
    found: dict[str, list[float]] = {}
    for name, variant in VARIANTS.items():
        fps = []
        for _ in range(pairs):
            text = document(rng)
            fps.append((fingerprint(text), fingerprint(variant(rng, text))))
        found[name] = [sum(is_near_duplicate(a, b, threshold=t) for a, b in fps) / pairs
                       for t in SWEEP]  # fmt: skip
    copies = [notice_copy(rng) for _ in range(pairs)]
    fps = [(fingerprint(a), fingerprint(b)) for a, b in copies]
    found["notice with chrome"] = [
        sum(is_near_duplicate(a, b, threshold=t) for a, b in fps) / pairs for t in SWEEP
    ]
    wrong: dict[str, list[float]] = {}
    for name, make in NEGATIVES.items():
        fps = []
        for _ in range(pairs):
            first, second = make(rng)
            fps.append((fingerprint(first), fingerprint(second)))
        wrong[name] = [sum(is_near_duplicate(a, b, threshold=t) for a, b in fps) / pairs
                       for t in SWEEP]  # fmt: skip
    return found, wrong


def index_rates(pairs: int) -> tuple[float, float]:
    """Run originals, copies and distinct pairs through one index; return recall and FP rate."""
    rng = random.Random(SEED + 1)
    with tempfile.TemporaryDirectory() as tmp:
        conn = open_state(Path(tmp))
        index = DedupIndex(conn)
        hits = total = false = negatives = 0
        for n in range(pairs):
            for name, variant in VARIANTS.items():
                text = document(rng)
                index.mark(f"o{n}{name}", text)
                hits += index.mark(f"c{n}{name}", variant(rng, text)) == f"o{n}{name}"
                total += 1
            for name, make in NEGATIVES.items():
                first, second = make(rng)
                index.mark(f"a{n}{name}", first)
                false += index.mark(f"b{n}{name}", second) is not None
                negatives += 1
        conn.close()
    return hits / total, false / negatives


def devset_rates() -> tuple[int, int, int, int] | None:
    """Return (false pairs, texts, variants found, variants) on the devset gold, if present."""
    if not DEVSET.is_dir():
        return None
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(DEVSET.glob("*.txt"))]
    rng = random.Random(SEED + 2)
    with tempfile.TemporaryDirectory() as tmp:
        conn = open_state(Path(tmp))
        index = DedupIndex(conn)
        false = sum(index.mark(f"d{i}", text) is not None for i, text in enumerate(texts))
        found = 0
        for i, text in enumerate(texts):
            lines = [line for line in text.splitlines() if line.strip()]
            copy = with_chrome(rng, "\n".join(lines[1:] if len(lines) > 4 else lines))
            found += index.mark(f"v{i}", copy) == f"d{i}"
        conn.close()
    return false, len(texts), found, len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--real", type=int, default=10_000,
        help="documents fingerprinted from text; the rest get random signatures",
    )  # fmt: skip
    args = parser.parse_args()

    print(f"threshold {THRESHOLD}; documents ~800 characters, the first {args.real:,} "
          f"fingerprinted from text, the rest random signatures; "
          f"python {sys.version.split()[0]}\n")  # fmt: skip
    with tempfile.TemporaryDirectory() as cache:
        results = [run_size(n, args.workers, args.real, cache) for n in args.sizes]
    print("| documents | fingerprint docs/s/core | check+add docs/s | reopen docs/s | "
          "RSS growth on reopen | band arrays | DB bytes/doc | matches |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['n']:,.0f} | {r['fp_rate']:,.0f} | {r['index_rate']:,.0f} | "
              f"{r['load_rate']:,.0f} | {r['rss'] / 1e6:,.1f} MB ({r['rss'] / r['n']:,.0f} B/doc) "
              f"| {r['arrays'] / 1e6:,.1f} MB | {r['db'] / r['n']:,.0f} | "
              f"{r['matches']:.0f} |")  # fmt: skip
    print("\nSame signatures, same bands (25 x 5), in datasketch's MinHashLSH beside ours\n")
    print("| documents | memory: datasketch / ours | insert docs/s: datasketch / ours | "
          "query/s: datasketch / ours |")  # fmt: skip
    print("|---|---|---|---|")
    for r in results:
        print(f"| {r['n']:,.0f} | {r['ds_rss'] / 1e6:,.0f} MB / {r['rss'] / 1e6:,.1f} MB "
              f"({r['ds_rss'] / max(r['rss'], 1):.0f}x) | {r['ds_load_rate']:,.0f} / "
              f"{r['load_rate']:,.0f} | {r['ds_query_rate']:,.0f} / "
              f"{r['query_rate']:,.0f} |")  # fmt: skip
    if len(results) >= 2:
        small, large = results[0], results[-1]
        slope = (large["rss"] - small["rss"]) / (large["n"] - small["n"])
        ds_slope = (large["ds_rss"] - small["ds_rss"]) / (large["n"] - small["n"])
        db_slope = (large["db"] - small["db"]) / (large["n"] - small["n"])
        span = f"{small['n']:,.0f} -> {large['n']:,.0f}"
        print(f"\nprojected per million documents (slope {span}): bands in memory "
              f"{slope * 1e6 / 1e9:.2f} GB (datasketch's {ds_slope * 1e6 / 1e9:.1f} GB), "
              f"state DB {db_slope * 1e6 / 1e9:.2f} GB; check+add at {large['n']:,.0f} runs "
              f"at {large['index_rate'] / small['index_rate']:.2f}x "
              f"its rate at {small['n']:,.0f}")  # fmt: skip

    found, wrong = pair_rates(args.pairs)
    print(f"\nPairs judged near-duplicate, {args.pairs} pairs per row (estimated Jaccard ≥ t)\n")
    print("| pair | " + " | ".join(f"t={t}" for t in SWEEP) + " |")
    print("|---|" + "---|" * len(SWEEP))
    for name, shares in found.items():
        print(f"| copy: {name} | " + " | ".join(f"{s:.1%}" for s in shares) + " |")
    for name, shares in wrong.items():
        print(f"| distinct: {name} | " + " | ".join(f"{s:.1%}" for s in shares) + " |")

    recall, false_rate = index_rates(max(args.pairs // 3, 20))
    print(f"\nThrough the index at t={THRESHOLD}: copies found {recall:.1%}, "
          f"distinct pairs matched {false_rate:.1%}")  # fmt: skip
    dev = devset_rates()
    if dev is None:
        print(f"\ndevset: skipped, {DEVSET} is absent")
    else:
        false, texts, hits, variants = dev
        print(f"devset gold ({texts} distinct pages): {false} matched another page; "
              f"{hits}/{variants} republished variants found "
              "(chrome added, first line dropped)")  # fmt: skip


if __name__ == "__main__":
    main()
