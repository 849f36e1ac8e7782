# ruff: noqa: E501  (HTML templates read best one element per line)
"""Two CMS-made layouts: a UTF-8 trade-news portal and a TRS-style government portal."""

from __future__ import annotations

from html import escape

from flows.demo.layouts import ArticleView, Link, items_html, pager_html, paragraphs_html

# --- a trade-news portal: UTF-8 divs, info bar with 来源 and 字体, byline, (编辑:…) ---------------

TRADE_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/static/css/main.css">
</head>
<body>
<div class="topbar"><div class="wrap"><a href="/login">登录</a> <a href="/register">注册</a> <a href="/tougao">我要投稿</a></div></div>
<div class="header wrap"><a class="logo" href="/"><img src="/static/img/logo.png" alt="{site}"></a>
<form class="search" action="/search"><input name="q" placeholder="请输入关键词"><button>搜索</button></form></div>
<ul class="nav wrap"><li><a href="/">首页</a></li><li><a href="/news/index.html">要闻</a></li><li><a href="/sz/">时政</a></li><li><a href="/jt/">交通</a></li><li><a href="/jj/">交警</a></li><li><a href="/gl/">公路</a></li><li><a href="/wl/">物流</a></li><li><a href="/qc/">汽车</a></li><li><a href="/mh/">民航</a></li><li><a href="/tl/">铁路</a></li><li><a href="/yz/">邮政</a></li><li><a href="/sd/">深度</a></li><li><a href="/rw/">人物</a></li><li><a href="/df/">地方新闻</a></li><li><a href="/yq/">舆情</a></li></ul>
<div class="wrap main">
"""

TRADE_SIDEBAR = """<div class="right">
<ul class="tabs"><li>时讯要闻</li><li>交通视野</li><li>交警在线</li><li>汽车报道</li><li>铁路在线</li><li>交通视频</li><li>文艺副刊</li></ul>
<div class="pics"><h3>图片文章</h3><ul>
{pictures}
</ul></div>
</div>
"""

TRADE_FOOT = """</div>
<div class="footer">
<p><a href="/sz/">时政</a> | <a href="/jt/">交通</a> | <a href="/jj/">交警</a> | <a href="/gl/">公路</a> | <a href="/tl/">铁路</a> | <a href="/mh/">民航</a> | <a href="/wl/">物流</a></p>
<p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | <a href="/ad">广告合作</a> | <a href="/copyright">版权声明</a> | <a href="/tougao">我要投稿</a></p>
<p>通衢交通24小时值班电话:13807310000 商务合作:0731-84561235</p>
<p>Copyright &copy; 通衢交通杂志社 All Rights Reserved 版权所有 复制必究 地址:青峦市开福区湘江中路88号</p>
<p>湘公网安备 43010502000123号 湘ICP备19001234号-2</p>
</div>
</body>
</html>
"""

PICTURE_TITLE_CHARS = 10  # the sidebar cuts picture captions short, as such sidebars do


def _pictures(links: tuple[Link, ...]) -> str:
    """Render the picture-article sidebar: full title in alt, a cut caption below."""
    return "\n".join(
        f'<li><a href="{lk.href}"><img src="/uploads/thumb{n}.jpg" alt="{escape(lk.title)}"></a>'
        f"<p>{escape(lk.title[:PICTURE_TITLE_CHARS])}</p></li>"
        for n, lk in enumerate(links)
    )


def trade_article(view: ArticleView, pictures: tuple[Link, ...]) -> str:
    """Render an article of the trade-news portal."""
    site, story = view.site_name, view.story
    names = story.authors
    byline = f"首席记者 {names[0]}" + (f" 通讯员 {' '.join(names[1:])}" if names[1:] else "")
    return (
        TRADE_HEAD.format(title=f"{escape(story.title)}_时讯要闻_{site}", site=site)
        + f"""<div class="left">
<h1 class="title">{escape(story.title)}</h1>
<div class="info"><span>{view.date}</span> <span>来源:{story.source or site}</span> <span>字体:<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></span></div>
<div class="article-content">
<p>{byline}</p>
{paragraphs_html(view.paragraphs, "　　")}
<p>(编辑:{escape(story.editor or "")})</p>
</div>
<div class="share">分享到: <a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="related"><h3>相关阅读</h3><ul>
{items_html(view.related)}
</ul></div>
</div>
"""
        + TRADE_SIDEBAR.format(pictures=_pictures(pictures))
        + TRADE_FOOT
    )


def trade_listing(
    site: str,
    links: tuple[Link, ...],
    pages: tuple[str, ...],
    current: int,
    pictures: tuple[Link, ...],
) -> str:
    """Render one page of the trade-news portal's list."""
    return (
        TRADE_HEAD.format(title=f"时讯要闻_{site}", site=site)
        + f"""<div class="left"><div class="crumb">首页 &gt; 时讯要闻</div>
<ul class="newslist">
{items_html(links)}
</ul>
<div class="pagination">{pager_html(pages, current)}</div>
</div>
"""
        + TRADE_SIDEBAR.format(pictures=_pictures(pictures))
        + TRADE_FOOT
    )


