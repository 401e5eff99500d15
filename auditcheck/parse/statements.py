"""Factor statements in prose and tables: electricity, heat, fuel parameters, transport, GWP values.

A statement is one printed factor value with the words that name it, read the
way a reviewer reads it: the sentence (prose) or the row (table) it sits in,
the column header above it, and the factor's *name* — `2022年江苏省电力平均
二氧化碳排放因子`, `热力排放因子`, `低位发热量`, `GWP`. Everything is found by
wording, units and the reference library's vocabulary (region, fuel and gas
names), never by position in a known report:

- grid:      a number with an electricity-factor unit (kgCO2/kWh, tCO2/MWh …) or in a
             factor cell of an electricity row, with the year / region / kind its name claims;
- heat:      a CO2-per-GJ factor in a heat (热力/蒸汽) clause or row;
- fuel:      a fuel's NCV / CC / OF / EF (by unit or column role) with the fuel it belongs to;
- of:        a value printed under an oxidation-rate (碳氧化率/OF) label;
- transport: a per-t·km factor with the vehicle it is for;
- gwp:       a GWP value with its gas (GWP columns, GWP prose, refrigerant factors that are GWPs).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from ..numbers import Num, find_numbers
from .facts import norm


@dataclass(frozen=True)
class Statement:
    topic: str                   # grid | heat | fuel | of | transport | gwp
    value: Num                   # the printed number, with its unit and location
    unit: str | None
    text: str                    # the sentence (prose) or the row, cells joined by ' | ' (table)
    page: int | None
    line: int
    where: str                   # prose | table
    name: str = ""               # the naming words: 电力平均二氧化碳排放因子, 低位发热量, GWP …
    year: int | None = None      # grid: the data year the factor's name claims
    region: str | None = None    # grid: the region words as printed (江苏省, 全国, 华东区域电网)
    kind: str | None = None      # grid: co2_emission | carbon_footprint | cdm_baseline (from the words)
    variant: str | None = None   # grid: average | pv | wind | biomass | fossil | excl_market_nonfossil | other
    subject: str | None = None   # fuel key | gas key | vehicle words
    param: str | None = None     # fuel: ncv | cc | of | ef
    header: str = ""             # the column header (table)
    role: str | None = None      # the column role (table)
    ar: str | None = None        # gwp: assessment report named in the row, table heading or sentence
    inferred: bool = False       # gwp: the gas is the report's only refrigerant, not printed in the row
    context: str = ""            # caption, heading and table text (table) / the paragraph (prose)

    @property
    def row_text(self) -> str:
        return self.text

    @property
    def kwh_value(self) -> tuple[Decimal, Decimal]:
        """grid: (value, half rounding step) in kg per kWh; a wrong unit (tCO2/KWh) leaves the number as printed."""
        from ..reference import grid_unit_scale
        k = grid_unit_scale(self.unit) if self.unit else None
        k = k if k is not None and 0 < self.value.value * k <= 2 else Decimal(1)
        return self.value.value * k, self.value.half * k


# ----------------------------------------------------------------------------- vocabulary

_ELEC = re.compile(r"电力|电网|用电|购电|购入电|外购电|供电|光伏电|绿电|绿色电力|风电|电量|[kKM][wW][hH]")
_NOT_GRID = re.compile(r"折标|标煤|标准煤|当量值|等价值|热值|发热量|单价|电价|元/|万元|占比|比例|强度|单耗")
_HEAT = re.compile(r"热力|蒸汽|供热|热水|购入热|外购热|热能")
_PHRASE = re.compile(r"(电力|电网|供电|用电|发电|风电)([\u4e00-\u9fffA-Za-z2]{0,14}?)(因子|系数)")
_CLAUSE_END = re.compile(r"[，,；;。]")
_FACTOR_BEFORE = re.compile(r"(因子|系数|EF\S{0,8})\s*(?:为|是|取|按|采用|选用|:|=)?\s*$")
_YEAR_PREFIX = re.compile(r"((?:19|20)\d{2})\s*年\s*度?\s*(?:的)?\s*([\u4e00-\u9fff]{0,8}?)\s*$")
_VARIANTS = [("excl_market_nonfossil", re.compile(r"不包括市场化|不含市场化|市场化交易")),
             ("pv", re.compile(r"光伏")), ("wind", re.compile(r"风电|风力")), ("biomass", re.compile(r"生物质")),
             ("fossil", re.compile(r"化石能源")),
             ("other", re.compile(r"燃煤|燃气|水力|水电|核能|核电|光热|输配电")), ("average", re.compile(r"平均"))]
_COMBUSTION = re.compile(r"燃烧|燃料|燃气|天然气|煤|油|NCV|发热量")
_GWP_WORD = re.compile(r"GWP|变暖潜|增温潜|潜势|潜值", re.I)
_REFRIGERANT_CTX = re.compile(r"空调|制冷|冷媒|冷库|冷机|冷藏|灭火器|逸散")
_VEHICLE = re.compile(r"货车|卡车|汽车运输|公路运输|道路运输|铁路|火车|机车|船|海运|水运|航空|空运")
_PARAM_WORDS = re.compile(r"低位发热量|发热量|热值|NCV|含碳量|CC|氧化率|OF|排放因子|EF")
_OF_WORD = re.compile(r"氧化率|OF")
_SENT = re.compile(r"[。；;！？!?]")
_HEADING = re.compile(r"^(#|第.{1,3}[章节]|\d+(\.\d+)*\s|[（(]\d+[）)]|表\s*\d|\|)")
_CLEAN = [(re.compile(r"\\(?:text|mathrm|rm)\s*"), ""), (re.compile(r"[{}$_]"), ""),
          (re.compile(r"(?<=[A-Za-z])\s+(\d)(?=\s*(?:e\b|/|\s|$|[^\dA-Za-z.]))"), r"\1"),
          (re.compile(r"(CO2)\s+(e)\b"), r"\1\2"), (re.compile(r"(?<=[A-Za-z0-9])\s+/\s*(?=[A-Za-z万(])"), "/"),
          (re.compile(r"(?<=/)\s+(?=[A-Za-z万])"), "")]


@functools.lru_cache(maxsize=1 << 15)
def clean(s: str) -> str:
    """A line as statements read it: norm() plus LaTeX/sub-script debris (`tCO 2 /GJ` → `tCO2/GJ`)."""
    t = norm(s)
    for rx, rep in _CLEAN:
        t = rx.sub(rep, t)
    return t


def _ref():
    from ..reference import Reference
    return Reference.load()


def _names_rx(names) -> re.Pattern:
    alts = sorted({n for n in names if n}, key=len, reverse=True)
    parts = [(r"(?<![A-Za-z0-9])" + re.escape(n) + r"(?![A-Za-z0-9])") if n.isascii() else re.escape(n) for n in alts]
    return re.compile("|".join(parts), re.I)


@functools.lru_cache(maxsize=1)
def _gas_rx() -> re.Pattern:
    ref = _ref()
    names = [n for g in ref.gases.values() if g.key != "CO2" for n in (g.key, g.name_zh, *g.aliases)]
    return _names_rx(names + ["HFC134a", "HFC-134a"])


@functools.lru_cache(maxsize=1)
def _gas_first() -> re.Pattern:
    ref = _ref()
    names = [n for g in ref.gases.values() if g.key != "CO2" for n in (g.key, g.name_zh, *g.aliases)]
    firsts = {n[0].lower() for n in names + ["HFC134a"] if n} | {n[0].upper() for n in names + ["HFC134a"] if n}
    return re.compile("[" + re.escape("".join(sorted(firsts))) + "]")


@functools.lru_cache(maxsize=1)
def _fuel_rx() -> re.Pattern:
    ref = _ref()
    return _names_rx([n for f in ref.fuel_names.values() for n in (f.name_zh, *f.aliases) if not n.isascii()])


def gases_in(text: str) -> list[tuple[str, int]]:
    """Gas keys named in a text with their positions (CO2 left out)."""
    return list(_gases_in(text))


@functools.lru_cache(maxsize=1 << 14)
def _gases_in(text: str) -> tuple[tuple[str, int], ...]:
    if not _MAY_NAME_GAS.search(text):
        return ()
    out = []
    rx, first = _gas_rx(), _gas_first()
    pos = 0
    matches = []
    # the big alternation is slow to try at every position: try it only where a gas name can start
    while (c := first.search(text, pos)) is not None:
        m = rx.match(text, c.start())
        if m:
            matches.append(m)
            pos = m.end()
        else:
            pos = c.start() + 1
    for m in matches:
        k = _ref().resolve_gas(m.group(0))
        if k and k != "CO2":
            out.append((k, m.start()))
    return tuple(out)


# every gas name in the library has a Latin letter+digit, 甲烷/氧化亚氮/六氟化硫 …, or 制冷剂-style name:
# a cheap pre-check keeps the big alternation off lines that cannot name a gas
_MAY_NAME_GAS = re.compile(r"[A-Za-z]|[烷氮硫氟氯烯碳]")


_AR_ANY = re.compile(r"(?<![A-Za-z])AR\s*-?\s*([2-6])(?!\d)|第\s*([二三四五六])\s*次\s*(?:IPCC\s*)?评估|(?<![A-Za-z])(SAR|TAR)(?![A-Za-z])",
                     re.I)
_CN_ORD = {"二": "2", "三": "3", "四": "4", "五": "5", "六": "6"}


def ars_in(text: str) -> set[str]:
    """Every IPCC assessment report a text names ('AR5', '第六次评估报告', 'SAR')."""
    return set(_ars_in(text or ""))


@functools.lru_cache(maxsize=1 << 14)
def _ars_in(text: str) -> frozenset[str]:
    out: set[str] = set()
    if not _AR_HINT.search(text):  # the pattern's case-insensitive look-behinds are slow on long texts
        return frozenset()
    for m in _AR_ANY.finditer(text):
        n = m.group(1) or _CN_ORD.get(m.group(2) or "") or {"SAR": "2", "TAR": "3"}.get((m.group(3) or "").upper())
        if n:
            out.add({"2": "SAR", "3": "TAR"}.get(n, f"AR{n}"))
    return frozenset(out)


_AR_HINT = re.compile(r"[AaSsTt][Rr]|评估")


def _region_at_end(s: str) -> str | None:
    s = re.sub(r"[为是:：\s(（]+$", "", s)
    for k in range(min(9, len(s)), 1, -1):
        cand = s[-k:]
        if re.fullmatch(r"[\u4e00-\u9fff]+", cand) and cand != "中国" and _ref().resolve_region(cand):
            return cand
    return None


# ----------------------------------------------------------------------------- segments


@dataclass
class _Seg:
    """A clause of prose or a table row: text, numbers with their position, cell header/role and line."""
    text: str
    where: str
    context: str
    nums: list  # (Num, start, end, header, role, cell_unit, page, line, cell_text)
    label: str = ""
    rowlike: bool = False  # a table row: a table's, or a prose line laid out in columns


@dataclass(frozen=True)
class _L:
    text: str
    page: int | None
    line: int


def _prose_segs(pages, table_lines: set) -> list[_Seg]:
    """Paragraphs (wrapped lines re-joined) cut into sentences; lines of tables are left to _table_segs."""
    segs: list[_Seg] = []
    for lines in pages:
        para: list = []  # (text, line)

        def flush():
            if not para:
                return
            text, spans = "", []
            for t, ln in para:
                sep = "" if (not text or (ord(text[-1]) > 0x2E80 or ord(t[0]) > 0x2E80)) else " "
                text += sep + t
                spans.append((len(text) - len(t), ln))
            rowlike = len(para) == 1 and bool(re.search(r"\S(\s{3,}|\t)\S", para[0][1].text.strip()))
            start = 0
            for m in list(_SENT.finditer(text)) + [None]:
                end = m.end() if m else len(text)
                sent = text[start:end]
                if sent.strip():
                    nums = []
                    for n, (a, b) in find_numbers(sent):
                        ln = next(l for off, l in reversed(spans) if off <= start + a)
                        nums.append((n, a, b, "", None, n.unit, ln.page, ln.line, sent))
                    if nums:
                        segs.append(_Seg(sent, "prose", text, nums, rowlike=rowlike))
                start = end
            para.clear()

        for ln in lines:
            t = clean(ln.text)
            if not t or (ln.page, ln.line) in table_lines:
                if (ln.page, ln.line) in table_lines:
                    flush()
                continue
            prev = para[-1][0] if para else ""
            columnar = bool(re.search(r"\S(\s{3,}|\t)\S", ln.text.strip()))   # a table laid out with spaces
            if para and (columnar or re.search(r"[。！？!?:：]$", prev) or _HEADING.match(t) or len(prev) < 15
                         or len(para) >= 30):
                flush()
            para.append((t, ln))
            if columnar:
                flush()
        flush()
    return segs


def _table_segs(doc, tables) -> list[_Seg]:
    lines = [(ln.page, ln.line, clean(ln.text)) for ln in doc.lines()]
    index = {(p, n): i for i, (p, n, _) in enumerate(lines)}
    segs: list[_Seg] = []
    for t in tables:
        items = {it.row: it for it in t.items}
        i0 = index.get((t.table.page, t.table.rows[0].line)) if t.table.rows else None
        before = [x[2] for x in lines[max(0, i0 - 4):i0] if x[2]] if i0 is not None else []
        body = " ".join(" | ".join(clean(c.text) for c in r.cells if c.text.strip()) for r in t.table.rows)
        context = " ".join([t.caption or "", *before[-3:], " ".join(dict.fromkeys(t.header)), body[:3000]])
        for ri, r in enumerate(t.table.rows):
            it = items.get(ri)
            texts = it.texts if it else [c.text for c in r.cells]
            cells = it.cells if it else [None] * len(texts)
            heads = t.header if (it or len(texts) == len(t.header)) else [""] * len(texts)
            filled = [clean(x) for x in texts if x and x.strip()]
            if len(filled) == 1 and len(filled[0]) > 40:      # a paragraph caught in a table
                segs.extend(_prose_segs([[_L(filled[0], r.page, r.line)]], set()))
                continue
            text, nums, label = "", [], []
            for ci, raw in enumerate(texts):
                c = clean(raw or "")
                if not c:
                    continue
                off = len(text) + (3 if text else 0)
                text = (text + " | " + c) if text else c
                q = cells[ci] if ci < len(cells) else None
                h = clean(heads[ci]) if ci < len(heads) else ""
                role = q.role if q is not None else (t.roles[ci] if ci < len(t.roles) and heads is t.header else None)
                found = [(n, s) for n, s in find_numbers(c) if n.is_value]
                if not found:
                    label.append(c)
                for n, (a, b) in found:
                    unit = n.unit
                    if unit is None and q is not None and not n.percent:   # a number cell takes its column's unit
                        unit = (clean(q.unit) if q.unit and q.unit != "%" else None) or \
                            (clean(it.unit) if it.unit and "unit" in t.roles
                             and role not in ("activity", "result", "total") else None)
                    nums.append((n, off + a, off + b, h, role, unit, r.page, r.line, c))
            if nums:
                segs.append(_Seg(text, "table", context, nums, " ".join(label), rowlike=True))
    return segs


# ----------------------------------------------------------------------------- grid claims


def _phrase_claim(text: str, p: re.Match) -> dict:
    lo = max(0, p.start() - 20, text.rfind("|", 0, p.start()) + 1)
    prefix, inner, tail = text[lo:p.start()], p.group(1) + p.group(2), text[p.end():p.end() + 24]
    out: dict = {"year": None, "region": None, "kind": None, "variant": None, "name": text[p.start():p.end()]}
    if m := _YEAR_PREFIX.search(prefix):
        reg = m.group(2).replace("平均", "")
        if not reg or _ref().resolve_region(reg):
            out["year"], out["region"] = int(m.group(1)), reg or None
            out["name"] = text[lo + m.start():p.end()]
    out["region"] = out["region"] or _region_at_end(prefix)
    if "碳足迹" in inner + prefix[-6:]:
        out["kind"] = "carbon_footprint"
    elif re.search(r"二氧化碳|CO2", inner):
        out["kind"] = "co2_emission"
    elif re.search(r"基准线|OM|BM", inner + tail[:8]):
        out["kind"] = "cdm_baseline"
    for v, rx in _VARIANTS:
        wide = v in ("excl_market_nonfossil", "fossil")
        if rx.search(inner + (prefix + tail[:14] if wide else prefix[-4:])):
            out["variant"] = v
            break
    return out


def _claim(text: str, at: int, end: int) -> dict:
    """Year, region, kind and variant that the electricity factor's name claims, nearest the number."""
    phrases = list(_PHRASE.finditer(text))
    before = [p for p in phrases if p.end() <= at and not _CLAUSE_END.search(text, p.end(), at)][-1:]
    after = [p for p in phrases if p.start() >= end and not _CLAUSE_END.search(text, end, p.start())][:1]
    cands = [_phrase_claim(text, p) for p in before + after]
    best = max(cands, key=lambda c: sum(c[k] is not None for k in ("year", "kind", "region")), default=None)
    out = best or {"year": None, "region": None, "kind": None, "variant": None, "name": ""}
    if near := _region_at_end(text[max(0, at - 12):at]):
        out = {**out, "region": near}
    return out


