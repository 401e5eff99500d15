"""Relations: every printed figure the typed report says is computed, with its recomputation.

The parse layer says *what* a figure should equal (a total row: its parts; a
result cell: activity × factor; a share: part ÷ total); this module asks the
engine for the recomputation once, and rules only judge the verdicts. Keeping
this in one place means a rule about units and a rule about arithmetic look
at the very same recomputation and never disagree about it.
"""
from __future__ import annotations

import dataclasses

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .engine import Calc, Engine, Verdict
from .numbers import parse_number, Num
from .parse.tables import Item, Q, TypedTable, cell_number
from .units import DimensionMismatch, convert, parse_unit

# powers of ten a unit convention can hide (g/kg/t, kWh/MWh, 万): tried when units are unknown
SCALES = (0, -3, 3, -6, 6, -9, 9)
WAN_SCALES = (-4, 4)   # only where a 万 unit is printed (万kWh, 万Nm3): else a 10× slip would hide
PCT_SCALES = (-2, 2)   # only where a % is printed
NOT_SUMMED = ("factor", "ncv", "cc", "of", "distance", "seq", "share", "unit")


@dataclass
class Relation:
    kind: str                     # sum | product | share
    printed: Q
    calc: Calc
    verdict: Verdict
    parts: list[Q]
    table: TypedTable
    item: Item | None = None
    scale: int | None = 0         # 10^scale reconciles the numbers (None: no power of ten does)
    unit_scale: int | None = None  # 10^k the printed units imply (None: units incomplete)
    notes: list[str] = field(default_factory=list)
    hidden: tuple | None = None    # (FuelDefault, scale) when a default NCV reconciles the product
    raw: Calc | None = None        # the recomputation before any power-of-ten step
    table_scale: int | None = None  # the scale the table's other rows (same units) follow

    def at_unit_scale(self) -> Calc | None:
        """The recomputation in the printed result's unit, as the printed units imply it."""
        k = self.unit_scale if self.unit_scale is not None else self.table_scale
        if self.raw is None or k is None:
            return None
        c = _scaled(self.raw, k)
        return Calc(c.value, c.lo, c.hi, f"{self.raw.formula.split(' = ')[0]} = {c.value.normalize():f}", c.inputs)

    @property
    def at(self) -> Q:
        return self.printed


def _num(q: Q, with_unit: bool = True) -> Num:
    n = q.num.with_loc(q.page, q.line)
    return n.with_unit(q.unit if with_unit and q.unit != "%" else None)


def _scaled(c: Calc, k: int) -> Calc:
    f = Decimal(1).scaleb(k)
    return Calc(c.value * f, c.lo * f, c.hi * f, c.formula + (f" × 10^{k}" if k else ""), c.inputs, None, c.notes)


def _best_scale(engine: Engine, printed: Num, calc: Calc, context: str = "") -> tuple[int | None, Verdict]:
    bare = printed.with_unit(None)
    plain = Calc(calc.value, calc.lo, calc.hi, calc.formula, calc.inputs, None, calc.notes)
    text = context + " " + calc.formula + " " + (printed.unit or "")
    scales = SCALES + (WAN_SCALES if "万" in text or "10^4" in text or "104" in text else ()) \
        + (PCT_SCALES if "%" in text else ())
    for k in scales:
        v = engine.agrees(bare, _scaled(plain, k))
        if v is not Verdict.DISAGREES:
            return k, v
    return None, Verdict.DISAGREES


def _unit_scale(engine: Engine, printed: Num, calc: Calc) -> int | None:
    """The power of ten the printed units imply between recomputation and printed figure."""
    if calc.unit is None or not printed.unit:
        return None
    pu = parse_unit(printed.unit)
    if pu is None:
        return None
    conv = engine.convert(calc, pu)
    if isinstance(conv, DimensionMismatch) or calc.value == 0:
        return None
    ratio = conv.value / calc.value
    k = ratio.adjusted()
    return k if Decimal(1).scaleb(k) == ratio.normalize() else None


# --------------------------------------------------------------------------- sums


def _children(engine: Engine, parts: list[Q], strict: bool = False) -> set[int]:
    """Indices of rows that are breakdowns of the row above them (直接排放 = 汽油 + 柴油 + …)."""
    kids: set[int] = set()
    nums = [_num(q, False) for q in parts]
    for i in range(len(parts) - 1):
        if i in kids:
            continue
        # `其中：外购电力` under its parent: a single breakdown row equal to the row above
        if parts[i + 1].label.lstrip().startswith("其中") and parts[i + 1].value == parts[i].value:
            kids.add(i + 1)
            continue
        for j in range(i + 2, len(parts)):
            run = nums[i + 1 : j + 1]
            v = engine.agrees(nums[i], engine.total(run))
            if v is Verdict.AGREES or (v is Verdict.ROUNDING_ONLY and not strict):
                kids.update(range(i + 1, j + 1))
                break
    return kids


def _sum_relation(engine: Engine, t: TypedTable, total: Q, parts: list[Q], item: Item | None) -> Relation | None:
    tu = parse_unit(total.unit) if total.unit and total.unit != "%" else None
    known = [q for q in parts if q.unit and parse_unit(q.unit)]
    if tu is not None and known and any(not _same_dimension(parse_unit(q.unit), tu) for q in known):
        # a 数值 column whose rows carry their own units (万Nm3, TJ, kgCO2, kgCH4, kgCO2e): a total
        # in kgCO2e adds up only its own kind; a row whose unit went unread makes it unknowable
        if len(known) < len(parts):
            return None
        parts = [q for q in parts if _same_dimension(parse_unit(q.unit), tu)]
    if len(parts) < 2:
        return None
    if [p.value for p in parts] == list(range(1, len(parts) + 1)):
        return None  # a sequence-number column (序号 1, 2, 3 …) read without its header
    if all(p.value == total.value for p in parts):
        return None  # an attribute repeated on every row and on the total row (the year's output)
    vals = [p.value for p in parts]
    if min(vals) >= 0 and min(vals) <= total.value <= max(vals) \
            and sum(1 for v in vals if v > 0) >= 2:
        return None  # within the range of its parts: an average or a ratio (PUE 1.28), never their sum
    units_seen = {q.unit for q in parts if q.unit}
    if len(units_seen) > 1 and not all(parse_unit(u) for u in units_seen):
        return None  # a column of mixed, unreadable units is not a sum
    bare = [_num(q, False) for q in parts]
    notes: list[str] = []
    units = [parse_unit(q.unit) if q.unit and q.unit != "%" else None for q in parts]
    mixed = len({u.text for u in units if u}) > 1 and all(units)
    if mixed:
        # unlike but convertible units (kWh and MWh): sum as converted, and note a raw sum that agrees
        calc = engine.total([_num(q) for q in parts])
        tu = parse_unit(total.unit) if total.unit else None
        verdict = engine.agrees(_num(total) if tu else _num(total, False), calc)
        if verdict is Verdict.DISAGREES and engine.agrees(_num(total, False), engine.total(bare)) is not Verdict.DISAGREES:
            notes.append("raw_units_sum")
        return Relation("sum", total, calc, verdict, parts, t, item, notes=notes)
    calc = engine.total(bare)
    verdict = engine.agrees(_num(total, False), calc)
    if verdict is Verdict.DISAGREES:
        kids = _children(engine, parts)
        if kids:
            alt = engine.total([b for i, b in enumerate(bare) if i not in kids])
            if engine.agrees(_num(total, False), alt) is not Verdict.DISAGREES:
                return None
        # a signed item printed without its sign (减排量 listed as a positive offset)
        for i, q in enumerate(parts):
            if q.value > 0 and any(w in q.label for w in ("减排", "抵消", "扣除", "清除", "减少")):
                alt = engine.total([b if j != i else Num(-b.value, "-" + b.text, b.decimals) for j, b in enumerate(bare)])
                if engine.agrees(_num(total, False), alt) is not Verdict.DISAGREES:
                    return None
    return Relation("sum", total, calc, verdict, parts, t, item, notes=notes)


_METHOD = re.compile(r"(基于位置|位置法|location)|(基于市场|市场法|market)", re.I)


def _method(label: str) -> str | None:
    """'location' or 'market' for a row of a dual-reporting (scope 2) table, else None."""
    m = _METHOD.search(label)
    return None if m is None else ("location" if m.group(1) else "market")


def sums(engine: Engine, tables: list[TypedTable]) -> list[Relation]:
    out: list[Relation] = []
    for ti, t in enumerate(tables):
        grid = _period_grid(engine, t)
        if grid is not None:  # months as labels beside or above their figures: one total of all
            out.extend(grid)
            continue
        if _continuation_piece(t):
            continue
        items = t.items
        start_any = start_grand = 0
        last_group: list[Item] = []
        for k, it in enumerate(items):
            if not it.is_total:
                continue
            if it.is_subtotal:
                rows = [g for g in items[start_any:k] if not g.is_total]
                own = [g for g in rows if g.section == it.section]
                if own and len(own) < len(rows):
                    rows = own   # a 小计 under a spanning group heading totals that group
                alt_rows = None
            else:
                group = items[start_grand:k]
                if not group and k > 0 and items[k - 1].is_total and _method(items[k - 1].label) \
                        and _method(it.label) and _method(it.label) != _method(items[k - 1].label):
                    group = last_group  # `排放总量（基于市场）` right under `排放总量（基于位置）`: same rows
                subs = [g for g in group if g.is_subtotal]
                lines = [g for g in group if not g.is_total]
                rows, alt_rows = (subs, lines) if subs else (lines, None)
                last_group = group
            if (m := _method(it.label)) is not None:
                # a location-based total leaves out the market-based rows, and the other way round
                rows = [r for r in rows if _method(r.label) in (None, m)]
                alt_rows = [r for r in alt_rows if _method(r.label) in (None, m)] if alt_rows else alt_rows
            excl = _EXCLUDES.search(it.label)
            if excl:  # `成衣质量合计（不含包装）`: the named rows are outside this total
                word = excl.group(1)
                rows = [r for r in rows if word not in r.group and word not in r.label]
                alt_rows = [r for r in alt_rows if word not in r.group and word not in r.label] if alt_rows else alt_rows
            for c, q in enumerate(it.cells):
                if q is None or not q.num.is_value or (q.role in NOT_SUMMED) or q.unit == "%":
                    continue
                if _mixed_row_units(t, rows, it):
                    continue  # a parameter table (W m3, COD kgCOD/m3, TOW kgCOD): its 总量 row is a product
                rel = _sum_relation(engine, t, q, _column(rows, c), it)
                if rel and rel.verdict.flagged and alt_rows is not None:
                    # a grand total equal to the sum of all lines: the wrong figure is a subtotal
                    alt = _sum_relation(engine, t, q, _column(alt_rows, c), it)
                    if alt is None or not alt.verdict.flagged:
                        continue
                if rel:
                    out.append(rel)
            start_any = k + 1
            if not it.is_subtotal:
                start_grand = k + 1
        out.extend(_total_columns(engine, t))
        out.extend(_row_totals(engine, t, tables[ti - 1] if ti else None))
        if ti > 0:
            out.extend(_orphan_total(engine, tables[ti - 1], t))
    return out


