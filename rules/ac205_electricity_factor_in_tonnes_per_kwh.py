"""AC205 electricity-factor-in-tonnes-per-kwh."""
from __future__ import annotations

import re
from decimal import Decimal

from auditcheck.api import Issue, Msg, clean, convert, find_numbers, parse_unit, rule, same_dimension

MAX_KG_PER_KWH = Decimal(5)        # coal power is ~1 kgCO2/kWh; 5 leaves room for any real factor
T_PER_KWH = re.compile(r"(?<![kKgG\d.\s])\s?t\s*CO2\s*e?\s*(?:q|eq)?\s*/\s*(?:kWh|KWh|kwh|KWH|千瓦时|度)", re.I)
DEFINES = re.compile(r"单位\s*(?:为|是|:|：)")
ELECTRIC = re.compile(r"电力|电网|用电|购入电|EF\s*_?\s*电|电\s*排放因子|电量|^\s*电\b|\b电\s")
ELECTRIC_UNIT = re.compile(r"kWh|MWh|GWh|千瓦时|兆瓦时|度", re.I)


def kg_per_kwh(n) -> Decimal | None:
    if not n.unit or not (pu := parse_unit(n.unit)) or not pu.species or not same_dimension(pu, "kgCO2/kWh"):
        return None
    v = convert(n.value, pu, "kgCO2/kWh")
    return v if isinstance(v, Decimal) else None


@rule("AC205", "electricity-factor-in-tonnes-per-kwh", category="unit.mismatch")
def check(report, engine):
    """An electricity factor is written in tCO2/kWh, either with a value (~0.5) only possible per MWh, or as the defined unit while the calculation uses per-MWh values.

    ## Why it matters
    Grid factors are about 0.5 tCO2/MWh = 0.5 kgCO2/kWh = 0.0005 tCO2/kWh. A factor printed
    0.5306 tCO2/KWh is 1000× too large as written: anyone applying it with its printed unit gets
    a 1000× wrong emission, and the method text contradicts the calculation.

    ## Example
        净购入电力  22240041  KWh  0.5306tCO2/KWh  11800.56575    ← 0.5306 tCO2/kWh = 530.6 kgCO2/kWh
        EF电力 电力供应的 CO₂排放因子, 单位为 tCO₂/KWh;          ← the table uses 0.5366 tCO2/MWh

    ## Not flagged
    0.5306 kgCO2/kWh or tCO2/MWh; a factor really printed in tCO2/kWh with a plausible value
    (0.000581 tCO2/kWh); a definition in tCO2/kWh when the factors used are of that size.
    """
    printed: dict[str, list] = {}
    used = []
    for ln in report.document.lines():
        t = clean(ln.text)
        # a footprint per kWh of product (battery capacity, module output) is not a grid factor:
        # only lines that speak of electricity, and per-kWh of electricity units, count
        if not ELECTRIC.search(t):
            continue
        for n, _ in find_numbers(t):
            if n.unit and not ELECTRIC_UNIT.search(n.unit):
                continue
            if not n.is_value or (v := kg_per_kwh(n)) is None:
                continue
            if v > MAX_KG_PER_KWH:
                printed.setdefault(n.text, []).append((n, ln, v))
            elif Decimal("0.1") <= v <= 2:
                used.append((n, ln))
    for t in report.tables:
        for it in t.items:
            for q in it.role("factor"):
                if not ELECTRIC.search(f"{it.row_text} {q.header} {t.caption or ''}") or \
                        (q.unit and not ELECTRIC_UNIT.search(q.unit)):
                    continue
                n = q.num.with_unit(q.unit).with_loc(q.page, q.line)
                if n.is_value and (v := kg_per_kwh(n)) is not None:
                    if v > MAX_KG_PER_KWH:
                        printed.setdefault(n.text, []).append((n, it, v))
                    elif Decimal("0.1") <= v <= 2:
                        used.append((n, it))
    for text, hits in printed.items():
        n, at, v = hits[0]
        yield Issue(Msg(f"电力排放因子 {n.text} {n.unit} = {v.normalize():f} kgCO2/kWh，不可能（电网因子约 0.0005 tCO2/kWh）；"
                        f"该数值应为 tCO2/MWh 或 kgCO2/kWh",
                        f"electricity factor {n.text} {n.unit} = {v.normalize():f} kgCO2/kWh is impossible (grid "
                        f"factors are ~0.0005 tCO2/kWh); the figure is per MWh or in kg per kWh"),
                    at=at, reported=n, expected=n.value / 1000,
                    evidence=list(dict.fromkeys(getattr(h[1], "text", None) or h[1].row_text for h in hits))[:3])
    if printed or not used:
        return
    for ln in report.document.lines():
        t = clean(ln.text)
        m = T_PER_KWH.search(t)
        if m and DEFINES.search(t) and ELECTRIC.search(t):
            n, at = used[0]
            yield Issue(Msg(f"方法中电力排放因子单位定义为 {m.group(0).strip()}，而计算采用 {n.text} {n.unit}"
                            f"（按 tCO2/kWh 将大 1000 倍）",
                            f"the method defines the electricity factor in {m.group(0).strip()}, while the "
                            f"calculation uses {n.text} {n.unit} (1000× too large if read per kWh)"),
                        at=ln, values=[n], evidence=[ln.text, getattr(at, "row_text", "") or at.text])
            return
