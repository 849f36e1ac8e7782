"""Table tests of lists read from data: XML records and their pager, JSON, JSONP, feeds."""

from __future__ import annotations

from datetime import date

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners.links.announced import announced_feeds, script_endpoints
from cleaners.links.jsonlist import looks_json, read_json_list
from cleaners.links.recordlist import is_range_endpoint, range_form, read_record_list

BASE = "http://www.example.gov.cn/col/col9/index.html"
ROW = (
    '<record><![CDATA[<li><a href="/art/2020/3/{d}/art_9_{d}.html">通知第{d}号关于开展检查</a>'
    "<span>2020-03-{d:02d}</span></li>]]></record>"
)
GROUP = '<nextgroup><![CDATA[<a href="/module/proxy.jsp?webid=1&amp;columnid=9"></a>]]></nextgroup>'


def _store(days: range, head: str = "") -> str:
    rows = "".join(ROW.format(d=d) for d in days)
    return f"<datastore>{head}<recordset>{rows}</recordset></datastore>"


PROXY = "http://www.example.gov.cn/module/proxy.jsp"


@pytest.mark.parametrize(
    ("text", "url", "count", "next_url"),
    [
        pytest.param(
            f"<div><script type='text/xml'>{_store(range(1, 7), GROUP)}</script></div>"
            "<script>$('#1').pager({perPage: 3, totalRecord: 10})</script>",
            BASE,
            6,
            f"{PROXY}?startrecord=7&endrecord=9&perpage=3&webid=1&columnid=9",
            id="page_with_nextgroup_and_pager_script",
        ),
        pytest.param(
            f"<script type='text/xml'>{_store(range(1, 4), GROUP)}</script>"
            "<script>x.pager({perPage: 3, totalRecord: 3})</script>",
            BASE,
            3,
            None,
            id="every_record_on_the_page",
        ),
        pytest.param(
            f"<?xml version='1.0'?>{_store(range(7, 10))}",
            f"{PROXY}?startrecord=7&endrecord=9&perpage=3&webid=1",
            3,
            f"{PROXY}?startrecord=10&endrecord=12&perpage=3&webid=1",
            id="pager_answer",
        ),
        pytest.param(
            f"<?xml version='1.0'?>{_store(range(10, 11))}",
            f"{PROXY}?startrecord=10&endrecord=12&perpage=3&webid=1",
            1,
            None,
            id="short_answer_is_the_last",
        ),
        pytest.param(
            "<script type='text/xml'><datastore><recordset></recordset></datastore></script>",
            BASE,
            0,
            None,
            id="no_records",
        ),
    ],
)
def test_record_lists(text: str, url: str, count: int, next_url: str | None) -> None:
    found = read_record_list(text, url)
    assert found is not None
    assert len(found.entries) == count
    assert found.next_url == next_url


def test_records_keep_headline_and_date() -> None:
    found = read_record_list(_store(range(3, 4)), BASE)
    assert found is not None
    entry = found.entries[0]
    assert (entry.url, entry.text, entry.date) == (
        "http://www.example.gov.cn/art/2020/3/3/art_9_3.html",
        "通知第3号关于开展检查",
        date(2020, 3, 3),
    )


@pytest.mark.parametrize(
    ("script", "posted"),
    [
        ("$('#1').jpage({type: 'POST', perPage: 3, totalRecord: 10})", True),
        ('$.ajax({url: proxyUrl, method: "post", data: p})', True),
        ("$('#1').pager({perPage: 3, totalRecord: 10})", False),
    ],
    ids=["jpage_type_post", "ajax_method_post", "says_nothing"],
)
def test_a_page_says_whether_its_pager_posts(script: str, posted: bool) -> None:
    page = f"<script type='text/xml'>{_store(range(1, 4), GROUP)}</script><script>{script}</script>"
    found = read_record_list(page, BASE)
    assert found is not None and found.posted is posted


def test_a_pager_scripts_ajax_fields_name_the_column() -> None:
    script = (
        "$('#88').jpage({proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 3,"
        " totalRecord: 10, ajaxParam: {col: 1, webid: 2, path: '/', columnid: 1229,"
        ' webname: "示例市"}, type: "POST"});'
    )
    page = f"<script type='text/xml'>{_store(range(1, 4))}</script><script>{script}</script>"
    found = read_record_list(page, BASE)
    assert found is not None and found.posted
    assert found.next_url == (
        "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=6"
        "&perpage=3&col=1&webid=2&path=%2F&columnid=1229&webname=%E7%A4%BA%E4%BE%8B%E5%B8%82"
    )


def test_a_range_endpoint_and_its_form() -> None:
    asked = f"{PROXY}?startrecord=7&endrecord=9&perpage=3&webid=1&columnid=9"
    assert is_range_endpoint(asked) and not is_range_endpoint(f"{PROXY}?startrecord=7&webid=1")
    assert range_form(asked) == (
        ("startrecord", "7"),
        ("endrecord", "9"),
        ("perpage", "3"),
        ("webid", "1"),
        ("columnid", "9"),
    )


def test_a_page_without_datastore_is_no_record_list() -> None:
    assert read_record_list("<ul><li><a href='/a.html'>x</a></li></ul>", BASE) is None


ITEMS = (
    '[{"title": "城市快讯第一条消息标题", "url": "/news/1.html", "time": "2020-03-20 10:00"},'
    '{"title": "城市快讯第二条消息标题", "url": "/news/2.html", "time": "2020-03-19 09:00"}]'
)
API = "http://api.example.cn/list"


