"""AC204 factor-printed-with-activity-unit."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, cell_number, clean, find_numbers, parse_unit, rule


def activity_unit(unit: str | None):
    """The parsed unit if it is one of an amount (t·km, kWh, t, m³): no emission species, no denominator."""
    pu = parse_unit(unit) if unit else None
    if pu is None or pu.dimensionless or pu.species or not all(e > 0 for _, e in pu.factors):
        return None
    return pu


def per(rate: str | None, act) -> bool:
    """`rate` is emissions per `act` (kgCO2e/t·km for t·km)."""
    pu = parse_unit(rate) if rate else None
    if pu is None or not pu.species:
        return False
    den = [(a, -e) for a, e in pu.factors if e < 0]
    from_den = parse_unit("·".join(a for a, _ in den)) if den else None
    return from_den is not None and from_den.dims == act.dims


@rule("AC204", "factor-printed-with-activity-unit", category="unit.mismatch")
def check(report, engine):
    """An emission factor is printed with the unit of an activity (`0.08017t·km`) instead of a rate.

    ## Why it matters
    An emission factor is emissions per unit of activity (kgCO2e/t·km, tCO2/t). A factor printed
    as `t·km` or `kWh` states no emission at all, so the row's result cannot be traced to it and
    the factor cannot be checked against its source.

    ## Example
        材料包装   0.08017t·km   127.446       ← elsewhere: 0.08017 kgCO2e/t·km

    ## Not flagged
    Factors with a rate unit (0.286 kgCO2e/tkm, 2.925 tCO₂e/t); activities in t·km or kWh whose
    figure is never printed as a rate (运输量 2.9535 t·km); GWP values and oxidation rates.
    """
    rates: dict[str, list] = {}
    for ln in report.document.lines():
        for n, _ in find_numbers(clean(ln.text)):
            if n.is_value and n.unit:
                rates.setdefault(n.text, []).append((n.unit, ln))
    done = set()
    for t in report.tables:
        for it in t.items:
            for q in it.numbers:
                parsed = cell_number(q.cell_text)
                own = parsed[1] if parsed else None
                act = activity_unit(own) if own and own != "%" else None
                if act is None or (q.line, q.cell_text) in done:
                    continue
                header_says = q.role == "factor" and not re.search(r"GWP|潜", q.header, re.I)
                twin = next(((u, ln) for u, ln in rates.get(q.num.text, []) if per(u, act)), None)
                if not (header_says or (twin and len(re.sub(r"\D", "", q.num.text).lstrip("0")) >= 3)):
                    continue
                done.add((q.line, q.cell_text))
                also = (f"；同一数值在第 {twin[1].line} 行印为 {q.num.text} {twin[0]}",
                        f"; the same figure is printed as {q.num.text} {twin[0]} on line {twin[1].line}") if twin else ("", "")
                yield Issue(Msg(f"排放因子 {q.cell_text} 的单位 {own} 是活动数据单位，而非排放因子单位{also[0]}",
                                f"emission factor {q.cell_text} carries the activity unit {own}, not a rate{also[1]}"),
                            at=q, reported=q.num, evidence=[q.cell_text, it.row_text] + ([twin[1].text] if twin else []))
