"""What every format shares: labels in both languages, counts, the rows of a findings table."""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..finding import CATEGORIES, ReportResult

KIND = {
    "zh": {"product_footprint": "产品碳足迹", "organization_inventory": "组织温室气体清单", "unknown": "未识别"},
    "en": {"product_footprint": "product footprint", "organization_inventory": "organization inventory",
           "unknown": "unknown"},
}
SEV = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
       "en": {"error": "error", "warning": "warning", "info": "info"}}
STATUS = {
    "zh": {"ok": "完成", "cached": "已存（未重查）", "unreadable": "无法读取", "timeout": "超时", "crashed": "出错"},
    "en": {"ok": "ok", "cached": "cached", "unreadable": "unreadable", "timeout": "timeout", "crashed": "crashed"},
}
SEVERITIES = ("error", "warning", "info")

# finding columns of csv / xlsx, in order (the contract fields plus the report they belong to)
COLUMNS = ("file", "sha256", "report_kind", "rule", "name", "category", "severity", "page", "line",
           "message", "reported", "expected", "values", "evidence")
REPORT_COLUMNS = ("file", "report_kind", "status", "reason", "findings", "errors", "warnings", "infos",
                  "pages", "period", "coverage", "sha256", "seconds")


@dataclass
class Entry:
    """One report as the formats see it (a batch Outcome, or a bare ReportResult)."""
    file: str
    status: str = "ok"
    result: ReportResult | None = None
    reason: str | None = None
    meta: dict = field(default_factory=dict)
    seconds: float | None = None

    @property
    def failed(self) -> bool:
        return self.status in ("unreadable", "timeout", "crashed")

    def counts(self) -> Counter:
        return Counter(f.severity for f in (self.result.findings if self.result else ()))


def entries(items) -> list[Entry]:
    out = []
    for x in items:
        if isinstance(x, ReportResult):
            out.append(Entry(x.file, result=x))
        else:
            out.append(Entry(x.file, x.status, x.result, x.reason, dict(x.meta or {}), x.seconds))
    return out


def lang_of(lang: str) -> str:
    return "en" if lang == "en" else "zh"


def totals(es: list[Entry]) -> tuple[Counter, Counter]:
    """(findings by severity, findings by category) over the readable reports."""
    sev, cat = Counter(), Counter()
    for e in es:
        for f in (e.result.findings if e.result else ()):
            sev[f.severity] += 1
            cat[f.category] += 1
    return sev, Counter({c: cat[c] for c in CATEGORIES if cat[c]})


def num(x: float | None) -> str:
    """A contract number as text: shortest round-tripping form, no trailing `.0` on integers."""
    if x is None:
        return ""
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def coverage_text(meta: dict, lang: str) -> str | None:
    cov = meta.get("coverage")
    if not cov or not cov[1]:
        return None
    used, total = cov
    pct = 100 * used / total
    if lang == "en":
        return f"{used}/{total} data-table numbers recomputed ({pct:.0f} %)"
    return f"数据表数字已复算 {used}/{total}（{pct:.0f}%）"


def finding_rows(es: list[Entry]):
    """(entry, finding, row dict with COLUMNS) for every finding, in report then page/line order."""
    for e in es:
        if not e.result:
            continue
        for f in e.result.findings:
            yield e, f, {
                "file": e.file, "sha256": e.result.sha256, "report_kind": e.result.report_kind,
                "rule": f.rule, "name": f.name, "category": f.category, "severity": f.severity,
                "page": f.page, "line": f.line, "message": f.message, "reported": f.reported,
                "expected": f.expected, "values": "; ".join(num(v) for v in f.values),
                "evidence": " | ".join(f.evidence),
            }


def report_row(e: Entry) -> dict:
    c = e.counts()
    cov = e.meta.get("coverage")
    return {"file": e.file, "report_kind": e.result.report_kind if e.result else None, "status": e.status,
            "reason": e.reason, "findings": sum(c.values()) if e.result else None,
            "errors": c["error"], "warnings": c["warning"], "infos": c["info"],
            "pages": e.meta.get("pages"), "period": e.meta.get("period"),
            "coverage": f"{cov[0]}/{cov[1]}" if cov and cov[1] else None,
            "sha256": e.result.sha256 if e.result else None,
            "seconds": round(e.seconds, 3) if e.seconds is not None else None}


def width(s: str) -> int:
    """Display width in a terminal: CJK and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)


def pad(s: str, w: int, right: bool = False) -> str:
    gap = " " * max(0, w - width(s))
    return gap + s if right else s + gap


def table(header: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    """A plain aligned text table (CJK-width aware)."""
    ws = [max(width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    out = ["  ".join(pad(str(h), ws[i], i in right) for i, h in enumerate(header)).rstrip()]
    out.append("  ".join("-" * w for w in ws))
    for r in rows:
        out.append("  ".join(pad(str(c), ws[i], i in right) for i, c in enumerate(r)).rstrip())
    return out


SUMMARY_HEAD = {"zh": ["报告", "类型", "错误", "警告", "提示", "状态"],
                "en": ["report", "kind", "errors", "warnings", "infos", "status"]}


def summary_rows(es: list[Entry], lang: str) -> list[list[str]]:
    """Per report: file, kind, errors, warnings, infos, status (with the reason when it failed)."""
    lang = lang_of(lang)
    rows = []
    for e in es:
        c = e.counts()
        kind = KIND[lang].get(e.result.report_kind, e.result.report_kind) if e.result else "-"
        status = STATUS[lang].get(e.status, e.status)
        if e.failed and e.reason:
            status += f": {e.reason}"
        rows.append([e.file, kind] + ([str(c["error"]), str(c["warning"]), str(c["info"])] if e.result
                                      else ["-", "-", "-"]) + [status])
    return rows


def summary_table(es: list[Entry], lang: str) -> list[str]:
    """The per-report table closing a batch: kind, errors, warnings, infos, status."""
    return table(SUMMARY_HEAD[lang_of(lang)], summary_rows(es, lang), right={2, 3, 4})
