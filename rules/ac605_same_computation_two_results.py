"""AC605 same-computation-two-results."""
from __future__ import annotations

from decimal import Decimal

from auditcheck.api import Issue, Msg, Verdict, all_relations, rule

RANK = {Verdict.AGREES: 0, Verdict.ROUNDING_ONLY: 1, Verdict.DISAGREES: 2}


def _key(values) -> tuple | None:
    vals = [Decimal(v).normalize() for v in values]
    if len(vals) < 2 or any(v in (0, 1) for v in vals):
        return None
    return tuple(sorted(vals))


def _consistent(a, b) -> bool:
    """One printed result is the other rounded, possibly shown in another unit (×10^k)."""
    for k in range(-9, 10):
        f = Decimal(1).scaleb(k)
        if a.lo <= b.value * f <= a.hi or b.lo * f <= a.value <= b.hi * f:
            return True
    return False


@rule("AC605", "same-computation-two-results", category="consistency.crossref")
def check(report, engine):
    """The same multiplication (same activity and factor) is printed with two different results.

    ## Why it matters
    A table and the formula that documents it should show one result for one computation. Two
    results for 22240041 × 0.5306 mean one was mistyped, and readers cannot tell which figure
    entered the totals.

    ## Example
        净购入电力  22240041  KWh  0.5306  11800.56575
        E电力 = 22240041 KWh × 0.5306 tCO2/KWh = 11800.5675 tCO2e    ← 11800.56575 ≠ 11800.5675

    ## Not flagged
    Results that are roundings of each other (11800.57 and 11800.56575) or the same figure in
    another unit (14.284 kg and 0.014284 t); different computations that share inputs (an annual
    figure and the same product ÷ output per unit); results that each agree with their inputs.
    """
    rels = all_relations(engine, report)
    seen: dict[tuple, list] = {}
    for r in rels["product"]:
        if r.kind == "product" and (k := _key([n.value for n in r.calc.inputs] or [p.value for p in r.parts])):
            seen.setdefault(k, []).append((r.printed.n, r.verdict, r.printed.row_text, r.calc))
    for f in rels["formula"]:
        if f.ops <= {"×"} and (k := _key([n.value for n in f.calc.inputs])):
            seen.setdefault(k, []).append((f.printed, f.verdict, f.formula.text, f.calc))
    for group in seen.values():
        best = min(group, key=lambda g: RANK[g[1]])
        for printed, verdict, text, calc in group:
            # a result that agrees with its own inputs is right; the one to flag is the one that does not
            if printed is best[0] or _consistent(printed, best[0]) or verdict is Verdict.AGREES:
                continue
            if RANK[verdict] == RANK[best[1]] and (printed.line or 0) < (best[0].line or 0):
                printed, text, best = best[0], best[2], (printed, verdict, text, calc)
            yield Issue(Msg(f"{printed.text} 与第 {best[0].line} 行同一计算（{calc.formula.split(' = ')[0]}）的结果 "
                            f"{best[0].text} 不一致",
                            f"{printed.text} differs from {best[0].text} printed on line {best[0].line} for the same "
                            f"computation ({calc.formula.split(' = ')[0]})"),
                        at=printed, reported=printed, expected=best[0], values=list(calc.inputs),
                        evidence=[text, best[2]])
            break
