"""AC705 green-power-charged-at-grid-factor."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, clean, rule

GREEN = re.compile(r"绿电(?!铝|钢|氢)|绿色电力|绿证|可再生能源电力|100\s*%\s*(?:可再生|清洁)电")
CLAIM = re.compile(r"使用|采用|采购|购入|购买|交易|全部|来自|供应|消纳|取得")
NEGATED = re.compile(r"未|无|不|没有|非|建议|推动|推进|鼓励|积极|计划|拟|将|争取|逐步|探索|提高|扩大|降低")
STAGE = re.compile(r"(原材料|原辅料|原料|生产|制造|加工|装配|运输|分销|使用|处置|废弃|生命末期|回收)")
ELECTRIC = re.compile(r"电力|用电|电量|电耗|电网|^电$|\b电\b|电\s*kwh|电\s*\(|外购电", re.I)


def _stage(text: str) -> str | None:
    m = STAGE.search(text)
    return m.group(1) if m else None


@rule("AC705", "green-power-charged-at-grid-factor", category="boundary.scope")
def check(report, engine):
    """Green electricity is claimed for a stage whose electricity is still charged at a grid-average factor.

    ## Why it matters
    If the stage really runs on certified green power (绿电, 绿证), its electricity should carry
    the green-power factor (market-based, typically 0); charging it at the grid average means the
    claim is not reflected in the result, or the claim is unfounded. Either way the boundary
    description and the calculation disagree.

    ## Example
        生产阶段   厂区内生产过程使用绿电   /
        生产       电力 kwh   5.6983   0.5777   3.2919    ← 0.5777 = 2024 national grid-average factor

    ## Not flagged
    Reports that account for the green power with its own row or a zero factor (绿色电力 3,200
    MWh × 0); statements that green power was *not* used or is only recommended (未参与绿电交易,
    建议积极参与绿电交易); green-named materials (绿电铝).
    """
    claims = []
    for ln in report.document.lines():
        t = clean(ln.text)
        for clause in re.split(r"[。；;！]", t):
            if GREEN.search(clause) and CLAIM.search(clause) and not NEGATED.search(clause):
                claims.append((ln, clause.strip(), _stage(clause)))
    if not claims:
        return
    rows = []
    for t in report.tables:
        for it in t.items:
            label = f"{it.group} {it.label}"
            if it.is_total or not ELECTRIC.search(it.label or it.group):
                continue
            factors = [q for q in it.role("factor") if q.num.is_value]
            if any(q.value == 0 for q in factors) or GREEN.search(label):
                return                                     # the green power is accounted for
            for q in factors:
                grid = engine.ref.grid_matches(q.value, q.num.decimals) if engine.ref else []
                if grid:
                    rows.append((it, q, grid[0], _stage(it.group) or _stage(it.label)))
    for ln, clause, stage in claims:
        hits = [r for r in rows if stage and r[3] and (stage in r[3] or r[3] in stage)]
        if not hits:
            continue
        it, q, g, _ = hits[0]
        yield Issue(Msg(f"声称“{clause}”，但该阶段电力“{it.group or it.label}”仍按电网平均因子 {q.text}"
                        f"（{g.year} 年 {g.region} 电网因子）计算",
                        f"claims '{clause}', yet the stage's electricity '{it.group or it.label}' is charged at the "
                        f"grid-average factor {q.text} ({g.year} {g.region} grid factor)"),
                    at=it, reported=q.num, values=[h[1].num for h in hits[1:]],
                    evidence=[clause, ln.text, it.row_text])
        return
