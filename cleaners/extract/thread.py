"""Read a forum or Q&A thread: every post's text in order, without the chrome around each post.

A thread repeats one container per post (same tag and first class, siblings under one parent):
the author box (a short link to the user, an avatar, level and points), the content block, and
around it a signature, ratings, reply buttons and floor labels. The content block is the element
kind (tag and first class) found inside most posts that holds the most post text and the least
chrome; its lines, post after post, are the thread's body, after the lead (the first post or the
question, when it stands above the run of replies). Text every post repeats (`回复`, `举报`,
`积分: 120` once digits are set aside), dates, counts and link-only lines are chrome. A run of
repeated containers whose entries each lead with a long link to another page is a list of
cards or topics, not a thread. A reply's quote of an earlier post is dropped (quoted text is
kept once). Hidden elements never reach here: page_lines does not read them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from cleaners.extract.page_lines import SPACES, PageLine, line_score
from cleaners.text.repair import ends_sentence

MIN_POSTS = 3  # fewer repeated containers with text may be an article's sections or a card pair
CONTENT_SHARE = 0.5  # the content block is found in at least half of the posts with text
REPEATED_SHARE = 0.5  # a label in at least half of the posts is chrome (`回复`, `引用`, `积分: 0`)
MIN_REPEATS = 2  # ... and in two posts at least: a single post's text is never a label
# Most posts carry, beside their content, a user link, a stamp or a repeated label: paragraphs
# and sections of an article (one text block each) do not.
BOXED_SHARE = 0.5
CARD_LINK_LETTERS = 12  # a link this long outside the content is a headline to another page
CARD_LEAD_LINES = 2  # ... among an entry's first lines (a category tag may come before it)
CARD_SHARE = 0.5  # a run whose entries mostly lead with such a link is a card or topic list
# A text longer than this above the run (between the headline and the first post) is an
# article, and the run its readers' comments; a question or a short post is shorter.
MAX_LEAD_CHARS = 500
# ... and the posts weigh at least half the lead: a few one-line entries under a short article
# are its related links, not replies.
LEAD_RATIO = 0.5
MIN_THREAD_CHARS = 40  # less post text than this is a comment box or a widget, not a thread
# The thread (lead and posts) holds at least this share of the page's prose: a sidebar's repeated
# boxes (an account card, a list of tips) beside a post are not the page's content.
PAGE_SHARE = 0.5
DIGITS = re.compile(r"\d+")
NON_WORD = re.compile(r"[\W_]+")
LETTERS = re.compile(r"[^\W\d_]")
# A line that is only a date, time, count or floor number (`2023-10-02 13:56`, `#3`, `12`).
STAMP = re.compile(r"^[\d\s:：\-/.#()（）年月日时分秒点|·]*$")
# A short line holding a date is a post's time stamp (`2023年10月2日星期一 13点56分`, `发布于 …`).
DATED = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}"
    r"|\d+\s*(?:秒|分钟|小时|天|周|个月|年)前"
)
STAMP_LINE_CHARS = 40  # a dated line longer than this is a sentence that names a day


_Weights = dict[int, int | None]  # a line's post text; None for a stamp or a repeated label


@dataclass(frozen=True, slots=True)
class _Group:
    """A run of repeated sibling containers and the content kind chosen inside them."""

    score: int  # post text less chrome inside the content blocks
    lines: tuple[int, ...]  # the content lines, post after post
    first: int  # first line of the first container
    kind: str  # the content blocks' tag and first class


def _signature(node: LexborNode) -> str:
    classes = (node.attributes.get("class") or "").split()
    return f"{node.tag}.{classes[0] if classes else ''}"


def _label(text: str) -> str:
    return DIGITS.sub("0", NON_WORD.sub("", text)).casefold()


def _is_linked(line: PageLine) -> bool:
    """Tell a line that is mostly link text (a user name, a button, a URL)."""
    return 2 * line.linked > len(SPACES.sub("", line.text))


def _is_stamp(line: PageLine) -> bool:
    """Tell a date, time, count or floor-number line (`2023-10-02 13:56`, `#3`, `3 天前`)."""
    if STAMP.match(line.text) is not None:
        return True
    return (
        len(SPACES.sub("", line.text)) <= STAMP_LINE_CHARS and DATED.search(line.text) is not None
    )


def _is_chrome(line: PageLine) -> bool:
    """Tell a link-only, date-only or count-only line (a user name, a stamp) from post text."""
    return _is_linked(line) or _is_stamp(line)


def _sibling_runs(
    lines: Sequence[PageLine], elements: Sequence[LexborNode]
) -> Iterator[tuple[int, list[list[int]]]]:
    """Yield (depth, containers) for each parent's children of one kind, with their lines."""
    children: dict[tuple[int, int], dict[int, list[int]]] = {}
    for index, line in enumerate(lines):
        path = line.path
        for depth in range(len(path) - 1):
            held = children.setdefault((depth, path[depth]), {})
            held.setdefault(path[depth + 1], []).append(index)
    for (depth, _), held in children.items():
        if len(held) < MIN_POSTS:
            continue
        kinds: dict[str, list[int]] = {}
        for child in held:
            kinds.setdefault(_signature(elements[child - 1]), []).append(child)
        for members in kinds.values():
            if len(members) >= MIN_POSTS:
                yield depth + 1, [held[member] for member in members]


