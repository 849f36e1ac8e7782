"""A small made-up news portal on 127.0.0.1 for crawl tests: listings, a pager, GBK articles.

Articles answer conditional GETs with 304, paths can be made to fail with 503, and every
request is counted, so tests can tell what a run fetched.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from pageserver import serve_handler

SITE_NAME = "示例市新闻网"
PER_PAGE = 4
MAX_ARTICLES = 28  # one a day in March 2020, newest first
LAST_MODIFIED = "Fri, 20 Mar 2020 02:00:00 GMT"

SENTENCES = (
    "市交通运输局当天召开专题会议,部署春季道路养护和桥梁安全检查工作。",
    "会议要求各区县在四月底前完成辖区内重点路段的排查,并建立问题台账。",
    "据介绍,今年全市计划改造老旧小区一百二十个,惠及居民三万余户。",
    "河湖长制工作推进会提出,要把水质监测点位延伸到每一条支流。",
    "农业农村部门组织技术人员下乡,指导农户做好小麦春季田间管理。",
    "市场监管部门在节前开展食品安全专项抽检,共抽检样品八百余批次。",
    "新建的城市书房已向市民开放,每天从早上九点开放到晚上九点。",
    "区人社局举办的春风行动招聘会吸引了六十多家企业进场招聘。",
    "气象台预计,本周后期将有一次明显降温过程,请市民注意添衣保暖。",
    "文化馆的非遗展览展出剪纸、刺绣和木版年画等作品两百余件。",
    "卫生健康委员会提醒,春季是流感高发季节,老人和儿童应及时接种疫苗。",
    "开发区管委会与五家企业签订入园协议,总投资额超过十亿元。",
    "公交集团调整了三条线路的首末班时间,方便早晚通勤的乘客出行。",
    "教育局公布了今年义务教育阶段学校的招生范围和报名时间安排。",
    "消防救援支队走进社区,向居民演示灭火器的正确使用方法。",
    "图书馆推出线上借阅服务,读者可以在手机上预约并到自助柜取书。",
    "生态环境局通报了一季度空气质量情况,优良天数比例同比上升。",
    "街道组织志愿者为独居老人上门体检,并建立了健康档案。",
    "供电公司对城区十座变电站进行检修,确保用电高峰期间供电稳定。",
    "体育中心将举办全民健身运动会,设置跑步、跳绳和乒乓球等项目。",
    "商务部门统计显示,节日期间全市重点商贸企业销售额保持增长。",
    "自然资源部门启动了新一轮植树造林,计划新增绿地面积两千亩。",
    "法院开展法律进乡村活动,为村民讲解土地承包和婚姻家庭方面的法律知识。",
    "旅游部门推出十条春季赏花线路,串联起周边乡村的特色民宿和农家乐。",
)


XML_PAGES = {  # path -> method making the body
    "/news/rss.xml": "_rss",
    "/sitemap.xml": "_sitemap_index",
    "/sitemap-news.xml": "_sitemap",
}


@dataclass
class PortalServer:
    """The portal's pages, what it was asked for, and which paths fail."""

    articles: int = 12
    delay_s: float = 0.0  # per article response, to give a kill time to land mid-run
    base: str = ""
    hits: Counter[str] = field(default_factory=Counter)
    not_modified: Counter[str] = field(default_factory=Counter)
    failing: set[str] = field(default_factory=set)  # answer 503
    missing: set[str] = field(default_factory=set)  # listed, but answer 404
    soft_404: bool = False  # listing page 1 also links a page answering 200 "页面不存在"
    copies: int = 0  # listing page 1 also links this many republished copies of article 0
    aliases: int = 0  # listing page 1 also links this many URLs that 301 to article 0
    revised: bool = False  # every article carries a correction: pages edited after a crawl
    lock: threading.Lock = field(default_factory=threading.Lock)

    def article_path(self, i: int) -> str:
        """Return the path of article i (0-based): TRS-style, newest first, one day apart."""
        return f"/news/202003/t202003{_day_of_month(i):02d}_{1000 + i}.html"

    def soft_404_path(self) -> str:
        """Return the path of the listed page that answers 200 but says it is gone."""
        return "/news/202003/t20200331_4040.html"

    def copy_path(self, k: int) -> str:
        """Return the path of the k-th (0-based) republished copy of article 0."""
        return f"/news/202003/t20200331_{3000 + k}.html"

    def alias_path(self, k: int) -> str:
        """Return the path of the k-th (0-based) alias that redirects to article 0."""
        return f"/news/202003/t20200331_{5000 + k}.html"

    def redirect(self, path: str) -> str | None:
        """Return where a path redirects to (an alias to article 0), None for no redirect."""
        aliases = {self.alias_path(k) for k in range(self.aliases)}
        return self.article_path(0) if path in aliases else None

    def extra_paths(self) -> list[str]:
        """Return the soft 404, copies and aliases listing page 1 links besides the articles."""
        soft = [self.soft_404_path()] if self.soft_404 else []
        aliases = [self.alias_path(k) for k in range(self.aliases)]
        return soft + [self.copy_path(k) for k in range(self.copies)] + aliases

    def listing_path(self, page: int) -> str:
        """Return the path of listing page `page` (1-based): index.html, index_1.html, ..."""
        return "/news/index.html" if page == 1 else f"/news/index_{page - 1}.html"

    @property
    def pages(self) -> int:
        """Return how many listing pages there are."""
        return -(-self.articles // PER_PAGE)

    def article_urls(self) -> list[str]:
        """Return every article URL, newest listing first."""
        return [self.base + self.article_path(i) for i in range(self.articles)]

    def article_hits(self) -> int:
        """Return how many article requests were answered with a body."""
        with self.lock:
            return sum(n for p, n in self.hits.items() if p.startswith("/news/2020"))

    def __post_init__(self) -> None:
        assert self.articles <= MAX_ARTICLES

    def page(self, path: str) -> bytes | None:
        """Return the GBK bytes of a path, None when there is no such page."""
        if path in XML_PAGES:
            make: Callable[[], str] = getattr(self, XML_PAGES[path])
            return make().encode("utf-8")
        for page in range(1, self.pages + 1):
            if path == self.listing_path(page):
                return self._listing(page).encode("gbk")
        for i in range(self.articles):
            if path == self.article_path(i):
                return self._article(i).encode("gbk")
        if self.soft_404 and path == self.soft_404_path():
            return _GONE.encode("gbk")
        if path in {self.copy_path(k) for k in range(self.copies)}:
            return self._article(0).encode("gbk")
        return None

    def _rss(self) -> str:
        items = "".join(
            f"<item><title>{_title(i)}</title><link>{self.base}{self.article_path(i)}</link>"
            f"<pubDate>{_day(i)}T10:00:00+08:00</pubDate></item>"
            for i in range(self.articles)
        )
        head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0">'
        return f"{head}<channel>{items}</channel></rss>"

    def _sitemap_index(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{self.base}/sitemap-news.xml</loc></sitemap></sitemapindex>"
        )

    def _sitemap(self) -> str:
        urls = "".join(
            f"<url><loc>{self.base}{self.article_path(i)}</loc><lastmod>{_day(i)}</lastmod></url>"
            for i in range(self.articles)
        )
        column = f"<url><loc>{self.base}/news/</loc></url>"
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{column}{urls}</urlset>'
        )

    def _listing(self, page: int) -> str:
        first = (page - 1) * PER_PAGE
        rows = "".join(
            f'<li><a href="{self.article_path(i)}">{_title(i)}</a><span>{_day(i)}</span></li>\n'
            for i in range(first, min(first + PER_PAGE, self.articles))
        )
        if page == 1:
            rows += "".join(
                f'<li><a href="{path}">转载{n}</a><span>2020-03-31</span></li>\n'
                for n, path in enumerate(self.extra_paths())
            )
        pager = " ".join(
            f'<a href="{self.listing_path(p)}">{p}</a>' for p in range(1, self.pages + 1)
        )
        if page < self.pages:
            pager += f' <a href="{self.listing_path(page + 1)}">下一页</a>'
        return (
            f'<html><head><meta charset="gb2312"><title>要闻_{SITE_NAME}</title></head><body>'
            f'<div class="nav"><a href="/">首页</a> <a href="/news/">要闻</a> '
            f'<a href="javascript:void(0)">加入收藏</a> <a href="http://other.example.org/">友情链接</a></div>'
            f'<ul class="list">{rows}</ul><div class="pager">{pager}</div>'
            f"<div class='foot'>版权所有 {SITE_NAME}</div></body></html>"
        )

    def _article(self, i: int) -> str:
        picked = [SENTENCES[(i * 5 + k * 7) % len(SENTENCES)] for k in range(6)]
        paragraphs = [
            f"本报讯 第{1000 + i}号稿件:{picked[0]}{picked[1]}",
            f"{picked[2]}{picked[3]}",
            f"{picked[4]}{picked[5]}记者当天在现场看到,各项工作正有序推进。",
        ]
        if self.revised:
            paragraphs.append(f"更正:本文第二段所列数据有误,已于{_day(i)}下午更正。")
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        return (
            f'<html><head><meta charset="gb2312"><title>{_title(i)}_要闻_{SITE_NAME}</title>'
            f'</head><body><div class="nav"><a href="/">首页</a> &gt; '
            f'<a href="/news/">要闻</a></div><h1>{_title(i)}</h1>'
            f'<div class="info">{_day(i)} 10:{i % 60:02d} 来源:{SITE_NAME}</div>'
            f'<div id="content">{body}</div>'
            f"<div class='foot'>版权所有 {SITE_NAME} 联系电话:0000-1234567</div></body></html>"
        )


