"""AC217 fuel-factor-unit-off-by-thousand."""
from __future__ import annotations

from decimal import Decimal

import re

from auditcheck.api import Issue, Msg, clean, convert, find_numbers, parse_unit, rule

_STEPS = (3, -3, 6, -6)
_TOL = Decimal("0.02")   # the value itself must match the default within 2 % once the step is undone


def _ratio(s, value: Decimal, unit: str) -> Decimal | None:
    """The statement's value expressed in `unit`, over `value`."""
    f = convert(Decimal(1), s.unit, unit)
    if not isinstance(f, Decimal) or value == 0:
        return None
    return s.value.value * f / value


@rule("AC217", "fuel-factor-unit-off-by-thousand", category="unit.mismatch")
def check(report, engine):
    """A fuel emission factor or NCV has the right digits but a unit 10³ off (kg and t swapped, Nm³ for 万Nm³ / 10³Nm³).

    ## Why it matters
    As printed the factor is a thousand times too large or too small: anyone who recomputes the
    emissions with the stated unit gets a result 1000× off, and the factor table no longer agrees
    with the calculation that actually used it.

    ## Example
        天然气  2.1622  tCO2/Nm³  GB/T 32150-2015 附录 B 缺省值计算
            ← 2.1622 tCO2/Nm³ = 21622 tCO2/万Nm³, 1000 × the default 21.622; the unit is kgCO2/Nm³

        原煤单位热值含碳量 26.37 tC/GJ     ← fossil fuels hold 0.015–0.030 tC per GJ: 26.37 is per TJ

    ## Not flagged
    Factors whose value in the printed unit matches the default (2.1622 kgCO2/Nm³, 21.6219
    tCO2/万Nm³) or the same fuel's other statements; values that are off by other ratios
    (a different default set or a measured value: see AC311/AC312).
    """
    ref = engine.ref
    seen = set()
    yield from _carbon_content_out_of_nature(report, seen)
    for s in report.statements:
        if s.topic != "fuel" or s.param not in ("ef", "ncv") or not s.unit or parse_unit(s.unit) is None:
            continue
        rows = [d for d in ref.fuel(s.subject) if (d.value if s.param == "ef" else d.ncv) is not None]
        if not rows or s.value.value <= 0:
            continue
        fits, off = False, None
        for d in rows:
            value, unit = (d.value, d.unit) if s.param == "ef" else (d.ncv, d.ncv_unit)
            r = _ratio(s, value, unit) if unit else None
            if r is None:
                continue
            if abs(r - 1) <= _TOL:
                fits = True
                break
            for k in _STEPS:
                if abs(r / Decimal(1).scaleb(k) - 1) <= _TOL and off is None:
                    off = (k, d, value, unit)
        if fits or off is None or (s.line, s.value.value) in seen:
            continue
        seen.add((s.line, s.value.value))
        k, d, value, unit = off
        as_default = s.value.value * convert(Decimal(1), s.unit, unit)
        what = ("排放因子", "emission factor") if s.param == "ef" else ("低位发热量", "NCV")
        yield Issue(Msg(f"“{d.name_zh}”{what[0]} {s.value.text} {s.unit} = {as_default.normalize():f} {unit}，"
                        f"为缺省值 {value} {unit} 的 10^{k} 倍：单位差了 10^{abs(k)}（数字与缺省值一致）",
                        f"{d.name_zh} {what[1]} {s.value.text} {s.unit} = {as_default.normalize():f} {unit}, "
                        f"10^{k} × the default {value} {unit}: the unit is 10^{abs(k)} off (the digits match the default)"),
                    at=s, reported=s.value, expected=None, values=[value],
                    evidence=[f"{s.value.text} {s.unit}", s.text[:160]])


_CC_LABEL = re.compile(r"含碳量|CC\b")
# every fossil fuel holds 15–30 tC per TJ (natural gas 15.3, coal ~26, coke ~29.5): far outside,
# the figure is in the other unit
_CC_RANGE = (Decimal(8), Decimal(40))


def _carbon_content_out_of_nature(report, seen):
    for loc in report.lines:
        t = clean(loc.text)
        if not _CC_LABEL.search(t):
            continue
        for n, _ in find_numbers(t):
            if not n.is_value or not n.unit or n.value <= 0:
                continue
            u = n.unit.replace(" ", "")
            if not re.fullmatch(r"(?i)(k?g|t)C/(GJ|TJ|MJ)", u) or parse_unit(u) is None:
                continue
            per_tj = convert(n.value, u, "tC/TJ")
            if not isinstance(per_tj, Decimal) or _CC_RANGE[0] <= per_tj <= _CC_RANGE[1]:
                continue
            for k in _STEPS:
                fixed = per_tj / Decimal(1).scaleb(k)
                if _CC_RANGE[0] <= fixed <= _CC_RANGE[1] and (loc.line, n.value) not in seen:
                    seen.add((loc.line, n.value))
                    yield Issue(Msg(f"单位热值含碳量 {n.text} {n.unit} = {per_tj.normalize():f} tC/TJ，化石燃料约为 15–30 tC/TJ"
                                    f"（0.015–0.030 tC/GJ）：单位差了 10^{abs(k)}，应为 {fixed.normalize():f} tC/TJ",
                                    f"carbon content {n.text} {n.unit} = {per_tj.normalize():f} tC/TJ; fossil fuels hold "
                                    f"15–30 tC/TJ (0.015–0.030 tC/GJ): the unit is 10^{abs(k)} off"),
                                at=loc, reported=n, expected=None, values=[fixed],
                                evidence=[f"{n.text} {n.unit}", loc.text[:160]])
                    break
