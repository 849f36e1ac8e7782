"""Duplicate keys of a text: an exact key, and a MinHash of character shingles for near-duplicates.

Both are computed on the matching key (NFKC, casefolded, punctuation and spaces removed), so a
republication that differs only in punctuation, width or spacing is an exact duplicate, and one
with a reworded lead or a leftover line of chrome is a near-duplicate.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import lru_cache

import numpy as np

from cleaners.records import Fingerprint
from cleaners.text.repair import matching_key

SHINGLE_CHARS = 5  # Chinese words are 1–4 characters: a 5-gram spans a word boundary or two
NUM_PERM = 128  # signature length: standard error of a Jaccard estimate ≈ 0.035 at 0.8
SEED = 1  # fixed: signatures are stored and compared across runs
# datasketch's MinHash scheme, computed here with numpy: importing datasketch loads scipy and
# redis (0.34 s in every worker), and tests/cleaners/corpus/test_fingerprint.py checks that the
# signatures equal datasketch's, so signatures stored by either stay comparable
SCHEME = "affine32"
HASH_BITS = 32
FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)  # MurmurHash3's 32-bit finalizer (shift, multiply)
# Estimated Jaccard of shingle sets at or above which texts are near-duplicates. On the fixtures
# republications (rewritten lead, leftover chrome, a dropped paragraph) measure 0.70–0.88 and
# distinct articles on one topic at most 0.13, so the line sits at the low end of the copies.
THRESHOLD = 0.7
# Short texts (notices, briefs) come from templates: a changed date, street or name makes another
# notice, however similar. Below this many shingles a copy must hold the other text whole (its
# matching key inside the other's: only chrome added before or after), or be the same text.
SHORT_SHINGLES = 200
SHORT_MIN_RATIO = 0.5  # ... and chrome may at most double it: a notice quoted in an article is not
KEY_SHINGLES = int(SHORT_SHINGLES / SHORT_MIN_RATIO)  # texts that may pair with a short one
# Longer texts full of numbers (statistics, results) may share a template too: when both carry
# at least this many distinct numbers, a copy keeps at least this share of them.
NUMBERS_MIN_COUNT = 5
NUMBERS_MIN_JACCARD = 0.5
NUMBER_RE = re.compile(r"\d+")  # runs of digits in the matching key: dates, amounts, counts


def shingles(text: str, size: int = SHINGLE_CHARS) -> set[str]:
    """Return the distinct character n-grams of the text's matching key."""
    key = matching_key(text)
    return {key[i : i + size] for i in range(len(key) - size + 1)}


def _shingle_hash(shingle: bytes) -> int:
    """Hash one shingle to 32 bits, stable across processes and runs."""
    return zlib.crc32(shingle)  # fast C call; mixed (fmix32) before permuting


@lru_cache(maxsize=4)
def permutations(num_perm: int, seed: int) -> np.ndarray:
    """Return the affine permutations (a odd, b) of (num_perm, seed), drawn as datasketch does."""
    draw = np.random.RandomState(seed)
    odd = draw.randint(0, 1 << (HASH_BITS - 1), num_perm, dtype=np.uint32)
    a = odd * np.uint32(2) + np.uint32(1)  # odd: a * h + b is a bijection modulo 2**32
    b = draw.randint(0, 1 << HASH_BITS, num_perm, dtype=np.uint32)
    return np.array([a, b])


def _fmix32(values: np.ndarray) -> np.ndarray:
    """Mix 32-bit hashes with MurmurHash3's finalizer (a bijection), as datasketch does."""
    s1, m1, s2, m2, s3 = FMIX32
    values = values ^ (values >> np.uint32(s1))
    values = values * np.uint32(m1)
    values = values ^ (values >> np.uint32(s2))
    values = values * np.uint32(m2)
    return values ^ (values >> np.uint32(s3))  # type: ignore[no-any-return]


def signature(grams: set[str], *, num_perm: int = NUM_PERM, seed: int = SEED) -> np.ndarray:
    """Return the MinHash signature (num_perm uint32 minima) of a non-empty set of shingles."""
    hashes = np.fromiter(
        (_shingle_hash(g.encode("utf-8")) for g in grams), dtype=np.uint32, count=len(grams)
    )
    a, b = permutations(num_perm, seed)
    permuted = _fmix32(hashes).reshape(-1, 1) * a + b  # uint32 arithmetic wraps: modulo 2**32
    return permuted.min(axis=0)  # type: ignore[no-any-return]


def fingerprint(text: str, *, num_perm: int = NUM_PERM, seed: int = SEED) -> Fingerprint:
    """Return the exact key, MinHash signature, shingle count and numbers of a text."""
    key = matching_key(text)
    grams = {key[i : i + SHINGLE_CHARS] for i in range(len(key) - SHINGLE_CHARS + 1)}
    signed = b""
    if grams:
        signed = signature(grams, num_perm=num_perm, seed=seed).astype("<u4").tobytes()
    return Fingerprint(
        exact=hashlib.sha256(key.encode("utf-8")).hexdigest() if key else "",
        signature=signed,
        shingles=len(grams),
        numbers=" ".join(NUMBER_RE.findall(key)),
        key=key if len(grams) < KEY_SHINGLES else "",
    )


def similarity(a: bytes, b: bytes) -> float:
    """Return the Jaccard estimate of two stored signatures of equal length."""
    left = np.frombuffer(a, dtype="<u4")
    right = np.frombuffer(b, dtype="<u4")
    if len(left) != len(right) or not len(left):
        return 0.0
    return float(np.count_nonzero(left == right)) / len(left)


def is_near_duplicate(a: Fingerprint, b: Fingerprint, *, threshold: float = THRESHOLD) -> bool:
    """Tell whether two fingerprints are of the same text, allowing small rewrites."""
    if a.exact and a.exact == b.exact:
        return True
    small, large = sorted((a.shingles, b.shingles))
    if small < SHORT_SHINGLES:
        whole = bool(a.key and b.key) and (a.key in b.key or b.key in a.key)
        return whole and small >= SHORT_MIN_RATIO * large
    if small < threshold * large:  # Jaccard can never exceed small / large
        return False
    score = similarity(a.signature, b.signature)
    return score >= threshold and _numbers_agree(a.numbers, b.numbers)


def _numbers_agree(a: str, b: str) -> bool:
    """Tell whether two texts rich in numbers share enough of them to be one text."""
    left, right = set(a.split()), set(b.split())
    if min(len(left), len(right)) < NUMBERS_MIN_COUNT:
        return True
    return len(left & right) >= NUMBERS_MIN_JACCARD * len(left | right)