_GONE = (
    f'<html><head><meta charset="gb2312"><title>页面不存在_{SITE_NAME}</title></head><body>'
    '<div class="nav"><a href="/">首页</a></div><h1>页面不存在</h1>'
    "<p>您访问的页面已删除或不存在,请返回首页。</p></body></html>"
)


def _title(i: int) -> str:
    return f"全市各部门扎实推进春季重点工作之{1000 + i}"


def _day_of_month(i: int) -> int:
    return MAX_ARTICLES - i


def _day(i: int) -> str:
    return f"2020-03-{_day_of_month(i):02d}"


def _handler(portal: PortalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if (target := portal.redirect(path)) is not None:
                with portal.lock:
                    portal.hits[path] += 1
                self.send_response(301)
                self.send_header("Location", portal.base + target)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = portal.page(path)
            if path in portal.failing:
                self._send(503, b"busy", "text/plain")
                return
            if body is None or path in portal.missing:
                with portal.lock:
                    portal.hits[path] += 1
                self._send(404, b"not found", "text/plain")
                return
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                with portal.lock:
                    portal.not_modified[path] += 1
                self._send(304, b"", None, etag)
                return
            with portal.lock:
                portal.hits[path] += 1
            if portal.delay_s and path.startswith("/news/2020"):
                time.sleep(portal.delay_s)
            ctype = "application/xml" if path in XML_PAGES else "text/html; charset=gb2312"
            self._send(200, body, ctype, etag)

        def _send(
            self, status: int, body: bytes, ctype: str | None, etag: str | None = None
        ) -> None:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            if etag:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                # a crawler killed mid-response (what the resume test does) is no server error
                with suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@contextmanager
def serve_portal(portal: PortalServer) -> Iterator[PortalServer]:
    """Serve the portal on 127.0.0.1 in a thread for the duration of the block."""
    with serve_handler(portal, _handler(portal)):
        yield portal


def config_toml(
    portal: PortalServer,
    *,
    max_pages: int = 10,
    start: str = "/news/index.html",
    max_attempts: int = 1,
) -> str:
    """Return a sources file with the portal as source `demo`, fast (no retries by default)."""
    return f"""
[defaults]
delay_s = 0.0
max_attempts = {max_attempts}
timeout_s = 10.0
obey_robots = true
allow_private = true  # the portal is served on 127.0.0.1

[[source]]
key = "demo"
name = "{SITE_NAME}"
start = ["{portal.base}{start}"]
max_pages = {max_pages}
"""
