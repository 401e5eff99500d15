"""AC312 fuel-default-not-from-cited-guide."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, rule

CITES = [("gbt32150_2015", re.compile(r"GB[\s|]*/?[\s|]*T[\s|]*3215[01]", re.I))]
# a parameter presented as a default (of the cited standard or a sector guide), not a measurement
DEFAULT_CLAIM = re.compile(r"缺省|默认值|推荐值|GB[\s|]*/?[\s|]*T[\s|]*3215[01]|指南[》」]?[\s|]*(附录|表)", re.I)
MEASURED = re.compile(r"实测|检测|化验|测定|监测|加权平均")
SET_ZH = {"gbt32150_2015": "GB/T 32150-2015 附录B（GB/T 32151.x 附录C）", "ndrc_guide_variant": "国家发改委行业核算指南",
          "energy_statistics_yearbook": "《中国能源统计年鉴》"}
PARAM = {"ncv": ("低位发热量", "NCV"), "cc": ("单位热值含碳量", "carbon content"),
         "of": ("碳氧化率", "oxidation rate"), "ef": ("排放因子", "emission factor")}


def _fits(m, s) -> bool:
    """The match is in the form the value is printed in (tC/GJ vs tC/TJ, % vs fraction)."""
    u = (s.unit or "").replace(" ", "")
    if m.parameter == "cc" and u:
        return ("GJ" in u) == (m.unit == "tC/GJ")
    if m.parameter == "of":
        return (m.unit == "%") == (s.value.percent or s.value.value > 1)
    return True


def _ref_value(fd, param):
    return {"ncv": fd.ncv, "cc": fd.cc, "of": fd.of, "ef": fd.value}[param]


def _printed_as(value, default) -> bool:
    """Whether a printed figure is the default in one of its printed forms (0.99 / 99 %,
    15.3 tC/TJ / 0.0153 tC/GJ), within the figure's printed precision."""
    half = value.half if hasattr(value, "half") else 0
    return any(abs(value.value - c) <= half for c in (default, default * 100, default / 1000, default * 1000, default / 100))


@rule("AC312", "fuel-default-not-from-cited-guide", category="factor.reference")
def check(report, engine):
    """A fuel's NCV / carbon content / oxidation rate / EF is another default table's value than the guide cited for it.

    ## Why it matters
    Default values are only defaults of a named table. A row citing GB/T 32150-2015 附录B with
    diesel NCV 43.33 GJ/t (the NDRC sector-guide value; GB/T 32150 gives 42.652) misstates its
    source, and NCV and EF from different tables do not reproduce each other.

    ## Example
        柴油  43.33  GJ/t  0.0202  98%  GB/T 32150-2015 附录B     ← 附录B: 42.652 GJ/t
        柴油  43.33 GJ/t … 3.0959 tCO2/t                         ← NCV from one set, EF from the other

        天然气  碳氧化率 98 %  GB/T 32150-2015 附录B                 ← every default table gives 99 %

    ## Not flagged
    Values equal (within printed precision) to the cited table's default; measured values
    (实测, 检测, 加权平均); values of parameters whose default differs between tables when they
    match none; rows citing no default table, unless NCV and EF in the same row can only come
    from different tables.
    """
    ref = engine.ref
    seen = set()
    rows: dict = {}
    yield from _off_the_common_default(report, ref, seen)
    for s in report.statements:
        if s.topic != "fuel" or s.value.value <= 0:
            continue
        ms = [m for m in ref.fuel_matches(s.value.value, s.value.decimals)
              if m.fuel.fuel == s.subject and m.parameter == s.param and _fits(m, s)]
        if not ms:
            continue
        sets = {k for m in ms for k in m.ncv_sets}
        rows.setdefault((s.line, s.subject), []).append((s, sets))
        cited = next((k for k, rx in CITES if rx.search(s.text)), None) or \
            next((k for k, rx in CITES if rx.search(s.context) and s.where == "table"), None)
        key = (s.subject, s.param, s.value.value)
        if cited is None or cited in sets or key in seen:
            continue
        own = [fd for fd in ref.fuel(s.subject, cited) if _ref_value(fd, s.param) is not None]
        if not own:
            continue
        seen.add(key)
        fd, zh, en = own[0], *PARAM[s.param]
        other = sorted(sets)[0]
        exp = _ref_value(fd, s.param)
        yield Issue(Msg(f"“{fd.name_zh}”{zh} {s.value.text} {s.unit or ''} ≠ 所引 {SET_ZH.get(cited, cited)} 缺省值 {exp}"
                        f"（{s.value.text} 为{SET_ZH.get(other, other)}的取值）",
                        f"{fd.name_zh} {en} {s.value.text} {s.unit or ''} ≠ the cited {ref.ncv_sets[cited].name} default {exp} "
                        f"({s.value.text} is the {ref.ncv_sets[other].name} value)"),
                    at=s, reported=s.value, expected=exp, evidence=[s.text[:160]])
    for (line, fuel), got in rows.items():
        byp = {s.param: (s, sets) for s, sets in got}
        if "ncv" in byp and ("ef" in byp or "cc" in byp):
            s, a = byp["ncv"]
            o, b = byp.get("ef") or byp["cc"]
            if a and b and not (a & b) and (fuel, "ncv", s.value.value) not in seen:
                seen.add((fuel, "ncv", s.value.value))
                name = ref.fuel(fuel)[0].name_zh if ref.fuel(fuel) else fuel
                yield Issue(Msg(f"“{name}”低位发热量 {s.value.text} 与{PARAM[o.param][0]} {o.value.text} 出自不同缺省值表"
                                f"（{'、'.join(SET_ZH.get(k, k) for k in sorted(a))} ≠ {'、'.join(SET_ZH.get(k, k) for k in sorted(b))}）",
                                f"{fuel} NCV {s.value.text} and {PARAM[o.param][1]} {o.value.text} come from different default tables"),
                            at=s, reported=s.value, values=[o.value], evidence=[s.text[:160]])


