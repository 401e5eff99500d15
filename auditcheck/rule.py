"""A rule is a decorated check function; the decorator validates it and returns a frozen `Rule`.

Rules yield `Issue`s (what they saw); the runner stamps the rule's code, name,
category and severity onto them, so a rule can never mislabel its findings.
"""
from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .finding import CATEGORIES, Category, ReportKind, Severity

ALL_KINDS: frozenset[str] = frozenset({"product_footprint", "organization_inventory", "unknown"})
FAMILY_DIGIT = {"arithmetic": "1", "unit": "2", "factor": "3", "gwp": "4", "time": "5",
                "consistency": "6", "boundary": "7", "completeness": "8"}
REQUIRED_HEADINGS = ("## Why it matters", "## Example", "## Not flagged")


@dataclass(frozen=True)
class Msg:
    """A message in the users' language (zh) and in English (--lang en)."""
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Issue:
    message: Msg | str
    at: Any                                  # anything with .page and .line (Num, Line, Cell, Row)
    reported: Any = None                     # Num / Decimal / float: the figure as printed
    expected: Any = None                     # Calc / Decimal / float: the recomputation
    values: Sequence[Any] = ()               # other figures the finding rests on
    evidence: Sequence[str] = ()             # verbatim snippets; default: the text of `at`'s line
    severity: Severity | None = None         # rare override


CheckFn = Callable[..., Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: Category
    severity: Severity
    kinds: frozenset[str]
    check: CheckFn = field(compare=False)

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.check) or ""

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""


def rule(code: str, name: str, *, category: Category, severity: Severity = "error",
         kinds: Iterable[ReportKind] = ALL_KINDS) -> Callable[[CheckFn], Rule]:
    def wrap(fn: CheckFn) -> Rule:
        if not re.fullmatch(r"AC[1-8]\d\d", code):
            raise ValueError(f"{code}: rule codes are AC + 3 digits")
        if category not in CATEGORIES:
            raise ValueError(f"{code}: unknown category {category}")
        if code[2] != FAMILY_DIGIT[category.split(".")[0]]:
            raise ValueError(f"{code}: code family digit does not match {category}")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
            raise ValueError(f"{code}: name must be kebab-case")
        doc = inspect.getdoc(fn) or ""
        missing = [h for h in REQUIRED_HEADINGS if h not in doc]
        if missing:
            raise ValueError(f"{code}: docstring lacks {', '.join(missing)}")
        return Rule(code, name, category, severity, frozenset(kinds), fn)

    return wrap


def as_float(x: Any) -> float | None:
    """A contract number from a Num / Calc / Decimal / float."""
    if x is None:
        return None
    v = getattr(x, "value", x)
    if isinstance(v, (Decimal, int, float)):
        return float(v)
    return None
