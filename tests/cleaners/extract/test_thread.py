"""Reading forum and Q&A threads: every post's text in order, without the chrome of each post."""

from __future__ import annotations

import pytest
from threadpages import POSTS, SIGNATURE, TITLE, URL, div_posts, page, table_posts

from cleaners.extract.page import Extracted, extract_html
from cleaners.records import SiteRules

QUESTION = "老空调漏水，是排水管的问题还是滤网的问题，怎么判断？"
ANSWERS = (
    "先看滴水的位置：从出风口滴，多半是滤网脏了，冷凝水积在蒸发器上；从机身底部滴，就是排水管堵了或者坡度不够。",
    "我家也遇到过，师傅上门看了一眼，说是安装时排水管往上翘了，重新固定一下就好了，没收钱。",
    "建议先自己清洗滤网，不行再找售后，别随便拆机。",
)


def qa_page(best: str = "") -> str:
    """A question with its text above a list of answers, each with its answerer box.

    `best`, when given, is an accepted answer printed in a box of its own above the others.
    """
    answers = "".join(
        f"<div class='answer'><div class='answer-user'><a href='/usercenter?uid={n}'>"
        f"<img src='/head/{n}.jpg'>热心网友{n}</a><span class='level'>LV{n + 4}</span></div>"
        f"<div class='answer-text'><p>{text}</p></div>"
        f"<div class='answer-bar'><span>{2 * n + 9}</span> 赞同 <a href='#c'>评论</a>"
        f"<span class='time'>2022-08-1{n} 09:3{n}</span></div></div>"
        for n, text in enumerate(ANSWERS)
    )
    question = f"<div class='question-text'><p>{QUESTION}</p></div>"
    if best:
        question += (
            f"<div class='best-box'><b>最佳答案</b><div class='answer-text'>{best}</div></div>"
        )
    return page(f"{question}<div class='answers'>{answers}</div>")


BEST = "".join(
    f"<p>第{n}步：关掉电源，拆下面板，检查排水管接口是否松动，再用清水冲洗接水盘和排水口。</p>"
    for n in range(1, 16)  # longer than an article above its comments may be
)


POST = (
    "今天上午，市里通报了动物园的调查进展，调查组已经进驻，后续情况将及时向社会公布。"
    "园方表示会全力配合，暂停对外开放一周。"
)
COMMENTS = (
    "这么大的事现在才说？",
    "希望调查清楚，给公众一个交代。",
    "支持",
    "动物太可怜了",
    "园方平时就没人管吗，门票可一点都不便宜。",
)


def comment_page() -> str:
    """A short post and the readers' comments below it, each a user, a text and a stamp."""
    comments = "".join(
        f"<div class='comment-item'><div class='text'><a href='/u/{n}'>网友{n}</a>："
        f"<span>{text}</span></div><div class='info'><span>24-5-13 17:{n}8</span>"
        f"<span>来自北京</span><button>{n + 1}</button></div></div>"
        for n, text in enumerate(COMMENTS)
    )
    return page(f"<div class='post-text'>{POST}</div><div class='comments'>{comments}</div>")


REVIEWS = (
    "剧情节奏很好，最后二十分钟的反转让人意想不到，值得二刷。",
    "演员的表演有点用力过猛，不过配乐很加分。",
    "一般般吧，前半段太拖沓了。",
    "带孩子去看的，孩子很喜欢，大人也没觉得无聊。",
)


def review_page() -> str:
    """A comment page of reviews: avatar, a heading with the user, a rating and a time, text."""
    items = "".join(
        f"<div class='comment-item'><div class='avatar'><a href='/people/u{n}/'>"
        f"<img src='/icon/u{n}.jpg'></a></div><div class='comment'><h3>"
        f"<span class='votes'>{n * 7 + 3}</span> <a href='/j/vote/{n}'>有用</a>"
        f"<span class='comment-info'><a href='/people/u{n}/'>看客{n}</a>"
        f"<span class='rating'>推荐</span>"
        f"<span class='comment-time'>2023-0{n + 1}-12 21:0{n}</span>"
        f"</span></h3><p class='comment-content'><span class='short'>{text}</span></p></div></div>"
        for n, text in enumerate(REVIEWS)
    )
    return page(f"<div id='comments'>{items}</div>")


CAT_ANSWERS = (
    ("猫砂盆、猫砂、猫粮和饮水器是最基本的。", "另外一定要提前准备航空箱，去医院打疫苗时用得上。"),
    ("别急着买一堆玩具，一根逗猫棒就够了。", "最重要的是家里的窗户装好纱窗，防止猫咪坠楼。"),
    ("建议先去宠物医院做个体检，再慢慢添置东西。", "猫抓板也很重要，不然沙发会遭殃。"),
)


def answers_page() -> str:
    """Answers of several paragraphs, each under its author line and above its vote bar."""
    items = "".join(
        f"<div class='list-item'><div class='answer-item'>"
        f"<div class='author-info'><a class='user-link' href='/people/a{n}'>答主{n}</a>"
        f"<div class='author-badge'>宠物话题下的优秀答主</div></div>"
        f"<div class='rich-content'><span class='rich-text'>{''.join(f'<p>{p}</p>' for p in parts)}"
        f"</span><div class='answer-time'>发布于 2021-06-0{n + 1} 12:3{n}</div>"
        f"<div class='answer-actions'><button>赞同 {n * 40 + 12}</button>"
        f"<button>{n + 3} 条评论</button><button>分享</button></div></div></div></div>"
        for n, parts in enumerate(CAT_ANSWERS)
    )
    return page(f"<div class='question-main'><div class='answer-list'>{items}</div></div>")


def extract(html: str) -> Extracted:
    result = extract_html(html, URL, SiteRules())
    assert isinstance(result, Extracted), result
    return result


