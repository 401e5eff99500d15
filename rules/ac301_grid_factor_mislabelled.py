"""AC301 grid-factor-mislabelled."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, claimed, grid_fits, grid_label, rule


def _desc(s) -> str:
    return s.name or " ".join(str(x) for x in (s.year, s.region, s.kind) if x)


@rule("AC301", "grid-factor-mislabelled", category="factor.grid")
def check(report, engine):
    """An electricity factor is named as one published factor (year, region, kind) but its value is another's.

    ## Why it matters
    The factor's name is what a reader checks against the announcement. When the number belongs to
    another year, region or kind (the 2023 CO2 emission factor printed as the 2024 carbon-footprint
    factor), either the label or the emissions computed with it are wrong.

    ## Example
        2024 年全国电力平均碳足迹因子为 0.5306kgCO2/kWh
            ← 0.5306 is the 2023 national electricity CO2 emission factor (公告2025年第47号);
              the 2024 national carbon-footprint factor is 0.5777
        合肥前置仓  0.7035  2022 年华东区域电网平均二氧化碳排放因子
            ← 0.7035 is the NDRC 2012 华东 value; 华东 2022 is 0.5617

    ## Not flagged
    A value equal, within its printed precision, to a published factor the words allow
    (`2022 年江苏省…0.5978`); factors whose name states no year, region or kind; factors of a
    kind the library does not hold (coal-fired, transmission); values matching no published
    factor unless the named factor is fully identified and published with a different value;
    for a year the library does not hold yet, values matching anything but the same region's
    factor of another year.
    """
    ref = engine.ref
    seen = set()
    for s in report.statements:
        if s.topic != "grid" or not claimed(s) or s.variant == "other":
            continue
        key = (s.value.value, s.year, s.region, s.kind)
        if key in seen:
            continue
        matches = [f for f in ref.grid_matches(s.value.value, s.value.decimals, s.unit) if f.confidence != "low"]
        if any(grid_fits(s, f, ref) for f in matches):
            continue
        named = [f for f in ref.grid if grid_fits(s, f, ref) and f.confidence != "low"
                 and (s.variant or f.variant == "average") and f.kind in ("co2_emission", "carbon_footprint")]
        expected = named[0] if len(named) == 1 else None
        shown = f"{s.value.text}{' ' + s.unit if s.unit else ''}"
        if s.year and not any(f.year == s.year and (not s.kind or f.kind == s.kind) for f in ref.grid):
            # a year the library does not hold yet: only a value of the same region's other year is sure
            r = ref.resolve_region(s.region) if s.region else None
            matches = [f for f in matches if r is not None and f.region == r.key]
        if matches:
            got_zh = "；".join(grid_label(f)[0] for f in matches[:3])
            got_en = "; ".join(grid_label(f)[1] for f in matches[:3])
        elif expected is not None and expected.confidence == "high" and s.year and s.kind and (
                s.region or s.kind == "carbon_footprint"):
            v, h = s.kwh_value
            if min(abs(v - expected.value) - h, abs(s.value.value - expected.value) - s.value.half) <= 0:
                continue
            got_zh, got_en = None, None
        else:
            continue
        seen.add(key)
        exp_zh = f"公布值为 {grid_label(expected)[0]}" if expected else ""
        exp_en = f"the published value is {grid_label(expected)[1]}" if expected else ""
        zh = f"但 {s.value.text} 是 {got_zh}" + (f"；{exp_zh}" if exp_zh else "") if got_zh else f"≠ {exp_zh}"
        en = f"but {s.value.text} is {got_en}" + (f"; {exp_en}" if exp_en else "") if got_en else f"≠ {exp_en}"
        yield Issue(
            Msg(f"电力排放因子 {shown} 标称“{_desc(s)}”，{zh}", f"electricity factor {shown} is labelled '{_desc(s)}', {en}"),
            at=s, reported=s.value, expected=expected.value if expected else None,
            values=[f.value for f in matches[:3]], evidence=[x for x in (s.name, shown, s.text[:160]) if x])