def _grid(seg: _Seg, grid_unit_scale) -> list[Statement]:
    out = []
    for n, a, b, h, role, unit, page, line, cell in seg.nums:
        if not n.is_value or n.percent or n.value <= 0 or (unit or "").startswith("年"):
            continue
        if unit and "/" not in unit:
            unit = None                   # `电力 kwh`: the row's activity unit, not the factor's
        scale = grid_unit_scale(unit) if unit else None
        if unit and scale is None:
            continue
        kg = n.value * (scale or 1)
        if not (0 < kg <= 2) and not (scale and 0 < n.value <= 2):   # 0.5306 tCO2/KWh: the unit is wrong, not the factor
            continue
        ctx = seg.text
        own = h + " " + (cell if seg.where == "table" else ctx[max(0, a - 12):a])
        if not (_ELEC.search(ctx + " " + h) or (unit and _ELEC.search(unit))) or _NOT_GRID.search(own):
            continue
        if seg.where == "table" and role in ("result", "total") and not re.search(r"因子|系数", h):
            continue  # `碳足迹（kgCO2e/kWh）`: a footprint per kWh of product, not the grid's factor
        if scale is None:
            near = ctx[b:b + 40] if seg.where == "prose" else ctx
            factorish = role == "factor" or re.search(r"因子|系数", h) or _FACTOR_BEFORE.search(seg.text[:a]) or \
                (role is None and kg < Decimal("1.5") and (m := _PHRASE.search(near)) and (seg.where == "table" or
                                                                                 _YEAR_PREFIX.search(near[:m.start()])))
            if not factorish or _HEAT.search(ctx):
                continue
        c = _claim(ctx + (" | " + h if h and h not in ctx else ""), a, b)
        first = seg.label.split(" ")[0] if seg.label else ""
        if seg.where == "table" and not c["region"] and first and re.fullmatch(r"[\u4e00-\u9fff]{2,8}", first) \
                and _ref().resolve_region(first):
            c["region"] = first
        out.append(Statement("grid", n.with_unit(unit).with_loc(page, line), unit, ctx, page, line, seg.where,
                             name=c["name"], year=c["year"], region=c["region"], kind=c["kind"],
                             variant=c["variant"], header=h, role=role, context=seg.context))
    return out


