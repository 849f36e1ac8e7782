"""Portal chrome told apart from article text by general rules, never by a portal's name.

Line rules look at one normalised line; block rules (the tail after 上一篇/下一篇, trailing
link lists, vendor lead-ins and sales trailers) look at where a line sits in the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaners.fields.dates import YEAR_FIRST_RE, YEAR_LAST_RE
from cleaners.text.repair import CLAUSE_CHARS, cjk_count, ends_sentence, is_prose

MAX_CHROME_CHARS = 160  # line rules only judge lines this short; prose paragraphs are longer
MAX_INFO_CHARS = 60  # an info bar (点击/字体/分享) is a short strip of controls
# Licence numbers and filings every Chinese site prints in its footer.
ICP_RE = re.compile(
    r"ICP\s*[备证]|ICP许可|公网安备|网安备\s*\d|增值电信业务经营许可证|节目制作经营许可证|"
    r"新闻信息服务许可证|网络文化经营许可证|[京沪津渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]B2-\d"
)
# Copyright notices, including letter-spaced ones once collapsed.
COPYRIGHT_RE = re.compile(
    r"版权所有|Copyright|©|All Rights Reserved|未经.{0,8}授权.{0,8}(?:禁止|不得)|版权声明|"
    r"原创版权|禁止.{0,6}转载",
    re.IGNORECASE,
)
# Disclaimers and reposting notices: chrome even when written as a full sentence.
DISCLAIMER_RE = re.compile(
    r"免责声明|如有侵权|请联系删除|不代表本[站网]观点|转载请注明|转载.{0,4}请注明出处|"
    r"未经.{0,8}(?:允许|许可|授权|同意).{0,8}(?:禁止|不得|请勿|严禁)(?:转载|使用)|"
    r"^(?:特别|郑重)?声明\s*[:：]|仅提供信息存储(?:空间)?服务|"
    r"(?:请|欢迎)下载.{0,12}(?:APP|App|app|客户端)"
)
# A phone number: landline with area code, or a mobile number.
PHONE_RE = re.compile(r"0\d{2,3}[-－—]?\d{7,8}|(?<!\d)1[3-9]\d{9}(?!\d)|\d{3,4}-\d{3}-\d{4}")
# Labels of contact lines (hotlines, addresses, postcodes, mail).
CONTACT_LABEL_RE = re.compile(
    r"热线|电话|传真|商务合作|客服|联系我们|邮箱|E-?mail|邮编|地址\s*[:：]|值班", re.IGNORECASE
)
# "You are here" breadcrumbs.
BREADCRUMB_RE = re.compile(r"^(?:您|你)?(?:当前|现在|所在)?的?位置\s*[:：]|首页\s*[>›»＞→/]")
# Info-bar controls: hit counters, font size pickers, print/close/share buttons.
INFO_BAR_RE = re.compile(
    r"点击(?:数|量|率)?\s*[:：]|浏览(?:次数|量)?\s*[:：]|阅读(?:次数|量)?\s*[:：(（]|字体\s*[:：]|"
    r"字号\s*[:：]|[【\[]?\s*大\s*中\s*小\s*[】\]]?$|打印本页|关闭窗口|[【\[]\s*(?:打印|关闭|收藏|"
    r"返回|顶部)\s*[】\]]|分享到|分享至|收藏本文|返回顶部|扫一扫|在手机打开|我要评论|发表评论|"
    r"网友评论|我来说两句|纠错|^打印$|^关闭$|^收藏$|^返回$|设为首页|加入收藏|网站地图|返回首页|"
    r"手机版|微信扫一扫|扫描二维码|关注我们|已有\s*\d+\s*人参与|评论\s*[(（]\s*\d+|查看更多"
)
# Where a post was sent from, printed under articles and posts since 2022 (`IP属地：广东`,
# `发布于：北京市`): a place name alone, no date, no sentence.
POSTED_FROM_RE = re.compile(r"^(?:IP属地\s*[:：]?|发布于\s*[:：])\s*[\u4e00-\u9fff]{2,6}$")
# Links to the previous and next article.
PREV_NEXT_RE = re.compile(r"^[-–—•·*\s]*(?:上一篇|下一篇|上一条|下一条|上篇|下篇)\s*[:：]?")
# Headings that open a block of links to other articles.
RELATED_RE = re.compile(
    r"^(?:相关(?:新闻|文章|报道|阅读|链接|推荐|专题)|延伸阅读|推荐阅读|热点推荐|热门推荐|猜你喜欢|"
    r"图片(?:文章|新闻)|最新(?:动态|文章|新闻)|热门文章|精彩推荐|更多(?:新闻|文章|精彩)?|往期回顾|"
    r"点击排行|热门点击|今日推荐|热点新闻|热门排行|排行榜|"
    # a box's own heading ending in "recommended" or "more" (`健康资讯推荐`, `精编文章更多`)
    r"[\u4e00-\u9fff]{2,6}(?:推荐|更多))"
    r"\s*[:：>]*$"
)
# Separators of a navigation menu or slogan strip.
NAV_SEPARATOR_RE = re.compile(r"\s*[|｜/／·•]\s*|\s+")
NAV_EXPLICIT_RE = re.compile(r"[|｜/／]")  # a menu written with bars or slashes
NAV_MIN_ITEMS = 4  # space-separated short items this many or more make a menu
NAV_MIN_ITEMS_EXPLICIT = 3  # with explicit bars or slashes, fewer are enough
NAV_MAX_ITEM = 8  # a menu item is a few characters
# A list item of links (bullets used by portal sidebars).
BULLET_RE = re.compile(r"^[•·▪◦▸►»]\s*\S")
MIN_LINK_RUN = 3  # this many link-like lines at the end make a link list, not an ending
# A table row or spec line `label：value` (`变速箱：手动`, `09:00 开幕`): data, not a link.
LABELLED_ROW_RE = re.compile(r"^[^\s，。；、：:]{1,10}\s*[:：]\s*\S")
CREDIT_MAX = 16  # a credit after a caption's sentence (`记者某某摄`) is a name and a word or two
# A vendor's lead-in glued before the first sentence: `某某采购网分享消息:`.
VENDOR_LEAD_RE = re.compile(
    r"^(?P<lead>[^\s,，。:：“”\"]{2,30}?(?:分享消息|消息分享|分享资讯|资讯分享|为您分享|小编分享|分享))"
    r"\s*[:：]\s*"
)
LEAD_ZONE = 3  # vendor lead-ins sit on one of the first lines of the body
# A sales paragraph: `某某销售经理提示:本公司是一家…`.
SALES_LABEL_RE = re.compile(
    r"^[^\s,，。:：]{2,40}?(?:提示|提醒|温馨提示|友情提示|特别提示)\s*[:：]"
)
SALES_SELF_RE = re.compile(r"本公司|本商城|本店|我公司|我们公司|本网店|本厂")  # the seller speaks
SALES_CALL_RE = re.compile(r"联系|客服|价格|产品|销售|咨询|订购|采购|热线")  # ... and sells
TRAILER_ZONE = 3  # sales trailers sit on one of the last lines of the body
# A note about the author closing the page (`作者为知名博主…`, `作者曾任职于…`): not the article.
AUTHOR_BIO_RE = re.compile(
    r"^[(（【\[]?\s*(?:作者|笔者)(?:简介)?\s*[:：]?\s*(?:系|为|是|曾|现为|现任|现是)"
)


def nav_run(line: str) -> bool:
    """Tell whether a line is a menu or slogan strip: several very short items in a row."""
    if (
        any(c in line for c in "，。；！？,;!?、:：")
        or YEAR_FIRST_RE.search(line)
        or YEAR_LAST_RE.search(line)
    ):
        return False  # sentences, labelled fields and date stamps are not menus
    items = [item for item in NAV_SEPARATOR_RE.split(line) if item]
    explicit = bool(NAV_EXPLICIT_RE.search(line))
    needed = NAV_MIN_ITEMS_EXPLICIT if explicit else NAV_MIN_ITEMS
    if len(items) < needed:
        return False
    return all(len(item) <= NAV_MAX_ITEM for item in items)


def contact_line(line: str) -> bool:
    """Tell whether a short line gives a hotline, phone or address."""
    return bool(CONTACT_LABEL_RE.search(line) and (PHONE_RE.search(line) or "地址" in line))


def line_chrome(line: str) -> str | None:
    """Return why a single line is chrome, or None when it may be article text."""
    if len(line) > MAX_CHROME_CHARS:
        return None
    prose = is_prose(line)
    checks: tuple[tuple[str, bool], ...] = (
        ("licence", bool(ICP_RE.search(line))),
        ("copyright", bool(COPYRIGHT_RE.search(line)) and not prose),
        ("disclaimer", bool(DISCLAIMER_RE.search(line))),
        ("contact", contact_line(line) and not prose),
        ("breadcrumb", bool(BREADCRUMB_RE.search(line))),
        ("info_bar", bool(INFO_BAR_RE.search(line)) and len(line) <= MAX_INFO_CHARS),
        ("info_bar", bool(POSTED_FROM_RE.match(line))),
        ("prev_next", bool(PREV_NEXT_RE.match(line))),
        ("related", bool(RELATED_RE.match(line))),
        ("navigation", nav_run(line)),
    )
    return next((reason for reason, hit in checks if hit), None)


def link_like(line: str) -> bool:
    """Tell whether a line reads as a link or teaser rather than a finished paragraph."""
    if BULLET_RE.match(line):
        return True
    if LABELLED_ROW_RE.match(line):
        return False
    return not ends_sentence(line) and not credited_sentence(line)


def credited_sentence(line: str) -> bool:
    """Tell whether a line is a finished sentence followed by a short credit (a caption)."""
    end = max(line.rfind(mark) for mark in "。！？!?")
    if end < 0 or not is_prose(line[: end + 1]):
        return False
    credit = line[end + 1 :].strip()
    return len(credit) <= CREDIT_MAX and not any(c in credit for c in CLAUSE_CHARS)


def tail_start(lines: Sequence[str]) -> int:
    """Return where the article's tail chrome begins (len(lines) when there is none)."""
    cut = len(lines)
    for index in range(len(lines) // 2, len(lines)):
        if PREV_NEXT_RE.match(lines[index]) or RELATED_RE.match(lines[index]):
            cut = index
            break
    return _run_start(lines, cut)


def _run_start(lines: Sequence[str], end: int) -> int:
    """Extend a tail cut upwards over a run of link-like lines just before `end`."""
    start = end
    while start > 0 and link_like(lines[start - 1]) and not _paragraph(lines[start - 1]):
        start -= 1
    if end - start < MIN_LINK_RUN or not any(ends_sentence(line) for line in lines[:start]):
        return end  # too short for a list, or nothing above it would be left: no cut
    return start


def _paragraph(line: str) -> bool:
    """Tell whether a line is a full paragraph that no link list would hold."""
    return is_prose(line) and ends_sentence(line)


def strip_vendor_lead(line: str) -> str:
    """Remove a vendor's `…分享消息:` lead-in from the start of a sentence."""
    match = VENDOR_LEAD_RE.match(line)
    if match is None or cjk_count(line[match.end() :]) < cjk_count(match.group("lead")):
        return line
    return line[match.end() :]


def author_bio(line: str) -> bool:
    """Tell whether a closing line introduces the author rather than continuing the article."""
    return AUTHOR_BIO_RE.match(line) is not None


def sales_trailer(line: str) -> bool:
    """Tell whether a paragraph is a vendor's sales pitch (`…提示:本公司…联系客服`)."""
    self_ref = SALES_SELF_RE.search(line)
    if self_ref is None or not SALES_CALL_RE.search(line):
        return False
    return bool(SALES_LABEL_RE.match(line)) or self_ref.start() < len(line) // 4
