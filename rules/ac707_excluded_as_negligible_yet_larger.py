"""AC707 excluded-as-negligible-yet-larger."""
from __future__ import annotations

import re
from decimal import Decimal

from auditcheck.api import Issue, Msg, convert, find_numbers, parse_unit, rule, same_dimension

CLAIM = re.compile(r"(?:小于|低于|不足|不超过|未超过|<|＜)\s*[^，,;；。\d]{0,16}?(?P<pct>\d+(?:\.\d+)?)\s*%")
VERB = re.compile(r"不计入|不予计算|不予考虑|忽略|舍去|舍弃|排除|未纳入|不纳入|剔除|不计")


def _grand_totals(report):
    """Printed totals with an emission unit: the figures a cut-off percentage is taken of."""
    for it in report.items:
        if not it.is_total or it.is_subtotal:
            continue
        for q in it.numbers:
            if q.num.is_value and q.unit and q.unit != "%" and q.value > 0 and parse_unit(q.unit):
                yield q


@rule("AC707", "excluded-as-negligible-yet-larger", category="boundary.scope")
def check(report, engine):
    """A process is excluded as below the cut-off (小于 1 %) although its own stated emission is larger than that share.

    ## Why it matters
    Cut-off criteria let a study leave out what cannot change the result. An exclusion whose
    own estimate is well above the threshold removes a material part of the footprint, and the
    study's result and completeness statement are both wrong.

    ## Example
        消费者熨烫……合计 1.50 kWh，折合约 0.87 kgCO2e/件，小于产品碳足迹的 1%，依据取舍准则不计入；
        合计  5.4397 kgCO2e/件       ← 0.87 ÷ 5.4397 = 16.0 %, not < 1 %

        耐火材料单耗为 12.60 kg/t，低于产品质量的 1 %，未纳入计算   ← 12.60 kg/t = 1.26 % of the product mass

    ## Not flagged
    An excluded item whose estimate is within the threshold (also within its rounding); an
    exclusion without a figure; figures in a unit that no printed total shares.
    """
    totals = list(_grand_totals(report))
    lines = report.lines
    yield from _mass_cut_off(lines)
    if not totals:
        return
    done = set()
    for i, loc in enumerate(lines):
        text = loc.text + (lines[i + 1].text if i + 1 < len(lines) else "")
        for m in CLAIM.finditer(text):
            if m.start() >= len(loc.text) or not VERB.search(text[m.end(): m.end() + 16]):
                continue
            pct = Decimal(m.group("pct"))
            clause_start = max(text.rfind(c, 0, m.start()) for c in "。；;") + 1
            for n, (a, _) in find_numbers(text[clause_start:m.start()]):
                if not n.is_value or not n.unit or n.value <= 0 or not parse_unit(n.unit):
                    continue
                same = [q for q in totals if same_dimension(q.unit, n.unit) and "CO2" in n.unit.upper()]
                if not same:
                    continue
                base = max(same, key=lambda q: convert(q.value, q.unit, n.unit))
                total = convert(base.value, base.unit, n.unit)
                share = (n.value + n.half) / total * 100
                if share <= pct or (loc.line, n.text) in done:
                    continue
                done.add((loc.line, n.text))
                got = n.value / total * 100
                yield Issue(Msg(f"{n.text} {n.unit} 以“{m.group(0)}”为由不计入，但占总量 {base.cell_text} 的 {got:.1f}%",
                                f"{n.text} {n.unit} is excluded as '{m.group(0)}', but it is {got:.1f}% of the total "
                                f"{base.cell_text}"),
                            at=loc, reported=n, expected=None, values=[base.num],
                            evidence=[f"{n.text} {n.unit}", m.group(0), base.row_text])


def _mass_cut_off(lines):
    """A mass cut-off (`低于产品质量的 1 %`) claimed for an input whose own per-unit mass (kg/t, g/kg)
    is above it."""
    for i, loc in enumerate(lines):
        text = loc.text + (lines[i + 1].text if i + 1 < len(lines) else "")
        for m in CLAIM.finditer(text):
            if m.start() >= len(loc.text) or "质量" not in m.group(0) or not VERB.search(text[m.end(): m.end() + 24]):
                continue
            pct = Decimal(m.group("pct"))
            clause_start = max(text.rfind(c, 0, m.start()) for c in "。；;") + 1
            for n, _ in find_numbers(text[clause_start:m.start()]):
                if not n.is_value or not n.unit or n.value <= 0 or parse_unit(n.unit) is None:
                    continue
                share = convert(n.value + n.half, n.unit, "%")
                if not isinstance(share, Decimal) or share <= pct or share > 100:
                    continue
                got = convert(n.value, n.unit, "%")
                yield Issue(Msg(f"{n.text} {n.unit} 以“{m.group(0)}”为由不计入，但占产品质量的 {got.normalize():f}%",
                                f"{n.text} {n.unit} is excluded as '{m.group(0)}', but it is {got.normalize():f}% "
                                f"of the product mass"),
                            at=loc, reported=n, expected=got, evidence=[f"{n.text} {n.unit}", m.group(0), loc.text])
                break