def _continuation_piece(t: TypedTable) -> bool:
    """A piece of a text table cut off by a wrapped cell: no header, and its first line starts
    with the figures of a row whose label is above it. Its 小计 totals rows it does not hold."""
    if t.table.source != "spaces" or any(t.header) or not t.table.rows:
        return False
    first = next((c.text for c in t.table.rows[0].cells if c.text), "")
    return cell_number(first) is not None


def _period_grid(engine: Engine, t: TypedTable) -> list[Relation] | None:
    """A table of periods and their figures laid out as a grid, not as columns: pairs in a row
    (`1月 128.4105 2月 121.9632 …`) or bands (a row of months, the row of their figures, the
    next months …), closed by one 全年合计 figure. None when the table is not such a grid."""
    if not any(_PERIOD_HEAD.match(h) for h in t.header if h) and not any(
            _PERIOD_HEAD.match(x) for it in t.items for x in it.texts if x):
        return None
    parts: list[Q] = []
    total = None
    labels_pending = head = sum(1 for h in t.header if h and _PERIOD_HEAD.match(h))
    if labels_pending and any(h and not _PERIOD_HEAD.match(h) for h in t.header):
        return None
    for it in t.items:
        texts = [x for x in it.texts if x]
        nums = [q for q in it.cells if q is not None and q.num.is_value]
        if total is not None and not it.is_total:
            break   # rows under the 全年合计 (`折合（万kWh） 1864.2736`) restate it
        if it.is_total:
            if len(nums) != 1:
                return None
            total = total or nums[0]   # `全年合计（kWh）` then `全年合计（MWh）`: the first, in the rows' unit
        elif texts and all(_PERIOD_HEAD.match(x) for x in texts):
            if labels_pending:
                return None
            labels_pending = len(texts)
        elif texts and len(texts) == len(nums) and (labels_pending == len(nums) or not labels_pending and head == len(nums)):
            # (a band's row of months that restates the header is read as a header, not an item)
            parts.extend(nums)
            labels_pending = 0
        elif len(texts) >= 4 and len(texts) == 2 * len(nums) and all(
                _PERIOD_HEAD.match(texts[i]) for i in range(0, len(texts), 2)) and not labels_pending:
            parts.extend(nums)
        else:
            return None
    if total is None or len(parts) < 3 or labels_pending:
        return None
    rel = _sum_relation(engine, t, total, parts, None)
    return [rel] if rel else []


_EXCLUDES = re.compile(r"(?:不含|不包括|除)\s*([\u4e00-\u9fffA-Za-z]{1,8}?)(?:外|以外|在内)?\s*[）)，,]")


def _mixed_row_units(t: TypedTable, rows: list[Item], total: Item) -> bool:
    """Rows whose 单位 column names quantities of other kinds than the total's."""
    if "unit" not in t.roles:
        return False
    uc = t.roles.index("unit")

    def unit_of(it: Item) -> str:
        return (it.texts[uc] if uc < len(it.texts) else "").replace(" ", "")

    tu_raw = unit_of(total)
    raw = [u for u in (unit_of(r) for r in rows) if u]
    if not tu_raw or not raw:
        return False
    tu, units = parse_unit(tu_raw), [parse_unit(u) for u in raw]
    if tu is None or any(u is None for u in units):   # `kgCOD`, `kgCOD/m3`: compare as printed
        return any(u != tu_raw for u in raw)
    return any(not _same_dimension(u, tu) for u in units)


def _column(rows: list[Item], c: int) -> list[Q]:
    return [r.cells[c] for r in rows if c < len(r.cells) and r.cells[c] is not None and r.cells[c].num.is_value]


def _total_columns(engine: Engine, t: TypedTable) -> list[Relation]:
    """`原材料生产总排放量` printed once beside the rows it totals (a merged cell)."""
    out = []
    for c in t.columns("total"):
        holders = [it for it in t.items if c < len(it.cells) and it.cells[c] is not None and not it.is_total]
        if len(holders) != 1:
            continue
        src = [i for i in t.columns("result") if i < c]
        if not src:
            continue
        rc = src[-1]
        parts = [it.cells[rc] for it in t.items if not it.is_total and rc < len(it.cells)
                 and it.cells[rc] is not None and it.cells[rc].num.is_value]
        rel = _sum_relation(engine, t, holders[0].cells[c], parts, holders[0])
        if rel:
            out.append(rel)
    return out


_PERIOD_HEAD = re.compile(r"^\s*(\d{1,2}\s*月(份)?|[一二三四1-4]\s*季度|Q[1-4]|\d{4}\s*年?(度)?|[上下]半年)\s*$", re.I)


_MONTH = re.compile(r"^\s*(\d{1,2})\s*月")


def _row_totals(engine: Engine, t: TypedTable, prev: TypedTable | None = None) -> list[Relation]:
    """A 合计 column at the end of a row of months, quarters or years (a horizontal monthly table).

    A year printed in two bands (1月–6月, then 7月–12月 合计) is summed over both: the band above,
    in the table before, holds the first months of the row of the same name."""
    from .parse.vocab import is_total_label, similar

    out: list[Relation] = []
    for c, h in enumerate(t.header):
        if not is_total_label(h) or c < 3:
            continue
        periods = [i for i in range(c) if _PERIOD_HEAD.match(t.header[i])]
        if len(periods) < 2 or periods != list(range(periods[0], c)):
            continue
        first = _MONTH.match(t.header[periods[0]])
        above: list[Item] = []
        if first and int(first.group(1)) > 1:
            # the months before are in the band above, or the row cannot be summed
            if prev is None:
                continue
            pm = [int(m.group(1)) for hh in prev.header if (m := _MONTH.match(hh))]
            if not pm or pm[0] != 1 or pm[-1] + 1 != int(first.group(1)):
                continue
            above = prev.items
        for it in t.items:
            if c >= len(it.cells) or it.cells[c] is None or not it.cells[c].num.is_value:
                continue
            parts = [it.cells[i] for i in periods if i < len(it.cells) and it.cells[i] is not None
                     and it.cells[i].num.is_value]
            if len(parts) != len(periods):
                continue
            if first and int(first.group(1)) > 1:
                band = next((a for a in above if similar(a.label, it.label) >= 90), None)
                head = [q for q in (band.cells if band else []) if q is not None and q.num.is_value
                        and _MONTH.match(q.header or "")]
                if not head:
                    continue
                parts = head + parts
            if (rel := _sum_relation(engine, t, it.cells[c], parts, it)):
                out.append(rel)
    return out


def _orphan_total(engine: Engine, prev: TypedTable, t: TypedTable) -> list[Relation]:
    """A total row that the text layout split off into a table of its own, right below its rows."""
    if not t.items or not t.items[0].is_total or any(not i.is_total for i in t.items[:1]):
        return []
    if any(it.is_total for it in prev.items) or not prev.items:
        return []
    last_line = max(it.line for it in prev.items)
    if t.page != prev.page or t.items[0].line - last_line > 6:
        return []
    cols = {q.col for it in prev.items for q in it.numbers if q.num.is_value and q.unit != "%"}
    totals = [q for q in t.items[0].numbers if q.num.is_value]
    if len(cols) != 1 or len(totals) != 1:
        return []
    (c,) = cols
    parts = [it.cells[c] for it in prev.items if it.cells[c] is not None and it.cells[c].num.is_value]
    rel = _sum_relation(engine, prev, totals[0], parts, t.items[0])
    return [rel] if rel else []


# --------------------------------------------------------------------------- products


def _first(qs: list[Q]) -> Q | None:
    qs = [q for q in qs if q.num.is_value]
    return qs[0] if qs else None


