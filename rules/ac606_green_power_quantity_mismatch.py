"""AC606 green-power-quantity-mismatch."""
from __future__ import annotations

import re
from decimal import Decimal

from auditcheck.api import Issue, Msg, Num, cell_number, is_total_label, clean, convert, find_numbers, parse_unit, rule, same_dimension

GREEN = re.compile(r"绿电(?!铝|钢|氢)|绿色电力|绿证电量|可再生能源电力")
ACQUIRED = re.compile(r"购入|购买|采购|交易|使用|消纳|取得|结算")
NEGATED = re.compile(r"未|没有|建议|计划|拟|将|争取")


def _energy(u: str | None) -> bool:
    return bool(u and parse_unit(u) and same_dimension(u, "kWh"))


def _table_green(report):
    """Green-power quantities in tables: cells of a 绿电 column or of a 绿电 row, in energy units."""
    for table in report.document.tables:
        n_head = 0
        while n_head < min(2, len(table.rows)) and not any(cell_number(c.text) for c in table.rows[n_head].cells):
            n_head += 1
        head = table.rows[:n_head]
        cols = {i for r in head for i, c in enumerate(r.cells) if GREEN.search(c.text)}
        unit_of = {}
        for r in head:
            for i, c in enumerate(r.cells):
                if (m := re.search(r"[（(]\s*([A-Za-z万]+)\s*[）)]", c.text)) and _energy(m.group(1)):
                    unit_of[i] = m.group(1)
        for r in table.rows[len(head):] if cols else table.rows:
            row_green = bool(r.cells) and bool(GREEN.search(r.cells[0].text))     # the row's label, not its source
            for i, c in enumerate(r.cells):
                p = cell_number(c.text) if c.text else None
                if p is None or not p[0].is_value or not (i in cols or row_green):
                    continue
                u = p[1] if _energy(p[1]) else unit_of.get(i) or (unit_of.get(min(unit_of)) if unit_of and row_green else None)
                if u and p[0].value > 0:
                    yield p[0], u, r, (id(table), i)


@rule("AC606", "green-power-quantity-mismatch", category="consistency.crossref")
def check(report, engine):
    """The green electricity the text says was purchased differs from the green electricity the tables account for.

    ## Why it matters
    Green power is usually charged at a zero (market-based) factor, so its quantity moves the
    scope 2 result directly. If the text claims 3,600 MWh of certified green power and the tables
    zero-rate 3,200 MWh, one of the two is wrong and the certificates cannot be matched to the
    calculation.

    ## Example
        购入绿色电力 3,600 MWh，全部用于嘉兴冷库 …
        嘉兴冷库（总部）  6,482.36  3,200.00  3,282.36    ← 其中绿电 (MWh)

    ## Not flagged
    Text and tables giving the same quantity (also across units: 3.2 GWh and 3,200 MWh); green
    power mentioned without a quantity; statements that no green power was bought.
    """
    found = list(_table_green(report))
    if not found:
        return
    table = [(n, u, r) for n, u, r, _ in found]
    # a column's sum stands for the site rows when the table prints no 合计 row
    cols: dict = {}
    for n, u, r, key in found:
        cols.setdefault(key, []).append((n, u, r))
    for rows in cols.values():
        if any(r.cells and is_total_label(r.cells[0].text) for _, _, r in rows):
            continue  # the table prints its own 合计, already compared as a quantity of its own
        if len(rows) >= 2 and len({u for _, u, _ in rows}) == 1:
            total = sum((n.value for n, _, _ in rows), start=Decimal(0))
            table.append((Num(total, f"{total}", max(n.decimals for n, _, _ in rows)), rows[0][1], rows[-1][2]))
    for ln in report.document.lines():
        if any(ln.line == r.line for _, _, r in table):
            continue
        t = clean(ln.text)
        if not GREEN.search(t) or not ACQUIRED.search(t) or NEGATED.search(t) or "|" in t or "\t" in ln.text:
            continue
        # only quantities in the clause that names green power, after the name
        # (`总用电量 327088.7 MWh，…；通过绿色电力交易…` names the total, not the green power)
        spans = []
        pos = 0
        for clause in re.split(r"([，,；;。])", t):
            g = GREEN.search(clause)
            if g:
                spans.append((pos + g.start(), pos + len(clause)))
            pos += len(clause)
        for n, (a, _) in find_numbers(t):
            if not n.is_value or not _energy(n.unit) or not any(lo <= a < hi for lo, hi in spans):
                continue
            if any(m.lo <= convert(n.value, n.unit, u) <= m.hi or n.lo <= convert(m.value, u, n.unit) <= n.hi
                   for m, u, _ in table):
                break
            m, u, r = max(table, key=lambda x: convert(x[0].value, x[1], "kWh"))
            yield Issue(Msg(f"文中绿色电力 {n.text} {n.unit}，而表中计入的绿电为 {m.text} {u}",
                            f"the text states {n.text} {n.unit} of green power, the tables account for {m.text} {u}"),
                        at=ln, reported=n, expected=m, values=[m], evidence=[t, " ".join(r.texts)])
            break
