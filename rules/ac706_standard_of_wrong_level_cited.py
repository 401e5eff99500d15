"""AC706 standard-of-wrong-level-cited."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, clean, rule

# organization-level artefacts: sector accounting guides, the ETS supplementary data sheet, monitoring plans
ORG_METHOD = re.compile(r"企业温室气体(?:排放)?核算(?:方法)?与报告指南|补充数据表|监测计划")
ETS_ARTEFACT = re.compile(r"补充数据表|监测计划")   # never part of a product footprint
# product- and project-level frames
PRODUCT_FRAME = re.compile(r"PAS\s*2050|ISO\s*/?\s*(?:TS\s*)?14067|GB\s*/\s*T\s*24067")
AS_METHOD = re.compile(r"依据|根据|按照|符合|遵循|要求")
AS_DATA_SOURCE = re.compile(r"缺省值|默认值|排放因子|因子|系数|参数|数据来源|次级数据|参考")
STRONG = re.compile(r"依据|根据|按照|符合|遵循")
TOGETHER = 2   # a citation split over two lines of extracted text is read as one


@rule("AC706", "standard-of-wrong-level-cited", category="boundary.scope", severity="warning",
      kinds=("product_footprint", "organization_inventory"))
def check(report, engine):
    """A report is framed by a standard of the wrong level: an organization guide for a product, or a product/project standard for an organization.

    ## Why it matters
    A product carbon footprint (ISO 14067 / GB/T 24067) is verified against product rules; the
    organization sector guides, the ETS 补充数据表 and the monitoring plan define a facility
    inventory. Conversely PAS 2050 and ISO 14067 (products) do not define an organization
    inventory. A mis-framed report was usually adapted from another report type, and its
    boundary and criteria are in doubt.

    ## Example
        确认…是否符合《中国电子设备制造企业温室气体核算方法与报告指南》（试行）以及监测计划的要求
        (in a product footprint verification)

    ## Not flagged
    Organization guides cited only as the source of default factors (排放因子来自…指南的缺省值);
    ISO 14064-1 / GB/T 32150 in an organization inventory; product standards named in prose as
    background of another report type without being used as criteria; reports of unknown kind.
    """
    lines = [(ln, clean(ln.text)) for ln in report.document.lines()]
    rx = ORG_METHOD if report.kind == "product_footprint" else PRODUCT_FRAME
    hits = []
    for i, (ln, t) in enumerate(lines):
        found = list(rx.finditer(t))
        if not found:
            continue
        ctx = " ".join(x for _, x in lines[max(0, i - 1): i + TOGETHER])
        if AS_DATA_SOURCE.search(ctx) or not AS_METHOD.search(ctx):
            continue
        if report.kind != "product_footprint" and not any(STRONG.search(t[max(0, m.start() - 50): m.start()])
                                                          for m in found):
            continue
        hits += [(ln, m.group(0), t[max(0, m.start() - 50): m.end() + 30]) for m in found]
    if not hits or (report.kind == "product_footprint" and not any(ETS_ARTEFACT.search(h[1]) for h in hits)):
        return
    hits.sort(key=lambda h: not STRONG.search(h[2]))    # `根据 PAS 2050…` before background prose
    ln = hits[0][0]
    names = list(dict.fromkeys(h[1] for h in hits))
    if report.kind == "product_footprint":
        msg = Msg(f"产品碳足迹报告以组织层级的方法文件为依据：{'、'.join(names)}",
                  f"a product footprint is framed by organization-level documents: {', '.join(names)}")
    else:
        msg = Msg(f"组织温室气体核查以产品/项目层级标准为依据：{'、'.join(names)}",
                  f"an organization inventory is framed by product/project-level standards: {', '.join(names)}")
    yield Issue(msg, at=ln, evidence=names + [h[2] for h in hits[:3]])
