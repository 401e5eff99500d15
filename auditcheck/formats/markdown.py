"""`--format markdown`: a summary and one findings table per report, to paste into review forms.

Report text is escaped: table pipes, line breaks and HTML (Markdown renderers pass HTML through).
"""
from __future__ import annotations

import html

from .common import KIND, SEV, SUMMARY_HEAD, coverage_text, entries, lang_of, num, summary_rows, totals

_H = {
    "zh": {"title": "auditcheck 核查发现", "cols": ["页", "行", "严重性", "规则", "类别", "说明", "印刷值", "复算值", "原文"],
           "none": "未发现问题。", "summary": "汇总", "reports": "报告", "sev": "按严重性", "cat": "按类别",
           "period": "报告期", "pages": "页数", "coverage": "覆盖", "failed": "（另有 {n} 份无法检查）"},
    "en": {"title": "auditcheck findings", "cols": ["page", "line", "severity", "rule", "category", "message",
                                                   "printed", "recomputed", "evidence"],
           "none": "No findings.", "summary": "Summary", "reports": "Reports", "sev": "By severity",
           "cat": "By category", "period": "period", "pages": "pages", "coverage": "coverage",
           "failed": " ({n} more could not be checked)"},
}


def md(s) -> str:
    """One Markdown table cell: HTML-escaped, pipes and backslashes escaped, on one line."""
    s = html.escape("" if s is None else str(s), quote=False)
    s = s.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    return " ".join(s.split())


def render_markdown(results, lang: str = "zh") -> str:
    lang = lang_of(lang)
    h = _H[lang]
    es = entries(results)
    out = [f"# {h['title']}", ""]
    for e in es:
        if e.result is None:
            continue
        r = e.result
        out.append(f"## {md(e.file)}")
        out.append("")
        facts = [KIND[lang].get(r.report_kind, r.report_kind)]
        if e.meta.get("period"):
            facts.append(f"{h['period']} {md(e.meta['period'])}")
        if e.meta.get("pages"):
            facts.append(f"{h['pages']} {e.meta['pages']}")
        cov = coverage_text(e.meta, lang)
        if cov:
            facts.append(md(cov))
        out += [" · ".join(facts), ""]
        if not r.findings:
            out += [h["none"], ""]
            continue
        out.append("| " + " | ".join(h["cols"]) + " |")
        out.append("|" + "---|" * len(h["cols"]))
        for f in r.findings:
            cells = ["" if f.page is None else f.page, "" if f.line is None else f.line, SEV[lang][f.severity],
                     f"{f.rule} {f.name}", f.category, f.message, num(f.reported), num(f.expected),
                     " ｜ ".join(f.evidence[:3])]
            out.append("| " + " | ".join(md(c) for c in cells) + " |")
        out.append("")
    sev, cat = totals(es)
    out += [f"## {h['summary']}", ""]
    out.append(f"- {h['reports']}: {sum(1 for e in es if e.result is not None)}"
               + (h["failed"].format(n=sum(1 for e in es if e.failed)) if any(e.failed for e in es) else ""))
    out.append(f"- {h['sev']}: " + ", ".join(f"{SEV[lang][s]} {sev[s]}" for s in ("error", "warning", "info")))
    if cat:
        out.append(f"- {h['cat']}: " + ", ".join(f"`{k}` {v}" for k, v in cat.items()))
    if len(es) > 1:
        head = SUMMARY_HEAD[lang]
        out += ["", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(md(x) for x in row) + " |" for row in summary_rows(es, lang)]
    return "\n".join(out) + "\n"
