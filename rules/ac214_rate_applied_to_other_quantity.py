"""AC214 rate-applied-to-other-quantity."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, denominator_mismatch, rule


@rule("AC214", "rate-applied-to-other-quantity", category="unit.mismatch")
def check(report, engine):
    """An emission factor per one quantity is multiplied by another quantity (tCO2/GJ × tonnes of steam).

    ## Why it matters
    Tonnes of steam are not gigajoules: the heat content (enthalpy) has to be applied first, and the
    printed emission, though it is the product of the printed numbers, is not the emission.

    ## Example
        外购蒸汽   3,250 t   0.11 tCO2/GJ   357.50      ← t × tCO2/GJ is not tCO2

    ## Not flagged
    Factors whose denominator is the activity's unit after conversion (kWh × tCO2/MWh, 万Nm3 ×
    tCO2/万Nm3, t × km × kgCO2e/t·km, per-unit activities such as kWh/块); rows whose units are
    not printed or not readable.
    """
    for rel in all_relations(engine, report)["product"]:
        if rel.kind != "product" or rel.scale is None or rel.hidden is not None:
            continue
        if rel.item is not None and any(ch in rel.item.row_text for ch in "×*÷"):
            continue  # a cell spelling out its own calculation: the row's units are not the plain columns
        mm = denominator_mismatch(rel)
        if mm is None:
            continue
        side, den = mm
        q = rel.printed
        factor = next(p for p in rel.parts if p.role == "factor")
        yield Issue(Msg(f"“{q.label}” 排放因子 {factor.cell_text} 以 {den} 计，却乘以 {side} 的活动数据；{q.text} 不是排放量",
                        f"'{q.label}': the factor {factor.cell_text} is per {den} but multiplies an activity in {side}; "
                        f"{q.text} is not an emission"),
                    at=q, reported=factor.num, values=[p.num for p in rel.parts] + [q.num], evidence=[q.row_text])
