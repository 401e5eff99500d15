"""AC215 litres-read-as-kilograms."""
from __future__ import annotations

import re
from decimal import Decimal

from auditcheck.api import Issue, Msg, parse_number, rule

VOLUME = re.compile(r"(?P<v>\d[\d,]*(?:\.\d+)?)\s*(?:升|L)(?![A-Za-z/])")
FUELS = ("柴油", "汽油", "煤油", "燃料油", "重油", "液化石油气", "乙醇", "甲醇")


@rule("AC215", "litres-read-as-kilograms", category="unit.mismatch")
def check(report, engine):
    """A fuel volume stated in litres is entered as tonnes with the same digits (8,150 升 → 8.15 t): litres read as kg.

    ## Why it matters
    A litre of diesel weighs about 0.84 kg, so the mass is overstated by a fifth (gasoline: a
    third), and so is the emission computed from it.

    ## Example
        柴油 8.15 t 3.0959 tCO2/t 25.23
        注：应急发电机柴油消耗量取自加油台账，全年8,150升。       ← 8,150 L × 0.84 kg/L = 6.85 t

    ## Not flagged
    Volumes converted with a density (8,150 L → 6.85 t); tonnes whose digits differ from the
    volume printed.
    """
    vols = []
    for loc in report.lines:
        fuel = next((f for f in FUELS if f in loc.text), None)
        if fuel is None:
            continue
        for m in VOLUME.finditer(loc.text):
            n = parse_number(m.group("v").replace(",", ""))
            if n is not None and n.is_value and n.value >= 100:
                vols.append((fuel, n, loc, m.group(0)))
    if not vols:
        return
    for t in report.tables:
        for it in t.items:
            fuel = next((f for f in FUELS if f in it.label), None)
            if fuel is None:
                continue
            for q in it.role("activity"):
                if not q.num.is_value or not q.unit or q.unit not in ("t", "吨"):
                    continue
                for f, n, loc, text in vols:
                    if f == fuel and n.value / Decimal(1000) == q.value and loc.line != it.line:
                        yield Issue(Msg(f"“{it.label}” {q.cell_text} 与文中“{text}”数字相同：升被当作千克（体积未按密度换算为质量）",
                                        f"'{it.label}' {q.cell_text} has the digits of '{text}': litres read as "
                                        "kilograms (the volume was not converted with a density)"),
                                    at=q, reported=q.num, values=[n], evidence=[it.row_text, loc.text])
                        break
