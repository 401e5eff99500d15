"""Rounding-aware recomputation: the one place that does arithmetic on printed numbers.

A printed value with d decimals stands for [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ] (statcheck; XBRL
Calculations 1.1); exact constants (44/12, 1000, reference values) have zero width. Every
``Calc`` carries the value recomputed from the printed inputs, the interval those inputs
allow, and a readable derivation. All arithmetic is Decimal at 50 digits, so binary-float
noise never becomes a finding.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, localcontext
from enum import Enum
from typing import Literal

from . import units as U
from .numbers import Num
from .units import DimensionMismatch, Unit, parse_unit

PREC = 50
_INF = Decimal("Infinity")
# Bounds round outward, so an interval always contains the exact result.
_DOWN, _UP = Context(prec=PREC, rounding=ROUND_FLOOR), Context(prec=PREC, rounding=ROUND_CEILING)
_HALF = Context(prec=PREC)
_KG = parse_unit("kg")


class Verdict(str, Enum):
    AGREES = "agrees"                # the printed value is the recomputed value, rounded
    ROUNDING_ONLY = "rounding_only"  # agrees only within the inputs' rounding: info at most
    DISAGREES = "disagrees"          # intervals do not meet: a finding

    @property
    def flagged(self) -> bool:
        return self is Verdict.DISAGREES


@dataclass(frozen=True)
class Calc:
    value: Decimal
    lo: Decimal
    hi: Decimal
    formula: str                      # "68.700 + 2.100 + 4.272 = 75.072"
    inputs: tuple[Num, ...] = ()
    unit: Unit | None = None
    notes: tuple[str, ...] = ()       # species differ, units unknown, division by zero …
    label: str | None = None          # how this value reads when it is an input to another

    def text(self, decimals: int) -> str:
        return fmt(self.value, decimals)

    @property
    def shown(self) -> str:
        return self.label or _show(self.value) + (f" {self.unit}" if _unit_text(self.unit) else "")

    def __str__(self) -> str:
        return self.formula


Term = Num | Calc | Decimal | int


def fmt(d: Decimal, decimals: int) -> str:
    """Fixed-point text at ``decimals`` places, half-up (fmt(0.0499006, 4) == '0.0499')."""
    if not d.is_finite():
        return str(d)
    with localcontext(prec=PREC):
        return f"{d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}"


_C50, _C40, _C10 = Context(prec=PREC), Context(prec=PREC - 10), Context(prec=10)  # no context switch per op


def _show(d: Decimal) -> str:
    if not d.is_finite():
        return str(d)
    return f"{_C10.plus(d).normalize(_C10):f}"


def _unit_text(u: Unit | None) -> str:
    return "" if u is None or u.text == "1" else u.text


def _num_calc(n: Num) -> Calc:
    if not n.is_value:
        raise ValueError(f"not a quantity: {n.text!r} ({n.kind})")
    unit = parse_unit(n.unit) if n.unit else parse_unit("%") if n.percent else None
    notes = (f"unknown unit {n.unit!r}",) if n.unit and unit is None else ()
    show = n.text + (f" {unit}" if unit and not n.percent and unit.text != "1" else "")
    return Calc(n.value, n.lo, n.hi, show, (n,), unit, notes, show)


def _corners(a: Calc, b: Calc, op: str) -> tuple[Decimal, Decimal]:
    pairs = [(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    return (min(getattr(_DOWN, op)(x, y) for x, y in pairs),
            max(getattr(_UP, op)(x, y) for x, y in pairs))


def _scaled(lo: Decimal, hi: Decimal, k: Decimal) -> tuple[Decimal, Decimal]:
    """Bounds times a positive factor (a unit conversion), rounded outward."""
    return _DOWN.multiply(lo, k), _UP.multiply(hi, k)


def _inputs(cs: Sequence[Calc]) -> tuple[Num, ...]:
    return tuple(n for c in cs for n in c.inputs)


def _notes(cs: Sequence[Calc], *extra: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys([n for c in cs for n in c.notes] + list(extra)))


class Engine:
    """Interval arithmetic over printed numbers. ``ref`` is an optional factor library."""

    CO2_PER_C = Calc(_HALF.divide(44, 12), _DOWN.divide(44, 12), _UP.divide(44, 12),
                     "44/12", (), parse_unit("tCO2/tC"), (), "44/12")   # molar mass CO2 / C

    def __init__(self, ref: object | None = None,
                 mode: Literal["rounding", "truncation"] = "rounding") -> None:
        self.ref = ref
        self.mode = mode        # how printed figures relate to exact values unless a call says

    # -- building blocks ---------------------------------------------------------------
    def calc(self, x: Term) -> Calc:
        if isinstance(x, Calc):
            return x
        if isinstance(x, Num):
            return _num_calc(x)
        if isinstance(x, (Decimal, int)):
            return self.const(x)
        raise TypeError(f"not a number: {x!r} (use Decimal, not float)")

    def exact(self, n: Num) -> Calc:
        """A printed figure taken at face value (a published constant): its unit and text as
        printed, zero width."""
        c = _num_calc(n)
        return Calc(c.value, c.value, c.value, c.formula, c.inputs, c.unit, c.notes, c.label)

    def const(self, value: Decimal | int | str, unit: str | None = None,
              label: str | None = None) -> Calc:
        """An exact value (a constant or a reference factor): zero width."""
        v = Decimal(value)
        u = parse_unit(unit) if unit else parse_unit("1")
        shown = label or (f"{value} {unit}" if unit else str(value))
        return Calc(v, v, v, shown, (), u, () if u else (f"unknown unit {unit!r}",), shown)

    # -- arithmetic --------------------------------------------------------------------
    def total(self, parts: Sequence[Term]) -> Calc:
        cs = [self.calc(p) for p in parts]
        target = next((c.unit for c in cs if c.unit is not None), None)
        extra: list[str] = []
        if target is not None:
            for i, c in enumerate(cs):
                if c.unit is not None and c.unit.text != target.text:
                    conv = self.convert(c, target)
                    if isinstance(conv, DimensionMismatch):
                        extra.append(f"summed unlike units: {conv}")
                    else:
                        cs[i] = conv
        with localcontext(prec=PREC):
            value = sum((c.value for c in cs), Decimal(0))
        lo, hi = Decimal(0), Decimal(0)
        for c in cs:
            lo, hi = _DOWN.add(lo, c.lo), _UP.add(hi, c.hi)
        lhs = " + ".join(c.shown for c in cs)
        return self._result(lhs, value, lo, hi, target, cs, extra)

    def product(self, *terms: Term) -> Calc:
        cs = [self.calc(t) for t in terms]
        acc = cs[0]
        value, lo, hi = acc.value, acc.lo, acc.hi
        for c in cs[1:]:
            lo, hi = _corners(Calc(value, lo, hi, ""), c, "multiply")
            value = _C50.multiply(value, c.value)
        return self._with_units(" × ".join(c.shown for c in cs), value, lo, hi, cs,
                                U.multiply)

    def ratio(self, num: Term, den: Term) -> Calc:
        n, d = self.calc(num), self.calc(den)
        with localcontext(prec=PREC):
            if d.value == 0:
                return self._result(f"{n.shown} ÷ {d.shown}", Decimal("NaN"), -_INF, _INF,
                                    None, [n, d], ["division by zero"])
            value = n.value / d.value
            if d.lo <= 0 <= d.hi:                          # the divisor may round to zero
                lo, hi = -_INF, _INF
            else:
                lo, hi = _corners(n, d, "divide")
        return self._with_units(f"{n.shown} ÷ {d.shown}", value, lo, hi, [n, d], U.divide)

    def share(self, part: Term, total: Term) -> Calc:
        """part ÷ total as a percentage."""
        r = self.ratio(part, total)
        k, extra = Decimal(100), []
        if r.unit is not None:                             # kgCO2e ÷ tCO2e still folds ×0.001
            f = U.convert(k, r.unit, "1")
            if isinstance(f, DimensionMismatch):
                extra = [f"share of unlike units: {r.unit}"]
            else:
                k = f
        hundred = self.const(100)
        lo, hi = _scaled(r.lo, r.hi, k)
        with localcontext(prec=PREC):
            value = r.value * k
        lhs = r.formula.split(" = ")[0] + " × 100"
        return self._result(lhs, value, lo, hi, parse_unit("%"), [r, hundred], extra)

    def convert(self, x: Term, to: str | Unit) -> Calc | DimensionMismatch:
        c = self.calc(x)
        if c.unit is None:
            return DimensionMismatch(c.shown, str(to), "no unit known for the value")
        k = U.convert(Decimal(1), c.unit, to)
        if isinstance(k, DimensionMismatch):
            return k
        tu = to if isinstance(to, Unit) else parse_unit(to)
        note = U.species_note(c.unit, tu)
        with localcontext(prec=PREC):
            value = c.value * k
        lo, hi = _scaled(c.lo, c.hi, k)
        return self._result(c.shown, value, lo, hi, tu, [c], [note] if note else [])

    # -- domain routes -----------------------------------------------------------------
    def fuel_factor(self, cc: Term, of: Term) -> Calc:
        """CC × OF × 44/12: the CO2 factor per unit of heat (tC/GJ → tCO2/GJ)."""
        return self.product(cc, self._dimensionless(of), self.CO2_PER_C)

    def fuel_route(self, activity: Term, ncv: Term, cc: Term, of: Term) -> Calc:
        """AD × NCV × CC × OF × 44/12 (GB/T 32151 fossil-fuel combustion)."""
        return self.product(activity, ncv, cc, self._dimensionless(of), self.CO2_PER_C)

    def gwp_weight(self, mass: Term, gwp: Term) -> Calc:
        """Mass of a gas × its GWP: a plain mass unit (t) becomes CO2e (tCO2e)."""
        m, g = self.calc(mass), self.calc(self._dimensionless(gwp))
        r = self.product(m, g)
        if r.unit is not None and r.unit.dims == _KG.dims and len(r.unit.factors) == 1:
            unit = parse_unit(r.unit.factors[0][0] + "CO2e")
            r = self._result(f"{m.shown} × {g.shown}", r.value, r.lo, r.hi, unit, [m, g], [])
        return r

    def per_unit(self, annual: Term, output: Term) -> Calc:
        """Annual figure ÷ output (intensity, per-unit consumption)."""
        return self.ratio(annual, output)

    def density(self, volume: Term, density: Term) -> Calc:
        """Volume → mass; divides when the 'density' is printed as volume per mass (L/t)."""
        d = self.calc(density)
        if d.unit is not None and U.same_dimension(d.unit, "m3/kg"):
            return self.ratio(volume, d)
        return self.product(volume, d)

    # -- judging -----------------------------------------------------------------------
    def agrees(self, printed: Num, calc: Calc,
               mode: Literal["rounding", "truncation"] | None = None) -> Verdict:
        """AGREES if rounding (or truncating) the recomputed value gives the printed one;
        ROUNDING_ONLY if only the inputs' rounding intervals reconcile them; else DISAGREES.
        The recomputed value is first converted into the printed unit when both are known."""
        if not printed.is_value:
            raise ValueError(f"not a quantity: {printed.text!r} ({printed.kind})")
        mode = mode or self.mode
        pu = parse_unit(printed.unit or "%") if printed.unit or printed.percent else None
        if pu is not None and calc.unit is not None and pu.text != calc.unit.text:
            conv = self.convert(calc, pu)
            calc = conv if isinstance(conv, Calc) else calc
        if not calc.value.is_finite():
            return Verdict.ROUNDING_ONLY
        with localcontext(prec=PREC):
            step = Decimal(1).scaleb(printed.exp)
            v = printed.value
            if mode == "rounding":
                lo, hi = v - step / 2, v + step / 2
                exact = lo <= calc.value <= hi
            else:                                          # truncated toward zero
                lo, hi = (v, v + step) if v >= 0 else (v - step, v)
                exact = (lo <= calc.value < hi) if v >= 0 else (lo < calc.value <= hi)
            if exact:
                return Verdict.AGREES
            if calc.lo <= hi and lo <= calc.hi:
                return Verdict.ROUNDING_ONLY
            return Verdict.DISAGREES

    # -- helpers -----------------------------------------------------------------------
    def _dimensionless(self, x: Term) -> Term:
        """OF, GWP: a bare printed number in this role is a pure number, not 'unit unknown'."""
        if isinstance(x, Num) and x.unit is None and not x.percent:
            return x.with_unit("1")
        return x

    def _with_units(self, lhs: str, value, lo, hi, cs: list[Calc], op) -> Calc:
        unknown = [c.shown for c in cs if c.unit is None]
        unit = None
        if not unknown:
            unit = cs[0].unit
            for c in cs[1:]:
                unit = op(unit, c.unit)
            unit, k = U.simplify(unit)
            value = _C50.multiply(value, k)
            lo, hi = _scaled(lo, hi, k)
        partly = unknown and len(unknown) < len(cs)
        extra = [f"unit unknown: {', '.join(unknown)}"] if partly else []
        return self._result(lhs, value, lo, hi, unit, cs, extra)

    def _result(self, lhs, value, lo, hi, unit, cs, extra) -> Calc:
        value = _C40.plus(value)                # drop the last digits' noise (44/12 × 12/44)
        u = f" {unit}" if _unit_text(unit) else ""
        return Calc(value, lo, hi, f"{lhs} = {_show(value)}{u}", _inputs(cs), unit,
                    _notes(cs, *extra))
