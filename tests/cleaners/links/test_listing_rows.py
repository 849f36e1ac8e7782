"""What a feed's rows show: an item of another kind slotted in, a time stamp beside each entry.

Written from the layout of real feeds (invented text and URLs): each row pairs its headline
with a comment-count link; a video or a promotion slotted in between shows the same markup,
but its comment link leads nowhere (an empty href), so its row holds the headline alone.
Rows stamped "9小时前" are dated, as rows showing a date are.
"""

from __future__ import annotations

from cleaners.links.linkfamily import PAIRED_ROWS
from cleaners.links.sitescope import site_scope
from flows.crawl.discover import LinkRules, Listing, parse_html_listing

URL = "https://money.example.cn/"
HEAD = [f"第{i}季度城市更新行动重点项目集中开工建设" for i in range(20)]
VIDEO = "https://www.example.cn/media/clip/K7Q2X9M4P.html"


def _row(i: int, comments: bool = True, host: str = "comment.example.cn") -> str:
    """Return one feed row: headline, source, time and a comment-count link."""
    href = f"https://{host}/N{i:04d}AB12.html" if comments else ""
    return (
        f'<li class="item"><h3><a href="https://www.example.cn/article/N{i:04d}AB12.html">'
        f'{HEAD[i]}</a></h3><p><span>本报</span><span>{i + 1}小时前</span><a href="{href}">'
        f"跟贴 {i}</a></p></li>"
    )


def _box(n: int) -> str:
    """Return a box of lone headlines of the site, in no column named a side one."""
    return "".join(
        f'<li><a href="https://www.example.cn/article/H{i:04d}CD34.html">{HEAD[i]}话题</a></li>'
        for i in range(n)
    )


def _video_row() -> str:
    """Return a slotted-in video: the rows' markup, its comment link empty."""
    return (
        f'<li class="item"><h3><a href="{VIDEO}">美元走势背后的财富保卫战怎么打</a></h3>'
        '<p><span>本站</span><span>3小时前</span><a href="">跟贴 0</a></p></li>'
    )


def _parse(rows: str, after: str = "") -> Listing:
    """Read a feed of rows (and what follows it) as a crawl reads its start URL, no regex."""
    html = f"<body><div class='main'><ul class='feed'>{rows}</ul>{after}</div></body>"
    return parse_html_listing(html, URL, LinkRules(site_scope([URL])))


def test_a_headline_alone_in_a_list_of_paired_rows_is_not_taken() -> None:
    listing = _parse("".join(_row(i) for i in range(6)) + _video_row() + _row(6) + _row(7))
    found = [link.url for link in listing.articles]
    assert len(found) == 8 and VIDEO not in found
    assert dict(listing.refused)["odd_row"] == 1


def test_another_item_of_the_slotted_in_kind_is_not_taken_as_one_of_the_list() -> None:
    clip = VIDEO.replace("K7Q2X9M4P", "R3T8W1N6D")
    promo = f'<div class="promo"><a href="{clip}">黄金价格再创新高之后还能不能买</a></div>'
    listing = _parse("".join(_row(i) for i in range(6)) + _video_row(), after=promo)
    found = [link.url for link in listing.articles]
    assert len(found) == 6 and VIDEO not in found and clip not in found


def test_a_row_whose_second_link_is_on_another_site_is_paired() -> None:
    rows = "".join(
        _row(i, host="talk.example.org" if i == 4 else "comment.example.cn") for i in range(10)
    )
    assert len(_parse(rows).articles) == 10


def test_a_label_link_repeated_in_every_row_pairs_each_of_them() -> None:
    label = '<a href="https://www.example.cn/finance/">[财经]</a>'
    rows = (
        "".join(f"<li>{label}" + _row(i)[4:] for i in range(8)) + f"<li>{label}{_video_row()[4:]}"
    )
    assert len(_parse(rows).articles) == 9


def test_lone_rows_stay_when_few_rows_are_paired() -> None:
    rows = "".join(_row(i, comments=i < 2) for i in range(10))
    found = _parse(rows).articles
    assert len(found) == 10


def test_a_short_list_keeps_its_lone_row() -> None:
    rows = "".join(_row(i) for i in range(PAIRED_ROWS - 2)) + _video_row()
    found = [link.url for link in _parse(rows).articles]
    assert len(found) == PAIRED_ROWS - 1 and VIDEO in found


def test_a_feed_stamped_with_relative_times_outranks_a_box_beside_it() -> None:
    feed = "".join(_row(i) for i in range(10))
    html = (
        f"<body><div class='main'><ul class='feed'>{feed}</ul></div>"
        f"<div class='right'><ul class='box'>{_box(7)}</ul></div></body>"
    )
    listing = parse_html_listing(html, URL, LinkRules(site_scope([URL])))
    found = [link.url for link in listing.articles]
    assert len(found) == 10 and all("/N" in url for url in found), found