def products(engine: Engine, tables: list[TypedTable], outputs: tuple = ()) -> list[Relation]:
    """Each calculation row's result against activity × factor (× distance, or the fuel route).

    A row may print several activity figures (annual and per unit, kg and t·km) and a per-unit
    result may be annual × factor ÷ the output: every reading is tried, and the row is judged on
    the first that holds (or, when none does, on the first reading).
    """
    out: list[Relation] = []
    for t in tables:
        if not t.columns("factor", "ncv", "cc"):
            if t.columns("distance"):   # a transport activity table: mass, distance and 周转量, no factor
                for it in t.items:
                    if not it.is_total:
                        _freight_volume(engine, t, it, [q for q in it.role("activity") if q.num.is_value],
                                        _first(it.role("distance")), out)
            continue
        for it in t.items:
            if it.is_total:
                continue
            result = _first(it.role("result"))
            activities = [q for q in it.role("activity") if q.num.is_value]
            from_malformed = False
            if result is not None and not activities:
                activities = _readings_of_malformed(it.role("activity"))
                from_malformed = bool(activities)
            if result is not None and not activities:
                activities = _activity_by_units(engine, it, result)
            elif result is not None and activities and not _fits(engine, it, activities[0], result):
                # `消耗量 42360 t` beside `热量 121101.31 GJ` under a tCO2/GJ factor: the GJ is the activity
                activities = _activity_by_units(engine, it, result) + activities
            if result is None or not activities:
                continue
            activity = activities[0]
            # a parameter cell holding several figures (`EF 8.0 kgN2O/t；η 85%`) is a formula we do not model
            if any(it.cells[c] is None and _several_figures(it.texts[c] or "")
                   for c in range(activity.col + 1, result.col) if c < len(it.texts)):
                continue
            factors = [q for q in it.role("factor") if q.num.is_value]
            ncv, cc, of = _first(it.role("ncv")), _first(it.role("cc")), _first(it.role("of"))
            dist = _first(it.role("distance"))
            readings = []
            for a in activities:
                if cc is not None and of is not None:
                    readings.append(([a] + ([ncv] if ncv else []) + [cc, of], [engine.CO2_PER_C]))
                elif factors:
                    per_tkm = a.unit and "km" in a.unit  # a t·km figure already holds the distance
                    readings.append(([a] + ([dist] if dist and not per_tkm else []) + ([ncv] if ncv else [])
                                     + [factors[0]], []))
            if not readings:
                continue
            _freight_volume(engine, t, it, activities, dist, out)
            terms, extra = readings[0]
            if any(f.value == activity.value and f is not activity for f in terms[1:]):
                out.append(Relation("copied", result, engine.calc(_num(result, False)), Verdict.DISAGREES,
                                    terms, t, it, scale=None, notes=["factor equals activity"]))
                continue
            best = None
            for terms, extra in readings:
                rel = _product_relation(engine, t, it, result, terms, extra)
                if rel.scale is not None:
                    best = rel
                    break
                for o in outputs:  # annual × factor ÷ output = a per-unit result
                    rel_o = _product_relation(engine, t, it, result, terms, extra, divisor=o)
                    if rel_o.scale is not None:
                        rel_o.notes.append("per_output")
                        rel_o.unit_scale = None  # the output's unit is a guess: no unit verdict from it
                        best = rel_o
                        break
                if best is not None:
                    break
            if from_malformed:  # only a reading that holds is recorded; judging the print is AC601's
                if best is not None:
                    best.notes.append("malformed_reading")
                    best.unit_scale = None
                    out.append(best)
                continue
            out.append(best or _product_relation(engine, t, it, result, *readings[0]))
    return out


def _fits(engine: Engine, it: Item, activity: Q, result: Q) -> bool:
    """Whether activity × the row's factor has the result's dimension (True when units are unknown)."""
    factor = _first([q for q in it.role("factor") if q.num.is_value])
    if factor is None or not (factor.unit and activity.unit and result.unit):
        return True
    if parse_unit(factor.unit) is None or parse_unit(activity.unit) is None or parse_unit(result.unit) is None:
        return True
    c = engine.product(_num(activity), _num(factor))
    return c.unit is None or _same_dimension(c.unit, parse_unit(result.unit))


def _activity_by_units(engine: Engine, it: Item, result: Q) -> list[Q]:
    """An unnamed column (`热量（GJ）` beside `蒸汽量（t）`) is the activity when its unit times the
    factor's gives the result's: GJ × tCO2/GJ = tCO2, where t × tCO2/GJ is not."""
    factor = _first([q for q in it.role("factor") if q.num.is_value])
    if factor is None or not factor.unit or not result.unit or parse_unit(result.unit) is None:
        return []
    out = []
    for q in it.cells:
        if q is None or q.role is not None or not q.num.is_value or not q.unit or q.col > factor.col:
            continue
        if parse_unit(q.unit) is None or parse_unit(factor.unit) is None:
            continue
        c = engine.product(_num(q), _num(factor))
        if c.unit is not None and _same_dimension(c.unit, parse_unit(result.unit)):
            out.append(dataclasses.replace(q, role="activity"))
    return out[-1:]  # the one nearest the factor


def _readings_of_malformed(cells: list[Q]) -> list[Q]:
    """`172.2821.6`: each reading of a malformed figure, so the row can show which one its result used
    (the malformed print itself is AC601's)."""
    out = []
    for q in cells:
        if q.num.malformed:
            for v in q.num.candidates:
                n = Num(v, format(v, "f"), max(0, -v.as_tuple().exponent), page=q.page, line=q.line)
                out.append(Q(num=n, unit=q.unit, role=q.role, header=q.header, label=q.label, page=q.page,
                             line=q.line, row_text=q.row_text, table=q.table, row=q.row, col=q.col,
                             cell_text=q.cell_text))
    return out


def _freight_volume(engine: Engine, t: TypedTable, it: Item, activities: list[Q], dist: Q | None,
                    out: list[Relation]) -> None:
    """A freight-volume cell (t·km) beside the mass and distance it should be the product of."""
    tkm = next((a for a in activities if a.unit and "km" in a.unit and parse_unit(a.unit)
                and parse_unit(a.unit).dims == parse_unit("t·km").dims), None) or \
        next((a for a in activities if "周转量" in (a.header or "")), None)   # named so, whatever its unit
    mass = next((a for a in activities if a is not tkm and _mass_unit(a.unit)), None)
    if tkm is None or mass is None or dist is None:
        return
    m = _num(mass).with_unit(_mass_unit(mass.unit))    # `1.0853 t/t`: tonnes moved per tonne of product
    calc = engine.product(m, _num(dist))
    k, verdict = _best_scale(engine, _num(tkm, False), calc)
    if k is not None:
        return
    kind = "tkm_is_distance" if tkm.value == dist.value else "tkm_product"
    out.append(Relation(kind, tkm, calc, Verdict.DISAGREES, [mass, dist], t, it, scale=None))


def _mass_unit(u: str | None) -> str | None:
    """The mass unit of a mass (t) or of a mass per functional unit (t/t, kg/件): its numerator."""
    if not u:
        return None
    num = re.split(r"[/／]", u)[0].strip()
    pu = parse_unit(num) if num else None
    return num if pu is not None and pu.dims == parse_unit("t").dims else None


def _several_figures(text: str) -> bool:
    """`EF 8.0 kgN2O/t；η 85%；μ 96.5%` holds a formula's parameters; `重型柴油货车（30t）` does not."""
    from .numbers import find_numbers

    return bool(re.search(r"\d", text)) and (len([n for n, _ in find_numbers(text) if n.is_value]) >= 2
                                              or bool(re.search(r"[；;]", text)))


def denominator_mismatch(rel: Relation) -> tuple[str, str] | None:
    """(activity-side unit, factor denominator) when a rate is applied to a quantity of another kind
    (tCO2/GJ on tonnes of steam); items (块, 套, 功能单位) are ignored on both sides."""
    from .units import BASES, Unit

    factor = next((p for p in rel.parts if p.role == "factor"), None)
    others = [p for p in rel.parts if p is not factor and p.role in ("activity", "distance", "ncv")]
    if factor is None or not factor.unit or not others or any(not p.unit for p in others):
        return None
    fu = parse_unit(factor.unit)
    ous = [parse_unit(p.unit) for p in others]
    if fu is None or any(u is None for u in ous):
        return None
    den = [(a, -e) for a, e in fu.factors if e < 0]
    if not den:
        return None
    den_u = Unit.of(tuple(den))
    side = Unit.of(tuple(f for u in ous for f in u.factors))
    n = BASES.index("N")
    strip = lambda d: tuple(0 if i == n else x for i, x in enumerate(d))  # noqa: E731
    if strip(den_u.dims) == strip(side.dims):
        return None
    # per-product rows: `1085.32 kg/t × 0.0286 kgCO2e/kg = 31.04 kgCO2e/t` — the /t of the
    # activity is the result's /t, not part of what the factor applies to
    ru = parse_unit(rel.printed.unit) if rel.printed.unit else None
    if ru is not None and any(e < 0 for _, e in ru.factors):
        per = Unit.of(tuple(f for u in ous for f in u.factors) + tuple((a, -e) for a, e in ru.factors if e < 0))
        if strip(den_u.dims) == strip(per.dims):
            return None
    return side.text, den_u.text


def _fraction(n: Num) -> Num:
    """98% → 0.98 (a pure number): percent terms multiply as fractions whatever units the others have."""
    text = n.text if n.text.endswith(("%", "％")) else n.text + "%"
    return Num(n.value / 100, text, n.decimals + 2, unit="1", page=n.page, line=n.line)


def _product_relation(engine, t, it, result: Q, terms: list[Q], extra: list, divisor: Num | None = None) -> Relation:
    nums = []
    for q in terms:
        n = _num(q)
        if n.percent or q.unit == "%" or (q.role == "of" and n.value > 1):
            n = _fraction(n)
        elif q.role == "of" and not n.unit:
            n = n.with_unit("1")
        if q.role == "factor" and not n.unit and _GWP_HEAD.search(q.header or ""):
            n = n.with_unit("kgCO2e/kg")   # a GWP is CO2e per mass of the gas: kg × GWP = kgCO2e
        if q.role == "factor" and _published(engine, n):
            # 0.11 tCO2/GJ or a GWP of 1924 is the published constant itself, not a rounding of
            # an unknown value: no ±half-unit interval to hide a wrong product in
            n = engine.exact(n)
        nums.append(n)
    calc = engine.product(*nums, *extra)
    if divisor is not None:
        calc = engine.ratio(calc, divisor)
    printed = _num(result)
    context = it.row_text + " " + " ".join(h for h in t.header if h)
    k, verdict = _best_scale(engine, printed, calc, context)
    uk = _unit_scale(engine, printed, calc)
    rel = Relation("product", result, calc, verdict, terms, t, it, scale=k, unit_scale=uk, raw=calc)
    if k is None and getattr(engine, "ref", None) is not None:
        if not (it.role("ncv") or it.role("cc")):
            _hidden_ncv(engine, rel, printed, calc)
        elif it.role("ncv"):
            _other_ncv(engine, rel, printed, terms, extra)
    if k is not None and k != 0:
        rel.calc = _scaled(Calc(calc.value, calc.lo, calc.hi, calc.formula.split(" = ")[0], calc.inputs,
                                None, calc.notes), k)
        rel.calc = Calc(rel.calc.value, rel.calc.lo, rel.calc.hi,
                        f"{calc.formula.split(' = ')[0]} × 10^{k} = {rel.calc.value.normalize():f}",
                        calc.inputs, None, calc.notes)
    return rel


def _exact_constant(terms: list[Num], ops: list[str], i: int) -> bool:
    """44 and 12 of `44/12`, and powers of ten (1000, 10^-3): definitions, not measurements."""
    v = terms[i].value
    if terms[i].decimals == 0 and v > 0 and (v.log10() % 1 == 0 if v >= 1 else False):
        return True
    if v == 44 and i + 1 < len(terms) and ops[i] == "÷" and terms[i + 1].value == 12:
        return True
    return v == 12 and i > 0 and ops[i - 1] == "÷" and terms[i - 1].value == 44


