"""`--format json` / `jsonl`: the output contract (../shared/CONTRACT.md), unchanged."""
from __future__ import annotations

import json

from .common import entries


def render_json(results) -> str:
    """One object for one report, an array for several (unreadable reports are on stderr only)."""
    objs = [e.result.model_dump(mode="json") for e in entries(results) if e.result is not None]
    return json.dumps(objs[0] if len(objs) == 1 else objs, ensure_ascii=False, indent=2) + "\n"


def render_jsonl(results) -> str:
    return "".join(json.dumps(e.result.model_dump(mode="json"), ensure_ascii=False) + "\n"
                   for e in entries(results) if e.result is not None)
