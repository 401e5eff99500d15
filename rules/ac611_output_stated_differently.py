"""AC611 output-stated-differently."""
from __future__ import annotations

import re
from decimal import Decimal

from auditcheck.api import Issue, Msg, rule


@rule("AC611", "output-stated-differently", category="consistency.crossref")
def check(report, engine):
    """The production output is stated with two different values (within 25 % of each other) in one report.

    ## Why it matters
    The output is the denominator of every per-unit figure and intensity; two values mean the
    per-unit results were computed with one of them and are off by the difference.

    ## Example
        本年度生产XY-2407羽绒服186400件 …
        XY-2407产量   168400   件          ← 1127720 kWh ÷ 186400 件 elsewhere

    ## Not flagged
    Outputs of different products or units (t vs 件), or values far apart (capacity vs output,
    one line vs the plant).
    """
    outs = report.facts.outputs

    def qualifier(loc) -> str:
        # `原板产量` vs `合格品产量`: the words right before 产量 name which output it is
        i = loc.row_text.find(loc.text)
        m = re.search(r"([\u4e00-\u9fff]{1,4})$", loc.row_text[:i]) if i > 0 else None
        q = m.group(1) if m else ""
        return "" if q in ("年", "本年", "年度", "全年", "实际", "当年", "为", "的", "其中") else q

    text = " ".join(loc.text.replace(",", "") for loc in report.lines)
    by_unit: dict[str, list] = {}
    for n, loc in outs:
        by_unit.setdefault(n.unit or "", []).append((n, loc))
    for unit, items in by_unit.items():
        values = {}
        for n, loc in items:
            values.setdefault(n.value, (n, loc))
        if len(values) != 2:
            continue  # one value, or several products: nothing to compare
        (a, la), (b, lb) = values.values()
        if (la.page, la.line) == (lb.page, lb.line):
            continue  # one row, two columns: two years (2023 | 2024) or two products
        qa, qb = qualifier(la), qualifier(lb)
        if qa and qb and qa != qb:
            continue  # two different outputs (原板 / 合格品)
        hi, lo = max(a.value, b.value), min(a.value, b.value)
        if lo <= 0 or (hi - lo) / hi > Decimal("0.25"):
            continue
        count = {x: text.count(x.text.replace(",", "")) for x in (a, b)}
        odd, loc_odd, other = (a, la, b) if count[a] < count[b] or (count[a] == count[b] and la.line > lb.line) \
            else (b, lb, a)
        if other.text.replace(",", "") in loc_odd.row_text.replace(",", ""):
            continue  # printed side by side with the other (two years, two products): not a restatement
        yield Issue(Msg(f"产量 {odd.text} {unit} 与报告其他处的 {other.text} {unit} 不一致（后者出现 {count[other]} 次）",
                        f"output {odd.text} {unit} differs from {other.text} {unit} stated elsewhere "
                        f"({count[other]} times)"),
                    at=loc_odd, reported=odd, expected=other.value, values=[other], evidence=[loc_odd.row_text])
