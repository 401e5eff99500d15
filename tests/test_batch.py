"""Batch / archive mode: globs and directories, worker isolation (crash, timeout), the results store
(resume after SIGKILL, no duplicates), the progress bar only on a TTY, configuration files."""
from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from auditcheck.finding import ReportResult

from conftest import CLI, PDFDIR, REPORTS, ROOT, run_cli, seed

LINE = re.compile(r"^auditcheck: (?P<path>.+?): (?P<reason>\S.*)$")
SMALL = "温室气体核查报告\n排放类别\t单位\t核证值\n直接排放\ttCO2e\t1.0\n合计\ttCO2e\t1.5\n"


def _db(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)


# =========================================================================== archive with bad inputs


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """fixtures/reports text reports (a glob) and one PDF, plus a corrupt PDF, an empty
    file and a non-report file, into a results store with --jobs 2."""
    tmp = tmp_path_factory.mktemp("archive")
    corrupt = tmp / "corrupt.pdf"
    corrupt.write_bytes((PDFDIR / "000_d5097a146a45dd10_word.pdf").read_bytes()[:40000])
    empty = tmp / "empty.txt"
    empty.write_bytes(b"")
    nonreport = tmp / "photo.jpg"
    nonreport.write_bytes(bytes(range(256)) * 8)
    good = sorted(REPORTS.glob("*.txt")) + [PDFDIR / "000_d5097a146a45dd10_word.pdf"]
    args = ["fixtures/reports/*.txt", "fixtures/reports/pdf/000_*_word.pdf", corrupt, empty, nonreport]
    db = tmp / "results.sqlite"
    t = time.monotonic()
    r = run_cli(*args, "--db", db, "--format", "jsonl", "--jobs", "2", timeout=120)
    first = time.monotonic() - t
    return {"tmp": tmp, "good": good, "bad": [corrupt, empty, nonreport], "db": db, "run": r, "args": args,
            "seconds": first}


def test_archive_finishes_and_names_bad_inputs(archive):
    r = archive["run"]
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = r.stderr.splitlines()
    named = {LINE.match(x).group("path"): LINE.match(x).group("reason") for x in lines}
    assert set(named) == {str(p) for p in archive["bad"]}, r.stderr
    assert re.search(r"damaged|unreadable|truncated", named[str(archive["bad"][0])])
    assert named[str(archive["bad"][1])] == "empty file"
    assert re.search(r"binary|not a text file", named[str(archive["bad"][2])])


def test_archive_good_reports_in_input_order_and_in_db(archive):
    out = [ReportResult.model_validate_json(x) for x in archive["run"].stdout.splitlines()]
    assert [Path(o.file).resolve() for o in out] == [p.resolve() for p in archive["good"]]
    with _db(archive["db"]) as db:
        rows = {Path(p): (status, n) for p, status, n in db.execute(
            "SELECT r.path, r.status, (SELECT COUNT(*) FROM findings f WHERE f.report_id = r.id) FROM reports r")}
        assert len(rows) == len(archive["good"]) + len(archive["bad"])
        for o in out:
            assert rows[Path(o.file).resolve()] == ("ok", len(o.findings))
        for b in archive["bad"]:
            assert rows[b.resolve()] == ("unreadable", 0)
        # all contract fields are stored
        o = next(o for o in out if o.findings)
        f = o.findings[0]
        got = db.execute('SELECT rule, name, category, severity, message, page, line, reported, expected,'
                         ' "values", evidence FROM findings f JOIN reports r ON f.report_id = r.id'
                         " WHERE r.path = ? ORDER BY seq LIMIT 1", (str(Path(o.file).resolve()),)).fetchone()
        assert got == (f.rule, f.name, f.category, f.severity, f.message, f.page, f.line, f.reported, f.expected,
                       json.dumps(f.values), json.dumps(f.evidence, ensure_ascii=False))
        sha, kind, version = db.execute("SELECT sha256, kind, tool_version FROM reports WHERE path = ?",
                                        (str(Path(o.file).resolve()),)).fetchone()
        assert (sha, kind) == (o.sha256, o.report_kind) and version == o.version


