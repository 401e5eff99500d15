"""AC202 factor-per-gj-without-ncv."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC202", "factor-per-gj-without-ncv", category="unit.mismatch")
def check(report, engine):
    """A per-GJ emission factor is applied to a mass or volume, with the NCV applied silently.

    ## Why it matters
    Activity (kg, t, m³) × a tCO2/GJ factor is not an emission; the printed result only holds
    through a default net calorific value that the report never states, so the calculation
    cannot be followed or checked against the cited defaults.

    ## Example
        柴油 kg   0.0174   0.0726   0.0538     ← 0.0174 × 0.0726 = 0.00126;
                                                 × 42.652 GJ/t (default NCV) = 0.0539

    ## Not flagged
    Rows whose NCV is printed in the row or anywhere in the report; factors already per mass or
    volume (tCO2/t, kgCO2/m³).
    """
    text = " ".join(loc.text for loc in report.lines)
    by_table: dict[int, list] = {}
    for rel in all_relations(engine, report)["product"]:
        if "hidden_ncv" not in rel.notes:
            continue
        fd, _ = rel.hidden
        if f"{fd.ncv}" in text or f"{fd.ncv.normalize():f}" in text:
            continue  # the NCV is documented elsewhere: the row is reproducible
        by_table.setdefault(rel.table.index, []).append(rel)
    for rels in by_table.values():
        first = rels[0]
        factors = list(dict.fromkeys(p.text for r in rels for p in r.parts if p.role == "factor"))
        fuels = ", ".join(dict.fromkeys(f"{r.hidden[0].name_zh} {r.hidden[0].ncv} {r.hidden[0].ncv_unit}" for r in rels))
        lines = "; ".join(f"{r.printed.text} = {r.calc.formula}" for r in rels)
        yield Issue(Msg(f"排放因子 {', '.join(factors)} 为单位热值因子（/GJ），活动数据为质量或体积，表中未给出低位发热量；"
                        f"结果仅在代入缺省低位发热量（{fuels}）后成立：{lines}",
                        f"factor(s) {', '.join(factors)} are per GJ while activity is a mass or volume and no NCV is "
                        f"given; the results hold only with the default NCV ({fuels}): {lines}"),
                    at=first.printed,
                    reported=next((p.num for p in first.parts if p.role == "factor"), None),
                    expected=first.calc, values=[p.num for r in rels for p in r.parts] + [r.printed.num for r in rels],
                    evidence=[r.printed.row_text for r in rels])
