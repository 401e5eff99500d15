"""Every rule's fixture cases (fixtures/rules/ACNNN.toml): flagged snippets and must-not-flag snippets."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditcheck.cases import load_cases, mismatches
from auditcheck.runner import run_rule

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
CASES = [c for f in sorted(FIXTURES.glob("AC*.toml")) for c in load_cases(f)]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}-{c.name}" for c in CASES])
def test_rule_case(case):
    findings = run_rule(case.rule, case.text, kind=case.kind)
    assert not mismatches(findings, case.expect), mismatches(findings, case.expect)
