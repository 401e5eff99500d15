"""AC306 grid-factor-of-another-region."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, claimed, grid_fits, grid_label, rule

# Lines that say where the reporting entity or its site is.
_WHERE = re.compile(r"地址|厂址|场址|所在地|注册地|坐落|位于|地处|经营场所|生产场所|生产地点|生产基地|建设地点")
# ... but not where the verifier, a consultant, a supplier or a customer is.
_OTHERS = re.compile(r"核查机构|认证机构|审核机构|核查组|编制单位|咨询|检验|检测|供应商|上游|采购|产地|客户|运往|销往")
_SUFFIX = r"(?:省|市|维吾尔自治区|壮族自治区|回族自治区|自治区)"


def _names(ref) -> dict[str, str]:
    """Province key -> its bare Chinese name (江苏, 内蒙古)."""
    return {r.key: re.sub(_SUFFIX + "$", "", r.name_zh) for r in ref.regions.values() if r.level == "province"}


def site_provinces(report, ref) -> set[str]:
    """The provinces named in the report's own address and location lines."""
    names = _names(ref)
    rx = re.compile("(" + "|".join(sorted(map(re.escape, names.values()), key=len, reverse=True)) + ")" + _SUFFIX)
    back = {v: k for k, v in names.items()}
    found = set()
    for loc, _ in report.grep(_WHERE):
        if _OTHERS.search(loc.text) and "受核查方" not in loc.text:
            continue
        found |= {back[m.group(1)] for m in rx.finditer(loc.text)}
    return found


@rule("AC306", "grid-factor-of-another-region", category="factor.grid")
def check(report, engine):
    """The electricity factor is another province's or another regional grid's than the site's.

    ## Why it matters
    Location-based electricity emissions use the factor of the grid the site draws from. A site in
    Hebei computed with Tianjin's provincial factor (0.7041 instead of 0.7252 for 2022), or with the
    华东 regional factor, misstates every tonne of purchased electricity.

    ## Example
        地址  河北省廊坊市经济技术开发区云鹏道18号
        外购电力排放因子采用……天津市电力平均二氧化碳排放因子0.7041 tCO2/MWh
            ← the site is in 河北; 2022 河北 is 0.7252 (华北区域 0.6776)

    ## Not flagged
    Reports whose address lines name more than one province (multi-site); a factor of a province
    or grid the report mentions anywhere else (a branch, a supplier, a customer); the site's own
    province, its regional grid, or the national factor; factors without a region.
    """
    ref = engine.ref
    sites = site_provinces(report, ref)
    if len(sites) != 1:
        return
    (site,) = sites
    site_r, site_grids = ref.regions[site], ref.grids_of(site)
    names = _names(ref)
    grid_lines = {(s.page, s.line) for s in report.statements if s.topic == "grid"}
    seen = set()
    for s in report.statements:
        if s.topic != "grid" or not claimed(s) or not s.region:
            continue
        r = ref.resolve_region(s.region)
        if r is None or r.key == site or r.key in site_grids or r.level == "national":
            continue
        bare = names.get(r.key) or re.sub(r"(区域)?(电网)?$", "", r.name_zh)
        # the other region named anywhere outside the factor statements: a branch, supplier or customer
        if any(bare in loc.text for loc in report.lines if (loc.page, loc.line) not in grid_lines):
            continue
        if (s.value.value, r.key) in seen:
            continue
        seen.add((s.value.value, r.key))
        fits = [f for f in ref.grid_matches(s.value.value, s.value.decimals, s.unit)
                if f.region == r.key and grid_fits(s, f, ref)]
        year = s.year or (fits[0].year if len({f.year for f in fits}) == 1 else None)
        kind = s.kind or (fits[0].kind if fits else None)
        target = site if r.level == "province" else next(iter(sorted(site_grids)), None)
        want = [f for f in ref.grid if f.region == target and f.year == year and f.kind == kind
                and f.variant == (s.variant or "average")] if year and kind and target else []
        expected = want[0] if len(want) == 1 else None
        shown = f"{s.value.text}{' ' + s.unit if s.unit else ''}"
        exp_zh = f"；应采用 {grid_label(expected)[0]}" if expected else ""
        exp_en = f"; the site's factor is {grid_label(expected)[1]}" if expected else ""
        yield Issue(
            Msg(f"场所位于{site_r.name_zh}，但电力排放因子 {shown} 取自{s.region}{exp_zh}",
                f"the site is in {site_r.name_zh} ({site}) but electricity factor {shown} is {s.region}'s ({r.key}){exp_en}"),
            at=s, reported=s.value, expected=expected.value if expected else None,
            values=[f.value for f in fits[:1]], evidence=[x for x in (s.region, shown, s.text[:160]) if x])
