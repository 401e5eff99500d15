"""AC303 grid-factor-stale."""
from __future__ import annotations

import re
from datetime import timedelta

from auditcheck.api import Issue, Msg, claimed, grid_fits, grid_label, issued_on, reporting_year, rule

MARGIN = timedelta(days=90)
BACKWARD = re.compile(r"基准|上年|上一年|去年|往年|历年|对比|比较|同比|追溯|重新计算")


@rule("AC303", "grid-factor-stale", category="factor.grid", severity="warning")
def check(report, engine):
    """An electricity factor of an earlier year is used although a newer one was published well before the report.

    ## Why it matters
    Guides ask for the latest published factor. A 2024 inventory signed in May 2025 that still
    uses the 2021 national factor (0.5568) instead of the 2022 one (0.5366, published Dec 2024)
    overstates purchased-electricity emissions by 3.8 %.

    ## Example
        核算周期 2024年1月1日至2024年12月31日；报告签发日期：2025年5月6日
        电网排放因子  0.5568 tCO2/MWh  2021年全国电力平均二氧化碳排放因子（公告2024年第12号）
            ← 2022 factor 0.5366 published 2024-12-26, 4 months before the report

    ## Not flagged
    Base-year, prior-year and comparison figures (基准年, 上年, 对比); a newer factor published
    less than 90 days before the report's earliest sign-off date (work
    was done before); factors whose data year is the reporting year or later; values that match
    several published factors (region or year ambiguous); reports without a reporting period or date.
    """
    ref = engine.ref
    day, year = issued_on(report.facts), reporting_year(report)
    if day is None or year is None:
        return
    seen = set()
    for s in sorted((s for s in report.statements if s.topic == "grid"), key=lambda s: not claimed(s)):
        if s.value.value in seen or BACKWARD.search(s.text) or (s.where == "table" and BACKWARD.search(s.context[:120])):
            continue
        fits = [f for f in ref.grid_matches(s.value.value, s.value.decimals, s.unit) if grid_fits(s, f, ref)]
        if len({(f.kind, f.region, f.variant, f.year) for f in fits}) != 1:
            continue
        f = fits[0]
        if f.kind not in ("co2_emission", "carbon_footprint") or f.year >= year:
            continue
        latest = ref.latest_grid_factor(f.kind, f.region, day - MARGIN, f.variant)
        if latest is None or latest.year <= f.year:
            continue
        seen.add(s.value.value)
        shown = f"{s.value.text}{' ' + s.unit if s.unit else ''}"
        yield Issue(Msg(f"电力排放因子 {shown} 为 {grid_label(f)[0]}；报告期 {year} 年、报告日期 {day}，"
                        f"此前已发布更新的 {grid_label(latest)[0]}（发布 {latest.published}）",
                        f"electricity factor {shown} is {grid_label(f)[1]}; for the {year} period and a "
                        f"report dated {day}, the newer {grid_label(latest)[1]} (published {latest.published}) applies"),
                    at=s, reported=s.value, expected=latest.value, values=[f.value],
                    evidence=[x for x in (shown, s.name, s.text[:160]) if x])
