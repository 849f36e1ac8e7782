"""Pick the page's main-content subtree by text and link density, and agree it with trafilatura.

Every block-level line gets a score: its own (non-link) characters less a cost, negative for
link lines, labels and cut-off teasers (`blocks.line_score`). The main block is the element
whose lines score most in sum: the article's container, holding every paragraph, post or entry,
and as little of the link lists and menus around it as possible. Inside it, the lines that begin
a related/comment region end the article.

trafilatura's lines are then checked against the block line by line: where they agree, the
block's lines from the first agreed line to the last (and the closing lines just after it) are
the body, so the paragraphs trafilatura dropped inside the article come back and the teasers and
comments it took outside the article stay out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cleaners.extract.interruptions import card_lines, inset_end
from cleaners.extract.page_lines import (
    EDGE_LINES,
    FULL_STOP,
    LINE_COST,
    OPENING,
    SPACES,
    PageLine,
    line_score,
)
from cleaners.extract.post_archive import first_post
from cleaners.text.repair import ends_sentence, is_prose

# Headings that open a region of other articles or of readers' comments.
REGION_START = re.compile(
    r"^[【\[]?\s*(?:相关(?:新闻|文章|报道|阅读|链接|推荐|专题|资讯|内容)|延伸阅读|推荐阅读|热点推荐|"
    r"热门推荐|延伸推荐|编辑推荐|为你推荐|为您推荐|猜你喜欢|你可能(?:还)?(?:感兴趣|喜欢)|大家都在看|热门文章|精彩推荐|"
    r"往期回顾|点击排行|热门点击|今日推荐|热点新闻|热门排行|排行榜|网友评论|最新评论|热门评论|"
    r"全部评论|精彩评论|热门跟贴|最新跟贴|评论区|发表评论|我要评论|文章评论|读者评论|"
    r"推荐产品|相关产品|产品推荐|热销产品|热门产品)"
    r"\s*[】\]]?\s*(?:[:：>»]|\W{0,3}$|\d)"
    r"|^(?:评论|留言|跟帖|网友回复)(?:列表|区)?\s*(?:[(（]\s*\d+\s*[)）])?\s*[:：]?$",
)
MIN_AGREED_SHARE = 0.5  # trafilatura's text is the block's when half of it lies in the block
CLOSING_LINES = 4  # short lines after the last paragraph (signature, date, 特此通知) still belong
CLOSING_MAX_CHARS = 40  # a closing line (issuer, date, a one-line notice ending) is short
ANCHOR_SLACK = 1.5  # a headline line may carry a short suffix (`(图)`, a column name)
MAX_ANCHOR_GAP = 15  # the article starts within this many lines below its headline
MIN_ANCHORED_SCORE = 60  # below the headline at least one real sentence (~70 characters) runs
MIN_KEY_CHARS = 4  # shorter lines are not matched between the two extractions
# Elements that hold a paragraph or part of one, never a container of an article's items.
PARAGRAPH_TAGS = frozenset(
    ["p", "span", "font", "b", "strong", "em", "i", "u", "a", "h1", "h2", "h3", "h4", "h5", "h6"]
)
MIN_ITEMS = 3  # like siblings with prose of their own make a list of items, fewer a pair
SALUTATION = re.compile(r"^.{1,40}[:：]\s*$")  # `各街道、各部门：` opens the notice below it
NON_KEY = re.compile(r"[\W_]+")
# Forum threads: one container per post (user box, text, signature, buttons).


@dataclass(frozen=True, slots=True)
class MainBlock:
    """Where the main content sits among a page's lines: its element, and its richest run."""

    start: int  # first line of the element
    end: int  # one past its last line (or where a related/comment region begins)
    run_start: int  # the richest run of lines inside it
    run_end: int
    element: int = 0  # id of the element holding the run (0: the whole page)
    dropped: frozenset[int] = frozenset()  # feed cards, insets, footnotes: never the article's
    score: int = 0  # the run's score: under MIN_ANCHORED_SCORE no sentence of prose runs

    @property
    def weak(self) -> bool:
        """Tell a run without one real sentence (a page of short lines: contents, tables)."""
        return self.score < MIN_ANCHORED_SCORE

    def run_lines(self, lines: Sequence[PageLine]) -> list[str]:
        """Return the text of the richest run, without feed cards and insets."""
        span = range(self.run_start, self.run_end)
        return [lines[i].text for i in span if i not in self.dropped]


