"""How deep markup nests, counted the way a parser pairs tags, before any parser runs."""

from __future__ import annotations

import pytest

from cleaners.extract.markup_depth import MAX_MARKUP_DEPTH, bytes_depth, markup_depth


@pytest.mark.parametrize(
    ("html", "depth"),
    [
        ("<html><body><div><span>x</span></div></body></html>", 4),
        ("<ul>" + "<li>item" * 500 + "</ul>", 1),  # list items close themselves
        ("<table>" + "<tr><td>cell" * 500 + "</table>", 1),
        ("<div>" + "<p>para" * 500 + "</div>", 1),
        ("<div>" + "<br><img src=x><hr/>" * 500 + "</div>", 1),  # void elements
        ("<div>" * 10 + "</span>" * 10, 10),  # stray close tags close nothing
        ("<div><span><b>x</div>", 3),  # a close tag closes what was opened after it
        ("<div><span><b>x</div><div>y</div>", 3),
        ("<div/>" * 10, 10),  # HTML reads <div/> as an open tag
        ("<svg>" + "<path d='M0'/>" * 50 + "</svg>", 1),  # in SVG, /> closes
        ("<script>" + "document.write('<div>');" * 50 + "</script>", 0),
        ("<!--" + "<div>" * 50 + "-->", 0),
        ("<DIV><Div>x</div></DIV>", 2),
        ("<div><a title='<!--'><div><div>x</div></div></a>-->", 4),  # no comment in a value
        ("<div><script>a<b</script ><div>x</div></div>", 2),
        ("<div><style>p{}</style><div>" + "<a" * 5 + ">x</div></div>", 3),  # one `<a<a…>` tag
    ],
    ids=[
        "plain",
        "unclosed-li",
        "unclosed-td",
        "unclosed-p",
        "void",
        "stray-close",
        "implied-close",
        "implied-close-then-sibling",
        "self-closing-div",
        "svg-self-closing",
        "script-text",
        "comment",
        "case",
        "comment-opener-in-a-value",
        "script-close-with-space",
        "run-of-opened-tags",
    ],
)
def test_markup_depth(html: str, depth: int) -> None:
    assert markup_depth(html) == depth


def test_deep_nesting_is_seen_early_and_in_bytes() -> None:
    deep = b"<html><body>" + b"<div>" * 200_000 + b"x" + b"</div>" * 200_000
    assert bytes_depth(deep) == MAX_MARKUP_DEPTH + 1  # stops counting once past the limit
    gbk = "<div><p>通知</p></div>".encode("gbk")
    assert bytes_depth(gbk) == 1


def test_a_page_of_unclosed_tags_is_read_in_one_pass() -> None:
    # every `<` of a tag that never closes scanned to the end of the page in turn: 400 KB of
    # `<a` took minutes; past the last `>` no tag can end, so that text is never scanned
    assert markup_depth("<div><div>" + "<a" * 200_000) == 2
    assert markup_depth("<div>" + "<a" * 200_000 + ">" + "<a" * 200_000) == 2