_GWP_HEAD = re.compile(r"GWP|全球变暖潜|全球增温潜|增温潜势")


def _published(engine: Engine, n: Num) -> bool:
    ref = getattr(engine, "ref", None)
    return ref is not None and n.is_value and n.value > 0 and ref.is_published(n.value)


def _hidden_ncv(engine: Engine, rel: Relation, printed: Num, calc: Calc) -> None:
    """A per-GJ factor applied to a mass or volume: the product holds only through a default NCV."""
    label = (rel.item.group + " " + rel.item.label) if rel.item else rel.printed.label
    bare = printed.with_unit(None)
    for fd in engine.ref.fuels:
        if not fd.ncv or fd.name_zh not in label:
            continue
        ncv = engine.const(fd.ncv, None, f"{fd.ncv} {fd.ncv_unit}")
        lhs = calc.formula.split(" = ")[0]
        with_ncv = engine.product(Calc(calc.value, calc.lo, calc.hi, lhs, calc.inputs, None, calc.notes, lhs), ncv)
        for k in range(-9, 10):
            if engine.agrees(bare, _scaled(with_ncv, k)) is not Verdict.DISAGREES:
                rel.notes.append("hidden_ncv")
                rel.hidden = (fd, k)
                rel.calc = Calc(with_ncv.value * Decimal(1).scaleb(k), with_ncv.lo * Decimal(1).scaleb(k),
                                with_ncv.hi * Decimal(1).scaleb(k),
                                f"{with_ncv.formula.split(' = ')[0]}{f' × 10^{k}' if k else ''} = "
                                f"{(with_ncv.value * Decimal(1).scaleb(k)).normalize():f}",
                                with_ncv.inputs, None, with_ncv.notes)
                return


def _other_ncv(engine: Engine, rel: Relation, printed: Num, terms: list[Q], extra: list) -> None:
    """The printed NCV does not reproduce the result, but the fuel's other default NCV does."""
    label = (rel.item.group + " " + rel.item.label) if rel.item else rel.printed.label
    ncv_q = next(q for q in terms if q.role == "ncv")
    for fd in engine.ref.fuels:
        if not fd.ncv or fd.name_zh not in label or fd.ncv == ncv_q.value:
            continue
        nums = [(_fraction(_num(q)) if (q.unit == "%" or q.num.percent or (q.role == "of" and q.value > 1)) else _num(q))
                if q is not ncv_q else engine.const(fd.ncv, None, f"{fd.ncv} {fd.ncv_unit}") for q in terms]
        calc = engine.product(*nums, *extra)
        k, v = _best_scale(engine, printed, calc)
        if k is not None and v is Verdict.AGREES:  # a substitution must reproduce the figure, not just reach it
            rel.notes.append("ncv_not_used")
            rel.hidden = (fd, ncv_q)
            rel.calc = calc
            return


# --------------------------------------------------------------------------- shares


def shares(engine: Engine, tables: list[TypedTable]) -> list[Relation]:
    out: list[Relation] = []
    for t in tables:
        share_cols = [c for c in range(len(t.header)) if t.roles[c] == "share"
                      or (t.roles[c] is None and _percent_column(t, c))]
        if not share_cols:
            continue
        totals = [it for it in t.items if it.is_total and not it.is_subtotal] or \
            [it for it in t.items if it.is_total][-1:]
        for sc in share_cols:
            col_start = len(out)
            rows = [it for it in t.items if not it.is_total and sc < len(it.cells)]
            # a 小计 row carrying the share of its group whose own rows carry none (`直接排放小计 |
            # 11,838.53 | 18.49`) is one of the parts of 100 %
            grand = totals[-1] if totals else None
            since: list[Item] = []
            for it in t.items:
                if not it.is_total:
                    since.append(it)
                    continue
                if it is not grand and sc < len(it.cells) and it.cells[sc] is not None and it.cells[sc].num.is_value \
                        and not any(sc < len(x.cells) and x.cells[sc] is not None for x in since):
                    rows.append(it)
                since = []
            rows.sort(key=lambda it: t.items.index(it))
            # the value column the shares are of: the nearest numeric non-share column to the left
            vc = next((c for c in range(sc - 1, -1, -1) if t.roles[c] not in ("share", "seq", "factor", "unit")
                       and any(it.cells[c] is not None and it.cells[c].num.is_value for it in t.items)), None)
            total_q = None
            if vc is not None and totals and vc < len(totals[-1].cells) and totals[-1].cells[vc] is not None:
                total_q = totals[-1].cells[vc]
            denominators = []
            # a 合计 row whose own share is not 100 % (`合计 980.80 … 67.36`): the rows are shares of
            # a larger whole, total ÷ its share, not of this table's 合计
            t_share = totals[-1].cells[sc] if totals and sc < len(totals[-1].cells) else None
            whole = None
            if t_share is not None and t_share.num.is_value and t_share.value > 0:
                ts = Num(t_share.value, t_share.num.text, t_share.num.decimals)
                # 99.99 or 100.01 is 100 % by rounding; 95.88 or 67.36 is a part of the product
                if abs(ts.value - 100) > Decimal("0.5"):
                    whole = ts
            if total_q is not None and whole is not None:
                denom = engine.ratio(engine.product(_num(total_q, False), engine.const(100)), whole)
                for it in rows:
                    part, sh = it.cells[vc] if vc < len(it.cells) else None, it.cells[sc]
                    if part is None or sh is None or not (part.num.is_value and sh.num.is_value):
                        continue
                    calc = engine.share(_num(part, False), denom)
                    pct = Num(sh.value, sh.num.text, sh.num.decimals).with_loc(sh.page, sh.line)
                    verdict = engine.agrees(pct, Calc(calc.value, calc.lo, calc.hi, calc.formula, calc.inputs, None, calc.notes))
                    out.append(Relation("share", sh, calc, verdict, [part, total_q, t_share], t, it))
                total_q = None   # the share sum below is judged against the printed share, not 100
            if total_q is not None:
                denominators.append(_num(total_q, False))
                parts_v = [it.cells[vc] for it in rows if vc < len(it.cells) and it.cells[vc] is not None
                           and it.cells[vc].num.is_value]
                if len(parts_v) >= 2:
                    s_calc = engine.total([_num(p, False) for p in parts_v])
                    if engine.agrees(_num(total_q, False), s_calc) is Verdict.DISAGREES:
                        denominators.append(s_calc)  # the printed total is the wrong one (AC101)
            for it in rows if total_q is not None else []:
                part, sh = it.cells[vc] if vc < len(it.cells) else None, it.cells[sc]
                if part is None or sh is None or not (part.num.is_value and sh.num.is_value):
                    continue
                if len(denominators) > 1:
                    alt = engine.share(_num(part, False), denominators[1])
                    pct0 = Num(sh.value, sh.num.text, sh.num.decimals)
                    if engine.agrees(pct0, Calc(alt.value, alt.lo, alt.hi, alt.formula, alt.inputs)) is not Verdict.DISAGREES:
                        continue
                calc = engine.share(_num(part, False), _num(total_q, False))
                printed = sh.num.with_unit(None).with_loc(sh.page, sh.line)
                pct = Num(printed.value, printed.text, printed.decimals)
                verdict = engine.agrees(pct, Calc(calc.value, calc.lo, calc.hi, calc.formula, calc.inputs, None, calc.notes))
                # shares printed as fractions (0.4841) rather than percent
                if verdict is Verdict.DISAGREES and sh.value <= 1 and not sh.num.percent:
                    frac = Calc(calc.value / 100, calc.lo / 100, calc.hi / 100, calc.formula, calc.inputs, None)
                    if engine.agrees(pct, frac) is not Verdict.DISAGREES:
                        continue
                out.append(Relation("share", sh, calc, verdict, [part, total_q], t, it))
            # a slip makes one share wrong; most of a column wrong means the column is a share of
            # something else (each row's own total, another year): it was not understood
            col = [r for r in out[col_start:] if r.kind == "share"]
            bad = sum(r.verdict.flagged for r in col)
            if bad and (bad * 2 > len(col) if len(col) >= 3 else bad == len(col) and whole is not None):
                del out[col_start:]
            # the shares themselves should add up to 100 %
            share_rows = [it for it in rows if it.cells[sc] is not None and it.cells[sc].num.is_value]
            if vc is not None:  # `其中：…` rows repeat part of the row above: not shares of the total
                vals = [it.cells[vc] for it in share_rows if vc < len(it.cells) and it.cells[vc] is not None
                        and it.cells[vc].num.is_value]
                if len(vals) == len(share_rows):
                    kids = _children(engine, vals, strict=True)
                    share_rows = [it for i, it in enumerate(share_rows) if i not in kids]
            parts = [it.cells[sc] for it in share_rows]
            if whole is not None and len(parts) >= 2:
                calc = engine.total([p.num.with_unit(None) for p in parts])
                out.append(Relation("share_sum", t_share, calc, engine.agrees(whole, calc), parts, t, None,
                                    notes=[f"whole:{t_share.num.text}"]))
            elif len(parts) >= 2 and len({p.value for p in parts}) == 1:
                pass   # one ratio applied to every row (`分配比例 40.00%`): not a split of a whole
            elif len(parts) >= 2 and Decimal(50) <= sum(p.value for p in parts) <= Decimal(150):
                calc = engine.total([p.num.with_unit(None) for p in parts])
                # exactly 100 % must lie within what the rounded shares can add up to
                anchor = totals[-1].cells[sc] if totals and sc < len(totals[-1].cells) and totals[-1].cells[sc] else parts[-1]
                if not all(p.value <= 1 for p in parts):
                    ok = calc.lo <= 100 <= calc.hi
                    out.append(Relation("share_sum", anchor, calc, Verdict.AGREES if ok else Verdict.DISAGREES, parts, t, None))
    return out


