"""What a listing's link says: its text, whether it reads as a headline, a card's headline."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from cleaners.links.urls import canonicalize_url

HEADLINE_MIN = 8  # shorter anchor texts are menu items, tags or "更多"
HEADLINE_MAX = 60  # longer ones are summaries or whole paragraphs made into links
CARD_PARTS = "h1, h2, h3, h4, h5, h6, div, p, span, strong, b, em"  # where a card's headline sits
CJK_SHARE = 0.5  # a Chinese headline is mostly Han characters; menus of Latin words are not
LATIN_WORD = re.compile(r"[^\W_]+")  # once Han is blanked: a Latin word or number, one unit
# of meaning like one Han character (a headline naming AI, iPhone or GPT-5 is still Chinese)
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # Han ideograph blocks
MENU_TEXT = re.compile(  # chrome link texts, whatever their length
    r"^(?:网站首页|返回首页|首页|设为首页|加入收藏|登录|注册|网站地图|联系我们|关于我们|"
    r"版权声明|免责声明|隐私|无障碍|手机版|繁體|简体|English|返回顶部|更多|查看更多)",
    re.I,
)
TRUNCATED = ("...", "…", "..")  # an anchor text cut short; the title attribute holds it whole


def anchor_text(anchor: LexborNode) -> str:
    """Return a link's text, whitespace collapsed; its title (or image alt) when cut short."""
    text = " ".join((anchor.text(deep=True) or "").split())
    title = " ".join((anchor.attributes.get("title") or "").split())
    if not title and not text:
        image = anchor.css_first("img[alt]")
        title = " ".join(((image.attributes.get("alt") or "") if image else "").split())
    if title and (not text or text.endswith(TRUNCATED)) and len(title) > len(text):
        return title
    return text


def is_headline(text: str) -> bool:
    """Tell whether a link text reads like a Chinese headline: long enough, mostly Han."""
    if not HEADLINE_MIN <= len(text) <= HEADLINE_MAX or MENU_TEXT.match(text):
        return False
    han = len(HAN.findall(text))
    words = len(LATIN_WORD.findall(HAN.sub(" ", text)))  # punctuation and spaces count for none
    return han > 0 and han / (han + words) >= CJK_SHARE


def card_headline(anchor: LexborNode) -> str | None:
    """Return the first part of a card link that reads as a headline, if any."""
    for part in anchor.css(CARD_PARTS):
        text = node_text(part)
        if is_headline(text):
            return text
    return None


def unlinked_headline(card: LexborNode) -> str | None:
    """Return the first part of a card that reads as a headline and holds no link, if any."""
    for part in card.css(CARD_PARTS):
        if part.css_first("a") is None and not _inside_link(part, card):
            text = node_text(part)
            if is_headline(text):
                return text
    return None


def one_target(row: LexborNode) -> bool:
    """Tell whether every link of a row goes to one place (a card of one entry)."""
    return len({a.attributes.get("href") for a in row.css("a[href]")}) == 1


def links_elsewhere(row: LexborNode, target: str) -> bool:
    """Tell whether a row links a page other than its entry's, on any host (comments, source).

    An empty href, a fragment or a script leads nowhere and counts for none.
    """
    for link in row.css("a[href]"):
        other = canonicalize_url(link.attributes.get("href") or "", target)
        if other is not None and other != target:
            return True
    return False


def _inside_link(node: LexborNode, stop: LexborNode) -> bool:
    """Tell whether a node sits inside a link below the given ancestor."""
    current = node.parent
    while current is not None and current.mem_id != stop.mem_id:
        if current.tag == "a":
            return True
        current = current.parent
    return False


def node_text(node: LexborNode) -> str:
    """Return a node's text with whitespace collapsed."""
    return " ".join((node.text(deep=True) or "").split())