@pytest.mark.parametrize(
    ("body", "url", "urls", "next_url"),
    [
        pytest.param(
            f'{{"code": 0, "data": {{"list": {ITEMS}}}}}',
            f"{API}?page=1",
            ["http://api.example.cn/news/1.html", "http://api.example.cn/news/2.html"],
            f"{API}?page=2",
            id="nested_json",
        ),
        pytest.param(
            f'jQuery1123_99({{"result": {ITEMS}}});',
            f"{API}?callback=jQuery1123_99&pn=4",
            ["http://api.example.cn/news/1.html", "http://api.example.cn/news/2.html"],
            f"{API}?callback=jQuery1123_99&pn=5",
            id="jsonp",
        ),
        pytest.param(
            ITEMS,
            API,
            ["http://api.example.cn/news/1.html", "http://api.example.cn/news/2.html"],
            None,
            id="no_page_param",
        ),
        pytest.param('{"list": []}', f"{API}?page=9", [], None, id="empty_page_ends"),
        pytest.param(
            '{"rows": [{"name": "关于开展春季检查的通知", "path": "n/2020/0320/c1-7.html"}]}',
            "http://www.example.cn/api/rows?pageNo=1",
            ["http://www.example.cn/api/n/2020/0320/c1-7.html"],
            "http://www.example.cn/api/rows?pageNo=2",
            id="relative_page_links",
        ),
        pytest.param(
            '{"menu": [{"name": "首页"}, {"name": "新闻"}]}', API, [], None, id="no_links"
        ),
    ],
)
def test_json_lists(body: str, url: str, urls: list[str], next_url: str | None) -> None:
    found = read_json_list(body, url)
    assert found is not None
    assert [e.url for e in found.entries] == urls
    assert found.next_url == next_url


SUMMARY = (  # a summary, longer than any headline
    "本报讯 记者从市发展改革委获悉，全市第一季度重点项目集中开工活动今日举行，"
    "共有项目百余个，总投资超过三百亿元，涵盖产业、基础设施和民生领域。"
)


@pytest.mark.parametrize(
    ("body", "title", "day"),
    [
        pytest.param(
            'cb([{"title": "全市重点项目集中开工", "docurl": "https://www.example.cn/a/1.html",'
            ' "time": "04/28/2025 10:00:00", "commenturl": "https://c.example.cn/1.html"}])',
            "全市重点项目集中开工",
            date(2025, 4, 28),
            id="slashed_month_first_time_longer_than_the_title",
        ),
        pytest.param(
            'try{cb({"data": {"list": [{"title": "全市重点项目集中开工", "link": "/a/1.html",'
            ' "publish_time": "2025-04-22 10:00:00"}]}});}catch(e){}',
            "全市重点项目集中开工",
            date(2025, 4, 22),
            id="jsonp_in_try_catch",
        ),
        pytest.param(
            f'{{"data": [{{"title": "全市重点项目集中开工", "url": "/a/1.html",'
            f' "digest": "{SUMMARY}", "ctime": "1745290000"}}]}}',
            "全市重点项目集中开工",
            date(2025, 4, 22),
            id="summary_beside_the_title",
        ),
    ],
)
def test_script_api_shapes(body: str, title: str, day: date) -> None:
    assert looks_json(body.encode(), "text/html")
    found = read_json_list(body, f"{API}?page=1")
    assert found is not None and len(found.entries) == 1
    entry = found.entries[0]
    assert (entry.text, entry.date) == (title, day)


def test_json_titles_and_dates_whatever_the_keys() -> None:
    body = (
        '[{"t": "今日要闻标题一则在此", "href": "https://x.example.cn/a/1", "ts": 1584662400000}]'
    )
    found = read_json_list(body, "https://x.example.cn/api?p=1")
    assert found is not None
    assert (found.entries[0].text, found.entries[0].date) == (
        "今日要闻标题一则在此",
        date(2020, 3, 20),
    )


@pytest.mark.parametrize(
    ("body", "content_type", "json"),
    [
        (b'{"a": 1}', "text/html", True),
        (b"cb({})", "application/javascript", True),
        (b"<html></html>", "application/json", False),
        (b"<html></html>", "text/html", False),
        (b"not json", None, False),
        (b'jsonp_1({"list": []})', "text/html", True),  # JSONP served as a page
    ],
)
def test_looks_json(body: bytes, content_type: str | None, json: bool) -> None:
    assert looks_json(body, content_type) is json


def test_broken_json_is_no_list() -> None:
    assert read_json_list('{"a": [' * 5000, API) is None


PAGE = """<html><head>
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" href="https://other.example.org/atom">
<link rel="stylesheet" type="text/css" href="/s.css">
</head><body><script>
var api = "/api/list.json?page=1"; var img = "/img/logo.png";
$.ajax({url: '//www.example.cn/news/data?callback=cb&pn=1'});
</script><script src="/js/app.js"></script></body></html>"""


def test_announced_feeds_and_script_endpoints() -> None:
    tree = LexborHTMLParser(PAGE)
    base = "https://www.example.cn/news/"
    assert announced_feeds(tree, base) == [
        "https://www.example.cn/feed.xml",
        "https://other.example.org/atom",
    ]
    assert script_endpoints(tree, base) == [
        "https://www.example.cn/api/list.json?page=1",
        "https://www.example.cn/news/data?callback=cb&pn=1",
    ]
