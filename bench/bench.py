#!/usr/bin/env python3
"""Benchmark (not a test): auditcheck's time per report and reports per second, and its cost on
each PDF fixture relative to a bare pdfplumber pass over the same file.

    .venv/bin/python bench/bench.py                 # the full run (≈ 5 min on 2 cores)
    .venv/bin/python bench/bench.py --archive 200 --repeat 3

Measured in one run, on this machine:
  1. each fixture in-process (imports and rule loading done once, as in a batch worker):
     auditcheck's audit() wall time with the per-text caches cleared (a report never seen); for PDFs also a bare pdfplumber pass (open, every page's
     extract_text() and extract_tables(), page.close()) and the ratio of the two (median of --repeat,
     the two interleaved so they see the same machine load);
  2. the command line over each fixture set and over a synthetic archive (≥ 200 copies and variants
     of the text fixtures in a temporary directory) with --jobs 1 and --jobs 2: wall time including
     process start, reports per second, seconds per report.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
CLI = [str(ROOT / ".venv" / "bin" / "auditcheck")] if (ROOT / ".venv" / "bin" / "auditcheck").exists() \
    else [sys.executable, "-m", "auditcheck"]


def fixture_sets() -> dict[str, list[Path]]:
    text = sorted(REPORTS.glob("*.txt"))
    extra = sorted(p for p in (REPORTS / "extra").glob("*") if p.suffix in (".txt", ".md"))
    pdf = sorted((REPORTS / "pdf").glob("*_word.pdf"))
    return {"text": text, "extra": extra, "pdf": pdf}


def bare_pdfplumber(path: Path) -> float:
    import pdfplumber

    t = time.perf_counter()
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()
    return time.perf_counter() - t


def clear_text_caches() -> None:
    """Forget what earlier reports taught the per-text caches (numbers, cells, normalised lines), so
    each in-process measurement is that of a report never seen before; the rule set and the
    reference library stay loaded, as in a batch worker."""
    for name, mod in list(sys.modules.items()):
        if not (name.startswith("auditcheck") or name.startswith("rules")) or name == "auditcheck.registry":
            continue
        for v in list(vars(mod).values()):
            info = getattr(v, "cache_info", None)
            if info is not None and getattr(v, "__module__", None) == name and (info().maxsize or 1 << 30) > 64:
                v.cache_clear()


def in_process(files: list[Path], repeat: int) -> list[dict]:
    from auditcheck.batch import warm_up
    from auditcheck.runner import Options, audit_full

    opts = Options()
    warm_up(opts)
    audit_full(files[0], opts)          # first-use caches (reference tables, jieba …)
    rows = []
    for f in files:
        a_times, p_times, pages = [], [], None
        for _ in range(repeat):
            clear_text_caches()
            t = time.perf_counter()
            a = audit_full(f, opts)
            a_times.append(time.perf_counter() - t)
            pages = a.pages
            if f.suffix == ".pdf":
                p_times.append(bare_pdfplumber(f))
        row = {"file": f.relative_to(ROOT), "pages": pages, "findings": len(a.result.findings),
               "auditcheck": statistics.median(a_times)}
        if p_times:
            row["pdfplumber"] = statistics.median(p_times)
            row["ratio"] = row["auditcheck"] / row["pdfplumber"]
        rows.append(row)
    return rows


def cli_run(args: list[str], jobs: int) -> float:
    env = dict(os.environ, NO_COLOR="1")
    t = time.perf_counter()
    r = subprocess.run([*CLI, *args, "--format", "jsonl", "--jobs", str(jobs)], cwd=ROOT, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t
    if r.returncode not in (0, 1):
        print(f"  (exit {r.returncode}: {r.stderr.strip()[:300]})", file=sys.stderr)
    return dt


_NUM = re.compile(r"(?<![\d.])\d+\.\d{2,}(?![\d.])")


def make_archive(dest: Path, n: int, seed: int = 6) -> list[Path]:
    """n reports: exact copies and variants (one printed figure's last digit changed, a trailing
    remark added) of the text fixtures, in nested year folders."""
    rnd = random.Random(seed)
    sources = sorted(REPORTS.glob("*.txt")) + sorted((REPORTS / "extra").glob("*.txt"))
    texts = [(s, s.read_text(encoding="utf-8")) for s in sources]
    out = []
    for i in range(n):
        src, text = texts[i % len(texts)]
        if i >= len(texts) and i % 3:           # two in three are variants, the rest copies
            nums = list(_NUM.finditer(text))
            if nums:
                m = nums[rnd.randrange(len(nums))]
                s = m.group()
                s = s[:-1] + str((int(s[-1]) + 1 + rnd.randrange(8)) % 10)
                text = text[:m.start()] + s + text[m.end():]
            text += f"\n附注：归档副本 {i}。\n"
        d = dest / f"{2019 + i % 6}"
        d.mkdir(parents=True, exist_ok=True)
        p = d / f"{i:04d}_{src.stem}.txt"
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out


def table(head: list[str], rows: list[list[str]]) -> str:
    w = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    line = lambda r: "  ".join(str(c).rjust(w[i]) if i else str(c).ljust(w[i]) for i, c in enumerate(r))
    return "\n".join([line(head), "  ".join("-" * x for x in w), *map(line, rows)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--archive", type=int, default=200, help="reports in the synthetic archive [200]")
    ap.add_argument("--repeat", type=int, default=3, help="in-process repetitions per fixture [3]")
    ap.add_argument("--jobs", default="1,2", help="job counts for the command-line runs [1,2]")
    a = ap.parse_args()
    jobs = [int(j) for j in a.jobs.split(",")]
    sets = fixture_sets()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")

    print("1. per report, in process (median of %d)" % a.repeat)
    rows = in_process([f for fs in sets.values() for f in fs], a.repeat)
    print(table(["file", "pages", "findings", "auditcheck s", "pdfplumber s", "ratio"],
                [[str(r["file"]), r["pages"] or "-", r["findings"], f"{r['auditcheck']:.3f}",
                  f"{r['pdfplumber']:.3f}" if "pdfplumber" in r else "-",
                  f"{r['ratio']:.2f}x" if "ratio" in r else "-"] for r in rows]))
    ratios = [r["ratio"] for r in rows if "ratio" in r]
    text_s = [r["auditcheck"] for r in rows if r["file"].suffix != ".pdf"]
    print(f"\ntext/markdown reports: mean {statistics.mean(text_s):.3f} s per report in process")

    print("\n2. command line (wall time, process start included)")
    crow = []
    with tempfile.TemporaryDirectory(prefix="auditcheck-bench-") as tmp:
        archive = make_archive(Path(tmp) / "archive", a.archive)
        runs = {**{f"fixtures/{k}": ([str(p.relative_to(ROOT)) for p in v], len(v)) for k, v in sets.items()},
                f"synthetic archive": ([str(Path(tmp) / "archive")], len(archive))}
        archive_rate = {}
        for name, (args, n) in runs.items():
            for j in jobs:
                dt = cli_run(args, j)
                crow.append([name, n, j, f"{dt:.2f}", f"{n / dt:.2f}", f"{dt / n:.3f}"])
                if name == "synthetic archive":
                    archive_rate[j] = n / dt
                print(f"  {name:<18} jobs {j}: {dt:7.2f} s", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)
    print(table(["set", "reports", "jobs", "wall s", "reports/s", "s/report"], crow))

    print("\nacceptance (issue 6)")
    worst = max(ratios) if ratios else float("nan")
    print(f"  PDF: auditcheck / bare pdfplumber ≤ 1.5x: worst {worst:.2f}x, median "
          f"{statistics.median(ratios):.2f}x → {'PASS' if worst <= 1.5 else 'FAIL'}")
    r2 = archive_rate.get(2)
    if r2 is not None:
        print(f"  text: ≥ 20 reports/s with --jobs 2: {r2:.2f} reports/s → {'PASS' if r2 >= 20 else 'FAIL'}")


if __name__ == "__main__":
    main()