# ----------------------------------------------------------------------------- other topics


@functools.lru_cache(maxsize=4096)
def _unit_kind(unit: str | None) -> str | None:
    if not unit:
        return None
    u = unit.replace(" ", "")
    if re.match(r"(?i)^(k|m|g|t)?g?CO2e?/(GJ|MJ|TJ)$", u) or re.match(r"(?i)^t?CO2e?/GJ$", u):
        return "co2_per_energy"
    if re.match(r"(?i)^(G|M|k|T)J/", u):
        return "ncv"
    if re.match(r"(?i)^(t|kg|g)C/(TJ|GJ)$", u):
        return "cc"
    if re.match(r"(?i)^(t|kg|g)CO2e?/", u):
        return "co2_per_other"
    return None


def _nearest(rx: re.Pattern, text: str, at: int):
    ms = [m for m in rx.finditer(text[:at])]
    return ms[-1] if ms else None


_COMPUTED = re.compile(r"[×÷*][^=＝，。；;]*[=＝]\s*$")
_CAPTION_SPAN = 60       # the caption and the line before it lead a table's context
_ROW_PARAM = re.compile(r"(?:^|\s)(?:(?P<ncv>低位发热量|低位热值|NCV)|(?P<cc>单位热值含碳量|含碳量|CC)|(?P<of>碳氧化率|氧化率|OF))")


