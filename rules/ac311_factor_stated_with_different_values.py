"""AC311 factor-stated-with-different-values."""
from __future__ import annotations

import re
from decimal import Decimal

from auditcheck.api import Issue, Msg, convert, parse_unit, rule

MEASURED = re.compile(r"实测|检测|化验|测定|监测")
DEFAULT = re.compile(r"缺省|默认|推荐|附录|指南")

NAMES = {"heat": ("热力排放因子", "heat emission factor"), "ncv": ("低位发热量", "NCV"),
         "cc": ("单位热值含碳量", "carbon content"), "ef": ("排放因子", "emission factor")}


def _key(s):
    if s.topic == "heat":
        return ("heat",)
    if s.topic == "fuel" and s.param in ("ncv", "cc", "ef"):
        return ("fuel", s.subject, s.param)
    return None


def _apart(a, b) -> bool:
    """Statements that may rightly differ: one row or one table listing values side by side, measured vs default."""
    if a.line == b.line or (a.where == b.where == "table" and a.context == b.context):
        return True
    return bool((MEASURED.search(a.text) and DEFAULT.search(b.text)) or (MEASURED.search(b.text) and DEFAULT.search(a.text)))


def _thousandfold(v: Decimal, w: Decimal) -> bool:
    """Same digits, unit 10³ or 10⁶ off: a unit error (AC217), not a second value."""
    return w != 0 and any(abs(v / w / Decimal(1).scaleb(k) - 1) <= Decimal("0.02") for k in (3, -3, 6, -6))


@rule("AC311", "factor-stated-with-different-values", category="factor.reference")
def check(report, engine):
    """One factor (heat factor, or a fuel's NCV / carbon content / emission factor) is stated with different values.

    ## Why it matters
    The emissions can only have been computed with one of the values; the other statement (a
    parameter table, the method text) misinforms the reader and the verifier.

    ## Example
        EF热   热力排放因子   tCO2/GJ   0.11 tCO2/GJ (推荐值)
        热力供应的二氧化碳排放因子暂按 0.05306 tCO2/GJ 计      ← 0.11 ≠ 0.05306

    ## Not flagged
    Values equal within the rounding of the printed figures or after unit conversion
    (21.6219 tCO2/万Nm3 = 2.16219 kgCO2/Nm3, 20.2 tC/TJ = 0.0202 tC/GJ); values without a
    readable unit; different fuels or parameters; values listed side by side in one row or one
    table (monthly or per-site series), or a measured value next to the default it replaces.
    """
    groups: dict = {}
    for s in report.statements:
        k = _key(s)
        if k and s.unit and parse_unit(s.unit) is not None and s.value.value > 0:
            groups.setdefault(k, []).append(s)
    for k, ss in groups.items():
        base = ss[0].unit
        clusters: list[list] = []
        for s in ss:
            f = convert(Decimal(1), s.unit, base)
            if not isinstance(f, Decimal):
                continue
            v, h = s.value.value * f, s.value.half * f
            for c in clusters:
                if abs(c[0][0] - v) <= c[0][1] + h:
                    c.append((v, h, s))
                    break
            else:
                clusters.append([(v, h, s)])
        if len(clusters) < 2:
            continue
        main = max(clusters, key=len)
        ref_s = main[0][2]
        zh, en = NAMES["heat" if k[0] == "heat" else k[2]]
        who = "" if k[0] == "heat" else f"“{ref_s.text.split(' | ')[0][:12]}” "
        if len(clusters) > 3:
            continue                                  # a series (monthly or per-site values), not one factor
        for c in clusters:
            s = c[0][2]
            if c is main or _apart(s, ref_s) or _thousandfold(c[0][0], main[0][0]):
                continue
            yield Issue(Msg(f"{who}{zh} {s.value.text} {s.unit}（第 {s.line} 行）≠ {ref_s.value.text} {ref_s.unit}（第 {ref_s.line} 行）",
                            f"{who}{en} {s.value.text} {s.unit} (line {s.line}) ≠ {ref_s.value.text} {ref_s.unit} (line {ref_s.line})"),
                        at=s, reported=s.value, values=[ref_s.value],
                        evidence=[f"{s.value.text} {s.unit}", s.text[:160], f"{ref_s.value.text} {ref_s.unit}", ref_s.text[:160]])
