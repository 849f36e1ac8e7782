"""Publication dates as Chinese portals write them, read into ISO 8601 with the site's offset.

Year-first forms (`2019年3月20日`, `2018/5/24 10:11:02`, `2005-5-7 21:23:57`) are never
ambiguous. Year-last forms (`06.02.2017  20:37`) are: the order comes from `day_first` when the
site configures it, else from a part above 12, else DEFAULT_DAY_FIRST decides and the result is
marked `ambiguous`. A date without a day (`1998-3`) is refused, never read as the 1st.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cleaners.records import Precision

MIN_YEAR = 1990  # older "dates" on portals are history in the text, not publication stamps
MAX_YEAR = 2099  # beyond this a four-digit number is not a year
# Year-last numeric dates on Chinese pages come from European-style templates (dd.mm.yyyy).
DEFAULT_DAY_FIRST = True
LABEL_WINDOW = 12  # characters before a date searched for a "published" label

# Clock time after a date: `11:58`, `21:47:22`, `11时58分`, `下午3:20`, with optional seconds.
TIME = (
    r"(?:\s*(?:T|\s)?\s*(?P<ampm>上午|下午|晚上|凌晨|中午)?\s*(?P<hour>\d{1,2})\s*[:：时]\s*"
    r"(?P<minute>\d{1,2})(?!\d)(?:\s*分)?(?:\s*[:：]\s*(?P<second>\d{1,2})(?!\d)(?:\.\d+)?"
    r"|(?<=分)\s*(?P<second_cn>\d{1,2})\s*秒)?"
    r"(?:\s*(?P<meridiem>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?)?"
)
# Year first, any of the separators portals use: 2019年3月20日, 2019-03-20, 2018/5/24, 2017.02.06.
YEAR_FIRST_RE = re.compile(
    r"(?<!\d)(?P<year>\d{4})\s*(?:(?P<cn>年)|(?P<sep>[-/.]))\s*(?P<month>\d{1,2})\s*"
    r"(?(cn)月|(?P=sep))\s*(?P<day>\d{1,2})(?!\d)\s*[日号]?" + TIME
)
# Year last: 06.02.2017, 5/24/2018 (the ambiguous family).
YEAR_LAST_RE = re.compile(
    r"(?<!\d)(?P<first>\d{1,2})(?P<sep>[-/.])(?P<second_part>\d{1,2})(?P=sep)(?P<year>\d{4})(?!\d)"
    + TIME
)
# Labels that mark the date beside them as the publication date.
PUBLISHED_LABEL_RE = re.compile(r"(发布|发表|更新|录入|时间|日期|发表于|Posted|Date)\s*[:：]?\s*$")
# Dates in URLs: /2005-03-21/, /20050311/, /2005/07/31/, /2005-08/16/, /t20220511_1.html.
URL_DATE_RE = re.compile(
    r"/t?(?P<year>(?:19|20)\d{2})[-/_]?(?P<month>[01]\d)[-/_]?(?P<day>[0-3]\d)(?=[/_.\-]|\d{1,8}\b)"
)
# Six-digit yymmdd and yy/mmdd URL paths of the 2000s (/050404/, /05/0425/).
URL_SHORT_DATE_RE = re.compile(r"/(?P<year>0\d|1\d)/?(?P<month>[01]\d)(?P<day>[0-3]\d)/")
PM_WORDS = ("下午", "晚上")  # these add twelve hours to a morning-looking hour


@dataclass(frozen=True, slots=True)
class PublishedDate:
    """A publication date: ISO 8601 with offset, how precise the page was, and what it said."""

    iso: str
    precision: Precision
    raw: str
    ambiguous: bool = False


def site_zone(name: str) -> ZoneInfo | dt_timezone:
    """Return the named time zone, or China time when the name is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt_timezone(timedelta(hours=8), "CST")


def _offset(text: str) -> dt_timezone:
    """Turn `Z`, `+08:00` or `+0800` into a fixed offset."""
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return dt_timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _build(
    parts: tuple[int, int, int],
    match: re.Match[str],
    tz_name: str,
    *,
    ambiguous: bool = False,
) -> PublishedDate | None:
    """Turn year/month/day and the match's time groups into a PublishedDate, if valid."""
    year, month, day = parts
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    hour_text, minute_text, second_text = match.group("hour", "minute", "second")
    second_text = second_text or match.group("second_cn")
    hour, minute = int(hour_text or 0), int(minute_text or 0)
    if match.group("ampm") in PM_WORDS and hour < 12:
        hour += 12
    meridiem = (match.group("meridiem") or "").lower()[:1]
    if meridiem and hour <= 12:
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    precision: Precision = "day" if hour_text is None else "minute"
    if second_text is not None:
        precision = "second"
    try:
        moment = datetime(year, month, day, hour, minute, int(second_text or 0))
    except ValueError:
        return None
    zone = site_zone(tz_name)
    if match.group("offset"):
        moment = moment.replace(tzinfo=_offset(match.group("offset"))).astimezone(zone)
    else:
        moment = moment.replace(tzinfo=zone)
    raw = match.group(0).strip()
    return PublishedDate(moment.isoformat(), precision, raw, ambiguous)