def test_no_progress_bar_when_stderr_is_not_a_tty(archive):
    err = archive["run"].stderr
    assert "\r" not in err and "\x1b" not in err and "━" not in err
    assert all(LINE.match(x) for x in err.splitlines())


def test_rerun_skips_unchanged_reports(archive):
    with _db(archive["db"]) as db:
        before = dict(db.execute("SELECT path, checked_at FROM reports"))
    r = run_cli(*archive["args"], "--db", archive["db"], "--format", "jsonl", "--jobs", "2")
    assert r.returncode == 2
    assert r.stdout == archive["run"].stdout                      # same output, from the store
    assert sorted(r.stderr.splitlines()) == sorted(archive["run"].stderr.splitlines())
    with _db(archive["db"]) as db:
        assert dict(db.execute("SELECT path, checked_at FROM reports")) == before   # nothing re-checked
    # --force re-checks one of them
    from typer.testing import CliRunner

    from auditcheck import cli

    res = CliRunner().invoke(cli.app, [str(seed("000")), "--db", str(archive["db"]), "-f", "json", "--force"])
    assert res.exit_code in (0, 1), res.output
    with _db(archive["db"]) as db:
        after = dict(db.execute("SELECT path, checked_at FROM reports"))
    assert after[str(seed("000").resolve())] != before[str(seed("000").resolve())]


def test_summary_from_db(archive):
    import csv

    import openpyxl
    from typer.testing import CliRunner

    from auditcheck import cli

    run = lambda *a: CliRunner().invoke(cli.summary_app, ["--db", str(archive["db"]), *map(str, a)])
    r = run("--lang", "en")
    assert r.exit_code == 0, r.output
    assert "== by rule" in r.stdout and "== by category" in r.stdout and "== by report kind" in r.stdout
    with _db(archive["db"]) as db:
        n = db.execute("SELECT COUNT(*) FROM findings").fetchone()[0]
        top = db.execute("SELECT rule, COUNT(*) FROM findings GROUP BY rule ORDER BY rule LIMIT 1").fetchone()
    out = archive["tmp"] / "summary.csv"
    assert run("--format", "csv", "--output", out).exit_code == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    by_rule = [x for x in rows if x["group"] == "rule"]
    assert sum(int(x["findings"]) for x in by_rule) == n
    assert (by_rule[0]["key"], int(by_rule[0]["findings"])) == top
    kinds = {x["key"]: int(x["reports"]) for x in rows if x["group"] == "kind"}
    assert sum(kinds.values()) == len(archive["good"]) + len(archive["bad"])
    xl = archive["tmp"] / "summary.xlsx"
    assert run("--format", "xlsx", "-o", xl).exit_code == 0
    assert openpyxl.load_workbook(xl).sheetnames == ["rule", "category", "kind", "status"]
    assert run("--db", archive["tmp"] / "none.sqlite").exit_code == 2


# =========================================================================== SIGKILL and resume


