"""AC403 gwp-value-not-named-report."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, ars_in, rule


@rule("AC403", "gwp-value-not-named-report", category="gwp.version")
def check(report, engine):
    """A GWP value is another assessment report's than the one the report (or its GWP table) names.

    ## Why it matters
    A table headed `IPCC AR6` that prints CH4 = 25 (AR4; AR6 27.9) or R404A = 3922 (AR4;
    AR6 4728) understates those gases' CO2e while claiming the current set.

    ## Example
        本报告采用IPCC第六次评估报告（AR6）给出的100年GWP值
        CH4   25    IPCC AR6          ← 25 is AR4; AR6 gives 27.9
        废水厌氧处理CH4 … 53.35 | 25 | 1,333.75

    ## Not flagged
    Values equal to the named report's (AR6 CH4 fossil 29.8 and non-fossil 27.0; blends within
    their rounding: R410A 2255.5 → 2256); values of no assessment report (typos are left to
    the arithmetic rules); reports naming no or several assessment reports (AC402); tables
    comparing assessment reports column by column.
    """
    ref = engine.ref
    report_ars = {c.ar for c in report.facts.gwp_claims}
    default = next(iter(report_ars)) if len(report_ars) == 1 else None
    seen = set()
    for s in report.statements:
        if s.topic != "gwp":
            continue
        named = s.ar or (default if s.where == "prose" or len(ars_in(s.context)) <= 1 else None)
        row = ref.gwp_value(s.subject, named) if named else None
        want = (row.rounded if row.rounded is not None else row.value) if row else None  # blends: as printed
        ars = ref.gwp_matches(s.subject, s.value.value)
        if want is None or not ars or named in ars or (s.subject, s.value.value) in seen:
            continue
        seen.add((s.subject, s.value.value))
        yield Issue(Msg(f"{s.subject} GWP {s.value.text} 是 {'/'.join(ars)} 的值，与所称 {named} 不符（{named}：{want}）",
                        f"{s.subject} GWP {s.value.text} is the {'/'.join(ars)} value, not {named} as stated ({named}: {want})"),
                    at=s, reported=s.value, expected=want, evidence=[s.text[:160]])