def joined(extracted: Extracted) -> str:
    return "".join(extracted.body).replace(" ", "")


@pytest.mark.parametrize(
    ("html", "wanted"),
    [
        (page(table_posts()), POSTS),
        (page(div_posts()), POSTS),
        (qa_page(), (QUESTION, *ANSWERS)),
        (qa_page(BEST), (QUESTION, "第15步：关掉电源", *ANSWERS)),
        (comment_page(), (POST, *COMMENTS)),
        (review_page(), REVIEWS),
        (answers_page(), tuple(p for parts in CAT_ANSWERS for p in parts)),
    ],
    ids=[
        "table-posts",
        "div-posts",
        "question-and-answers",
        "long-best-answer",
        "comments",
        "reviews",
        "answers-of-paragraphs",
    ],
)
def test_every_post_is_kept_in_order(html: str, wanted: tuple[str, ...]) -> None:
    extracted = extract(html)
    text = joined(extracted)
    positions = [text.find(part) for part in wanted]
    assert extracted.method == "thread"
    assert extracted.body[0] == TITLE  # the topic or question the posts answer
    assert -1 not in positions, f"missing posts in {extracted.body}"
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("html", "chrome"),
    [
        (page(table_posts()), ("会员1号", "积分", "沙发", "板凳", "回复", "举报", SIGNATURE)),
        (page(div_posts()), ("user1", "发布 #2", "人觉得很赞", "回复", "2023年10月3日")),
        (qa_page(), ("热心网友1", "LV5", "赞同", "评论", "2022-08-11")),
        (comment_page(), ("24-5-13", "来自北京")),
        (review_page(), ("看客1", "有用", "推荐", "2023-02-12")),
        (answers_page(), ("答主1", "优秀答主", "赞同", "条评论", "分享", "发布于")),
    ],
    ids=[
        "table-posts",
        "div-posts",
        "question-and-answers",
        "post-and-comments",
        "reviews",
        "answers-of-paragraphs",
    ],
)
def test_user_boxes_signatures_and_buttons_are_left_out(html: str, chrome: tuple[str, ...]) -> None:
    text = "\n".join(extract(html).body)
    assert [c for c in chrome if c in text] == []


def test_a_reply_quoting_an_earlier_post_keeps_the_quoted_text_once() -> None:
    quote = (
        f"<blockquote><font>会员0号 发表于 2021-3-5 10:10</font><br>{POSTS[0][:20]}...</blockquote>"
    )
    text = joined(extract(page(table_posts(quote=quote))))
    assert text.count(POSTS[0][:20]) == 1
    assert POSTS[2] in text


def test_a_quote_of_text_not_on_the_page_stays() -> None:
    quote = "<blockquote>上一页里有人说过，空调漏水十有八九是排水管的事。</blockquote>"
    text = joined(extract(page(table_posts(quote=quote))))
    assert "空调漏水十有八九是排水管的事" in text


def test_a_hidden_post_is_never_read() -> None:
    hidden = (
        "<div id='post_9' style='display: none'><table class='plhin'><tr><td class='pls'>"
        "<a href='/space-uid-9.html'>版主</a></td><td class='plc'><em>发表于 2021-3-9 10:10</em>"
        "<table><tr><td class='t_f'>此帖已被屏蔽，内容仅管理员可见，请勿外传。</td></tr></table>"
        "</td></tr></table></div>"
    )
    text = joined(extract(page(table_posts(hidden=hidden))))
    assert "此帖已被屏蔽" not in text
    assert POSTS[-1] in text


ARTICLE = "".join(
    f"<p>第{n}段：今年以来，全市新建改建城市道路一百二十公里，新增公交线路十八条，"
    "居民出行更加便利，交通拥堵指数同比下降百分之六。</p>"
    for n in range(1, 9)
)
SECTIONS = "".join(
    f"<div class='section'><h3>第{n}部分</h3><span class='more'><a href='/more'>更多</a></span>"
    f"<div><p>这一部分讲述城市交通的第{n}个方面，从道路建设到公交线路，数据详实，分析透彻。</p>"
    f"<p>它还比较了近五年的变化，指出了今后需要改进的地方。</p></div></div>"
    for n in range(1, 5)
)
CARDS = "".join(
    f"<div class='card'><a href='/news/2024/{n}.html'>城市交通建设又有新进展第{n}条消息标题</a>"
    f"<p>今年以来全市新建改建城市道路，新增公交线路，居民出行更加便利，第{n}条摘要。</p>"
    f"<span>交通日报 · {n} 小时前</span></div>"
    for n in range(1, 8)
)
ARTICLE_COMMENTS = "".join(
    f"<li class='comment'><a href='/u/{n}'>读者{n}</a><p>说得好，第{n}条。</p>"
    f"<span>2024-05-0{n} 10:00</span></li>"
    for n in range(1, 5)
)


@pytest.mark.parametrize(
    "thread",
    [
        f"<div class='article'>{ARTICLE}</div>",
        SECTIONS,
        f"<div class='article'>{ARTICLE}</div><div class='feed'>{CARDS}</div>",
        f"<div class='article'>{ARTICLE}</div><ul class='comments'>{ARTICLE_COMMENTS}</ul>",
    ],
    ids=["paragraphs", "sections-with-controls", "article-and-feed", "article-and-comments"],
)
def test_pages_that_are_no_thread_are_read_as_articles(thread: str) -> None:
    assert extract(page(thread)).method != "thread"


def test_short_replies_that_two_posts_share_are_posts_not_labels() -> None:
    texts = (*POSTS, "顶", "谢谢分享，收藏了。")
    text = joined(extract(page(table_posts(texts))))
    assert text.count("顶") == 2
