"""Chinese and ISO-style dates and periods as printed in reports.

`2024 年 1 月 1 日`, `2024年1月1日`, `2024-01-01`, `2024.01.01`, `2025. 5. 27`,
`2024/1/1`; periods `A 至 B`, `A~B`, `A—B`, and `2024年1月1日-12月31日` where
the second date borrows the first one's year. A date missing its day
(`2026 年 3 月 25` is fine; `2024年12月` gives the whole month).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_Y = r"(?P<{p}y>(?:19|20)\d{{2}})"
_DATE_CN = r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日?)?"
_DATE_NUM = r"(?:19|20)\d{2}\s*[-./／]\s*\d{1,2}\s*[-./／]\s*\d{1,2}(?!\d)"
DATE = re.compile(rf"{_DATE_CN}|{_DATE_NUM}")
_SEP = r"\s*(?:至|到|~|～|〜|－|-|—|–|―|──)\s*"
_TAIL = r"(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日?)?|" + _DATE_NUM
PERIOD = re.compile(rf"(?P<a>{_DATE_CN}|{_DATE_NUM}){_SEP}(?P<b>{_TAIL})")


@dataclass(frozen=True)
class Found:
    start: date
    end: date        # == start for a single day
    text: str
    span: tuple[int, int]
    day_given: bool = True


def _parse_one(s: str, default_year: int | None = None, end: bool = False) -> tuple[date, bool] | None:
    nums = [int(x) for x in re.findall(r"\d+", s)]
    if "年" in s or re.match(r"(?:19|20)\d{2}\s*[-./／]", s):
        if not nums:
            return None
        y, rest = nums[0], nums[1:]
    else:
        if default_year is None:
            return None
        y, rest = default_year, nums
    if not rest:
        return None
    m = rest[0]
    if not 1 <= m <= 12:
        return None
    if len(rest) >= 2:
        d = rest[1]
        if not 1 <= d <= calendar.monthrange(y, m)[1]:
            return None
        return date(y, m, d), True
    d = calendar.monthrange(y, m)[1] if end else 1
    return date(y, m, d), False


def find_periods(text: str) -> list[Found]:
    out = []
    for m in PERIOD.finditer(text):
        a = _parse_one(m.group("a"))
        if a is None:
            continue
        b = _parse_one(m.group("b"), default_year=a[0].year, end=True)
        if b is None or b[0] < a[0]:
            continue
        out.append(Found(a[0], b[0], m.group(0), m.span(), a[1] and b[1]))
    return out


def find_dates(text: str) -> list[Found]:
    """Single dates not part of a period."""
    periods = [p.span for p in find_periods(text)]
    out = []
    for m in DATE.finditer(text):
        if any(s <= m.start() < e for s, e in periods):
            continue
        d = _parse_one(m.group(0))
        if d is not None:
            out.append(Found(d[0], d[0], m.group(0), m.span(), d[1]))
    return out
