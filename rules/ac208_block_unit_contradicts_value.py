"""AC208 block-unit-contradicts-value."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, parse_unit, rule, same_dimension


CONVERTED = re.compile(r"折算|折合|换算|密度|按\s*[\d.]+\s*\S{0,6}/\S{0,4}\s*计")


def _own(f):
    """The unit printed with the figure itself (`2t`), else None."""
    return f.num.unit if f and f.num and f.num.unit and parse_unit(f.num.unit) else None


def _alternatives(u: str) -> list[str]:
    """`万kWh / MWh`, `t 或 m3`: a unit field that names two units in use, not one compound unit."""
    alts = [x.strip() for x in re.split(r"\s+/\s+|\s*或\s*|\s*、\s*", u) if x.strip()]
    return [a for a in alts if parse_unit(a)] if len(alts) > 1 else [u]


def _compatible(a: str, b: str) -> bool:
    return any(same_dimension(x, y) for x in _alternatives(a) for y in _alternatives(b))


@rule("AC208", "block-unit-contradicts-value", category="unit.mismatch")
def check(report, engine):
    """A verification block's 单位 field contradicts the unit printed with its values (2t under 单位: 升, concluded 2380L).

    ## Why it matters
    The block is the evidence for one activity datum. If the reported and verified figures are in
    tonnes while the unit field says litres and the conclusion confirms a litre figure, it is not
    clear which quantity was verified, nor which one the calculation should use.

    ## Example
        数值:  填报数据: 2t   审核数据: 2t
        单位:  升
        审核结论 … 最终确认的数据为 2380L。

    ## Not flagged
    Blocks whose figures, unit field and conclusion share one dimension (30 m³ / 单位 m³ /
    30 m³, or 万Nm3 with Nm3); blocks that state a conversion (单位换算：…折合 1,080.62 t,
    按 0.73 kg/L 折算).
    """
    for b in report.blocks:
        fields = [("填报数据", b.reported, _own(b.reported)), ("核查数据", b.verified, _own(b.verified)),
                  ("单位", b.unit, b.unit.unit if b.unit else None), ("最终确认的数据", b.final, _own(b.final))]
        seen = [(name, f, u) for name, f, u in fields if f is not None and u]
        clash = [(a, c) for i, a in enumerate(seen) for c in seen[i + 1:] if not _compatible(a[2], c[2])]
        if not clash or any(CONVERTED.search(loc.text) for loc in b.lines):
            continue
        (n1, f1, u1), (n2, f2, u2) = clash[0]
        at = b.final or f2
        shown = "；".join(f"{f.text}" for _, f, _ in seen)
        yield Issue(Msg(f"“{b.name}”核查块单位自相矛盾：{n1} 为 {u1}，{n2} 为 {u2}（{shown}）",
                        f"the verification block for '{b.name}' contradicts itself: {n1} in {u1}, {n2} in {u2} ({shown})"),
                    at=at, reported=(b.final or f2).num, values=[f.num for _, f, _ in seen if f.num],
                    evidence=[f.text for _, f, _ in seen] + [b.row_text])