def _key(text: str) -> str:
    return NON_KEY.sub("", text).casefold()


def _scores(lines: Sequence[PageLine], dropped: frozenset[int] = frozenset()) -> list[int]:
    scores: list[int] = []
    after_link = False
    for index, line in enumerate(lines):
        score = line_score(line.text, line.linked, after_link)
        scores.append(-max(abs(score), LINE_COST) if index in dropped else score)
        after_link = 2 * line.linked > len(SPACES.sub("", line.text))
    return scores


def _richest_run(scores: Sequence[int], start: int, end: int) -> tuple[int, int, int]:
    """Return (sum, start, end) of the maximum-sum window of line scores in [start, end)."""
    best = (0, start, start)
    total, run_start = 0, start
    for index in range(start, end):
        if total <= 0:
            total, run_start = 0, index
        total += scores[index]
        if total > best[0]:
            best = (total, run_start, index + 1)
    return best


def _richest_run_near(
    scores: Sequence[int], start: int, gap: int, end: int
) -> tuple[int, int, int]:
    """Return the maximum-sum window of [start, end) that begins within `gap` lines of start."""
    best = (0, start, start)
    for first in range(start, min(start + gap + 1, end)):
        total = 0
        for index in range(first, end):
            total += scores[index]
            if total > best[0]:
                best = (total, first, index + 1)
    return best


def _edges(lines: Sequence[PageLine], run: tuple[int, int, int]) -> tuple[int, int, int]:
    """Extend a run over a salutation above it and a closing line below it (`特此通知。`)."""
    total, start, end = run
    while start > 0 and run[1] - start < EDGE_LINES and _edge(lines[start - 1], OPENING):
        start -= 1
    while end < len(lines) and end - run[2] < EDGE_LINES and _edge(lines[end], FULL_STOP):
        end += 1
    return total, start, end


def _edge(line: PageLine, ending: re.Pattern[str]) -> bool:
    return not line.linked and bool(ending.search(line.text)) and not region_start(line.text)


def region_start(text: str) -> bool:
    """Tell whether a line is a heading that opens a related/comment region (`延伸 · 推荐`)."""
    return bool(REGION_START.match(text) or REGION_START.match(_key(text)))


def _region_end(
    lines: Sequence[PageLine], start: int, end: int, scores: Sequence[int], insets: set[int]
) -> int:
    """Return where the first related/comment heading after `start` sits (`end` when none).

    A heading that opens a small inset among the article's paragraphs (an embedded related
    card) does not end it: the inset's lines go to `insets` and the search goes on after it.
    """
    index = start + 1
    while index < end:
        if region_start(lines[index].text):
            resumed = inset_end(lines, scores, index, end)
            if resumed is None:
                return index
            insets.update(range(index, resumed))
            index = resumed
            continue
        index += 1
    return end


def _before_region(
    lines: Sequence[PageLine], scores: Sequence[int], found: tuple[int, int, int]
) -> tuple[int, int, int]:
    """Return the run just above the comment/related heading that opens the found run's region.

    Without a headline to anchor on, many comments outscore a short post: when a region
    heading sits above the richest run and a run of real prose ends just above that heading,
    that run is the article and the richest run its comments.
    """
    heading = next((i for i in range(found[1] - 1, -1, -1) if region_start(lines[i].text)), None)
    if heading is None:
        return found
    before = _richest_run(scores, 0, heading)
    if before[0] >= MIN_ANCHORED_SCORE and heading - before[2] <= MAX_ANCHOR_GAP:
        return before
    return found


