"""Plain terminal report: `file:page:line: CODE severity message`, grouped per report, with a summary."""
from __future__ import annotations

from collections import Counter

from ..finding import ReportResult

_KIND = {
    "zh": {"product_footprint": "产品碳足迹", "organization_inventory": "组织温室气体清单", "unknown": "未识别"},
    "en": {"product_footprint": "product footprint", "organization_inventory": "organization inventory",
           "unknown": "unknown"},
}
_SEV = {"zh": {"error": "错误", "warning": "警告", "info": "提示"}, "en": {"error": "error", "warning": "warning", "info": "info"}}
_COLOR = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}


def render_text(results: list[ReportResult], lang: str = "zh", color: bool = False) -> str:
    lang = "en" if lang == "en" else "zh"
    out: list[str] = []
    total: Counter = Counter()
    for r in results:
        kind = _KIND[lang].get(r.report_kind, r.report_kind)
        out.append(f"== {r.file}  [{kind}]  " + (f"{len(r.findings)} 条发现" if lang == "zh" else f"{len(r.findings)} finding(s)"))
        for f in r.findings:
            loc = ":".join(str(x) for x in (f.page, f.line) if x is not None)
            sev = _SEV[lang][f.severity]
            if color:
                sev = f"{_COLOR[f.severity]}{sev}\033[0m"
            out.append(f"{r.file}:{loc}: {f.rule} {sev} [{f.name}] {f.message}")
            for e in f.evidence[:3]:
                out.append(f"    > {e}")
            total[f.severity] += 1
    if lang == "zh":
        out.append(f"共 {len(results)} 份报告：错误 {total['error']}，警告 {total['warning']}，提示 {total['info']}")
    else:
        out.append(f"{len(results)} report(s): {total['error']} error(s), {total['warning']} warning(s), {total['info']} info")
    return "\n".join(out) + "\n"
