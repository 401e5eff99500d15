"""AC313 emission-factor-under-oxidation-label."""
from __future__ import annotations

import re
from decimal import Decimal

from auditcheck.api import Issue, Msg, rule


@rule("AC313", "emission-factor-under-oxidation-label", category="factor.reference")
def check(report, engine):
    """A value printed as a carbon oxidation rate (碳氧化率 / OF) is an emission factor, or no oxidation rate at all.

    ## Why it matters
    OF is a fraction near 1 (0.93–1.00). A parameter table that gives the oxidation rate's
    推荐值 as 0.055539 tCO2/GJ (natural gas CC × OF × 44/12) confuses two parameters; anyone
    recomputing NCV × CC × OF × 44/12 with it is off by a factor of 18.

    ## Example
        OFi：第i种化石燃料的碳氧化率，%，采用本指南附录二所提供的推荐值 0.055539tCO2/GJ
            ← 0.055539 = 15.3 tC/TJ × 99% × 44/12 / 1000, the natural-gas emission factor

    ## Not flagged
    Oxidation rates of 50–100 % or 0.5–1 (0.98, 99%, 1); numbers in formulas (44/12) or
    equation numbers near an OF symbol; OF columns left blank.
    """
    ref = engine.ref
    seen = set()
    for s in report.statements:
        if s.topic != "of" or s.value.value <= 0 or s.value.value in seen:
            continue
        co2 = bool(s.unit and re.search(r"CO2|CO₂|二氧化碳", s.unit))
        odd = s.where == "table" and s.role == "of" and (
            (s.value.percent and s.value.value < 50) or (not s.value.percent and s.value.value < Decimal("0.5")))
        if not (co2 or odd):
            continue
        seen.add(s.value.value)
        tol = s.value.half
        fuel = next((fd for fd in ref.fuels if fd.cc and fd.of and
                     abs(fd.cc * fd.of * Decimal(44) / Decimal(12) / 1000 - s.value.value) <= tol), None)
        how_zh = f"，等于{fuel.name_zh}的 CC × OF × 44/12 = {fuel.cc} × {fuel.of} × 44/12 ÷ 1000（排放因子）" if fuel else ""
        how_en = f", = {fuel.fuel} CC × OF × 44/12 = {fuel.cc} × {fuel.of} × 44/12 / 1000 (an emission factor)" if fuel else ""
        shown = f"{s.value.text}{' ' + s.unit if s.unit else ''}"
        label = "碳氧化率" if s.name in ("氧化率", "碳氧化率", "") else f"碳氧化率（{s.name}）"
        yield Issue(Msg(f"{label}取值 {shown} 不是氧化率{how_zh}",
                        f"the oxidation rate ({s.name or 'OF'}) is given as {shown}, which is not an oxidation rate{how_en}"),
                    at=s, reported=s.value, expected=fuel.of if fuel else None,
                    evidence=[x for x in (f"推荐值 {s.value.text}" if "推荐值" in s.text else "", shown, s.text[:160]) if x])
