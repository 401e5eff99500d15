"""Command line: `auditcheck PATH...` checks reports; `extract`, `summary`, `rules`, `explain` subcommands.

Kept thin: paths expands arguments, config reads auditcheck.toml, batch runs the reports, store
keeps results, formats renders them.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .finding import SEVERITY_RANK
from .ingest import ReadError


def _typer(**kw) -> typer.Typer:
    return typer.Typer(add_completion=False, pretty_exceptions_enable=False, **kw)


def _choice(name: str, *values: str) -> type[Enum]:
    return Enum(name, {v: v for v in values}, type=str)


app = _typer(no_args_is_help=True)
HELP = {"help_option_names": ["-h", "--help"]}
Fmt = _choice("Fmt", "text", "json", "jsonl", "csv", "markdown", "html", "xlsx")
Level = _choice("Level", "error", "warning", "info")
Lang = _choice("Lang", "zh", "en")
Tolerance = _choice("Tolerance", "rounding", "truncation")


def _version(v: bool):
    if v:
        typer.echo(f"auditcheck {__version__}")
        raise typer.Exit(0)


def _fail(msg: str) -> None:
    print(f"auditcheck: {msg}", file=sys.stderr, flush=True)


@app.command(context_settings=HELP)
def check(
    paths: list[str] = typer.Argument(..., help="report files, directories (recursive) or globs"),
    format: Fmt = typer.Option("text", "--format", "-f"),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="write to this file (atomically)"),
    fail_on: Optional[Level] = typer.Option(None, "--fail-on", help="exit 1 on a finding at or above this [error]"),
    lang: Lang = typer.Option("zh", "--lang", help="message language"),
    select: Optional[list[str]] = typer.Option(None, "--select", help="rule code prefixes to run"),
    ignore: Optional[list[str]] = typer.Option(None, "--ignore", help="rule code prefixes to skip"),
    tolerance: Optional[Tolerance] = typer.Option(None, "--tolerance", help="rounding or truncation"),
    reference_factors: Optional[str] = typer.Option(None, "--reference-factors",
                                                    help="reference TOML files replacing the packaged ones of that name"),
    max_size: float = typer.Option(100.0, "--max-size", help="largest report read, in MB"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="worker processes [cores]"),
    timeout: float = typer.Option(600.0, "--timeout", min=0, help="seconds per report (0: no limit)"),
    db: Optional[str] = typer.Option(None, "--db", help="SQLite results store; unchanged reports are skipped"),
    force: bool = typer.Option(False, "--force", help="with --db: re-check unchanged reports too"),
    config: Optional[str] = typer.Option(None, "--config", help="configuration file [auditcheck.toml upward]"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True),
) -> None:
    """Audit GHG verification reports for internal consistency."""
    from . import batch
    from . import config as cfgmod
    from .formats.common import entries, summary_table
    from .paths import collect
    from .store import Store, StoreError

    fmt = format.value
    if fmt == "xlsx" and not output and sys.stdout.isatty():
        _fail("--format xlsx writes a binary file: give --output FILE.xlsx (or redirect stdout)")
        raise typer.Exit(2)
    try:
        opts, level = cfgmod.resolve(config, lang=lang.value, select=select, ignore=ignore, max_mb=max_size,
                                     tolerance=tolerance.value if tolerance else None,
                                     fail_on=fail_on.value if fail_on else None,
                                     reference_factors=reference_factors)
        store = Store(db) if db else None
    except (cfgmod.ConfigError, StoreError) as e:
        _fail(str(e))
        raise typer.Exit(2)
    files, bad = collect(paths)
    for p, reason in bad:
        _fail(f"{p}: {reason}")
    try:
        outcomes = batch.check(files, opts, fmt=fmt, output=output, jobs=jobs, timeout=timeout or None,
                               store=store, force=force)
    except KeyboardInterrupt:
        _fail("interrupted")
        raise typer.Exit(130)
    finally:
        if store is not None:
            store.close()
    if len(outcomes) > 1 and (fmt != "text" or output) and sys.stderr.isatty():
        print("\n".join(summary_table(entries(outcomes), lang.value)), file=sys.stderr)
    if bad or any(o.failed for o in outcomes):
        raise typer.Exit(2)
    worst = max((SEVERITY_RANK[x.severity] for o in outcomes if o.result for x in o.result.findings), default=-1)
    raise typer.Exit(1 if worst >= SEVERITY_RANK[level] else 0)


extract_app = _typer()


ExtractFmt = _choice("ExtractFmt", "json", "jsonl", "text")


@extract_app.command(context_settings=HELP)
def extract(
    path: str = typer.Argument(..., help="one report file"),
    format: ExtractFmt = typer.Option("json", "--format", "-f"),
    max_size: float = typer.Option(100.0, "--max-size"),
) -> None:
    """Dump what auditcheck read from a report: pages, lines, tables (and the typed report)."""
    from .ingest import read
    from .parse import parse

    try:
        doc = read(path, max_bytes=int(max_size * 1024 * 1024))
    except ReadError as e:
        _fail(str(e))
        raise typer.Exit(2)
    report = parse(doc)
    from .engine import Engine
    from .reference import Reference
    from .relations import coverage

    used, total = coverage(Engine(Reference.load()), report)
    data = {"document": doc.model_dump(mode="json"), "report": report.summary(),
            "coverage": {"recomputed": used, "numbers_in_data_tables": total}}
    if format.value == "text":
        for t in doc.tables:
            typer.echo(f"--- table p{t.page} l{t.line} {t.caption or ''}")
            for r in t.rows:
                typer.echo(f"{r.line:>5}: " + " | ".join(r.texts))
        return
    typer.echo(json.dumps(data, ensure_ascii=False, indent=None if format.value == "jsonl" else 1))


summary_app = _typer()
SumFmt = _choice("SumFmt", "text", "csv", "xlsx")


@summary_app.command(context_settings=HELP)
def summary(
    db: str = typer.Option(..., "--db", help="results store written by `auditcheck --db`"),
    format: SumFmt = typer.Option("text", "--format", "-f"),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="write to this file (atomically)"),
    lang: Lang = typer.Option("zh", "--lang"),
) -> None:
    """Counts across an archive's results store: by rule, category, report kind and status."""
    from .formats import AtomicWriter
    from .formats.summary import render_summary
    from .store import Store, StoreError

    if not Path(db).is_file():
        _fail(f"{db}: no such results store")
        raise typer.Exit(2)
    try:
        data = Store(db).summary()
    except StoreError as e:
        _fail(str(e))
        raise typer.Exit(2)
    with AtomicWriter(output) as out:
        out.write(render_summary(data, format.value, lang.value))


