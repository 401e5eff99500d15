"""Output formats: JSON contract golden file, CSV with BOM, Markdown, HTML escaping, xlsx sheets,
the terminal report, --output (atomic), and the rules / explain subcommands."""
from __future__ import annotations

import csv
import io
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from auditcheck.finding import Finding, ReportResult
from auditcheck.formats import AtomicWriter, render
from auditcheck.formats.common import COLUMNS, REPORT_COLUMNS

from conftest import ROOT, run_cli, seed

GOLDEN = Path(__file__).parent / "golden"
GOOD = seed("003")


def _toy_rules(monkeypatch, severity: str = "error"):
    """The stand-in rule pack of conftest.toy_rule, with the `script` lines planted for the escaping tests."""
    from auditcheck import registry
    from conftest import toy_rule

    toy = toy_rule(severity, planted=True)
    monkeypatch.setattr(registry, "load", lambda packages=("rules",): {toy.code: toy})
    return toy


def _results(*paths, opts=None):
    from auditcheck import batch
    from auditcheck.runner import Options

    return list(batch.run([Path(p) for p in paths], opts or Options(), jobs=2))


@pytest.fixture(scope="module")
def real():
    """Two seeds through the real rules, once for the module (in process, two workers)."""
    return _results(seed("000"), seed("003"))


# =========================================================================== json


def test_json_golden_file(monkeypatch):
    """The JSON output for one seed, byte for byte, with a fixed rule pack (AUDITCHECK_REGEN=1 rewrites it)."""
    from typer.testing import CliRunner

    from auditcheck import cli

    _toy_rules(monkeypatch)
    monkeypatch.chdir(ROOT)
    rel = str(GOOD.relative_to(ROOT))
    res = CliRunner().invoke(cli.app, [rel, "--format", "json", "--jobs", "1"])
    assert res.exit_code == 1, res.output
    golden = GOLDEN / "003_toy.json"
    if os.environ.get("AUDITCHECK_REGEN"):
        golden.write_text(res.stdout, encoding="utf-8")
    assert res.stdout == golden.read_text(encoding="utf-8")
    obj = json.loads(res.stdout)
    out = ReportResult.model_validate(obj)          # extra="forbid": exactly the contract's fields
    assert list(obj) == ["tool", "version", "file", "sha256", "report_kind", "findings"]
    assert list(obj["findings"][0]) == ["rule", "name", "category", "severity", "message", "page", "line",
                                        "reported", "expected", "values", "evidence"]
    assert out.file == rel and [f.line for f in out.findings] == [39, 323, 446]


def test_jsonl_is_the_contract(real):
    text = render(real, "jsonl")
    lines = text.splitlines()
    assert len(lines) == 2
    for o, line in zip(real, lines):
        assert ReportResult.model_validate_json(line) == o.result


# =========================================================================== csv


def test_csv_bom_and_columns(real, tmp_path):
    data = render(real, "csv")
    out = tmp_path / "f.csv"
    with AtomicWriter(str(out)) as w:
        w.write(data)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    findings = [f for o in real for f in o.result.findings]
    assert len(rows) - 1 == len(findings) > 0
    first = dict(zip(COLUMNS, rows[1]))
    f0 = real[0].result.findings[0]
    assert first["file"] == str(seed("000")) and first["rule"] == f0.rule and first["message"] == f0.message
    assert first["sha256"] == real[0].result.sha256 and first["severity"] == f0.severity


def test_csv_quotes_formula_text():
    f = Finding(rule="AC101", name="x", category="arithmetic.sum", severity="error", message="=HYPERLINK(\"x\")",
                page=None, line=1, evidence=["@SUM(A1)", "-5 t", "-cmd"])
    r = ReportResult(version="0", file="a.txt", sha256="0", report_kind="unknown", findings=[f])
    row = list(csv.reader(io.StringIO(render([r], "csv").lstrip("\ufeff"))))[1]
    d = dict(zip(COLUMNS, row))
    assert d["message"].startswith("'=") and d["evidence"].startswith("'@")