def _others(seg: _Seg) -> list[Statement]:
    out = []
    fuel_hits = [(m.start(), _ref().resolve_fuel(m.group(0))) for m in _fuel_rx().finditer(seg.text)
                 if not re.match(r"\s*(货车|卡车|汽车|车|机车|叉车|船|发电机)", seg.text[m.end():m.end() + 4])]
    if seg.where == "table" and not fuel_hits:
        # a parameter table of one fuel (`表 3-6 天然气排放因子参数`: rows 低位发热量, 碳氧化率 …)
        named = {_ref().resolve_fuel(m.group(0)) for m in _fuel_rx().finditer(seg.context[:_CAPTION_SPAN])} - {None}
        if len(named) == 1:
            fuel_hits = [(-1, named.pop())]
    row_param = _ROW_PARAM.search(seg.label or "") if seg.where == "table" else None
    for n, a, b, h, role, unit, page, line, cell in seg.nums:
        if role == "activity" and row_param and re.fullmatch(r"数值|数据|取值|参数值|值", h.strip()):
            role = None   # `柴油 | 低位发热量 | 43.33 | GJ/t`: a parameter table's 数值 column
        if not n.is_value or n.value <= 0 or role in ("result", "activity", "total", "share", "seq") or \
                seg.text[max(0, a - 3):a].endswith("44/") or seg.text[b:b + 3].startswith("/12"):
            continue
        num = n.with_unit(unit).with_loc(page, line)
        uk = _unit_kind(unit)
        common = dict(unit=unit, text=seg.text, page=page, line=line, where=seg.where, header=h, role=role,
                      context=seg.context)
        clause = seg.text[:a]
        pw = _nearest(_PARAM_WORDS, clause, a)
        if pw and seg.where == "prose" and any(pw.end() <= a2 < a for _, a2, *_ in seg.nums):
            pw = None  # `碳氧化率 99% × 44/12 = 21.6219`: the label names the number after it, not this one
        # heat factor
        hm = _nearest(_HEAT, seg.text, a)
        if uk == "co2_per_energy" and hm and not (pw and pw.group(0) in ("OF", "氧化率")):
            burn = _nearest(_COMBUSTION, seg.text, a)
            if not burn or burn.start() < hm.start():
                out.append(Statement("heat", num, name=hm.group(0), **common))
                continue
        # a value under an oxidation-rate label
        if role == "of" or (seg.where == "prose" and pw and _OF_WORD.fullmatch(pw.group(0))):
            out.append(Statement("of", num, name=pw.group(0) if pw else h, **common))
        # fuel parameters (not the result of a computation: `0.42 kg/t × 3.0959 tCO2/t = 1.30 kgCO2/t`)
        fuels = [f for f in fuel_hits if f[1] and (seg.where == "table" or f[0] < a)]
        if fuels and _COMPUTED.search(seg.text[max(0, a - 80):a]):
            fuels = []
        if fuels:
            param = None
            if role in ("ncv", "cc", "of"):
                param = role
            elif uk in ("ncv", "cc"):
                param = uk
            elif uk == "co2_per_other" and not re.search(r"km|公里", unit or "", re.I):
                param = "ef"
            elif n.percent and re.search(r"氧化率|OF", h + " " + (pw.group(0) if pw else "")):
                param = "of"
            elif row_param and role is None:   # the row names its parameter; the columns are years
                param = next(k for k, v in row_param.groupdict().items() if v)
            if param and not (seg.where == "prose" and param != "ef" and not pw):
                fuel = fuels[0][1] if seg.where == "table" else fuels[-1][1]
                out.append(Statement("fuel", num, name=h or (pw.group(0) if pw else ""), subject=fuel,
                                     param=param, **common))
        # transport factors
        per_km = bool(unit and re.search(r"/\(?\s*[a-z·.\s]*km", unit, re.I) or unit and "公里" in unit)
        if _VEHICLE.search(seg.text) and (per_km or (not unit and not n.percent and 0 < n.value < 2 and (
                role == "factor" or re.search(r"因子|系数", h) or (seg.where == "table" and role is None)))):
            vm = [m for m in _VEHICLE.finditer(seg.text)]
            cellv = next((c for c in seg.text.split(" | ") if _VEHICLE.search(c)), vm[0].group(0))
            out.append(Statement("transport", num, name=h, subject=cellv, **common))
    return out


