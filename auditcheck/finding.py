"""The output contract (../shared/CONTRACT.md) as pydantic models: add fields, never rename or drop one."""
from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning", "info"]
ReportKind = Literal["product_footprint", "organization_inventory", "unknown"]
Category = Literal[
    "arithmetic.sum", "arithmetic.product", "arithmetic.share", "arithmetic.derived",
    "unit.mismatch", "factor.grid", "factor.reference", "gwp.version", "time.boundary",
    "consistency.crossref", "boundary.scope", "completeness",
]
CATEGORIES: tuple[str, ...] = get_args(Category)
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    rule: str
    name: str
    category: Category
    severity: Severity
    message: str
    page: int | None
    line: int | None
    reported: float | None = None
    expected: float | None = None
    values: list[float] = []
    evidence: list[str] = []


class ReportResult(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tool: Literal["auditcheck"] = "auditcheck"
    version: str
    file: str
    sha256: str
    report_kind: ReportKind
    findings: list[Finding]
