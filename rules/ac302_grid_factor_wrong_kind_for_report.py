"""AC302 grid-factor-wrong-kind-for-report."""
from __future__ import annotations

from datetime import timedelta

from auditcheck.api import Issue, Msg, claimed, grid_fits, grid_label, issued_on, rule

INVENTORY_KINDS = {"co2_emission", "ndrc_legacy", "carbon_market"}


@rule("AC302", "grid-factor-wrong-kind-for-report", category="factor.grid", severity="warning",
      kinds=("product_footprint", "organization_inventory"))
def check(report, engine):
    """A CO2 emission factor is used in a product footprint, or a carbon-footprint factor in an inventory.

    ## Why it matters
    MEE/NBS 电力二氧化碳排放因子 count CO2 at the power plant only and serve organisation
    inventories; 电力碳足迹因子 are life-cycle CO2e values published for product footprints.
    Swapping them misstates electricity emissions (2023: 0.5306 vs 0.6205 kg/kWh).

    ## Example
        产品碳足迹（GB/T 24067），2025-09 签发：
        电力碳排放因子采用…2022年电力二氧化碳排放因子（江苏省为0.5978tCO2/MWh）
            ← a CO2 emission factor; 2023 全国电力平均碳足迹因子 0.6205 was published 2025-01-17
        ISO 14064-1 清单：光伏电 171170 0.0545   ← 0.0545 is the 2023 PV carbon-footprint factor

    ## Not flagged
    Product footprints dated before (or within 30 days of) the first carbon-footprint factor's
    publication, or without a report date; values whose kind is ambiguous (matching factors of
    both kinds); factors the report mislabels (AC301 reports those).
    """
    ref = engine.ref
    day = issued_on(report.facts)
    seen = set()
    for s in report.statements:
        if s.topic != "grid" or s.value.value in seen:
            continue
        matches = ref.grid_matches(s.value.value, s.value.decimals, s.unit)
        fits = [f for f in matches if grid_fits(s, f, ref)]
        if matches and not fits:
            continue                      # mislabelled: AC301
        kinds = {f.kind for f in fits} or ({s.kind} if s.kind and claimed(s) else set())
        if not kinds:
            continue
        shown = f"{s.value.text}{' ' + s.unit if s.unit else ''}"
        what_zh = "；".join(grid_label(f)[0] for f in fits[:2]) or s.name
        what_en = "; ".join(grid_label(f)[1] for f in fits[:2]) or s.name
        if report.kind == "product_footprint" and kinds <= INVENTORY_KINDS and day is not None:
            cf = ref.latest_grid_factor("carbon_footprint", "national", day - timedelta(days=30))
            if cf is None:
                continue
            seen.add(s.value.value)
            yield Issue(Msg(f"产品碳足迹使用电力二氧化碳排放因子 {shown}（{what_zh}）；报告日期 {day} 前已发布 {grid_label(cf)[0]}",
                            f"a product footprint uses the electricity CO2 emission factor {shown} ({what_en}); "
                            f"{grid_label(cf)[1]} was published before the report date {day}"),
                        at=s, reported=s.value, expected=cf.value, values=[f.value for f in fits[:2]],
                        evidence=[x for x in (shown, s.name, s.text[:160]) if x])
        elif report.kind == "organization_inventory" and kinds == {"carbon_footprint"}:
            seen.add(s.value.value)
            yield Issue(Msg(f"组织温室气体清单使用电力碳足迹因子 {shown}（{what_zh}）；碳足迹因子为全生命周期 CO2e，"
                            f"清单应采用电力二氧化碳排放因子",
                            f"an organisation inventory uses the electricity carbon-footprint factor {shown} ({what_en}); "
                            f"inventories use the electricity CO2 emission factor"),
                        at=s, reported=s.value, values=[f.value for f in fits[:2]],
                        evidence=[x for x in (shown, s.name, s.text[:160]) if x])
