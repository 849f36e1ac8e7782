"""Exact and near-duplicate keys: republications match, distinct texts and notices do not."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from cleaners.corpus.fingerprint import (
    NUM_PERM,
    SCHEME,
    SEED,
    THRESHOLD,
    fingerprint,
    is_near_duplicate,
    shingles,
    signature,
    similarity,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "dedup"
ARTICLES = ("patrol", "roads", "drill")
CHROME_HEAD = "本网讯　"
CHROME_TAIL = (
    "（来源：青川日报　记者　张明）\n责任编辑：李华\n"
    "本站提供专业装备采购服务，欢迎来电咨询，联系电话：010-12345678。"
)


def article(name: str) -> str:
    """Return one fixture article."""
    return (DATA / f"{name}.txt").read_text(encoding="utf-8").strip()


def rewritten_lead(name: str) -> str:
    """Return the article with its first paragraph written anew."""
    lead = (DATA / "leads.txt").read_text(encoding="utf-8").splitlines()[ARTICLES.index(name)]
    return "\n".join([lead, *article(name).splitlines()[1:]])


def with_chrome(name: str) -> str:
    """Return the article with a portal's lead-in, credits and an advert around it."""
    return CHROME_HEAD + article(name) + "\n" + CHROME_TAIL


def without_last_paragraph(name: str) -> str:
    """Return the article cut short by a paragraph."""
    return "\n".join(article(name).splitlines()[:-1])


def reformatted(name: str) -> str:
    """Return the article with ASCII punctuation, full-width digits and broken lines."""
    text = article(name).replace("，", ", ").replace("。", ".\n").replace("119", "１１９")
    return text.replace("\n", "\n\u3000\u3000")


def notices() -> list[str]:
    """Return the short notices: pairs share a template but are different notices."""
    return (DATA / "notices.txt").read_text(encoding="utf-8").splitlines()


def near(a: str, b: str) -> bool:
    """Tell whether two texts are near-duplicates by their fingerprints."""
    return is_near_duplicate(fingerprint(a), fingerprint(b))


@pytest.mark.parametrize("name", ARTICLES)
@pytest.mark.parametrize(
    "variant",
    [rewritten_lead, with_chrome, without_last_paragraph, reformatted],
    ids=["rewritten-lead", "chrome", "dropped-paragraph", "reformatted"],
)
def test_republications_are_near_duplicates(name: str, variant: Callable[[str], str]) -> None:
    assert near(article(name), variant(name))


@pytest.mark.parametrize(
    ("left", "right"),
    [("patrol", "roads"), ("patrol", "drill"), ("roads", "drill"), ("patrol", "followup")],
)
def test_distinct_articles_are_not_duplicates(left: str, right: str) -> None:
    assert not near(article(left), article(right))


@pytest.mark.parametrize(
    ("i", "j"),
    [(0, 1), (0, 2), (1, 2), (3, 4), (0, 3)],
    ids=["other-day", "other-streets", "other-day-and-streets", "outage-other-day", "other-kind"],
)
def test_rewritten_short_notices_are_not_duplicates(i: int, j: int) -> None:
    texts = notices()
    assert not near(texts[i], texts[j])


@pytest.mark.parametrize(
    "change",
    [("和平路", "东风路"), ("暂停供水", "暂停供气"), ("自来水公司", "水务集团")],
    ids=["one-street", "one-word", "other-sender"],
)
def test_a_notice_changed_in_one_place_is_another_notice(change: tuple[str, str]) -> None:
    notice = notices()[0]
    assert not near(notice, notice.replace(*change))


@pytest.mark.parametrize(
    "copy",
    [
        lambda n: "本网讯　" + n,
        lambda n: n + "\n来源：清源市政府网",
        lambda n: n.replace("，", ", ").replace("。", ". "),
    ],
    ids=["lead-in", "credit", "punctuation"],
)
def test_a_notice_republished_whole_is_a_duplicate(copy: Callable[[str], str]) -> None:
    notice = notices()[3]
    assert near(notice, copy(notice))


def test_an_article_quoting_a_notice_is_not_its_duplicate() -> None:
    notice = notices()[3]
    article_about_it = article("drill").splitlines()[0] + "\n" + notice
    assert not near(notice, article_about_it)


def test_short_notice_republished_with_credit_is_a_duplicate() -> None:
    notice = notices()[0]
    assert near(notice, notice.replace("。特此通知", "。\n特此通知") + "\n来源：清源市政府网")


MONTHLY = (
    "本月全市公安机关共接报警情{}起，同比下降{}%，破获刑事案件{}起，抓获犯罪嫌疑人{}名，"
    "查处治安案件{}起，调解矛盾纠纷{}起。"
)


def test_monthly_reports_from_one_template_are_not_duplicates() -> None:
    body = article("patrol")
    may = body + "\n" + MONTHLY.format(3120, 12, 215, 180, 460, 1320)
    june = body + "\n" + MONTHLY.format(2984, 9, 233, 176, 512, 1275)
    assert similarity(fingerprint(may).signature, fingerprint(june).signature) >= THRESHOLD
    assert not near(may, june)
    assert near(may, CHROME_HEAD + may + "\n编辑：李华")


def exact(text: str) -> str:
    return fingerprint(text).exact


def test_exact_key_ignores_punctuation_width_and_spacing() -> None:
    assert exact("今天，全市　开展演练。") == exact("今天, 全市开展演练.")
    assert exact("ＡＢＣ１２３") == exact("abc123")
    assert exact("今天全市开展演练") != exact("昨天全市开展演练")


def test_exact_key_of_nothing_is_empty() -> None:
    assert exact("，。 \n") == ""


def test_shingles_are_five_characters_of_the_matching_key() -> None:
    assert shingles("青川市，公安局") == {"青川市公安", "川市公安局"}
    assert shingles("短文") == set()


def test_fingerprint_of_a_tiny_text_has_no_signature() -> None:
    fp = fingerprint("通知")
    assert fp.signature == b""
    assert fp.exact != ""  # too short to sign, still keyed for exact copies
    assert not is_near_duplicate(fp, fingerprint("通告"))


def test_fingerprint_collects_numbers_in_order() -> None:
    assert fingerprint("2021年3月16日，16时，第３次").numbers == "2021 3 16 16 3"


def test_short_notices_with_swapped_numbers_are_not_duplicates() -> None:
    notice = notices()[0]
    swapped = notice.replace("3月16日8时", "8月16日3时")  # same numbers, other day and hour
    assert fingerprint(notice).numbers != fingerprint(swapped).numbers
    assert not near(notice, swapped)


def test_signature_is_stable_and_matches_datasketch() -> None:
    from datasketch import MinHash  # the reference: signatures stored by either compare

    text = article("patrol")
    fp = fingerprint(text)
    assert len(fp.signature) == NUM_PERM * 4
    assert fp.signature == fingerprint(text).signature
    for grams in (shingles(text), shingles(article("roads")), {"青川市公安"}):
        reference = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32, scheme=SCHEME)
        reference.update_batch([g.encode("utf-8") for g in grams])
        assert reference.hashvalues.tolist() == signature(grams).tolist()
    assert similarity(fp.signature, fingerprint(article("roads")).signature) < THRESHOLD


def test_similarity_of_mismatched_signatures_is_zero() -> None:
    assert similarity(b"", b"") == 0.0
    assert similarity(fingerprint(article("roads")).signature, b"\0" * 8) == 0.0
