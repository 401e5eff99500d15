"""AC802 gwp-values-not-given."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, rule

PLACEHOLDER = re.compile(r"(评估报告|AR\s*\d)[^0-9]{0,12}(中的)?(具体|相应|对应)?数值|具体数值|见\s*IPCC|参照\s*IPCC")
GASES = re.compile(r"制冷剂|R-?\d{2,3}[A-Za-z]?\b|HFC|HCFC|PFC|SF6|NF3|CH4|甲烷|N2O|氧化亚氮")
GWP = re.compile(r"GWP|全球变暖潜|全球增温潜")


@rule("AC802", "gwp-values-not-given", category="completeness")
def check(report, engine):
    """The GWP table names a source but gives no values, while non-CO2 gases are in the inventory.

    ## Why it matters
    The CO2e of CH4, N2O and refrigerants depends on the GWP used (R22: 1760 vs 1960 between
    AR5 and AR6); without the values the conversion cannot be checked.

    ## Example
        温室气体种类   全球变暖潜值（GWP）
        CO2           IPCC 第六次评估报告中的具体数值

    ## Not flagged
    A GWP table with numbers, or a CO2-only inventory.
    """
    gwp_lines = [i for i, loc in enumerate(report.lines) if GWP.search(loc.text)]
    if not gwp_lines:
        return
    gases = [loc for loc in report.lines if GASES.search(loc.text) and not GWP.search(loc.text)]
    if not gases:
        return
    for i, loc in enumerate(report.lines):
        if PLACEHOLDER.search(loc.text) and not re.search(r"\d{2,}\s*$", loc.text) \
                and any(0 <= i - g <= 8 for g in gwp_lines):
            yield Issue(Msg(f"GWP 未给出数值（“{loc.text}”），而清单中有非 CO2 气体（{GASES.search(gases[0].text).group(0)}）",
                            f"GWP values are not given ('{loc.text}') although non-CO2 gases are inventoried "
                            f"({GASES.search(gases[0].text).group(0)})"),
                        at=loc, evidence=[loc.text, gases[0].text])
            return
