"""Publisher, authors and editor, read from the labelled lines portals print around an article.

Every reader returns the value and the span it used, so the caller can tell whether a line is
nothing but fields (and drop it) or prose that merely mentions one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from cleaners.fields.names import join_spaced_names, looks_like_name, opens_with_surname

CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
# A Chinese personal name: two to four ideographs (compound surnames included).
CJK_NAME_RE = re.compile(rf"^[{CJK}·]{{2,4}}$")
CJK_ONLY_RE = re.compile(rf"^[{CJK}·]+$")  # a word of ideographs only (no Latin handle)
# A handle or pen name after an explicit 作者 label: letters, digits, ideographs, & _ . -.
HANDLE_RE = re.compile(rf"^[A-Za-z0-9_&.\-{CJK}·]{{2,16}}$")
MAX_AUTHORS = 8  # a byline with more names than this is a list of something else
# The first name glued to a bracket that says who they are (`某某（某大学教授）`): the list ends.
AFFILIATION_RE = re.compile(r"^(?P<name>[^（(]{2,16})[（(]")
ET_AL = "等"  # `某某等`: a name, then "and others"
# A word of a name list: spaces, list marks, slashes and square brackets end it (`【作者：某某】`).
NAME_TOKEN_RE = re.compile(r"[^\s、，,;；/／【】\[\]丨]+")
MARKUP_RE = re.compile(r"[=<>\"]")  # markup leaking into text (`size="20"`) is never a source
MAX_SOURCE_CHARS = 30  # a longer "source" is a sentence that happens to hold 来源
# "Sources" that name no publisher (this site, the web, a repost): the site name stands in.
SELF_SOURCES = frozenset({"本站", "本网", "本站原创", "本网原创", "原创", "网络", "互联网"}) | {
    "转载", "转载文章", "未知", "不详",
}  # fmt: skip
# Author values that name nobody.
NOBODY = frozenset({"佚名", "匿名", "未知", "不详", "网友", "admin", "管理员", "本站", "本网"})
# Labels of ads and promotions where a byline would be: never an author (compared casefolded).
AD_LABELS = frozenset(
    {"advertisement", "sponsored", "promoted", "ad", "广告", "推广", "赞助", "廣告", "推廣", "贊助"}
)
# Labels that end the value before them (another field, an info-bar control).
FIELD_STOP = (
    r"作者|记者|编辑|责任编辑|责编|点击|字体|字号|浏览|阅读|发布|时间|日期|通讯员|摄影|打印|"
    r"分享|评论|收藏|关闭|来源|【|\[|\||｜"
)
# 来源 and its variants, with the value after the colon.
SOURCE_RE = re.compile(r"(?:稿件|信息|文章|新闻|内容|转载)?来源\s*[:：]\s*(?P<value>[^\n]*)")
# Where a source value ends: two spaces, a bar, the next label, a date or a bracket closing.
SOURCE_END_RE = re.compile(rf"\s{{2,}}|\s*(?:{FIELD_STOP})|\s*\d{{4}}[-/年.]|[)）\]】]")
# 编辑/责任编辑/责编 with a colon (a bare 编辑 is often a blog's "edit" link).
EDITOR_RE = re.compile(r"(?:责任编辑|值班编辑|编辑|责编|编审)\s*[:：]\s*(?P<value>[^\n]*)")
# 作者 with a colon (a BBS post's 发信人 and a blog's 博主 alike), or the byline forms 文/ and 撰文.
# On an info bar the label may stand without a colon after a separator (`| 作者某某`).
# Old pages space a two-character label out to the width of a three-character one (`作 者：`)
# and set it in brackets (`【作者】`); a bracketed or slashed `作者` needs a real name after it.
# Newer pages write the bar as the ideograph 丨 (`文丨某某`); `文：` alone opens a credit, never
# the end of a word (原文：, 中文：).
AUTHOR_LABEL_RE = re.compile(
    r"(?:(?:作\s?者|撰\s?文|执笔人?|采写|撰\s?稿人?|文字|发信人|博主)\s*[:：丨]|"
    rf"(?<![{CJK}])图?文\s*[:：]|(?:文字?|执笔)\s*[/／｜|丨]|"
    r"(?P<bare>(?:(?<=[|｜\s》」』)）])|^(?=作者\s))作者|[【\[]作\s?者[】\]]|作者\s*[/／]))\s*"
    r"(?P<value>[^\n]*)"
)
# A title ending in a role before the name (`文/某某网专栏作者 王某`): skipped, not a name.
ROLE_END_RE = re.compile(r"(?:作者|记者|撰稿人|评论员|通讯员)$")
# ... and the same title glued to the name once spaces inside Chinese are repaired.
ROLE_GLUED_RE = re.compile(
    rf"(?<=[{CJK}])(作者|记者|撰稿人|评论员|通讯员)(?=[{CJK}]{{2,4}}(?:[\s】\]）)]|$))"
)
# Role words printed before names; longest first so 首席记者 wins over 记者.
ROLE_WORDS = (
    "新华社记者", "首席记者", "特约记者", "见习记者", "实习记者", "本报记者", "本台记者",
    "特约撰稿人", "撰稿人", "执笔人",
    "本刊记者", "本网记者", "融媒记者", "记者", "特约通讯员", "通讯员", "实习生", "作者", "撰稿",
    "撰文", "摄影", "摄像", "编译", "整理", "供稿", "报道", "文", "图", "摄",
)  # fmt: skip
ROLE_RE = re.compile("|".join(ROLE_WORDS))
# Role words glued to the front of a name (记者周凌); one-character roles only stand alone.
ROLE_PREFIX_RE = re.compile("^(?:" + "|".join(w for w in ROLE_WORDS if len(w) > 1) + ")+")
# A byline that names reporters through role words (记者 张三 通讯员 李四).
REPORTER_ROLE_RE = re.compile(r"记者|通讯员|实习生|撰稿|撰文|[文图]\s*[/／丨]")
MAX_BYLINE_CHARS = 60  # a byline is a short line; longer ones are prose mentioning a reporter
# A byline token: letters and ideographs only (prose fragments carry punctuation).
BYLINE_TOKEN_RE = re.compile(r"^[\w·]+$")
# Endings of official titles and roles: a token ending so is a title, not a name.
TITLE_SUFFIX_RE = re.compile(
    r"(?:长|书记|主任|委员|主席|部长|记者|通讯员|实习生|主编|编辑|总监|顾问|教授|博士|处长|专员)$"
)
# Words an organisation's name ends with: such a token is never a person.
ORG_SUFFIX_RE = re.compile(r"(?:社|网|报|台|局|部|委|会|厅|院|中心|频道|公司|集团|杂志|站|日报)$")
MIN_ORG_CHARS = 3  # a two-ideograph word ending so is a given name (刘会, 王台), not a body
# Separators between names and roles in a byline.
NAME_SPLIT_RE = re.compile(r"[\s、，,;；/／|｜丨:：]+")
# Marks that open a byline block in print-style layouts (■ 厅长 陈立新).
BYLINE_MARK_RE = re.compile(r"^[■□●◆▲★◎]\s*")
# `记者张三发自北京`, `记者 张三 报道`: names between a role word and 发自/报道/摄.
REPORTED_RE = re.compile(
    rf"记者\s*(?P<names>[{CJK}\s]{{2,20}}?)\s*(?:发自|报道|/\s*[文图摄])"
    rf"|[讯电]\s*[(（]\s*[{CJK}]{{0,4}}(?:记者|通讯员)\s*(?P<dateline>[{CJK}\s、]{{2,24}}?)\s*[)）]"
    rf"|(?P<credit>[{CJK}]{{2,4}})\s*/\s*[文图摄](?:\s|$)"
)
# `某某/某某日报`: a byline naming the reporter and the publication, nothing else.
NAME_SLASH_PUBLISHER_RE = re.compile(
    rf"^(?P<name>[{CJK}]{{2,4}})\s*[/／]\s*[{CJK}]{{1,10}}(?:报|社|网|台|刊|杂志|新闻)$"
)
# A name in brackets on an info bar (`2004年7月16日08:19 [ 某某 ] 来源：…`).
BRACKETED_NAME_RE = re.compile(rf"[\[【]\s*(?P<name>[{CJK}]{{2,4}})\s*[\]】]")
# A closing credit at the end of a paragraph: `（记者 张三）`, `（张三 李四）`.
CLOSING_CREDIT_RE = re.compile(rf"[（(]\s*(?P<credit>[{CJK}\s、/:：]{{2,30}}?)\s*[)）]\s*$")
# Without a role word, a bracketed name credits the text only right after a sentence's end: a
# bracket glued to a word or number (`某报(吉林)`, `071700（某县）`) or standing alone on its
# line (a table's unit, `（万人）`) qualifies something else.
SENTENCE_CLOSE_RE = re.compile(r"[。！？!?”」』…]\s*$")
# `张三 发表于 2005-…`, `由张三张贴`: forum and blog signatures.
POSTED_BY_RE = re.compile(
    r"(?:^|\s)(?P<name>[^\s:：\[\]【】()（）]{2,16}?)\s*(?:发表|发布)于"
    r"|由\s*(?P<name2>[^\s\[\]【】()（）]{2,16}?)\s*(?:张贴|发表)"
    r"|posted\s*(?:@|on)\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"\s+(?P<name3>[^\s:：\[\]【】()（）]{2,16})",  # a blog engine's `posted @ 日期 某某` footer
    re.IGNORECASE,
)
COLON_RE = re.compile(r"[:：]")  # `（作者：某某）`: a labelled credit, its label before the colon
PHOTO_CREDIT_RE = re.compile(r"[摄图]\s*$")  # `（某某摄）` credits a photograph, not the text
MAX_PUBLISHER_CHARS = 8  # a publisher named before the reporter in a closing credit is short
MAX_CJK_HANDLE = 5  # an all-Chinese signature longer than this is a phrase, not a name
# Words of page controls that sit where a signature would (收藏本文, 点击此处).
CONTROL_WORD_RE = re.compile(r"点击|收藏|本文|评论|阅读|打印|关闭|分享|此处|网友|用户")


@dataclass(frozen=True, slots=True)
class Found:
    """A value read from a line and the span of the line it came from."""

    value: str
    span: tuple[int, int]


def is_organisation(word: str) -> bool:
    """Tell whether a word names an organisation (新华社, 某某党支部) rather than a person."""
    return len(word) >= MIN_ORG_CHARS and ORG_SUFFIX_RE.search(word) is not None


def _trim(value: str) -> str:
    """Strip brackets, spaces and punctuation around a field value."""
    return value.strip(" \u3000[]【】()（）<>《》:：,，;；|｜-—·.")


def parse_source(line: str) -> Found | None:
    """Read the publisher after 来源/稿件来源/信息来源/文章来源, without label or trailing text.

    A source naming no publisher (本站, 转载) is found with an empty value.
    """
    match = SOURCE_RE.search(line)
    if match is None:
        return None
    value = match.group("value").lstrip(" \u3000[【(（")
    end = SOURCE_END_RE.search(value)
    cut = value[: end.start()] if end else value
    source = _trim(cut)
    if not source or len(source) > MAX_SOURCE_CHARS or MARKUP_RE.search(source):
        return None
    stop = match.start("value") + (len(match.group("value")) - len(value)) + len(cut)
    return Found("" if source in SELF_SOURCES else source, (match.start(), stop))


def _name_tokens(text: str) -> Iterator[tuple[str, int]]:
    """Yield (word, where it ends) of a name list; `&` joins names after the first (a handle)."""
    for index, token in enumerate(NAME_TOKEN_RE.finditer(text)):
        if index and "&" in token.group(0):
            for part in re.finditer(r"[^&]+", token.group(0)):
                yield part.group(0), token.start() + part.end()
        else:
            yield token.group(0), token.end()


def is_nobody(word: str) -> bool:
    """Tell a placeholder or an ad label (`佚名`, `Advertisement`) from a name."""
    return word in NOBODY or word.casefold() in AD_LABELS


def _leading_names(text: str, *, first_any: bool) -> tuple[list[str], int]:
    """Take the names at the start of `text`; return them and how many characters they used."""
    names: list[str] = []
    used = 0
    size = len(text)
    text = join_spaced_names(ROLE_GLUED_RE.sub(r"\1 ", text))  # `used` is capped below
    for raw, end in _name_tokens(text):
        if names and raw[0] in "（(":
            break  # a bracket after the names says who they are (`某某 (昵称)`)
        word, last = _list_end(_trim(raw), first=not names)
        if is_nobody(word):
            break
        if not names and ROLE_END_RE.search(word):
            continue  # `某报记者`, `某网专栏作者`: the title before the names
        # after the first name only a word opening with a surname continues (`某某 出自[某社]`)
        named = CJK_NAME_RE.match(word) is not None and (not names or opens_with_surname(word))
        ok = named or (first_any and not names and HANDLE_RE.match(word) is not None)
        if not ok or TITLE_SUFFIX_RE.search(word) or ROLE_RE.fullmatch(word):
            break
        if is_organisation(word) and CJK_ONLY_RE.match(word):
            break  # 作者：新华社, 作者：某某党支部 name an organisation, not a person
        if re.match(FIELD_STOP, word):
            break
        names.append(word)
        used = end
        if last or len(names) >= MAX_AUTHORS:
            break
    return names, min(used, size)


def _list_end(word: str, *, first: bool) -> tuple[str, bool]:
    """Split off what ends a name list: the first name's affiliation in brackets, or 等."""
    affiliation = AFFILIATION_RE.match(word) if first else None
    if affiliation:
        return affiliation.group("name"), True
    if word.endswith(ET_AL) and looks_like_name(word[: -len(ET_AL)]):
        return word[: -len(ET_AL)], True
    return word, False


