"""The typed report rules judge: the document plus what was understood of it."""
from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..document import Document
from .facts import Facts, Loc, norm
from .tables import TypedTable


@dataclass
class Report:
    document: Document
    kind: str
    tables: list[TypedTable] = field(default_factory=list)
    facts: Facts = field(default_factory=Facts)
    formulas: list = field(default_factory=list)       # prose calculations `a × b = c`
    statements: list = field(default_factory=list)     # factor statements in prose and tables
    blocks: list = field(default_factory=list)         # verification blocks (reported vs verified data)

    @functools.cached_property
    def lines(self) -> list[Loc]:
        """Every non-blank line, normalised for matching (markup stripped, NFKC), with its location."""
        return [Loc(t, ln.page, ln.line, t) for ln in self.document.lines() if (t := norm(ln.text))]

    def grep(self, pattern: str | re.Pattern) -> list[tuple[Loc, re.Match]]:
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        return [(loc, m) for loc in self.lines if (m := rx.search(loc.text))]

    @property
    def items(self):
        for t in self.tables:
            yield from t.items

    def summary(self) -> dict:
        """What was understood, as plain JSON-able data (for `auditcheck extract`)."""
        def conv(x):
            if isinstance(x, Decimal):
                return str(x)
            if isinstance(x, date):
                return x.isoformat()
            if dataclasses.is_dataclass(x):
                return {k: conv(v) for k, v in dataclasses.asdict(x).items() if k != "table"}
            if isinstance(x, (list, tuple)):
                return [conv(v) for v in x]
            if isinstance(x, dict):
                return {k: conv(v) for k, v in x.items()}
            return x

        tables = []
        for t in self.tables:
            if not t.items:
                continue
            tables.append({
                "index": t.index, "page": t.page, "line": t.line, "caption": t.caption,
                "columns": [{"header": h, "role": r, "unit": u} for h, r, u in zip(t.header, t.roles, t.units)],
                "items": [{"label": it.label, "group": it.group, "line": it.line, "page": it.page,
                           "total": it.is_total, "unit": it.unit,
                           "cells": [None if q is None else {"value": str(q.value), "text": q.cell_text,
                                                             "unit": q.unit, "role": q.role}
                                     for q in it.cells]} for it in t.items],
            })
        return {"kind": self.kind, "facts": conv(self.facts), "tables": tables,
                "formulas": conv(self.formulas), "statements": conv(self.statements),
                "blocks": conv(self.blocks)}
