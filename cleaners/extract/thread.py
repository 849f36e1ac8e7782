"""Read a forum or Q&A thread: every post's text in order, without the chrome around each post.

A thread repeats one container per post (same tag and first class, siblings under one parent):
the author box (a short link to the user, an avatar, level and points), the content block, and
around it a signature, ratings, reply buttons and floor labels. The content block is the element
kind (tag and first class) found inside most posts that holds the most post text and the least
chrome; its lines, post after post, are the thread's body, after the headline line (the topic
or question) and the lead (the first post, a question's text or a best answer, when it stands
above the run of replies). Text every post repeats (`回复`, `举报`,
`积分: 120` once digits are set aside), dates, counts and link-only lines are chrome. A run of
repeated containers whose entries each lead with a long link to another page is a list of
cards or topics, not a thread. Two containers are a thread when replies nest inside them (more
time rows than containers). The lead keeps the element that holds all its prose (a question's
body with its short lines), unless that element holds a post too. A reply nested in a post in
another kind than its content (a list of replies under a floor) is its prose between two time
rows: the post's own, then the reply's. A reply's quote of an earlier post is dropped (quoted
text is kept once). Hidden elements never reach here: page_lines does not read them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from cleaners.extract.page_lines import PageLine, line_score
from cleaners.extract.post_archive import archive_entries
from cleaners.extract.thread_page import ThreadPage
from cleaners.text.repair import ends_sentence

MIN_POSTS = 3  # fewer repeated containers with text may be an article's sections or a card pair
# ... unless two containers hold three posts' time rows between them: a reply nested inside a
# post (an answer's comments) carries its own author and time row.
MIN_CONTAINERS = 2
CONTENT_SHARE = 0.5  # the content block is found in at least half of the posts with text
REPEATED_SHARE = 0.5  # a label in at least half of the posts is chrome (`回复`, `引用`, `积分: 0`)
MIN_REPEATS = 2  # ... and in two posts at least: a single post's text is never a label
# Most posts carry, beside their content, a user link or a time stamp of their own: paragraphs
# and sections of an article (one text block each, a control every section repeats) do not.
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
_Weights = dict[int, int | None]  # a line's post text; None for a stamp or a repeated label


@dataclass(frozen=True, slots=True)
class _Group:
    """A run of repeated sibling containers and the content kind chosen inside them."""

    score: int  # post text less chrome inside the content blocks
    lines: tuple[int, ...]  # the content lines, post after post
    first: int  # first line of the first container
    kind: str  # the content blocks' tag and first class
    # Its containers hold more time rows than there are containers: posts holding replies of
    # their own are a discussion however short they are beside the lead.
    nested: bool


def _sibling_runs(page: ThreadPage) -> Iterator[tuple[int, list[list[int]]]]:
    """Yield (depth, containers) for each parent's children of one kind, with their lines.

    A first pass sums each element's post text over the text lines only; the containers of a
    kind that hold enough of it are then widened to all their lines (an element's lines are
    one contiguous run in document order).
    """
    text: dict[tuple[int, int], dict[int, int]] = {}
    start: dict[int, int] = {}
    for index, line in enumerate(page.lines):
        if page.chrome(index) or page.facts[index].own <= 0:
            continue
        path, own = line.path, page.facts[index].own
        for depth in range(len(path) - 1):
            held = text.setdefault((depth, path[depth]), {})
            child = path[depth + 1]
            if child not in held:
                held[child] = 0
                start[child] = index
            held[child] += own
    for (depth, _), held in text.items():
        if len(held) < MIN_CONTAINERS:
            continue
        kinds: dict[str, list[int]] = {}
        for child in held:
            kinds.setdefault(page.kind(child), []).append(child)
        for members in kinds.values():
            enough = len(members) >= MIN_CONTAINERS
            if enough and sum(held[m] for m in members) >= MIN_THREAD_CHARS:
                yield depth + 1, [_element_lines(page, m, start[m], depth + 1) for m in members]


def _element_lines(page: ThreadPage, element: int, inside: int, depth: int) -> list[int]:
    """Return the run of lines held by an element, from one line known to be inside it."""
    first = inside
    while first > 0 and page.lines[first - 1].path[depth : depth + 1] == (element,):
        first -= 1
    last = inside
    while last + 1 < len(page.lines) and page.lines[last + 1].path[depth : depth + 1] == (element,):
        last += 1
    return list(range(first, last + 1))


def _label(text: str) -> str:
    """Return a line's text with digits set aside, to find what every post repeats."""
    return DIGITS.sub("0", NON_WORD.sub("", text)).casefold()


