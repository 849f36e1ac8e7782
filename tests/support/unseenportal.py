"""A made-up portal on 127.0.0.1 whose article URLs match no shape the crawler knows.

    /                     front page: two blocks (通知公告, 部门动态), each with a 更多 link
    /notice/              通知公告: three pages (下一页), <ul><li><a><span>date</span>
    /dept/go.list         部门动态: one page of div cards, articles under /dept/item/<hash>
    /gsgg/index.shtm      公示公告: a GBK table page with no charset and one relative link
    /about/               a page of chrome only: no article family at all

Every page carries a menu, a breadcrumb, ads, a footer and a 热点 sidebar of articles of a
third column (/zt/…), which no start listing lists as its own: they must not be fetched.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from crawlportal import SENTENCES
from pageserver import serve_pages

NOTICE_PAGES = 3
NOTICE_PER_PAGE = 4
NOTICE = tuple(f"/notice/rd~{5301 - i}.xhtm" for i in range(10))
DEPT = tuple(f"/dept/item/{i}c0ffee{i}9ab{i}" for i in range(5))
GSGG = ("/gsgg/docs/ann-4417.shtm",)
HOT = tuple(f"/zt/v/{i}/{800 + i}.xhtm" for i in range(5))
TITLES = {
    **{p: f"关于做好春季重点工作的第{i + 1}号通知公告" for i, p in enumerate(NOTICE)},
    **{p: f"部门动态:区人社局开展春风行动专场招聘第{i + 1}场" for i, p in enumerate(DEPT)},
    GSGG[0]: "示例区二〇二〇年度公开招聘工作人员拟聘用人员公示",
    **{p: f"热点关注:市场监管部门开展食品安全检查之{i + 1}" for i, p in enumerate(HOT)},
}


def _day(i: int) -> str:
    return f"2020-03-{20 - i:02d}"


def _chrome(body: str, title: str, *, sidebar: bool = True) -> str:
    """Wrap a page body in the portal's menu, ads, sidebar (unless told not to) and footer."""
    menu = "".join(
        f'<li><a href="{h}">{t}</a></li>'
        for h, t in (("/", "首页"), ("/notice/", "通知公告"), ("/dept/go.list", "部门动态"),
                     ("/gsgg/index.shtm", "公示公告"), ("/about/", "关于我们"))
    )  # fmt: skip
    hot = "".join(f'<li><a href="{p}">{TITLES[p]}</a></li>' for p in HOT) if sidebar else ""
    return (
        f"<html><head><title>{title}_示例区政府网</title></head><body>"
        f'<div class="top"><ul class="nav">{menu}</ul></div>'
        '<div class="crumb">当前位置:<a href="/">首页</a> &gt; 栏目</div>'
        '<div class="ad"><a href="/ad/spring.htm"><img src="/ad.gif"></a></div>'
        f'<div class="wrap"><div class="left">{body}</div>'
        f'<div class="right"><div class="box"><h3>热点</h3><ul>{hot}</ul></div></div></div>'
        '<div class="foot"><a href="/about/">关于我们</a> <a href="/map/">网站地图</a>'
        "<p>主办:示例区人民政府 联系电话:0000-7654321</p></div></body></html>"
    )


