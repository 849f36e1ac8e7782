"""Table tests for chrome rules: one row per kind of portal chrome, and article text kept."""

from __future__ import annotations

import pytest

from cleaners.fields.chrome import (
    author_bio,
    line_chrome,
    link_like,
    nav_run,
    sales_trailer,
    strip_vendor_lead,
    tail_start,
)

PROSE = "市里召开会议，部署今年的防汛工作，要求各区县落实责任、加强值守、确保安全。"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("京ICP备12345678号-2", "licence"),
        ("某公网安备 11010502031234号 京ICP备17031245号", "licence"),
        ("增值电信业务经营许可证号:京B2-20201704", "licence"),
        ("某某网版权所有,未经书面授权禁止使用", "copyright"),
        ("Copyright © 1997-2017 by www.example.cn. all rights reserved", "copyright"),
        ("Copyright 某某杂志 All Rights Reserved 版权所有 复制必究", "copyright"),
        ("某某24小时值班电话:13901234567 商务合作:010-61234567转601", "contact"),
        ("地址：某市某区某路6号 邮编：100000", "contact"),
        ("您当前的位置 :首页 > 第一新闻 > 专题宣传", "breadcrumb"),
        ("当前位置：首页 > 新闻中心", "breadcrumb"),
        ("某某首页 > 房产 > 地产新闻 > 正文", "breadcrumb"),
        ("【字体：大 中 小】【打印】【关闭】", "info_bar"),
        ("分享到：", "info_bar"),
        ("扫一扫在手机打开当前页", "info_bar"),
        ("- 上一篇:如何办理居住证? 2018/5/24", "prev_next"),
        ("下一篇：某市召开防汛工作会议", "prev_next"),
        ("相关新闻", "related"),
        ("图片文章", "related"),
        ("首页 要闻 时政 交通 公路 物流 汽车 民航", "navigation"),
        ("时政 | 交通 | 交警 | 公路 | 铁路", "navigation"),
        ("有思想 / 有温度 / 有品质", "navigation"),
        ("关于我们 | 联系我们 | 广告合作 | 版权声明", "copyright"),
        ("设为首页 加入收藏", "info_bar"),
        ("已有 0 人参与", "info_bar"),
        ("免责声明：本文仅代表作者个人观点，与本网无关。", "disclaimer"),
        ("本文来源于网络，如有侵权请联系删除，转载请注明出处。", "disclaimer"),
        ("点击排行", "related"),
        ("本文为某某网原创文章，未经允许不得转载", "disclaimer"),
        ("特别声明：以上内容为平台用户上传并发布，本平台仅提供信息存储服务。", "disclaimer"),
        ("(本文来自某某新闻，更多原创资讯请下载“某某新闻”APP)", "disclaimer"),
        ("作者：王明 李华返回某某，查看更多", "info_bar"),
        ("IP属地：四川", "info_bar"),
        ("某某网专稿，未经书面授权请勿转载。", "disclaimer"),
        ("便民资讯推荐", "related"),
        ("发布于：某某市", "info_bar"),
    ],
    ids=[
        "icp",
        "gongwang-anbei",
        "b2-licence",
        "letter-spaced-collapsed",
        "copyright-en",
        "copyright-mixed",
        "hotline",
        "address",
        "breadcrumb-nin",
        "breadcrumb-dangqian",
        "breadcrumb-arrows",
        "font-size-bar",
        "share",
        "scan-qr",
        "prev-with-date",
        "next",
        "related-heading",
        "picture-heading",
        "nav-spaces",
        "nav-bars",
        "slogan-slashes",
        "footer-links",
        "set-home",
        "comment-count",
        "disclaimer",
        "repost-notice",
        "ranking-heading",
        "original-no-repost",
        "platform-notice",
        "app-download-credit",
        "see-more-glued-to-a-byline",
        "posted-from-place",
        "no-repost-please",
        "box-heading-recommended",
        "published-from-place",
    ],
)
def test_line_chrome(line: str, reason: str) -> None:
    assert line_chrome(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        PROSE,
        "江北公安发展6大任务",
        "一、高举旗帜，确保工作坚定正确的政治方向。",
        "守住底线、服务群众、转变作风、防控风险、执法为民、公正廉洁",
        "“一年夯基础、两年见成效、三年创一流”",
        "近年来，我局打击侵犯著作权犯罪，维护版权所有者的合法权益，查办案件120余起，取得明显成效。",
        "记者：请您介绍一下今年的工作重点。",
        "创新开展安全、服务“双检查”",
        "发布于2023年的这份报告指出，本市空气质量连续三年改善。",
    ],
    ids=["paragraph", "short-heading", "list-item", "enumeration", "quoted-slogan",
         "copyright-word-in-prose", "interview-question", "heading-with-quotes",
         "published-in-prose"],
)  # fmt: skip
def test_article_lines_are_not_chrome(line: str) -> None:
    assert line_chrome(line) is None


