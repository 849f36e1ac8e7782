"""Chinese personal names: what a byline token must look like to be taken for a person."""

from __future__ import annotations

import re

# Common single-character surnames (together they cover the great majority of Chinese people).
SINGLE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦"
    "俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房"
    "滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应"
    "臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁"
    "胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰"
    "支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印"
    "逯隆茹诸战慕危玉银亢嵇公湛宾戎勾茅利於居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
# Two-character surnames.
DOUBLE_SURNAMES = frozenset(
    {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒"}
    | {"夏侯", "令狐", "端木", "南宫", "西门", "独孤"}
)
NAME_CHARS_RE = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]{2,4}$")
# A pen name in Latin letters (no digits: numbers are ids, not names).
PEN_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z_.\-]{2,19}$")
MAX_LONE_NAME = 4  # beside a date line, a four-character name (复姓 or 三字名) is still a name
# Two lone ideographs: old pages pad a two-character name to three characters' width (`王 伟`).
SPACED_PAIR_RE = re.compile(
    r"(?<![\u3400-\u4dbf\u4e00-\u9fff])([\u3400-\u4dbf\u4e00-\u9fff])[ \u3000]+"
    r"([\u3400-\u4dbf\u4e00-\u9fff])(?![\u3400-\u4dbf\u4e00-\u9fff])"
)


def looks_like_name(word: str) -> bool:
    """Tell whether a word can be a Chinese personal name: a surname and one to three more."""
    if not NAME_CHARS_RE.match(word):
        return False
    if word[:2] in DOUBLE_SURNAMES:
        return len(word) >= 3
    return word[0] in SINGLE_SURNAMES and (len(word) <= 3 or word[2] in SINGLE_SURNAMES)


def opens_with_surname(word: str) -> bool:
    """Tell whether a word opens with a Chinese surname (`李小飞刀`, a pen name, does)."""
    return word[:2] in DOUBLE_SURNAMES or word[:1] in SINGLE_SURNAMES


def standalone_name(line: str) -> str | None:
    """Return the name when a whole line is one personal name of two or three characters."""
    word = line.strip(" \u3000")
    return word if len(word) <= 3 and looks_like_name(word) else None


def byline_name(line: str) -> str | None:
    """Return the name when a whole line is one personal name or a pen name in Latin letters."""
    word = line.strip(" \u3000")
    if standalone_name(word) or (looks_like_name(word) and len(word) <= MAX_LONE_NAME):
        return word
    return word if PEN_NAME_RE.match(word) else None


def join_spaced_names(text: str) -> str:
    """Close the gap inside a two-character name padded with a space (`王 伟` is 王伟)."""

    def joined(match: re.Match[str]) -> str:
        pair = match.group(1) + match.group(2)
        return pair if looks_like_name(pair) else match.group(0)

    return SPACED_PAIR_RE.sub(joined, text)
