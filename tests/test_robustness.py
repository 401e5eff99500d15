"""Hostile input: the malformed-PDF corpus in one CLI run, and fuzzed bytes/text through `read`.

The corpus run takes ~2–5 s on the 2-core box (105 files, measured); it is marked `corpus`
and runs by default (CI included); deselect with `-m "not corpus"`.
"""
from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditcheck.document import Document
from auditcheck.finding import ReportResult
from auditcheck.ingest import ReadError, read
from auditcheck.ingest.text import read_text

from conftest import CORPUS, PDFDIR, run_cli

LINE = re.compile(r"^auditcheck: (?P<path>.+?): (?P<reason>\S.*)$")


@pytest.fixture(scope="module")
def corpus_run():
    if not CORPUS.is_dir():
        pytest.skip(f"malformed corpus not available ({CORPUS})")
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    t0 = time.monotonic()
    r = run_cli(CORPUS, "--format", "jsonl", timeout=100)
    return files, r, time.monotonic() - t0


@pytest.mark.corpus
def test_corpus_finishes_fast(corpus_run):
    files, r, elapsed = corpus_run
    assert len(files) >= 100
    assert elapsed < 60, f"corpus run took {elapsed:.1f} s"


@pytest.mark.corpus
def test_corpus_no_traceback_and_exit_status(corpus_run):
    files, r, _ = corpus_run
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    assert r.returncode in (0, 1, 2)
    if r.stderr.strip():
        assert r.returncode == 2


@pytest.mark.corpus
def test_corpus_every_file_accounted_for_once(corpus_run):
    files, r, _ = corpus_run
    reported = [ReportResult.model_validate_json(x).file for x in r.stdout.splitlines()]
    failed = []
    for x in r.stderr.splitlines():
        m = LINE.match(x)
        assert m, f"stderr line not in `auditcheck: PATH: reason` form: {x!r}"
        if "rule " in m.group("reason") and " failed (" in m.group("reason"):
            continue  # a crashing rule is reported, the file still is in stdout
        failed.append(m.group("path"))
    want = sorted(str(p) for p in files)
    assert sorted(reported + failed) == want  # each file exactly once, on one side or the other
    assert not set(reported) & set(failed)


@pytest.mark.corpus
def test_corpus_reasons(corpus_run):
    _, r, _ = corpus_run
    reasons = {LINE.match(x).group("path").rsplit("/", 1)[-1]: LINE.match(x).group("reason")
               for x in r.stderr.splitlines()}
    for name in ("encrypted-40-bit-R3.pdf", "job-json-encrypt-128.pdf", "job-json-encrypt-40.pdf"):
        assert "password" in reasons.get(name, ""), (name, reasons.get(name))
    assert all(len(x) < 200 for x in reasons.values())


# --------------------------------------------------------------------------- fuzz: read() never crashes

_SUFFIX = st.sampled_from([".txt", ".md", ".html", ".pdf"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=_SUFFIX)
def test_read_random_bytes(tmp_path, data, suffix):
    f = tmp_path / f"x{suffix}"
    f.write_bytes(data)
    try:
        doc = read(f)
    except ReadError as e:
        assert e.reason and "\n" not in str(e)
        return
    assert isinstance(doc, Document)


def _mutants():
    """Small corpus PDFs with a few bytes overwritten or the tail cut (deterministic)."""
    if not CORPUS.is_dir():
        return []
    rng = random.Random(20251204)
    small = sorted(p for p in CORPUS.glob("*.pdf") if p.stat().st_size < 20000)
    out = []
    for p in rng.sample(small, min(12, len(small))):
        b = bytearray(p.read_bytes())
        for _ in range(8):
            b[rng.randrange(len(b))] = rng.randrange(256)
        out.append((p.name + ":flip", bytes(b)))
        out.append((p.name + ":cut", bytes(b[: rng.randrange(len(b))])))
    return out


@pytest.mark.corpus
@pytest.mark.parametrize("name,data", _mutants(), ids=lambda x: x if isinstance(x, str) else "")
def test_read_mutated_pdf(tmp_path, name, data):
    f = tmp_path / "m.pdf"
    f.write_bytes(data)
    try:
        read(f)
    except ReadError as e:
        assert e.reason and "\n" not in str(e)


_TOKENS = ["合计", "排放量", "tCO", "<sub>2</sub>", "e", " ", "  ", "\t", "|", "| --- |", "\n", "\n", "\n", "\r\n",
           "<table>", "<tr>", "<td>", '<td colspan="2">', '<td rowspan="x">', "</td>", "</tr>", "</table>", "<br>",
           "表 1", "续表", "12.5", "0.0497", "1,234.5", "-3", "100%", "## 2", "（g）", "(km)", "。", "&nbsp;", "\ufeff"]
_TEXTISH = st.lists(st.sampled_from(_TOKENS), max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_TEXTISH)
def test_read_text_tables_are_well_formed(text):
    pages, tables = read_text(text)
    n = len(pages[0].lines)
    assert [ln.line for ln in pages[0].lines] == list(range(1, n + 1))
    for t in tables:
        assert t.rows and t.page is None and t.line == t.rows[0].line
        assert [r.line for r in t.rows] == sorted(r.line for r in t.rows)
        for r in t.rows:
            assert 1 <= r.line <= n and r.cells
            assert all(1 <= c.line <= n for c in r.cells)
    # no line belongs to two tables
    owned = [r.line for t in tables if t.source != "html" for r in t.rows]
    assert len(owned) == len(set(owned))
