# ruff: noqa: E501  (HTML templates read best one element per line)
"""Four page layouts modelled on the kinds of portals the corpus is built from.

Each layout renders an article page and a listing page as text; `portals.py` encodes them.
Links are written the way such sites write them (root-relative or `./` relative), never with
a host, so the pages work on whatever port the demo server gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from flows.demo.stories import Story


@dataclass(frozen=True, slots=True)
class Link:
    """A link to another page of the same portal."""

    href: str
    title: str
    date: str = ""


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What an article page shows besides the story: neighbours, related links, the site."""

    story: Story
    site_name: str
    date: str  # the date as this portal prints it
    paragraphs: tuple[str, ...]  # as served (possibly reworded or prefixed)
    previous: Link | None = None
    following: Link | None = None
    related: tuple[Link, ...] = ()


def paragraphs_html(paragraphs: tuple[str, ...], indent: str = "") -> str:
    """Render paragraphs as <p> elements; a newline inside one becomes <br>."""
    rows = (escape(p).replace("\n", "<br>\n") for p in paragraphs)
    return "\n".join(f"<p>{indent}{row}</p>" for row in rows)


def items_html(links: tuple[Link, ...], date_tag: str = "span") -> str:
    """Render links as <li> rows with their dates."""
    return "\n".join(
        f'<li><a href="{lk.href}" target="_blank">{escape(lk.title)}</a>'
        f"<{date_tag}>{lk.date}</{date_tag}></li>"
        for lk in links
    )


def pager_html(pages: tuple[str, ...], current: int) -> str:
    """Render numbered page links with 上一页/下一页."""
    cells = [
        f"<b>{n + 1}</b>" if n == current else f'<a href="{href}">{n + 1}</a>'
        for n, href in enumerate(pages)
    ]
    if current > 0:
        cells.insert(0, f'<a href="{pages[current - 1]}">上一页</a>')
    if current < len(pages) - 1:
        cells.append(f'<a href="{pages[current + 1]}">下一页</a>')
    return f"共{len(pages)}页 " + " ".join(cells)


# --- an old vendor site: nested tables, <font>, GBK -------------------------------------------

VENDOR_HEAD = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>{title}_行业资讯_{site}</title>
<meta name="keywords" content="警用装备,执法服装,单警装备,警用器材">
<link href="/css/style.css" rel="stylesheet" type="text/css">
</head>
<body leftmargin="0" topmargin="0">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td height="30" bgcolor="#003366"><font color="#FFFFFF">欢迎光临{site}!&nbsp;&nbsp;全国客服热线:400-600-8123</font></td></tr>
<tr><td><a href="/"><img src="/images/logo.gif" alt="{site}" border="0"></a></td></tr>
<tr><td bgcolor="#0055A5" height="32"><font color="#FFFFFF"><a href="/">网站首页</a> | <a href="/news/list.html">行业资讯</a> | <a href="/product/">产品中心</a> | <a href="/product/dan.html">单警装备</a> | <a href="/product/fz.html">执法服装</a> | <a href="/about.html">关于我们</a> | <a href="/contact.html">联系我们</a></font></td></tr>
</table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td width="220" valign="top" bgcolor="#F2F2F2">
<table width="100%"><tr><td><font color="#003366"><b>产品分类</b></font></td></tr>
<tr><td><a href="/product/dan.html">单警装备</a><br><a href="/product/fz.html">执法服装</a><br><a href="/product/qc.html">警用器材</a><br><a href="/product/bp.html">反光背心</a><br><a href="/product/xz.html">制式鞋帽</a></td></tr>
<tr><td><font color="#003366"><b>联系我们</b></font><br>电话:0731-88886123<br>传真:0731-88886124<br>地址:青峦市经济开发区创业路18号</td></tr></table>
</td>
<td width="760" valign="top">
"""

VENDOR_FOOT = """</td></tr></table>
<table width="980" border="0" align="center"><tr><td align="center" bgcolor="#EEEEEE"><font color="#666666">版权所有:{site}&nbsp;&nbsp;地址:青峦市经济开发区创业路18号&nbsp;&nbsp;电话:0731-88886123<br>
备案号:湘ICP备12004567号-1&nbsp;&nbsp;技术支持:青峦网络</font></td></tr></table>
</body>
</html>
"""


def vendor_article(view: ArticleView) -> str:
    """Render an article of the vendor site, ad lead-in and sales note included."""
    site, story = view.site_name, view.story
    first, *rest = view.paragraphs
    body = (
        paragraphs_html((f"{site}分享消息:{first}",))
        + "\n"
        + paragraphs_html(tuple(rest), "&nbsp;&nbsp;&nbsp;&nbsp;")
    )
    note = f"{site}销售经理提示:本公司是一家专业从事单警装备和执法服装销售与研发的企业,主要面向公安、交警、城管、市场监管等执法单位供货,产品均取得相关检测证书,价格公道,欢迎来电咨询。"
    nav = "<br>\n".join(
        f'- {label}:<a href="{lk.href}">{escape(lk.title)}</a> {lk.date}'
        for label, lk in (("上一篇", view.previous), ("下一篇", view.following))
        if lk is not None
    )
    products = "".join(
        f'<td align="center"><a href="/product/{n}.html"><img src="/upload/p{n}.jpg" width="150" border="0"><br>{name}</a></td>'
        for n, name in ((11, "多功能腰带"), (12, "反光背心"), (13, "执勤手电"), (14, "防刺手套"))
    )
    return (
        VENDOR_HEAD.format(title=escape(story.title), site=site)
        + f"""<table width="100%" border="0" cellpadding="4">
