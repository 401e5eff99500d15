"""AC505 base-year-stated-differently."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, rule

BASE_YEAR = re.compile(r"(?:以|选定|选择|确定)?\s*((?:19|20)\d{2})\s*年?\s*(?:为|作为)\s*(?:本组织的?|公司的?)?基准年"
                       r"|基准年\s*[（(:：为是]\s*((?:19|20)\d{2})\s*年?")


@rule("AC505", "base-year-stated-differently", category="time.boundary", kinds=("organization_inventory", "unknown"))
def check(report, engine):
    """The base year is stated as two different years in one report.

    ## Why it matters
    Base-year recalculation and every comparison against the base year depend on which year it
    is; two years mean the recalculated or compared figure belongs to a different year.

    ## Example
        本组织以2022年为基准年 …
        基准年（2021年）原核算值   9318.64

    ## Not flagged
    One base year stated several times; a new base year named as a change (基准年变更为…) with the
    old one as history.
    """
    found = []
    for loc, _ in report.grep(BASE_YEAR):
        if re.search(r"变更|调整为|改为|原基准年", loc.text):
            continue
        for m in BASE_YEAR.finditer(loc.text):
            found.append((int(m.group(1) or m.group(2)), loc, m.group(0)))
    years = {y for y, _, _ in found}
    if len(years) < 2:
        return
    count = {y: sum(1 for x, _, _ in found if x == y) for y in years}
    main = max(years, key=lambda y: (count[y], -min(l.line for x, l, _ in found if x == y)))
    for y, loc, text in found:
        if y != main:
            first = next(t for x, _, t in found if x == main)
            yield Issue(Msg(f"基准年写作 {y} 年（“{text}”），而报告其他处为 {main} 年（“{first}”）",
                            f"the base year is given as {y} ('{text}') but as {main} elsewhere ('{first}')"),
                        at=loc, evidence=[text, first, loc.text])
