"""AC502 period-field-holds-date."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, rule


@rule("AC502", "period-field-holds-date", category="time.boundary")
def check(report, engine):
    """A reporting-period field (报告期, 核算期 …) holds a single calendar date instead of a period.

    ## Why it matters
    The field defines the time boundary of every figure in the report; a date there (often the
    issue date pasted in) leaves the boundary undefined or contradicts the stated period.

    ## Example
        报告期    2026 年 3 月 25       ← a date; the period elsewhere is 2025-01-01~2025-12-31

    ## Not flagged
    A field holding a period (`2025年1月1日至2025年12月31日`) or a year (`2025 年度`).
    """
    period = report.facts.period
    for loc in report.facts.period_fields:
        ctx = f"；报告期为 {period.start}~{period.end}" if period else ""
        ctx_en = f"; the period is {period.start}~{period.end}" if period else ""
        yield Issue(Msg(f"期间字段填写为日期“{loc.text}”，而不是期间{ctx}",
                        f"period field holds the date '{loc.text}' instead of a period{ctx_en}"),
                    at=loc, evidence=[loc.text, loc.row_text])
