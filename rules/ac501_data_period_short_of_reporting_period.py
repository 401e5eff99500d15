"""AC501 data-period-short-of-reporting-period."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, rule


@rule("AC501", "data-period-short-of-reporting-period", category="time.boundary")
def check(report, engine):
    """A data period named in the report does not cover the reporting period (time boundary).

    ## Why it matters
    Annual emissions computed from one month of data (or from another year's data) are not the
    emissions of the reporting period, whatever the arithmetic says.

    ## Example
        时间边界：2024 年 1 月 1 日至 2024 年 12 月 31 日
        主要数据来源：企业 2024 年 12 月 1 日~2024 年 12 月 31 日实际生产数据   ← 31 of 366 days

    ## Not flagged
    A data period equal to the reporting period or enclosing it; periods of other things
    (validity, schedules) that are not introduced as a data period.
    """
    period = report.facts.period
    if period is None:
        return
    seen = set()
    for d in report.facts.data:
        if (d.start, d.end) in seen or (d.start <= period.start and d.end >= period.end):
            continue
        seen.add((d.start, d.end))
        overlap = max(0, (min(d.end, period.end) - max(d.start, period.start)).days + 1)
        yield Issue(
            Msg(f"数据期 {d.start}~{d.end} 未覆盖报告期 {period.start}~{period.end}（重叠 {overlap}/{period.days} 天）",
                f"data period {d.start}~{d.end} does not cover the reporting period {period.start}~{period.end} "
                f"(overlap {overlap} of {period.days} days)"),
            at=d, evidence=[d.text, period.text, d.row_text],
        )
