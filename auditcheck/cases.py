"""Rule fixture cases (`fixtures/rules/ACNNN.toml`): a snippet in, the complete list of findings out.

Used by the test suite and by `auditcheck --explain`; a typo in a case key fails loudly.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")
    line: int | None = None
    reported: float | None = None
    expected: float | None = None
    severity: str | None = None
    message_has: str | None = None
    evidence_has: str | None = None


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rule: str
    name: str
    text: str
    kind: str = "unknown"
    expect: list[Expect] = Field(default_factory=list)


def load_cases(path: Path) -> list[Case]:
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    rule, kind = data["rule"], data.get("kind", "unknown")
    return [Case(rule=rule, kind=c.pop("kind", kind), **c) for c in data.get("case", [])]


def _close(a: float, b: float) -> bool:
    # the fixture's own printed precision decides, as in the contract's scoring
    r = repr(float(b))
    d = len(r.split(".")[1]) if "." in r and "e" not in r else 6
    return abs(a - b) <= 0.5 * 10 ** (-d) + 1e-12


def mismatches(findings, expect: list[Expect]) -> list[str]:
    """Why the findings do not equal the expected list ([] when they do)."""
    errs = []
    if len(findings) != len(expect):
        errs.append(f"{len(findings)} finding(s), expected {len(expect)}: "
                    + "; ".join(f"{f.line}: {f.message}" for f in findings))
        return errs
    for f, e in zip(findings, expect):
        if e.line is not None and f.line != e.line:
            errs.append(f"line {f.line} != {e.line}")
        for key in ("reported", "expected"):
            want = getattr(e, key)
            got = getattr(f, key)
            if want is not None and (got is None or not _close(got, want)):
                errs.append(f"{key} {got} != {want}")
        if e.severity and f.severity != e.severity:
            errs.append(f"severity {f.severity} != {e.severity}")
        if e.message_has and e.message_has not in f.message:
            errs.append(f"message lacks {e.message_has!r}: {f.message}")
        if e.evidence_has and not any(e.evidence_has in x for x in f.evidence):
            errs.append(f"evidence lacks {e.evidence_has!r}: {f.evidence}")
    return errs
