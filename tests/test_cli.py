"""The command line as a user runs it (subprocess): output contract, exit codes, bad input."""
from __future__ import annotations

import hashlib
import json
import re
import sys
import types
from pathlib import Path

import pytest

import auditcheck
from auditcheck.finding import ReportResult

from conftest import BAD, CORPUS, REPORTS, SEEDS, pdf, run_cli, seed

GOOD = seed("003")  # a text seed: read in ~0.1 s
LINE = re.compile(r"^auditcheck: (?P<path>.+?): (?P<reason>\S.*)$")


def truth_kind(p: Path) -> str:
    return json.loads(p.with_suffix(".truth.json").read_text(encoding="utf-8"))["kind"]


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


# =========================================================================== output contract


@pytest.fixture(scope="module")
def seeds_jsonl():
    files = [str(p.relative_to(REPORTS.parents[1])) for p in SEEDS.values()]
    r = run_cli(*files, "--format", "jsonl")
    return files, r


def test_jsonl_one_valid_object_per_line(seeds_jsonl):
    files, r = seeds_jsonl
    assert "Traceback" not in r.stderr
    assert r.returncode in (0, 1), r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == len(files) == 5
    for f, line in zip(files, lines):
        res = ReportResult.model_validate_json(line)  # extra="forbid": no unknown fields either
        assert res.tool == "auditcheck" and res.version == auditcheck.__version__
        assert res.file == f
        p = REPORTS.parents[1] / f
        assert res.sha256 == sha(p)
        assert res.report_kind == truth_kind(p)
        for x in res.findings:
            assert x.page is None  # text input
            assert x.line is None or 1 <= x.line <= len(p.read_text(encoding="utf-8").splitlines())