def _gwp(seg: _Seg, refrigerants: list[str]) -> list[Statement]:
    out = []
    gases = gases_in(seg.text)
    row_ars = ars_in(seg.text)
    ctx_ars = ars_in(seg.context) if seg.where == "table" else set()
    for n, a, b, h, role, unit, page, line, cell in seg.nums:
        head_ars = ars_in(h)
        ar = next(iter(head_ars or row_ars or ctx_ars)) if len(head_ars or row_ars or ctx_ars) == 1 else None
        unit = n.unit  # a GWP is a pure number; units inherited from the row (`t`) are not its own
        if not n.is_value or n.percent or n.value <= 0 or (unit and not re.fullmatch(r"(?i)(t|kg)CO2e?/(t|kg)", unit)):
            continue
        in_col = bool(_GWP_WORD.search(h))
        prose = seg.where == "prose" and _GWP_WORD.search(seg.text[:a])
        before = [g for g in gases if g[1] < a]
        gas = (before[-1][0] if prose and before else gases[0][0] if gases and seg.rowlike else None)
        inferred = False
        if gas is None and seg.where == "table" and role == "factor" and n.value >= 100 and len(refrigerants) == 1 \
                and _REFRIGERANT_CTX.search(seg.context):
            gas, inferred = refrigerants[0], True
        if gas is None:
            continue
        matches = _ref().gwp_matches(gas, n.value)
        if in_col or prose or (matches and n.value >= 100):
            out.append(Statement("gwp", n.with_unit(unit).with_loc(page, line), unit, seg.text, page, line, seg.where,
                                 name=h if in_col else "GWP", subject=gas, header=h, role=role, ar=ar,
                                 inferred=inferred, context=seg.context))
    return out


