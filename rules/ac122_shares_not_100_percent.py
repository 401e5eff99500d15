"""AC122 shares-not-100-percent."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC122", "shares-not-100-percent", category="arithmetic.share")
def check(report, engine):
    """The percentages of one table do not add up to 100 % within their rounding.

    ## Why it matters
    Shares that do not close mean a stage was dropped, double-counted, or a share was copied
    from another version of the table.

    ## Example
        原材料获取 48.41%   运输 4.78%   生产 35.66%   运输 12.61%   生命末期 3.54%   ← 105.00 %

    ## Not flagged
    Sums such as 100.01 or 99.99 from rounded shares (each 2-decimal share may be off by 0.005).
    """
    for rel in all_relations(engine, report)["share"]:
        if rel.kind != "share_sum" or not rel.verdict.flagged:
            continue
        q = rel.printed
        # a 合计 that prints its own share (67.36 % of the product): the rows must add up to it
        target = next((n.split(":", 1)[1] for n in rel.notes if n.startswith("whole:")), None)
        want = f"合计行所列 {target}%" if target else "100%"
        yield Issue(Msg(f"各项占比合计 {rel.calc.formula}，不等于 {want}",
                        f"shares add up to {rel.calc.formula}, not {target + ' % as the total row prints' if target else '100 %'}"),
                    at=q, reported=q.num if target else None, expected=rel.calc,
                    values=[p.num for p in rel.parts], evidence=[q.row_text])