_PROSE_SHARE = re.compile(
    r"(?P<part>\d[\d,]*(?:\.\d+)?)\s*(?P<pu>[A-Za-z][A-Za-z0-9]*)?\s*[，,]?\s*(?:约)?占(?P<what>[^，。；;\d]{0,14}?)"
    r"(?P<total>\d[\d,]*(?:\.\d+)?)\s*(?P<tu>[A-Za-z][A-Za-z0-9]*)?\s*的\s*(?:比例为|比重为)?\s*(?P<pct>\d+(?:\.\d+)?)\s*%")


def prose_shares(engine: Engine, report) -> list[Relation]:
    """`…排放 39770.82 tCO2e，占排放总量 109241.45 tCO2e 的 38.41%`: a share stated with both its
    part and its whole in one sentence."""
    from .parse.facts import norm

    out: list[Relation] = []
    for loc in report.lines:
        t = norm(loc.text)
        if "占" not in t or "%" not in t:
            continue
        for m in _PROSE_SHARE.finditer(t):
            part, total, pct = (parse_number(m.group(k)) for k in ("part", "total", "pct"))
            if not (part and total and pct) or not (part.is_value and total.is_value and pct.is_value):
                continue
            pu, tu = m.group("pu"), m.group("tu")
            if pu and tu and parse_unit(pu) and parse_unit(tu) and not _same_dimension(parse_unit(pu), parse_unit(tu)):
                continue
            if total.value <= 0 or part.value > total.value:
                continue
            calc = engine.share(part, total)
            q = Q(num=pct.with_loc(loc.page, loc.line), unit="%", role="share", header="",
                  label=t[max(0, m.start() - 16):m.start()].strip(" ，,") or "占比", page=loc.page, line=loc.line,
                  row_text=t, table=-1, row=-1, col=-1, cell_text=m.group("pct") + "%")
            qp = Q(num=part, unit=pu, role="result", header="", label="", page=loc.page, line=loc.line, row_text=t,
                   table=-1, row=-1, col=-2, cell_text=m.group("part"))
            qt = Q(num=total, unit=tu, role="total", header="", label="", page=loc.page, line=loc.line, row_text=t,
                   table=-1, row=-1, col=-3, cell_text=m.group("total"))
            pct_n = Num(pct.value, pct.text, pct.decimals)
            verdict = engine.agrees(pct_n, Calc(calc.value, calc.lo, calc.hi, calc.formula, calc.inputs, None, calc.notes))
            out.append(Relation("share", q, calc, verdict, [qp, qt], None, None))
    return out


# --------------------------------------------------------------------------- summary vs body


def _groups(t: TypedTable) -> dict[str, list[Q]]:
    """Result cells of a body table by group (the first column, continued over blank cells)."""
    rc = t.columns("result")
    if not rc:
        return {}
    groups: dict[str, list[Q]] = {}
    for it in t.items:
        if it.is_total or not it.group:
            continue
        q = it.cells[rc[0]] if rc[0] < len(it.cells) else None
        groups.setdefault(it.group, [])
        if q is not None and q.num.is_value:
            groups[it.group].append(q)
    return groups


def stage_sums(engine: Engine, tables: list[TypedTable]) -> list[Relation]:
    """A summary row (stage, source) against the sum of the body rows of the same name in another table."""
    from .parse.vocab import similar

    out: list[Relation] = []
    bodies = [(t, _groups(t)) for t in tables]
    for s_t in tables:
        vals = [c for c in range(len(s_t.header)) if s_t.roles[c] in ("result", None)
                and any(it.cells[c] is not None and it.cells[c].num.is_value and it.cells[c].unit != "%"
                        for it in s_t.items if c < len(it.cells))]
        if len(vals) != 1 or not s_t.columns("share") and not any(it.is_total for it in s_t.items):
            continue
        if s_t.columns("factor") and any(q.num.is_value for it in s_t.items for q in it.role("factor")):
            continue  # a calculation table (mass × factor): its rows are computed, not summed from elsewhere
        vc = vals[0]
        matched: list[tuple] = []
        for it in s_t.items:
            q = it.cells[vc] if vc < len(it.cells) else None
            if it.is_total or q is None or not q.num.is_value:
                continue
            best = None
            for b_t, groups in bodies:
                if b_t is s_t or not groups:
                    continue
                for g, qs in groups.items():
                    score = max(similar(it.label, g), similar(_re.sub(r"[（(].*?[）)]", "", it.label), g))
                    if score >= 90 and len(qs) >= 2 and (best is None or score > best[0]):
                        best = (score, b_t, qs)
            if best is None:
                continue
            _, b_t, qs = best
            inner = _re.findall(r"[（(](.*?)[）)]", it.label)
            if inner and any(similar(inner[0], p.label) >= 90 or inner[0] in p.label for p in qs):
                matched.append((it, q, qs, False))  # `运输(原材料运输)` names one line of the group
                continue
            if q.unit and any(p.unit for p in qs) and not any(parse_unit(p.unit or "") and parse_unit(q.unit)
                                                               and parse_unit(p.unit).dims == parse_unit(q.unit).dims
                                                               for p in qs):
                continue
            matched.append((it, q, qs, True))
        # two summary rows on one body group (`运输(原材料运输)`, `运输(成品交付)`) split it: not a stage total
        groups_used = [id(qs) for _, _, qs, _ in matched]
        for it, q, qs, whole in matched:
            if not whole or groups_used.count(id(qs)) > 1:
                continue
            calc = engine.total([_num(p, False) for p in qs])
            verdict = engine.agrees(_num(q, False), calc)
            if verdict is Verdict.DISAGREES and not _printed_as_a_row(engine, tables, s_t, it, q):
                out.append(Relation("stage", q, calc, verdict, qs, s_t, it))
    return out


def _printed_as_a_row(engine: Engine, tables: list[TypedTable], s_t: TypedTable, it: Item, q: Q) -> bool:
    """The summary figure is a row of the same name in another table (`牛皮箱板纸 599.37` in the
    material table, while the transport table splits 牛皮箱板纸 by mode): that row is its source."""
    from .parse.vocab import similar

    for t in tables:
        if t is s_t:
            continue
        for other in t.items:
            if similar(other.label, it.label) >= 90 and any(
                    c is not None and c.num.is_value and engine.agrees(_num(q, False), engine.calc(_num(c, False)))
                    is not Verdict.DISAGREES for c in other.cells):
                return True
    return False


_ENUM = re.compile(r"[（(]([^（）()]*[、，,][^（）()]*)[）)]")


def enumerated_sums(engine: Engine, tables: list[TypedTable]) -> list[Relation]:
    """`员工通勤（电动自行车、燃油小轿车、电动小轿车） 398.94` against the results of the items it lists."""
    from .parse.vocab import similar

    out: list[Relation] = []
    for s_t in tables:
        for it in s_t.items:
            m = _ENUM.search(it.label)
            vals = [q for q in it.numbers if q.num.is_value and q.unit != "%"]
            if not m or len(vals) != 1 or it.is_total:
                continue
            names = [n.strip() for n in re.split(r"[、，,]", m.group(1)) if n.strip()]
            if len(names) < 2:
                continue
            found: list[Q] = []
            for n in names:
                hits = []
                for t in tables:
                    if t is s_t or not t.columns("result"):
                        continue
                    for row in t.items:
                        tag = " ".join(x for x in (row.section, row.group, row.label) if x)
                        if n in tag or similar(n, row.label or row.section) >= 90:
                            rs = [q for q in row.role("result") if q.num.is_value]
                            if len(rs) == 1:
                                hits.append(rs[0])
                if len(hits) != 1:
                    break
                found.append(hits[0])
            else:
                calc = engine.total([_num(q, False) for q in found])
                verdict = engine.agrees(_num(vals[0], False), calc)
                if verdict is Verdict.DISAGREES:
                    out.append(Relation("stage", vals[0], calc, verdict, found, s_t, it))
    return out


_STATED_TOTAL = re.compile(r"(排放总量|总排放量|排放量总计|排放量合计|碳足迹为|碳足迹总量|足迹值为|总量为)[^0-9。；;]{0,24}?"
                           r"(?P<v>[-−]?\d[\d,]*(?:\.\d+)?)\s*(?P<u>(?:kg|g|t)?\s*CO2\s*e?q?|吨二氧化碳当量|吨CO2当量)")


_STATED_TAIL = re.compile(r"(排放总量|总排放量|碳足迹|足迹值|总量)(为|是|：|:)?\s*$")

_STATED_PART = re.compile(r"(范围\s*[一二三123]|类别\s*[1-6一二三四五六])[^0-9。；;，,]{0,12}?"
                          r"(?P<v>[-−]?\d[\d,]*(?:\.\d+)?)\s*(?P<u>[kgt]?\s*CO2\s*e?q?)")
_CN_NUM = str.maketrans("一二三四五六", "123456")


def _part_key(s: str) -> str | None:
    m = re.search(r"(范围|类别)\s*([一二三四五六1-6])", s)
    return (m.group(1) + m.group(2).translate(_CN_NUM)) if m else None


def stated_parts(engine: Engine, report) -> list[Relation]:
    """A scope / category figure quoted in the text that nearly equals, but is not, the table's figure for it."""
    from .numbers import parse_number

    rows: dict[str, list[Q]] = {}
    for it in report.items:
        key = _part_key(it.label) or _part_key(it.group)
        if key:
            for q in it.numbers:
                if q.num.is_value and q.unit != "%" and q.role in ("result", "total", None) and q.value > 0:
                    rows.setdefault(key, []).append(q)
    out: list[Relation] = []
    for loc in report.lines:
        if "|" in loc.text or "\t" in loc.text:
            continue
        for m in _STATED_PART.finditer(loc.text):
            key = _part_key(m.group(1))
            qs = [q for q in rows.get(key, []) if not (q.page == loc.page and q.line == loc.line)]
            n = parse_number(m.group("v").replace(",", "").replace("−", "-"))
            if not qs or n is None or not n.is_value:
                continue
            if any(engine.agrees(n, engine.calc(_num(q, False))) is not Verdict.DISAGREES for q in qs):
                continue
            near = [q for q in qs if abs(q.value - n.value) / q.value < Decimal("0.02")]
            if near:
                T = near[0]
                q = Q(num=n, unit=m.group("u"), role="total", header="", label=m.group(1), page=loc.page,
                      line=loc.line, row_text=loc.text, table=-1, row=0, col=0, cell_text=m.group(0))
                table = next((t for t in report.tables if t.index == T.table), None)
                out.append(Relation("stated", q, engine.calc(_num(T, False)), Verdict.DISAGREES, [T], table, None))
    return out