def trade_missing(site: str) -> str:
    """Render the page the trade portal serves, with status 200, for a removed article."""
    return (
        TRADE_HEAD.format(title=f"页面不存在_{site}", site=site)
        + """<div class="left"><div class="error-box">
<h2>抱歉,您访问的页面不存在或已被删除!</h2>
<p>可能的原因:网址输入有误,或者该信息已过期。</p>
<p><a href="/">返回首页</a> 5秒后自动跳转……</p>
</div></div>
"""
        + TRADE_FOOT
    )


# --- a TRS-style government portal: #zoom body, no charset declared anywhere ---------------------

GOV_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<title>{title}</title>
<meta name="SiteName" content="{site}">
<meta name="ColumnName" content="工作动态">
{meta}<link href="/images/style.css" rel="stylesheet" type="text/css">
</head>
<body>
{hidden}<div class="top"><img src="/images/logo.png" alt="{site}"><span class="slogan">有担当 / 有温度 / 有作为</span></div>
<div class="nav"><a href="/">首页</a><a href="/xwzx/">警务动态</a><a href="/tzgg/">通知公告</a><a href="/bsfw/">办事服务</a><a href="/jmhd/">警民互动</a><a href="/zwgk/">政务公开</a></div>
<div class="position">您当前的位置 :<a href="/">首页</a> &gt; <a href="/xwzx/">警务动态</a> &gt; <a href="/xwzx/gzdt/">工作动态</a></div>
"""

GOV_FOOT = """<div class="footer">
<p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/sybz/">使用帮助</a></p>
<p>主办单位:青峦市公安局&nbsp;&nbsp;承办单位:青峦市公安局宣传处&nbsp;&nbsp;地址:青峦市人民中路1号</p>
<p>网站标识码:4301000012&nbsp;&nbsp;湘ICP备05001234号&nbsp;&nbsp;湘公网安备 43010002000111号&nbsp;&nbsp;联系电话:0731-82901110</p>
</div>
</body>
</html>
"""


def gov_article(view: ArticleView) -> str:
    """Render an article of the government portal: title repeated in a hidden share block."""
    site, story = view.site_name, view.story
    source = story.source or site
    meta = (
        f'<meta name="ArticleTitle" content="{escape(story.title)}">\n'
        f'<meta name="PubDate" content="{view.date}">\n'
        f'<meta name="ContentSource" content="{source}">\n'
    )
    hidden = f'<div class="share-box" style="display:none">{escape(story.title)} 工作动态-{site} {story.editor} {story.number}</div>\n'
    subtitle = f'<div class="subtitle">{escape(story.subtitle)}</div>\n' if story.subtitle else ""
    neighbours = " ".join(
        f'{label}:<a href="{lk.href}">{escape(lk.title)}</a>'
        for label, lk in (("上一篇", view.previous), ("下一篇", view.following))
        if lk is not None
    )
    return (
        GOV_HEAD.format(title=escape(story.title), site=site, meta=meta, hidden=hidden)
        + f"""<div class="article">
<div class="title">{escape(story.title)}</div>
{subtitle}<div class="info">{view.date} | 来源: {source}&nbsp;&nbsp;【字体:<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>
<div id="zoom"><div class="TRS_Editor">
{paragraphs_html(view.paragraphs)}
</div></div>
<div class="editor">编辑: {escape(story.editor or "")} 青峦警方新闻热线:0731-82902222</div>
<div class="pages">{neighbours}</div>
<div class="relnews"><h4>相关链接</h4><ul>
{items_html(view.related)}
</ul></div>
</div>
"""
        + GOV_FOOT
    )


def gov_listing(site: str, links: tuple[Link, ...], pages: tuple[str, ...], current: int) -> str:
    """Render one page of the government portal's column, pager script and static links."""
    return (
        GOV_HEAD.format(title=f"工作动态-{site}", site=site, meta="", hidden="")
        + f"""<div class="list"><ul>
{items_html(links)}
</ul>
<div class="page"><script type="text/javascript">createPageHTML({len(pages)}, {current}, "index", "html");</script></div>
<div class="page-static">{pager_html(pages, current)}</div>
</div>
"""
        + GOV_FOOT
    )
