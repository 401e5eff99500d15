"""AC111 result-not-activity-times-factor."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC111", "result-not-activity-times-factor", category="arithmetic.product")
def check(report, engine):
    """A line's emission differs from activity × factor (× distance, or NCV × CC × OF × 44/12) under any unit convention.

    ## Why it matters
    The line result feeds the stage totals and the headline footprint; a product that does not
    hold means the activity, the factor or the result is wrong.

    ## Example
        原材料获取   电力 kwh   9.4083   0.5777   5.3833     ← 9.4083 × 0.5777 = 5.4352

    ## Not flagged
    Results that agree after a power-of-ten unit step (kWh × tCO2/MWh → t, g → kg), or within the
    rounding of the printed inputs (153.01 × 0.537 = 82.17 against a printed 82.20 agrees only
    through the factor's rounding); results explained by a default NCV left out of the table
    (reported by AC202 instead).
    """
    for rel in all_relations(engine, report)["product"]:
        if rel.kind != "product" or rel.scale is not None or "hidden_ncv" in rel.notes:
            continue
        q = rel.printed
        label = rel.item.label if rel.item else q.label
        yield Issue(Msg(f"“{label}” {q.text} ≠ {rel.calc.formula}", f"'{label}' {q.text} ≠ {rel.calc.formula}"),
                    at=q, reported=q.num, expected=rel.calc, values=[p.num for p in rel.parts],
                    evidence=[q.row_text])