def stated_totals(engine: Engine, report) -> list[Relation]:
    """A total quoted in the text (conclusion, summary) that nearly, but not exactly, equals a table's total."""
    from .numbers import parse_number
    from .parse.facts import Loc

    totals = [q for it in report.items if it.is_total and not it.is_subtotal for q in it.numbers
              if q.num.is_value and q.unit != "%" and q.value > 0]
    out: list[Relation] = []
    lines = report.lines
    for i, loc in enumerate(lines):
        text = loc.text
        if _STATED_TAIL.search(text) and i + 1 < len(lines):
            # `…单位产品碳足迹为` / `5.3397 kgCO2e/件（从摇篮到坟墓）。`: the figure wrapped to the next line
            nxt = lines[i + 1]
            loc = Loc(text + nxt.text, nxt.page, nxt.line, nxt.text)
        for m in _STATED_TOTAL.finditer(loc.text):
            n = parse_number(m.group("v").replace(",", "").replace("−", "-"))
            if n is None or not n.is_value or n.value <= 0:
                continue
            near = []
            for T in totals:
                if T.page == loc.page and T.line == loc.line:
                    continue
                c = engine.calc(_num(T, False))
                v = engine.agrees(n, Calc(c.value, c.value, c.value, c.formula, c.inputs))
                if v is not Verdict.DISAGREES:
                    near = []
                    break  # the quoted figure is a printed total
                if abs(T.value - n.value) / T.value < Decimal("0.02"):
                    near.append(T)
            if near:
                q = Q(num=n, unit=m.group("u"), role="total", header="", label=m.group(1), page=loc.page,
                      line=loc.line, row_text=loc.text, table=-1, row=0, col=0, cell_text=m.group(0))
                T = near[0]
                table = next((t for t in report.tables if t.index == T.table), None)
                out.append(Relation("stated", q, engine.calc(_num(T, False)), Verdict.DISAGREES, [T], table, None))
    return out


# --------------------------------------------------------------------------- derived figures

import re as _re

_ANNUAL = _re.compile(r"年(消)?耗量|年(使)?用量|全年|年度|年消耗|总(消耗|用)量|年采购")
_PER_UNIT = _re.compile(r"单耗|单位产品|每\s*(套|台|件|吨|块|个|只|片)|/\s*(t\s*)?(套|台|件|块|个|只|片|功能单位)|功能单位")
_INTENSITY = _re.compile(r"强度|单位.{0,6}产品.{0,8}(排放|碳足迹)|吨.{0,6}产品.{0,4}排放|单位.{0,6}碳足迹")


def _unit_after(t: TypedTable, it: Item, col: int) -> str | None:
    """The unit of a value: printed in its cell (`247.8316 万kWh`), else its column's header, else
    a 单位 column right after it in this row."""
    q = it.cells[col] if col < len(it.cells) else None
    if q is not None and q.unit and q.unit != "%" and parse_unit(q.unit):
        return q.unit
    if t.units[col]:
        return t.units[col]
    nxt = col + 1
    if nxt < len(t.roles) and t.roles[nxt] == "unit" and nxt < len(it.texts) and parse_unit(it.texts[nxt] or ""):
        return it.texts[nxt]
    return None


def _row_scale(annual_unit: str | None, per_unit: str | None) -> int | None:
    """10^k from annual units to the per-unit figure's numerator (t → kg/块: 3), when both are known."""
    if not annual_unit or not per_unit:
        return None
    num = _re.split(r"[/／]", per_unit)[0].strip()
    k = convert(Decimal(1), annual_unit, num) if num else None
    if k is None or isinstance(k, DimensionMismatch) or k <= 0:
        return None
    e = k.adjusted()
    return e if Decimal(1).scaleb(e) == k.normalize() else None


