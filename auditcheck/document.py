"""The one document model every input format is read into.

A Document is what was *read*, before any understanding: pages of located
lines, and tables of located cells. Text input has a single page whose
``number`` is None (the contract's ``page: null``); line numbers are then
lines of the file. For PDFs, line numbers count the extracted lines of each
page, starting at 1.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
SourceFormat = Literal["pdf", "text", "markdown", "html"]
TableSource = Literal["pdf", "tsv", "spaces", "html", "pipe", "lines"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Line(_Frozen):
    text: str
    page: int | None
    line: int
    bbox: BBox | None = None


class Cell(_Frozen):
    text: str
    page: int | None
    line: int
    bbox: BBox | None = None
    colspan: int = 1
    rowspan: int = 1


class Row(_Frozen):
    cells: list[Cell]
    page: int | None
    line: int

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


class Table(_Frozen):
    rows: list[Row]
    source: TableSource
    page: int | None
    line: int
    caption: str | None = None  # the nearest preceding "表N ..." line, if any
    pages: list[int] = Field(default_factory=list)  # every page a stitched PDF table spans

    @property
    def n_cols(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)

    def grid(self) -> list[list[str]]:
        return [r.texts for r in self.rows]


class Page(_Frozen):
    number: int | None
    lines: list[Line]
    width: float | None = None
    height: float | None = None


class Document(_Frozen):
    path: str
    sha256: str
    format: SourceFormat
    encoding: str | None = None
    pages: list[Page]
    tables: list[Table] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def lines(self):
        for p in self.pages:
            yield from p.lines

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines())
