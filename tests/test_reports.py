"""End-to-end: every annotated report through the CLI, scored as ../shared/tools/score.py scores it.

Floors only ever rise. The seeds and their PDF renderings are the dev set; extra/ and blind/ were
written by people who did not write the rules (blind/ without seeing the code) and stand in for
the unseen reports the product is scored on (blind2 was written last, after every other fix).
"""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCORE = ROOT.parent / "shared" / "tools" / "score.py"
REPORTS = ROOT / "fixtures" / "reports"
CLI = [str(ROOT / ".venv" / "bin" / "auditcheck")] if (ROOT / ".venv" / "bin" / "auditcheck").exists() \
    else [sys.executable, "-m", "auditcheck"]

SETS = {  # name: (truth files, recall floor, precision floor)
    "seeds_text": (sorted(REPORTS.glob("00[0-4]_*.truth.json")), 0.90, 0.95),
    "seeds_pdf": (sorted((REPORTS / "pdf").glob("*_word.truth.json")), 0.88, 0.95),
    "extra": (sorted((REPORTS / "extra").glob("*.truth.json")), 0.90, 0.95),
    "blind": (sorted((REPORTS / "blind").glob("*.truth.json")), 0.85, 0.95),
    "blind2": (sorted((REPORTS / "blind2").glob("*.truth.json")), 0.80, 0.95),
    "blind3": (sorted((REPORTS / "blind3").glob("*.truth.json")), 0.80, 0.95),
    "blind4": (sorted((REPORTS / "blind4").glob("*.truth.json")), 0.80, 0.95),
    "blind5": (sorted((REPORTS / "blind5").glob("*.truth.json")), 0.85, 0.95),
    "blind6": (sorted((REPORTS / "blind6").glob("*.truth.json")), 0.90, 0.95),
    "blind7": (sorted((REPORTS / "blind7").glob("*.truth.json")), 0.80, 0.95),
    # TAB tables of ten reports re-rendered as a layout-preserving extraction prints them
    "layout": (sorted((REPORTS / "layout").glob("*.truth.json")), 0.90, 0.95),
}


@pytest.fixture(scope="module")
def score():
    if not SCORE.exists():
        pytest.skip("../shared/tools/score.py not beside the checkout")
    spec = importlib.util.spec_from_file_location("score", SCORE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def outputs():
    """One CLI run over every annotated report (jsonl), keyed by resolved path."""
    paths = sorted({str((t.parent / json.loads(t.read_text(encoding="utf-8"))["report"]).resolve())
                    for files, _, _ in SETS.values() for t in files})
    p = subprocess.run([*CLI, *paths, "--format", "jsonl", "--jobs", "2"], capture_output=True, text=True, timeout=300)
    assert p.returncode in (0, 1), p.stderr[-500:]
    out = {}
    for line in p.stdout.splitlines():
        obj = json.loads(line)
        out[str(Path(obj["file"]).resolve())] = obj
    return out


@pytest.mark.parametrize("name", sorted(SETS))
def test_recall_and_precision_floors(name, score, outputs):
    files, min_recall, min_precision = SETS[name]
    if not files:
        pytest.skip(f"no {name} fixtures")
    required = found = flagged = true_pos = traps = 0
    missed = []
    for t in files:
        truth = json.loads(t.read_text(encoding="utf-8"))
        res = outputs[str((t.parent / truth["report"]).resolve())]
        fl = [f for f in res["findings"] if f["severity"] in ("error", "warning")]
        req = [d for d in truth["defects"] if not d.get("advisory")]
        hit = {d["id"] for d in truth["defects"] if any(score.matches(f, d) for f in fl)}
        required += len(req)
        found += sum(1 for d in req if d["id"] in hit)
        missed += [f"{t.name}:{d['id']}" for d in req if d["id"] not in hit]
        tp = [f for f in fl if any(score.matches(f, d) for d in truth["defects"])]
        flagged += len(fl)
        true_pos += len(tp)
        traps += sum(1 for f in fl if f not in tp and any(score.anchor_hits(a, score.finding_numbers(f), score.finding_text(f))
                                                           for m in truth.get("must_not_flag", []) for a in m["anchors"]))
    recall = found / required
    precision = true_pos / flagged if flagged else 1.0
    assert recall >= min_recall, f"{name} recall {recall:.3f} < {min_recall}; missed {missed}"
    assert precision >= min_precision, f"{name} precision {precision:.3f} < {min_precision}"
    assert traps == 0, f"{name}: {traps} false alarm(s) on correct figures"
