"""The terminal report (`--format text`): per report a header, findings grouped by page, a summary.

Severity is coloured only when asked (the CLI asks on a TTY without NO_COLOR).
"""
from __future__ import annotations

import re
from itertools import groupby

from .common import KIND, SEV, Entry, coverage_text, entries, lang_of, num, summary_table, totals

_COLOR = {"error": "\033[1;31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_CTRL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _clean(s: str) -> str:
    """Report text never drives the terminal: control characters (ESC …) are shown, not sent."""
    return _CTRL.sub(lambda m: f"\\x{ord(m.group()):02x}" if m.group() not in "\t\n" else " ", s)


def _short(x: float) -> str:
    return num(x) if len(num(x)) <= 12 else format(x, ".10g")


_T = {
    "zh": {"findings": "{n} 条发现", "period": "报告期 {p}", "pages": "{n} 页", "lines": "{n} 行",
           "page": "第 {n} 页", "nopage": "（无页码）", "line": "第 {n} 行", "printed": "印刷值 {r}",
           "expected": "复算值 {e}", "evidence": "原文：", "none": "未发现问题",
           "total": "共 {n} 份报告：错误 {e}，警告 {w}，提示 {i}", "by_cat": "按类别：",
           "unreadable": "{n} 份无法检查（见标准错误输出）"},
    "en": {"findings": "{n} finding(s)", "period": "period {p}", "pages": "{n} page(s)", "lines": "{n} line(s)",
           "page": "page {n}", "nopage": "(no page)", "line": "line {n}", "printed": "printed {r}",
           "expected": "recomputed {e}", "evidence": "evidence: ", "none": "no findings",
           "total": "{n} report(s): {e} error(s), {w} warning(s), {i} info", "by_cat": "by category: ",
           "unreadable": "{n} could not be checked (see stderr)"},
}


def render_text(results, lang: str = "zh", color: bool = False) -> str:
    lang = lang_of(lang)
    t = _T[lang]
    es = entries(results)

    def c(code: str, s: str) -> str:
        return f"{code}{s}{_RESET}" if color else s

    out: list[str] = []
    for e in es:
        if e.failed or e.result is None:
            continue
        out += _report(e, lang, t, c)
    sev, cat = totals(es)
    good = [e for e in es if e.result is not None]
    if len(es) > 1:
        out += ([""] if out and out[-1] else []) + [_clean(x) for x in summary_table(es, lang)]
    if out and out[-1]:
        out.append("")
    out.append(c(_BOLD, t["total"].format(n=len(good), e=sev["error"], w=sev["warning"], i=sev["info"])))
    if cat:
        out.append(t["by_cat"] + ", ".join(f"{k} {v}" for k, v in cat.items()))
    bad = sum(1 for e in es if e.failed)
    if bad:
        out.append(t["unreadable"].format(n=bad))
    return "\n".join(out) + "\n"


def _report(e: Entry, lang: str, t: dict, c) -> list[str]:
    r = e.result
    kind = KIND[lang].get(r.report_kind, r.report_kind)
    out = [c(_BOLD, f"== {_clean(e.file)}  [{kind}]  " + t["findings"].format(n=len(r.findings)))]
    facts = []
    if e.meta.get("period"):
        facts.append(t["period"].format(p=_clean(e.meta["period"])))
    if e.meta.get("pages"):
        facts.append(t["pages"].format(n=e.meta["pages"]))
    elif e.meta.get("lines"):
        facts.append(t["lines"].format(n=e.meta["lines"]))
    cov = coverage_text(e.meta, lang)
    if cov:
        facts.append(cov)
    if facts:
        out.append("   " + " · ".join(facts))
    if not r.findings:
        out.append("   " + t["none"])
    paged = any(f.page is not None for f in r.findings)
    for page, group in groupby(r.findings, key=lambda f: f.page):
        if paged:
            out.append(c(_DIM, "  -- " + (t["page"].format(n=page) if page is not None else t["nopage"])))
        for f in group:
            where = f"  ({t['line'].format(n=f.line)})" if f.line is not None else ""
            out.append(f"  {c(_COLOR[f.severity], '[' + SEV[lang][f.severity] + ']')} {f.rule} {f.name}{where}")
            out.append(f"      {_clean(f.message)}")
            pair = [(k, x) for k, x in (("printed", f.reported), ("expected", f.expected)) if x is not None]
            if pair and not all(format(x, ".6g") in f.message or num(x) in f.message for _, x in pair):
                out.append("      " + " · ".join(t[k].format(r=_short(x), e=_short(x)) for k, x in pair))
            if f.evidence:
                ev = " ｜ ".join(x if len(x) <= 160 else x[:159] + "…" for x in f.evidence[:3])
                out.append(c(_DIM, "      " + t["evidence"] + _clean(ev)))
    out.append("")
    return out
