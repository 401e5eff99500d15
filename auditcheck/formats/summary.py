"""`auditcheck summary --db`: counts across a results store by rule, category, report kind and status."""
from __future__ import annotations

from .common import table

COLUMNS = {
    "rule": ["rule", "name", "category", "reports", "findings", "errors", "warnings", "infos"],
    "category": ["category", "reports", "findings", "errors", "warnings", "infos"],
    "kind": ["kind", "reports", "findings", "errors", "warnings", "infos"],
    "status": ["status", "reports"],
}
_TITLE = {"zh": {"rule": "按规则", "category": "按类别", "kind": "按报告类型", "status": "按状态"},
          "en": {"rule": "by rule", "category": "by category", "kind": "by report kind", "status": "by status"}}


def render_summary(data: dict[str, list[dict]], fmt: str = "text", lang: str = "zh") -> str | bytes:
    if fmt == "xlsx":
        from .xlsx import render_tables_xlsx
        return render_tables_xlsx({k: (COLUMNS[k], data[k]) for k in COLUMNS})
    if fmt == "csv":
        from .csv_ import render_csv
        # one long table: the grouping in the first column, then the group's key and its counts
        cols = ["group", "key", "name", "category", "reports", "findings", "errors", "warnings", "infos"]
        rows = [{"group": g, "key": r[COLUMNS[g][0]], **{k: v for k, v in r.items() if k != COLUMNS[g][0]}}
                for g in COLUMNS for r in data[g]]
        return render_csv([], columns=cols, rows=rows)
    lang = "en" if lang == "en" else "zh"
    out: list[str] = []
    for g, cols in COLUMNS.items():
        out.append(f"== {_TITLE[lang][g]}")
        rows = [["" if r.get(c) is None else str(r.get(c)) for c in cols] for r in data[g]]
        out += table(cols, rows, right={i for i, c in enumerate(cols) if c in ("reports", "findings", "errors",
                                                                               "warnings", "infos")})
        out.append("")
    return "\n".join(out)
