"""Expand the PATH arguments: files as given, directories recursively, globs (`**` too) to report files."""
from __future__ import annotations

import glob
import os
from pathlib import Path

from .ingest import SUFFIXES

_GLOB_CHARS = set("*?[")


def _walk(root: Path) -> list[Path]:
    """Report files under a directory, sorted; hidden directories (.git, .venv) and symlinked
    directories are not entered (no loops)."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for n in filenames:
            if Path(n).suffix.lower() in SUFFIXES and not n.startswith("."):
                q = Path(dirpath) / n
                if q.is_file():
                    found.append(q)
    return sorted(found)


def collect(args: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """(files to check, [(path, reason)] for arguments that name nothing checkable).

    A file named on the command line is checked whatever its suffix (so a wrong file gets a clear
    reason); a directory or a glob contributes only report files (.pdf .txt .md .markdown .html .htm).
    """
    files: list[Path] = []
    bad: list[tuple[str, str]] = []
    seen: set[Path] = set()

    def add(q: Path) -> None:
        r = q.resolve()
        if r not in seen:
            seen.add(r)
            files.append(q)

    for a in args:
        p = Path(a)
        if not p.exists() and _GLOB_CHARS & set(a):
            matched = sorted(glob.glob(a, recursive=True))
            new = []
            for m in map(Path, matched):
                if m.is_dir():
                    new += _walk(m)
                elif m.is_file() and m.suffix.lower() in SUFFIXES:
                    new.append(m)
            if not new:
                bad.append((a, "no report file matches this pattern"))
            for q in new:
                add(q)
        elif p.is_dir():
            found = _walk(p)
            if not found:
                bad.append((a, f"no reports ({' '.join(sorted(SUFFIXES))}) in this directory"))
            for q in found:
                add(q)
        elif not p.exists():
            bad.append((a, "no such file or directory"))
        else:
            add(p)
    return files, bad