def extract_statements(doc, tables) -> list:
    try:
        _ref()
    except Exception:  # a broken reference library must not stop parsing
        return []
    from ..reference import grid_unit_scale

    table_lines = {(r.page, r.line) for t in doc.tables for r in t.rows}
    segs = _table_segs(doc, tables) + _prose_segs([p.lines for p in doc.pages], table_lines)
    all_text = " ".join(clean(ln.text) for ln in doc.lines())
    fam = {"CO2", "CH4", "CH4_fossil", "CH4_nonfossil", "N2O", "SF6", "NF3", "CF4", "C2F6"}
    refrigerants = list(dict.fromkeys(g for g, _ in gases_in(all_text) if g not in fam))
    out: list[Statement] = []
    for s in segs:
        out += _grid(s, grid_unit_scale) + _others(s) + _gwp(s, refrigerants)
    return sorted(out, key=lambda s: (s.page or 0, s.line))


# ----------------------------------------------------------------------------- helpers for rules

KIND_NAMES = {"co2_emission": ("电力二氧化碳排放因子", "electricity CO2 emission factor"),
              "carbon_footprint": ("电力碳足迹因子", "electricity carbon-footprint factor"),
              "carbon_market": ("全国电网平均排放因子（碳市场）", "national-ETS grid emission factor"),
              "ndrc_legacy": ("电网平均二氧化碳排放因子（国家发改委旧值）", "NDRC legacy regional grid factor"),
              "cdm_baseline": ("减排项目电网基准线排放因子", "CDM/CCER grid baseline factor")}
