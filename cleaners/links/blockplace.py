"""Place a listing's article blocks: the column's own, or sidebars of other columns.

A column page keeps the blocks near its best one's score (tabs and cards of one place scored
together), and the lists in the best list's own column whatever their size; a portal's front
page keeps every news block but its top lists and stale boxes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from cleaners.links.listing import MIN_ROWS

SIDE_RATIO = 0.5  # an article block scoring under half the page's best is a sidebar
FRONT_BLOCKS = 2  # blocks leading to their own columns ("更多") make a page a front page
MANY_PLACES = 12  # article lists in this many places make a portal's front page: a column
# page shows its list, its tabs and a few sidebars (7 at most on the labelled listings)
STALE_DAYS = 365  # a front page's block whose newest link is a year older than the page's
# newest is an evergreen or advertising box, not news (news blocks show the last days)
KIN_SHARE = 0.5  # a block whose links are mostly of the best block's URL families is its kin


@dataclass(frozen=True, slots=True)
class Verdict:
    """How one block was judged: navigation, chrome, or an article block with its score."""

    kind: Literal["navigation", "chrome", "article", "side"]
    score: float = 0.0
    in_column: bool = False  # most of its links sit under the listing's own directory
    columns: tuple[str, ...] = ()  # the column pages its box links to ("更多", heading)
    front: bool = False  # kept on a front page, whose blocks lead to their columns
    family: str = ""  # its place with sibling positions left out: tabs and cards share one
    side: bool = False  # it sits in a side column by the page's own markup
    ranked: bool = False  # a top list (Block.ranked)
    path: tuple[int, ...] = ()  # its container's ancestors, outermost first (Block.path)
    beaten: bool = False  # made a sidebar by its score alone, not by its place or markup
    templates: frozenset[str] = frozenset()  # the URL families of its article links
    newest: date | None = None  # the latest date its article links show or carry in the URL


def place_blocks(verdicts: list[Verdict]) -> list[Verdict]:
    """Turn article blocks that are not the column's own into sidebars ("side").

    On a front page (its best block, or several, lead to their columns) every block that
    leads to a column is kept; on a column page only the blocks near the best one's score.
    """
    articles = [v for v in verdicts if v.kind == "article"]
    if any(not v.side for v in articles):  # a side column's lists are never the page's own
        verdicts = [
            replace(v, kind="side") if v.kind == "article" and v.side else v for v in verdicts
        ]
        articles = [v for v in articles if not v.side]
    many = len({v.family for v in articles}) >= MANY_PLACES  # a portal's front page
    if many:  # its news blocks come from every column; top lists and stale boxes are none
        newest = max((v.newest for v in articles if v.newest is not None), default=None)
        aside = [v.ranked or _stale(v, newest) for v in verdicts]
        verdicts = [
            replace(v, kind="side") if v.kind == "article" and off else v
            for v, off in zip(verdicts, aside, strict=True)
        ]
        articles = [v for v in articles if not (v.ranked or _stale(v, newest))]
    column_first = not many and any(
        v.in_column for v in articles
    )  # the column's list sits in its folder
    eligible = [v for v in articles if v.in_column or not column_first]
    best = max(eligible, key=lambda v: v.score, default=None)
    if best is None:
        return verdicts
    front = bool(best.columns) or sum(bool(v.columns) for v in eligible) >= FRONT_BLOCKS
    group_score: dict[str, float] = {}
    for verdict in eligible:
        group_score[verdict.family] = group_score.get(verdict.family, 0.0) + verdict.score
    top = max(group_score.values())
    placed = [
        _place(v, v in eligible, 0 if many else top, front, group_score.get(v.family, 0.0))
        for v in verdicts
    ]
    lead = max(eligible, key=lambda v: (group_score[v.family], v.score))  # best of the top group
    return _beside_best(placed, lead)


def _beside_best(verdicts: list[Verdict], best: Verdict) -> list[Verdict]:
    """Keep the beaten blocks of the best block's URL family that share its column.

    A focus slider above the column's list links the list's own kind of page and parts from
    the list deeper in the page than the side column's boxes of that kind do: it is the
    column's own, however few its rows. When every such block parts at one depth (a single
    side column), none is kept.
    """
    kin = [
        v
        for v in verdicts
        if v.beaten
        and v.path
        and v is not best
        and len(v.templates & best.templates) >= KIN_SHARE * len(v.templates)
    ]
    if not best.path or len(kin) < MIN_ROWS:
        return verdicts
    outer = min(_shared_depth(v.path, best.path) for v in kin)
    keep = {id(v) for v in kin if _shared_depth(v.path, best.path) > outer}
    return [replace(v, kind="article", front=best.front) if id(v) in keep else v for v in verdicts]


def _shared_depth(path: tuple[int, ...], other: tuple[int, ...]) -> int:
    """Return how many outer containers two blocks share."""
    depth = 0
    for mine, theirs in zip(path, other, strict=False):
        if mine != theirs:
            break
        depth += 1
    return depth


def _stale(verdict: Verdict, newest: date | None) -> bool:
    """Tell whether a front page's block shows nothing from the last STALE_DAYS of the page."""
    if verdict.newest is None or newest is None:
        return False
    return (newest - verdict.newest).days > STALE_DAYS


def _place(verdict: Verdict, eligible: bool, best: float, front: bool, group: float) -> Verdict:
    """Keep an article block as the page's own, or turn it into a sidebar.

    Blocks that repeat one place of the page (tabs, cards, a front page's section lists)
    are scored together: a list of three headlines beside twenty like it is no sidebar.
    """
    if verdict.kind != "article":
        return verdict
    near_best = group >= SIDE_RATIO * best
    if eligible and (near_best or (front and verdict.columns)):
        return replace(verdict, front=front)
    return replace(verdict, kind="side", beaten=eligible)