rules_app = _typer()
RulesFmt = _choice("RulesFmt", "text", "markdown", "json")


@rules_app.command(context_settings=HELP)
def rules(format: RulesFmt = typer.Option("text", "--format", "-f")) -> None:
    """List the rules: code, name, category, severity, summary."""
    from . import registry
    from .formats.catalog import render_rules

    sys.stdout.write(render_rules(registry.load().values(), format.value))


explain_app = _typer()


@explain_app.command(context_settings=HELP)
def explain(code: str = typer.Argument(..., help="rule code, e.g. AC101")) -> None:
    """Show one rule's documentation."""
    from . import registry
    from .formats.catalog import explain as render_explain

    r = registry.load().get(code.upper())
    if r is None:
        _fail(f"{code}: no such rule (see `auditcheck rules`)")
        raise typer.Exit(2)
    sys.stdout.write(render_explain(r))


reference_app = _typer()


@reference_app.command()
def reference(query: str = typer.Argument(..., help="a printed value (0.5306) or a gas/fuel name (R134a, 柴油)"),
              gas: Optional[str] = typer.Option(None, "--gas", help="with a value: the gas whose GWP it may be"),
              reference_factors: Optional[str] = typer.Option(None, "--reference-factors",
                                                              help="reference TOML files replacing the packaged ones")) -> None:
    """Which published factors have this value (within its printed precision), or a gas's GWPs / a fuel's defaults."""
    from . import config as cfgmod
    from .lookup import describe
    from .reference import use_extra

    try:
        extra = str(cfgmod.check_reference(Path(reference_factors))) if reference_factors else None
    except cfgmod.ConfigError as e:
        _fail(str(e))
        raise typer.Exit(2)
    with use_extra(extra):
        lines = describe(query, gas)
    typer.echo("\n".join(lines) if lines else f"no published factor matches {query}")
    raise typer.Exit(0 if lines else 1)


SUBCOMMANDS = {"extract": extract_app, "summary": summary_app, "rules": rules_app, "explain": explain_app,
               "reference": reference_app}


def main() -> None:
    argv = sys.argv[1:]
    if argv and argv[0] in SUBCOMMANDS:   # a directory of that name is checked as ./NAME
        sys.argv = [f"{sys.argv[0]} {argv[0]}"] + argv[1:]
        SUBCOMMANDS[argv[0]]()
    else:
        app()


if __name__ == "__main__":
    main()
