"""Relative publication stamps (`3小时前`, `昨天 08:30`, `刚刚`), read against the fetch time.

Portals print a fresh article's time relative to the moment the page was served. A crawl knows
that moment (the response's fetch time; a WARC's WARC-Date is its capture time), so the stamp
names a day. It is the last resort of the date choice: an absolute date anywhere on the page,
in its meta tags or in its URL goes first, since a fetch time given by hand (an import of pages
saved long before) would move a relative stamp with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from cleaners.fields.dates import PublishedDate, site_zone
from cleaners.records import Precision
from cleaners.text.repair import ends_sentence, is_prose

# `刚刚` (just now), `5分钟前`, `3小时前`, `2天前`, `今天 08:30`, `昨天`, `前天 21:05`.
RELATIVE_RE = re.compile(
    r"(?P<now>刚刚)|(?P<count>\d{1,2})\s*(?P<unit>分钟|小时|天)前"
    r"|(?P<day>今天|昨天|前天)\s*(?:(?P<hour>\d{1,2})\s*[:：]\s*(?P<minute>\d{2})(?!\d))?"
)
DAYS_BACK = {"今天": 0, "昨天": 1, "前天": 2}
MAX_STAMP_LINE = 40  # a stamp sits in a short info-bar line; in a sentence it is a story's time
# (a line that reads as prose is a sentence too, however short)
MAX_DAYS_AGO = 7  # portals switch to a full date within a week; a larger count is no stamp


def relative_date(
    lines: Iterable[str], fetched_at: str, *, timezone: str = "Asia/Shanghai"
) -> PublishedDate | None:
    """Return the first short line's relative stamp as a date, read against `fetched_at`."""
    try:
        fetched = datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
    except ValueError:
        return None
    if fetched.tzinfo is None:
        return None
    now = fetched.astimezone(site_zone(timezone))
    for line in lines:
        stamp_line = len(line) <= MAX_STAMP_LINE and not (is_prose(line) or ends_sentence(line))
        match = RELATIVE_RE.search(line) if stamp_line else None
        found = _resolve(match, now) if match else None
        if match and found:
            moment, precision = found
            return PublishedDate(moment.isoformat(), precision, match.group(0).strip())
    return None


def _resolve(match: re.Match[str], now: datetime) -> tuple[datetime, Precision] | None:
    """Return the moment a stamp names and how precise it is; None for an unlikely count."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if match.group("now"):
        return now.replace(second=0, microsecond=0), "minute"
    if match.group("count"):
        count, unit = int(match.group("count")), match.group("unit")
        if unit == "分钟":
            return (now - timedelta(minutes=count)).replace(second=0, microsecond=0), "minute"
        if unit == "小时":  # within the hour before: the day is known, the minute is not
            moment = now - timedelta(hours=count)
            return moment.replace(hour=0, minute=0, second=0, microsecond=0), "day"
        if count > MAX_DAYS_AGO:
            return None
        return midnight - timedelta(days=count), "day"
    day = midnight - timedelta(days=DAYS_BACK[match.group("day")])
    if match.group("hour") is None:
        return day, "day"
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    if hour > 23 or minute > 59:
        return None
    return day.replace(hour=hour, minute=minute), "minute"
