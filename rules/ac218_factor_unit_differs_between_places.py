"""AC218 factor-unit-differs-between-places."""
from __future__ import annotations

import re
from decimal import Decimal

from auditcheck.api import Issue, Msg, convert, parse_unit, rule, same_dimension, similar


def _label(it) -> str:
    return re.sub(r"\s+", "", it.label or it.group or "")


@rule("AC218", "factor-unit-differs-between-places", category="unit.mismatch")
def check(report, engine):
    """One factor, same digits and same item, is printed with units a power of ten apart (g vs kg) in two tables.

    ## Why it matters
    The factor table is the documented source; the calculation table is what was computed. When
    the same digits carry gCO2 in one and kgCO2 in the other, one of them is a thousand times
    off, and a reader recomputing from the factor table gets a result 1000× different.

    ## Example
        航空差旅  0.1020  gCO2/人·km         ← factor table
        航空差旅  2356800 人·km  0.1020  kgCO2e/(人·km)  240.39    ← calculation (as kg)

    ## Not flagged
    The same factor in the same unit; different digits (a converted factor, 0.1020 kg = 102.0 g);
    factors of different items.
    """
    cells = []
    for t in report.tables:
        for it in t.items:
            for q in it.role("factor"):
                if q.num.is_value and q.value > 0 and q.unit and parse_unit(q.unit) is not None:
                    cells.append((it, q))
    seen = set()
    for i, (a, qa) in enumerate(cells):
        for b, qb in cells[i + 1:]:
            if qa.table == qb.table or qa.num.text != qb.num.text or qa.unit == qb.unit:
                continue
            ua, ub = parse_unit(qa.unit), parse_unit(qb.unit)
            if not same_dimension(ua, ub) or similar(_label(a), _label(b)) < 90:
                continue
            k = convert(Decimal(1), ua, ub)
            if not isinstance(k, Decimal) or k in (0, 1) or k.normalize() not in (Decimal("1E3"), Decimal("1E-3"), Decimal("1E6"), Decimal("1E-6")):
                continue
            key = (qa.num.text, _label(a))
            if key in seen:
                continue
            seen.add(key)
            yield Issue(Msg(f"“{a.label}”排放因子 {qa.num.text} 在第 {qa.line} 行为 {qa.unit}，在第 {qb.line} 行为 {qb.unit}："
                            f"数字相同而单位相差 {k.normalize():f} 倍",
                            f"'{a.label}' factor {qa.num.text} is {qa.unit} on line {qa.line} and {qb.unit} on line "
                            f"{qb.line}: the same digits with units {k.normalize():f}× apart"),
                        at=qa, reported=qa.num, values=[qb.num], evidence=[a.row_text, b.row_text])
