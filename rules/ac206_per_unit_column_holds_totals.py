"""AC206 per-unit-column-holds-totals."""
from __future__ import annotations

import re
from decimal import Decimal

from auditcheck.api import Issue, Msg, rule

PER_UNIT = re.compile(r"(?P<mass>k?g|t|吨|千克)\s*CO\s*2\s*e?\s*(?:q|eq)?\s*[）)]?\s*/\s*[（(]?\s*"
                      r"(?P<per>功能单位|声明单位|FU|台|套|件|个|块|片|只|支|组)", re.I)
SCALE = {"g": Decimal("0.001"), "kg": Decimal(1), "千克": Decimal(1), "t": Decimal(1000), "吨": Decimal(1000)}
MARGIN = 10    # a line item above 10× the whole per-unit footprint cannot be per unit


def _per_unit_columns(t):
    for c, h in enumerate(t.header):
        m = PER_UNIT.search(re.sub(r"\s+", "", h))
        if m and t.roles[c] in ("result", "total", None):
            yield c, SCALE[m.group("mass").lower() if m.group("mass").isascii() else m.group("mass")], m


@rule("AC206", "per-unit-column-holds-totals", category="unit.mismatch", kinds=("product_footprint",))
def check(report, engine):
    """A column headed per functional unit (kgCO2e/功能单位, /台) holds plant totals, orders of magnitude above the per-unit result.

    ## Why it matters
    A line item of a per-unit footprint cannot exceed the whole per-unit footprint. Values such as
    67622.33 kgCO2e/功能单位 beside a declared 2.11 tCO2e per tonne are annual plant totals
    mislabelled as per-unit figures, so the stage results cannot be derived from the table.

    ## Example
        碳足迹（kgCO2e/功能单位）
        原料获取  见盘查报告  67622.33        ← the declared footprint is 2.11 tCO2e/功能单位 = 2110 kgCO2e

    ## Not flagged
    Per-unit columns whose values stay below the declared per-unit total; columns in annual units
    (tCO2e) without a per-unit header; the declared total's own table.
    """
    totals = []
    for t in report.tables:
        for c, scale, _ in _per_unit_columns(t):
            for it in t.items:
                q = it.cells[c] if c < len(it.cells) else None
                if it.is_total and not it.is_subtotal and q is not None and q.num.is_value and q.value > 0:
                    totals.append((t.index, q, q.value * scale))
    if not totals:
        return
    declared = max(totals, key=lambda x: x[2])     # the whole footprint, not a stage subtotal
    for t in report.tables:
        if t.index == declared[0]:
            continue
        for c, scale, m in _per_unit_columns(t):
            qs = [it.cells[c] for it in t.items if c < len(it.cells) and it.cells[c] is not None
                  and it.cells[c].num.is_value and it.cells[c].unit != "%"]
            big = [q for q in qs if q.value * scale > MARGIN * declared[2]]
            if not big:
                continue
            top = max(big, key=lambda q: q.value)
            per_col = declared[2] / scale
            yield Issue(Msg(f"“{t.header[c].strip()}”列的 {top.text} 远大于声明的单位产品碳足迹 {declared[1].text}"
                            f"（= {per_col.normalize():f} {m.group('mass')}CO2e/{m.group('per')}）：该列填的是全厂总量而非单位产品值",
                            f"column '{t.header[c].strip()}' holds {top.text}, far above the declared per-unit "
                            f"footprint {declared[1].text} (= {per_col.normalize():f} {m.group('mass')}CO2e/"
                            f"{m.group('per')}): the column holds plant totals, not per-unit values"),
                        at=top, reported=top.num, expected=per_col, values=[q.num for q in qs] + [declared[1].num],
                        evidence=[t.header[c].strip(), top.row_text, declared[1].row_text])
