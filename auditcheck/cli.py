"""Command line: `auditcheck PATH...` checks reports, `auditcheck extract PATH` shows what was read.

Kept thin: path expansion and running live in runner/paths, output in formats.
"""
from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .finding import SEVERITY_RANK
from .ingest import ReadError
from .paths import collect

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True)


class Fmt(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class Lang(str, Enum):
    zh = "zh"
    en = "en"


def _version(v: bool):
    if v:
        typer.echo(f"auditcheck {__version__}")
        raise typer.Exit(0)


def _fail(msg: str) -> None:
    print(f"auditcheck: {msg}", file=sys.stderr, flush=True)


@app.command(context_settings={"help_option_names": ["-h", "--help"]})
def check(
    paths: list[str] = typer.Argument(..., help="report files or directories (.pdf .txt .md .html)"),
    format: Fmt = typer.Option(Fmt.text, "--format", "-f"),
    fail_on: Level = typer.Option(Level.error, "--fail-on", help="exit 1 when a finding at or above this severity"),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="message language"),
    select: Optional[list[str]] = typer.Option(None, "--select", help="rule code prefixes to run"),
    ignore: Optional[list[str]] = typer.Option(None, "--ignore", help="rule code prefixes to skip"),
    max_size: float = typer.Option(100.0, "--max-size", help="largest report read, in MB"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True),
) -> None:
    """Audit GHG verification reports for internal consistency."""
    from .formats import render
    from .runner import Options, audit

    opts = Options(lang=lang.value, select=tuple(select or ("AC",)), ignore=tuple(ignore or ()),
                   max_bytes=int(max_size * 1024 * 1024))
    files, bad = collect(paths)
    for p, reason in bad:
        _fail(f"{p}: {reason}")
    failed = bool(bad)
    results = []
    color = format is Fmt.text and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    for f in files:
        try:
            res = audit(f, opts)
        except ReadError as e:
            _fail(str(e))
            failed = True
            continue
        results.append(res)
        if format is Fmt.jsonl:  # stream: what is written is never lost to a later failure
            sys.stdout.write(render([res], "jsonl"))
            sys.stdout.flush()
    if format is not Fmt.jsonl and results:
        sys.stdout.write(render(results, format.value, lang=lang.value, color=color))
    if failed:
        raise typer.Exit(2)
    worst = max((SEVERITY_RANK[x.severity] for r in results for x in r.findings), default=-1)
    raise typer.Exit(1 if worst >= SEVERITY_RANK[fail_on.value] else 0)


extract_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@extract_app.command()
def extract(
    path: str = typer.Argument(..., help="one report file"),
    format: Fmt = typer.Option(Fmt.json, "--format", "-f"),
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
    data = {"document": doc.model_dump(mode="json"), "report": report.summary()}
    if format is Fmt.text:
        for t in doc.tables:
            typer.echo(f"--- table p{t.page} l{t.line} {t.caption or ''}")
            for r in t.rows:
                typer.echo(f"{r.line:>5}: " + " | ".join(r.texts))
        return
    typer.echo(json.dumps(data, ensure_ascii=False, indent=None if format is Fmt.jsonl else 1))


def main() -> None:
    argv = sys.argv[1:]
    if argv and argv[0] == "extract":
        sys.argv = [sys.argv[0] + " extract"] + argv[1:]
        extract_app()
    else:
        app()


if __name__ == "__main__":
    main()
