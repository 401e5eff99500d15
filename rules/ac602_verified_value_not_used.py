"""AC602 verified-value-not-used."""
from __future__ import annotations

import re
from decimal import Decimal

from auditcheck.api import Issue, Msg, convert, find_numbers, parse_unit, rule, same_dimension

_FILLER = re.compile(r"[（(][^）)]*[）)]|消耗量|消费量|使用量|用量|耗量|产生量|购入量|数量|净购入|外购|购入|使用的?|全年|年度|数据|的")
QUALIFIERS = (r"光伏|自发|自产|可再生", r"外供|输出|上网|供出|售出|转供", r"绿电|绿色电力")
NOT_INPUT = ("factor", "ncv", "cc", "of", "result", "total", "share", "distance", "seq")


def core(name: str) -> str:
    return re.sub(r"[\s:：、,，]", "", _FILLER.sub("", name))


def qualifiers(s: str) -> set[int]:
    """Words that make 电力 another quantity (光伏电, 外供电力, 绿电): must agree between block and row."""
    return {i for i, rx in enumerate(QUALIFIERS) if re.search(rx, s)}


def _row_quantities(t, it, unit):
    """(Num, unit) for every activity-like figure of a calculation row in the dimension of `unit`."""
    for ci, text in enumerate(it.texts):
        role = t.roles[ci] if ci < len(t.roles) else None
        if role in NOT_INPUT or not text:
            continue
        for n, _ in find_numbers(text):
            u = n.unit if n.unit and parse_unit(n.unit) else (t.units[ci] if ci < len(t.units) else None) or it.unit
            if n.is_value and u and parse_unit(u) and same_dimension(u, unit):
                yield n.with_loc(it.page, it.line), u


def _same(n, u, value: Decimal, unit) -> bool:
    v = convert(value, unit, u)
    return n.lo <= v <= n.hi


@rule("AC602", "verified-value-not-used", category="consistency.crossref")
def check(report, engine):
    """The calculation uses a different value for an item than its verification block confirmed.

    ## Why it matters
    The verification block (填报数据 / 核查数据 / 最终确认的数据) is the verifier's evidence
    for an activity datum; if the emission calculation then uses another figure, the verified
    total is not the total of the verified data.

    ## Example
        数据名称 电力 … 最终确认的数据为 3001517KWh。
        电力  7213262  0.5366  1610.61      ← the calculation uses 7213262 kWh, not 3001517 kWh

    ## Not flagged
    Calculation rows that use the confirmed value in another unit (18,640 Nm3 = 1.8640 万Nm3);
    rows in another dimension (litres verified, tonnes used after a stated density); items whose
    rows add up to the confirmed value (one block, several sites); a net row (净购入) when the
    report also has exported power or heat; blocks with no matching row.
    """
    calc_tables = [t for t in report.tables if t.columns("factor", "ncv", "cc")]
    cores: dict[str, list] = {}
    for b in report.blocks:
        if b.confirmed and b.confirmed.num and b.confirmed.unit and parse_unit(b.confirmed.unit):
            cores.setdefault(core(b.name), []).append(b)
    exports = any(re.search(QUALIFIERS[1], loc.text) for loc in report.lines)
    for b in report.blocks:
        conf = b.confirmed
        key = core(b.name)
        if conf is None or conf.num is None or not conf.unit or parse_unit(conf.unit) is None or len(key) < 2:
            continue
        value, unit = conf.num.value, conf.unit
        rows = []
        for t in calc_tables:
            for it in t.items:
                label = core(it.group + it.label) if it.group not in it.label else core(it.label)
                if it.is_total or not label or not (key in label or (len(label) >= 2 and label in key)):
                    continue
                if qualifiers(it.group + it.label) != qualifiers(b.name):
                    continue
                if exports and ("净" in it.group + it.label) != ("净" in b.name):
                    continue                               # net = purchased − exported: another quantity
                qs = list(_row_quantities(t, it, unit))
                if qs:
                    rows.append((it, qs))
        if not rows or any(_same(n, u, value, unit) for _, qs in rows for n, u in qs):
            continue
        siblings = cores.get(key, [])
        if len(siblings) > 1:  # 柴油（叉车） + 柴油（发电机） used as one 柴油 row
            both = sum(convert(x.confirmed.num.value, x.confirmed.unit, unit) for x in siblings)
            if any(_same(n, u, both, unit) for _, qs in rows for n, u in qs):
                continue
        firsts = [qs[0] for _, qs in rows]
        if len(firsts) > 1:  # several rows (sites, lines) of one verified item
            got = sum(convert(n.value, u, unit) for n, u in firsts)
            tol = sum(convert(n.half, u, unit) for n, u in firsts) + conf.num.half
            if abs(got - value) <= tol:
                continue
        it, ((n, u), *_) = rows[0]
        rep = b.reported
        rejected = rep is not None and rep.num is not None and rep.num.value != value and _same(
            n, u, rep.num.value, rep.unit or unit)
        why = ("，即被核查否定的填报数据 " + rep.text, ", the rejected reported figure " + rep.text) if rejected else ("", "")
        yield Issue(Msg(f"计算中“{it.group or it.label}”采用 {n.text} {u}{why[0]}；核查确认的“{b.name}”为 {conf.text}",
                        f"the calculation uses {n.text} {u} for '{it.group or it.label}'{why[1]}; the verification "
                        f"block confirmed '{b.name}' = {conf.text}"),
                    at=it, reported=n, expected=conf.num, values=[conf.num] + ([rep.num] if rep and rep.num else []),
                    evidence=[it.row_text, conf.text, b.row_text])
