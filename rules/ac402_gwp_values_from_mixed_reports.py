"""AC402 gwp-values-from-mixed-reports."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, ars_in, rule


def named_ars(report) -> set[str]:
    return {c.ar for c in report.facts.gwp_claims} | {s.ar for s in report.statements if s.topic == "gwp" and s.ar}


@rule("AC402", "gwp-values-from-mixed-reports", category="gwp.version")
def check(report, engine):
    """The GWP values a report uses come from different IPCC assessment reports.

    ## Why it matters
    One inventory should weight all gases with one GWP set; mixing N2O 265 (AR5) with HFC-134a
    1530 (AR6) makes the CO2e total neither AR5 nor AR6 and not comparable year on year.

    ## Example
        GWP_N2O … 潜势值为 265                         ← AR5
        空调  300.5 kg  0.3005 t  1530  459.765        ← HFC-134a 1530 is AR6

    ## Not flagged
    Values shared by several assessment reports (HFC-134a 1300 in SAR and AR5); AR6's fossil
    and non-fossil CH4 (29.8 / 27.0) side by side; values matching no assessment report;
    tables comparing assessment reports; reports that name one assessment report (AC403
    checks the values against it).
    """
    ref = engine.ref
    if len(named_ars(report)) == 1:
        return
    stats = []
    for s in report.statements:
        if s.topic != "gwp" or ars_in(s.header) or (s.where == "table" and len(ars_in(s.context)) > 1):
            continue                          # a column of one AR, or a table comparing ARs
        if ars := ref.gwp_matches(s.subject, s.value.value):
            stats.append((s, set(ars)))
    if len(stats) < 2:
        return
    order = [a.key for a in sorted(ref.assessment_reports.values(), key=lambda a: a.ordinal)]
    best = max(order, key=lambda a: (sum(a in ars for _, ars in stats), order.index(a)))
    ok = [s for s, ars in stats if best in ars]
    seen = set()
    for s, ars in stats:
        if best in ars or (s.subject, s.value.value) in seen or not ok:
            continue
        seen.add((s.subject, s.value.value))
        o = ok[0]
        yield Issue(Msg(f"{s.subject} GWP {s.value.text} 为 {'/'.join(sorted(ars))} 值，而 {o.subject} GWP {o.value.text} "
                        f"为 {best} 值：GWP 混用不同评估报告（{best}：{s.subject} = {ref.gwp(s.subject, best)}）",
                        f"{s.subject} GWP {s.value.text} is the {'/'.join(sorted(ars))} value while {o.subject} "
                        f"{o.value.text} is {best}: mixed assessment reports ({best}: {s.subject} = {ref.gwp(s.subject, best)})"),
                    at=s, reported=s.value, expected=ref.gwp(s.subject, best), values=[o.value],
                    evidence=[s.text[:160], o.text[:160]])