def _weights(lines: Sequence[PageLine], posts: Sequence[list[int]]) -> _Weights:
    """Return each line's post text: 0 for a link line, None for stamps and repeated labels.

    A link line (a URL, a list of links) inside a post's content is kept; a stamp or a label
    most posts repeat never is.
    """
    seen = Counter(label for post in posts for label in {_label(lines[i].text) for i in post})
    floor = max(MIN_REPEATS, REPEATED_SHARE * len(posts))
    weights: _Weights = {}
    for post in posts:
        for index in post:
            line = lines[index]
            if seen[_label(line.text)] >= floor or _is_stamp(line):
                weights[index] = None
            else:
                weights[index] = 0 if _is_linked(line) else max(_own(line), 0)
    return weights


def _is_card(lines: Sequence[PageLine], post: Sequence[int]) -> bool:
    """Tell an entry leading with a long link to another page (a card, a topic row)."""
    for index in post[:CARD_LEAD_LINES]:
        line = lines[index]
        if _is_linked(line) and len(LETTERS.findall(line.text)) >= CARD_LINK_LETTERS:
            return True
    return False


def _has_box(
    lines: Sequence[PageLine], post: Sequence[int], inside: set[int], weights: _Weights
) -> bool:
    """Tell a post whose content comes with its own user link or time stamp.

    The box varies from post to post (users, times): a link every post repeats (`更多`) is a
    section's control, and sections of one article are no posts.
    """
    for index in post:
        line = lines[index]
        if index in inside:
            continue
        if _is_stamp(line) or (_is_linked(line) and weights[index] is not None):
            return True
    return False


def _content_kind(
    lines: Sequence[PageLine],
    elements: Sequence[LexborNode],
    depth: int,
    posts: Sequence[list[int]],
    weights: _Weights,
) -> tuple[str, int] | None:
    """Return the element kind inside the posts holding most post text and least chrome."""
    gain: Counter[str] = Counter()
    holders: dict[str, set[int]] = {}
    for number, post in enumerate(posts):
        for index in post:
            weight = weights[index]
            for kind in {_signature(elements[e - 1]) for e in lines[index].path[depth + 1 :]}:
                gain[kind] += weight if weight else -len(SPACES.sub("", lines[index].text))
                holders.setdefault(kind, set()).add(number)
    with_text = sum(1 for post in posts if any(weights[i] for i in post))
    needed = max(MIN_POSTS, CONTENT_SHARE * with_text)
    kinds = [k for k in gain if len(holders[k]) >= needed and gain[k] > 0]
    if not kinds:
        return None
    # On a tie, a kind with a class (`div.answer-text`) names the block better than a bare tag.
    kind = max(kinds, key=lambda k: (gain[k], not k.endswith("."), k))
    return kind, gain[kind]


