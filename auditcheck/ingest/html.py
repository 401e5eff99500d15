"""HTML fragments inside reports: `<table>` blocks and inline markup.

PDF-to-Markdown converters (MinerU and the like) leave `<table>` blocks with
colspan/rowspan, `<sub>`/`<sup>` in units and `<p>`/`<br>` in cells. The
stdlib parser is enough: the fragments are machine-written and we only need
rows, cells, spans and the text content.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(p|br|div|li|tr|h\d)\b[^>]*>", re.I)
_SCRIPT = re.compile(r"</?su[bp]\b[^>]*>", re.I)


def strip_tags(s: str) -> str:
    """Inline text of an HTML fragment: sub/sup joined to their base, blocks → spaces."""
    if "<" not in s and "&" not in s:
        return s
    s = _SCRIPT.sub("", s)
    s = _BLOCK.sub(" ", s)
    s = _TAG.sub("", s)
    return html.unescape(s)


class HtmlCell:
    __slots__ = ("text", "line", "colspan", "rowspan")

    def __init__(self, line: int, colspan: int, rowspan: int):
        self.text = ""
        self.line = line
        self.colspan = colspan
        self.rowspan = rowspan


class _TableParser(HTMLParser):
    """Collects every top-level <table> as rows of HtmlCell; nested tables are flattened into their cell."""

    def __init__(self, first_line: int):
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.tables: list[list[list[HtmlCell]]] = []
        self.depth = 0
        self.cell: HtmlCell | None = None
        self.rows: list[list[HtmlCell]] = []

    def _line(self) -> int:
        return self.first_line + self.getpos()[0] - 1

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.rows = []
            return
        if self.depth != 1:
            if self.cell is not None and tag in ("br", "p", "tr", "td", "th"):
                self.cell.text += " "
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            if not self.rows:
                self.rows.append([])
            self.cell = HtmlCell(self._line(), _int(a.get("colspan")), _int(a.get("rowspan")))
            self.rows[-1].append(self.cell)
        elif tag in ("br", "p", "div", "li") and self.cell is not None:
            self.cell.text += " "

    def handle_endtag(self, tag):
        if tag == "table":
            if self.depth == 1:
                self.tables.append([r for r in self.rows if r])
                self.cell = None
            self.depth = max(0, self.depth - 1)
        elif tag in ("td", "th") and self.depth == 1:
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.text += data


def _int(v: str | None) -> int:
    try:
        return max(1, int(v or 1))
    except ValueError:
        return 1


def parse_tables(fragment: str, first_line: int) -> list[list[list[HtmlCell]]]:
    p = _TableParser(first_line)
    p.feed(fragment)
    p.close()
    for t in p.tables:
        for row in t:
            for c in row:
                c.text = " ".join(c.text.split())
    return p.tables
