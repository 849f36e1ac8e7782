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
from typing import TYPE_CHECKING

import numpy as np

from cleaners.records import Fingerprint
from cleaners.text.repair import matching_key

if TYPE_CHECKING:  # datasketch imports scipy (about 1 s): loaded where sketches are made
    from datasketch import MinHash

SHINGLE_CHARS = 5  # Chinese words are 1–4 characters: a 5-gram spans a word boundary or two
NUM_PERM = 128  # signature length: standard error of a Jaccard estimate ≈ 0.035 at 0.8
SEED = 1  # fixed: signatures are stored and compared across runs
SCHEME = "affine32"  # datasketch permutation scheme, fixed so stored signatures stay comparable
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
    return zlib.crc32(shingle)  # fast C call; datasketch mixes it (fmix32) before permuting


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> np.ndarray:
    """Return the permutation parameters of (num_perm, seed): fixed values, drawn once."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations  # type: ignore[no-any-return]


def _sketch(grams: set[str], num_perm: int, seed: int) -> MinHash:
    """Return the MinHash of a set of shingles."""
    from datasketch import MinHash

    sketch = MinHash(
        num_perm=num_perm,
        seed=seed,
        hashfunc=_shingle_hash,
        scheme=SCHEME,
        permutations=_permutations(num_perm, seed),
    )
    sketch.update_batch([g.encode("utf-8") for g in grams])
    return sketch


def minhash(text: str, *, num_perm: int = NUM_PERM, seed: int = SEED) -> MinHash:
    """Return the MinHash of the text's character shingles."""
    return _sketch(shingles(text), num_perm, seed)


def fingerprint(text: str, *, num_perm: int = NUM_PERM, seed: int = SEED) -> Fingerprint:
    """Return the exact key, MinHash signature, shingle count and numbers of a text."""
    key = matching_key(text)
    grams = {key[i : i + SHINGLE_CHARS] for i in range(len(key) - SHINGLE_CHARS + 1)}
    signature = b""
    if grams:
        signature = _sketch(grams, num_perm, seed).hashvalues.astype("<u4").tobytes()
    return Fingerprint(
        exact=hashlib.sha256(key.encode("utf-8")).hexdigest() if key else "",
        signature=signature,
        shingles=len(grams),
        numbers=" ".join(NUMBER_RE.findall(key)),
        key=key if len(grams) < KEY_SHINGLES else "",
    )


def sketch_of(signature: bytes, *, seed: int = SEED) -> MinHash:
    """Return a MinHash holding a stored signature."""
    from datasketch import MinHash

    values = np.frombuffer(signature, dtype="<u4").astype(np.uint32)
    return MinHash(
        num_perm=len(values),
        seed=seed,
        hashvalues=values,
        scheme=SCHEME,
        permutations=_permutations(len(values), seed),
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