def _group(
    lines: Sequence[PageLine],
    elements: Sequence[LexborNode],
    depth: int,
    posts: Sequence[list[int]],
) -> _Group | None:
    """Choose the content kind inside a run of containers and score the run as a thread."""
    weights = _weights(lines, posts)
    found = _content_kind(lines, elements, depth, posts, weights)
    if found is None:
        return None
    kind, score = found
    inside = {
        i
        for post in posts
        for i in post
        if any(_signature(elements[e - 1]) == kind for e in lines[i].path[depth + 1 :])
    }
    chosen = [i for post in posts for i in post if i in inside and weights[i] is not None]
    with_text = [p for p in posts if any(weights[i] for i in p)]
    boxed = [p for p in with_text if inside.intersection(p) and _has_box(lines, p, inside, weights)]
    cards = sum(1 for post in posts if _is_card(lines, post))
    if cards >= CARD_SHARE * len(posts) or len(boxed) < max(
        MIN_POSTS, BOXED_SHARE * len(with_text)
    ):
        return None
    return _Group(score, tuple(chosen), posts[0][0], kind)


def _own(line: PageLine) -> int:
    return len(SPACES.sub("", line.text)) - line.linked


def _prose_chars(lines: Sequence[PageLine]) -> int:
    """Return the characters of the page's prose lines (those a paragraph would score)."""
    return sum(_own(line) for line in lines if line_score(line.text, line.linked, False) > 0)


def _in_kind(line: PageLine, elements: Sequence[LexborNode], kind: str) -> bool:
    """Tell a line set in the posts' content kind; a bare tag (`p`) names no kind of post."""
    if kind.endswith("."):
        return False
    return any(_signature(elements[e - 1]) == kind for e in line.path)


def _headline(lines: Sequence[PageLine], title: str, first: int) -> int | None:
    """Return the line above the first post that prints the thread's title, if one does."""
    want = NON_WORD.sub("", title).casefold()
    for index, line in enumerate(lines[:first] if want else ()):
        key = NON_WORD.sub("", line.text).casefold()
        if key == want or (key and want.startswith(key) and 2 * len(key) >= len(want)):
            return index
    return None


def _lead(
    lines: Sequence[PageLine], elements: Sequence[LexborNode], start: int, group: _Group
) -> list[int]:
    """Return the lead's lines between the headline and the first post (a question, a post).

    Prose lines are kept, and every line set in the posts' content kind (a best answer's
    headings); labels, buttons and stamps around them are not.
    """
    lead = []
    for index in range(start + 1, group.first):
        line = lines[index]
        if _is_chrome(line):
            continue
        prose = ends_sentence(line.text) or line_score(line.text, line.linked, False) > 0
        if prose or _in_kind(line, elements, group.kind):
            lead.append(index)
    return lead


def _without_repeated_quotes(
    lines: Sequence[PageLine], elements: Sequence[LexborNode], chosen: Sequence[int]
) -> list[int]:
    """Drop a reply's quote of text the thread already holds: quoted text is kept once."""
    kept: list[int] = []
    before = ""
    for index in chosen:
        line = lines[index]
        key = NON_WORD.sub("", line.text).casefold()
        quoted = any(elements[e - 1].tag == "blockquote" for e in line.path)
        if quoted and key and key in before:
            continue
        kept.append(index)
        before += "\n" + key
    return kept


def thread_lines(
    lines: Sequence[PageLine], elements: Sequence[LexborNode], title: str
) -> list[str] | None:
    """Return the thread's text lines (lead, then every post's content), or None for no thread."""
    if not elements:
        return None
    best: _Group | None = None
    for depth, posts in _sibling_runs(lines, elements):
        found = _group(lines, elements, depth, posts)
        if found is not None and (best is None or found.score > best.score):
            best = found
    if best is None or best.score < MIN_THREAD_CHARS:
        return None
    headline = _headline(lines, title, best.first)
    lead = [] if headline is None else _lead(lines, elements, headline, best)
    # Lead text set in the posts' content kind is a post too (a best answer shown first).
    article = [i for i in lead if not _in_kind(lines[i], elements, best.kind)]
    lead_chars = sum(_own(lines[i]) for i in article)
    if lead_chars > MAX_LEAD_CHARS or best.score < LEAD_RATIO * lead_chars:
        return None
    thread_chars = sum(_own(lines[i]) for i in (*lead, *best.lines))
    if thread_chars < PAGE_SHARE * _prose_chars(lines):
        return None
    opening = [] if headline is None else [headline]  # the topic or question the posts answer
    kept = _without_repeated_quotes(lines, elements, [*opening, *lead, *best.lines])
    return [lines[i].text for i in kept]


__all__ = ["thread_lines"]
