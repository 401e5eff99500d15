"""`--format csv`: one row per finding, UTF-8 with a BOM so Excel opens the Chinese text correctly."""
from __future__ import annotations

import csv
import io

from .common import COLUMNS, entries, finding_rows, num

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def safe_cell(s: str) -> str:
    """Text a spreadsheet will not run as a formula: a leading = + @ (or - before a non-digit) is
    quoted with an apostrophe, as OWASP advises for CSV exports."""
    if s.startswith(_FORMULA_START) or (s.startswith("-") and not s[1:2].isdigit()):
        return "'" + s
    return s


def cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return num(v)
    if isinstance(v, int):
        return str(v)
    return safe_cell(str(v))


def render_csv(results, columns=COLUMNS, rows=None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    for row in rows if rows is not None else (r for _, _, r in finding_rows(entries(results))):
        w.writerow([cell(row.get(c)) for c in columns])
    return BOM + buf.getvalue()