def _weights(page: ThreadPage, posts: Sequence[list[int]]) -> _Weights:
    """Return each line's post text: 0 for a link line, None for stamps and repeated labels.

    A link line (a URL, a list of links) inside a post's content is kept; a stamp or a label
    most posts repeat never is.
    """
    facts = page.facts
    labels = {i: _label(page.lines[i].text) for post in posts for i in post}
    seen = Counter(label for post in posts for label in {labels[i] for i in post})
    floor = max(MIN_REPEATS, REPEATED_SHARE * len(posts))
    weights: _Weights = {}
    for post in posts:
        for index in post:
            line = facts[index]
            if seen[labels[index]] >= floor or line.stamp:
                weights[index] = None
            else:
                weights[index] = 0 if line.linked else max(line.own, 0)
    return weights


def _is_card(page: ThreadPage, post: Sequence[int]) -> bool:
    """Tell an entry leading with a long link to another page (a card, a topic row)."""
    for index in post[:CARD_LEAD_LINES]:
        text = page.lines[index].text
        if page.facts[index].linked and len(LETTERS.findall(text)) >= CARD_LINK_LETTERS:
            return True
    return False


def _has_box(page: ThreadPage, post: Sequence[int], inside: set[int], weights: _Weights) -> bool:
    """Tell a post whose content comes with its own user link or time stamp.

    The box varies from post to post (users, times): a link every post repeats (`更多`) is a
    section's control, and sections of one article are no posts.
    """
    for index in post:
        if index in inside:
            continue
        facts = page.facts[index]
        if facts.stamp or (facts.linked and weights[index] is not None):
            return True
    return False


def _nested_reply(page: ThreadPage, post: Sequence[int], at: int, weights: _Weights) -> bool:
    """Tell a reply nested in a post outside its content kind: prose between two time rows.

    The post's own time row comes first: a signature between the text and that row is no reply.
    """
    index = post[at]
    if not weights[index] or not _is_prose(page.lines[index]) or at + 1 >= len(post):
        return False
    below = page.facts[post[at + 1]].dated
    return below and any(page.facts[i].dated for i in post[:at])


def _time_rows(page: ThreadPage, posts: Sequence[list[int]], inside: set[int]) -> int:
    """Count the dated lines outside the posts' content: one per post, nested replies too."""
    return sum(1 for post in posts for i in post if i not in inside and page.facts[i].dated)


def _content_kind(
    page: ThreadPage, depth: int, posts: Sequence[list[int]], weights: _Weights
) -> tuple[str, int] | None:
    """Return the element kind inside the posts holding most post text and least chrome."""
    gain: Counter[str] = Counter()
    holders: dict[str, set[int]] = {}
    for number, post in enumerate(posts):
        for index in post:
            weight = weights[index] or -page.facts[index].chars
            for kind in {page.kind(e) for e in page.lines[index].path[depth + 1 :]}:
                gain[kind] += weight
                holders.setdefault(kind, set()).add(number)
    with_text = sum(1 for post in posts if any(weights[i] for i in post))
    needed = max(min(MIN_POSTS, len(posts)), CONTENT_SHARE * with_text)
    kinds = [k for k in gain if len(holders[k]) >= needed and gain[k] > 0]
    if not kinds:
        return None
    # On a tie, a kind with a class (`div.answer-text`) names the block better than a bare tag.
    kind = max(kinds, key=lambda k: (gain[k], not k.endswith("."), k))
    return kind, gain[kind]


def _group(page: ThreadPage, depth: int, posts: Sequence[list[int]]) -> _Group | None:
    """Choose the content kind inside a run of containers and score the run as a thread."""
    weights = _weights(page, posts)
    found = _content_kind(page, depth, posts, weights)
    if found is None:
        return None
    kind, score = found
    inside = {
        i
        for post in posts
        for i in post
        if any(page.kind(e) == kind for e in page.lines[i].path[depth + 1 :])
    }
    chosen = [
        i
        for post in posts
        for n, i in enumerate(post)
        if (i in inside and weights[i] is not None) or _nested_reply(page, post, n, weights)
    ]
    with_text = [p for p in posts if any(weights[i] for i in p)]
    boxed = [p for p in with_text if inside.intersection(p) and _has_box(page, p, inside, weights)]
    cards = sum(1 for post in posts if _is_card(page, post))
    if cards >= CARD_SHARE * len(posts):
        return None
    if len(boxed) < max(min(MIN_POSTS, len(posts)), BOXED_SHARE * len(with_text)):
        return None
    time_rows = _time_rows(page, posts, inside)
    if len(posts) < MIN_POSTS and time_rows < MIN_POSTS:
        return None
    return _Group(score, tuple(chosen), posts[0][0], kind, time_rows > len(posts))


