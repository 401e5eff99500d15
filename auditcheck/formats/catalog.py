"""`auditcheck rules` (the rule catalog) and `auditcheck explain CODE` (one rule's documentation)."""
from __future__ import annotations

import json


def _cell(s: str) -> str:
    return s.replace("|", "\\|")


def render_rules(rules, fmt: str = "text") -> str:
    rows = [(r.code, r.name, r.category, r.severity, r.summary) for r in rules]
    if fmt == "markdown":
        out = ["| code | name | category | severity | summary |", "|---|---|---|---|---|"]
        out += ["| " + " | ".join(_cell(x) for x in row) + " |" for row in rows]
        return "\n".join(out) + "\n"
    if fmt == "json":
        return json.dumps([dict(zip(("code", "name", "category", "severity", "summary"), row)) for row in rows],
                          ensure_ascii=False, indent=1) + "\n"
    from .common import table
    return "\n".join(table(["code", "name", "category", "severity", "summary"], [list(r) for r in rows])) + "\n"


def explain(r) -> str:
    return f"{r.code} {r.name} [{r.category}, {r.severity}]\n\n{r.doc}\n"
