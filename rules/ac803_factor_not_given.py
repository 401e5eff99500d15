"""AC803 factor-not-given."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC803", "factor-not-given", category="completeness")
def check(report, engine):
    """A calculation row's emission-factor cell repeats the activity figure instead of giving a factor.

    ## Why it matters
    Without the factor the row's emission cannot be recomputed or compared with a published
    value; the repeated number is usually a copy-paste slip that hides which factor was used.

    ## Example
        电动自行车计算   企业用量 (公里)  884500   排放因子 (gCO2e/km)  884500   排放量 85.5

    ## Not flagged
    Rows with a factor distinct from the activity, including factors that happen to be round
    numbers.
    """
    for rel in all_relations(engine, report)["product"]:
        if rel.kind != "copied":
            continue
        q = rel.printed
        act = next((p for p in rel.parts if p.role in ("activity", "distance")), rel.parts[0])
        fac = next((p for p in rel.parts[1:] if p.value == act.value), None)
        label = rel.item.label if rel.item and rel.item.label else (fac.header if fac else "")
        yield Issue(Msg(f"“{label}”排放因子栏填写 {fac.text if fac else ''}，与活动数据 {act.text} 相同，未给出排放因子；{q.text} 无法复算",
                        f"'{label}': the factor cell holds {fac.text if fac else ''}, the activity figure {act.text}; "
                        f"no factor is given, so {q.text} cannot be recomputed"),
                    at=fac or q, reported=q.num, values=[act.num], evidence=[q.row_text, fac.header if fac else ""])
