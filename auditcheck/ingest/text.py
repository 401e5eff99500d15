"""Plain-text, Markdown and HTML reports → located lines and tables.

Extracted report text comes in four table shapes, often mixed in one file:
`<table>` blocks left by PDF-to-Markdown converters, Markdown pipe tables,
TAB-separated rows (copy from Word/PDF viewers) and space-separated rows
(pdftotext without -layout). The first three are explicit; space rows are
recognised by shape: short lines carrying numbers, in a run of similar
lines, where the preceding short fragments form the header.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from ..document import Cell, Line, Page, Row, Table
from .html import parse_tables, strip_tags

_CJK = r"\u3400-\u9fff\uff08\uff09\u3001\uff0c\uff1a\uff1b"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \u3000]+(?=[{_CJK}])")
_NUM = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?%?")
_PIPE = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CAPTION = re.compile(r"^\s*(续)?[表图]\s*[\dA-Za-z一二三四五六七八九十]+([-.．]\d+)*")
_PROSE_TOKEN = re.compile(r"[\u4e00-\u9fff，、]{16,}|[，。；]\S*[\u4e00-\u9fff]{3,}.*[，。；]")
_SENTENCE_END = re.compile(r"[。；;！？]\s*$")
_TOC = re.compile(r"\.{4,}\s*\d+\s*$|…{2,}\s*\d+\s*$")
# a worked calculation (`天然气：386.42 × 389.31 × … = 8355.13`, `= 547.43 − 396.52 = 150.91`), not a row
_WORKED = re.compile(r"^\s*[=＝]|[=＝].*[=＝]|[×÷*].*[=＝]|[=＝].*[×÷]")
_DIGIT_WRAP = re.compile(r"(?<=[\d.])\n(?=[\d.])")
# letter-spaced CJK words (`原 料 名`, `刘 威`): single CJK chars separated by single spaces
_SPACED_WORD = re.compile(r"(?<!\S)[\u4e00-\u9fff](?: [\u4e00-\u9fff])+(?!\S)")


_GAS_WORD = re.compile(r"(?<!\S)(CO2e?|CH4|N2O|SF6|NF3|HFCs?|PFCs?|CO₂e?|CH₄|N₂O)\s+([排生回当浓含去产逸泄转])")
# `类别 1`, `范围 2`, `Scope 3`: a category and its number are one label
_CATEGORY_NO = re.compile(r"(?<!\S)(类别|范围|类|Scope|scope|SCOPE)\s+(\d{1,2})(?!\S)")
_MONTH_NO = re.compile(r"(?<!\S)(\d{1,2})\s+月(?!\S)")          # `1 月 128.4105`: the month is a label
_YEAR_WORD = re.compile(r"(?<!\S)((?:19|20)\d{2})\s+(年)")   # `2022 年排放量` is one header cell
# a line of bracketed units under a header: `（万Nm3） （GJ/万Nm3） （GJ） （tCO2）`
_UNIT_TOKEN = re.compile(r"^[（(][^（）()]{1,16}[）)]$")


def _split_row(t: str) -> list[str]:
    """Cells of a space-separated line; a bracketed unit joins the cell before it."""
    t = _SPACED_WORD.sub(lambda m: m.group(0).replace(" ", ""), t.strip())
    if re.search(r"\S\s{2,}\S", t):
        parts = re.split(r"\s{2,}", t)
    else:
        # `CO2 排放量`, `N2O 排放量`: a gas and the word it qualifies are one header cell
        t = _YEAR_WORD.sub(r"\1\2", _GAS_WORD.sub(lambda m: m.group(1) + m.group(2), t))
        t = _MONTH_NO.sub(r"\1月", _CATEGORY_NO.sub(r"\1\2", t))
        t = re.sub(r"(?<!\S)万\s+(?=[A-Za-z])", "万", t)        # `1865.1236 万 kWh`
        # `1.9205 × 21.4035 × 1000` in a 说明 cell is one worked expression, not three figures
        t = re.sub(r"\s*([×÷+=*＋＝])\s*(?=\S)", r"\1", re.sub(r"(?<=\S)\s+([×÷+=*＋＝])", r"\1", t))
        parts = t.split()
    out: list[str] = []
    for p in parts:
        # a bracket left open by a wrapped cell (`水处理车间（原水提升、砂滤、`) does not swallow the figures
        if out and ((_open(out[-1]) and not _NUM.fullmatch(p)) or (p[:1] in "(（/" and not re.match(r"[(（]\d", p)
                                        and not _PLACEHOLDER.fullmatch(p))):
            out[-1] += p  # `碳足迹（tCO2` `e` `/功能单位）` is one header cell
        else:
            out.append(p)
    return out


def _open(s: str) -> bool:
    return s.count("（") + s.count("(") > s.count("）") + s.count(")")


@functools.lru_cache(maxsize=1 << 15)
def clean_cell(s: str) -> str:
    """Cell text for matching: markup stripped, wrapped digits re-joined, CJK letter-spacing removed."""
    s = strip_tags(s)
    s = re.sub(r"\*\*|__", "", s)  # Markdown emphasis: `**小计**`, `**93.80**`
    s = _DIGIT_WRAP.sub("", s)  # `2042.4\n3` in a narrow cell is one number
    s = " ".join(s.split())
    return _CJK_SPACE.sub("", s)


def read_text(text: str) -> tuple[list[Page], list[Table]]:
    raw = text.split("\n")
    raw = [ln.rstrip("\r") for ln in raw]
    if raw and raw[-1] == "":
        raw.pop()
    lines = [Line(text=t, page=None, line=i + 1) for i, t in enumerate(raw)]
    taken = [False] * len(raw)
    tables: list[Table] = []
    tables += _html_tables(raw, taken)
    tables += _pipe_tables(raw, taken)
    tables += _tsv_tables(raw, taken)
    tables += _cell_line_tables(raw, taken)
    tables += _space_tables(raw, taken)
    tables = [t.model_copy(update={"caption": _caption(raw, t.line - 1)}) for t in tables]
    tables.sort(key=lambda t: t.line)
    return [Page(number=None, lines=lines)], tables


def _caption(raw: list[str], idx: int) -> str | None:
    """Nearest preceding `表N …` line within a few non-blank lines (or the line itself)."""
    seen = 0
    for j in range(idx, max(-1, idx - 12), -1):
        t = strip_tags(raw[j]).strip()
        if not t:
            continue
        if _CAPTION.match(t):
            return " ".join(t.split())[:120]
        seen += 1
        if seen > 4:
            break
    return None


def _mk_table(rows: list[Row], source) -> Table | None:
    rows = [r for r in rows if any(c.text for c in r.cells)]
    if not rows:
        return None
    return Table(rows=rows, source=source, page=None, line=rows[0].line)


def _html_tables(raw: list[str], taken: list[bool]) -> list[Table]:
    out = []
    i = 0
    while i < len(raw):
        if raw[i].lstrip().lower().startswith("<table"):
            j = i
            while j < len(raw) and "</table>" not in raw[j].lower():
                j += 1
            j = min(j, len(raw) - 1)
            for t in parse_tables("\n".join(raw[i : j + 1]), first_line=i + 1):
                rows = [
                    Row(
                        cells=[Cell(text=clean_cell(c.text), page=None, line=c.line,
                                    colspan=c.colspan, rowspan=c.rowspan) for c in r],
                        page=None, line=r[0].line,
                    )
                    for r in t
                ]
                if (tb := _mk_table(rows, "html")) is not None:
                    out.append(tb)
            for k in range(i, j + 1):
                taken[k] = True
            i = j + 1
        else:
            i += 1
    return out


def _cells(parts: list[str], n: int) -> list[Cell]:
    return [Cell(text=clean_cell(p), page=None, line=n) for p in parts]


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _placed_cells(line: str, parts: list[str], n: int) -> list[Cell] | None:
    """Cells with their display columns as bbox (x0, line, x1, line + 1), so a row that lost its
    empty cells can be aligned under the header by position; None when a part is not found verbatim."""
    if not _GAP.search(line.strip()):
        return _cells(parts, n)  # single spaces: a cell's column says nothing about its place
    cells, pos = [], 0
    for p in parts:
        at = line.find(p, pos)
        if at < 0:
            return _cells(parts, n)
        x0 = _width(line[:at])
        cells.append(Cell(text=clean_cell(p), page=None, line=n, bbox=(x0, n, x0 + _width(p), n + 1)))
        pos = at + len(p)
    return cells


def _pipe_tables(raw: list[str], taken: list[bool]) -> list[Table]:
    out, rows = [], []
    for i, t in enumerate(raw + [""]):
        if i < len(raw) and not taken[i] and _PIPE.match(t):
            taken[i] = True
            if _PIPE_SEP.match(t):
                continue
            parts = t.strip().strip("|").split("|")
            rows.append(Row(cells=_cells(parts, i + 1), page=None, line=i + 1))
        elif rows:
            if (tb := _mk_table(rows, "pipe")) is not None:
                out.append(tb)
            rows = []
    return out


def _tsv_tables(raw: list[str], taken: list[bool]) -> list[Table]:
    out, rows = [], []
    for i, t in enumerate(raw + [""]):
        if i < len(raw) and not taken[i] and "\t" in t and not _TOC.search(t):
            taken[i] = True
            rows.append(Row(cells=_cells(t.split("\t"), i + 1), page=None, line=i + 1))
        elif rows:
            if (tb := _mk_table(rows, "tsv")) is not None:
                out.append(tb)
            rows = []
    return out


_PAGE_MARK = re.compile(r"第\s*\d+\s*页|共\s*\d+\s*页|^\s*-\s*\d+\s*-\s*$|Page\s*\d+", re.I)
_YEAR = re.compile(r"(19|20)\d{2}\s*年")
_HEADING = re.compile(r"^\s*(第[一二三四五六七八九十\d]+[章节]|\d{1,2}(\.\d{1,2}){0,3}\.?\s+[\u4e00-\u9fff])")


_NUM_UNIT = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?\s*(?P<u>[^\d\s][^\s]{0,14})$")


@functools.lru_cache(maxsize=1 << 15)
def _num_with_unit(tok: str) -> bool:
    """`62,345,870 kWh` as one cell (2+ space layouts keep the unit with its number)."""
    from ..units import parse_unit

    m = _NUM_UNIT.fullmatch(tok)
    return bool(m) and parse_unit(m.group("u")) is not None


_GAP = re.compile(r"\S[ \u3000]{2,}\S")
_WIDE = re.compile(r"[ \u3000]{3,}")
_GAPS = re.compile(r"[ \u3000]{2,}")
# an empty cell as printed: `/`, `-`, `—`, `无`, `N/A`
_PLACEHOLDER = re.compile(r"[/／\\\-－—–~～]{1,2}|——|无|N/?A|n/?a")


@functools.lru_cache(maxsize=1 << 15)
def _is_gap_row(s: str) -> bool:
    """A layout-preserving extraction's row: three or more cells split by wide gaps, short cells,
    a number among them (`SH01   绿电交易（含绿证）   12000   …结算单、绿证   12.19`) or only
    placeholders after its label (`仓储   /   /   /`)."""
    parts = re.split(r"[ \u3000]{2,}", s)
    if len(parts) < 3 or any(len(p) > 40 or _SENTENCE_END.search(p) for p in parts):
        return False
    if _printed_empty(parts):
        return True
    return any(_cell_is_number(p) and not _YEAR.fullmatch(p) for p in parts)


def _printed_empty(parts: list[str]) -> bool:
    """A label followed only by placeholders (`仓储  /  /  /`, `产品使用 — — —`): a row printed empty."""
    return len(parts) >= 2 and not _PLACEHOLDER.fullmatch(parts[0]) and all(_PLACEHOLDER.fullmatch(x) for x in parts[1:])


@functools.lru_cache(maxsize=1 << 15)
def _is_space_row(t: str) -> bool:
    s = strip_tags(t).strip()
    # a layout extraction pads cells to their columns: judge the length without the padding
    if not s or len(_WIDE.sub("  ", s)) > 110 or _SENTENCE_END.search(s) or _TOC.search(s) or _CAPTION.match(s) \
            or s[0] == "#":
        return False
    if _PAGE_MARK.search(s) or re.match(r"(注|说明|备注)\s*[:：\d（(]", s):
        return False  # running header/footer (`第 6 页 共 13 页`, `… 2024 年度…报告`); a table note
    if len(_GAPS.findall(s)) >= 2 and not _HEADING.match(s):
        # wide gaps split the cells: judge the cells, not the tokens; a worked calculation inside
        # one cell (`0.90 t × 40 km = 36.00 t·km`) is that cell's content
        cells = _GAPS.split(s)
        if sum(1 for c in cells if _WORKED.search(c)) <= 1 and not _WORKED.search(cells[-1]):
            return _is_gap_row(s)
        return False
    if _WORKED.search(s):
        return False
    if len(s.split()) >= 3 and _printed_empty(s.split()):
        return True
    if not _NUM.search(_YEAR.sub("", s)):
        return False
    m = _HEADING.match(s)
    if m and len([x for x in s[m.end():].split() if _NUM.fullmatch(x) or _num_with_unit(x)]) < 2:
        return False  # `7.1 类别 1 直接排放` is a heading; `3.2 商务差旅  高铁  268400 …` is a row
    toks = s.split()
    trailing_nums = 0
    for x in reversed(toks):
        if not (_NUM.fullmatch(x) or _num_with_unit(x)):
            break
        trailing_nums += 1
    # a long label (`组织使用的产品产生的间接温室气体排放`) before two numbers is a row; a sentence is not
    if len(toks) < 2 or (_PROSE_TOKEN.search(s) and (trailing_nums < 2 or re.search(r"[，。；]", s))):
        return False
    nums = [x for x in toks if _NUM.fullmatch(x.replace("，", ",")) or _num_with_unit(x)]
    # a row has numeric cells, and is not a sentence broken by a few numbers
    if len(toks) == 2:  # `小计 3,469.45`: a label and its number
        return bool(nums) and toks[1] in nums and len(toks[0]) <= 12 and toks[0] not in nums
    return bool(nums) and len(s.replace(" ", "")) / len(toks) < 14


# numbers that name a column, not a quantity: `1月`, `2024 年度`, `Q3`, `第2季度`
_LABEL_NUM = re.compile(r"(19|20)\d{2}\s*年度?|\d{1,2}\s*月份?|第?\s*\d\s*季度")

# Latin words that carry digits (CO2, GWP100, HFC-134a, PM2.5) are labels, not numbers
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.\-]*")


@functools.lru_cache(maxsize=1 << 15)
def _is_fragment(t: str) -> bool:
    """A short non-numeric piece: a header cell or a wrapped cell of a space table."""
    s = " ".join(strip_tags(re.sub(r"<su[bp]>\s*\d\s*</su[bp]>", "", t)).split())   # `tCO<sub>2</sub>e`
    return bool(s) and s[0] != "#" and (len(s) <= 60 or len(s.split()) >= 4 and len(s) <= 100
                                        or len(_GAPS.findall(t.strip())) >= 2 and len(_WIDE.sub("  ", t.strip())) <= 140) and not _SENTENCE_END.search(s) and not _CAPTION.match(s) \
        and not _PROSE_TOKEN.search(s) and not _NUM.search(_LABEL_NUM.sub("", _LATIN_WORD.sub("", s)))


def _space_tables(raw: list[str], taken: list[bool]) -> list[Table]:
    out: list[Table] = []
    i, n = 0, len(raw)
    while i < n:
        if taken[i] or not _is_space_row(raw[i]):
            i += 1
            continue
        # collect a run of rows; blank lines and wrapped fragments may sit between rows
        body = [i]
        j = i + 1
        while j < n:
            if taken[j]:
                break
            if not raw[j].strip():
                j += 1
                continue
            if _is_space_row(raw[j]):
                body.append(j)
                j += 1
                continue
            # a multi-cell fragment line is the header of the next table, not a wrapped cell —
            # unless the rows keep display positions and it sits between two of them (the units
            # and wrapped cells of the row above: `GJ/万Nm3   tCO2/万Nm3   附录B缺省值`)
            if len(_split_row(raw[j])) >= 3:
                nxt = next((k for k in range(j + 1, min(n, j + 3)) if raw[k].strip()), None)
                between = nxt is not None and not taken[nxt] and _is_space_row(raw[nxt])
                units = any(_unit_only(c) for c in _GAPS.split(raw[j].strip()))
                if not (_GAPS.search(raw[j].strip()) and _GAPS.search(raw[body[-1]].strip()) and units
                        and (between or nxt is None or not _is_space_row(raw[nxt]))):
                    break
                body.append(j)
                j += 1
                continue
            # up to 3 fragment lines may continue the previous row, if a row follows
            k, frag = j, []
            while k < n and len(frag) < 3 and (not raw[k].strip() or _is_fragment(raw[k])) and not _is_space_row(raw[k]):
                if raw[k].strip():
                    frag.append(k)
                k += 1
            if frag and k < n and _is_space_row(raw[k]) and not taken[k]:
                body.extend(frag)
                j = k
                continue
            break
        header = _space_header(raw, taken, i)
        if len([b for b in body if _is_space_row(raw[b])]) < 2 and not _one_row_table(raw, header, body):
            i = j
            continue
        rows = _layout_rows(raw, header, body) or _space_rows(raw, header + body)
        for k in header + body:
            taken[k] = True
        if (tb := _mk_table(rows, "spaces")) is not None:
            out.append(tb)
        i = j
    return out


_RULE_LINE = re.compile(r"^\s*[-=—_─━+|]{5,}\s*$")


def _space_header(raw: list[str], taken: list[bool], first: int) -> list[int]:
    """Short fragment lines right above the first row, up to a caption or prose line."""
    hdr: list[int] = []
    k = first - 1
    while k >= 0 and len(hdr) < 10:
        t = raw[k].strip()
        if not t or _RULE_LINE.match(t):  # blank lines and `-----` rules under a header
            k -= 1
            continue
        if taken[k] or not _is_fragment(raw[k]) or _CAPTION.match(strip_tags(t)):
            break
        hdr.insert(0, k)
        k -= 1
    return hdr


def _space_rows(raw: list[str], idxs: list[int]) -> list[Row]:
    """Rows from line indices; fragment lines are merged into the row above (or the header)."""
    rows: list[Row] = []
    pending: list[int] = []  # header fragments before the first real row

    units_line: list[str] = []

    def flush_header():
        from ..units import parse_unit

        while pending and len(pending) > 1:
            toks = raw[pending[-1]].split()
            if len(toks) >= 2 and all(_UNIT_TOKEN.match(x) and (x[1:-1] == "%" or parse_unit(x[1:-1]))
                                      for x in toks):
                units_line.extend(toks)   # assigned to the numeric columns once the rows are read
                pending.pop()
            else:
                break
        if pending:
            # single-word fragments stacked vertically (`运输` / `距离` / `km`) are one cell
            parts: list[str] = []
            prev_single = False
            for k in pending:
                toks = _split_row(raw[k])
                single = len(toks) == 1 and len(toks[0]) <= 6
                while parts and toks and (toks[0][:1] in "(（/" or _open(parts[-1])):
                    parts[-1] += toks.pop(0)
                # …but a cell closed by its unit (`单包用量（kg/包）`) ends there: `排放因子` starts the next
                if single and prev_single and parts and toks and not parts[-1].endswith(("）", ")")):
                    parts[-1] += toks[0]
                else:
                    parts.extend(toks)
                prev_single = single
            cells = _placed_cells(raw[pending[0]], parts, pending[0] + 1) if len(pending) == 1 else None
            rows.append(Row(cells=cells or _cells(parts, pending[0] + 1), page=None, line=pending[0] + 1))
            pending.clear()

    for k in idxs:
        t = raw[k]
        if _is_space_row(t):
            flush_header()
            parts = _split_row(t)
            rows.append(Row(cells=_placed_cells(t, parts, k + 1), page=None, line=k + 1))
        elif rows:
            # a wrapped cell continues a text cell of the previous row: the one left with an open
            # bracket, else the last that is not a figure (never a figure: `743.71活性炭…`)
            last = rows[-1]
            cells = list(last.cells)
            texts = [c.text for c in cells]
            at = next((i for i in range(len(texts) - 1, -1, -1) if _open(texts[i])), None)
            if at is None:
                at = next((i for i in range(len(texts) - 1, -1, -1) if not _cell_is_number(texts[i])), len(cells) - 1)
            cells[at] = cells[at].model_copy(update={"text": clean_cell(cells[at].text + t.strip())})
            rows[-1] = last.model_copy(update={"cells": cells})
        else:
            pending.append(k)
    flush_header()
    if rows and not any(_NUM.fullmatch(c.text.strip()) for c in rows[0].cells):   # the first row is a header
        rows = _join_number_units(rows)
    if units_line and rows:
        rows = _assign_units(rows, units_line)
    return rows


def _join_number_units(rows: list[Row]) -> list[Row]:
    """`42360 t` split at its space into two cells makes a row one cell longer than its header:
    a unit right after a number is the number's."""
    from ..units import parse_unit

    n = len(rows[0].cells)
    out = [rows[0]]
    for r in rows[1:]:
        cells = list(r.cells)
        i = 1
        while len(cells) > n and i < len(cells):
            a, b = cells[i - 1].text.strip(), cells[i].text.strip()
            if _NUM.fullmatch(a) and not a.endswith("%") and not _NUM.search(b) and parse_unit(b):
                cells[i - 1:i + 1] = [cells[i - 1].model_copy(update={"text": f"{a} {b}", "bbox": None})]
            else:
                i += 1
        out.append(r.model_copy(update={"cells": cells}) if len(cells) != len(r.cells) else r)
    return out


def _assign_units(rows: list[Row], units: list[str]) -> list[Row]:
    """A units line under a header names the columns that hold plain numbers, in order: the
    first full row shows which those are (a year or serial number column, a % column and cells
    that carry their own unit take none)."""
    head = rows[0]
    n = len(head.cells)
    full = next((r for r in rows[1:] if len(r.cells) == n), None)
    if full is None:
        return rows
    cols = []
    for i, c in enumerate(full.cells):
        t = c.text.strip()
        if not _NUM.fullmatch(t.replace("，", ",")) or t.endswith("%"):
            continue
        if i == 0 and re.fullmatch(r"\d{1,4}", t):
            continue  # `2021`, `1`: a year or a serial number, not a quantity
        cols.append(i)
    if len(cols) != len(units):
        return rows
    cells = list(head.cells)
    for i, u in zip(cols, units):
        cells[i] = cells[i].model_copy(update={"text": clean_cell(cells[i].text + u)})
    return [head.model_copy(update={"cells": cells})] + rows[1:]


def _one_row_table(raw: list[str], header: list[int], body: list[int]) -> bool:
    """A layout table of a single row: the row and a header line above it both have three or
    more cells split by wide gaps (`种类   消耗量 (KWh)   排放因子 …` over `电力   7213262   …`)."""
    rows = [b for b in body if _is_space_row(raw[b])]
    return len(rows) == 1 and len(_GAPS.findall(raw[rows[0]].strip())) >= 2 \
        and any(len(_GAPS.findall(raw[h].strip())) >= 2 for h in header)


def _spans(line: str) -> list[tuple[str, int, int]] | None:
    """Cells of a line split at gaps of 2+ spaces, with display columns [x0, x1)."""
    out, pos = [], 0
    for p in _GAPS.split(line.strip()):
        at = line.find(p, pos)
        if at < 0:
            return None
        x0 = _width(line[:at])
        out.append((p, x0, x0 + _width(p)))
        pos = at + len(p)
    return out


def _columns(rows: list[list[tuple[str, int, int]]]) -> list[tuple[int, int]]:
    """Column extents from the data rows: display positions covered by some cell, split where a
    single row's wide cell bridges the gutter between two columns the other rows keep apart."""
    width = max(x1 for r in rows for _, _, x1 in r)
    cov = [0] * (width + 1)
    for r in rows:
        for _, x0, x1 in r:
            for x in range(x0, x1):
                cov[x] += 1
    cols, x = [], 0
    while x <= width:
        if not cov[x]:
            x += 1
            continue
        start = x
        while x <= width and cov[x]:
            x += 1
        cols.append((start, x))
    out = []
    for lo, hi in cols:
        seg = cov[lo:hi]
        cut = lo
        i = 0
        while i < len(seg):
            if seg[i] == 1 and max(seg[:i], default=0) >= 2:
                j = i
                while j < len(seg) and seg[j] == 1:
                    j += 1
                if j < len(seg) and max(seg[j:]) >= 2 and max(seg[cut - lo:i]) >= 2:
                    out.append((cut, lo + i))
                    cut = lo + j
                i = j
            else:
                i += 1
        out.append((cut, hi))
    return out


def _column_of(x0: int, x1: int, cols: list[tuple[int, int]]) -> list[int]:
    """Columns a cell overlaps (the nearest one when it sits in a gutter)."""
    hit = [i for i, (lo, hi) in enumerate(cols) if min(hi, x1) - max(lo, x0) > 0]
    if hit:
        return hit
    return [min(range(len(cols)), key=lambda i: max(cols[i][0] - x1, x0 - cols[i][1]))]


def _join(a: str, b: str) -> str:
    return clean_cell(f"{a} {b}".strip())


def _layout_rows(raw: list[str], header: list[int], body: list[int]) -> list[Row] | None:
    """Rows of a layout-preserving extraction (pdftotext -layout, aligned exports): columns are
    the display positions the data rows occupy, so a cell lands under its header even when the
    row left cells empty, a header wrapped over several lines is read per column, and a wrapped
    cell continues the cell above it. None when the text does not keep positions."""
    data = [k for k in body if _is_space_row(raw[k])]
    if (len(data) < 2 and not _one_row_table(raw, header, body)) or sum(1 for k in data if _GAP.search(raw[k].strip())) * 5 < len(data) * 4:
        return None
    spans = {k: _spans(raw[k]) for k in header + body}
    if any(v is None for v in spans.values()):
        return None
    # positions come from the rows whose cells are split by wide gaps; a one-cell line has none,
    # and a short row's wide label (`全年合计（kWh）`) bridges gutters the full rows keep apart
    multi = [spans[k] for k in data if len(spans[k]) > 1]
    most = max((len(r) for r in multi), default=0)
    full = [r for r in multi if len(r) * 4 >= most * 3]
    cols = _columns(full if len(full) >= 2 else multi)
    # a header cell over no data column heads a column the rows leave empty (`电动自行车计算`)
    for k in header:
        for _, x0, x1 in spans[k]:
            if not any(min(hi, x1) - max(lo, x0) > 0 for lo, hi in cols):
                cols.append((x0, x1))
    cols.sort()
    if not 2 <= len(cols) <= 16:
        return None
    nc = len(cols)

    def box(c: int, n: int) -> tuple[float, float, float, float]:
        return (cols[c][0], n, cols[c][1], n + 1)

    head = [""] * nc
    for k in header:
        for p, x0, x1 in spans[k]:
            for c in _column_of(x0, x1, cols):
                head[c] = _join(head[c], p)
    rows: list[Row] = []
    if header and any(head):
        n = header[0] + 1
        rows.append(Row(cells=[Cell(text=t, page=None, line=n, bbox=box(c, n)) for c, t in enumerate(head)],
                        page=None, line=n))
    grid: list[list[str]] = []
    lines: list[int] = []
    for k in body:
        placed = [""] * nc
        for p, x0, x1 in spans[k]:
            hit = _column_of(x0, x1, cols)
            c = max(hit, key=lambda i: min(cols[i][1], x1) - max(cols[i][0], x0))
            if placed[c] and len(hit) > 1:
                c = next((i for i in hit if not placed[i]), c)
            placed[c] = _join(placed[c], p)
        if k not in data and grid and not any(
                t and _cell_is_number(grid[-1][c]) and not _unit_only(t) for c, t in enumerate(placed)):
            # a wrapped cell: each piece continues the cell above it
            grid[-1] = [_join(a, b) if b else a for a, b in zip(grid[-1], placed)]
            continue
        if k not in data and not grid:
            return None  # fragments before any row belong to the header, which _space_header took
        grid.append([clean_cell(t) for t in placed])
        lines.append(k + 1)
    for texts, n in zip(grid, lines):
        rows.append(Row(cells=[Cell(text=t, page=None, line=n, bbox=box(c, n) if t else None)
                               for c, t in enumerate(texts)], page=None, line=n))
    return rows


_CELL_MAX = 24   # a cell on a line of its own is short; a longer line is prose after the table


def _cell_line_tables(raw: list[str], taken: list[bool]) -> list[Table]:
    """Tables extracted one cell per line (blank lines between), under a `表 N …` caption:

        表 3-15 …（按范围）  /  范围  /  排放量（tCO2e）  /  占比（%）  /  直接排放（范围一）  /  7122.14  /  41.73 …

    The header is the run of non-numeric cells before the first figure; its length is the column
    count, and every following group of that many cells must be a row: a label first, figures
    where the first row has figures. Anything irregular leaves the lines to the other readers."""
    out: list[Table] = []
    n = len(raw)
    for i in range(n):
        if taken[i] or not _CAPTION.match(strip_tags(raw[i]).strip()):
            continue
        cells: list[int] = []
        j = i + 1
        while j < n and not taken[j]:
            t = raw[j].strip()
            if t:
                if len(t) > _CELL_MAX or _GAP.search(t) or "\t" in raw[j] or _CAPTION.match(t) or _HEADING.match(t) \
                        or re.match(r"^(注|说明)", t):
                    break
                cells.append(j)
            j += 1
        texts = [raw[k].strip() for k in cells]
        head = 0
        while head < len(texts) and not _cell_is_number(texts[head]):
            head += 1
        k = head - 1          # the first row's label is the last non-numeric cell before a figure
        if k < 2 or k > 10:
            continue
        body = texts[k:]
        if len(body) < 2 * k or len(body) % k:
            continue   # cells left over: the column count read off the header is not the table's
        rows = [body[r:r + k] for r in range(0, len(body) - len(body) % k, k)]
        pattern = [_cell_is_number(x) or x in ("/", "-", "—") for x in rows[0]]
        if pattern[0] or not any(pattern):
            continue
        if any(_cell_is_number(r[0]) or not any(_cell_is_number(x) for x in r[1:]) for r in rows):
            continue
        if any(_cell_is_number(x) and not p for r in rows for x, p in zip(r, pattern)):
            continue   # a figure where the first row has a label: the cells do not line up
        used = cells[: head - 1 + len(rows) * k]
        tb_rows = [Row(cells=[Cell(text=clean_cell(raw[x]), page=None, line=x + 1) for x in cells[:k]],
                       page=None, line=cells[0] + 1)]
        for r in range(len(rows)):
            idx = cells[k + r * k: k + (r + 1) * k]
            tb_rows.append(Row(cells=[Cell(text=clean_cell(raw[x]), page=None, line=x + 1) for x in idx],
                               page=None, line=idx[0] + 1))
        for x in range(i + 1, used[-1] + 1):
            taken[x] = True
        if (tb := _mk_table(tb_rows, "lines")) is not None:
            out.append(tb)
    return out


def _cell_is_number(t: str) -> bool:
    """A cell that is one figure, bare or with its unit (`1,234.5`, `62,345,870 kWh`)."""
    t = t.strip()
    return bool(t) and (bool(_NUM.fullmatch(t.replace("，", ","))) or _num_with_unit(t))


def _unit_only(t: str) -> bool:
    """A cell holding only a unit (`GJ/万Nm3` under `389.31`): it completes the figure above it."""
    from ..units import parse_unit

    t = t.strip()
    return bool(t) and not re.match(r"[-−]?\d", t) and parse_unit(t) is not None
