"""AC304 grid-factor-stated-inconsistently."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, claimed, rule

OWN_POWER = re.compile(r"光伏|绿电|绿色电力|风电|可再生|自发|自备|余热|基于市场|残余|剩余|market", re.I)


def _same(a, b) -> bool:
    (va, ha), (vb, hb) = a.kwh_value, b.kwh_value
    return abs(va - vb) <= ha + hb


def _show(s) -> str:
    return f"{s.value.text}{' ' + s.unit if s.unit else ''}"


@rule("AC304", "grid-factor-stated-inconsistently", category="factor.grid")
def check(report, engine):
    """The same electricity factor is stated with different values (text vs table, or twice by name).

    ## Why it matters
    A reader cannot tell which factor the emissions were computed with; at least one of the
    statements, or the electricity emissions, is wrong.

    ## Example
        电力排放因子采用2022年江苏省电力二氧化碳排放因子（江苏省为0.5978tCO2/MWh）
        电力 | 7213262 | 0.5366 | 3870.6      ← the calculation uses 0.5366, not 0.5978

    ## Not flagged
    Values equal within rounding or after unit conversion (0.5978 tCO2/MWh = 597.8 gCO2/kWh);
    reports naming factors of several regions or years (multi-site reports); rows for
    self-generated, green or market-based electricity (光伏, 绿电, 基于市场), which use other factors.
    """
    ref = engine.ref
    # an electricity *consumption* rate (1.35 kWh/kg) is not a grid factor: keep per-kWh/MWh units or none
    grid = [s for s in report.statements if s.topic == "grid" and s.value.value > 0
            and (not s.unit or re.search(r"(?i)CO2.*/\s*(k|m|g)?wh|/\s*(k|m|g)wh", s.unit.replace(" ", "")))
            and not re.search(r"(?i)[kM]Wh\s*/", s.text)]
    named = [s for s in grid if claimed(s)]
    flagged = set()
    groups: dict = {}
    for s in named:
        r = ref.resolve_region(s.region) if s.region else None
        if s.year and r:
            groups.setdefault((s.year, r.key, s.kind, s.variant), []).append(s)
    pairs = [(g[0], s) for g in groups.values() for s in g[1:] if not _same(g[0], s)]
    distinct = []
    for s in named:
        if not any(_same(s, d) for d in distinct):
            distinct.append(s)
    regions = {ref.resolve_region(s.region).key for s in named if s.region and ref.resolve_region(s.region)}
    if len(distinct) == 1 and len(regions) <= 1:
        pairs += [(distinct[0], s) for s in grid if not claimed(s) and not OWN_POWER.search(s.text)
                  and not _same(distinct[0], s)]
    for first, s in pairs:
        if s.value.value in flagged:
            continue
        flagged.add(s.value.value)
        yield Issue(Msg(f"电力排放因子 {_show(s)}（第 {s.line} 行）≠ {_show(first)}（第 {first.line} 行，“{first.name}”）",
                        f"electricity factor {_show(s)} (line {s.line}) ≠ {_show(first)} (line {first.line}, '{first.name}')"),
                    at=s, reported=s.value, expected=first.value.value, values=[first.value],
                    evidence=[x for x in (_show(s), s.text[:160], first.name, first.text[:160]) if x])