# =========================================================================== html


def _planted(tmp_path: Path) -> Path:
    d = tmp_path / "<img src=x onerror=alert(1)>"
    d.mkdir()
    p = d / "planted.txt"
    p.write_text("温室气体核查报告\n排放类别\t单位\t核证值\n合计\ttCO2e\t1.5\n"
                 "备注 <script>alert(\"pwned\")</script> 与 \" ' & 符号\n", encoding="utf-8")
    return p


def test_html_escapes_script_planted_in_report(monkeypatch, tmp_path):
    _toy_rules(monkeypatch)
    p = _planted(tmp_path)
    (o,) = _results(p)
    assert any("<script>" in e for f in o.result.findings for e in f.evidence)  # it is in the findings
    page = render([o], "html")
    assert page.count("<script") == 1                       # ours only
    assert re.search(r'<script nonce="[\w-]+">', page)
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Content-Security-Policy" in page and "http" not in page.split("</head>")[0].split("Policy")[1][:200]
    assert 'data-sev="error"' in page and '<select name="cat">' in page and '<select name="sev">' in page
    # the Markdown export escapes it too (renderers pass HTML through)
    md = render([o], "markdown")
    assert "<script" not in md and "&lt;script&gt;" in md


def test_html_real_report_text_escaped(tmp_path):
    """The real rules over a seed with an (entity-encoded) script in its prose: evidence carries
    `<script>` verbatim into the contract, and the HTML page shows it as text."""
    src = GOOD.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(n for n, ln in enumerate(src) if "第五次评估报告" in ln and ln.startswith("评价过程"))
    src[i] = "&lt;script&gt;alert(1)&lt;/script&gt;" + src[i]
    p = tmp_path / "seed003_planted.txt"
    p.write_text("".join(src), encoding="utf-8")
    (o,) = _results(p)
    page = render([o], "html")
    assert page.count("<script") == 1
    if not any("<script>" in e for f in o.result.findings for e in f.evidence + [f.message]):
        pytest.skip("no rule quotes that line any more")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# =========================================================================== xlsx, markdown, text


def test_xlsx_has_both_sheets(real, tmp_path):
    import openpyxl

    out = tmp_path / "f.xlsx"
    out.write_bytes(render(real, "xlsx"))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["findings", "reports"]
    ws, rs = wb["findings"], wb["reports"]
    assert tuple(c.value for c in ws[1]) == COLUMNS and tuple(c.value for c in rs[1]) == REPORT_COLUMNS
    assert ws.max_row - 1 == sum(len(o.result.findings) for o in real)
    assert rs.max_row - 1 == len(real)
    for s in (ws, rs):
        assert s.freeze_panes == "A2" and s.auto_filter.ref.startswith("A1:")
    assert [rs.cell(row=i, column=1).value for i in (2, 3)] == [str(seed("000")), str(seed("003"))]


def test_xlsx_text_is_never_a_formula(tmp_path):
    import openpyxl

    f = Finding(rule="AC101", name="x", category="arithmetic.sum", severity="error", message="=1+1",
                page=2, line=3, evidence=["a\x01b"])
    r = ReportResult(version="0", file="a.txt", sha256="0", report_kind="unknown", findings=[f])
    out = tmp_path / "f.xlsx"
    out.write_bytes(render([r], "xlsx"))
    ws = openpyxl.load_workbook(out)["findings"]
    row = {h.value: c for h, c in zip(ws[1], ws[2])}
    assert row["message"].value == "=1+1" and row["message"].data_type == "s"
    assert row["evidence"].value == "ab" and row["page"].value == 2


