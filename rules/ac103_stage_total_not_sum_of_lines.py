"""AC103 stage-total-not-sum-of-lines."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC103", "stage-total-not-sum-of-lines", category="arithmetic.sum")
def check(report, engine):
    """A stage (or source) in a summary table differs from the sum of that stage's lines in the body table.

    ## Why it matters
    The summary is what the conclusion and shares are computed from; a stage figure that is not
    the sum of its own lines means the headline footprint does not follow from the inventory.

    ## Example
        表4.2   生产   电力 kwh 5.6983 0.5777 3.2919
                       柴油 kg  0.0174 0.0726 0.0538
        表5.2   生产   3.4087   30.66%         ← 3.2919 + 0.0538 = 3.3457

    ## Not flagged
    Stages with a single line (a copy, checked elsewhere), sums within the rounding of the
    lines, and rows whose names do not clearly match a stage of another table.
    """
    for rel in all_relations(engine, report)["stage"]:
        q = rel.printed
        where = f"（{rel.table.caption}）" if rel.table.caption else ""
        yield Issue(Msg(f"汇总表“{q.label}” {q.text}{where} ≠ 明细行合计 {rel.calc.formula}",
                        f"summary '{q.label}' {q.text} ≠ sum of its lines {rel.calc.formula}"),
                    at=q, reported=q.num, expected=rel.calc, values=[p.num for p in rel.parts],
                    evidence=[q.row_text] + [p.row_text for p in rel.parts])
