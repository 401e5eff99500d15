"""AC133 intensity-not-total-over-output."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC133", "intensity-not-total-over-output", category="arithmetic.derived")
def check(report, engine):
    """An emission intensity is within 5 % of, but not equal to, a printed total ÷ the stated output.

    ## Why it matters
    The intensity is the figure benchmarks, labels and allocation quote; a near miss means it
    was computed from a different total or output than the report prints.

    ## Example
        合计 15547.08599   产品产量 311561.14 t
        单位产品碳排放强度值  tCO2/t  0.0497      ← 15547.08599 ÷ 311561.14 = 0.0499

    ## Not flagged
    An intensity that equals some printed total ÷ output within rounding (after a unit step);
    figures far from any total ÷ output (they are something else).
    """
    for rel in all_relations(engine, report)["intensity"]:
        q = rel.printed
        yield Issue(Msg(f"“{q.label}” {q.text} ≠ {rel.calc.formula}", f"'{q.label}' {q.text} ≠ {rel.calc.formula}"),
                    at=q, reported=q.num, expected=rel.calc, values=[p.num for p in rel.parts], evidence=[q.row_text])