def _anchors(lines: Sequence[PageLine], title: str) -> list[int]:
    """Return the lines that print the headline (the article starts just below one of them)."""
    want = _key(title)
    if len(want) < MIN_KEY_CHARS:
        return []
    found = []
    for index, line in enumerate(lines):
        key = _key(line.text)
        if key == want or (key.startswith(want) and len(key) <= ANCHOR_SLACK * len(want)):
            found.append(index)
    return found


def _element(
    lines: Sequence[PageLine], start: int, end: int, kind_of: Callable[[int], str] | None = None
) -> tuple[int, int, int]:
    """Return the line range and id of the innermost element holding lines [start, end).

    With `kind_of` (an element's `tag.class` by its id), paragraphs and inline elements are passed
    over: a weak run of one short line is one item of its container, not the container.
    """
    common = lines[start].path
    for line in lines[start + 1 : end]:
        size = 0
        for mine, theirs in zip(common, line.path, strict=False):
            if mine != theirs:
                break
            size += 1
        common = common[:size]
    while kind_of is not None and common and kind_of(common[-1]).split(".")[0] in PARAGRAPH_TAGS:
        common = common[:-1]
    if kind_of is not None and len(common) > 1 and _is_item(lines, common, kind_of):
        common = common[:-1]  # one item of a list of like items (a ranked list): the list
    if not common:
        return 0, len(lines), 0
    inner = common[-1]
    first = start
    while first > 0 and inner in lines[first - 1].path:
        first -= 1
    last = end
    while last < len(lines) and inner in lines[last].path:
        last += 1
    return first, last, inner


def _is_item(
    lines: Sequence[PageLine], path: tuple[int, ...], kind_of: Callable[[int], str]
) -> bool:
    """Tell an element that is one of several like siblings (same kind), each with prose."""
    depth, kind = len(path) - 1, kind_of(path[-1])
    with_prose: set[int] = set()
    for line in lines:
        sibling = line.path[depth] if len(line.path) > depth else 0
        if not sibling or line.path[:depth] != path[:-1] or sibling in with_prose:
            continue
        if kind_of(sibling) == kind and line_score(line.text, line.linked, False) > 0:
            with_prose.add(sibling)
    return len(with_prose) >= MIN_ITEMS


def main_block(
    lines: Sequence[PageLine], title: str = "", kind_of: Callable[[int], str] | None = None
) -> MainBlock | None:
    """Return the richest run of prose below the headline (else on the page) and its element.

    A related/comment heading after the headline ends the article's region. `kind_of` names
    an element's `tag.class` by its id, to widen a weak run's element past its paragraph.
    """
    if not lines:
        return None
    notes = frozenset(i for i, line in enumerate(lines) if line.note)  # footnotes, references
    cards = card_lines(lines) | notes
    scores = _scores(lines, cards)
    insets: set[int] = set()
    best = (0, 0, 0)
    for anchor in _anchors(lines, title):
        end = _region_end(lines, anchor, len(lines), scores, insets)
        found = _richest_run_near(scores, anchor + 1, MAX_ANCHOR_GAP - 1, min(end, len(lines)))
        if found[0] > best[0]:
            best = found
    if best[0] < MIN_ANCHORED_SCORE:  # a stray copy of the headline (share box, list) anchors
        best = (0, 0, 0)  # no article: read the whole page
    stop = len(lines)  # an archive of whole posts ends the article where its second begins
    if best[0] <= 0:
        found = _before_region(lines, scores, _richest_run(scores, 0, len(lines)))
        post = first_post(lines)
        if post is not None and post[0] <= found[1]:  # the run is among the archive's posts
            found = _richest_run(scores, *post)
            stop = post[1]
        cut = _region_end(lines, found[1], found[2], scores, insets)
        best = _richest_run(scores, found[1], cut)
    if best[0] <= 0:
        return None
    _, run_start, run_end = _edges(lines, best)
    weak = best[0] < MIN_ANCHORED_SCORE
    start, end, element = _element(lines, run_start, run_end, kind_of if weak else None)
    end = _region_end(lines, run_start, min(end, max(stop, run_end)), scores, insets)
    dropped = cards | frozenset(insets)
    return MainBlock(start, end, run_start, run_end, element, dropped, best[0])


