"""Shared paths, a cached reader and a CLI runner for the foundation tests.

Reading a PDF costs 1–4 s, so every Document is read once per session
(`read_cached`) and every CLI run that several tests look at is a
module-scoped fixture in its test file.
"""
from __future__ import annotations

import functools
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
REPORTS = FIXTURES / "reports"
PDFDIR = REPORTS / "pdf"
BAD = FIXTURES / "bad"
# CI checks the project out beside ../shared; locally it is /work/shared
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "malformed-pdf"

SEEDS = {p.name[:3]: p for p in sorted(REPORTS.glob("00[0-4]_*.txt"))}

_VENV_BIN = ROOT / ".venv" / "bin" / "auditcheck"
CLI = [str(_VENV_BIN)] if _VENV_BIN.exists() else [sys.executable, "-m", "auditcheck"]


def seed(prefix: str) -> Path:
    return SEEDS[prefix]


def pdf(name: str) -> Path:
    p = PDFDIR / name
    if not p.exists():
        pytest.skip(f"PDF fixture {name} not built")
    return p


@functools.lru_cache(maxsize=None)
def read_cached(path: str):
    from auditcheck.ingest import read

    return read(path)


def run_cli(*args, timeout: float = 120, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          cwd=str(cwd or ROOT), env=env)


# --------------------------------------------------------------------------- comparison helpers

_SUBS = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹", "01234567890123456789")
_FULLWIDTH = str.maketrans("（）：，；％", "():,;%")
_TAGS = re.compile(r"<[^>]+>")


def norm(s: str) -> str:
    """Comparable cell text: markup gone, sub/superscript digits as digits, no whitespace, ASCII punctuation."""
    s = html.unescape(_TAGS.sub("", s or ""))
    s = s.translate(_SUBS).translate(_FULLWIDTH)
    return re.sub(r"\s+", "", s)


def tables_at(doc, line: int):
    return [t for t in doc.tables if t.line == line]


def pytest_configure(config):
    config.addinivalue_line("markers", "corpus: runs over ../shared/corpus/malformed-pdf (~5 s; runs in CI)")


def toy_rule(severity: str = "error", planted: bool = False):
    """A stand-in rule: flags every 合计 row; with planted=True also every line holding `script`, with
    the line's raw text as message and evidence (for the escaping tests of the output formats)."""
    from decimal import Decimal

    from auditcheck.rule import Issue, rule

    @rule("AC199", "toy-total-check", category="arithmetic.sum", severity=severity)
    def toy(report, engine):
        """Flags every 合计 row of a table (test rule).

        ## Why it matters
        Test only.
        ## Example
        合计 15547.08599
        ## Not flagged
        Anything else.
        """
        for t in report.document.tables:
            for r in t.rows:
                if r.texts and r.texts[0] == "合计":
                    yield Issue(message="toy", at=r, reported=Decimal(r.texts[-1]), evidence=[" ".join(r.texts)])
        if planted:
            for ln in report.document.lines():
                if "script" in ln.text:
                    yield Issue(message=f"planted: {ln.text}", at=ln, evidence=[ln.text])

    return toy