@pytest.mark.parametrize(
    ("line", "nav"),
    [
        ("首页 新闻 体育 娱乐", True),
        ("张明 李华 王强", False),
        ("江南公安递交的成绩单 “四个大抓”谋篇布局", False),
        ("[1] [2] [3] [4] [5]", True),
        ("[ 黄宇 ] 来源：[ 某某报 ]", False),
    ],
    ids=["menu", "three-names", "headline-with-space", "pager", "labelled-fields"],
)
def test_nav_run(line: str, nav: bool) -> None:
    assert nav_run(line) is nav


CAPTION = "5月3日晚，在某市人民广场，上千名市民冒雨观看了这场露天文艺演出。本报记者某某摄"
TEASERS = [
    "某局举办主题演讲决赛",
    "5月3日下午，某局举办演讲决赛。市委组织部副部长某某，团市委副书记某某，公安局",
    "某某同志出席全市应急演练",
    "5月12日上午，市政府主办，市应急办牵头承办，公安局",
]


@pytest.mark.parametrize(
    ("lines", "start"),
    [
        ([PROSE, PROSE, PROSE, "- 上一篇:某标题 2018/5/24", "- 下一篇:某标题 2018/5/11"], 3),
        ([PROSE, PROSE, PROSE, *TEASERS], 3),
        ([PROSE, PROSE, "• 要闻", "• 视野", "• 在线", "某标题截断"], 2),
        ([PROSE, PROSE, "（完）"], 3),
        ([PROSE, "小标题", PROSE, "结尾署名"], 4),
        (["上一篇:某标题", PROSE, PROSE, PROSE], 4),
        (["没有句号的一行", "又一行没有句号", "第三行也没有", "第四行还是没有"], 4),
        ([PROSE, PROSE, *[CAPTION] * 3], 5),
        ([PROSE, PROSE, CAPTION, *TEASERS], 3),
        ([PROSE, PROSE, "主要参数：", "甲型车", "排量：1.2升", "功率：50千瓦", "乙型车",
          "排量：1.5升", "变速箱：手动五速"], 9),
        ([PROSE, PROSE, "会议日程", "09:00-09:30 开幕式", "09:30-11:00 主旨报告",
          "11:00-12:00 圆桌讨论"], 6),
    ],
    ids=["prev-next", "teaser-list", "bullets", "lone-end-mark-kept", "signature-kept",
         "prev-next-at-top-ignored", "nothing-would-be-left", "photo-captions-kept",
         "captions-then-teasers", "spec-table-kept", "agenda-kept"],
)  # fmt: skip
def test_tail_start(lines: list[str], start: int) -> None:
    assert tail_start(lines) == start


@pytest.mark.parametrize(
    ("line", "linky"),
    [
        ("• 某某标题", True),
        ("某某标题", True),
        (PROSE, False),
        (CAPTION, False),
        (TEASERS[1], True),
    ],
    ids=["bullet", "headline", "sentence", "caption-with-credit", "cut-snippet"],
)
def test_link_like(line: str, linky: bool) -> None:
    assert link_like(line) is linky


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("某某器材采购网分享消息:今天，" + PROSE, "今天，" + PROSE),
        ("某某商城分享:今天，" + PROSE, "今天，" + PROSE),
        ("本报讯 今天，" + PROSE, "本报讯 今天，" + PROSE),
        ("新华社北京3月20日电 " + PROSE, "新华社北京3月20日电 " + PROSE),
        ("小编分享：好", "小编分享：好"),
    ],
    ids=["vendor-lead", "other-vendor", "news-dateline-kept", "agency-dateline-kept",
         "lead-longer-than-text"],
)  # fmt: skip
def test_strip_vendor_lead(line: str, expected: str) -> None:
    assert strip_vendor_lead(line) == expected


@pytest.mark.parametrize(
    ("line", "sales"),
    [
        ("某某采购网销售经理提示:本公司专业从事装备销售，价格公道，可联系客服了解。", True),
        ("温馨提示：本商城所售产品均为正品，如需购买请咨询在线客服。", True),
        ("本店主营各类服装，欢迎联系订购。", True),
        (PROSE, False),
        ("市场监管部门提示：消费者购买产品时应索要发票，发现问题可拨打热线投诉。", False),
    ],
    ids=["vendor-manager", "mall-tip", "shop-self", "article", "consumer-advice"],
)  # fmt: skip
def test_sales_trailer(line: str, sales: bool) -> None:
    assert sales_trailer(line) is sales


@pytest.mark.parametrize(
    ("line", "bio"),
    [
        ("作者为知名博主，新媒体的研究者。", True),
        ("作者曾任职于多家企业，现为某团队创建人", True),
        ("（作者系某大学教授）", True),
        ("作者认为，这一问题值得深思。", False),
        ("作为一名老党员，他始终冲在前面。", False),
    ],
    ids=["wei", "ceng", "bracketed-xi", "author-argues", "zuowei"],
)
def test_author_bio(line: str, bio: bool) -> None:
    assert author_bio(line) is bio