def parse_editor(line: str) -> Found | None:
    """Read the editor after 编辑/责任编辑/责编 (`(编辑:xwzx2021)`, `编辑: 王晓芸 热线…`)."""
    match = EDITOR_RE.search(line)
    if match is None:
        return None
    value = match.group("value")
    names, used = _leading_names(value.replace(")", " ").replace("）", " "), first_any=True)
    if not names:
        return None
    return Found(" ".join(names), (match.start(), match.start("value") + used))


def split_names(text: str) -> tuple[str, ...]:
    """Return the personal names in a byline, dropping roles, titles and organisations."""
    names: list[str] = []
    for token in NAME_SPLIT_RE.split(join_spaced_names(BYLINE_MARK_RE.sub("", text))):
        word = _trim(ROLE_PREFIX_RE.sub("", _trim(token)))
        if not word or word in ROLE_WORDS or TITLE_SUFFIX_RE.search(word):
            continue
        if is_organisation(word):
            continue
        if looks_like_name(word) and word not in names:
            names.append(word)
    return tuple(names[:MAX_AUTHORS])


def is_byline(line: str) -> bool:
    """Tell whether a short line is nothing but roles, titles and names."""
    body = BYLINE_MARK_RE.sub("", line)
    if len(line) > MAX_BYLINE_CHARS or (body == line and not REPORTER_ROLE_RE.search(line)):
        return False
    tokens = [_trim(t) for t in NAME_SPLIT_RE.split(join_spaced_names(body)) if _trim(t)]
    if not tokens or len(tokens) > 2 * MAX_AUTHORS:
        return False
    if not any(_role_or_title(token) for token in tokens):
        return False
    for index, token in enumerate(tokens):
        if not BYLINE_TOKEN_RE.match(token):
            return False
        if _name_or_role(token) or (index == 0 and is_organisation(token)):
            continue
        return False
    return bool(split_names(body))


