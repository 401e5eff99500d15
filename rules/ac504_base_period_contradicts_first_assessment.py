"""AC504 base-period-contradicts-first-assessment."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, rule


@rule("AC504", "base-period-contradicts-first-assessment", category="time.boundary", severity="warning")
def check(report, engine):
    """A base period earlier than the reporting period is named for a first assessment (首次评价).

    ## Why it matters
    A first assessment has no earlier quantified period; a base period before it implies data
    that the report never presents, so comparisons against it cannot be verified.

    ## Example
        时间边界：2024 年 1 月 1 日至 2024 年 12 月 31 日
        基准期：2022 年 1 月 1 日~2022 年 12 月 31 日，首次评价

    ## Not flagged
    A base period equal to the reporting period, or no claim of a first assessment; a first
    assessment dated in an earlier year (`于 2023 年首次开展盘查`) in a 2024 report.
    """
    period = report.facts.period
    if period is None or not report.facts.first_assessment:
        return
    if all(_first_was_earlier(report, f, period.start.year) for f in report.facts.first_assessment):
        return  # `2023 年首次开展…盘查`: the first assessment was an earlier one, this report is not it
    for b in report.facts.base:
        if b.end < period.start:
            yield Issue(Msg(f"基准期 {b.start}~{b.end} 早于报告期 {period.start}~{period.end}，而报告称为首次评价",
                            f"base period {b.start}~{b.end} precedes the reporting period {period.start}~{period.end} "
                            "in a report that calls itself a first assessment"),
                        at=b, evidence=[b.text, "基准期", report.facts.first_assessment[0].text, b.row_text])


def _first_was_earlier(report, f, year: int) -> bool:
    """The 首次 phrase names a year before the reporting year (in its line or the end of the line above)."""
    lines = report.lines
    idx = next((i for i, loc in enumerate(lines) if loc.line == f.line and loc.page == f.page), None)
    text = (lines[idx - 1].text[-30:] if idx else "") + (lines[idx].text if idx is not None else f.row_text)
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年\s*(?:度|起|开始)?\s*首次", text)]
    return bool(years) and min(years) < year
