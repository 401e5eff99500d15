"""Results store (`--db results.sqlite`): one row per report, its findings beside it.

Each report is written in its own transaction, so a killed batch loses at most the reports in
flight and a re-run resumes: a report whose file (sha256), tool version and check settings are
unchanged since it was stored is not checked again (`--force` re-checks).
"""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

from . import __version__
from .finding import Finding, ReportResult

SCHEMA_VERSION = 1
# statuses whose result is final for unchanged input (timeouts and crashes are retried)
FINAL = ("ok", "unreadable")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id            INTEGER PRIMARY KEY,
    path          TEXT NOT NULL UNIQUE,      -- absolute path of the file
    file          TEXT NOT NULL,             -- the path as named on the command line
    sha256        TEXT,
    size          INTEGER,
    kind          TEXT,
    status        TEXT NOT NULL,             -- ok | unreadable | timeout | crashed
    reason        TEXT,                      -- why it is not ok
    tool_version  TEXT NOT NULL,
    settings      TEXT NOT NULL,             -- fingerprint of rules and options
    pages         INTEGER,
    lines         INTEGER,
    period        TEXT,
    coverage_used INTEGER,
    coverage_total INTEGER,
    read_s        REAL,
    parse_s       REAL,
    rules_s       REAL,
    total_s       REAL,
    checked_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (
    id        INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    rule      TEXT NOT NULL,
    name      TEXT NOT NULL,
    category  TEXT NOT NULL,
    severity  TEXT NOT NULL,
    message   TEXT NOT NULL,
    page      INTEGER,
    line      INTEGER,
    reported  REAL,
    expected  REAL,
    "values"  TEXT NOT NULL,                 -- JSON array of numbers
    evidence  TEXT NOT NULL,                 -- JSON array of strings
    UNIQUE (report_id, seq)
);
CREATE INDEX IF NOT EXISTS findings_rule ON findings(rule);
CREATE INDEX IF NOT EXISTS findings_report ON findings(report_id);
"""


class StoreError(Exception):
    pass


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(str(self.path), timeout=30)
            self.db.execute("PRAGMA foreign_keys = ON")
            v = self.db.execute("PRAGMA user_version").fetchone()[0]
            if v not in (0, SCHEMA_VERSION):
                raise StoreError(f"{path}: results store of schema version {v}; this auditcheck writes {SCHEMA_VERSION}")
            with self.db:
                self.db.executescript(_SCHEMA)
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{path}: not a usable results store ({e})") from None

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ resume

    def cached(self, path: Path, sha256: str, settings: str) -> dict | None:
        """The stored outcome for this file if it is final and still valid, else None."""
        row = self.db.execute(
            "SELECT id, status, reason, kind, pages, lines, period, coverage_used, coverage_total,"
            " total_s FROM reports WHERE path = ? AND sha256 = ? AND tool_version = ? AND settings = ?",
            (str(path.resolve()), sha256, __version__, settings)).fetchone()
        if row is None or row[1] not in FINAL:
            return None
        rid, status, reason, kind, pages, lines, period, cu, ct, total = row
        findings = [] if status != "ok" else [
            Finding(rule=r[0], name=r[1], category=r[2], severity=r[3], message=r[4], page=r[5], line=r[6],
                    reported=r[7], expected=r[8], values=json.loads(r[9]), evidence=json.loads(r[10]))
            for r in self.db.execute(
                'SELECT rule, name, category, severity, message, page, line, reported, expected, "values",'
                " evidence FROM findings WHERE report_id = ? ORDER BY seq", (rid,))]
        return {"status": status, "reason": reason, "kind": kind, "findings": findings, "seconds": total,
                "meta": {"pages": pages, "lines": lines, "period": period,
                         "coverage": [cu, ct] if ct is not None else None}}

    # ------------------------------------------------------------------ write

    def save(self, *, path: Path, file: str, sha256: str | None, size: int | None, status: str,
             reason: str | None, settings: str, result: ReportResult | None, meta: dict | None,
             seconds: float | None) -> None:
        """Replace this file's row and findings, in one transaction."""
        meta = meta or {}
        t = meta.get("timings") or {}
        cov = meta.get("coverage") or (None, None)
        with self.db:
            self.db.execute(
                "INSERT INTO reports (path, file, sha256, size, kind, status, reason, tool_version, settings,"
                " pages, lines, period, coverage_used, coverage_total, read_s, parse_s, rules_s, total_s,"
                " checked_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(path) DO UPDATE SET file=excluded.file, sha256=excluded.sha256,"
                " size=excluded.size, kind=excluded.kind, status=excluded.status, reason=excluded.reason,"
                " tool_version=excluded.tool_version, settings=excluded.settings, pages=excluded.pages,"
                " lines=excluded.lines, period=excluded.period, coverage_used=excluded.coverage_used,"
                " coverage_total=excluded.coverage_total, read_s=excluded.read_s, parse_s=excluded.parse_s,"
                " rules_s=excluded.rules_s, total_s=excluded.total_s, checked_at=excluded.checked_at",
                (str(path.resolve()), file, sha256, size, result.report_kind if result else None, status, reason,
                 __version__, settings, meta.get("pages"), meta.get("lines"), meta.get("period"), cov[0], cov[1],
                 t.get("read"), t.get("parse"), t.get("rules"), seconds,
                 datetime.now().astimezone().isoformat(timespec="microseconds")))
            rid = self.db.execute("SELECT id FROM reports WHERE path = ?", (str(path.resolve()),)).fetchone()[0]
            self.db.execute("DELETE FROM findings WHERE report_id = ?", (rid,))
            if result is not None:
                self.db.executemany(
                    'INSERT INTO findings (report_id, seq, rule, name, category, severity, message, page, line,'
                    ' reported, expected, "values", evidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
                    [(rid, i, f.rule, f.name, f.category, f.severity, f.message, f.page, f.line, f.reported,
                      f.expected, json.dumps(f.values), json.dumps(f.evidence, ensure_ascii=False))
                     for i, f in enumerate(result.findings)])

    # ------------------------------------------------------------------ archive summary

    def summary(self) -> dict[str, list[dict]]:
        """Counts across the archive: by rule, by category, by report kind, by status."""
        sev = ("SUM(f.severity = 'error') AS errors, SUM(f.severity = 'warning') AS warnings,"
               " SUM(f.severity = 'info') AS infos")
        q = {
            "rule": f"SELECT f.rule AS rule, f.name AS name, f.category AS category, COUNT(DISTINCT f.report_id)"
                    f" AS reports, COUNT(*) AS findings, {sev} FROM findings f GROUP BY f.rule, f.name, f.category"
                    f" ORDER BY f.rule",
            "category": f"SELECT f.category AS category, COUNT(DISTINCT f.report_id) AS reports, COUNT(*) AS"
                        f" findings, {sev} FROM findings f GROUP BY f.category ORDER BY f.category",
            "kind": "SELECT COALESCE(r.kind, '-') AS kind, COUNT(DISTINCT r.id) AS reports, COUNT(f.id) AS findings,"
                    " COALESCE(SUM(f.severity = 'error'), 0) AS errors,"
                    " COALESCE(SUM(f.severity = 'warning'), 0) AS warnings,"
                    " COALESCE(SUM(f.severity = 'info'), 0) AS infos"
                    " FROM reports r LEFT JOIN findings f ON f.report_id = r.id GROUP BY 1 ORDER BY 1",
            "status": "SELECT status, COUNT(*) AS reports FROM reports GROUP BY status ORDER BY status",
        }
        out = {}
        for name, sql in q.items():
            cur = self.db.execute(sql)
            cols = [d[0] for d in cur.description]
            out[name] = [dict(zip(cols, row)) for row in cur.fetchall()]
        return out
