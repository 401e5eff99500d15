"""AC504 base-period-contradicts-first-assessment."""
from __future__ import annotations

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
    A base period equal to the reporting period, or no claim of a first assessment.
    """
    period = report.facts.period
    if period is None or not report.facts.first_assessment:
        return
    for b in report.facts.base:
        if b.end < period.start:
            yield Issue(Msg(f"基准期 {b.start}~{b.end} 早于报告期 {period.start}~{period.end}，而报告称为首次评价",
                            f"base period {b.start}~{b.end} precedes the reporting period {period.start}~{period.end} "
                            "in a report that calls itself a first assessment"),
                        at=b, evidence=[b.text, "基准期", report.facts.first_assessment[0].text, b.row_text])