@dataclass
class UnseenPortal:
    """The portal's pages and what it was asked for."""

    base: str = ""
    hits: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start_articles(self) -> list[str]:
        """Return the articles the start listings link as their own."""
        return [self.base + p for p in (*NOTICE, *DEPT, *GSGG)]

    def page(self, path: str) -> tuple[bytes, str] | None:
        """Return the body and content type of a path."""
        if path == "/gsgg/index.shtm":
            return self._gsgg().encode("gbk"), "text/html"
        if path in TITLES:
            encoding = "gbk" if path in GSGG else "utf-8"
            return self._article(path).encode(encoding), f"text/html; charset={encoding}"
        html = self._listing(path)
        return (html.encode("utf-8"), "text/html; charset=utf-8") if html else None

    def _listing(self, path: str) -> str | None:
        if path == "/":
            return self._front()
        if path == "/notice/" or path.startswith("/notice/?pg="):
            n = int(path.split("=")[1]) if "=" in path else 1
            return self._notice(n)
        if path == "/dept/go.list":
            return self._dept()
        if path == "/about/":
            about = "<p>示例区人民政府主办。</p><p>地址:示例路1号</p>"
            return _chrome(about, "关于我们", sidebar=False)
        return None

    def _front(self) -> str:
        notice = "".join(f'<li><a href="{p}">{TITLES[p]}</a></li>' for p in NOTICE[:3])
        dept = "".join(f'<li><a href="{p}">{TITLES[p]}</a></li>' for p in DEPT[:3])
        body = (
            '<div class="col"><div class="hd"><span>通知公告</span>'
            f'<a href="/notice/">更多&gt;&gt;</a></div><ul>{notice}</ul></div>'
            '<div class="col"><div class="hd"><span>部门动态</span>'
            f'<a href="/dept/go.list">更多</a></div><ul>{dept}</ul></div>'
        )
        return _chrome(body, "首页")

    def _notice(self, n: int) -> str:
        first = (n - 1) * NOTICE_PER_PAGE
        rows = "".join(
            f'<li><a href="{p.rsplit("/", 1)[1]}">{TITLES[p]}</a>'
            f"<span>{_day(first + i)}</span></li>"
            for i, p in enumerate(NOTICE[first : first + NOTICE_PER_PAGE])
        )
        pager = " ".join(f'<a href="?pg={k}">{k}</a>' for k in range(1, NOTICE_PAGES + 1))
        if n < NOTICE_PAGES:
            pager += f' <a href="?pg={n + 1}">下一页</a>'
        return _chrome(f'<ul class="lst">{rows}</ul><div class="pg">{pager}</div>', "通知公告")

    def _dept(self) -> str:
        cards = "".join(
            f'<div class="card"><h4><a href="{self.base}{p}">{TITLES[p]}</a></h4>'
            f"<p>摘要:招聘会吸引多家企业进场。</p><i>{_day(i)[5:]}</i></div>"
            for i, p in enumerate(DEPT)
        )
        return _chrome(f'<div class="cards">{cards}</div>', "部门动态")

    def _gsgg(self) -> str:
        row = (
            '<table class="tb"><tr><td>·</td><td><a href="docs/ann-4417.shtm">'
            f"{TITLES[GSGG[0]]}</a></td><td>2020-03-18</td></tr></table>"
        )
        return _chrome(row, "公示公告")

    def _article(self, path: str) -> str:
        k = sum(map(ord, path))
        picked = [SENTENCES[(k + j * 7) % len(SENTENCES)] for j in range(6)]
        paragraphs = "".join(
            f"<p>{picked[j]}{picked[j + 1]}各项工作正有序推进。</p>" for j in range(0, 6, 2)
        )
        body = (
            f'<h1>{TITLES[path]}</h1><div class="info">2020-03-18 09:30 来源:示例区政府办</div>'
            f'<div id="zoom">{paragraphs}</div>'
        )
        return _chrome(body, TITLES[path])


@contextmanager
def serve_unseen() -> Iterator[UnseenPortal]:
    """Serve the portal on 127.0.0.1 in a thread for the duration of the block."""
    with serve_pages(UnseenPortal()) as portal:
        yield portal


def unseen_config(portal: UnseenPortal) -> str:
    """Return a sources file: the front page and the GBK column as starts, no article regex."""
    return f"""
[defaults]
delay_s = 0.0
max_attempts = 1
timeout_s = 10.0
obey_robots = false
allow_private = true  # the portal is served on 127.0.0.1

[[source]]
key = "unseen"
name = "示例区政府网"
start = ["{portal.base}/", "{portal.base}/gsgg/index.shtm"]
max_pages = 5

[[source]]
key = "chrome-only"
start = ["{portal.base}/about/"]
"""
