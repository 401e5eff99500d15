"""Document tables → typed tables: header per column, column roles and units, line items.

Tables are understood by their headers, units and arithmetic, never by
position in a known report: a column is an activity, factor, result or share
column because its header says so (vocab.role_of); a unit comes from the
cell (`22240041kwh`), the header (`碳排放量(gCO2)`), a 单位 column, or the
row label (`电力 kwh`), in that order of trust.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..document import Cell, Row, Table
from ..numbers import Num, parse_number
from ..units import parse_unit
from .vocab import SUBTOTAL_ROW, is_total_label, role_of

_NUM_CELL = re.compile(
    r"^\s*(?P<num>[-−+]?\s?[\d０-９][\d０-９,，.．]*(?:[eE][-+]?\d+)?\s*[%％]?)\s*(?P<unit>[^\d\s].{0,30})?$")
_NOT_QUANTITY_LABEL = re.compile(r"年度|年份|日期|时间|期间|电话|邮编|代码|证书|编号|页码|序号|版本")
# a ratio row (`单位产品排放量（tCO2e/t） | 排放总量 ÷ 产品产量`) names a total but is not one
_RATIO_LABEL = re.compile(r"÷|^\s*单位|强度|人均|CO2e?q?\s*/\s*[^\s)）]")
_BRACKET_UNIT = re.compile(r"[（(]\s*([^（）()]*?)\s*[）)]\s*(/\s*\S+)?\s*$")
_SLASH_UNIT = re.compile(r"[/／]\s*[（(]?\s*([A-Za-z][^（）()]*?)\s*[）)]?\s*$")
_TRAILING_UNIT = re.compile(r"(?<=[\u4e00-\u9fff])\s*((?:k?g|t|kWh|KWh|kwh|MWh|GJ|m\s*[³3]|Nm\s*[³3]|km|Km|KM|L|升|吨|千克)\b.*)$")


@dataclass(frozen=True)
class Q:
    """A located printed quantity in a table cell, with what the table says about it."""
    num: Num
    unit: str | None
    role: str | None
    header: str
    label: str
    page: int | None
    line: int
    row_text: str
    table: int
    row: int
    col: int
    cell_text: str

    @property
    def value(self):
        return self.num.value

    @property
    def n(self) -> Num:
        """The printed number with its unit and location, as the engine takes it."""
        return self.num.with_unit(self.unit if self.unit != "%" else None).with_loc(self.page, self.line)

    @property
    def text(self) -> str:
        return self.cell_text


@dataclass
class Item:
    """One data row of a typed table."""
    label: str
    group: str
    cells: list[Q | None]
    texts: list[str]
    page: int | None
    line: int
    row_text: str
    is_total: bool = False
    is_subtotal: bool = False
    unit: str | None = None  # from a 单位 column or the label (`电力 kwh`)
    section: str = ""        # the first header cell in force for this row (sub-tables restate it)
    row: int = -1            # index of the row in its table (rows of a one-line HTML table share a line)

    def role(self, *roles: str) -> list[Q]:
        return [q for q in self.cells if q is not None and q.role in roles]

    @property
    def numbers(self) -> list[Q]:
        return [q for q in self.cells if q is not None]


@dataclass
class TypedTable:
    index: int
    table: Table
    caption: str | None
    header: list[str]
    roles: list[str | None]
    units: list[str | None]
    items: list[Item] = field(default_factory=list)

    @property
    def page(self):
        return self.table.page

    @property
    def line(self):
        return self.table.line

    def columns(self, *roles: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r in roles]


@lru_cache(maxsize=1 << 16)
def cell_number(text: str) -> tuple[Num, str | None] | None:
    """A cell that is one printed number, optionally followed by a unit: `22240041kwh`, `48.41%`."""
    t = text.strip()
    if not t or t in {"/", "-", "—", "--", "／"}:
        return None
    m = _NUM_CELL.match(t)
    if not m:
        return None
    raw = m.group("num").replace(" ", "")
    unit = (m.group("unit") or "").strip() or None
    if raw.endswith(("%", "％")):
        unit = "%"
    num = parse_number(raw)
    if num is None:
        return None
    if unit is not None and unit != "%" and parse_unit(unit) is None:
        return None  # `3号楼`, `2 号房`: a number inside words, not a quantity
    if unit in ("年", "年度", "年份") and num.decimals == 0 and 1990 <= num.value <= 2100:
        return None  # `2024年度` names a column (a year), it is not 2024 years
    return num, unit


_COMPOUND_TAIL = re.compile(r"([A-Za-z][A-Za-z0-9₂]*\s*/\s*[（(][^（）()]+[）)])\s*[）)]?\s*$")


def header_unit(header: str) -> str | None:
    h = header.strip()
    m = _COMPOUND_TAIL.search(h)   # `排放因子 kgCO2e/(t·km)`: the bracket is the unit's denominator
    if m and parse_unit(m.group(1)) is not None:
        return m.group(1)
    for rx in (_BRACKET_UNIT, _SLASH_UNIT, _TRAILING_UNIT):
        m = rx.search(h)
        if m:
            u = m.group(1) + (m.group(2) or "" if rx is _BRACKET_UNIT and m.lastindex and m.lastindex >= 2 else "")
            u = u.strip()
            if u in ("%", "％"):
                return "%"
            if parse_unit(u) is not None:
                return u
    return None


def _restates_header(texts: list[str], roles: list[str | None]) -> bool:
    """A non-numeric row whose cells name at least two column roles the table already has."""
    found = [role_of(t) for t in texts if t]
    return sum(1 for r in found if r and r in roles and r not in ("name",)) >= 2


def type_tables(tables: list[Table]) -> list[TypedTable]:
    return [type_table(i, t) for i, t in enumerate(tables)]


def _grid(table: Table) -> list[list[tuple[str, object]]]:
    """Rows expanded by colspan and rowspan (padding with '') so columns line up; keeps each source cell.

    A cell under a rowspan reads as '' (the group continues), as a blank cell in a TAB table does.
    """
    out = []
    pending: dict[int, list] = {}  # column → [rows left, cell, colspan]
    for r in table.rows:
        row: list[tuple[str, object]] = []
        cells = list(r.cells)
        while cells or any(col >= len(row) for col in pending):
            col = len(row)
            if col in pending:
                left, cell, span = pending[col]
                row.extend(("", cell) for _ in range(span))
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = [left - 1, cell, span]
                continue
            if not cells:
                break
            c = cells.pop(0)
            if c.rowspan > 1:
                pending[col] = [c.rowspan - 1, c, c.colspan]
            row.append((c.text, c))
            row.extend(("", c) for _ in range(c.colspan - 1))
        out.append(row)
    return out


def _is_header_row(row: list[tuple[str, object]]) -> bool:
    texts = [t for t, _ in row if t]
    if not texts:
        return False
    return not any(cell_number(t) for t in texts)


_QUANTITY_ROLES = {"activity", "factor", "result", "share", "ncv", "cc", "of", "distance", "total"}


def _transposed(table: Table, grid) -> Table | None:
    """A table whose first column names the quantities (消耗量 / 排放因子 / 排放量) and whose header
    row names the items is read column by column, as if it had been printed the usual way round."""
    if len(grid) < 3 or min(len(r) for r in grid) < 3:
        return None
    first = [r[0][0] for r in grid[1:]]
    roles = [role_of(t) for t in first]
    if len({r for r in roles if r in _QUANTITY_ROLES}) < 2 or not any(r == "result" for r in roles):
        return None
    head_roles = [role_of(t) for t, _ in grid[0][1:]]
    if any(r in _QUANTITY_ROLES for r in head_roles):
        return None  # the header already names quantities: a normal table
    if not all(cell_number(t) is not None for r in grid[1:] for t, _ in r[1:2] if t):
        return None
    ncols = max(len(r) for r in grid)
    rows: list[Row] = []
    for j in range(ncols):
        cells = []
        for r in grid:
            if j < len(r):
                txt, src = r[j]
                cells.append(Cell(text=txt, page=getattr(src, "page", table.page), line=getattr(src, "line", table.line),
                                  bbox=getattr(src, "bbox", None)))
            else:
                cells.append(Cell(text="", page=table.page, line=table.line))
        rows.append(Row(cells=cells, page=cells[0].page, line=min(c.line for c in cells)))
    return table.model_copy(update={"rows": rows})


def type_table(index: int, table: Table) -> TypedTable:
    grid = _grid(table)
    flipped = _transposed(table, grid)
    if flipped is not None:
        table, grid = flipped, _grid(flipped)
    ncols = max((len(r) for r in grid), default=0)
    nhead = 0
    while nhead < min(3, len(grid) - 1) and _is_header_row(grid[nhead]):
        nhead += 1
    if table.source == "spaces" and nhead == 1 and len(grid) > 2:
        # single-space text: a label of two words (`PE 缠绕膜`) makes one row longer than the
        # header; the header, which most rows fit, says how many columns there are
        hn = len(grid[0])
        body = grid[1:]
        if hn < ncols and sum(len(r) <= hn for r in body) * 2 > len(body):
            ncols = hn
    header = [""] * ncols
    for r in grid[:nhead]:
        for i, (t, _) in enumerate(r[:ncols]):
            if t and not re.fullmatch(r"[A-Z](\s*[=＝].*)?", t):  # `A`, `F=A*B*C` formula-letter rows
                header[i] = (header[i] + " " + t).strip()
    # an empty header over a numeric column belongs to the spanning header on its left
    for i in range(1, ncols):
        if not header[i] and header[i - 1]:
            header[i] = header[i - 1]
    roles = [role_of(h) for h in header]
    units = [header_unit(h) if roles[i] != "unit" else None for i, h in enumerate(header)]
    tt = TypedTable(index=index, table=table, caption=table.caption, header=header, roles=roles, units=units)
    unit_col = roles.index("unit") if "unit" in roles else None
    group = ""
    numeric_cols = _numeric_columns(grid[nhead:], ncols) if table.source == "spaces" else None
    spans = _header_spans(grid[:nhead], ncols) if table.source == "spaces" else None
    section = header[0] if header else ""
    for ri, row in enumerate(grid[nhead:], start=nhead):
        row = _align(row, ncols, table.source, numeric_cols, spans)
        texts = [t for t, _ in row]
        src = table.rows[ri]
        if _is_header_row(row) and _restates_header(texts, roles):
            # a header repeated mid-table (a sub-table: `电动小轿车计算 | 企业用量 (KM) | …`)
            header = [t or h for t, h in zip(texts, header)]
            roles = [role_of(h) for h in header]
            units = [header_unit(h) if roles[i] != "unit" else None for i, h in enumerate(header)]
            tt.header, tt.roles, tt.units = header, roles, units
            section, group = texts[0] or section, ""
            continue
        filled = [(t, c) for t, c in row if t]
        if len(filled) == 1 and getattr(filled[0][1], "colspan", 1) > 1 and cell_number(filled[0][0]) is None \
                and not is_total_label(filled[0][0]):
            section = filled[0][0]   # `制冷剂逸散（维保外包）` across the table: the rows below are its group
            continue
        row_text = " ".join(t for t in texts if t)
        label_parts = [t for i, t in enumerate(texts)
                       if t and (roles[i] not in ("seq", "unit", "share") or is_total_label(t))
                       and cell_number(t) is None]
        label = " ".join(label_parts)
        if texts and texts[0] and cell_number(texts[0]) is None and roles[0] in ("name", None):
            group = texts[0]
        row_unit = texts[unit_col].strip() if unit_col is not None and unit_col < len(texts) else None
        if row_unit and parse_unit(row_unit) is None:
            row_unit = None
        if row_unit is None:
            row_unit = _label_unit(label_parts)
        is_total = is_total_label(label) and not _NOT_QUANTITY_LABEL.search(label) and not _RATIO_LABEL.search(label)
        cells: list[Q | None] = []
        for ci, (t, cell) in enumerate(row):
            parsed = cell_number(t) if t else None
            if parsed is None or (ci < len(roles) and roles[ci] in ("seq",)) or _NOT_QUANTITY_LABEL.search(label):
                cells.append(None)
                continue
            num, unit = parsed
            role = roles[ci] if ci < len(roles) else None
            if unit is None and ci + 1 < len(roles) and roles[ci + 1] == "unit" and ci + 1 < len(texts):
                nxt = texts[ci + 1].strip()  # `0.168 | kgCO2e/t`: a unit column right after the value
                if nxt and parse_unit(nxt) is not None:
                    unit = nxt
            if unit is None:
                unit = units[ci] if ci < len(units) else None
            if unit is None and role == "activity":
                unit = row_unit
            if unit == "%" and role is None:
                role = "share"
            cells.append(Q(num=num, unit=unit, role=role, header=header[ci] if ci < ncols else "",
                           label=label, page=getattr(cell, "page", table.page), line=getattr(cell, "line", src.line),
                           row_text=row_text, table=index, row=ri, col=ci, cell_text=t))
        if not any(cells) and not is_total:
            continue
        tt.items.append(Item(label=label, group=group, cells=cells, texts=texts, page=src.page, line=src.line,
                             row_text=row_text, is_total=is_total, is_subtotal=bool(SUBTOTAL_ROW.search(label)),
                             unit=row_unit, section=section, row=ri))
    return tt


def _label_unit(parts: list[str]) -> str | None:
    """`电力 kwh`, `天然气 (m ³)`, `柴油 kg`: the unit written into the row label."""
    for p in reversed(parts):
        m = re.search(r"[（(]\s*([^（）()]+?)\s*[）)]\s*$", p) or re.search(r"(?:^|\s)([A-Za-z][A-Za-z0-9³²·./ ]{0,10})$", p)
        if m and parse_unit(m.group(1).strip()) is not None:
            return m.group(1).strip()
    return None


def _header_spans(head: list[list[tuple[str, object]]], ncols: int) -> list[tuple[float, float]] | None:
    """Display columns of a one-line header whose cells carry positions (space layouts)."""
    if len(head) != 1 or len(head[0]) != ncols:
        return None
    boxes = [getattr(c, "bbox", None) for _, c in head[0]]
    return [(b[0], b[2]) for b in boxes] if all(boxes) else None


def _by_position(row: list[tuple[str, object]], spans: list[tuple[float, float]]) -> list[int] | None:
    """The header column under each cell (most overlap, else nearest); None unless strictly left to right."""
    cols = []
    for _, c in row:
        b = getattr(c, "bbox", None)
        if b is None:
            return None
        def score(i):
            lo, hi = spans[i]
            overlap = min(hi, b[2]) - max(lo, b[0])
            return (overlap > 0, overlap if overlap > 0 else -max(lo - b[2], b[0] - hi))
        cols.append(max(range(len(spans)), key=score))
    return cols if all(a < b for a, b in zip(cols, cols[1:])) else None


def _align(row: list[tuple[str, object]], ncols: int, source: str,
           numeric_cols: list[int] | None = None,
           spans: list[tuple[float, float]] | None = None) -> list[tuple[str, object]]:
    """Space-separated rows lose empty cells: labels stay left, numbers go to the numeric columns.

    Where the header's and the row's display columns are known (a layout-preserving extraction),
    each cell goes under the header it sits beneath. Otherwise a short row with as many numbers
    as the table has numeric columns fills them in order; one with fewer (a 合计 row without
    quantities and factors) fills the last ones, where totals sit.
    """
    if source != "spaces" or len(row) == ncols or ncols == 0:
        return row + [("", None)] * (ncols - len(row)) if len(row) < ncols else row
    if spans is not None and len(row) < ncols and (cols := _by_position(row, spans)) is not None:
        out = [("", None)] * ncols
        for c, cell in zip(cols, row):
            out[c] = cell
        return out
    k = 0
    while k < len(row) and (cell_number(row[k][0]) is None or (k == 0 and re.fullmatch(r"\d{1,2}", row[k][0]))):
        k += 1
    lead, tail = row[:k], row[k:]
    if len(row) > ncols:  # a label split into several tokens (`刘 威`): merge the extra lead tokens
        extra = len(row) - ncols
        if len(lead) > extra:
            first = 1 if lead and re.fullmatch(r"\d{1,2}", lead[0][0]) else 0
            merged = (" ".join(t for t, _ in lead[first:first + extra + 1]), lead[first][1])
            lead = lead[:first] + [merged] + lead[first + extra + 1:]
            return lead + tail
        return row[:ncols]
    nums = [c for c in tail if cell_number(c[0]) is not None]
    if numeric_cols and len(nums) == len(tail) and len(nums) <= len(numeric_cols) \
            and all(c >= len(lead) for c in numeric_cols):
        cols = numeric_cols if len(nums) == len(numeric_cols) else numeric_cols[-len(nums):]
        out = list(lead) + [("", None)] * (ncols - len(lead))
        for c, cell in zip(cols, nums):
            out[c] = cell
        return out
    pad = ncols - len(row)
    return lead + [("", None)] * pad + tail


def _numeric_columns(grid: list[list[tuple[str, object]]], ncols: int) -> list[int]:
    full = [r for r in grid if len(r) == ncols]
    if not full:
        return []
    return [c for c in range(ncols)
            if sum(1 for r in full if cell_number(r[c][0]) is not None) * 2 > len(full)]
