"""AC201 units-contradict-arithmetic."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, off_scale_rows, rule


@rule("AC201", "units-contradict-arithmetic", category="unit.mismatch")
def check(report, engine):
    """The printed units of activity × factor imply a different power of ten than the printed result.

    ## Why it matters
    The numbers were computed with one unit and labelled with another (kgCO2/kWh written as
    tCO2/kWh, g treated as kg); anyone re-using the factor or the result with its printed unit
    is off by 1000×.

    ## Example
        净购入电力  22240041  KWh  0.5306 tCO2/KWh  11800.56575 (tCO2e)
        ← 22240041 kWh × 0.5306 tCO2/kWh = 11800565.75 tCO2; the printed figure is 1000× smaller

    ## Not flagged
    Unit steps the units themselves explain (kWh × tCO2/MWh → tCO2 ÷ 1000); rows where a unit
    is missing or unreadable; a single row off by a power of ten in a table whose other rows
    hold at their units' scale (a miscomputed row, reported by AC111).
    """
    rels = all_relations(engine, report)
    for f in rels["formula"]:
        if f.scale is not None and f.unit_scale is not None and f.scale != f.unit_scale and f.ops <= {"×", "÷"}:
            yield Issue(Msg(f"单位不一致：按所列单位应为 10^{f.unit_scale}，而数值在 10^{f.scale} 下才相符：{f.formula.text}",
                            f"units disagree: the printed units imply 10^{f.unit_scale}, the numbers agree only at "
                            f"10^{f.scale}: {f.formula.text}"),
                        at=f.printed, reported=f.printed, expected=f.calc, evidence=[f.formula.text])
    miscomputed = off_scale_rows(rels["product"])  # a single row off by 10^k is AC111's
    for rel in rels["product"]:
        if rel.kind != "product" or rel.scale is None or rel.unit_scale is None or id(rel) in miscomputed:
            continue
        # numbers agree at 10^scale; the printed units say 10^unit_scale should have been applied
        if rel.scale != rel.unit_scale:
            q = rel.printed
            units = " × ".join(f"{p.text}" for p in rel.parts)
            yield Issue(Msg(f"单位不一致：{units}，按所列单位换算系数应为 10^{rel.unit_scale}，而数值在 10^{rel.scale} 下才得到 {q.text}",
                            f"units disagree: {units}: the printed units imply a factor 10^{rel.unit_scale}, but the "
                            f"numbers give {q.text} only at 10^{rel.scale}"),
                        at=q, reported=q.num, expected=rel.calc, values=[p.num for p in rel.parts],
                        evidence=[q.row_text] + [p.cell_text for p in rel.parts])
