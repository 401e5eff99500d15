"""AC134 volume-to-mass-wrong."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC134", "volume-to-mass-wrong", category="arithmetic.derived")
def check(report, engine):
    """A volume converted to mass with a stated density (`1 t 汽油 = 1379 L，折合 28.60 t`) does not give the printed mass.

    ## Why it matters
    Fuel is metered in litres but emission factors are per tonne; a wrong conversion carries
    straight into the fuel's emission.

    ## Example
        填报数据：38,620 L
        单位换算：1 t 汽油 = 1379 L，折合 28.60 t      ← 38620 ÷ 1379 = 28.01 t

    ## Not flagged
    Conversions within the rounding of the printed figures (20693 L ÷ 1379 L/t = 15.006 → 15.01 t).
    """
    for rel in all_relations(engine, report)["density"]:
        if not rel.verdict.flagged:
            continue
        q = rel.printed
        yield Issue(Msg(f"折算质量 {q.num.text} t ≠ {rel.calc.formula}", f"converted mass {q.num.text} t ≠ {rel.calc.formula}"),
                    at=q, reported=q.num, expected=rel.calc, values=[p.num for p in rel.parts], evidence=[q.row_text])
