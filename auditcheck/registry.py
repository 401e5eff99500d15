"""Discover rule modules in rule packs (default: the `rules` package) and select them by code prefix."""
from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Sequence
from functools import lru_cache

from .rule import Rule


class DuplicateRule(Exception):
    pass


@lru_cache(maxsize=8)
def load(packages: tuple[str, ...] = ("rules",)) -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for pkg_name in packages:
        pkg = importlib.import_module(pkg_name)
        for mod in pkgutil.iter_modules(pkg.__path__):
            if not re.fullmatch(r"ac\d{3}_\w+", mod.name):
                continue
            module = importlib.import_module(f"{pkg_name}.{mod.name}")
            rules = [v for v in vars(module).values() if isinstance(v, Rule)]
            if len(rules) != 1:
                raise ValueError(f"{mod.name}: a rule module defines exactly one rule")
            r = rules[0]
            if r.code in found:
                raise DuplicateRule(r.code)
            found[r.code] = r
    return dict(sorted(found.items()))


def select(rules: dict[str, Rule], *, kind: str, select: Sequence[str] = ("AC",),
           ignore: Sequence[str] = ()) -> list[Rule]:
    """Prefix match like ruff/flake8: --select AC1 = all arithmetic; --ignore AC302."""
    out = []
    for code, r in rules.items():
        if kind not in r.kinds:
            continue
        if not any(code.startswith(s) for s in select):
            continue
        if any(code.startswith(i) for i in ignore):
            continue
        out.append(r)
    return out
