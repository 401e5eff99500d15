"""AC704 avoided-emissions-netted-into-total."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, Num, Verdict, cell_number, rule

CREDIT = re.compile(r"减排量|抵消|抵扣|抵减|碳汇|避免排放|再利用效益|替代效益|碳信用|CCER|VER\b|绿证抵")
# deductions the Chinese sector guides prescribe inside the total: exported power/heat, captured CO2
GUIDE_DEDUCTION = re.compile(r"输出|外供|供出|上网|售出|CO\s*2\s*回收|二氧化碳回收|回收利用量|固碳|碳酸盐固定")
EMISSION = re.compile(r"排放|碳足迹|CO\s*2|CO₂|温室气体")
TOTAL = re.compile(r"合\s*计|小\s*计|总\s*计|总量|总排放|排放总|汇\s*总|碳足迹|净排放|^总")
NET = re.compile(r"净")
YEAR = re.compile(r"(?:19|20)\d\d")


def _rows(table):
    """(label, Num, cell) per row: the row's one emission figure (first number that is not a share)."""
    for r in table.rows:
        label = " ".join(c.text for c in r.cells if c.text.strip(" —-/") and cell_number(c.text) is None)
        nums = [(p[0], c) for c in r.cells if c.text and (p := cell_number(c.text)) and p[1] != "%" and p[0].is_value]
        if nums and YEAR.fullmatch(nums[0][0].text) and re.search(r"年|时间|日期|期间", label):
            continue                                       # 年度 2024: a header row, not a figure
        if label and nums:
            yield label.strip(), nums[0][0], nums[0][1]


@rule("AC704", "avoided-emissions-netted-into-total", category="boundary.scope")
def check(report, engine):
    """Avoided emissions or credits (PV 减排量, recycling 抵扣, offsets) are subtracted inside the total.

    ## Why it matters
    ISO 14064-1 and ISO 14067 / GB/T 24067 report emissions gross; avoided emissions, offsets and
    recycling credits are reported separately and never netted into the inventory total or the
    declared footprint. Netting them understates the figure the conclusion certifies.

    ## Example
        间接排放:净购入电力消费引起的排放 (范围 2)   1610.61
        光伏减排量                                  -82.52
        …
        企业年度 GHG 排放总量                        7613.91   ← = sum of the lines incl. −82.52

    ## Not flagged
    A credit listed beside the total but not in it (the total equals the lines without it); a
    gross total printed together with a separately labelled 净排放量; credit tables that only
    compute the credit (发电量 × 因子); deductions the sector guides prescribe (输出电力/热力,
    CO2 回收利用量).
    """
    for table in report.document.tables:
        head = " ".join([table.caption or ""] + [c.text for r in table.rows[:2] for c in r.cells])
        rows = list(_rows(table))
        if len(rows) < 3:
            continue
        emission_table = bool(EMISSION.search(head)) or any(EMISSION.search(lb) for lb, _, _ in rows)
        for i, (clabel, credit, ccell) in enumerate(rows):
            if GUIDE_DEDUCTION.search(clabel) or not (CREDIT.search(clabel) or (credit.value < 0 and emission_table)):
                continue
            signed = credit if credit.value < 0 else Num(-credit.value, "-" + credit.text, credit.decimals)
            gross_rows = [j for j, r in enumerate(rows) if j != i and TOTAL.search(r[0]) and not NET.search(r[0])]
            for j, (tlabel, total, tcell) in enumerate(rows):
                if j == i or not (j > i or TOTAL.search(tlabel)) or (NET.search(tlabel) and gross_rows):
                    continue
                parts = [r[1] for k, r in enumerate(rows) if k not in (i, j) and not TOTAL.search(r[0])
                         and not CREDIT.search(r[0]) and r[1].value > 0 and (k < j or j < i)]
                gross = [rows[k][1] for k in gross_rows if k != j and k < j]
                for base in ([engine.total(parts)] if len(parts) >= 2 else []) + [engine.calc(g) for g in gross[-1:]]:
                    net = engine.total([base, signed])
                    if engine.agrees(total, net) is Verdict.AGREES and engine.agrees(total, base) is Verdict.DISAGREES:
                        yield Issue(Msg(f"“{tlabel}” {total.text} 已扣除“{clabel}” {credit.text}（{base.shown} "
                                        f"{signed.text} = {total.text}）；避免排放/抵消应单独报告，不得计入总量",
                                        f"'{tlabel}' {total.text} nets '{clabel}' {credit.text} ({base.shown} "
                                        f"{signed.text} = {total.text}); avoided emissions / offsets are reported "
                                        f"separately, not netted into the total"),
                                    at=tcell, reported=total, expected=base, values=[credit],
                                    evidence=[f"{clabel} {credit.text}", f"{tlabel} {total.text}"])
                        break
                else:
                    continue
                break
