"""AC111 result-not-activity-times-factor."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, off_scale_rows, rule


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
    rels = all_relations(engine, report)["product"]
    miscomputed = off_scale_rows(rels)
    for rel in rels:
        if id(rel) in miscomputed:
            q = rel.printed
            label = rel.item.label if rel.item else q.label
            exp = rel.at_unit_scale()
            k = rel.unit_scale if rel.unit_scale is not None else rel.table_scale
            yield Issue(Msg(f"“{label}” {q.text} ≠ {exp.formula}（{q.text} 仅在多乘 10^{rel.scale - k} 时成立；"
                            f"同表其他行均按同一单位换算）",
                            f"'{label}' {q.text} ≠ {exp.formula} ({q.text} holds only with an extra factor "
                            f"10^{rel.scale - k}; the other rows of the table follow one unit convention)"),
                        at=q, reported=q.num, expected=exp, values=[p.num for p in rel.parts],
                        evidence=[q.row_text])
            continue
        if rel.kind != "product" or rel.scale is not None or {"hidden_ncv", "ncv_not_used"} & set(rel.notes):
            continue
        q = rel.printed
        label = rel.item.label if rel.item else q.label
        exp = rel.at_unit_scale() or rel.calc  # in the result's unit (or the table's convention)
        yield Issue(Msg(f"“{label}” {q.text} ≠ {exp.formula}", f"'{label}' {q.text} ≠ {exp.formula}"),
                    at=q, reported=q.num, expected=exp, values=[p.num for p in rel.parts],
                    evidence=[q.row_text])