def test_markdown_tables(real):
    md = render(real, "markdown", lang="en")
    assert md.startswith("# auditcheck findings")
    for o in real:
        assert f"## {o.file}" in md
    rows = [ln for ln in md.splitlines() if re.match(r"^\| \d* \| \d+ \|", ln)]
    assert len(rows) == sum(len(o.result.findings) for o in real)
    assert all(ln.count(" | ") == 8 for ln in rows)   # pipes inside cells are escaped


def _paged() -> ReportResult:
    mk = lambda sev, page, line, rule: Finding(rule=rule, name="n", category="arithmetic.sum", severity=sev,
                                               message=f"m{rule}", page=page, line=line, reported=1.5,
                                               expected=1.25, evidence=[f"ev{rule}"])
    return ReportResult(version="0", file="r.pdf", sha256="0", report_kind="product_footprint",
                        findings=[mk("error", 2, 5, "AC101"), mk("warning", 2, 9, "AC102"), mk("info", 5, 1, "AC103")])


def test_text_groups_by_page_and_colours_only_when_asked():
    plain = render([_paged()], "text")
    assert "\033[" not in plain
    lines = plain.splitlines()
    assert lines[0].startswith("== r.pdf  [产品碳足迹]  3 条发现")
    assert [ln.strip() for ln in lines if ln.strip().startswith("--")] == ["-- 第 2 页", "-- 第 5 页"]
    order = [m.group(1) for ln in lines if (m := re.search(r"\] (AC\d+) ", ln))]
    assert order == ["AC101", "AC102", "AC103"]
    assert "印刷值 1.5 · 复算值 1.25" in plain and "原文：evAC101" in plain
    assert "错误 1，警告 1，提示 1" in plain and "arithmetic.sum 3" in plain
    en = render([_paged()], "text", lang="en")
    assert "-- page 2" in en and "printed 1.5 · recomputed 1.25" in en and "1 error(s), 1 warning(s), 1 info" in en
    coloured = render([_paged()], "text", color=True)
    assert "\033[1;31m[错误]\033[0m" in coloured and "\033[33m[警告]\033[0m" in coloured


def test_text_does_not_pass_terminal_escapes():
    f = Finding(rule="AC101", name="n", category="arithmetic.sum", severity="error", message="a\x1b]0;pwn\x07b",
                page=None, line=1, evidence=["\x1b[2J"])
    r = ReportResult(version="0", file="a.txt", sha256="0", report_kind="unknown", findings=[f])
    assert "\x1b" not in render([r], "text")


def test_cli_output_file(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from auditcheck import cli

    _toy_rules(monkeypatch)
    out = tmp_path / "r.md"
    out.write_text("old", encoding="utf-8")
    res = CliRunner().invoke(cli.app, [str(GOOD), "--format", "markdown", "--output", str(out), "--lang", "en"])
    assert res.exit_code == 1, res.output
    assert res.stdout == "" and out.read_text(encoding="utf-8").startswith("# auditcheck findings")
    assert "| 39 | error | AC199 toy-total-check |" in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]        # no temporary file left


def test_atomic_writer_keeps_old_file_on_error(tmp_path):
    out = tmp_path / "keep.csv"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with AtomicWriter(str(out)) as w:
            w.write("new half")
            raise RuntimeError
    assert out.read_text(encoding="utf-8") == "old" and len(list(tmp_path.iterdir())) == 1


# =========================================================================== rules, explain


def test_rules_and_explain():
    from typer.testing import CliRunner

    from auditcheck import cli, registry

    rules = registry.load()
    res = run_cli("rules", "--format", "markdown")    # from the root, beside the rules/ directory
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == "| code | name | category | severity | summary |" and len(lines) == 2 + len(rules)
    res = CliRunner().invoke(cli.explain_app, ["ac101"])
    assert res.exit_code == 0
    r = rules["AC101"]
    assert res.stdout.splitlines()[0] == f"AC101 {r.name} [{r.category}, {r.severity}]"
    assert "## Why it matters" in res.stdout
    assert CliRunner().invoke(cli.explain_app, ["AC999"]).exit_code == 2
