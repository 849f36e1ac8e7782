"""The demo portals as bytes: five made-up sites, each page encoded the way its model site does.

- andun: an old vendor site of nested tables and <font>; GBK, charset=gbk in header and meta;
  vendor ad lead-in and sales note, 上一篇/下一篇, no robots.txt, a dead link.
- hxcb: a big news portal; GBK bytes declared gb2312 in header and meta, holding GBK-only
  镕/喆/堃; letter-spaced copyright, 责编, a topic page whose URL looks like an article's.
- tongqu: a UTF-8 trade portal served gzipped; 来源/字体 info bar, 首席记者/通讯员 byline,
  (编辑:…), picture sidebar, a removed article served with status 200.
- qingluan: a TRS-style government portal; GBK bytes with no charset anywhere; 您当前的位置,
  `| 来源:` info bar, a hidden block repeating the title, robots.txt forbidding drafts.
- dongyue: a provincial police portal found through its RSS feed (absolute links); GB18030
  bytes declared in the page only, holding 䶮 (not in GBK); day-first dates `06.02.2017  20:37`
  (day_first in its source), `■` bylines with offices, teasers of related articles, a 410 item.
- The news portal's grid-service story is reposted by the vendor site with a reworded lead.
"""

from __future__ import annotations

import re

from flows.demo.cmssites import build_gov, build_trade
from flows.demo.feedsite import build_province
from flows.demo.model import DemoPortals, Expected, Page, Portal, Rejected
from flows.demo.newssites import build_news, build_vendor, news_path, repost, vendor_path
from flows.demo.stories import NEWS

__all__ = [
    "DemoPortals",
    "Expected",
    "Page",
    "Portal",
    "Rejected",
    "article_pattern",
    "build_portals",
]


def build_portals() -> DemoPortals:
    """Build all demo portals with the facts their articles must keep."""
    built = [build_news(), build_vendor(), build_trade(), build_gov(), build_province()]
    copy = vendor_path(repost())
    return DemoPortals(
        portals=tuple(p for p, _, _ in built),
        expected=tuple(e for _, es, _ in built for e in es),
        rejected=tuple(r for _, _, rs in built for r in rs),
        republished=(("hxcb", news_path(NEWS[0])), ("andun", copy)),
    )


def article_pattern(portal: Portal, base_url: str) -> str:
    """Return a portal's article regex for full URLs on its server."""
    return re.escape(base_url.rstrip("/")) + portal.article
