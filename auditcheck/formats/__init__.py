"""One renderer per --format. Each takes the finished results and returns the text to write."""
from __future__ import annotations

import json

from ..finding import ReportResult
from .terminal import render_text

FORMATS = ("text", "json", "jsonl")


def render(results: list[ReportResult], fmt: str, lang: str = "zh", color: bool = False) -> str:
    if fmt == "json":
        objs = [r.model_dump(mode="json") for r in results]
        return json.dumps(objs[0] if len(objs) == 1 else objs, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in results)
    return render_text(results, lang=lang, color=color)
