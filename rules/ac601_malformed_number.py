"""AC601 malformed-number."""
from __future__ import annotations

from decimal import Decimal

from auditcheck.api import Issue, Msg, clean, convert, find_numbers, parse_unit, rule, same_dimension


def _elsewhere(report, cand: Decimal, unit, skip_line: int):
    """A well-formed number elsewhere in the report equal to `cand` (in `unit`, converted if need be)."""
    for ln in report.document.lines():
        if ln.line == skip_line:
            continue
        for n, _ in find_numbers(clean(ln.text)):
            if not n.is_value or n.value == 0 or len(n.text.replace(",", "").replace(".", "")) < 4:
                continue
            v = cand
            nu = parse_unit(n.unit) if n.unit else None
            if unit is not None and nu is not None:
                if not same_dimension(unit, nu):
                    continue
                v = convert(cand, unit, nu)
            if n.lo <= v <= n.hi:
                return n, ln
    return None


@rule("AC601", "malformed-number", category="consistency.crossref")
def check(report, engine):
    """A quantity is printed as a malformed number (two decimal points: `172.2821.6 万Nm3`).

    ## Why it matters
    A malformed figure cannot be read unambiguously: `172.2821.6` could be 1722821.6 or
    172.28216, a 10 000× difference. When the same quantity is printed correctly elsewhere the
    report contradicts itself; when it is not, the activity datum is unverifiable.

    ## Example
        天然气  172.2821.6  万 Nm3  389.31  0.0153  0.99  3725.065583
        ← elsewhere: 天然气 1722821.6 m3 (= 172.28216 万Nm3)

    ## Not flagged
    Section numbers (`3.7.1.3`), dates (`2024.12.31`), version and standard codes, and dotted
    tokens with no unit that match no figure printed elsewhere (often cells glued by extraction).
    """
    for ln in report.document.lines():
        t = clean(ln.text)
        for n, (a, b) in find_numbers(t):
            if n.kind != "malformed" or not n.candidates:
                continue
            unit = parse_unit(n.unit) if n.unit else None
            hit = None
            for cand in n.candidates:
                if (found := _elsewhere(report, cand, unit, ln.line)):
                    hit = (cand, *found)
                    break
            if hit is None and unit is None:
                continue
            shown = f"{n.text} {n.unit}" if n.unit else n.text
            readings = " / ".join(f"{c.normalize():f}" for c in n.candidates)
            if hit:
                cand, other, oln = hit
                other_txt = other.text + (f" {other.unit}" if other.unit else "")
                msg = Msg(f"{shown} 不是合法数字（可读作 {readings}）；同一数量在第 {oln.line} 行印为 {other_txt}，"
                          f"即 {cand.normalize():f}{' ' + n.unit if n.unit else ''}",
                          f"{shown} is malformed (reads as {readings}); the same quantity is printed as {other_txt} "
                          f"on line {oln.line}, i.e. {cand.normalize():f}{' ' + n.unit if n.unit else ''}")
                yield Issue(msg, at=ln, expected=cand, values=[other], evidence=[shown, ln.text, oln.text])
            else:
                msg = Msg(f"{shown} 不是合法数字（可读作 {readings}），报告中无其他处可确认其数值",
                          f"{shown} is malformed (reads as {readings}); no other figure in the report confirms it")
                yield Issue(msg, at=ln, evidence=[shown, ln.text], severity="warning")