def _off_the_common_default(report, ref, seen):
    """A parameter presented as a default (`碳氧化率 98 % GB/T 32150-2015 附录B`, `《化工指南》缺省值`)
    where every default table in circulation gives another value (natural gas: 99 %): one finding
    per row, on the first parameter that is off (the EF it drives is listed with it)."""
    by_row: dict = {}
    for s in report.statements:
        if s.topic == "fuel" and s.value.value > 0:
            by_row.setdefault((s.line, s.subject), []).append(s)
    order = {"of": 0, "cc": 1, "ncv": 2, "ef": 3}
    for (line, fuel), stmts in by_row.items():
        for s in sorted(stmts, key=lambda x: order.get(x.param, 9)):
            own = s.text if s.where == "table" else s.text
            if not DEFAULT_CLAIM.search(own) or MEASURED.search(own):
                continue
            defaults = {_ref_value(fd, s.param) for fd in ref.fuel(fuel)} - {None}
            if len(defaults) != 1:
                continue  # the tables differ (NCV, EF): whose default it is, is the other check's
            (exp,) = defaults
            if s.param == "ef" and (s.unit or "").replace(" ", "") not in ("", "tCO2/t", "tCO2/万Nm3", "tCO2/10^4Nm3"):
                continue  # the EF in another unit (kgCO2/Nm3, tCO2/GJ): not comparable here
            if _printed_as(s.value, exp) or (fuel, s.param, s.value.value) in seen:
                continue
            seen.add((fuel, s.param, s.value.value))
            fd = ref.fuel(fuel)[0]
            zh, en = PARAM[s.param]
            shown = f"{exp * 100:g}%" if s.param == "of" else f"{exp}"
            others = [x.value for x in stmts if x is not s]
            yield Issue(Msg(f"“{fd.name_zh}”{zh} {s.value.text} 作为缺省值引用，但各缺省值表（GB/T 32150、行业核算指南）"
                            f"的{zh}均为 {shown}",
                            f"{fd.name_zh} {en} {s.value.text} is given as a default, but every default table "
                            f"(GB/T 32150, the sector guides) gives {shown}"),
                        at=s, reported=s.value, expected=exp, values=others, evidence=[s.text[:160]])
            break