def _agreed(block: Sequence[str], others: Sequence[str]) -> list[bool]:
    """Mark the block lines that trafilatura also gives (the same line or one holding it)."""
    wanted = [k for k in (_key(line) for line in others) if len(k) >= MIN_KEY_CHARS]
    exact = set(wanted)
    joined = "\n".join(wanted)
    marks = []
    for line in block:
        key = _key(line)
        marks.append(len(key) >= MIN_KEY_CHARS and (key in exact or key in joined))
    return marks


def agreed_share(block: Sequence[str], others: Sequence[str]) -> float:
    """Return the share of trafilatura's characters that lie inside the block."""
    keys = [_key(line) for line in others]
    total = sum(len(k) for k in keys)
    inside = "\n".join(_key(line) for line in block)
    return sum(len(k) for k in keys if k and k in inside) / max(total, 1)


def _closing(lines: Sequence[str], end: int, limit: int) -> int:
    """Extend the body over the short closing lines after its last paragraph."""
    stop = end
    while stop < limit and stop - end < CLOSING_LINES:
        line = lines[stop]
        if len(line) > CLOSING_MAX_CHARS and not is_prose(line):
            break
        if region_start(line):
            break
        stop += 1
    return stop


def combine(lines: Sequence[PageLine], block: MainBlock, others: Sequence[str]) -> list[str] | None:
    """Return the block's lines between the first and last prose line trafilatura agrees on.

    Lines that are mostly link text are never added back when trafilatura left them out.
    When trafilatura keeps nothing of the block (text set with <br> only), the block's lines
    from its first prose line to its last are taken. None when the two do not agree
    (trafilatura's text lies mostly elsewhere).
    """
    inside = lines[block.start : block.end]
    texts = [line.text for line in inside]
    dropped = frozenset(i - block.start for i in block.dropped)
    scores = _scores(inside, dropped)
    linked = [2 * line.linked > len(SPACES.sub("", line.text)) for line in inside]
    run_start, run_end = block.run_start - block.start, block.run_end - block.start
    if not others:  # trafilatura kept nothing of the block: its prose lines speak for it
        marks = [False] * len(texts)
        hits = [i for i, score in enumerate(scores) if score > 0]
    elif agreed_share(texts, others) < MIN_AGREED_SHARE:
        return None
    else:
        marks = _agreed(texts, others)
        hits = [
            i
            for i, mark in enumerate(marks)
            if mark and (scores[i] > 0 or not linked[i]) and i not in dropped
        ]
    if not hits:
        return None
    if block.weak:  # short items under a short lead (a ranked list): the container's prose
        hits = sorted({*hits, *(i for i in range(run_end, len(texts)) if scores[i] > 0)})
    first, last = hits[0], hits[-1] + 1
    # The richest run is the article's body: taken whole with the agreed lines around it, also
    # when it lies apart from them (trafilatura kept only a lead above an infobox and a contents
    # box, and the sections below them); between the two only prose or agreed lines are kept.
    gap = range(run_end, first) if run_end <= first else range(last, run_start)
    first, last = min(first, run_start), max(last, run_end)
    while first > 0 and not linked[first - 1] and SALUTATION.search(texts[first - 1]):
        first -= 1
    last = _closing(texts, last, len(texts)) if ends_sentence(texts[last - 1]) else last
    kept = enumerate(texts[first:last], first)
    return [line for i, line in kept if i not in dropped and _kept(i, marks, linked, scores, gap)]


def _kept(i: int, marks: list[bool], linked: list[bool], scores: list[int], gap: range) -> bool:
    """Tell a line of the body's span that stays: agreed, or own text (prose in a gap)."""
    if marks[i]:
        return True
    return scores[i] > 0 if i in gap else not linked[i]
