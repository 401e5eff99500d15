"""`--format xlsx` (openpyxl): a `findings` sheet (one row per finding) and a `reports` sheet (one row
per report), each with a frozen header row and an autofilter.

Text is written as text: a report line starting with `=` never becomes a formula, and characters
XML cannot hold are dropped.
"""
from __future__ import annotations

import io

from .common import COLUMNS, REPORT_COLUMNS, entries, finding_rows, report_row

_WIDTH = {"file": 36, "sha256": 16, "report_kind": 20, "rule": 8, "name": 30, "category": 20, "severity": 9,
          "page": 6, "line": 6, "message": 80, "reported": 12, "expected": 12, "values": 24, "evidence": 60,
          "status": 11, "reason": 40, "findings": 9, "errors": 8, "warnings": 9, "infos": 7, "pages": 7,
          "period": 28, "coverage": 10, "seconds": 9}


def _sheet(wb, title: str, columns, rows, first: bool = False):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(list(columns))
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in (row.get(k) for k in columns)])
        for c in ws[ws.max_row]:
            if isinstance(c.value, str) and c.data_type == "f":   # "=…" from a report: text, not a formula
                c.data_type = "s"
    for i, k in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTH.get(k, 12)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(ws.max_row, 1)}"
    return ws


def render_xlsx(results) -> bytes:
    from openpyxl import Workbook

    es = entries(results)
    wb = Workbook()
    _sheet(wb, "findings", COLUMNS, (r for _, _, r in finding_rows(es)), first=True)
    _sheet(wb, "reports", REPORT_COLUMNS, (report_row(e) for e in es))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def render_tables_xlsx(tables: dict[str, tuple[list[str], list[dict]]]) -> bytes:
    """Several named tables, one sheet each (the archive summary)."""
    from openpyxl import Workbook

    wb = Workbook()
    for i, (name, (columns, rows)) in enumerate(tables.items()):
        _sheet(wb, name[:31], columns, rows, first=i == 0)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
