"""Put Word-style sub/superscripts back on their base line before pdfplumber groups lines.

Word and LibreOffice draw CO₂ as "CO" plus a smaller lowered "2"; pdfplumber clusters
chars into lines by `top`, so the "2" lands on its own line ("tCO e" / "2"). Raising
y_tolerance chains neighbouring rows of small table text instead. Each small char that
directly follows a bigger one (content-stream order) is moved onto its base's line.
Adapted from ../shared/tools/pdf/pdfplumber_scripts.py (measured there: cell recall 95 → 99 %).
"""
from __future__ import annotations


def snap_scripts(page, size_ratio: float = 0.9, min_shift: float = 0.15) -> int:
    chars = page.objects.get("char", [])
    _snap_leading(chars, size_ratio, min_shift)
    base = None
    moved = 0
    out = []
    for c in chars:
        shifted = base is not None and (
            abs(c["bottom"] - base["bottom"]) > min_shift * base["size"]
            or abs(c["top"] - base["top"]) > min_shift * base["size"])
        if shifted and c["size"] < size_ratio * base["size"] and c.get("upright", True):
            h = base["bottom"] - base["top"]
            mid = (c["top"] + c["bottom"]) / 2
            adjacent = -1.0 <= c["x0"] - base["x1"] <= base["size"] * 0.6
            near = base["top"] - 0.6 * h <= mid <= base["bottom"] + 0.6 * h
            if adjacent and near:
                shift = base["top"] - c["top"]
                c = dict(c, top=base["top"], bottom=base["bottom"], doctop=c["doctop"] + shift,
                         y0=base["y0"], y1=base["y1"])
                moved += 1
                out.append(c)
                base = dict(base, x1=c["x1"])  # a run of small chars keeps the same base
                continue
        out.append(c)
        base = c
    chars[:] = out
    return moved


def _snap_leading(chars: list, size_ratio: float, min_shift: float) -> None:
    """A script that starts a wrapped line (`(tCO` / `₂e)`) has no base before it: use the char after it."""
    for i in range(len(chars) - 1):
        c, nxt = chars[i], chars[i + 1]
        prev = chars[i - 1] if i else None
        if prev is not None and abs(prev["top"] - c["top"]) < prev["size"] and abs(prev["x1"] - c["x0"]) < prev["size"]:
            continue  # it has a base before it; the main pass handles it
        shifted = (abs(c["bottom"] - nxt["bottom"]) > min_shift * nxt["size"]
                   or abs(c["top"] - nxt["top"]) > min_shift * nxt["size"])
        adjacent = -1.0 <= nxt["x0"] - c["x1"] <= nxt["size"] * 0.6
        if shifted and adjacent and c["size"] < size_ratio * nxt["size"] and c.get("upright", True):
            shift = nxt["top"] - c["top"]
            chars[i] = dict(c, top=nxt["top"], bottom=nxt["bottom"], doctop=c["doctop"] + shift,
                            y0=nxt["y0"], y1=nxt["y1"])
