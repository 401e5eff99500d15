"""Document → Report: what the report says, typed (kind, facts, line items, quantities)."""
from __future__ import annotations

import re

from ..document import Document
from .facts import extract_facts, table_outputs
from .formulas import find_formulas, normalise, table_formulas
from .statements import extract_statements
from .verification import extract_blocks
from .kind import detect_kind
from .report import Report
from .tables import type_tables


_CONTINUES = re.compile(r"[×÷*+＋=＝]\s*$")


def parse(doc: Document) -> Report:
    formulas = []
    prev = ""
    for ln in doc.lines():
        if "=" in ln.text or "＝" in ln.text:
            found = find_formulas(ln.text, ln.page, ln.line)
            if found and _CONTINUES.search(prev):
                # `柴油 NCV × CC × OF ×` / `44/12 = 42.652 × …`: the line's first equation is the
                # tail of one begun on the line above
                head = normalise(ln.text).lstrip()
                found = found[1:] if head.startswith(found[0].terms[0].num.text) else found
            formulas += found
        prev = ln.text
    tables = type_tables(doc.tables)
    formulas += table_formulas(doc.tables)
    facts = extract_facts(doc)
    facts.outputs += [o for o in table_outputs(tables) if all(o[0].value != x.value for x, _ in facts.outputs)]
    return Report(document=doc, kind=detect_kind(doc.text), tables=tables, facts=facts,
                  formulas=formulas, statements=extract_statements(doc, tables),
                  blocks=extract_blocks(doc, tables))


def parse_text(text: str, kind: str | None = None) -> Report:
    """A snippet through the real pipeline (rule fixtures and tests)."""
    import hashlib

    from ..ingest.text import read_text

    pages, tables = read_text(text)
    doc = Document(path="<snippet>", sha256=hashlib.sha256(text.encode()).hexdigest(), format="text",
                   pages=pages, tables=tables)
    rep = parse(doc)
    if kind:
        rep.kind = kind
    return rep
