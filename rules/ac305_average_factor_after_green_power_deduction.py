"""AC305 average-factor-after-green-power-deduction."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, rule

DEDUCTED = re.compile(r"(扣除|扣减|减去|剔除|不计入)[^。；;]{0,8}(绿电|绿色电力|绿证电量)|(绿电|绿色电力)[^。；;]{0,12}(扣除|扣减|不计入|计为\s*0|取\s*0)")


@rule("AC305", "average-factor-after-green-power-deduction", category="factor.grid",
      kinds=("organization_inventory", "unknown"))
def check(report, engine):
    """Green power is deducted from purchased electricity, yet the rest is charged at the all-in average grid factor.

    ## Why it matters
    The national average factor already spreads the market-traded green power over every buyer;
    a company that deducts its own green power must charge the rest at the factor that excludes
    market-traded non-fossil power (2022: 0.5856 instead of 0.5366 tCO2/MWh), otherwise the
    green power is counted twice and the inventory is understated.

    ## Example
        其中绿电5200.00 MWh … 核算时扣除绿电电量后其余电量采用全国电力平均二氧化碳排放因子
        外购电力（扣除绿电后）  11642.36 MWh  0.5366 tCO2/MWh  6247.29

    ## Not flagged
    Reports that deduct green power and use the factor excluding market-traded non-fossil power;
    reports that do not deduct green power (location-based totals).
    """
    claim = next((loc for loc, _ in report.grep(DEDUCTED)), None)
    if claim is None:
        return
    ref = engine.ref
    for s in report.statements:
        if s.topic != "grid" or s.value is None:
            continue
        for g in ref.grid_matches(s.value.value, s.value.decimals):
            if g.kind != "co2_emission" or g.variant != "average" or g.region != "national":
                continue
            excl = [x for x in ref.grid_factors(region="national", year=g.year, kind="co2_emission")
                    if x.variant == "excl_market_nonfossil"]
            if not excl:
                continue
            e = excl[0]
            yield Issue(Msg(f"扣除绿电后其余电量仍采用全国电力平均二氧化碳排放因子 {s.value.text}（{g.year} 年）；"
                            f"应采用不包括市场化交易非化石能源电量的因子 {e.value} {e.unit}（{e.announcement or e.source}）",
                            f"green power is deducted, yet the rest is charged at the {g.year} national average "
                            f"{s.value.text}; the factor excluding market-traded non-fossil power is {e.value} {e.unit}"),
                        at=s, reported=s.value, expected=e.value, values=[g.value],
                        evidence=[s.text, claim.text])
            return
