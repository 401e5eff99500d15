"""Verification blocks: the per-item data checks (数据名称 / 填报数据 / 核查数据 / 单位 / 最终确认的数据).

Organization inventories (and some footprints) document every activity datum in a
block of labelled fields, laid out as a two-column table, tab-separated lines or
indented prose:

    数据名称   柴油
    数值:      填报数据: 2t     审核数据: 2t
    单位:      升
    交叉核对   (1) …审核组确认…柴油年消耗量 2t …
    审核结论   … 最终确认的数据为 2380L。

A block starts at its 数据名称 line and runs to the next block, the next numbered
heading, or MAX_LINES lines. Fields are found by their labels, never by position,
so the same code reads tables, tab layouts and prose.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from ..ingest.html import strip_tags
from ..numbers import Num, find_numbers
from ..units import parse_unit
from .facts import Loc

MAX_LINES = 45
_LAYOUT_TAG = re.compile(r"</?(?:td|th|tr|p|br|table|tbody|thead|div|span|li|ul)\b[^>]*>", re.I)
_START = re.compile(r"^(?:数据名称|数据项名称|参数名称)\s*[:：]?\s*(?P<name>\S.*)$")
_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+章|\d+(?:\.\d+){1,4}\s*\S|#+\s)")
_REPORTED = re.compile(r"(?<!交叉)填报(?:数据|值)\s*[:：]?\s*")
_VERIFIED = re.compile(r"(?<!交叉)(?:核查|审核|核实|核证|审定)(?:数据|值)\s*[:：]?\s*")
_UNIT = re.compile(r"^(?:计量)?单位\s*[:：]?\s+|^(?:计量)?单位\s*[:：]\s*")
_FINAL = re.compile(r"最终(?:确认|核定|核实|采用)的?(?:数据|数值|值|结果)\s*(?:为|是)?\s*[:：]?\s*")
_NOTE = re.compile(r"^(?:交叉核[对验查]|核查结论|审核结论|核查过程|审核过程|监测方法|监测设备|计量方法|数据核查)")


@dataclass(frozen=True)
class Field:
    """One labelled value of a block: the printed number (with its unit, if any) and where it is."""
    num: Num | None
    unit: str | None        # unit printed with the number, else the block's 单位 field
    text: str               # the snippet as printed (`填报数据: 2t`)
    page: int | None
    line: int
    row_text: str


@dataclass
class Block:
    name: str               # the 数据名称 value (`柴油`, `天然气消耗量`)
    page: int | None
    line: int
    row_text: str
    reported: Field | None = None   # 填报数据
    verified: Field | None = None   # 核查数据 / 审核数据
    unit: Field | None = None       # the 单位 field (num is None)
    final: Field | None = None      # 最终确认的数据
    lines: list[Loc] = field(default_factory=list)   # every line of the block
    notes: list[Loc] = field(default_factory=list)   # cross-check, conclusion and method lines

    @property
    def confirmed(self) -> Field | None:
        """The value the verifier accepted: the final figure, else the verified one."""
        return self.final if self.final and self.final.num else self.verified


@functools.lru_cache(maxsize=1 << 15)
def clean(text: str) -> str:
    """A line as the block reader sees it: layout tags and tabs become single spaces, so cells stay
    apart (`单位 万Nm3`, never `单位万Nm3`); sub/sup joined, NFKC (₂ → 2, full-width → ASCII)."""
    return " ".join(unicodedata.normalize("NFKC", strip_tags(_LAYOUT_TAG.sub(" ", text))).split())


def _value(rx: re.Pattern, t: str, loc, unit: str | None, limit: int | None = None) -> Field | None:
    """The first `label number[unit]` of `rx` starting before `limit` (a label may wrap onto the next line)."""
    for m in rx.finditer(t):
        if limit is not None and m.start() >= limit:
            break
        rest = t[m.end():]
        for n, (a, b) in find_numbers(rest):
            if a > 2 or not n.is_value:
                break
            u = n.unit if n.unit and parse_unit(n.unit) else None
            end = b + (rest[b:].find(n.unit) + len(n.unit) if n.unit and n.unit in rest[b:] else 0)
            snippet = (t[m.start():m.end()] + rest[:end]).strip()
            return Field(n, u or unit, snippet, loc.page, loc.line, t)
    return None


def extract_blocks(doc, tables) -> list[Block]:
    lines = [(ln, t) for ln in doc.lines() if (t := clean(ln.text))]
    blocks: list[Block] = []
    cur: Block | None = None
    for ln, t in lines:
        m = _START.match(t)
        if m or (cur and (_HEADING.match(t) or len(cur.lines) >= MAX_LINES)):
            if cur:
                blocks.append(_finish(cur))
            cur = None
        if m:
            name = re.split(r"\s{2,}|\t", m.group("name").strip())[0].strip()
            cur = Block(name=name, page=ln.page, line=ln.line, row_text=t)
        elif _HEADING.match(t) and not t.startswith("#"):
            # `3.3.1 天然气消耗量` followed by 填报/核查 values and no 数据名称 line: the heading names the
            # block (kept only if values follow, see the filter below)
            name = re.sub(r"^\d+(?:\.\d+){1,4}\s*", "", t).strip()
            if 1 < len(name) <= 20:
                cur = Block(name=name, page=ln.page, line=ln.line, row_text=t)
        if cur is None:
            continue
        loc = Loc(t, ln.page, ln.line, t)
        cur.lines.append(loc)
        if _NOTE.match(t):
            cur.notes.append(loc)
    if cur:
        blocks.append(_finish(cur))
    return [x for b in blocks if b.reported or b.verified or b.final for x in _split_items(b)]


_ITEMS = re.compile(r"^(?:项目|名称|数据项|品种|能源品种)\s+(\S.*)$")


def _split_items(b: Block) -> list[Block]:
    """`数据名称 熟料产量 窑头粉尘量 生料消耗量` over `核查数据 1568426.35 t 1245.60 t 2384207.64 t`:
    one block per item, each with its own figure (the first figure is only the first item's)."""
    names = [x for x in b.name.split() if x]
    if len(names) < 2:
        # `项目 锅炉用天然气 食堂用天然气` under a heading-named block: the columns name the items
        head = next((m.group(1).split() for loc in b.lines if (m := _ITEMS.match(loc.text))), [])
        names = head if len(head) >= 2 else names
    f = b.verified or b.final or b.reported
    if len(names) < 2 or f is None or any(len(x) < 2 or re.search(r"\d", x) for x in names):
        return [b]
    loc_text = next((loc.text for loc in b.lines if loc.line == f.line and loc.page == f.page), f.row_text)
    m = (_VERIFIED if f is b.verified else _FINAL if f is b.final else _REPORTED).search(loc_text)
    vals = [(n, n.unit if n.unit and parse_unit(n.unit) else f.unit)
            for n, _ in find_numbers(loc_text[m.end():] if m else loc_text) if n.is_value]
    if len(vals) != len(names):
        return [b]  # which figure is whose cannot be told: the block names no one item
    out = []
    for name, (n, u) in zip(names, vals):
        fld = Field(n, u, f"{name} {n.text}{(' ' + n.unit) if n.unit else ''}", f.page, f.line, f.row_text)
        out.append(Block(name=name, page=b.page, line=b.line, row_text=b.row_text, unit=b.unit,
                         verified=fld if f is b.verified else None, final=fld if f is b.final else None,
                         reported=fld if f is b.reported else None, lines=b.lines, notes=b.notes))
    return out


def _finish(b: Block) -> Block:
    for loc in b.lines:
        m = _UNIT.match(loc.text)
        if m and b.unit is None:
            rest = loc.text[m.end():].strip()
            u = rest if parse_unit(rest) else rest.split(" ")[0]     # `单位: m ³` or `单位 t 数据来源…`
            if u and parse_unit(u):
                b.unit = Field(None, u, loc.text, loc.page, loc.line, loc.text)
    unit = b.unit.unit if b.unit else None
    for i, loc in enumerate(b.lines):
        # PDF text wraps mid-label (`最终确认的数` / `据为 2380L。`): read each line with the next one
        t = loc.text + (b.lines[i + 1].text if i + 1 < len(b.lines) else "")
        b.reported = b.reported or _value(_REPORTED, t, loc, unit, len(loc.text))
        b.verified = b.verified or _value(_VERIFIED, t, loc, unit, len(loc.text))
        b.final = b.final or _value(_FINAL, t, loc, unit, len(loc.text))
    return b
