"""AC101 total-not-sum-of-parts."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC101", "total-not-sum-of-parts", category="arithmetic.sum")
def check(report, engine):
    """A total or subtotal row (合计 / 小计 / 总计 / 总量) differs from the sum of the rows it totals.

    ## Why it matters
    The total is what the summary and the conclusion quote. If it is not the sum of its rows,
    either a row or the headline figure is wrong.

    ## Example
        1 钨粉 68.700
        2 镍粉 2.100
        3 铜粉 4.272
        4 合计 75.172        ← 68.700 + 2.100 + 4.272 = 75.072

    ## Not flagged
    Differences inside the rounding of the printed figures (seven 3-decimal rows summing to
    75.777 against a printed 75.778); totals of a breakdown where a row is itself the sum of the
    rows below it; a total printed once beside its rows (merged cell) that matches.
    """
    for rel in all_relations(engine, report)["sum"]:
        if not rel.verdict.flagged or "raw_units_sum" in rel.notes:
            continue
        q = rel.printed
        label = rel.item.label if rel.item else q.label
        yield Issue(Msg(f"“{label}” {q.text} ≠ {rel.calc.formula}",
                        f"'{label}' {q.text} ≠ {rel.calc.formula}"),
                    at=q, reported=q.num, expected=rel.calc, values=[p.num for p in rel.parts],
                    evidence=[q.row_text])
