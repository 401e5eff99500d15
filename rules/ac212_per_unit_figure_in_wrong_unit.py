"""AC212 per-unit-figure-in-wrong-unit."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC212", "per-unit-figure-in-wrong-unit", category="unit.mismatch")
def check(report, engine):
    """A per-unit figure has the right digits but sits a power of ten off, as if printed in another unit (kg in a g column).

    ## Why it matters
    The figure is read in the column's unit, so the emission computed from it is off by the
    same factor (×1000 for kg read as g).

    ## Example
        年产量52,000,000瓶
        瓦楞纸箱   年消耗量 540.80 t   单位产品用量 0.0104 g/瓶    ← 540.80 t ÷ 52,000,000 = 10.40 g/瓶

    ## Not flagged
    Rows that follow annual ÷ output in the column's unit; rows off by something other than a
    power of ten (AC132 reports those).
    """
    for rel in all_relations(engine, report)["per_unit"]:
        off = next((n for n in rel.notes if n.startswith("off_scale")), None)
        if off is None:
            continue
        k = int(off.split()[1])
        q = rel.printed
        yield Issue(Msg(f"“{q.label}” 单位产品用量 {q.text} 与 {rel.calc.formula} 数字相同但相差 10^{k} 倍：疑为单位错用",
                        f"'{q.label}' per-unit {q.text} has the digits of {rel.calc.formula} but is 10^{k} off: "
                        "a unit slip"),
                    at=q, reported=q.num, expected=rel.calc, values=[p.num for p in rel.parts], evidence=[q.row_text])