VARIANT_NAMES = {"pv": ("光伏发电", "PV "), "wind": ("风电", "wind "), "biomass": ("生物质发电", "biomass "),
                 "fossil": ("化石能源", "fossil "), "excl_market_nonfossil": ("（不含市场化非化石电量）", "(excl. traded non-fossil) "),
                 "om": ("OM ", "OM "), "average": ("", "")}


def grid_label(f) -> tuple[str, str]:
    """'2023 年全国光伏发电电力碳足迹因子（公告…）' and its English, for messages."""
    zh_k, en_k = KIND_NAMES.get(f.kind, (f.kind, f.kind))
    zh_v, en_v = VARIANT_NAMES.get(f.variant, ("", ""))
    src = f.announcement or f.source
    return (f"{f.year} 年{f.region_zh}{zh_v}{zh_k} {f.value}（{src}）",
            f"the {f.year} {f.region} {en_v}{en_k} {f.value} ({src})")


_KIND_FAMILY = {"co2_emission": {"co2_emission", "ndrc_legacy"}, "carbon_footprint": {"carbon_footprint"},
                "cdm_baseline": {"cdm_baseline"}}


def grid_fits(s: Statement, f, ref) -> bool:
    """Whether a published factor is what the statement's words say it is (year, region, kind, variant)."""
    if s.year is not None and f.year != s.year:
        return False
    if s.region:
        r = ref.resolve_region(s.region)
        if r is not None and r.key != f.region:
            return False
    if s.kind and f.kind not in _KIND_FAMILY.get(s.kind, {s.kind}):
        return False
    if s.variant == "other":
        return False
    if s.variant and f.variant != s.variant:
        return False
    return True


def claimed(s: Statement) -> bool:
    return bool(s.year or s.kind or s.region)


def issued_on(facts):
    """The report's date for 'what was published by then': the earliest of its issue / sign-off dates."""
    days = [d.day for d in facts.dates if d.role in ("issue", "approval", "signed", "completion", "technical_review")]
    return min(days) if days else None


def reporting_year(report) -> int | None:
    """The reporting period's (first) year; else the `2024 年度` of the report's title lines."""
    if report.facts.period is not None:
        return report.facts.period.start.year
    years = [int(m.group(1)) for loc in report.lines[:40] for m in re.finditer(r"((?:19|20)\d{2})\s*年度", loc.text)]
    return max(set(years), key=years.count) if years else None
