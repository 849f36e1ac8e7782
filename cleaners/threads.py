"""Find the posts of a forum thread around the richest run of prose, and keep each post's text.

A thread repeats one container per post (same tag, same class): the user box, the post's text,
a signature and reply buttons. The richest run of prose covers one post at best, so around it
the nearest ancestor whose children repeat one such container, each holding prose, is the
thread; its posts' text lines are the body, in order, without the boxes between them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from selectolax.lexbor import LexborNode

from cleaners.blocks import SPACES, PageLine
from cleaners.text import ends_sentence

MIN_POSTS = 3  # fewer repeated containers with prose are an article's sections, not a thread
MAX_LEVELS = 8  # a thread's container sits at most this many levels above a post's text
POST_SHARE = 0.6  # the repeated containers hold this share of the ancestor's prose at least
MIN_POST_CHARS = 8  # a post line shorter than this without a sentence end is a label


def _signature(node: LexborNode) -> str:
    return f"{node.tag}.{node.attributes.get('class') or ''}"


def _own(line: PageLine) -> int:
    return len(SPACES.sub("", line.text)) - line.linked


def _is_text(line: PageLine, score: int) -> bool:
    """Tell a post's text line from its user box, signature and buttons."""
    if 2 * line.linked > len(SPACES.sub("", line.text)):
        return False
    return score > 0 or (ends_sentence(line.text) and _own(line) >= MIN_POST_CHARS // 2)


def thread_posts(
    lines: Sequence[PageLine],
    scores: Sequence[int],
    elements: Sequence[LexborNode],
    run: tuple[int, int],
) -> list[int] | None:
    """Return the indices of the thread's text lines, or None when the run is no post."""
    if not elements:
        return None
    anchor = lines[run[0]].path
    for depth in range(len(anchor) - 2, max(len(anchor) - 2 - MAX_LEVELS, -1), -1):
        found = _posts_under(lines, scores, elements, anchor[depth], depth, run)
        if found is not None:
            return found
    return None


def _posts_under(
    lines: Sequence[PageLine],
    scores: Sequence[int],
    elements: Sequence[LexborNode],
    ancestor: int,
    depth: int,
    run: tuple[int, int],
) -> list[int] | None:
    """Return the post text lines when the children of `ancestor` repeat one post container."""
    inside = [i for i, line in enumerate(lines) if line.path[depth : depth + 1] == (ancestor,)]
    children: dict[int, list[int]] = {}
    for index in inside:
        path = lines[index].path
        if len(path) > depth + 1:
            children.setdefault(path[depth + 1], []).append(index)
    prose = {child: sum(max(scores[i], 0) for i in held) for child, held in children.items()}
    kinds = Counter(_signature(elements[child - 1]) for child, gain in prose.items() if gain > 0)
    if not kinds:
        return None
    kind, count = kinds.most_common(1)[0]
    if count < MIN_POSTS:
        return None
    posts = [c for c in children if _signature(elements[c - 1]) == kind and prose[c] > 0]
    if sum(prose[c] for c in posts) < POST_SHARE * sum(prose.values()):
        return None
    holding = [c for c in posts if run[0] in children[c]]
    if not holding or run[1] - 1 not in children[holding[0]]:
        return None  # the run spans several children: they are an article's paragraphs
    return [i for c in posts for i in children[c] if _is_text(lines[i], scores[i])]
