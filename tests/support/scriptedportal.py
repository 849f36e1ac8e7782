"""A made-up portal on 127.0.0.1 whose lists are data, not links in the HTML.

/gov/col/                 a government column: its rows are XML records in a
                          <script type="text/xml"> block (6 of 10), the rest paged
                          through /gov/proxy.jsp?startrecord=…&endrecord=…&perpage=3
/app/news/                a page drawn by script: no article link, its script names
                          /api/news.json?page=1 (JSON, 3 a page, 2 pages)
/api/hot.jsonp?cb=f&pn=1  a JSONP start URL (2 a page, 2 pages), dates as Unix ms
/blog/                    only a menu, and <link rel="alternate"> to /blog/feed.xml
/hw/col/, /hw/quiet/      government columns whose pager endpoint /hw/dataproxy.jsp answers
                          rows only to a POST (4 of 8 in the page, 2 a page after); the
                          first names it by proxyUrl and ajaxParam and says POST, the
                          second by a <nextgroup> link and says nothing
/bare/                    cards opened by script (no link, no endpoint); robots.txt names
                          /sitemap.xml, which lists two articles
/cards/                   cards opened by script, nothing else anywhere
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from crawlportal import SENTENCES
from pageserver import serve_pages

GOV = tuple(f"/gov/art/2020/3/{20 - i}/art_9_{700 + i}.html" for i in range(10))
GOV_IN_PAGE = 6  # records the column page holds itself; the pager gives the rest
GOV_PER_PAGE = 3
HW = tuple(f"/hw/art/2021/5/{20 - i}/art_3_{900 + i}.html" for i in range(8))
HW_QUIET = tuple(f"/hw/art/2021/6/{20 - i}/art_4_{500 + i}.html" for i in range(8))
HW_IN_PAGE, HW_PER_PAGE = 4, 2
NEWS = tuple(f"/app/story/{i:04x}9e" for i in range(6))
NEWS_PER_PAGE = 3
HOT = tuple(f"/app/hot/{i}x.htm" for i in range(4))
HOT_PER_PAGE = 2
BLOG = tuple(f"/blog/posts/spring-note-{i}" for i in range(3))
DAY0_MS, DAY_MS = 1584662400000, 86400000  # 2020-03-20 00:00 UTC, one day
CROSS = tuple(f"/cross/story{i}.html" for i in range(4))
MAPPED = tuple(f"/bare/doc{i}.htm" for i in range(2))
MENU = (("/", "首页"), ("/gov/col/", "政务公开"), ("/blog/", "博客"), ("/about/", "关于"))
TITLES = {
    **{p: f"关于开展第{i + 1}批春季安全生产检查的通知" for i, p in enumerate(GOV)},
    **{p: f"关于做好第{i + 1}批夏季防汛值守工作的通知" for i, p in enumerate(HW)},
    **{p: f"关于公布第{i + 1}批政务服务事项清单的通知" for i, p in enumerate(HW_QUIET)},
    **{p: f"城市快讯:新建口袋公园第{i + 1}处向市民开放" for i, p in enumerate(NEWS)},
    **{p: f"热点:全市中小学春季开学工作有序推进之{i + 1}" for i, p in enumerate(HOT)},
    **{p: f"博客:一次城市慢行路线的春日记录第{i + 1}篇" for i, p in enumerate(BLOG)},
    **{p: f"公开文件:年度政府信息公开工作报告第{i + 1}号" for i, p in enumerate(MAPPED)},
    **{p: f"频道新闻:跨主机列出的第{i + 1}篇城市新闻报道" for i, p in enumerate(CROSS)},
}


def _page(body: str, title: str, head: str = "") -> str:
    """Wrap a body in the portal's menu and footer."""
    menu = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in MENU)
    return (
        f"<html><head><title>{title}</title>{head}</head><body><ul class='nav'>{menu}</ul>"
        f"<div class='main'>{body}</div><div class='foot'>主办:示例市人民政府</div></body></html>"
    )


def _record(path: str, i: int) -> str:
    return (
        f'<record><![CDATA[<li><a href="{path}" target="_blank">{TITLES[path]}</a>'
        f"<span>2020-03-{20 - i:02d}</span></li>]]></record>"
    )


def _datastore(first: int, last: int, head: str = "", paths: tuple[str, ...] = GOV) -> str:
    rows = "".join(_record(p, first + i) for i, p in enumerate(paths[first:last]))
    return f"<datastore>{head}<recordset>{rows}</recordset></datastore>"


