"""Printed numbers that remember how they were printed.

A ``Num`` keeps the raw text and the position of its last printed digit, so the
engine can give it its rounding interval (statcheck): ``75.073`` stands for
[75.0725, 75.0735], ``2000万`` for [1.9995e7, 2.0005e7].  Tokens that look like
numbers but are not quantities (dates, section numbers, codes, "表3") come back
with a ``kind`` other than ``"number"`` so callers can skip them; a malformed
token such as ``172.2821.6`` is never silently read as 172.2821.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from decimal import Context, Decimal, localcontext
from typing import Literal

Kind = Literal["number", "date", "section", "code", "label", "malformed"]
Span = tuple[int, int]

# One-for-one character translation, so spans in the normalised text are spans in the original.
_FULLWIDTH = {0xFF10 + i: ord("0") + i for i in range(10)}
_TRANS = str.maketrans({**_FULLWIDTH, 0xFF0E: ".", 0x2212: "-", 0xFF0D: "-", 0xFF05: "%",
                        0xFF0B: "+", 0x00A0: 0x2009, 0x202F: 0x2009, 0x2007: 0x2009,
                        0x301C: "~", 0xFF5E: "~"})
_MULT = {"万": 4, "亿": 8}

# Thousands separators: comma or thin space with groups of three; a plain space only when
# a fraction follows ("1 234.56"), because space-separated table cells ("1 200") are common.
_NUM = re.compile(r"""
    (?P<sign>[-+])?
    (?P<int>\d{1,3}(?:,\d{3})+(?!\d) | \d{1,3}(?:\u2009\d{3})+(?!\d)
          | \d{1,3}(?:\x20\d{3})+(?=\.\d) | \d+)
    (?:\.(?P<frac>\d+))?
    (?P<more>(?:\.\d+)+)?
    (?:[eE](?P<exp>[-+]?\d{1,3})(?![\d]))?
