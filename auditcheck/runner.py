"""file → Document → Report → rules → Findings, for one report at a time."""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .finding import Finding, ReportResult
from .ingest import DEFAULT_MAX_BYTES, read
from .parse import parse
from .rule import Issue, Msg, Rule, as_float
from . import registry


@dataclass(frozen=True)
class Options:
    lang: str = "zh"
    select: tuple[str, ...] = ("AC",)
    ignore: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    rule_packs: tuple[str, ...] = ("rules",)
    strict: bool = False            # tests: a crashing rule raises instead of being reported
    kind: str | None = None         # override report kind detection
    # (rule code prefix, severity) pairs from the configuration; the longest prefix wins
    severities: tuple[tuple[str, str], ...] = ()
    # rounding | truncation: how a printed figure may relate to its recomputation (the engine's
    # default verdict mode, so every rule judges the same way)
    tolerance: str = "rounding"
    # extra reference factors (validated path): its files replace the packaged ones of that name
    reference_factors: str | None = None


@dataclass
class Audited:
    """One audited report: the contract result and what the terminal header shows about it."""
    result: ReportResult
    pages: int | None = None              # PDF pages; None for text input
    lines: int = 0
    period: str | None = None             # the reporting period as printed
    coverage: tuple[int, int] | None = None   # (numbers recomputed, numbers in data tables)
    timings: dict[str, float] = field(default_factory=dict)   # read, parse, rules (seconds)

    def meta(self) -> dict:
        return {"pages": self.pages, "lines": self.lines, "period": self.period,
                "coverage": list(self.coverage) if self.coverage else None, "timings": self.timings}


def audit(path: str | Path, options: Options = Options()) -> ReportResult:
    """Audit one report; raises ReadError when it cannot be read."""
    return audit_full(path, options).result


def audit_full(path: str | Path, options: Options = Options()) -> Audited:
    """audit() with the report's header facts and timings; raises ReadError when it cannot be read."""
    from .reference import use_extra

    with use_extra(options.reference_factors):
        return _audit_full(path, options)


def _audit_full(path: str | Path, options: Options) -> Audited:
    t0 = time.perf_counter()
    doc = read(path, max_bytes=options.max_bytes)
    t1 = time.perf_counter()
    report = parse(doc)
    if options.kind:
        report.kind = options.kind
    t2 = time.perf_counter()
    findings, engine = _run(report, options)
    t3 = time.perf_counter()
    out = Audited(ReportResult(version=__version__, file=str(path), sha256=doc.sha256,
                               report_kind=report.kind, findings=findings),
                  timings={"read": t1 - t0, "parse": t2 - t1, "rules": t3 - t2})
    out.pages = len(doc.pages) if doc.format == "pdf" else None
    out.lines = sum(len(p.lines) for p in doc.pages)
    try:
        per = report.facts.period
        out.period = per.text if per else None
        if engine is not None:
            from .relations import coverage

            out.coverage = coverage(engine, report)
    except Exception:  # header extras never cost the findings
        pass
    return out


def run_rules(report, options: Options) -> list[Finding]:
    return _run(report, options)[0]


def _run(report, options: Options):
    rules = registry.select(registry.load(options.rule_packs), kind=report.kind,
                            select=options.select, ignore=options.ignore)
    if not rules:
        return [], None
    from .config import severity_for
    from .engine import Engine
    from .reference import Reference

    engine = Engine(Reference.load(), mode=options.tolerance)
    findings: list[Finding] = []
    for r in rules:
        try:
            for issue in r.check(report, engine):
                f = to_finding(r, issue, options.lang)
                sev = severity_for(r.code, options.severities) if options.severities else None
                findings.append(f.model_copy(update={"severity": sev}) if sev else f)
        except Exception as e:
            if options.strict:
                raise
            print(f"auditcheck: {report.document.path}: rule {r.code} failed ({type(e).__name__}: {e}); other rules went on",
                  file=sys.stderr)
    return dedup(findings), engine


def to_finding(r: Rule, issue: Issue, lang: str) -> Finding:
    at = issue.at
    msg = issue.message.get(lang) if isinstance(issue.message, Msg) else issue.message
    evidence = [e for e in issue.evidence if e] or [getattr(at, "row_text", None) or getattr(at, "text", "")]
    values = [v for v in (as_float(x) for x in issue.values) if v is not None]
    return Finding(rule=r.code, name=r.name, category=r.category, severity=issue.severity or r.severity,
                   message=msg, page=getattr(at, "page", None), line=getattr(at, "line", None),
                   reported=as_float(issue.reported), expected=as_float(issue.expected),
                   values=values, evidence=[e for e in evidence if e])


def dedup(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in sorted(findings, key=lambda f: (f.page or 0, f.line or 0, f.rule)):
        key = (f.rule, f.page, f.line, f.reported, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def run_rule(code: str, text: str, kind: str = "unknown", lang: str = "zh") -> list[Finding]:
    """One rule over a snippet through the real pipeline, strictly (rule exceptions propagate)."""
    from .engine import Engine
    from .parse import parse_text
    from .reference import Reference

    r = registry.load()[code]
    report = parse_text(text, kind=kind)
    engine = Engine(Reference.load())
    return dedup([to_finding(r, i, lang) for i in r.check(report, engine)])