def test_sigkill_mid_batch_then_rerun_completes_without_duplicates(tmp_path):
    arch = tmp_path / "arch"
    arch.mkdir()
    sources = [seed("000"), seed("002")]
    n = 8
    for i in range(n):
        (arch / f"{i:02d}_{sources[i % 2].name}").write_bytes(sources[i % 2].read_bytes())
    db = tmp_path / "r.sqlite"
    env = dict(os.environ, NO_COLOR="1")
    args = [*CLI, str(arch), "--db", str(db), "--format", "jsonl", "--jobs", "2"]
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    done = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and p.poll() is None:
        if db.exists():
            try:
                with _db(db) as c:
                    done = c.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
            except sqlite3.OperationalError:
                pass
        if done >= 2:
            break
        time.sleep(0.05)
    assert p.poll() is None, "the batch finished before it could be killed"
    os.kill(p.pid, signal.SIGKILL)
    p.wait(10)
    with _db(db) as c:
        kept = dict(c.execute("SELECT path, checked_at FROM reports"))
    assert 2 <= len(kept) < n
    time.sleep(0.5)   # orphaned workers notice their parent is gone and exit
    r = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    assert len(r.stdout.splitlines()) == n
    with _db(db) as c:
        rows = dict(c.execute("SELECT path, checked_at FROM reports"))
        assert len(rows) == n and {v for k, v in rows.items() if k in kept} == set(kept.values())
        assert c.execute("SELECT COUNT(*) FROM reports WHERE status != 'ok'").fetchone()[0] == 0
        counts = dict(c.execute("SELECT r.path, COUNT(f.id) FROM reports r LEFT JOIN findings f ON f.report_id = r.id"
                                " GROUP BY r.id"))
        dup = c.execute("SELECT COUNT(*) FROM (SELECT report_id, rule, page, line, message, COUNT(*) AS k"
                        " FROM findings GROUP BY 1, 2, 3, 4, 5 HAVING k > 1)").fetchone()[0]
    assert dup == 0
    per_source = {}
    for path, k in counts.items():
        per_source.setdefault(Path(path).name[3:], set()).add(k)
    assert all(len(v) == 1 for v in per_source.values()), per_source   # every copy has its source's findings
    out = [ReportResult.model_validate_json(x) for x in r.stdout.splitlines()]
    assert all(len(o.findings) == counts[str(Path(o.file).resolve())] for o in out)


# =========================================================================== isolation


def test_crash_and_timeout_are_isolated(monkeypatch, tmp_path):
    from auditcheck import batch, runner
    from auditcheck.runner import Options

    real = runner.audit_full
    monkeypatch.setattr(runner, "audit_full", lambda p, o: _dispatch(p, o, real))
    files = []
    for name in ("a_ok.txt", "slow.txt", "boom.txt", "die.txt", "z_ok.txt"):
        (tmp_path / name).write_text(SMALL, encoding="utf-8")
        files.append(tmp_path / name)
    t = time.monotonic()
    outs = list(batch.run(files, Options(), jobs=2, timeout=1))
    assert time.monotonic() - t < 20
    assert [o.file for o in outs] == [str(f) for f in files]
    assert [o.status for o in outs] == ["ok", "timeout", "crashed", "crashed", "ok"]
    assert "timed out after 1 s" in outs[1].reason
    assert "ValueError: rule pack exploded" in outs[2].reason
    assert "worker process died" in outs[3].reason and "exit status 9" in outs[3].reason


def _dispatch(path, options, real):
    name = Path(path).name
    if name.startswith("slow"):
        time.sleep(30)
    if name.startswith("boom"):
        raise ValueError("rule pack exploded")
    if name.startswith("die"):
        os._exit(9)
    return real(path, options)


