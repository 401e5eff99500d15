"""AC203 freight-activity-not-tonne-km."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, clean, find_numbers, parse_unit, rule

FREIGHT = re.compile(r"运输|物流|货运|配送|运送|转运|分销")
PASSENGER = re.compile(r"通勤|差旅|出行|乘用|轿车|客车|班车|商务车|公务车|员工|人员|旅客|乘客")
FUEL_BASED = re.compile(r"柴油|汽油|燃油|燃料|天然气|LNG|CNG|电力|用电|耗电|电量")
DISTANCE_HEAD = re.compile(r"距离|运距|里程|公里数")
PER_MASS_TEXT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?:k?g|t|吨|千克)?\s*CO2\s*e?q?\s*/\s*(?:t|吨|kg|千克)(?![A-Za-z·.\d])")


def _kind(unit: str | None) -> str | None:
    pu = parse_unit(unit) if unit else None
    if pu is None:
        return None
    d = dict(zip(("M", "L", "T", "E", "V", "N", "CO2", "CO2e", "C"), pu.dims))
    if d["CO2"] + d["CO2e"] + d["C"] > 0:
        return "per_tkm" if d["L"] < 0 else "per_mass" if d["M"] < 0 else None
    if d["L"] == 1 and d["M"] == 0:
        return "km"
    if d["L"] == 1 and d["M"] == 1:
        return "tkm"
    return "mass" if d["M"] == 1 and not d["L"] else None


@rule("AC203", "freight-activity-not-tonne-km", category="unit.mismatch")
def check(report, engine):
    """Freight transport is quantified in km alone, or with a per-tonne factor and no distance, where t·km is needed.

    ## Why it matters
    Freight emissions are mass × distance × a per-t·km factor. A transport activity recorded as
    253321 km (no mass), or a factor of 3.1 kgCO2e/t with no distance, cannot give a freight
    emission: the computation is dimensionally incomplete and its result is unverifiable.

    ## Example
        原料运输   253321   Km   原料运输   原料获取
        分销  运输  运输过程  3.1  kgCO2e/t  681.17

    ## Not flagged
    Rows giving mass and distance (22.12 t, 40.00 km, 0.286 kgCO2e/t·km) or t·km; passenger
    travel and commuting in vehicle-km (通勤 884500 KM); fuel-based transport rows (柴油 kg ×
    kgCO2/kg); a distance column next to a mass column.
    """
    for table in report.document.tables:
        header = " ".join(c.text for r in table.rows[:2] for c in r.cells)
        if DISTANCE_HEAD.search(header):
            continue
        for r in table.rows:
            texts = [c.text for c in r.cells if c.text]
            row = clean(" ".join(texts))
            label = " ".join(x for x in texts if not re.match(r"^\s*[\d.]", x))
            head = re.sub(r"[（(][^（）()]*[）)]", "", label)   # `废弃物回收（收集、分拣、运输）` is recycling
            if not FREIGHT.search(head) or PASSENGER.search(label) or FUEL_BASED.search(label):
                continue
            nums = [n for n, _ in find_numbers(row) if n.is_value]
            kinds = {n: _kind(n.unit) for n in nums}
            if any(k in ("tkm", "per_tkm", "mass") for k in kinds.values()):
                continue
            km = [n for n, k in kinds.items() if k == "km"]
            per_t = [n for n, k in kinds.items() if k == "per_mass"]
            if not per_t and (m := PER_MASS_TEXT.search(row)):
                per_t = [n for n in nums if n.text == m.group("num")]
            if km:
                n = km[0]
                yield Issue(Msg(f"运输活动数据 {n.text} {n.unit} 只有距离，没有运输质量：货运排放需以 t·km（质量 × 距离）计",
                                f"transport activity {n.text} {n.unit} is a distance only, with no mass: freight "
                                f"emissions need t·km (mass × distance)"),
                            at=r, reported=n, evidence=[row, f"{n.text} {n.unit}"])
            elif per_t:
                n = per_t[0]
                shown = PER_MASS_TEXT.search(row).group(0) if PER_MASS_TEXT.search(row) else f"{n.text} {n.unit}"
                yield Issue(Msg(f"运输排放因子 {shown} 为每吨因子且无运输距离：货运因子应为每 t·km",
                                f"transport factor {shown} is per tonne with no distance: a freight factor is per t·km"),
                            at=r, reported=n, evidence=[row, shown])
