"""AC211 unlike-units-summed."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC211", "unlike-units-summed", category="unit.mismatch")
def check(report, engine):
    """A total adds figures printed in different units (kWh and MWh) as if they were one unit.

    ## Why it matters
    The total is off by the unit step of the odd row (×1000 for MWh in a kWh column), and every
    emission computed from it inherits the error.

    ## Example
        2#数据楼     58,912,430 kWh
        办公及配套       1,286.45 MWh
        合计        142,893,736 kWh    ← the raw numbers add up; converted, the total is 144,178,900 kWh

    ## Not flagged
    Mixed units that were converted before adding; totals that differ from both readings
    (AC101 reports those).
    """
    for rel in all_relations(engine, report)["sum"]:
        if "raw_units_sum" not in rel.notes:
            continue
        q = rel.printed
        odd = [p for p in rel.parts if p.unit and p.unit != q.unit]
        yield Issue(Msg(f"“{q.label}” {q.cell_text} 是按数字直接相加的结果，但各行单位不同（{', '.join(p.cell_text for p in odd)}）；"
                        f"换算后应为 {rel.calc.formula}",
                        f"'{q.label}' {q.cell_text} adds the printed numbers although the rows use different units "
                        f"({', '.join(p.cell_text for p in odd)}); converted: {rel.calc.formula}"),
                    at=q, reported=q.num, expected=rel.calc, values=[p.num for p in rel.parts],
                    evidence=[q.row_text] + [p.row_text for p in odd])
