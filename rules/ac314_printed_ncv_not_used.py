"""AC314 printed-ncv-not-used."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC314", "printed-ncv-not-used", category="factor.reference")
def check(report, engine):
    """The NCV printed in a fuel row does not reproduce its emission, but the fuel's other default NCV does.

    ## Why it matters
    Two default NCV sets are in circulation (e.g. diesel 42.652 and 43.33 GJ/t); a report that
    prints one and computes with the other mixes default tables, and its emission cannot be
    reproduced from what it states.

    ## Example
        柴油   86.42 t   43.33 GJ/t   0.0202 tC/GJ   98%   267.55 tCO2
        ← 86.42 × 43.33 × 0.0202 × 98% × 44/12 = 271.80; with 42.652 GJ/t: 267.55

    ## Not flagged
    Rows that hold with their printed NCV; rows whose mismatch no published default explains
    (those are AC111's).
    """
    for rel in all_relations(engine, report)["product"]:
        if "ncv_not_used" not in rel.notes:
            continue
        fd, ncv_q = rel.hidden
        q = rel.printed
        yield Issue(Msg(f"“{q.label}” 低位发热量印为 {ncv_q.text}，但排放量 {q.text} 需用 {fd.ncv} {fd.ncv_unit}（{fd.source[:40]}）才能复算：{rel.calc.formula}",
                        f"'{q.label}' prints NCV {ncv_q.text}, but {q.text} reproduces only with {fd.ncv} {fd.ncv_unit}: {rel.calc.formula}"),
                    at=ncv_q, reported=ncv_q.num, expected=fd.ncv, values=[q.num] + [p.num for p in rel.parts],
                    evidence=[q.row_text])