""", re.X)
_DATE = re.compile(
    r"(?:19|20)\d\d\s?年(?:\s?\d{1,2}\s?月(?:\s?\d{1,2}(?!\d)\s?[日号]?)?)?"   # 2024年1月1日
    r"|(?:19|20)\d\d([-/.])\d{1,2}\1\d{1,2}(?!\d)"                         # 2024-01-01, 2025.09.29
    r"|(?:19|20)\d\d[-/]\d{1,2}(?![\d.])"                                   # 2024-12
    r"|\d{1,2}\s?月(?:\s?\d{1,2}(?!\d)\s?[日号]?)?|\d{1,2}\s?日")       # not 3号楼
_LABEL = re.compile(r"(?:表|图|第|附录|附表|附件|式|公式|章|节|条|No\.?|NO\.?)\s?$")
_TAG_BEFORE = re.compile(r"<su[bp]>\s?$")
_RANGE = re.compile(r"\s?~\s?")


# 60 digits: printed value ± half a unit of its last digit is always exact (no context switch per call)
_EXACT = Context(prec=60)
_HALF = {e: Decimal(5).scaleb(e - 1) for e in range(-20, 20)}


@dataclass(frozen=True, slots=True)
class Num:
    """A number as printed. ``value`` is scaled (2000万 → 2.000E+7); percent stays in %."""

    value: Decimal
    text: str
    decimals: int                      # digits after the point; negative for 2000万, 1.2e3
    percent: bool = False
    unit: str | None = None            # raw unit text printed right after the number
    page: int | None = None
    line: int | None = None
    kind: Kind = "number"
    range: Literal["from", "to"] | None = None
    candidates: tuple[Decimal, ...] = ()   # readings of a malformed token

    @property
    def exp(self) -> int:
        """Exponent of the last printed digit."""
        return -self.decimals

    @property
    def half(self) -> Decimal:
        return _HALF.get(self.exp) or Decimal(5).scaleb(self.exp - 1)

    @property
    def lo(self) -> Decimal:
        return _EXACT.subtract(self.value, self.half)

    @property
    def hi(self) -> Decimal:
        return _EXACT.add(self.value, self.half)

    @property
    def malformed(self) -> bool:
        return self.kind == "malformed"

    @property
    def is_value(self) -> bool:
        """True for a quantity; False for dates, codes, section numbers, labels, malformed."""
        return self.kind == "number"

    def with_loc(self, page: int | None = None, line: int | None = None) -> Num:
        # direct construction: dataclasses.replace costs ~10× more and this runs per cell
        return Num(self.value, self.text, self.decimals, self.percent, self.unit, page, line, self.kind,
                   self.range, self.candidates)

    def with_unit(self, unit: str | None) -> Num:
        return Num(self.value, self.text, self.decimals, self.percent, unit, self.page, self.line, self.kind,
                   self.range, self.candidates)

    def __str__(self) -> str:
        return self.text


_SEPS = str.maketrans("", "", ",\u2009 ")


def _decimal(m: re.Match) -> tuple[Decimal, int]:
    digits = m["int"].translate(_SEPS)
    s = (m["sign"] or "") + digits + ("." + m["frac"] if m["frac"] else "") + (
        "E" + m["exp"] if m["exp"] else "")
    d = Decimal(s)
    return d, -d.as_tuple().exponent


def _kind(t: str, m: re.Match) -> Kind:
    a, b = m.span()
    prev = t[a - 1] if a else ""
    pp = t[a - 2] if a > 1 else ""
    if (prev.isascii() and (prev.isalpha() or prev == "_")) or (prev == "-" and pp.isalnum()) or (
            prev == "/" and ((pp.isascii() and pp.isalpha()) or pp in ">)³₂")):
        return "code"                          # CO2, ISO14067, GB/T 32150-2015, tCO2/104Nm3
    if t[b:b + 1] == "-" and t[b + 1:b + 2].isdigit():
        return "code"
    if _TAG_BEFORE.search(t, max(0, a - 6), a):
        return "code"                                      # the 2 of CO<sub>2</sub>
    if _LABEL.search(t, max(0, a - 4), a):
        return "label"                                     # 表3, 第 5 部分
    if m["more"]:
        groups = [m["int"], m["frac"], *m["more"].split(".")[1:]]
        return "section" if all(len(g) <= 2 for g in groups) else "malformed"
    if not m["frac"] and len(m["int"]) >= 13:
        return "code"                                      # ID and account numbers
    return "number"


_NAN = Decimal("NaN")


def _scan(line: str, t: str, pos: int, with_units: bool) -> tuple[Num, Span, int] | None:
    """Read the token at ``pos`` (a digit or sign): (num, span of the number, where to go on)."""
    d = _DATE.match(t, pos)
    if d and (pos == 0 or not t[pos - 1].isalnum()) and not t[d.end():d.end() + 1].isdigit():
        return Num(_NAN, line[d.start():d.end()].strip(), 0, kind="date"), d.span(), d.end()
    m = _NUM.match(t, pos)
    if not m:
        return None
    a, b = m.span()
    if m["sign"] and a and (t[a - 1].isalnum() or t[a - 1] in "._"):
        return None                                        # "2015-2016": the hyphen is no sign
    kind = _kind(t, m)
    if kind == "malformed":                                # 172.2821.6 → 1722821.6 or 172.28216
        parts = re.sub(r"[^\d.]", "", m.group()).split(".")
        cands = tuple(Decimal("".join(parts[:i]) + "." + "".join(parts[i:]))
                      for i in range(len(parts) - 1, 0, -1))
        u = _unit_at(line, b, with_units)
        num = Num(_NAN, line[a:b], 0, unit=u and u[0], kind=kind, candidates=cands)
        return num, (a, b), u[1] if u else b
    if kind != "number":
        value, dec = _decimal(m) if not m["more"] else (_NAN, 0)
        go_on = _CODE_RUN.match(t, b).end() if kind == "code" else b   # all of 91370100MA3C…
        return Num(value, line[a:b], dec, kind=kind), (a, b), go_on
    value, dec = _decimal(m)
    end, percent, unit = b, False, None
    if t[b:b + 1] in _MULT and not _unit_at(line, b, with_units, prefixed=True):
        with localcontext(prec=60):                        # 2000万: a multiplier, not 万kWh
            value = value.scaleb(_MULT[t[b]])
        dec -= _MULT[t[b]]
        end = b + 1
    if pm := _PCT.match(t, end):
        percent, end = True, pm.end()
    num_end = end
    if not percent and (u := _unit_at(line, end, with_units)):
        unit, end = u
    elif glued := _GLUED.match(t, end):
        if any(c.isdigit() for c in glued.group()):
            kind, end = "code", _CODE_RUN.match(t, end).end()   # 91370100MA3C…: a credit code
    num = Num(value, line[a:num_end], dec, percent=percent, unit=unit, kind=kind)
    return num, (a, num_end), end


_PCT = re.compile(r"\x20?%")
_GLUED = re.compile(r"[A-Za-z0-9]+")
_CODE_RUN = re.compile(r"[A-Za-z0-9_./\-]*")


def _unit_at(line: str, pos: int, with_units: bool, prefixed: bool = False):
    if not with_units:
        return None
    from .units import match_unit                          # lazy: units imports numbers
    hit = match_unit(line, pos)
    if hit is None:
        return None
    _, raw, end = hit
    if prefixed and not raw.startswith(tuple(_MULT)):
        return None
    return raw, end


_START = re.compile(r"[-+]?\d")


def find_numbers(s: str, *, units: bool = True) -> list[tuple[Num, Span]]:
    """Every number-like token in a line, left to right, with the span of its numeral.

    Ranges (``85～96%``) give two entries marked ``range="from"/"to"``; a unit printed right
    after a number (glued or after one space) is kept raw in ``Num.unit``. Check
    ``Num.is_value`` to skip dates, codes, section numbers, labels and malformed tokens.
    """
    return list(_find_numbers(s, units))


@lru_cache(maxsize=1 << 16)
def _find_numbers(s: str, units: bool) -> tuple[tuple[Num, Span], ...]:
    # the same lines and cells are scanned by several parse steps and rules: scan each once
    fast = _fast_cell(s, units)
    return fast if fast is not None else tuple(_scan_line(s, units))


_FAST = re.compile(r"(-?)(\d{1,12})(?:\.(\d{1,12}))?([A-Za-z][A-Za-z0-9/]{0,15})?")


def _fast_cell(s: str, units: bool) -> tuple[tuple[Num, Span], ...] | None:
    """The common cell `123.45` / `22240041kwh` / `0.5366tCO2/KWh` without the general scanner.

    Only plain ASCII forms are taken (no separators, exponent, 万, %, spaces); anything else, and
    any unit the unit table does not know, goes through the general path. A test checks that both
    paths agree on every cell of the fixtures.
    """
    m = _FAST.fullmatch(s)
    if m is None:
        return None
    sign, whole, frac, unit = m.groups()
    if unit:
        if not units or unit[0] in "eE":
            return None
        from .units import parse_unit                     # lazy: units imports numbers

        if parse_unit(unit) is None:
            return None
    text = s[: m.end(3) if frac else m.end(2)]
    value = Decimal(text)
    n = Num(value, text, len(frac) if frac else 0, unit=unit if unit else None)
    return ((n, (0, len(text))),)


def _scan_line(s: str, units: bool) -> list[tuple[Num, Span]]:
    t = s.translate(_TRANS)
    out: list[tuple[Num, Span]] = []
    pos = 0
    while m := _START.search(t, pos):
        got = _scan(s, t, m.start(), units)
        if got is None:
            pos = m.start() + 1
            continue
        num, span, pos = got
        r = _RANGE.match(t, pos)
        if num.is_value and r and t[r.end():r.end() + 1].isdigit():
            nxt = _scan(s, t, r.end(), units)
            if nxt and nxt[0].is_value:
                n2, span2, pos = nxt
                num = replace(num, range="from", percent=num.percent or n2.percent,
                              unit=num.unit or n2.unit)
                out += [(num, span), (replace(n2, range="to"), span2)]
                continue
        out.append((num, span))
    return out


@lru_cache(maxsize=1 << 16)
def parse_number(s: str) -> Num | None:
    """Parse one whole token (``1,234.56``, ``48.41%``, ``2000万``, ``3.2E-03``, ``１２３．４``).

    None unless ``s`` is exactly one number (no unit: see ``units.split_number_unit``);
    dates, codes and malformed tokens come back with the matching ``kind``.
    """
    s = s.strip()
    found = find_numbers(s, units=False)
    if len(found) != 1 or found[0][1][0] != 0 or s[found[0][1][1]:].strip():
        return None
    return found[0][0]
