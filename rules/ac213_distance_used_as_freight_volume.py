"""AC213 distance-used-as-freight-volume."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC213", "distance-used-as-freight-volume", category="unit.mismatch")
def check(report, engine):
    """A freight-volume (t·km) cell holds the distance in km, so a per-t·km factor is applied to kilometres.

    ## Why it matters
    The transport emission comes out smaller by the transported mass (×1560 t here); per-t·km
    factors only make sense on tonne-kilometres.

    ## Example
        原材料 | 运输量 t | 运输距离 km | 周转量 t·km | 排放因子 kgCO2e/(t·km) | 年排放量 kgCO2e
        白砂糖 | 1,560.00 | 1,150      | 1,150       | 0.078                   | 89.70
        ← 1,560.00 t × 1,150 km = 1,794,000 t·km

    ## Not flagged
    Freight volumes equal to mass × distance (within rounding, after a kg/t step).
    """
    for rel in all_relations(engine, report)["product"]:
        if rel.kind != "tkm_is_distance":
            continue
        q = rel.printed
        mass, dist = rel.parts
        yield Issue(Msg(f"“{q.label}” 周转量 {q.cell_text} 等于运输距离 {dist.cell_text}，应为 {rel.calc.formula}",
                        f"'{q.label}' freight volume {q.cell_text} equals the distance {dist.cell_text}; it should be "
                        f"{rel.calc.formula}"),
                    at=q, reported=q.num, expected=rel.calc, values=[mass.num, dist.num], evidence=[q.row_text])
