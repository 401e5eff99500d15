"""AC702 boundary-claim-contradicts-stages."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, rule

GATE = re.compile(r"摇篮\s*[”\"']?\s*到\s*[“\"']?\s*大门|摇篮至大门|cradle[- ]to[- ]gate", re.I)
GRAVE = re.compile(r"摇篮\s*[”\"']?\s*到\s*[“\"']?\s*坟墓|摇篮至坟墓|cradle[- ]to[- ]grave", re.I)
OUTBOUND = re.compile(r"成品运输|产品运输|成品配送|产品分销|成品外运|发往客户|运往客户")
DOWNSTREAM = re.compile(r"分销|销售|成品运输|产品运输|交付|配送|使用阶段|^使用|废弃|处置|生命末期|回收处理")


@rule("AC702", "boundary-claim-contradicts-stages", category="boundary.scope", kinds=("product_footprint",))
def check(report, engine):
    """The report claims cradle-to-gate yet quantifies a stage beyond the factory gate.

    ## Why it matters
    Distribution, use and end-of-life are outside a cradle-to-gate boundary; quantifying them
    means either the boundary statement or the result is wrong, and results are not comparable
    with other cradle-to-gate footprints.

    ## Example
        属于从摇篮到大门模式 …
        分销    0.017    0.82       ← a downstream stage with a quantified footprint

    ## Not flagged
    A cradle-to-grave claim (also when a cradle-to-gate supplier figure is quoted); downstream stages listed with `/` or 0; a sentence that only names
    downstream stages as excluded.
    """
    claims = report.grep(GATE)
    if not claims:
        return
    if len(report.grep(GRAVE)) >= len(claims):
        return  # a cradle-to-grave study quoting a supplier's cradle-to-gate data
    claim = claims[0][0]
    for t in report.tables:
        # stage tables: a share column or a 阶段 column; source tables (排放源 …) list sources, not stages
        stage_table = any(r == "share" for r in t.roles) or any("阶段" in h for h in t.header)
        if not stage_table and "result" not in t.roles:
            continue
        for it in t.items:
            if it.is_total:
                continue
            if not stage_table and not OUTBOUND.search(it.row_text):
                continue  # in a source table only an unmistakable delivery row counts
            label = it.group + " " + it.label if it.group and it.group not in it.label else it.label
            m = DOWNSTREAM.search(it.label.strip()) or DOWNSTREAM.search(it.group.strip())
            # in-plant waste handling (厂内废弃物处理) or production scrap is inside the gate
            if not m or re.search(r"原料|原材料|材料运输|原辅料|生产|厂内|场内|工厂内|生产废|边角料", label):
                continue
            vals = [q for q in it.role("result", "total", "share", None) if q.num.is_value and q.value > 0]
            if not vals:
                continue
            q = vals[0]
            yield Issue(Msg(f"声称“{claims[0][1].group(0)}”，但量化了大门以外的阶段“{it.label}” {q.text}",
                            f"claims '{claims[0][1].group(0)}' yet quantifies the downstream stage '{it.label}' = {q.text}"),
                        at=it, reported=q.num, evidence=[claims[0][1].group(0), it.row_text, claim.text])
            return  # one finding per report: the claim is the defect
