"""Decoding bytes: BOM, HTTP charset, in-page declaration, detection, recorded fallback."""

from __future__ import annotations

import codecs

import pytest

from cleaners.text.decode import canonical_charset, decode_html, decode_text, is_html_type

# Enough Chinese prose for detection to have something to go on; 镕 and 喆 exist only in GBK+.
PROSE = (
    "朱镕基和王喆一起参观了新建成的社区图书馆，馆内藏书三万余册，设有儿童阅读区和老年阅览室。"
    "街道负责人介绍，图书馆实行免费借阅，周末还会举办读书会和手工课，欢迎居民带着孩子前来。"
)


def page(head: str = "", body: str = PROSE) -> str:
    return f"<html><head>{head}<title>社区图书馆</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    ("data", "content_type", "encoding", "fallback"),
    [
        (codecs.BOM_UTF8 + page().encode("utf-8"), None, "utf-8", False),
        (page().encode("gb18030"), "text/html; charset=GBK", "gb18030", False),
        (page().encode("utf-8"), "text/html; charset=utf-8", "utf-8", False),
        (page('<meta charset="gb2312">').encode("gb18030"), None, "gb18030", False),
        (
            page('<meta http-equiv="Content-Type" content="text/html; charset=x-gbk">').encode(
                "gb18030"
            ),
            None,
            "gb18030",
            False,
        ),
        (
            ('<?xml version="1.0" encoding="GBK"?>' + page()).encode("gb18030"),
            None,
            "gb18030",
            False,
        ),
        (
            ('<text id="http://a.example/1.html" encoding="gb2312">\n' + page()).encode("gb18030"),
            None,
            "gb18030",
            False,
        ),
        (page('<meta charset="utf-8">').encode("gb18030"), None, "gb18030", False),
        (page().encode("gb18030"), None, "gb18030", False),
        (page('<meta charset="gbk">').encode("utf-8"), "text/html; charset=utf-8", "utf-8", False),
        (
            page('<meta charset="gbk">').encode("gb18030"),
            "text/html; charset=ISO-8859-1",
            "gb18030",
            False,
        ),
        (b"", None, "utf-8", False),
        (page('<meta charset="gb2312">').encode("utf-8"), None, "utf-8", False),
    ],
    ids=[
        "utf8-bom",
        "header-gbk-widened",
        "header-utf8",
        "meta-gb2312-with-gbk-only-chars",
        "http-equiv-x-gbk",
        "xml-declaration",
        "cleaneval-wrapper-line",
        "declares-utf8-but-is-gbk",
        "undeclared-gbk-detected",
        "header-beats-meta",
        "server-default-latin1-loses-to-meta",
        "empty",
        "declares-gb2312-but-is-utf8",
    ],
)
def test_decode_html_picks_the_charset(
    data: bytes, content_type: str | None, encoding: str, fallback: bool
) -> None:
    decoded = decode_html(data, content_type)
    assert (decoded.encoding, decoded.fallback) == (encoding, fallback)
    if data:
        assert PROSE in decoded.text
        assert "\ufffd" not in decoded.text


def test_a_truncated_multibyte_sequence_is_a_recorded_fallback_not_mojibake() -> None:
    data = page('<meta charset="gb2312">').encode("gb18030").replace(b"</p>", b"\x81</p>")
    decoded = decode_html(data)
    assert (decoded.encoding, decoded.fallback) == ("gb18030", True)
    assert PROSE in decoded.text
    assert decoded.text.count("\ufffd") == 1


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("x-gbk", "gb18030"),
        ("cp936", "gb18030"),
        ("'UTF-8'", "utf-8"),
        ("utf8", "utf-8"),
        ("big5", "big5"),
        ("no-such-charset", None),
        ("", None),
        (None, None),
    ],
)
def test_canonical_charset(label: str | None, expected: str | None) -> None:
    assert canonical_charset(label) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PROSE.encode("utf-8"), PROSE),
        (PROSE.encode("gb18030"), PROSE),
        (PROSE.encode("utf-8").decode("latin-1").encode("utf-8"), PROSE),
    ],
    ids=["utf8", "gbk", "already-mojibake-repaired"],
)
def test_decode_text(data: bytes, expected: str) -> None:
    assert decode_text(data).text == expected


# Short forum posts: GBK bytes a generic detector reads as another code page when nothing
# declares the charset (a devset forum page went to a Cyrillic one).
FORUM_POST = "楼主：求助！！显卡驱动装不上，蓝屏０×０００００７Ｅ……【已解决】谢谢各位＾＿＾"


def plain(body: str) -> str:
    return f"<html><head><title>t</title></head><body><p>{body}</p></body></html>"


RUSSIAN = "Съешь же ещё этих мягких французских булок, да выпей чаю. " * 8


@pytest.mark.parametrize(
    ("data", "gb18030"),
    [
        (page(body=FORUM_POST).encode("gb18030"), True),
        ("<html><body>回复：谢谢</body></html>".encode("gbk"), True),  # detected as cp949
        ("<html><body>顶！</body></html>".encode("gbk"), True),  # detected as big5
        (page(body=PROSE * 4).encode("gbk").replace(b"</p>", b"\xc7...</p>"), True),  # cut pair
        (page(body=PROSE).encode("gbk"), True),
        (plain(RUSSIAN).encode("cp1251"), False),
        (plain("Crème brûlée à la carte, déjà vu. " * 8).encode("latin-1"), False),
    ],
)
def test_undeclared_bytes_that_decode_as_gb18030_into_cjk_are_gb18030(
    data: bytes, gb18030: bool
) -> None:
    decoded = decode_html(data, "text/html")
    assert (decoded.encoding == "gb18030") is gb18030
    if gb18030:
        assert decoded.text == data.decode("gb18030", errors="replace")


@pytest.mark.parametrize(
    ("content_type", "html"),
    [
        ("text/html; charset=gbk", True),
        (" Text/HTML ", True),
        ("application/xhtml+xml", True),
        (None, True),
        ("", True),
        ("text/plain; charset=utf-8", False),
        ("application/pdf", False),
        ("image/jpeg", False),
    ],
    ids=[
        "html-with-charset",
        "spaced-capitals",
        "xhtml",
        "missing",
        "empty",
        "plain",
        "pdf",
        "jpeg",
    ],
)
def test_is_html_type(content_type: str | None, html: bool) -> None:
    assert is_html_type(content_type) is html
