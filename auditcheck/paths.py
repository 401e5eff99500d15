"""Expand the PATH arguments: files as given, directories recursively to report files."""
from __future__ import annotations

from pathlib import Path

from .ingest import SUFFIXES


def collect(args: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """(files to check, [(path, reason)] for arguments that name nothing checkable)."""
    files: list[Path] = []
    bad: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for a in args:
        p = Path(a)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUFFIXES)
            if not found:
                bad.append((a, f"no reports ({' '.join(sorted(SUFFIXES))}) in this directory"))
            new = [q for q in found if q.resolve() not in seen]
        elif not p.exists():
            bad.append((a, "no such file or directory"))
            continue
        else:
            new = [p] if p.resolve() not in seen else []
        for q in new:
            seen.add(q.resolve())
            files.append(q)
    return files, bad
