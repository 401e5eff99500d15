"""AC121 share-not-part-over-total."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC121", "share-not-part-over-total", category="arithmetic.share")
def check(report, engine):
    """A percentage differs from its row's value ÷ the table total.

    ## Why it matters
    Shares are what readers use to rank the hot spots; a wrong share points the reduction
    measures at the wrong stage.

    ## Example
        生产         3.4087   4.83%      ← 3.4087 ÷ 11.1190 × 100 = 30.66 %
        总计        11.1190   100%

    ## Not flagged
    Shares within the rounding of value and total; shares printed as fractions (0.3066).
    """
    for rel in all_relations(engine, report)["share"]:
        if rel.kind != "share" or not rel.verdict.flagged:
            continue
        q = rel.printed
        yield Issue(Msg(f"“{q.label}” 占比 {q.text} ≠ {rel.calc.formula}", f"'{q.label}' share {q.text} ≠ {rel.calc.formula}"),
                    at=q, reported=q.num, expected=rel.calc, values=[p.num for p in rel.parts], evidence=[q.row_text])