<tr><td height="28" bgcolor="#E8EEF7"><font color="#333333">当前位置:<a href="/">首页</a> &gt;&gt; <a href="/news/list.html">行业资讯</a> &gt;&gt; 正文</font></td></tr>
<tr><td align="center" height="50"><font size="4" color="#003399"><b>{escape(story.title)}</b></font></td></tr>
<tr><td align="center"><font color="#999999">{view.date} 点击:<script language="javascript" src="/inc/hits.asp?id={story.number}"></script></font></td></tr>
<tr><td><font size="3" style="line-height:180%">
{body}
<p>{note}</p>
</font></td></tr>
<tr><td>{nav}</td></tr>
<tr><td><font color="#003366"><b>推荐产品</b></font><table width="100%"><tr>{products}</tr></table></td></tr>
</table>
"""
        + VENDOR_FOOT.format(site=site)
    )


def vendor_listing(site: str, links: tuple[Link, ...], pages: tuple[str, ...], current: int) -> str:
    """Render one page of the vendor site's news list."""
    rows = "\n".join(
        f'<tr><td><img src="/images/dot.gif"> <a href="{lk.href}" target="_blank">{escape(lk.title)}</a></td><td width="90"><font color="#999999">{lk.date}</font></td></tr>'
        for lk in links
    )
    return (
        VENDOR_HEAD.format(title="行业资讯", site=site)
        + f"""<table width="100%" border="0" cellpadding="4">
<tr><td colspan="2" bgcolor="#E8EEF7">当前位置:<a href="/">首页</a> &gt;&gt; 行业资讯</td></tr>
{rows}
<tr><td colspan="2" align="center">{pager_html(pages, current)}</td></tr>
</table>
"""
        + VENDOR_FOOT.format(site=site)
    )


# --- a big news portal: divs, declared gb2312 -------------------------------------------------

NEWS_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="content-type" content="text/html;charset=GB2312"/>
<meta http-equiv="Content-Language" content="utf-8" />
<title>{title}</title>
<link href="/img/2019main/page.css" type="text/css" rel="stylesheet" />
</head>
<body>
<div id="jump" class="w1000"><a href="/">首页</a>|<a href="/politics/">时政</a>|<a href="/world/">国际</a>|<a href="/gd/index.html">社会·法治</a>|<a href="/finance/">财经</a>|<a href="/culture/">文化</a>|<a href="/edu/">教育</a>|<a href="/sports/">体育</a>|<a href="/photo/">图片</a></div>
<div class="path w1000"><a href="/">{site}</a>&gt;&gt;<a href="/gd/index.html">社会·法治</a></div>
"""

NEWS_FOOT = """<div class="copyright w1000">
<p><a href="/about.html">网站简介</a> | <a href="/ad.html">广告服务</a> | <a href="/contact.html">联系我们</a> | <a href="/jobs.html">招聘信息</a></p>
<p>{spaced} ，未 经 书 面 授 权 禁 止 使 用</p>
<p>Copyright &copy; 1998-2019 by www.hxcb.example. all rights reserved</p>
</div>
</body>
</html>
"""


def _letter_spaced(text: str) -> str:
    """Spread a phrase out with spaces, as some footers print their copyright line."""
    return " ".join(text)


def news_article(view: ArticleView) -> str:
    """Render an article of the news portal."""
    site, story = view.site_name, view.story
    byline = f'<p class="author">本报记者 {"  ".join(story.authors)}</p>' if story.authors else ""
    source = story.source or site
    return (
        NEWS_HEAD.format(title=f"{escape(story.title)}--社会·法治--{site}", site=site)
        + f"""<div class="clearfix w1000_320 text_title">
<h3 class="pre"></h3>
<h1>{escape(story.title)}</h1>
<h4 class="sub"></h4>
{byline}
<div class="box01"><div class="fl">{view.date}&nbsp;&nbsp;来源：<a href="/" target="_blank">{source}</a></div><div class="fr"><span>分享到：</span><a href="#">微信</a> <a href="#">微博</a></div></div>
</div>
<div class="clearfix w1000_320 text_con">
<div class="fl text_con_left">
<div class="box_con" id="rwb_zw">
{paragraphs_html(view.paragraphs, "&nbsp;&nbsp;&nbsp;&nbsp;")}
<center><table border="0" align="center" width="40%"><tr><td width="50%" align="center"><a href="/" target="_blank">分享让更多人看到</a></td></tr></table></center>
</div>
<div class="edit clearfix">(责编：{escape(story.editor or "")})</div>
<div class="box_news"><h2>相关新闻</h2><ul>
{items_html(view.related, "em")}
</ul></div>
</div>
<div class="fr text_con_right"><h2>图片推荐</h2><ul><li><a href="/photo/"><img src="/NMediaFile/2019/0320/a.jpg" />春日花海引客来</a></li><li><a href="/photo/"><img src="/NMediaFile/2019/0320/b.jpg" />古镇老街换新颜</a></li></ul></div>
</div>
"""
        + NEWS_FOOT.format(spaced=_letter_spaced(f"{site}版权所有"))
    )


def news_listing(site: str, links: tuple[Link, ...], pages: tuple[str, ...], current: int) -> str:
    """Render one page of the news portal's column list."""
    return (
        NEWS_HEAD.format(title=f"社会·法治--{site}", site=site)
        + f"""<div class="w1000 ej_list_box clear"><ul class="list_16 mt10">
{items_html(links, "em")}
</ul>
<div class="page_n clearfix">{pager_html(pages, current)}</div></div>
"""
        + NEWS_FOOT.format(spaced=_letter_spaced(f"{site}版权所有"))
    )