def parse_authors(line: str) -> Found | None:
    """Read author names from a byline, an 作者 label, a closing credit or a post signature."""
    stripped = line.strip()
    if is_byline(stripped):
        return Found(" ".join(split_names(stripped)), (0, len(line)))
    finders = (_labelled, parse_reported, parse_closing_credit, _posted_by)
    for finder in (*finders, parse_name_slash_publisher):
        found = finder(line)
        if found is not None:
            return found
    return None


def authors_of(found: Found | None) -> tuple[str, ...]:
    """Turn a Found author value back into a tuple of names."""
    return tuple(found.value.split(" ")) if found and found.value else ()


def _labelled(line: str) -> Found | None:
    """Read names after 作者:/文/."""
    match = AUTHOR_LABEL_RE.search(line)
    if match is None:
        return None
    value = match.group("value")
    names, used = _leading_names(value, first_any=True)
    if match.group("bare") and not (names and looks_like_name(names[0])):
        return None  # without a colon only a real name makes `作者` a label (not 作者/标题)
    first = value.split(maxsplit=1)[0] if value.split() else ""
    if not names and (first in NOBODY or is_organisation(first)):
        # 作者：佚名 / 作者：新华社 is a field, naming no person
        return Found("", (match.start(), match.start("value") + value.find(first) + len(first)))
    if not names:
        return None
    return Found(" ".join(names), (match.start(), match.start("value") + used))


