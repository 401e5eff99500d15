"""AC207 result-unit-contradicts-functional-unit."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, clean, rule

COUNT = "台|套|件|个|块|片|只|支|组|辆|樘|米"
MASS = "吨|t|千克|kg|公斤"
FU = re.compile(rf"(?:功能|声明)单位\s*(?:定义)?\s*(?:为|是|:|：)?\s*[:：]?\s*(?:1|一|每)\s*(?P<u>{COUNT}|{MASS})(?![A-Za-z])"
                rf"|以\s*(?:1|一)?\s*(?P<u2>{COUNT}|{MASS})\s*(?:\S{{0,12}}?)为\s*(?:本\S{{0,4}})?功能单位"
                rf"|功能单位\s+(?P<u3>{COUNT}|{MASS})(?:\s|$)", re.I)
RESULT_UNIT = re.compile(r"(?:k?g|t)\s*CO\s*2\s*e?\s*(?:q|eq)?\s*/\s*(?P<per>kg|t|吨|千克|" + COUNT + r")(?![A-Za-z·])", re.I)
RESULT_WORDS = re.compile(r"产品碳足迹|(?:碳足迹|排放量|温室气体量).{0,12}单位\s*(?:为|是|:|：)")
NOT_RESULT = re.compile(r"因子|系数|单耗|排放因子|强度因子")


def kind(u: str) -> str:
    return "mass" if re.fullmatch(MASS, u, re.I) else "count"


@rule("AC207", "result-unit-contradicts-functional-unit", category="unit.mismatch", severity="warning",
      kinds=("product_footprint",))
def check(report, engine):
    """The footprint is expressed per mass (tCO2e/t, kgCO2e/kg) while the functional unit is a count (one 台), or the reverse.

    ## Why it matters
    A product footprint is stated per functional unit. If the method text or a result column uses
    per-tonne units for a product declared per piece, the results are either not per functional
    unit or mislabelled, and they cannot be compared with other footprints of the product.

    ## Example
        本评价的功能单位定义为：一台过盈配合接插件式金属电能计量箱
        E: 产品碳足迹,单位为二氧化碳当量/吨(tCO₂e/t)或千克二氧化碳当量(kgCO₂e/kg);

    ## Not flagged
    Emission factors per kg or per t of a material (2.87 kgCO2e/kg for a film) in a per-piece
    footprint; results per 台 when the functional unit is one 台; per-tonne results for a product
    declared per tonne; reports whose functional unit cannot be read.
    """
    fu = None
    for ln in report.document.lines():
        if (m := FU.search(clean(ln.text))):
            fu = (m.group("u") or m.group("u2") or m.group("u3"), ln)
            break
    if fu is None:
        return
    want = kind(fu[0])
    for ln in report.document.lines():
        t = clean(ln.text)
        if not RESULT_WORDS.search(t) or NOT_RESULT.search(t):
            continue
        bad = [m for m in RESULT_UNIT.finditer(t) if kind(m.group("per")) != want]
        if not bad or (want == "count" and any(m.group("per") == fu[0] for m in RESULT_UNIT.finditer(t))):
            continue
        units = list(dict.fromkeys(m.group(0) for m in bad))
        yield Issue(Msg(f"碳足迹以 {'、'.join(units)} 表示，而功能单位为 1 {fu[0]}（第 {fu[1].line} 行）",
                        f"the footprint is expressed in {', '.join(units)} while the functional unit is one {fu[0]} "
                        f"(line {fu[1].line})"),
                    at=ln, evidence=[ln.text] + units + [clean(fu[1].text)[:120]])
        return
