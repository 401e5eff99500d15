"""Units and dimensions as printed in Chinese GHG reports (吨, 万kWh, tCO<sub>2</sub>/104Nm3 …).

Hand-written rather than pint: ``python -X importtime -c 'import pint'`` measured 430–615 ms
here (≈1.06 s with a registry), against a budget of tens of milliseconds per report, and
pint's ``ton`` is the short ton. The few dozen units these reports use fit one small table.

Emissions are their own dimensions: an emission unit is a mass atom times a species marker
(``tCO2e`` = t·[CO2e]), so kg and kgCO2 never mix, tCO2 ↔ kgCO2e converts ×1000 with a
species note, and C ↔ CO2 needs an explicit 44/12 (a ``tCO2/tC`` factor).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from functools import lru_cache

from .numbers import Num, find_numbers

D = Decimal
BASES = ("M", "L", "T", "E", "V", "N", "CO2", "CO2e", "C")   # N: items (套, 台, 功能单位)
SPECIES = ("CO2", "CO2e", "C")
Dims = tuple[int, ...]


def _d(**kw: int) -> Dims:
    return tuple(kw.get(b, 0) for b in BASES)


_M, _E, _V, _L, _T, _N, _1 = _d(M=1), _d(E=1), _d(V=1), _d(L=1), _d(T=1), _d(N=1), _d()
# canonical atom → (dimension, scale to base: kg, m, s, J, m³, item)
_ATOMS: dict[str, tuple[Dims, Decimal]] = {
    "mg": (_M, D("1e-6")), "g": (_M, D("0.001")), "kg": (_M, D(1)), "t": (_M, D(1000)),
    "Wh": (_E, D(3600)), "kWh": (_E, D("3.6e6")), "MWh": (_E, D("3.6e9")),
    "GWh": (_E, D("3.6e12")), "J": (_E, D(1)), "kJ": (_E, D("1e3")), "MJ": (_E, D("1e6")),
    "GJ": (_E, D("1e9")), "TJ": (_E, D("1e12")), "PJ": (_E, D("1e15")),
    "tce": (_E, D("29.3076e9")), "kgce": (_E, D("29.3076e6")),      # 1 kgce = 7000 kcal
    "kW": (_d(E=1, T=-1), D(1000)), "MW": (_d(E=1, T=-1), D("1e6")),
    "m3": (_V, D(1)), "Nm3": (_V, D(1)), "L": (_V, D("0.001")), "mL": (_V, D("1e-6")),
    "mm": (_L, D("0.001")), "m": (_L, D(1)), "km": (_L, D(1000)),
    "s": (_T, D(1)), "h": (_T, D(3600)), "d": (_T, D(86400)), "a": (_T, D(31536000)),
    "%": (_1, D("0.01")), "‰": (_1, D("0.001")),
    **{k: (_N, D(1)) for k in ("套", "台", "件", "个", "只", "片", "卷", "块", "张", "支",
                               "根", "瓶", "罐", "听", "包", "盒", "袋", "箱", "条", "双", "颗", "粒", "辆",
                               "功能单位", "pcs", "人", "人次", "床", "间夜")},   # passengers, beds, room-nights
}
# Case is sloppy in these reports (KWh, MWH, Km, M³), so multi-letter spellings match in any
# case; single letters only as printed, lest "5A级" read as five years.
_ALIAS = {a.lower(): a for a in _ATOMS if a.isascii() and len(a) > 1} | {
    a: a for a in _ATOMS if len(a) == 1 or not a.isascii()} | {
    "l": "L", "吨": "t", "千克": "kg", "公斤": "kg", "克": "g", "毫克": "mg", "度": "kWh",
    "千瓦时": "kWh", "兆瓦时": "MWh", "千瓦": "kW", "兆焦": "MJ", "吉焦": "GJ", "吨标煤": "tce", "吨标准煤": "tce",
    "千克标准煤": "kgce", "kgce": "kgce", "立方米": "m3", "标立方米": "Nm3", "升": "L",
    "毫升": "mL", "公里": "km", "千米": "km", "米": "m", "小时": "h", "天": "d", "年": "a",
    "yr": "a", "pc": "pcs", "fu": "功能单位", "kw·h": "kWh",
}
_PREFIX = {"万": D("1e4"), "亿": D("1e8"), "104": D("1e4"), "10⁴": D("1e4")}
_SPECIES_RE = re.compile(r"(?i)(.*?)(co2e|co2eq|co2-eq|co2当量|二氧化碳当量|co2|二氧化碳|c|碳)")
_SPECIES_CANON = {"co2": "CO2", "二氧化碳": "CO2", "c": "C", "碳": "C"}

_SUBSUP = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹", "01234567890123456789")
_TRANS = str.maketrans({"（": "", "）": "", "(": "", ")": "", "／": "/", "•": "·", "∙": "·",
                        "⋅": "·", "*": "·", ".": "·", "×": "·", "％": "%"})
_STRIP = re.compile(r"<[^>]*>|\\(?:text|mathrm|rm)|[{}$^_\s]")


def _split_species(name: str) -> tuple[str, str] | None:
    """'tCO2e' → ('t', 'CO2e'): an emission atom is a mass atom glued to a species."""
    sp = next((x for x in SPECIES if name.endswith(x) and len(name) > len(x)), None)
    return (name[:-len(sp)], sp) if sp else None


@lru_cache(maxsize=None)
def _atom_info(name: str) -> tuple[Dims, Decimal]:
    if split := _split_species(name):
        dims, scale = _atom_info(split[0])
        return tuple(x + (b == split[1]) for x, b in zip(dims, BASES)), scale
    for p, k in _PREFIX.items():
        if name.startswith(p) and name != p:
            dims, scale = _ATOMS[name[len(p):]]
            return dims, scale * k
    return _ATOMS[name]


def _one(seg: str) -> str | None:
    return _ALIAS.get(seg if len(seg) == 1 else seg.lower())


def _segment(seg: str) -> list[str] | None:
    """Atoms of one glued segment: 'tCO2e' → [tCO2e], 'tkm' → [t, km], '万Nm3' → [万Nm3]."""
    prefix = next((p for p in _PREFIX if seg.startswith(p) and len(seg) > len(p)), "")
    rest = seg[len(prefix):]
    prefix = "10⁴" if prefix == "104" else prefix          # the 10⁴ that PDF extraction flattens
    if a := _one(rest):
        return [prefix + a]
    if (m := _SPECIES_RE.fullmatch(rest)) and _one(m[1]) in ("t", "kg", "g", "mg"):
        return [prefix + _one(m[1]) + _SPECIES_CANON.get(m[2].lower(), "CO2e")]
    for i in range(1, len(rest)):                          # two glued atoms: tkm, 吨公里
        if (a := _one(rest[:i])) and (b := _one(rest[i:])):
            return [prefix + a, b]
    return None


@dataclass(frozen=True)
class Unit:
    """A parsed unit: ``factors`` are (atom, exponent); ``scale`` maps 1 unit to base units."""

    factors: tuple[tuple[str, int], ...]
    text: str = field(init=False)
    dims: Dims = field(init=False)
    scale: Decimal = field(init=False)

    def __post_init__(self) -> None:
        dims, scale = [0] * len(BASES), D(1)
        with localcontext(prec=60):
            for atom, e in self.factors:
                d, s = _atom_info(atom)
                dims = [x + e * y for x, y in zip(dims, d)]
                scale *= s ** e
        object.__setattr__(self, "dims", tuple(dims))
        object.__setattr__(self, "scale", scale)
        object.__setattr__(self, "text", _render(self.factors))

    @classmethod
    def of(cls, factors) -> Unit:
        merged: dict[str, int] = {}
        for atom, e in factors:
            merged[atom] = merged.get(atom, 0) + e
        return cls(tuple((a, e) for a, e in merged.items() if e))

    @property
    def dimensionless(self) -> bool:
        return not any(self.dims)

    @property
    def species(self) -> tuple[str, ...]:
        return tuple(s for s in SPECIES if self.dims[BASES.index(s)])

    @property
    def dimension(self) -> str:
        num = [b if e == 1 else f"{b}^{e}" for b, e in zip(BASES, self.dims) if e > 0]
        den = [b if e == -1 else f"{b}^{-e}" for b, e in zip(BASES, self.dims) if e < 0]
        return "·".join(num or ["1"]) + ("/" + "·".join(den) if den else "")

    def __str__(self) -> str:
        return self.text


def _render(factors) -> str:
    num = [a if e == 1 else f"{a}^{e}" for a, e in factors if e > 0]
    den = [a if e == -1 else f"{a}^{-e}" for a, e in factors if e < 0]
    text = "·".join(num) or "1"
    if den:
        text += "/" + (den[0] if len(den) == 1 else "(" + "·".join(den) + ")")
    return text


@lru_cache(maxsize=4096)
def parse_unit(s: str) -> Unit | None:
    """'tCO <sub>2</sub> /t', 'kgCO₂e/(t·km)', '万 Nm³', '21.63' → None; None if unknown."""
    t = _STRIP.sub("", s).translate(_SUBSUP)
    t = re.sub(r"(?i)kw[·.*]h", "kWh", t).translate(_TRANS)
    if not t or t.startswith("/"):
        return None
    factors: list[tuple[str, int]] = []
    for i, part in enumerate(t.split("/")):            # a/b·c means a/(b·c), as these reports do
        for seg in part.split("·"):
            if seg == "1" or (seg == "" and i):
                continue
            atoms = _segment(seg)
            if atoms is None:
                return None
            factors += [(a, 1 if i == 0 else -1) for a in atoms]
    return Unit.of(factors)


@dataclass(frozen=True)
class DimensionMismatch:
    """The result of a conversion that does not exist (kg → kWh, tC → tCO2, unknown unit)."""

    frm: str
    to: str
    reason: str

    def __str__(self) -> str:
        return f"cannot convert {self.frm} to {self.to}: {self.reason}"


def _unit(u: str | Unit) -> Unit | None:
    return u if isinstance(u, Unit) else parse_unit(u)


def _merged(d: Dims) -> Dims:
    i, j = BASES.index("CO2"), BASES.index("CO2e")
    return tuple(x + d[j] if k == i else 0 if k == j else x for k, x in enumerate(d))


def same_dimension(a: str | Unit, b: str | Unit) -> bool:
    """Convertible into each other (CO2 and CO2e count as one dimension, C does not)."""
    ua, ub = _unit(a), _unit(b)
    return bool(ua and ub and _merged(ua.dims) == _merged(ub.dims))


def species_note(frm: str | Unit, to: str | Unit) -> str | None:
    ua, ub = _unit(frm), _unit(to)
    if ua and ub and ua.species != ub.species and same_dimension(ua, ub):
        return f"species differ: {'/'.join(ua.species) or '-'} vs {'/'.join(ub.species) or '-'}"
    return None


def convert(value: Decimal, frm: str | Unit, to: str | Unit) -> Decimal | DimensionMismatch:
    ua, ub = _unit(frm), _unit(to)
    if ua is None or ub is None:
        return DimensionMismatch(str(frm), str(to), "unknown unit")
    if not same_dimension(ua, ub):
        why = "carbon vs CO2: apply 44/12 explicitly" if {"C"} & set(ua.species + ub.species) \
            else f"{ua.dimension} vs {ub.dimension}"
        return DimensionMismatch(ua.text, ub.text, why)
    with localcontext(prec=50):
        return value * ua.scale / ub.scale


@lru_cache(maxsize=4096)  # units are few and immutable: the algebra is memoised
def multiply(u1: Unit, u2: Unit) -> Unit:
    return Unit.of(u1.factors + u2.factors)


@lru_cache(maxsize=4096)  # units are few and immutable: the algebra is memoised
def divide(u1: Unit, u2: Unit) -> Unit:
    return Unit.of(u1.factors + tuple((a, -e) for a, e in u2.factors))


@lru_cache(maxsize=4096)  # units are few and immutable: the algebra is memoised
def simplify(u: Unit) -> tuple[Unit, Decimal]:
    """Fold % and same-dimension pairs into a factor: kWh·tCO2/MWh → (tCO2, 0.001).

    kg·tCO2/t → kgCO2 (the per-tonne cancels the t of tCO2), but an intensity such as
    kgCO2e/t is left as printed.
    """
    fs, coef = dict(u.factors), D(1)
    with localcontext(prec=50):
        for a, e in list(fs.items()):
            if _atom_info(a)[0] == _1:
                coef *= _atom_info(a)[1] ** e
                del fs[a]
        while True:
            neg = [a for a, e in fs.items() if e < 0]
            pos = [a for a, e in fs.items() if e > 0]
            plain = [a for a in pos if _atom_info(a)[0] == _M]
            step = None
            for b in neg:
                x = next((x for x in pos if (_split_species(x) or ("",))[0] == b), None)
                if x and plain:                            # kg × tCO2/t → kgCO2, exactly
                    a = plain[0]
                    step = [(b, 1), (x, -1), (a, -1), (a + _split_species(x)[1], 1)]
                    break
                a = next((a for a in pos if _atom_info(a)[0] == _atom_info(b)[0]), None)
                if a:                                      # kWh/MWh → 0.001
                    coef *= _atom_info(a)[1] / _atom_info(b)[1]
                    step = [(b, 1), (a, -1)]
                    break
            if not step:
                break
            for a, e in step:
                fs[a] = fs.get(a, 0) + e
                if not fs[a]:
                    del fs[a]
    return Unit.of(fs.items()), coef


_REGION = re.compile(r"[A-Za-z0-9₀-₉⁰-⁹²³·•∙⋅*./()（）<>_^{}\\$ %‰万亿千吨克度升公里米套台件个只片卷块"
                     r"张支根瓶罐听包盒袋箱条双颗粒辆年小时天功能单位立方标煤准当量二氧化碳瓦兆焦吉毫人次床间夜]+")
_CUT = re.compile(r"(?<=\S)(?=[ (（)）</])|(?<=[)）>])|(?<=[\x00-\x7f])(?=[^\x00-\x7f])"
                  r"|(?<=[^\x00-\x7f])(?=[\x00-\x7f])|(?<=[^\x00-\x7f])(?=[^\x00-\x7f])")


_OTHER_TAG = re.compile(r"<(?!/?su[bp]>)[^>]*>|/$")     # "KWh</p>", "kWh/": not part of it


def match_unit(s: str, start: int = 0) -> tuple[Unit, str, int] | None:
    """The longest unit printed at ``s[start:]`` (one leading space allowed): (unit, raw, end)."""
    pos = start + (s[start:start + 1] == " ")
    m = _REGION.match(s, pos)
    if not m or not m.group()[0].isalpha():
        return None
    region = m.group()
    cuts = sorted({c.start() for c in _CUT.finditer(region)} | {len(region)}, reverse=True)
    for c in cuts:
        raw = region[:c].rstrip()
        if raw.count("(") + raw.count("（") != raw.count(")") + raw.count("）"):
            continue
        if raw and not _OTHER_TAG.search(raw) and (u := parse_unit(raw)):
            return u, raw, pos + len(raw)
    return None


def split_number_unit(s: str) -> tuple[Num, Unit | None] | None:
    """'0.5366tCO2/KWh' → (Num 0.5366 with unit text 'tCO2/KWh', Unit tCO2/kWh)."""
    found = find_numbers(s.strip())
    if len(found) != 1 or found[0][1][0] != 0:
        return None
    num = found[0][0]
    return num, (parse_unit(num.unit) if num.unit else None)
