"""Line-level text repair: matching keys, indents, stray spaces, letter-spacing, broken sentences.

The stored text keeps its Chinese punctuation; NFKC is used only to build matching keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

# Ideographs (CJK unified, extension A, compatibility) count as "Chinese" for spacing decisions.
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width and CJK punctuation, and the ASCII punctuation text dumps put in their place.
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014-\u2026\u00b7"
ASCII_TIGHT = r",.:;!?()\"'"  # ASCII punctuation that never needs a space next to Chinese

# Reference marks after a sentence (`…的打算。[7]`, `[3][12]`, `[1-3]`): the sentence ends before.
CITATION_MARKS_RE = re.compile(r"(?:\s*\[\d{1,3}(?:\s*[-–,，]\s*\d{1,3})*\])+\s*$")
CJK_CHAR_RE = re.compile(f"[{CJK}]")  # one ideograph
NON_KEY_RE = re.compile(r"[\W_]+")  # what a matching key leaves out: spaces, punctuation, symbols
# Characters that are noise in a stored line: zero-width spaces, BOM, soft hyphen.
INVISIBLE_RE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
# Any run of whitespace (ASCII, NBSP, ideographic, en/em spaces, stray breaks) becomes one space.
SPACE_RUN_RE = re.compile(r"[ \t\r\n\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
# A space with Chinese (or tight punctuation) on both sides, one side an ideograph: stray.
CJK_SPACE_RE = re.compile(
    rf"(?<=[{CJK}]) (?=[{CJK}{CJK_PUNCT}{re.escape(ASCII_TIGHT)}])"
    rf"|(?<=[{CJK_PUNCT}{re.escape(ASCII_TIGHT)}]) (?=[{CJK}])"
    rf"|(?<=[{CJK_PUNCT}]) (?=[{CJK_PUNCT}])"
)
# A digit then a space then a date/time unit (`5月7 日`): typesetting leftovers, always stray.
DIGIT_UNIT_SPACE_RE = re.compile(r"(?<=\d) (?=[年月日时分秒号])|(?<=[年月日]) (?=\d+[月日号])")
# A space between a digit and an ideograph inside running prose (`近 4 年`).
DIGIT_CJK_SPACE_RE = re.compile(rf"(?<=\d) (?=[{CJK}])|(?<=[{CJK}]) (?=\d)")
# Punctuation that ends a sentence in Chinese or in ASCII-punctuated dumps.
TERMINAL_CHARS = "。！？；…!?;"
# Closing quotes and brackets that may follow the sentence-final mark.
CLOSING_CHARS = '」』”"’）)】'
# Clause punctuation: its presence marks a line as running prose rather than a heading.
CLAUSE_CHARS = "，。；、！？,;!?"  # not colons: labels (来源：, 作者：) use them too
PROSE_MIN_CJK = 20  # fewer ideographs than this and a line is a heading, label or menu
LETTER_SPACED_MIN_TOKENS = 5  # "人 民 网" style needs a run this long to be told from names
LETTER_SPACED_SHARE = 0.6  # share of one-character tokens that makes a line letter-spaced
WRAP_MIN_LINES = 5  # fewer lines than this cannot show a wrap width
WRAP_SLACK = 8  # columns a wrapped line may fall short of the width (punctuation, half-width)
WRAP_MIN_WIDTH = 40  # narrower "wraps" are lists or menus, not paragraphs broken at a width
WRAP_SHARE = 0.4  # this share of lines at the wrap width marks a hard-wrapped page
REJOIN_MIN_HEAD = 40  # a broken-off line is a long paragraph, never a short heading
REJOIN_MIN_TAIL = 40  # ... and its continuation is long too, unless it ends a sentence
# An enumeration or list marker: such a line starts a new paragraph, never continues one.
LIST_START_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．是]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|[●■◆▲★※•·◎])"
)


def matching_key(text: str) -> str:
    """Return NFKC, casefolded text with whitespace, punctuation and symbols removed."""
    return NON_KEY_RE.sub("", unicodedata.normalize("NFKC", text).casefold())


def cjk_count(text: str) -> int:
    """Return how many ideographs the text holds."""
    return len(CJK_CHAR_RE.findall(text))


def _is_cjk(ch: str) -> bool:
    """Tell whether one character is an ideograph."""
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF


def is_prose(line: str) -> bool:
    """Tell whether a line reads as running text (long, with clause punctuation)."""
    if cjk_count(line) < PROSE_MIN_CJK:
        return False
    return ends_sentence(line) or sum(line.count(c) for c in CLAUSE_CHARS) >= 2


def ends_sentence(line: str) -> bool:
    """Tell whether a line ends with sentence-final punctuation (closing quotes allowed)."""
    bare = CITATION_MARKS_RE.sub("", line).rstrip(CLOSING_CHARS)
    if bare.endswith(tuple(TERMINAL_CHARS)):
        return True
    return bare.endswith(".") and len(bare) > 1 and _is_cjk(bare[-2])  # `累了.`: ASCII full stop


def collapse_letter_spacing(line: str) -> str:
    """Join a letter-spaced line (`人 民 网 版 权`) into ordinary text."""
    tokens = line.split(" ")
    if len(tokens) < LETTER_SPACED_MIN_TOKENS:
        return line
    singles = sum(1 for t in tokens if len(t) == 1 or (len(t) == 2 and not t.isalnum()))
    if singles / len(tokens) < LETTER_SPACED_SHARE:
        return line
    if not any(_is_cjk(ch) for ch in line):
        return line
    return "".join(tokens)


def repair_cjk_spaces(line: str) -> str:
    """Remove stray spaces inside Chinese: always before date units, everywhere in prose."""
    line = DIGIT_UNIT_SPACE_RE.sub("", line)
    if not is_prose(line):
        return line
    line = CJK_SPACE_RE.sub("", line)
    return DIGIT_CJK_SPACE_RE.sub("", line)


def normalize_line(line: str) -> str:
    """Strip indents and invisible characters, repair stray spaces, keep the punctuation."""
    line = INVISIBLE_RE.sub("", line)
    line = SPACE_RUN_RE.sub(" ", line).strip()
    line = collapse_letter_spacing(line)
    return repair_cjk_spaces(line)


def display_width(line: str) -> int:
    """Return the columns a line takes in a fixed-width layout (ideographs count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def wrap_width(widths: Sequence[int]) -> int | None:
    """Return the width an old page hard-wrapped its paragraphs at, if it did."""
    if len(widths) < WRAP_MIN_LINES:
        return None
    counts = Counter(widths)
    best, hits = 0, 0
    for width in counts:
        near = sum(n for w, n in counts.items() if width - WRAP_SLACK <= w <= width)
        if near > hits or (near == hits and width > best):
            best, hits = width, near
    wrapped = best >= WRAP_MIN_WIDTH and hits / len(widths) >= WRAP_SHARE
    return best if wrapped else None


def unwrap_hard_breaks(lines: Sequence[str]) -> list[list[int]]:
    """Group line indices so that each group is one paragraph of a hard-wrapped page."""
    widths = [display_width(line) for line in lines]
    width = wrap_width(widths)
    groups: list[list[int]] = []
    for index, line in enumerate(lines):
        previous = groups[-1][-1] if groups else None
        if (
            width is not None
            and previous is not None
            and widths[previous] >= width - WRAP_SLACK
            and not ends_sentence(lines[previous])
            and not LIST_START_RE.match(line)
        ):
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def should_rejoin(head: str, tail: str) -> bool:
    """Tell whether `tail` continues the sentence `head` broke off in the middle of."""
    if len(head) < REJOIN_MIN_HEAD or ends_sentence(head):
        return False
    if not any(c in head for c in CLAUSE_CHARS) or cjk_count(head) < PROSE_MIN_CJK:
        return False
    if not (_is_cjk(head[-1]) and tail and _is_cjk(tail[0])) or LIST_START_RE.match(tail):
        return False
    return ends_sentence(tail) or len(tail) >= REJOIN_MIN_TAIL


def rejoin_broken(lines: Sequence[str]) -> list[list[int]]:
    """Group line indices so that each group is one paragraph (broken sentences joined)."""
    groups: list[list[int]] = []
    for index, line in enumerate(lines):
        if groups and should_rejoin(lines[groups[-1][-1]], line):
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups
