"""PDF → located lines (pypdfium2) and ruled tables (pdfplumber).

pypdfium2 is ~40× faster than pdfplumber for text, keeps Word subscripts on
their line and drops fake-bold duplicates, so every page's lines come from
it. pdfplumber (pdfminer) is only opened for pages that draw vector paths,
i.e. pages that can hold a ruled table, and each page is closed after use
(pdfplumber retains ~1.7 MB per page otherwise). Measurements behind these
choices: ../shared/tools/pdf/FINDINGS.md.
"""
from __future__ import annotations

import re
import unicodedata

from ..document import Cell, Line, Page, Row, Table
from .errors import ReadError
from .text import clean_cell

_CJK = re.compile(r"[\u3400-\u9fff]")
# one space between CJK glyphs is letter-spacing; two (a wide gap, see _gapped) separate cells
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]) (?=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])")


def read_pdf(path: str) -> tuple[list[Page], list[Table], list[str]]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise ReadError("encrypted PDF (password required)") from None
        m = re.search(r"PDFium:\s*(.*?)\)?\.?$", msg)
        raise ReadError(f"damaged or unreadable PDF ({(m.group(1) if m else msg).strip() or 'pdfium error'})") from None
    pages: list[Page] = []
    table_pages: list[int] = []
    warnings: list[str] = []
    try:
        n = len(pdf)
        if n == 0:
            raise ReadError("PDF has no pages")
        for i in range(n):
            page = pdf[i]
            try:
                lines = _page_lines(page, i + 1)
                w, h = page.get_size()
                if _has_paths(page, pdfium):
                    table_pages.append(i)
            finally:
                page.close()
            pages.append(Page(number=i + 1, lines=lines, width=w, height=h))
    except ReadError:
        raise
    except Exception as e:  # pdfium can fail on one damaged page object
        raise ReadError(f"damaged PDF ({type(e).__name__})") from None
    finally:
        pdf.close()

    chars = sum(len(ln.text) for p in pages for ln in p.lines)
    if chars == 0:
        raise ReadError("no text layer (image-only or scanned PDF); OCR is not enabled")
    if _garbled(pages):
        raise ReadError("text layer is unreadable (fonts without ToUnicode map: text extracts as garbage); OCR is not enabled")
    empty = [p.number for p in pages if not p.lines]
    if empty:
        warnings.append(f"{len(empty)} page(s) without a text layer (scanned?), not read: {_ranges(empty)}")
    tables = _tables(path, table_pages, pages, warnings) if table_pages else []
    ruled = {p for t in tables for p in (t.pages or [t.page])}
    for pg in pages:
        if pg.number not in ruled:
            tables.extend(_unruled_tables(pg))
    tables.sort(key=lambda t: (t.page or 0, t.line))
    return pages, tables, warnings


def _unruled_tables(pg: Page) -> list[Table]:
    """Tables drawn without rules read as space-separated rows, as in extracted text."""
    from .text import _caption, _space_tables

    raw = [ln.text for ln in pg.lines]
    out = []
    for t in _space_tables(raw, [False] * len(raw)):
        rows = [r.model_copy(update={"page": pg.number, "cells": [c.model_copy(update={"page": pg.number})
                                                                 for c in r.cells]}) for r in t.rows]
        out.append(t.model_copy(update={"rows": rows, "page": pg.number, "pages": [pg.number],
                                        "caption": _caption(raw, t.line - 1)}))
    return out


def _page_lines(page, number: int) -> list[Line]:
    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        if n <= 0:
            return []
        text = tp.get_text_range()
        height = page.get_height()
        boxes = None
        if len(text) == n:  # index-aligned: every char (generated \r\n included) has a box slot
            boxes = [tp.get_charbox(k) for k in range(n)]
    finally:
        tp.close()
    out: list[Line] = []
    pos = 0
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        start = pos
        pos += len(raw) + 1
        # pdfium writes \r\n (2 chars) between lines; keep our index in step with the original text
        if boxes is not None and text[start + len(raw) : start + len(raw) + 2] == "\r\n":
            pos += 1
        if boxes is not None:
            raw = _gapped(raw, boxes[start:start + len(raw)])
        t = _norm_line(raw)
        if not t.strip():
            continue
        bbox = None
        if boxes is not None:
            bs = [boxes[k] for k in range(start, min(start + len(raw), n)) if boxes[k][2] > boxes[k][0]]
            if bs:
                bbox = (min(b[0] for b in bs), height - max(b[3] for b in bs),
                        max(b[2] for b in bs), height - min(b[1] for b in bs))
        out.append(Line(text=t, page=number, line=len(out) + 1, bbox=bbox))
    return out


def _gapped(raw: str, boxes: list) -> str:
    """Two spaces where the glyphs leave a wide gap: table cells without rules, read as separate cells."""
    out = []
    prev = None
    for ch, b in zip(raw, boxes):
        if prev is not None and b[2] > b[0] and ch != " " and out and out[-1] != " ":
            h = max(prev[3] - prev[1], b[3] - b[1], 1.0)
            if b[0] - prev[2] > max(0.9 * h, 5.0):
                out.append("  ")
        out.append(ch)
        if b[2] > b[0]:
            prev = b
    return "".join(out)


def _norm_line(s: str) -> str:
    # spaces between CJK glyphs are kept: they may separate cells of an unruled table; matching
    # (parse.facts.norm) and cells (text.clean_cell) drop letter-spacing themselves
    return s.replace("\x02", "").replace("\ufffe", "").rstrip()


def _has_paths(page, pdfium) -> bool:
    for _ in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        return True
    return False


def _garbled(pages: list[Page]) -> bool:
    """A text layer decoded through a missing ToUnicode map reads as control chars and Latin noise."""
    text = "".join(ln.text for p in pages for ln in p.lines)
    text = re.sub(r"\s", "", text)
    if len(text) < 50:
        return False
    bad = sum(1 for c in text if unicodedata.category(c) in ("Cc", "Co", "Cn") or c == "\ufffd")
    if bad / len(text) > 0.1:
        return True
    cjk = len(_CJK.findall(text))
    alnum = sum(c.isascii() and c.isalnum() for c in text)
    # Chinese reports: CJK text with numbers. No CJK and few real words → a broken layer.
    words = re.findall(r"[A-Za-z]{3,}", text)
    return cjk == 0 and alnum / len(text) < 0.5 and len(words) < len(text) / 40


def _ranges(nums: list[int]) -> str:
    out, start, prev = [], nums[0], nums[0]
    for x in nums[1:] + [None]:
        if x is not None and x == prev + 1:
            prev = x
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        if x is not None:
            start = prev = x
    return ", ".join(out)


# --------------------------------------------------------------------------- tables


def _tables(path: str, table_pages: list[int], pages: list[Page], warnings: list[str]) -> list[Table]:
    import pdfplumber

    from .scripts import snap_scripts

    found: list[tuple[Table, list[float]]] = []
    try:
        with pdfplumber.open(path) as pdf:
            for i in table_pages:
                page = pdf.pages[i]
                try:
                    snap_scripts(page)
                    p = page.dedupe_chars() if _doubled(page) else page
                    for t in p.find_tables():
                        tb = _table(t, pages[i])
                        if tb is not None:
                            found.append((tb, _col_edges(t) + [t.bbox[1], t.bbox[3]]))
                finally:
                    page.close()
    except Exception as e:  # tables are a bonus over the text layer: keep the lines
        warnings.append(f"table extraction stopped ({type(e).__name__}); text lines kept")
    return _stitch(found, pages)


def _doubled(page) -> bool:
    """Fake bold draws each glyph twice at (almost) the same spot."""
    chars = page.chars
    dup = sum(1 for a, b in zip(chars, chars[1:])
              if a["text"] == b["text"] and abs(a["x0"] - b["x0"]) < 1 and abs(a["top"] - b["top"]) < 1)
    return dup > 3


def _col_edges(t) -> list[float]:
    return sorted({round(c[0]) for c in t.cells} | {round(c[2]) for c in t.cells})


def _touching(prev: Table, pedges: list[float], tb: Table, edges: list[float]) -> bool:
    """Two tables on one page, one right below the other with the same outer edges: one ruled table
    whose column structure changes (pdfplumber splits it there)."""
    return (prev.pages[-1] == tb.page and abs(edges[-2] - pedges[-1]) <= 2
            and abs(pedges[0] - edges[0]) <= 3 and abs(pedges[-3] - edges[-3]) <= 3)


def _line_at(page: Page, top: float, bottom: float, x0: float = -1e9, x1: float = 1e9) -> int:
    """The page line a cell's first text sits on: the first line box inside the cell's box."""
    best = None
    for ln in page.lines:
        if ln.bbox is None:
            continue
        mid = (ln.bbox[1] + ln.bbox[3]) / 2
        if top - 1 <= mid <= bottom + 1 and ln.bbox[0] < x1 and ln.bbox[2] > x0:
            return ln.line
        d = abs(mid - top)
        if best is None or d < best[0]:
            best = (d, ln.line)
    return best[1] if best else 1


