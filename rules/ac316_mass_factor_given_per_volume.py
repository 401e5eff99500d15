"""AC316 mass-factor-given-per-volume."""
from __future__ import annotations

from decimal import Decimal

from auditcheck.api import Issue, Msg, convert, parse_unit, rule, same_dimension


@rule("AC316", "mass-factor-given-per-volume", category="factor.reference")
def check(report, engine):
    """A liquid fuel's per-mass default (tCO2/t) is printed and used per litre (kgCO2/L) with the same digits.

    ## Why it matters
    A tonne of diesel is about 1,190 L: the per-litre factor is the per-kg factor times the
    density (≈ 0.84 kg/L), so 3.0959 kgCO2/kg is ≈ 2.60 kgCO2/L. Keeping the digits and changing
    the unit overstates every litre by the inverse of the density (≈ 19 % for diesel).

    ## Example
        柴油（叉车）       3.0959  tCO2/t    GB/T 32150-2015 附录B
        柴油（冷藏机组）   3.0959  kgCO2/L   GB/T 32150-2015 附录B    ← 3.0959 kgCO2/kg ≈ 2.60 kgCO2/L

    ## Not flagged
    Per-litre factors with other digits (converted with a density); per-mass factors; gases
    (per m³ factors of natural gas are their own defaults).
    """
    ref = engine.ref
    seen = set()
    for s in report.statements:
        if s.topic != "fuel" or s.param != "ef" or not s.unit or s.value.value <= 0:
            continue
        u = parse_unit(s.unit)
        if u is None or not same_dimension(u, "kgCO2/L"):
            continue
        for fd in ref.fuel(s.subject):
            if fd.value is None or not fd.unit or parse_unit(fd.unit) is None:
                continue
            if not same_dimension(fd.unit, "tCO2/t"):
                continue          # a gas: its volume default is its own
            per_kg = convert(fd.value, fd.unit, "kgCO2/kg")
            if not isinstance(per_kg, Decimal) or abs(s.value.value - per_kg) > s.value.half:
                continue
            if (s.subject, s.value.value) in seen:
                break
            seen.add((s.subject, s.value.value))
            yield Issue(Msg(f"“{fd.name_zh}”排放因子 {s.value.text} {s.unit} 的数字是按质量的缺省值 {fd.value} {fd.unit}"
                            f"（= {per_kg.normalize():f} kgCO2/kg），按升使用须乘以密度（柴油约 0.84 kg/L）",
                            f"{fd.name_zh} factor {s.value.text} {s.unit} has the digits of the per-mass default "
                            f"{fd.value} {fd.unit}; per litre it must be multiplied by the density (diesel ≈ 0.84 kg/L)"),
                        at=s, reported=s.value, expected=None, values=[fd.value], evidence=[s.text[:160]])
            break