def test_cli_reports_crash_as_exit_2_line(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from auditcheck import cli, runner

    real = runner.audit_full
    monkeypatch.setattr(runner, "audit_full", lambda p, o: _dispatch(p, o, real))
    boom = tmp_path / "boom.txt"
    boom.write_text("x\n", encoding="utf-8")
    res = CliRunner().invoke(cli.app, [str(boom), str(seed("000")), "--format", "jsonl", "--jobs", "2"])
    assert res.exit_code == 2
    assert [ReportResult.model_validate_json(x).file for x in res.stdout.splitlines()] == [str(seed("000"))]
    assert f"auditcheck: {boom}: internal error while checking (ValueError: rule pack exploded)" in res.stderr


# =========================================================================== progress bar on a TTY


def test_progress_bar_on_a_tty(tmp_path):
    files = []
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(SMALL, encoding="utf-8")
        files.append(str(tmp_path / name))
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(NO_COLOR="1", TERM="xterm", COLUMNS="100")
    p = subprocess.Popen([*CLI, *files, "--format", "jsonl", "--jobs", "2"],
                         stdout=subprocess.PIPE, stderr=slave, env=env, cwd=ROOT)
    os.close(slave)
    chunks = []

    def drain():
        while True:
            try:
                r, _, _ = select.select([master], [], [], 0.2)
                if r:
                    b = os.read(master, 4096)
                    if not b:
                        return
                    chunks.append(b)
                elif p.poll() is not None:
                    return
            except OSError:
                return

    th = threading.Thread(target=drain)
    th.start()
    out, _ = p.communicate(timeout=60)
    th.join(5)
    os.close(master)
    err = b"".join(chunks).decode("utf-8", "replace")
    assert p.returncode in (0, 1)
    assert "auditcheck" in err and "2/2" in err
    assert len(out.decode().splitlines()) == 2          # stdout (a pipe) holds only the results


# =========================================================================== paths and configuration


def test_collect_globs_dirs_hidden(tmp_path):
    from auditcheck.paths import collect

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for p in ("a/x.txt", "a/b/y.PDF", "a/b/z.csv", ".git/h.txt", "a/.hidden.md"):
        (tmp_path / p).write_text("x", encoding="utf-8")
    files, bad = collect([str(tmp_path)])
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a/b/y.PDF", "a/x.txt"] and not bad
    files, bad = collect([f"{tmp_path}/**/*.txt", str(tmp_path / "a" / "x.txt"), f"{tmp_path}/nothing*"])
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a/x.txt"]
    assert bad == [(f"{tmp_path}/nothing*", "no report file matches this pattern")]


def test_config_file_and_cli_override(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from auditcheck import cli
    from test_formats import _toy_rules

    _toy_rules(monkeypatch, severity="error")
    good = tmp_path / "small.txt"
    good.write_text(SMALL, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.auditcheck]\n'
                                             'fail-on = "info"\ntolerance = "truncation"\n'
                                             '[tool.auditcheck.severity]\nAC1 = "info"\n', encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    monkeypatch.chdir(sub)                       # found from a subdirectory, upward
    run = lambda *a: CliRunner().invoke(cli.app, [str(good), "--format", "json", "--jobs", "1", *a])
    res = run()
    assert res.exit_code == 1, res.output        # the file's fail-on = info, severity AC1 → info
    assert {f["severity"] for f in json.loads(res.stdout)["findings"]} == {"info"}
    assert run("--fail-on", "warning").exit_code == 0          # the flag overrides the file
    (sub / "auditcheck.toml").write_text('ignore = ["AC199"]\n', encoding="utf-8")
    res = run()
    assert res.exit_code == 0 and json.loads(res.stdout)["findings"] == []   # nearer file wins
    assert run("--select", "AC1", "--ignore", "AC2").exit_code == 1          # flags override
    (sub / "auditcheck.toml").write_text('severity = { AC101 = "fatal" }\n', encoding="utf-8")
    res = run()
    assert res.exit_code == 2 and "severity.AC101" in res.stderr and "Traceback" not in res.output


def test_config_reference_factors_validated(tmp_path):
    from auditcheck import config

    ref = tmp_path / "refs"
    ref.mkdir()
    (ref / "misc.toml").write_text("this is = not toml [", encoding="utf-8")
    cfg = tmp_path / "auditcheck.toml"
    cfg.write_text('reference-factors = "refs"\n', encoding="utf-8")
    with pytest.raises(config.ConfigError, match="misc.toml"):
        config.load(cfg)
    src = ROOT / "rules" / "reference" / "gwp.toml"
    (ref / "misc.toml").unlink()
    (ref / "gwp.toml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    assert config.load(cfg).reference_factors == str(ref.resolve())
    cfg.write_text('reference-factors = "nowhere"\nselect = ["AC1"]\n', encoding="utf-8")
    with pytest.raises(config.ConfigError, match="no such file"):
        config.load(cfg)
    cfg.write_text('colour = "red"\n', encoding="utf-8")
    with pytest.raises(config.ConfigError, match="unknown key"):
        config.load(cfg)
