"""Document → Report: what the report says, typed (kind, facts, line items, quantities)."""
from __future__ import annotations

from ..document import Document
from .kind import detect_kind
from .report import Report


def parse(doc: Document) -> Report:
    return Report(document=doc, kind=detect_kind(doc.text))