def _prose_chars(page: ThreadPage) -> int:
    """Return the characters of the page's prose lines (those a paragraph would score)."""
    return sum(
        facts.own
        for line, facts in zip(page.lines, page.facts, strict=True)
        if line_score(line.text, line.linked, False) > 0
    )


def _in_kind(page: ThreadPage, index: int, kind: str) -> bool:
    """Tell a line set in the posts' content kind; a bare tag (`p`) names no kind of post."""
    if kind.endswith("."):
        return False
    return any(page.kind(e) == kind for e in page.lines[index].path)


def _headline(page: ThreadPage, title: str, first: int) -> int | None:
    """Return the line above the first post that prints the thread's title, if one does."""
    want = NON_WORD.sub("", title).casefold()
    for index, line in enumerate(page.lines[:first] if want else ()):
        key = NON_WORD.sub("", line.text).casefold()
        if key == want or (key and want.startswith(key) and 2 * len(key) >= len(want)):
            return index
    return None


def _lead(page: ThreadPage, start: int, group: _Group) -> tuple[list[int], list[int]]:
    """Return the lead's lines between the headline and the first post (a question, a post).

    Prose lines are kept, and every line set in the posts' content kind (a best answer's
    headings), and every other line of the element holding all the lead's prose but no post
    (the question's own body: its code, its short lines); labels, buttons and stamps are not.
    The prose lines come first, the whole lead second.
    """
    between = range(start + 1, group.first)
    prose = [i for i in between if not page.chrome(i) and _is_prose(page.lines[i])]
    body = _lead_body(page, start, prose)
    held = [i for i in between if body is not None and body in page.lines[i].path]
    if any(_in_kind(page, i, group.kind) for i in held):  # a best answer inside: a column
        held = []
    kept = {*prose, *held}
    lead = [i for i in between if i in kept or _in_kind(page, i, group.kind)]
    return prose, [i for i in lead if not page.chrome(i)]


def _is_prose(line: PageLine) -> bool:
    return ends_sentence(line.text) or line_score(line.text, line.linked, False) > 0


def _lead_body(page: ThreadPage, headline: int, prose: Sequence[int]) -> int | None:
    """Return the innermost element holding every prose line of the lead but not the headline."""
    if not prose:
        return None
    common = page.lines[prose[0]].path
    for index in prose[1:]:
        path = page.lines[index].path
        size = 0
        while size < min(len(common), len(path)) and common[size] == path[size]:
            size += 1
        common = common[:size]
    if not common or common[-1] in page.lines[headline].path:
        return None
    return common[-1]


def _without_repeated_quotes(page: ThreadPage, chosen: Sequence[int]) -> list[int]:
    """Drop a reply's quote of text the thread already holds: quoted text is kept once."""
    kept: list[int] = []
    before = ""
    for index in chosen:
        line = page.lines[index]
        key = NON_WORD.sub("", line.text).casefold()
        quoted = any(page.elements[e - 1].tag == "blockquote" for e in line.path)
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
    page = ThreadPage(lines, elements)
    best: _Group | None = None
    for depth, posts in _sibling_runs(page):
        found = _group(page, depth, posts)
        if found is not None and (best is None or found.score > best.score):
            best = found
    if best is None or best.score < MIN_THREAD_CHARS:
        return None
    if archive_entries(lines, best.first, best.lines[-1] + 1):  # a blog's posts, not replies
        return None
    headline = _headline(page, title, best.first)
    prose, lead = ([], []) if headline is None else _lead(page, headline, best)
    # Lead text set in the posts' content kind is a post too (a best answer shown first).
    lead_chars = sum(page.facts[i].own for i in prose if not _in_kind(page, i, best.kind))
    if lead_chars > MAX_LEAD_CHARS or (not best.nested and best.score < LEAD_RATIO * lead_chars):
        return None
    thread_chars = sum(page.facts[i].own for i in (*lead, *best.lines))
    if thread_chars < PAGE_SHARE * _prose_chars(page):
        return None
    opening = [] if headline is None else [headline]  # the topic or question the posts answer
    kept = _without_repeated_quotes(page, [*opening, *lead, *best.lines])
    return [lines[i].text for i in kept]


__all__ = ["thread_lines"]