def test_json_single_file_is_one_object():
    r = run_cli(GOOD, "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    obj = json.loads(r.stdout)
    assert isinstance(obj, dict)
    res = ReportResult.model_validate(obj)
    assert res.sha256 == sha(GOOD) and res.report_kind == truth_kind(GOOD) == "organization_inventory"
    assert set(obj) >= {"tool", "version", "file", "sha256", "report_kind", "findings"}


def test_json_several_files_is_a_list():
    r = run_cli(seed("002"), seed("004"), "--format", "json")
    objs = json.loads(r.stdout)
    assert isinstance(objs, list) and len(objs) == 2
    assert [ReportResult.model_validate(o).report_kind for o in objs] == [truth_kind(seed("002")), truth_kind(seed("004"))]


def test_json_pdf_report():
    p = pdf("004_a6ca005a15b2259d_word.pdf")
    r = run_cli(p, "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    res = ReportResult.model_validate_json(r.stdout)
    assert res.sha256 == sha(p) and res.report_kind == truth_kind(seed("004"))
    assert all(x.page is None or x.page >= 1 for x in res.findings)


def test_version():
    r = run_cli("--version")
    assert r.returncode == 0
    assert r.stdout.strip() == f"auditcheck {auditcheck.__version__}"


def test_text_format_and_lang_en():
    zh = run_cli(GOOD)
    en = run_cli(GOOD, "--lang", "en")
    assert zh.returncode == en.returncode and zh.returncode in (0, 1)
    assert str(GOOD) in en.stdout and "report(s)" in en.stdout and "organization inventory" in en.stdout
    assert "份报告" in zh.stdout and "组织温室气体清单" in zh.stdout
    bad = run_cli(GOOD, "--lang", "fr")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr  # a usage error, reported by click


# =========================================================================== exit codes


def test_exit_0_without_findings():
    # --select with a prefix no rule has: nothing runs, nothing found
    r = run_cli(*SEEDS.values(), "--format", "jsonl", "--select", "AC999")
    assert r.returncode == 0, r.stderr
    assert all(ReportResult.model_validate_json(x).findings == [] for x in r.stdout.splitlines())
    assert len(r.stdout.splitlines()) == 5


def test_exit_0_below_fail_on(seeds_jsonl):
    _, r = seeds_jsonl
    results = [ReportResult.model_validate_json(x) for x in r.stdout.splitlines()]
    clean = [res.file for res in results if not any(f.severity == "error" for f in res.findings)]
    if not clean:
        pytest.skip("every seed has an error finding")
    r1 = run_cli(clean[0], "--format", "json")
    assert r1.returncode == 0


def test_exit_1_with_error_findings(seeds_jsonl):
    _, r = seeds_jsonl
    results = [ReportResult.model_validate_json(x) for x in r.stdout.splitlines()]
    if not any(f.severity == "error" for res in results for f in res.findings):
        pytest.skip("no rule in rules/ reports an error on the seeds yet (see test_exit_1_in_process)")
    assert r.returncode == 1


def _toy_rule(severity: str):
    from conftest import toy_rule

    return toy_rule(severity)


@pytest.mark.parametrize("severity,fail_on,code", [
    ("error", None, 1), ("warning", None, 0), ("warning", "warning", 1), ("info", "warning", 0), ("info", "info", 1),
])
def test_exit_1_in_process(monkeypatch, severity, fail_on, code):
    """--fail-on against finding severities, with a stand-in rule pack (the real one is empty so far)."""
    from typer.testing import CliRunner

    from auditcheck import cli, registry

    toy = _toy_rule(severity)
    monkeypatch.setattr(registry, "load", lambda packages=("rules",): {toy.code: toy})
    try:
        import auditcheck.engine  # noqa: F401
    except ImportError:  # runner.run_rules imports it as soon as one rule is selected
        monkeypatch.setitem(sys.modules, "auditcheck.engine", types.SimpleNamespace(Engine=lambda: None))
    args = [str(GOOD), "--format", "json"] + (["--fail-on", fail_on] if fail_on else [])
    res = CliRunner().invoke(cli.app, args)
    assert res.exit_code == code, res.output
    out = ReportResult.model_validate_json(res.stdout)
    assert [f.line for f in out.findings] == [39, 323, 446]  # the three 合计 rows of seed 003
    assert {f.rule for f in out.findings} == {"AC199"} and out.findings[0].reported == 15547.08599


# =========================================================================== extract


def test_extract_json_dumps_document_with_tables():
    r = run_cli("extract", GOOD, "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    doc = data["document"]
    assert doc["sha256"] == sha(GOOD) and doc["format"] == "text"
    assert data.get("report", data)["kind"] == truth_kind(GOOD)
    assert len(doc["pages"]) == 1 and doc["pages"][0]["number"] is None
    assert len(doc["pages"][0]["lines"]) == len(GOOD.read_text(encoding="utf-8").split("\n")) - 1
    t = next(t for t in doc["tables"] if t["line"] == 35)
    assert [c["text"] for c in t["rows"][0]["cells"]] == ["排放类别", "单位", "核证值"]
    total = t["rows"][4]
    assert total["line"] == 39 and total["cells"][-1]["text"] == "15547.08599"


def test_extract_text_format():
    r = run_cli("extract", GOOD, "--format", "text")
    assert r.returncode == 0
    assert re.search(r"^--- table pNone l35 *$", r.stdout, re.M)
    assert re.search(r"^ +39: 合计 \| .+ \| 15547\.08599$", r.stdout, re.M)


def test_extract_bad_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    r = run_cli("extract", f)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.splitlines() == [f"auditcheck: {f}: empty file"]


# =========================================================================== bad input
#
# Each case: the bad input and a good seed in one run → exit 2, exactly one stderr line
# "auditcheck: <path>: <reason>", no traceback, and the good seed still reported on stdout.


def _corpus(name: str) -> Path:
    p = CORPUS / name
    if not p.exists():
        pytest.skip(f"malformed corpus not available ({CORPUS})")
    return p


def _truncated(tmp_path: Path) -> Path:
    src = pdf("004_a6ca005a15b2259d_word.pdf").read_bytes()
    out = tmp_path / "truncated.pdf"
    out.write_bytes(src[: len(src) // 2])
    return out


def _no_reports_dir(tmp_path: Path) -> Path:
    d = tmp_path / "nothing_here"
    (d / "sub").mkdir(parents=True)
    (d / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (d / "sub" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return d


BAD_CASES = {
    "missing": (lambda tmp: tmp / "no_such_report.pdf", r"no such file"),
    "empty": (lambda tmp: BAD / "empty.txt", r"^empty file$"),
    "whitespace": (lambda tmp: BAD / "whitespace.txt", r"no text"),
    "no-reports-dir": (_no_reports_dir, r"no reports"),
    "binary-junk-txt": (lambda tmp: BAD / "junk.txt", r"binary|not a text file"),
    "text-named-pdf": (lambda tmp: BAD / "not_a_pdf.pdf", r"not a PDF"),
    "truncated-pdf": (_truncated, r"damaged|unreadable|truncated"),
    "corrupt-bad7": (lambda tmp: _corpus("bad7.pdf"), r"damaged|unreadable"),
    "corrupt-issue-99": (lambda tmp: _corpus("issue-99.pdf"), r"damaged|unreadable"),
    "corrupt-bad34": (lambda tmp: _corpus("bad34.pdf"), r"damaged|unreadable"),
    "encrypted-40": (lambda tmp: _corpus("encrypted-40-bit-R3.pdf"), r"encrypted.*password"),
    "encrypted-128": (lambda tmp: _corpus("job-json-encrypt-128.pdf"), r"encrypted.*password"),
    "scan": (lambda tmp: pdf("004_a6ca005a15b2259d_scan.pdf"), r"no text layer.*OCR is not enabled"),
    "noTU": (lambda tmp: pdf("004_a6ca005a15b2259d_noTU.pdf"), r"ToUnicode.*OCR is not enabled"),
}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    """Every bad input of BAD_CASES and the good seed, in one process."""
    made = {}
    for case, (make, _) in BAD_CASES.items():
        try:
            made[case] = make(tmp_path_factory.mktemp(case))
        except pytest.skip.Exception:
            pass
    r = run_cli(*made.values(), GOOD, "--format", "jsonl", timeout=60)
    return made, r


def test_bad_inputs_batch(bad_run):
    made, r = bad_run
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert len(r.stderr.splitlines()) == len(made), r.stderr
    out = [ReportResult.model_validate_json(x) for x in r.stdout.splitlines()]
    assert [o.file for o in out] == [str(GOOD)] and out[0].sha256 == sha(GOOD)


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_input(case, bad_run):
    made, r = bad_run
    if case not in made:
        pytest.skip("fixture not available")
    bad, reason = made[case], BAD_CASES[case][1]
    lines = [x for x in r.stderr.splitlines() if (m := LINE.match(x)) and m.group("path") == str(bad)]
    assert len(lines) == 1, r.stderr
    assert re.search(reason, LINE.match(lines[0]).group("reason")), lines[0]


@pytest.mark.parametrize("case", ["empty", "scan"])
def test_bad_input_alone(case, tmp_path):
    """One bad input beside a good seed: exactly one stderr line in all, the seed on stdout."""
    make, reason = BAD_CASES[case]
    bad = make(tmp_path)
    r = run_cli(bad, GOOD, "--format", "jsonl", timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    (line,) = r.stderr.splitlines()
    m = LINE.match(line)
    assert m and m.group("path") == str(bad) and re.search(reason, m.group("reason")), line
    out = [ReportResult.model_validate_json(x) for x in r.stdout.splitlines()]
    assert [o.file for o in out] == [str(GOOD)]


def test_reasons_are_clean_sentences(bad_run):
    """No stray punctuation from library messages, e.g. `damaged or unreadable PDF (Data format error).)`."""
    _, r = bad_run
    for line in r.stderr.splitlines():
        reason = LINE.match(line).group("reason")
        assert reason.count("(") == reason.count(")"), line
        assert not reason.endswith(".)") and "PDFium" not in reason, line


def test_size_limit(tmp_path):
    small = tmp_path / "small.txt"
    small.write_text("温室气体核查报告\n排放类别\t单位\t核证值\n合计\ttCO2e\t1.5\n", encoding="utf-8")
    assert small.stat().st_size < 1000
    big = seed("003")  # 35 KB > 0.001 MB
    r = run_cli(big, small, "--format", "jsonl", "--max-size", "0.001")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    (line,) = r.stderr.splitlines()
    m = LINE.match(line)
    assert m.group("path") == str(big) and "too large" in m.group("reason") and "--max-size" in m.group("reason")
    out = [ReportResult.model_validate_json(x) for x in r.stdout.splitlines()]
    assert [o.file for o in out] == [str(small)]


def test_many_bad_inputs_in_one_run(tmp_path):
    """All at once, with a directory argument: one line per bad file, the good ones all reported."""
    bads = [tmp_path / "missing.txt", _no_reports_dir(tmp_path), _truncated(tmp_path)]
    r = run_cli(BAD, *bads, GOOD, seed("002"), "--format", "jsonl", timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    named = [LINE.match(x).group("path") for x in r.stderr.splitlines()]
    want = [str(p) for p in bads] + [str(BAD / n) for n in
                                     ("empty.txt", "junk.txt", "not_a_pdf.pdf", "pdf_named.txt", "whitespace.txt")]
    assert sorted(named) == sorted(want)
    out = [ReportResult.model_validate_json(x) for x in r.stdout.splitlines()]
    assert [o.file for o in out] == [str(GOOD), str(seed("002"))]


def test_default_text_format_still_reports_good_file(tmp_path):
    r = run_cli(BAD / "empty.txt", GOOD)
    assert r.returncode == 2
    assert r.stderr.splitlines() == [f"auditcheck: {BAD / 'empty.txt'}: empty file"]
    assert f"== {GOOD}" in r.stdout


def test_tolerance_truncation_accepts_truncated_results(tmp_path):
    # 12355 kWh × 0.5703 tCO2/MWh = 7.0460565: a report that truncates prints 7.04, which even
    # the inputs' rounding cannot reach (7.0452…7.0466); with --tolerance truncation it holds.
    p = tmp_path / "trunc.txt"
    p.write_text("种类\t消耗量 (KWh)\t排放因子 (tCO2/MWh)\t排放 (tCO2e)\n"
                 "电力\t12355\t0.5703\t7.04\n"
                 "热力\t21340\t0.5703\t12.17\n", encoding="utf-8")
    rounding = json.loads(run_cli(str(p), "--format", "json").stdout)["findings"]
    assert [(f["rule"], f["reported"], f["expected"]) for f in rounding] == [("AC111", 7.04, 7.0460565)]
    r = run_cli(str(p), "--format", "json", "--tolerance", "truncation")
    assert r.returncode == 0 and json.loads(r.stdout)["findings"] == []


def test_reference_factors_replace_the_packaged_file(tmp_path):
    # a certification body adds a year the package does not know yet: a copy of grid_factors.toml
    # with one more document; the rules and `auditcheck reference` answer from it
    from conftest import ROOT

    refs = tmp_path / "refs"
    refs.mkdir()
    packaged = (ROOT / "rules" / "reference" / "grid_factors.toml").read_text(encoding="utf-8")
    (refs / "grid_factors.toml").write_text(packaged + """
[doc.user_2024]
kind = 'co2_emission'
unit = 'kgCO2/kWh'
year = 2024
source = '关于发布2024年电力二氧化碳排放因子的公告'
announcement = '测试公告'
issuer = 'MEE/NBS'
published = '2026-06-30'

[[series]]
doc = 'user_2024'
label = '全国电力平均二氧化碳排放因子'
confidence = 'high'
evidence = []
[series.values]
national = '0.5123'
""", encoding="utf-8")
    assert run_cli("reference", "0.5123").returncode == 1
    r = run_cli("reference", "0.5123", "--reference-factors", str(refs))
    assert r.returncode == 0 and "2024" in r.stdout and "测试公告" in r.stdout
    rep = tmp_path / "r.txt"
    rep.write_text("核算期：2024年1月1日至2024年12月31日\n"
                   "净购入电力排放因子采用2024年全国电力平均二氧化碳排放因子 0.5306 tCO2/MWh。\n", encoding="utf-8")
    plain = json.loads(run_cli(str(rep), "--format", "json").stdout)["findings"]
    assert not any("0.5123" in f["message"] for f in plain)
    for jobs in ("1", "2"):       # in process and in worker processes
        r = run_cli(str(rep), str(rep), "--format", "jsonl", "--jobs", jobs, "--reference-factors", str(refs))
        for line in r.stdout.splitlines():
            f = [x for x in json.loads(line)["findings"] if x["category"] == "factor.grid"]
            assert f and "0.5123" in f[0]["message"] and f[0]["reported"] == 0.5306
    bad = run_cli(str(rep), "--reference-factors", str(tmp_path / "nowhere"))
    assert bad.returncode == 2 and "no such file" in bad.stderr and "Traceback" not in bad.stderr