def parse_reported(line: str) -> Found | None:
    """Read names from `记者张三发自北京` / `记者马俊峰/文`."""
    match = REPORTED_RE.search(line)
    if match is None:
        return None
    credit = match.group("credit")
    if credit:  # the name is glued to the caption before it: try its likely lengths
        name = next((credit[-n:] for n in (3, 2, 4) if looks_like_name(credit[-n:])), None)
        return Found(name, match.span("credit")) if name else None
    names = split_names(match.group("names") or match.group("dateline"))
    return Found(" ".join(names), match.span()) if names else None


def parse_name_slash_publisher(line: str) -> Found | None:
    """Read `某某/某某日报`: a reporter's name, a slash, the publication."""
    match = NAME_SLASH_PUBLISHER_RE.match(line.strip())
    if match is None or not looks_like_name(match.group("name")):
        return None
    return Found(match.group("name"), (0, len(line)))


def parse_bracketed_name(line: str) -> Found | None:
    """Read a personal name printed in brackets on an info bar (`[ 某某 ]`)."""
    for match in BRACKETED_NAME_RE.finditer(line):
        if looks_like_name(match.group("name")):
            return Found(match.group("name"), match.span())
    return None


def parse_closing_credit(line: str) -> Found | None:
    """Read names from a closing `（记者 张三）` or `（张三 李四）`."""
    match = CLOSING_CREDIT_RE.search(line)
    if match is None:
        return None
    credit = match.group("credit")
    label = COLON_RE.split(credit, maxsplit=1)
    if len(label) > 1 and not ROLE_RE.fullmatch(label[0].strip()):
        return None  # `（编辑：某某）` credits the editor, read as such elsewhere
    names = split_names(credit)
    tokens = [t for t in NAME_SPLIT_RE.split(credit.strip()) if t]
    # `……举行。（张三）`, but not a photo credit `（张三摄）`
    lone = len(tokens) == 1 and looks_like_name(tokens[0]) and not PHOTO_CREDIT_RE.search(credit)
    if lone and not SENTENCE_CLOSE_RE.search(line[: match.start()]):
        return None
    if not names or (not REPORTER_ROLE_RE.search(credit) and len(tokens) < 2 and not lone):
        return None
    if tokens and not _name_or_role(tokens[0]) and len(tokens[0]) <= MAX_PUBLISHER_CHARS:
        tokens = tokens[1:]  # `（某某社 某某）`: the publisher, then its reporter
    if not tokens or any(not _name_or_role(t) for t in tokens):
        return None
    return Found(" ".join(names), match.span())


def _role_or_title(token: str) -> bool:
    """Tell whether a byline token is a role word or an official title (记者, 厅长)."""
    return bool(ROLE_PREFIX_RE.match(token) or token in ROLE_WORDS or TITLE_SUFFIX_RE.search(token))


def _name_or_role(token: str) -> bool:
    """Tell whether a byline token is a role, a title or a name."""
    bare = ROLE_PREFIX_RE.sub("", token)
    return bool(
        token in ROLE_WORDS or TITLE_SUFFIX_RE.search(token) or looks_like_name(bare)
    ) and not is_organisation(bare)


def _posted_by(line: str) -> Found | None:
    """Read the poster's name from `张三 发表于 …` / `由张三张贴` / `posted @ 日期 张三`."""
    match = POSTED_BY_RE.search(line)
    if match is None:
        return None
    name = _trim(match.group("name") or match.group("name2") or match.group("name3") or "")
    if not HANDLE_RE.match(name) or ROLE_RE.fullmatch(name) or CONTROL_WORD_RE.search(name):
        return None
    if CJK_NAME_RE.match(name) is None and re.fullmatch(rf"[{CJK}]{{{MAX_CJK_HANDLE + 1},}}", name):
        return None
    return Found(name, match.span())
