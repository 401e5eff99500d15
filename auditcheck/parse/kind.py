"""Report kind from the standards a report cites and the vocabulary it uses.

A product footprint cites ISO 14067 / GB/T 24067 / PAS 2050 and talks about a
functional unit and life-cycle stages; an organization inventory cites ISO
14064-1 / GB/T 32150 / GB/T 32151.x or a sector guide and talks about scopes,
facilities and 排放源. Reports often cite both families (a PCF citing 14064 as
a related standard), so the kind is decided by weighted evidence, not by the
first match.
"""
from __future__ import annotations

import re

_PRODUCT = [
    (re.compile(r"ISO\s*/?\s*(TS\s*)?14067"), 3),
    (re.compile(r"GB\s*/\s*T\s*24067"), 3),
    (re.compile(r"PAS\s*2050"), 2),
    (re.compile(r"GHG\s*Protocol[^\n]{0,10}(Product|产品)"), 1),
    (re.compile(r"产品碳足迹"), 2),
    (re.compile(r"功能单位|声明单位"), 2),
    (re.compile(r"生命周期|摇篮到(大门|坟墓)"), 1),
]
_ORG = [
    (re.compile(r"ISO\s*14064\s*[-－—]\s*1"), 3),
    (re.compile(r"GB\s*/\s*T\s*3215[01]"), 3),
    (re.compile(r"企业温室气体排放核算(方法)?与报告指南|核算方法与报告指南"), 2),
    (re.compile(r"范围\s*[123一二三]|类别\s*[1-6一二三四五六]"), 1),
    (re.compile(r"组织边界|排放设施|排放源"), 1),
    (re.compile(r"温室气体(排放)?核查报告|碳排放核查"), 1),
]


def detect_kind(text: str) -> str:
    head = text[:60000]
    p = sum(min(len(rx.findall(head)), 5) * w for rx, w in _PRODUCT)
    o = sum(min(len(rx.findall(head)), 5) * w for rx, w in _ORG)
    if p == 0 and o == 0:
        return "unknown"
    if p >= 1.3 * o:
        return "product_footprint"
    if o >= 1.3 * p:
        return "organization_inventory"
    # close call: the title (first lines) usually names the kind
    title = head[:1500]
    if "碳足迹" in title:
        return "product_footprint"
    if re.search(r"温室气体|排放报告|核查报告", title):
        return "organization_inventory"
    return "unknown"