def _cards() -> str:
    return "".join(
        f"<div class='card' onclick=\"open({i})\"><h3>{t}</h3></div>"
        for i, t in enumerate(list(TITLES.values())[:4])
    )


@dataclass
class ScriptedPortal:
    """The portal's pages and what it was asked for."""

    base: str = ""
    hits: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def articles(self, *groups: tuple[str, ...]) -> list[str]:
        """Return the absolute URLs of groups of article paths."""
        return [self.base + p for group in groups for p in group]

    def page(self, path: str) -> tuple[bytes, str] | None:
        """Return the body and content type of a path."""
        parts = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path in TITLES:
            return self._article(parts.path).encode(), "text/html; charset=utf-8"
        answer = self._list(parts.path, query)
        if answer is None:
            return None
        text, ctype = answer
        return text.encode(), ctype

    def posted(self, path: str, form: str) -> tuple[bytes, str] | None:
        """Answer a POST: the record endpoint's rows, asked by form fields."""
        fields = {k: v[0] for k, v in parse_qs(form).items()}
        if urlsplit(path).path != "/hw/dataproxy.jsp" or "columnid" not in fields:
            return None
        first, last = int(fields["startrecord"]) - 1, int(fields["endrecord"])
        paths = HW if fields["columnid"] == "31" else HW_QUIET
        total = f"<totalrecord>{len(paths)}</totalrecord>"  # as such endpoints answer
        xml = '<?xml version="1.0" encoding="UTF-8"?>' + _datastore(first, last, total, paths)
        return xml.encode(), "text/xml"

    def _hanweb(self, column: int, says_post: bool) -> str:
        """A column page: its first records, and a pager naming the endpoint one of two ways.

        The first names it by `proxyUrl` with the column in `ajaxParam` and says POST; the
        second by a `<nextgroup>` link, and says nothing of the method.
        """
        paths = HW if says_post else HW_QUIET
        link = f"<a href='/hw/dataproxy.jsp?webid=2&columnid={column}'></a>"
        group = "" if says_post else f"<nextgroup><![CDATA[{link}]]></nextgroup>"
        store = _datastore(0, HW_IN_PAGE, group, paths=paths)
        settings = f"perPage: {HW_PER_PAGE}, totalRecord: {len(HW)}"
        if says_post:
            fields = f"ajaxParam: {{webid: 2, columnid: {column}, path: '/'}}"
            settings += f", proxyUrl: '/hw/dataproxy.jsp', type: 'POST', {fields}"
        pager = f"<script>$('#{column}').jpage({{{settings}}});</script>"
        return _page(
            f"<div id='{column}'><script type='text/xml'>{store}</script></div>{pager}", "信息公开"
        )

    def _list(self, path: str, query: dict[str, str]) -> tuple[str, str] | None:
        html = "text/html; charset=utf-8"
        if path == "/gov/col/":
            return self._gov(), html
        if path == "/gov/proxy.jsp":
            first, last = int(query["startrecord"]) - 1, int(query["endrecord"])
            return '<?xml version="1.0" encoding="UTF-8"?>' + _datastore(first, last), "text/xml"
        if path in ("/hw/col/", "/hw/quiet/"):
            return self._hanweb(31 if path == "/hw/col/" else 32, path == "/hw/col/"), html
        if path == "/hw/dataproxy.jsp":  # asked by GET: an empty answer, as such endpoints give
            return '<?xml version="1.0"?><datastore><recordset></recordset></datastore>', "text/xml"
        if path == "/app/news/":
            script = "<script>fetch('/api/news.json?page=1').then(draw)</script>"
            return _page("<div id='list'></div>" + script, "城市快讯"), html
        if path == "/api/news.json":
            return self._json(NEWS, NEWS_PER_PAGE, int(query["page"])), "application/json"
        if path == "/api/hot.jsonp":
            data = self._json(HOT, HOT_PER_PAGE, int(query["pn"]))
            return f"{query['cb']}({data});", "application/javascript"
        if path == "/blog/":
            feed = '<link rel="alternate" type="application/rss+xml" href="/blog/feed.xml">'
            return _page("<p>博客文章见订阅。</p>", "博客", feed), html
        if path == "/blog/feed.xml":
            return self._feed(), "application/rss+xml"
        if path == "/cross/":  # a channel listing articles on another host of its site
            rows = "".join(f'<li><a href="{self.base}{p}">{TITLES[p]}</a></li>' for p in CROSS)
            return _page(f"<ul class='list'>{rows}</ul>", "频道"), html
        if path in ("/bare/", "/cards/"):
            return _page(_cards(), "专题"), html
        if path == "/robots.txt":
            return f"User-agent: *\nAllow: /\nSitemap: {self.base}/sitemap.xml\n", "text/plain"
        if path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{self.base}{p}</loc></url>" for p in MAPPED)
            sitemap = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            return f"{sitemap}{urls}</urlset>", "application/xml"
        return None

    def _gov(self) -> str:
        group = (
            "<nextgroup><![CDATA[<a href='/gov/proxy.jsp?webid=1&columnid=9'></a>]]></nextgroup>"
        )
        store = _datastore(0, GOV_IN_PAGE, group)
        settings = f"perPage: {GOV_PER_PAGE}, totalRecord: {len(GOV)}"
        pager = f"<script>$('#77').pager({{{settings}}});</script>"
        body = f"<div id='77'><script type='text/xml'>{store}</script></div>{pager}"
        return _page(body, "政务公开")

    def _json(self, paths: tuple[str, ...], per: int, n: int) -> str:
        rows = [
            {"id": i, "title": TITLES[p], "url": self.base + p,
             "pubTime": DAY0_MS - i * DAY_MS, "tag": "城市"}
            for i, p in enumerate(paths)
        ][(n - 1) * per : n * per]  # fmt: skip
        return json.dumps({"code": 0, "data": {"list": rows}}, ensure_ascii=False)

    def _feed(self) -> str:
        items = "".join(
            f"<item><title>{TITLES[p]}</title><link>{self.base}{p}</link>"
            "<pubDate>Fri, 20 Mar 2020 08:00:00 +0800</pubDate></item>"
            for p in BLOG
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'

    def _article(self, path: str) -> str:
        k = sum(map(ord, path))
        picked = [SENTENCES[(k + j * 7) % len(SENTENCES)] for j in range(6)]
        paragraphs = "".join(
            f"<p>{picked[j]}{TITLES[path]}一事已于第{k % 97 + j}周完成。{picked[j + 1]}</p>"
            for j in range(0, 6, 2)
        )
        body = (
            f"<h1>{TITLES[path]}</h1><div class='info'>2020-03-18 09:30 来源:示例市政府办</div>"
            f"<div id='zoom'>{paragraphs}</div>"
        )
        return _page(body, TITLES[path])


@contextmanager
def serve_scripted() -> Iterator[ScriptedPortal]:
    """Serve the portal on 127.0.0.1 in a thread for the duration of the block."""
    with serve_pages(ScriptedPortal()) as portal:
        yield portal


def _localhost(portal: ScriptedPortal) -> str:
    """Return the portal's base URL under the name localhost: the same server, another host."""
    return portal.base.replace("127.0.0.1", "localhost")


def scripted_config(portal: ScriptedPortal, other: ScriptedPortal) -> str:
    """Return a sources file with one source per kind of list, no article regex.

    The source of cards opened by script is on the other server: its robots.txt names a
    sitemap of its own, so the two sources' fallbacks do not read one sitemap.
    """
    sources = {
        "gov": f"{portal.base}/gov/col/",
        "hanweb": f"{portal.base}/hw/col/",  # its pager script says POST
        "hanweb_quiet": f"{portal.base}/hw/quiet/",  # GET gives nothing: POST is tried
        "app": f"{portal.base}/app/news/",
        "hot": f"{portal.base}/api/hot.jsonp?cb=jsonp_cb&pn=1",
        "blog": f"{portal.base}/blog/",
        "bare": f"{portal.base}/bare/",
        "cards": f"{other.base}/cards/",
        "cross": f"{_localhost(portal)}/cross/",  # its list is on 127.0.0.1: another host
        "narrow": f"{_localhost(portal)}/cross/?v=2",  # the same without `hosts`: none taken
    }
    extra = {"cross": 'hosts = ["127.0.0.1"]\n'}
    blocks = "".join(
        f'\n[[source]]\nkey = "{key}"\nstart = ["{url}"]\nmax_pages = 5\n{extra.get(key, "")}'
        for key, url in sources.items()
    )
    return f"""
[defaults]
delay_s = 0.0
max_attempts = 1
timeout_s = 10.0
allow_private = true  # the portal is served on 127.0.0.1
{blocks}"""