def _order(first: int, second: int, day_first: bool | None) -> tuple[int, int, bool]:
    """Return (day, month, ambiguous) for a year-last date's two leading parts."""
    if day_first is None:
        if first > 12 >= second:
            return first, second, False
        if second > 12 >= first:
            return second, first, False
        if first == second:
            return first, second, False
        return (first, second, True) if DEFAULT_DAY_FIRST else (second, first, True)
    return (first, second, False) if day_first else (second, first, False)


def _from_year_first(match: re.Match[str], tz_name: str) -> PublishedDate | None:
    """Build a date from a year-first match."""
    parts = (int(match.group("year")), int(match.group("month")), int(match.group("day")))
    return _build(parts, match, tz_name)


def _from_year_last(
    match: re.Match[str], tz_name: str, day_first: bool | None
) -> PublishedDate | None:
    """Build a date from a year-last match, resolving day/month order."""
    first, second = int(match.group("first")), int(match.group("second_part"))
    day, month, ambiguous = _order(first, second, day_first)
    return _build((int(match.group("year")), month, day), match, tz_name, ambiguous=ambiguous)


def _candidates(text: str, tz_name: str, day_first: bool | None) -> list[tuple[int, PublishedDate]]:
    """Return every valid date in the text with its position, in order."""
    found: list[tuple[int, PublishedDate]] = []
    for match in YEAR_FIRST_RE.finditer(text):
        date = _from_year_first(match, tz_name)
        if date is not None:
            found.append((match.start(), date))
    if day_first is None:
        day_first = infer_day_first([text])
    for match in YEAR_LAST_RE.finditer(text):
        date = _from_year_last(match, tz_name, day_first)
        if date is not None and not _overlaps(match.start(), found):
            found.append((match.start(), date))
    return sorted(found, key=lambda item: item[0])


def _overlaps(start: int, found: list[tuple[int, PublishedDate]]) -> bool:
    """Tell whether a match position falls inside a date already found."""
    return any(pos <= start < pos + len(date.raw) for pos, date in found)


def parse_date(
    raw: str, *, timezone: str = "Asia/Shanghai", day_first: bool | None = None
) -> PublishedDate | None:
    """Read one date as written (a meta value, an info-bar stamp); None when it holds none."""
    found = _candidates(raw.strip(), timezone, day_first)
    return found[0][1] if found else None


def find_date(
    text: str, *, timezone: str = "Asia/Shanghai", day_first: bool | None = None
) -> PublishedDate | None:
    """Find the publication date in free text: a labelled one, else one with a time, else first."""
    found = _candidates(text, timezone, day_first)
    if not found:
        return None
    for pos, date in found:
        if PUBLISHED_LABEL_RE.search(text[max(0, pos - LABEL_WINDOW) : pos]):
            return date
    timed = [date for _, date in found if date.precision != "day"]
    return timed[0] if timed else found[0][1]


def date_rank(text: str, date: PublishedDate) -> int:
    """Rank how surely a date in `text` is the publication date: 0 labelled, 1 timed, 2 day."""
    start = text.find(date.raw)
    if start >= 0 and PUBLISHED_LABEL_RE.search(text[max(0, start - LABEL_WINDOW) : start]):
        return 0
    return 1 if date.precision != "day" else 2


def infer_day_first(texts: Iterable[str]) -> bool | None:
    """Infer a site's day/month order from its year-last dates; None when nothing decides."""
    votes = {True: 0, False: 0}
    for text in texts:
        for match in YEAR_LAST_RE.finditer(text):
            first, second = int(match.group("first")), int(match.group("second_part"))
            if first > 12 >= second:
                votes[True] += 1
            elif second > 12 >= first:
                votes[False] += 1
    if votes[True] == votes[False]:
        return None
    return votes[True] > votes[False]


def date_from_url(url: str, *, timezone: str = "Asia/Shanghai") -> PublishedDate | None:
    """Read the day a URL path encodes (`/2005-03-21/`, `/20050311/`, `/050404/`)."""
    match = URL_DATE_RE.search(url)
    century = 0
    if match is None:
        match = URL_SHORT_DATE_RE.search(url)
        century = 2000
    if match is None:
        return None
    year = int(match.group("year")) + century
    try:
        moment = datetime(year, int(match.group("month")), int(match.group("day")))
    except ValueError:
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    iso = moment.replace(tzinfo=site_zone(timezone)).isoformat()
    return PublishedDate(iso, "day", match.group(0).strip("/"))
