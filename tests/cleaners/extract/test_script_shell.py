"""Challenge pages and redirect shells are told apart from articles by general signals."""

from __future__ import annotations

import pytest

from cleaners.extract.script_shell import is_challenge, shell_redirect

# Challenge bodies written after the families' shapes (a cookie set by computed code, then a
# reload); the variable names differ from any real vendor's, so only the signals can match.
COOKIE_RELOAD = (
    b"<html><script>var k1='5F2A8C41E7B3D9';function z(a){var o='';for(var i=0;i<a.length;"
    b"i+=2){o+=String.fromCharCode(parseInt(a.substr(i,2),16)^7);}return o;}"
    b"document.cookie='qz_chk='+z(k1)+'; max-age=3600; path=/';location.reload();"
    b"</script></html>"
)
PATH_RELOAD = (
    b"<script>document.cookie=('_')+('_')+('q')+('c')+'='+(+!+[]*2)+'|'+(-~[]+[]);"
    b"location.href=location.pathname+location.search</script>"
)
PACKED = (
    b'<html><head><meta charset="utf-8"><meta id="gZ1" content="'
    + b"x" * 64
    + b'"></head><body><script type="text/javascript">$_q=window["$_q"];if(!$_q)$_q={};'
    + b"$_q.cd='"
    + b"qhAaGq3tYlWgcGEqVsq0r1aa" * 30
    + b"';</script><script src=\"/a3f1/c.js\" r='m'></script></body></html>"
)
ONLY_SCRIPT_412 = b'<html><head><script src="/ch/9.js"></script></head><body></body></html>'
ARTICLE = (
    "<html><head><title>关于开展春季安全检查的通知</title><script>var _hm=[];</script></head>"
    "<body><h1>关于开展春季安全检查的通知</h1><p>各区县人民政府，市政府各部门：为切实做好春季"
    "安全生产工作，现将有关事项通知如下。</p></body></html>"
).encode()
SPA_200 = b'<html><body><div id="app"></div><script src="/static/app.js"></script></body></html>'


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        (COOKIE_RELOAD, 200, True),
        (COOKIE_RELOAD, 412, True),
        (PATH_RELOAD, 521, True),
        (PACKED, 202, True),
        (PACKED, 200, True),
        (ONLY_SCRIPT_412, 412, True),
        (ARTICLE, 200, False),
        (ARTICLE, 412, False),
        (SPA_200, 200, False),
        (b"", 412, False),
        (b"<html><body>Forbidden</body></html>", 403, False),
        (b"<script>location.href='/a/t1.html'</script>", 200, False),
    ],
    ids=[
        "cookie-reload-200", "cookie-reload-412", "cookie-self-href-521", "packed-202",
        "packed-200", "external-only-412", "article", "article-412", "spa-shell",
        "empty", "plain-403", "redirect-shell",
    ],
)  # fmt: skip
def test_is_challenge(body: bytes, status: int, expected: bool) -> None:
    assert is_challenge(body, status) is expected


BASE = "http://www.example.gov.cn/zwgk/tzgg/t20240520_123.html"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"<script>window.location.href='/zwgk/art/2024/5/20/art_1_9.html';</script>",
         "http://www.example.gov.cn/zwgk/art/2024/5/20/art_1_9.html"),
        (b'<html><script type="text/javascript">location.replace("t20240520_124.html")</script>'
         b"</html>", "http://www.example.gov.cn/zwgk/tzgg/t20240520_124.html"),
        (b"<script>window.location = 'http://www.example.gov.cn/a/1.html'</script>",
         "http://www.example.gov.cn/a/1.html"),
        (b'<html><head><meta http-equiv="refresh" content="0;url=/b/2.html"></head></html>',
         "http://www.example.gov.cn/b/2.html"),
        (b"<meta http-equiv='Refresh' content='1; URL=\"../c/3.html\"'>",
         "http://www.example.gov.cn/zwgk/c/3.html"),
        (b'<meta http-equiv="refresh" content="300">', None),
        (b'<meta http-equiv="refresh" content="600;url=/b/2.html">', None),
        (b"<script>location.href='javascript:void(0)'</script>", None),
        (COOKIE_RELOAD, None),
        (PATH_RELOAD, None),
        (ARTICLE, None),
        (b"<script>if(x){location.href='/m/'+y}</script>", None),
    ],
    ids=[
        "href", "replace-relative", "assign-absolute", "meta-0", "meta-quoted", "meta-reload",
        "meta-late", "javascript", "challenge", "challenge-self", "article", "computed",
    ],
)  # fmt: skip
def test_shell_redirect(body: bytes, expected: str | None) -> None:
    assert shell_redirect(body, BASE) == expected


def test_a_shell_nested_too_deep_is_refused_before_parsing() -> None:
    deep = b"<div>" * 600 + COOKIE_RELOAD + b"</div>" * 600
    assert not is_challenge(deep, 412)
    assert (
        shell_redirect(b"<div>" * 600 + b"<script>location.href='/a.html'</script>", BASE) is None
    )