def _table(t, page: Page) -> Table | None:
    texts = t.extract()
    rows: list[Row] = []
    grid = [row.cells for row in t.rows]
    for r, row in enumerate(grid):
        cells: list[Cell] = []
        for c, box in enumerate(row):
            if box is None:
                above = _covering_above(grid, r, c)
                if above is not None:  # under a vertically merged cell: an empty cell keeps the columns
                    x0, _, x1, _ = above
                    top = min((b[1] for b in row if b is not None), default=above[1])
                    bottom = max((b[3] for b in row if b is not None), default=above[3])
                    cells.append(Cell(text="", page=page.number, line=_line_at(page, top, bottom),
                                      bbox=(x0, top, x1, bottom)))
                continue  # covered from the left: counted in that cell's colspan
            txt = texts[r][c] if r < len(texts) and c < len(texts[r]) else ""
            span = 1
            while c + span < len(row) and row[c + span] is None and _covering_above(grid, r, c + span) is None:
                span += 1
            x0, top, x1, bottom = box
            cells.append(Cell(text=clean_cell(txt or ""), page=page.number, line=_line_at(page, top, bottom, x0, x1),
                              bbox=(x0, top, x1, bottom), colspan=span))
        if cells and any(c.text for c in cells):
            rows.append(Row(cells=cells, page=page.number, line=min(c.line for c in cells if c.text)))
    if not rows or (len(rows) < 2 and len(rows[0].cells) < 2):
        return None  # a framed paragraph, not a table
    return Table(rows=rows, source="pdf", page=page.number, line=rows[0].line, pages=[page.number])


def _covering_above(grid, r: int, c: int):
    """The box of the merged cell that covers (r, c) from a row above, if any."""
    for rr in range(r - 1, -1, -1):
        b = grid[rr][c] if c < len(grid[rr]) else None
        if b is not None:
            row_top = min((x[1] for x in grid[r] if x is not None), default=None)
            return b if row_top is not None and b[3] > row_top + 1 else None
    return None


def _stitch(found: list[tuple[Table, list[float]]], pages: list[Page]) -> list[Table]:
    """Join a table ending a page with one starting the next page when the columns line up."""
    out: list[tuple[Table, list[float]]] = []
    for tb, edges in found:
        if out and _touching(out[-1][0], out[-1][1], tb, edges):
            prev, pedges = out[-1]
            out[-1] = (prev.model_copy(update={"rows": list(prev.rows) + list(tb.rows)}), pedges[:-1] + [edges[-1]])
            continue
        if out:
            prev, pedges = out[-1]
            last_on_page = prev.pages[-1] + 1 == tb.page
            if last_on_page and _first_on_page(tb, found) and _same_columns(pedges[:-2], edges[:-2]) \
                    and _lines_below(pages, prev.pages[-1], pedges[-1]) <= 3 and _lines_above(pages, tb.page, edges[-2]) <= 3:
                rows = list(tb.rows)
                if rows and prev.rows and [c.text for c in rows[0].cells] == [c.text for c in prev.rows[0].cells]:
                    rows = rows[1:]  # repeated header
                head = list(prev.rows)
                if rows and head and _continues(head[-1], rows[0]):
                    # a row broken by the page end: `供应链运输的排放（范` / `围 3）`
                    cells = [c.model_copy(update={"text": clean_cell(c.text + d.text)})
                             for c, d in zip(head[-1].cells, rows[0].cells)]
                    head[-1] = head[-1].model_copy(update={"cells": cells})
                    rows = rows[1:]
                merged = prev.model_copy(update={"rows": head + rows, "pages": prev.pages + [tb.page]})
                out[-1] = (merged, pedges)
                continue
        out.append((tb, edges))
    return [t for t, _ in out]


_OPEN_END = re.compile(r"[（(][^）)]*$|[、，,]$")


def _continues(last: Row, first: Row) -> bool:
    """The first row after a page break completes the last row before it: same cells and an open
    label, a blank label cell under a labelled row, or one long text cell broken mid-sentence."""
    if len(last.cells) != len(first.cells) or not first.cells:
        return False
    filled = [i for i, c in enumerate(first.cells) if c.text]
    filled_last = [i for i, c in enumerate(last.cells) if c.text]
    numeric = any(re.fullmatch(r"[-\d.,%]+", c.text) for c in first.cells if c.text)
    if not first.cells[0].text and last.cells[0].text and filled and not numeric:
        return True  # (a row of numbers under a merged label is a row of its own)
    if filled == filled_last and len(filled) == 1 and not re.search(r"[。.；;！!？?)）]$", last.cells[filled[0]].text):
        return True
    if not _OPEN_END.search(last.cells[0].text):
        return False
    return not any(re.fullmatch(r"[-\d.,]+", c.text) for c in first.cells if c.text) or not any(
        c.text for c in last.cells[1:])


def _lines_below(pages: list[Page], number: int, y: float) -> int:
    """Text lines under a table on its page: a table that continues overleaf has only the footer there."""
    return sum(1 for ln in pages[number - 1].lines if ln.bbox and ln.bbox[1] > y + 1)


def _lines_above(pages: list[Page], number: int, y: float) -> int:
    return sum(1 for ln in pages[number - 1].lines if ln.bbox and ln.bbox[3] < y - 1)


def _first_on_page(tb: Table, found) -> bool:
    return all(t.page != tb.page or t.line >= tb.line for t, _ in found)


def _same_columns(a: list[float], b: list[float]) -> bool:
    """Same outer edges, and one table's inner edges a subset of the other's (merged cells drop edges)."""
    if not a or not b or abs(a[0] - b[0]) > 3 or abs(a[-1] - b[-1]) > 3:
        return False
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(abs(x - y) <= 3 for y in big) for x in small)