def per_unit(engine: Engine, report) -> list[Relation]:
    """Per-unit consumption columns against annual consumption ÷ the stated output.

    Each row's unit step comes from its own units (t → kg/块, 片 → 片/块) where printed, else from
    the step most rows agree on.
    """
    out: list[Relation] = []
    outputs = [n for n, _ in report.facts.outputs]
    if not outputs:
        return out
    for t in report.tables:
        ann = [i for i, h in enumerate(t.header) if _ANNUAL.search(h) and not _PER_UNIT.search(h)]
        per = [i for i, h in enumerate(t.header) if _PER_UNIT.search(h) and i not in ann]
        if not ann or not per:
            continue
        a, p = ann[0], per[0]
        rows = [it for it in t.items if not it.is_total and max(a, p) < len(it.cells)
                and it.cells[a] is not None and it.cells[p] is not None
                and it.cells[a].num.is_value and it.cells[p].num.is_value]
        if len(rows) < 3:
            continue
        for o in dict.fromkeys(outputs):
            checks = []
            votes: dict[int, int] = {}
            for it in rows:
                c = engine.ratio(_num(it.cells[a], False), o.with_unit(None))
                k_units = _row_scale(_unit_after(t, it, a), _unit_after(t, it, p))
                k, _ = _best_scale(engine, _num(it.cells[p], False), c)
                if k is not None:
                    votes[k] = votes.get(k, 0) + 1
                checks.append((it, c, k_units, k))
            agreeing = sum(1 for _, _, ku, k in checks if k is not None and (ku is None or ku == k))
            if agreeing < max(2, (len(rows) + 1) // 2):
                continue
            majority = max(votes.items(), key=lambda kv: kv[1])[0]
            for it, c, k_units, k in checks:
                step = k_units if k_units is not None else majority
                sc = _scaled(c, step)
                if engine.agrees(_num(it.cells[p], False), sc) is not Verdict.DISAGREES:
                    continue
                ua, up = _unit_after(t, it, a) or "", _unit_after(t, it, p) or ""
                lhs = f"{it.cells[a].text} {ua} ÷ {o.text} {o.unit or ''}".replace("  ", " ")
                sc = Calc(sc.value, sc.lo, sc.hi, f"{lhs} = {sc.value:.4g} {up}".strip(), c.inputs)
                notes = [f"{agreeing}/{len(rows)} rows agree", f"output {o.text} {o.unit or ''}"]
                if k is not None and k != step:
                    notes.append(f"off_scale {k - step}")  # right digits, wrong unit (kg printed in a g column)
                out.append(Relation("per_unit", it.cells[p], sc, Verdict.DISAGREES, [it.cells[a]], t, it, scale=step,
                                    notes=notes))
            break
    return out


# a ratio row naming its terms: `单位合格品排放量 | 0.5303 | tCO2/t | 排放总量 ÷ 合格品产量`
_NAMED_RATIO = _re.compile(r"([\u4e00-\u9fff]{2,14})\s*[÷／/]\s*([\u4e00-\u9fff][\u4e00-\u9fff（）()]{1,14})")
_GRAND = _re.compile(r"排放总量|总排放量|排放量合计|碳排放总量|总排放")
_EMISSION_UNIT = _re.compile(r"CO2|碳|当量", _re.I)


def _label_core(label: str) -> str:
    return _re.sub(r"[（(][^）)]*[）)]", "", label).strip()


def _named_item(items: list[Item], name: str, skip: Item) -> Item | None:
    """The row a ratio names (`合格品产量`): exact label first, then the closest label (≥ 85)."""
    from .parse.vocab import similar

    cands = [it for it in items if it is not skip and any(q.num.is_value for q in it.numbers)]
    exact = [it for it in cands if _row_name(it) == name] or [it for it in cands if _label_core(_row_name(it)) == name]
    if exact:
        return exact[0]
    scored = sorted(((similar(_label_core(_row_name(it)), name), -len(it.label), i) for i, it in enumerate(cands)),
                    reverse=True)
    if scored and scored[0][0] >= 85 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return cands[scored[0][2]]
    return None


def _row_name(it: Item) -> str:
    """The row's name cell (`合格品产量（重量箱）`), without the source or method cells."""
    return next((t.strip() for t in it.texts if t.strip() and cell_number(t) is None), it.label)


def _value_q(it: Item) -> Q | None:
    return next((q for q in it.numbers if q.num.is_value and q.unit != "%" and q.role != "seq"), None)


def named_ratios(engine: Engine, report) -> tuple[list[Relation], set[int]]:
    """Ratio rows whose method names numerator and denominator, recomputed from those rows.

    Returns the disagreeing relations and the ids of the items resolved (agreeing or not), which
    the unnamed intensity search then leaves alone.
    """
    out: list[Relation] = []
    done: set[int] = set()
    all_items = list(report.items)
    totals = [it for it in all_items if it.is_total]
    for t in report.tables:
        for it in t.items:
            m = _NAMED_RATIO.search(it.row_text)
            q = _value_q(it)
            if m is None or q is None or "=" in it.row_text:
                continue
            a_name, b_name = m.group(1), _label_core(m.group(2))
            den = _named_item(t.items, b_name, it) or _named_item(all_items, b_name, it)
            num_it = _named_item(totals, a_name, it)
            if num_it is None and _GRAND.search(a_name):
                # `排放总量` not printed as a row label: the largest total of an emissions table
                em = [x for x in totals if (v := _value_q(x)) is not None and v.value > 0
                      and _emission_table(report, x)]
                num_it = max(em, key=lambda x: _value_q(x).value) if em else None
            if den is None or num_it is None or num_it is it or den is it:
                continue
            nq, dq = _value_q(num_it), _value_q(den)
            if nq is None or dq is None or dq.value == 0:
                continue
            done.add(id(it))
            c = engine.ratio(_num(nq), _num(dq))
            k = _unit_scale(engine, _num(q), c)
            if k is not None:
                v = engine.agrees(_num(q, False), _scaled(Calc(c.value, c.lo, c.hi, c.formula, c.inputs), k))
                if v is not Verdict.DISAGREES:
                    continue
            else:
                k, v = _best_scale(engine, _num(q, False), c, it.row_text)
                if k is not None:
                    continue
                # no power of ten reconciles: take the nearest, and only a near miss (within 1.5×)
                k = min(SCALES + WAN_SCALES, key=lambda kk: abs((c.value * Decimal(1).scaleb(kk) / q.value).ln())
                        if c.value and q.value > 0 else Decimal(99))
                r = c.value * Decimal(1).scaleb(k) / q.value if q.value else Decimal(0)
                if not (Decimal("0.67") < r < Decimal("1.5")):
                    continue
            sc = _scaled(Calc(c.value, c.lo, c.hi, c.formula, c.inputs), k)
            formula = (f"{nq.text}（{_row_name(num_it)}） ÷ {dq.text}（{_row_name(den)}）"
                       f" = {sc.value:.6g}")
            for alt in t.items:   # which other row of the table the printed figure was divided by
                aq = _value_q(alt)
                if alt in (it, den) or aq is None or aq.value <= 0 or aq.unit != dq.unit:
                    continue
                ac = _scaled(engine.ratio(_num(nq), _num(aq)), k)
                if engine.agrees(_num(q, False), Calc(ac.value, ac.lo, ac.hi, ac.formula, ac.inputs)) \
                        is not Verdict.DISAGREES:
                    formula += f"；{q.text} = {nq.text} ÷ {aq.text}（{_row_name(alt)}）"
                    break
            out.append(Relation("intensity", q, Calc(sc.value, sc.lo, sc.hi, formula, sc.inputs),
                                Verdict.DISAGREES, [nq, dq], t, it, scale=k))
    return out, done


_DEFINITION = re.compile(
    r"(?P<name>[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff（）() ]{0,20}?)\s*[=＝]\s*"
    r"(?P<a>[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff ]{1,24}?)\s*[÷/／]\s*"
    r"(?P<b>[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff ]{1,24}?)\s*(?:[。；;，,（(]|$)")


def _column_for(t: TypedTable, name: str, taken: set[int]) -> int | None:
    from .parse.vocab import similar

    best = None
    for i, h in enumerate(t.header):
        if i in taken or not h:
            continue
        core = _label_core(h).replace(" ", "")
        sc = 100.0 if core == name.replace(" ", "") else similar(core, name)
        # ties (`数据中心` and `总用电量` both inside `数据中心总用电量`) go to the head noun, which
        # Chinese puts last, then to the longer header
        key = (sc, name.replace(" ", "").endswith(core), len(core))
        if sc >= 85 and (best is None or key > best[0]):
            best = (key, i)
    return best[1] if best else None


def defined_columns(engine: Engine, report) -> list[Relation]:
    """A column the text defines as a ratio of two others (`PUE = 数据中心总用电量 ÷ IT 设备用电量`),
    recomputed on every row of the table that holds all three."""
    defs = []
    for loc in report.lines:
        for m in _DEFINITION.finditer(loc.text):
            name, a, b = (m.group(g).strip() for g in ("name", "a", "b"))
            if name and a and b and name != a:
                defs.append((name, a, b))
    out: list[Relation] = []
    for name, a, b in dict.fromkeys(defs):
        for t in report.tables:
            c = _column_for(t, name, set())
            if c is None:
                continue
            ca = _column_for(t, a, {c})
            cb = _column_for(t, b, {c} | ({ca} if ca is not None else set()))
            if ca is None or cb is None:
                continue
            for it in t.items:
                cells = [it.cells[i] if i < len(it.cells) else None for i in (c, ca, cb)]
                if any(q is None or not q.num.is_value for q in cells):
                    continue
                q, qa, qb = cells
                if qb.value == 0:
                    continue
                ua, ub = t.units[ca], t.units[cb]
                calc = engine.ratio(_num(qa, False), _num(qb, False))
                if ua and ub and parse_unit(ua) and parse_unit(ub) and _same_dimension(ua, ub):
                    k = convert(Decimal(1), parse_unit(ua), parse_unit(ub))
                    k = k.adjusted() if not isinstance(k, DimensionMismatch) and k == Decimal(1).scaleb(k.adjusted()) else None
                    if k is None:
                        continue
                    v = engine.agrees(_num(q, False), _scaled(calc, k))
                else:
                    k, v = _best_scale(engine, _num(q, False), calc, it.row_text)
                    if k is None:
                        continue
                sc = _scaled(calc, k)
                formula = f"{qa.text}（{_label_core(t.header[ca])}） ÷ {qb.text}（{_label_core(t.header[cb])}） = {sc.value:.6g}"
                out.append(Relation("defined", q, Calc(sc.value, sc.lo, sc.hi, formula, sc.inputs), v, [qa, qb], t, it,
                                    scale=k))
    return out


def _emission_table(report, it: Item) -> bool:
    """Whether a total row sits in an emissions table (its header or unit names CO2 / 排放量)."""
    v = _value_q(it)
    for t in report.tables:
        if it in t.items:
            head = " ".join(t.header)
            return bool(_EMISSION_UNIT.search(v.unit or "") or re.search(r"排放量|CO2|碳足迹", head))
    return False


def intensity(engine: Engine, report) -> list[Relation]:
    """An intensity (emission per output) that nearly, but not within rounding, equals a total ÷ output."""
    out, named = named_ratios(engine, report)
    outputs = list(dict.fromkeys(n for n, _ in report.facts.outputs))
    if not outputs:
        return out
    totals = [q for it in report.items if it.is_total for q in it.numbers if q.num.is_value and q.unit != "%"]
    for t in report.tables:
        for it in t.items:
            if not _INTENSITY.search(it.label) or "=" in it.row_text or id(it) in named:
                continue
            for q in it.numbers:
                if not q.num.is_value or q.unit == "%":
                    continue
                best = None
                for T in totals:
                    for o in outputs:
                        c = engine.ratio(_num(T, False), o.with_unit(None))
                        k, v = _best_scale(engine, _num(q, False), c)
                        if k is not None:
                            best = None
                            break
                        for kk in (0, 3, -3):
                            sc = _scaled(c, kk)
                            if sc.value and abs(sc.value - q.value) / abs(sc.value) < Decimal("0.05"):
                                if best is None:
                                    best = Relation("intensity", q, Calc(sc.value, sc.lo, sc.hi,
                                                    f"{T.text} ÷ {o.text} {o.unit or ''} = {sc.value:.6g}", sc.inputs),
                                                    Verdict.DISAGREES, [T], t, it, scale=None)
                    else:
                        continue
                    break
                else:
                    if best is not None:
                        out.append(best)
    return out


# --------------------------------------------------------------------------- volume ↔ mass

_DENSITY_TEXT = re.compile(
    r"1\s*(?:t|吨)\s*(?P<fuel>[\u4e00-\u9fff]{0,6}?)\s*[=＝]\s*(?P<lpt>\d[\d,]*(?:\.\d+)?)\s*(?:L|升)"
    r"|(?P<dens>\d+(?:\.\d+)?)\s*kg\s*/\s*L")
_VOLUME = re.compile(r"(?P<v>\d[\d,]*(?:\.\d+)?)\s*(?:L|升)(?![A-Za-z])")
_MASS_RESULT = re.compile(r"(?:折合|折算为|换算为|折算|合计)\s*(?P<m>\d[\d,]*(?:\.\d+)?)\s*(?:t|吨)(?![A-Za-z])")


def densities(engine: Engine, report) -> list[Relation]:
    """`1 t 汽油 = 1379 L，折合 28.60 t` / `按0.73 kg/L折合12.37 t` against the volume printed with it."""
    from .numbers import parse_number

    out: list[Relation] = []
    lines = report.lines
    for i, loc in enumerate(lines):
        segs = re.split(r"[；;。]", loc.text)
        for si, seg in enumerate(segs):
            mr = _MASS_RESULT.search(seg)
            md = _DENSITY_TEXT.search(seg)
            if not mr or not md:
                continue
            vols = _volumes(seg, md)
            if not vols and si == 0:  # the volume sits just above (`填报数据：38,620 L`)
                for j in range(i - 1, max(-1, i - 4), -1):
                    vols = _volumes(lines[j].text, None)
                    if vols:
                        break
            if not vols:
                continue
            vol = parse_number(vols[-1].group("v").replace(",", ""))
            mass = parse_number(mr.group("m").replace(",", ""))
            if vol is None or mass is None or not (vol.is_value and mass.is_value):
                continue
            if md.group("lpt"):
                lpt = parse_number(md.group("lpt").replace(",", ""))
                calc = engine.ratio(vol.with_unit("L"), lpt.with_unit("L/t"))
            else:
                dens = parse_number(md.group("dens"))
                calc = engine.product(vol.with_unit("L"), dens.with_unit("kg/L"))
            printed = mass.with_unit("t").with_loc(loc.page, loc.line)
            verdict = engine.agrees(printed, calc)
            q = Q(num=mass, unit="t", role="result", header="", label=seg[:30], page=loc.page, line=loc.line,
                  row_text=loc.text, table=-1, row=i, col=0, cell_text=mr.group(0))
            vq = Q(num=vol, unit="L", role="activity", header="", label="", page=loc.page, line=loc.line,
                   row_text=loc.text, table=-1, row=i, col=0, cell_text=vols[-1].group(0))
            out.append(Relation("density", q, calc, verdict, [vq], None, None))
    return out


def _volumes(text: str, density: re.Match | None) -> list[re.Match]:
    """Volumes in a text, not counting the density's own litres (`1 t = 1379 L`, `1190 L/t`)."""
    out = []
    for m in _VOLUME.finditer(text):
        if density is not None and density.start() <= m.start() < density.end():
            continue
        if re.match(r"\s*/\s*(t|吨)", text[m.end():]):
            continue
        out.append(m)
    return out


# --------------------------------------------------------------------------- prose formulas


@dataclass
class FormulaCheck:
    formula: object               # parse.formulas.Formula
    printed: Num                  # the result as printed (with its location)
    calc: Calc
    verdict: Verdict
    scale: int | None
    unit_scale: int | None

    @property
    def ops(self) -> set[str]:
        return set(self.formula.ops)


def _evaluate(engine: Engine, terms: list[Num], ops: list[str]) -> Calc:
    """× and ÷ bind before + and −, as printed formulas are read."""
    groups: list[tuple[str, Calc]] = []
    cur = engine.calc(terms[0])
    sign = "+"
    for op, t in zip(ops, terms[1:]):
        if op == "×":
            cur = engine.product(cur, t)
        elif op == "÷":
            cur = engine.ratio(cur, t)
        else:
            groups.append((sign, cur))
            sign, cur = op, engine.calc(t)
    groups.append((sign, cur))
    if len(groups) == 1:
        return groups[0][1]
    parts = [c if s == "+" else engine.product(c, Decimal(-1)) for s, c in groups]
    return engine.total(parts)


def formulas(engine: Engine, report) -> list[FormulaCheck]:
    out = []
    for f in report.formulas:
        terms = [t.num.with_unit(t.unit).with_loc(f.page, f.line) for t in f.terms]
        if any(not t.is_value for t in terms):
            continue
        # `× 98% ×`: a percentage multiplies as the fraction it is (in `34.35% + 0.08%` it adds as printed)
        ops = list(f.ops)
        terms = [_fraction(n) if (n.percent or (n.unit or "").strip() in ("%", "％")) and
                 any(o in "×÷" for o in ops[max(0, i - 1):i + 1]) else n for i, n in enumerate(terms)]
        # published defaults (389.31 GJ/万Nm3, 15.3 tC/TJ, 98 %), 44/12 and powers of ten are exact:
        # their printed digits are the constant, not a rounding
        printed_terms = [t.num for t in f.terms]       # judged as printed: 60.96 %, not 0.6096
        terms = [engine.exact(n) if _published(engine, printed_terms[i]) or _exact_constant(terms, ops, i) else n
                 for i, n in enumerate(terms)]
        try:
            calc = _evaluate(engine, terms, ops)
        except (ValueError, ArithmeticError):
            continue
        ratio_only = all(o in "×÷" for o in ops) and not any(t.num.text.endswith(("%", "％")) for t in f.terms)
        for r in f.results:
            printed = r.num.with_unit(r.unit).with_loc(f.page, f.line)
            if not printed.is_value:
                continue
            if printed.percent and ratio_only and calc.unit is None or printed.percent and ratio_only \
                    and calc.unit is not None and calc.unit.text == "1":
                # `μ = 8520 ÷ 8760 = 97.26%`: a ratio printed as a percentage
                calc = engine.product(calc, engine.const(100))
                calc = Calc(calc.value, calc.lo, calc.hi, calc.formula.split(" = ")[0] + f" = {calc.value.normalize():f} %",
                            calc.inputs, parse_unit("%"), calc.notes)
            k, verdict = _best_scale(engine, printed, calc)
            uk = _unit_scale(engine, printed, calc)
            c = calc
            if k:
                c = Calc(calc.value * Decimal(1).scaleb(k), calc.lo * Decimal(1).scaleb(k),
                         calc.hi * Decimal(1).scaleb(k),
                         f"{calc.formula.split(' = ')[0]} × 10^{k} = {(calc.value * Decimal(1).scaleb(k)).normalize():f}",
                         calc.inputs, None, calc.notes)
            out.append(FormulaCheck(f, printed, c, verdict, k, uk))
            calc = engine.calc(printed) if printed.unit else calc  # `= 0.14467 kg = 144.67 g` chains
    return out


def _percent_column(t: TypedTable, c: int) -> bool:
    """An unlabelled column of percentages is a share column only if it closes like one."""
    vals = [it.cells[c] for it in t.items if c < len(it.cells) and it.cells[c] is not None
            and it.cells[c].unit == "%" and not it.is_total]
    if len(vals) < 2:
        return False
    total = sum(q.value for q in vals)
    return any(it.is_total for it in t.items) or Decimal(90) <= total <= Decimal(110)


def off_scale_rows(rels: list[Relation]) -> set[int]:
    """ids of product relations whose numbers hold only at a power of ten the units do not imply,
    in tables where most rows hold at the units' own scale: those rows are miscomputed.

    Where the units are unreadable, rows printed with the same units follow one convention: the
    scale most of them share is the table's, and a row off it is a slip (judged against it).
    Computed once per relation list (rules call it repeatedly).
    """
    cached = getattr(rels, "_off_scale", None) if not isinstance(rels, list) else None
    key = id(rels)
    if key in _OFF_SCALE_CACHE and _OFF_SCALE_CACHE[key][0] is rels:
        return _OFF_SCALE_CACHE[key][1]
    by_table: dict[int, list[Relation]] = {}
    unreconciled: dict[int, list[Relation]] = {}
    for r in rels:
        if r.kind == "product" and r.scale is not None and "per_output" not in r.notes:
            by_table.setdefault(r.table.index, []).append(r)
        elif r.kind == "product" and r.scale is None:
            unreconciled.setdefault(r.table.index, []).append(r)
    out = set()
    for rs in by_table.values():
        known = [r for r in rs if r.unit_scale is not None]
        good = [r for r in known if r.scale == r.unit_scale]
        bad = [r for r in known if r.scale != r.unit_scale]
        if bad and len(good) > len(bad):
            out.update(id(r) for r in bad)
        unknown = [r for r in rs if r.unit_scale is None]
        groups: dict[tuple, list[Relation]] = {}
        for r in unknown:  # same printed units in every term: one convention
            groups.setdefault(tuple((p.role, p.unit or p.header) for p in r.parts) + ((r.printed.unit or r.printed.header),),
                              []).append(r)
        for g in groups.values():
            if len(g) < 3:
                continue
            counts: dict[int, int] = {}
            for r in g:
                counts[r.scale] = counts.get(r.scale, 0) + 1
            major, n = max(counts.items(), key=lambda kv: kv[1])
            if n * 2 > len(g):
                for r in g:
                    if r.scale != major:
                        r.table_scale = major
                        out.add(id(r))
                sig = next(iter(groups)) if len(groups) == 1 else None
                for r in unreconciled.get(g[0].table.index, []):  # shown at the table's convention
                    if r.unit_scale is None and (sig is None or True):
                        r.table_scale = major
    _OFF_SCALE_CACHE.clear()
    _OFF_SCALE_CACHE[key] = (rels, out)
    return out


_OFF_SCALE_CACHE: dict[int, tuple] = {}


_CONVERTIBLE_ROLES = ("activity", "result", "total", None)


def conversions(engine: Engine, tables: list[TypedTable]) -> list[Relation]:
    """The same quantity in two columns of one row, in two units (`电量（万kWh）` | `电量（MWh）`).

    Each later column is recomputed from the first one by unit conversion; columns are paired only
    when both headers print a unit of the same dimension and neither is a factor or share column.
    """
    out: list[Relation] = []
    for t in tables:
        cols = [(i, parse_unit(u)) for i, u in enumerate(t.units)
                if u and t.roles[i] in _CONVERTIBLE_ROLES and parse_unit(u) is not None]
        for a in range(len(cols)):
            for b in range(a + 1, len(cols)):
                (i, ui), (j, uj) = cols[a], cols[b]
                if ui.text == uj.text or not _same_dimension(ui, uj) or t.roles[i] != t.roles[j]:
                    continue
                if not _same_quantity(t.header[i], t.header[j]):
                    continue  # 总用电量（MWh） and IT 设备用电量（MWh）: two quantities, not one in two units
                for it in t.items:
                    if max(i, j) >= len(it.cells) or it.cells[i] is None or it.cells[j] is None:
                        continue
                    src, dst = it.cells[i], it.cells[j]
                    if not (src.num.is_value and dst.num.is_value):
                        continue
                    calc = engine.convert(src.num.with_unit(ui.text).with_loc(src.page, src.line), uj)
                    if isinstance(calc, DimensionMismatch):
                        continue
                    v = engine.agrees(dst.num.with_unit(None), Calc(calc.value, calc.lo, calc.hi, calc.formula, calc.inputs))
                    out.append(Relation("conversion", dst, calc, v, [src], t, it))
    return out


def _same_quantity(h1: str, h2: str) -> bool:
    from .parse.vocab import similar

    a, b = _label_core(h1), _label_core(h2)
    return bool(a) and (a == b or similar(a, b) >= 90)


def _same_dimension(a, b) -> bool:
    from .units import same_dimension

    return same_dimension(a, b)


def all_relations(engine: Engine, report) -> dict[str, list[Relation]]:
    cache = getattr(report, "_relations", None)
    if cache is None:
        cache = {"sum": sums(engine, report.tables), "product": products(engine, report.tables, tuple(dict.fromkeys(n for n, _ in report.facts.outputs))),
                 "share": shares(engine, report.tables) + prose_shares(engine, report), "formula": formulas(engine, report),
                 "per_unit": per_unit(engine, report), "intensity": intensity(engine, report),
                 "stage": stage_sums(engine, report.tables) + enumerated_sums(engine, report.tables), "density": densities(engine, report),
                 "stated": stated_totals(engine, report) + stated_parts(engine, report),
                 "conversion": conversions(engine, report.tables), "defined": defined_columns(engine, report)}
        report._relations = cache
    return cache


def coverage(engine: Engine, report) -> tuple[int, int]:
    """(numbers used by some check, numbers in data tables): how much of the report was checked.

    A data table has a result, total or share column. A number is used when it is the printed side
    or an input of any relation, or when the same printed figure is cross-checked elsewhere (a
    summary row repeating a body result, a figure printed twice in one row).
    """
    rels = all_relations(engine, report)
    used: set[tuple] = set()

    def mark(q):
        if isinstance(q, Q):
            used.add((q.table, q.row, q.col))

    for kind, rs in rels.items():
        if kind == "formula":
            continue
        for r in rs:
            mark(r.printed)
            for p in r.parts:
                mark(p)
    data = [t for t in report.tables if set(t.roles) & {"result", "share", "total"}]
    seen: dict[str, list[Q]] = {}
    for t in report.tables:
        for it in t.items:
            for q in it.numbers:
                if q.num.is_value and len(q.num.text.replace(",", "").lstrip("-").replace(".", "")) >= 4:
                    seen.setdefault(q.num.text.replace(",", ""), []).append(q)
    for qs in seen.values():  # one figure printed in two places: the quantity graph links them
        if len({(q.table, q.row) for q in qs}) > 1 or len(qs) > 1:
            for q in qs:
                mark(q)
    total = 0
    hit = 0
    for t in data:
        for it in t.items:
            for q in it.numbers:
                if q.num.is_value:
                    total += 1
                    hit += (q.table, q.row, q.col) in used
    return hit, total
