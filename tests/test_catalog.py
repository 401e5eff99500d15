"""Invariants every rule keeps: code scheme, docs, fixture cases, import surface."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from auditcheck import registry
from auditcheck.cases import load_cases
from auditcheck.rule import FAMILY_DIGIT

ROOT = Path(__file__).resolve().parents[1]
RULES = registry.load()


def test_rules_exist():
    assert len(RULES) >= 10


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_catalog_invariants(code):
    r = RULES[code]
    module = importlib.import_module(r.check.__module__)
    assert Path(module.__file__).stem == f"{code.lower()}_{r.name.replace('-', '_')}"
    assert code[2] == FAMILY_DIGIT[r.category.split(".")[0]]
    for heading in ("## Why it matters", "## Example", "## Not flagged"):
        assert heading in r.doc
    cases = ROOT / "fixtures" / "rules" / f"{code}.toml"
    assert cases.exists(), f"{cases} missing"
    loaded = load_cases(cases)
    assert any(c.expect for c in loaded), "needs a flagged case"
    assert any(not c.expect for c in loaded), "needs a must-not-flag case"
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("auditcheck"):
            assert node.module == "auditcheck.api", f"{code} imports {node.module}; rules import auditcheck.api only"


def test_readme_rule_table_is_current():
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- rules:start -->")[1].split("<!-- rules:end -->")[0].strip()
    out = subprocess.run([sys.executable, "-m", "auditcheck", "rules", "--format", "markdown"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60).stdout.strip()
    assert block == out, "README rule table is stale: paste `auditcheck rules --format markdown` between the markers"
