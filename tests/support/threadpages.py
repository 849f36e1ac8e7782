"""Forum thread pages as BBS engines and newer forums print them, for tests of thread reading."""

from __future__ import annotations

URL = "http://bbs.forum.example/thread-1024-1-1.html"
TITLE = "家里的老式空调漏水怎么修"
NAV = "".join(f'<a href="/forum-{i}-1.html">版块{i}</a> ' for i in range(10))
POSTS = (
    "空调用了八年，最近室内机一直往下滴水，地板都泡了，请问大家有没有遇到过？",
    "多半是排水管堵了，把外面那截管子拔下来吹一吹就好。",
    "也可能是滤网太脏，先把滤网拆下来洗干净试试。",
    "顶",
    "谢谢两位，吹了排水管之后果然不滴了！",
)
SIGNATURE = "生活就像一盒巧克力，你永远不知道下一块是什么味道"


def page(thread: str, *, extra: str = "") -> str:
    """Wrap a thread in a forum page: nav, headline, the posts, a footer."""
    return (
        f"<html><head><title>{TITLE} - 家电维修 - 生活论坛</title></head><body>"
        f"<div class='nav'>{NAV}</div><h1>{TITLE}</h1>{thread}{extra}"
        "<div class='foot'>Powered by 论坛程序 © 2001-2021</div></body></html>"
    )


def table_posts(texts: tuple[str, ...] = POSTS, *, quote: str = "", hidden: str = "") -> str:
    """Posts as old BBS engines print them: one table per post, user cell left, text right."""
    floors = ("楼主", "沙发", "板凳", "地板")
    rows = []
    for n, text in enumerate(texts):
        floor = floors[n] if n < len(floors) else f"{n + 1}#"
        body = (quote if n == 2 else "") + text
        rows.append(
            f"<div id='post_{n}'><table class='plhin'><tr>"
            f"<td class='pls'><div class='pi'><a href='/space-uid-{n}.html'>会员{n}号</a></div>"
            f"<img src='/avatar/{n}.png'><dl><dt>积分</dt><dd>{120 * n + 7}</dd>"
            f"<dt>帖子</dt><dd>{n + 3}</dd></dl></td>"
            f"<td class='plc'><div class='pti'><a href='#post_{n}'>{floor}</a>"
            f"<em>发表于 2021-3-{n + 5} 10:{n + 10}</em></div>"
            f"<div class='pct'><table><tr><td class='t_f'>{body}</td></tr></table></div>"
            f"<hr><div class='sign'>{SIGNATURE}</div>"
            f"<div class='po'><a href='javascript:;'>回复</a> <a href='/report/{n}'>举报</a></div>"
            "</td></tr></table></div>"
        )
    return f"<div id='postlist'>{''.join(rows)}{hidden}</div>"


def div_posts(texts: tuple[str, ...] = POSTS) -> str:
    """Posts as newer forums print them: an article per post, header, body, footer."""
    items = []
    for n, text in enumerate(texts):
        first, comma, rest = text.partition("，")
        paragraphs = f"<p>{first}{comma}</p><p>{rest}</p>" if rest else f"<p>{text}</p>"
        items.append(
            f"<div class='stream-item'><article class='post'><header class='post-header'>"
            f"<a class='user' href='/u/user{n}'>user{n}</a>"
            f"<time>2023年10月{n + 2}日 1{n}点2{n}分</time><span>发布 #{n + 1}</span></header>"
            f"<div class='post-body'>{paragraphs}</div>"
            f"<footer class='post-footer'>{n + 2} 人觉得很赞 <button>回复</button></footer>"
            "</article></div>"
        )
    return f"<div class='post-stream'>{''.join(items)}</div>"
