"""A page printing several whole posts (a blog's month archive) gives its first post only."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners.extract.page import Extracted, extract_html
from cleaners.extract.page_lines import page_lines
from cleaners.extract.post_archive import archive_entries
from cleaners.records import SiteRules

URL = "http://blog.example.org/archive.php?month=200703&id=77"
TITLE = "小雨的博客 | 博客首页"  # the blog's name: no post's headline
POSTS = (
    (
        "江南小镇的早晨",
        "2007-03-22 08:14:09",
        "清晨的小镇还没有醒来，石板路上只有挑着担子的老人慢慢走过，河面上飘着薄薄的雾气，"
        "远处传来几声鸡鸣，我站在桥上看了很久，直到第一缕阳光照到对岸的白墙上。",
    ),
    (
        "读书笔记：城南旧事",
        "2007-03-19 21:40:33",
        "这本书我读了三遍，每一遍都有不同的感受，小英子眼里的北京城南是那样安静又那样忧伤，"
        "那些人来了又走了，只留下一段一段的回忆，就像冬天的骆驼队缓缓走过胡同口。",
    ),
    (
        "周末做了一锅红烧肉",
        "2007-03-15 12:02:47",
        "周末朋友来家里吃饭，我照着外婆的方子做了一锅红烧肉，先焯水再炒糖色，小火慢炖一个半小时，"
        "端上桌的时候肥而不腻，大家都说好吃，外婆知道了一定很高兴，我打算下次再试试梅干菜扣肉。",
    ),
    (
        "雨天随想",
        "2007-03-08 19:26:05",
        "下了一整天的雨，哪里也去不了，就泡了一壶茶坐在窗前发呆，想起小时候下雨天在屋檐下折纸船，"
        "放进门前的水沟里看它漂远，那时候觉得水沟的尽头就是大海，现在想来真是天真得可爱。",
    ),
)
FOOTER = "小雨 发表于 {stamp} | 阅读(120) | 评论(3)"


def archive(posts: tuple[tuple[str, str, str], ...], *, linked_heads: bool = False) -> str:
    """Return a blog archive page: one table row per post, headline, stamp, text, footer."""
    rows = []
    for headline, stamp, text in posts:
        head = f"<a href='/post/{stamp[:10]}.html'>{headline}</a>" if linked_heads else headline
        rows.append(
            f"<tr><td class='t'>{head}<div class='d'><nobr>{stamp}</nobr></div></td></tr>"
            f"<tr><td class='c'><p>{text}</p></td></tr>"
            f"<tr><td class='f'><a href='/print'>[分享]</a> <em>{FOOTER.format(stamp=stamp)}</em>"
            "</td></tr>"
        )
    return (
        f"<html><head><title>{TITLE}</title></head><body><div class='menu'>"
        + "".join(f"<a href='/m{i}'>栏目{i}</a> " for i in range(8))
        + f"</div><table>{''.join(rows)}</table><div>版权所有 博客网</div></body></html>"
    )


def extracted(html: str) -> Extracted:
    result = extract_html(html, URL, SiteRules())
    assert isinstance(result, Extracted), result
    return result


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        (archive(POSTS), 1),
        (archive(POSTS, linked_heads=True), 1),
        (archive(POSTS[:3]), 1),
    ],
    ids=["four-posts", "linked-headlines", "three-posts"],
)
def test_an_archive_of_posts_gives_its_first_post(html: str, kept: int) -> None:
    body = "\n".join(extracted(html).body)
    texts = [text for _, _, text in POSTS]
    assert [text in body for text in texts[:kept]] == [True] * kept
    assert not any(text in body for text in texts[kept:])


def _entries(html: str) -> list[int]:
    lines = page_lines(LexborHTMLParser(html).body)
    return archive_entries(lines, 0, len(lines))


REPLY = (
    "我也遇到过这个问题，后来把驱动重新装了一遍就好了，"
    "你可以先试试卸载旧的驱动再重启电脑，不行再说。装好以后记得把系统更新也打上，"
    "有些老机器要先升级主板的固件才能认出新的驱动程序。"
)


def _thread(names: tuple[str, ...]) -> str:
    """Return forum replies: the poster's name above a bare time stamp, then the reply."""
    posts = "".join(
        f"<div class='p'><div>{name}</div><div>2021-03-0{i + 1} 10:12</div><p>{REPLY}{i}</p></div>"
        for i, name in enumerate(names)
    )
    return f"<html><body>{posts}</body></html>"


@pytest.mark.parametrize(
    ("html", "entries"),
    [
        (archive(POSTS), 4),
        (archive(POSTS[:2]), 0),
        (_thread(("老王", "小李", "老五", "阿强")), 4),
        (_thread(("老王", "小李", "老王", "阿强")), 0),
        (archive(tuple((h, s, "短短一句。") for h, s, _ in POSTS)), 0),
    ],
    ids=[
        "archive",
        "two-posts-are-no-archive",
        "posters-differ-the-shape-alone-matches",
        "posters-repeat-in-a-thread",
        "entries-without-prose",
    ],
)
def test_archive_entries_need_own_headlines_and_prose(html: str, entries: int) -> None:
    assert len(_entries(html)) == entries
