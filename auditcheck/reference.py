"""Reference library: published factor values that rules compare printed numbers against.

The data lives in ``rules/reference/*.toml`` (schema and sourcing policy in
``rules/reference/README.md``) and is read with the standard-library ``tomllib``
through ``importlib.resources``, so it works from a checkout and when installed.
Every value is written in the TOML as a string and held here as ``Decimal``, so
the printed precision of the source is kept.

The TOML files group rows under the document (or table) they come from, so that
shared fields are written once; the loader expands the groups into flat rows in
which every field is filled in (value, unit, year, region, kind, source,
published, confidence, evidence ...) and validates them with the pydantic models
below (``extra="forbid"``). ``Reference.load()`` is cached per process and
cheap: each file is parsed on first use of one of its tables (tomllib is pure
Python; all five files take ~25 ms); ``Reference.load().check()`` validates all.

Typical use::

    from auditcheck.reference import Reference
    ref = Reference.load()                      # cached; one parse per process
    ref.grid_matches(Decimal("0.5306"), 4)      # -> [2023 national CO2 emission factor]
    ref.grid_factors("江苏省", 2022, "co2_emission")
    ref.gwp("N₂O", "第五次评估报告")              # -> Decimal("265")

Module-level functions of the same names delegate to ``Reference.load()``.
"""
from __future__ import annotations

import calendar
import contextlib
import functools
import re
import threading
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints, TypeAdapter, ValidationError

__all__ = [
    "AltValue", "AssessmentReport", "Conversion", "DensityRange", "Finding", "FuelDefault",
    "FuelMatch", "FuelName", "GasInfo", "GridFactor", "GwpValue", "KnownError", "MiscFactor",
    "NcvSet", "Reference", "ReferenceDataError", "Region", "TransportFactor", "TransportMode",
    "GRID_KINDS", "ar_from_text", "ar_year", "fuel", "fuel_matches", "grid_factors",
    "grid_matches", "grid_unit_scale", "gwp", "gwp_matches", "latest_grid_factor",
    "resolve_gas", "resolve_region", "transport", "transport_matches",
]

FILES = ("grid_factors.toml", "gwp.toml", "fuels.toml", "transport.toml", "misc.toml")

Confidence = Literal["high", "medium", "low"]
GridKind = Literal["co2_emission", "carbon_footprint", "carbon_market", "ndrc_legacy", "cdm_baseline"]
GRID_KINDS: tuple[str, ...] = GridKind.__args__  # type: ignore[attr-defined]
ARKey = Literal["SAR", "TAR", "AR4", "AR5", "AR6"]
Number = Decimal | int | float | str


class ReferenceDataError(ValueError):
    """A reference TOML file is malformed or inconsistent."""


def _to_decimal(v: Any) -> Decimal:
    """Field validator: values must be written as TOML strings so no float rounding creeps in."""
    if isinstance(v, Decimal):
        return v
    if not isinstance(v, str):
        raise ValueError(f"write numeric values as strings (e.g. value = '0.5306'), got {type(v).__name__} {v!r}")
    try:
        d = Decimal(v.strip())
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {v!r}") from None
    if not d.is_finite():
        raise ValueError(f"not a finite number: {v!r}")
    return d


Dec = Annotated[Decimal, BeforeValidator(_to_decimal)]
_PUBLISHED_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _check_published(v: str | None) -> str | None:
    if v is not None:
        if not _PUBLISHED_RE.match(v):
            raise ValueError(f"published/signed must be YYYY, YYYY-MM or YYYY-MM-DD, got {v!r}")
        _date_bounds(v)  # validates the calendar date
    return v


# Rows get their dates from [doc.*] tables, which are checked against the calendar (_DocDate);
# the row models only check the shape, in pydantic-core (fast).
PubDate = Annotated[str, StringConstraints(pattern=_PUBLISHED_RE.pattern)] | None
_DocDate = Annotated[str | None, BeforeValidator(_check_published)]


def _date_bounds(s: str) -> tuple[date, date]:
    """Earliest and latest day a (possibly partial) ISO date can mean."""
    parts = [int(p) for p in s.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        y, m = parts
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    d = date(*parts)
    return d, d


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- public row models


class Region(_Model):
    key: str
    name_zh: str
    level: Literal["national", "grid", "province"]
    aliases: tuple[str, ...] = ()


class GridFactor(_Model):
    """One published electricity factor (MEE/NBS CO2, footprint, carbon-market, legacy, baseline)."""

    kind: GridKind
    variant: str = "average"  # average | excl_market_nonfossil | fossil | wind | pv | biomass | om
    label: str | None = None
    region: str
    region_zh: str
    year: int  # the data year the factor is for (carbon_market: emission-data year it is prescribed for)
    value: Dec
    unit: str
    doc: str
    source: str  # document title
    announcement: str | None = None
    issuer: str | None = None
    published: PubDate = None  # public availability (posting date where known)
    signed: PubDate = None
    published_note: str | None = None
    url: str | None = None
    confidence: Confidence
    evidence: tuple[str, ...] = ()
    note: str | None = None

    @property
    def id(self) -> str:
        return f"{self.kind}/{self.variant}/{self.region}/{self.year}"

    @property
    def decimals(self) -> int:
        """Decimal places as printed in the source."""
        exp = self.value.as_tuple().exponent
        return -exp if isinstance(exp, int) and exp < 0 else 0

    @property
    def published_earliest(self) -> date | None:
        return _date_bounds(self.published)[0] if self.published else None

    @property
    def published_latest(self) -> date | None:
        """Last day the (possibly partial) publication date can mean: the factor was surely public after it."""
        return _date_bounds(self.published)[1] if self.published else None


class AssessmentReport(_Model):
    key: ARKey
    ordinal: int
    name_en: str
    name_zh: str
    years: tuple[int, ...]
    source: str
    confidence: Confidence
    evidence: tuple[str, ...] = ()
    note: str | None = None


class GasInfo(_Model):
    key: str
    name_zh: str
    aliases: tuple[str, ...] = ()
    family: str | None = None  # e.g. CH4_fossil belongs to CH4
    note: str | None = None


class GwpValue(_Model):
    gas: str
    ar: ARKey
    value: Dec
    rounded: Dec | None = None  # blends: the commonly printed rounded value
    unit: str
    year: int  # first publication year of the assessment report
    kind: Literal["gwp100", "blend_computed"]
    composition: str | None = None
    source: str
    confidence: Confidence
    evidence: tuple[str, ...] = ()
    note: str | None = None


class FuelName(_Model):
    key: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...] = ()


class NcvSet(_Model):
    key: str
    name: str
    guide: str
    note: str | None = None


class AltValue(_Model):
    """The same parameter printed by the source in another unit (e.g. natural gas EF per Nm3)."""

    parameter: Literal["ncv", "cc", "of", "ef"]
    value: Dec
    unit: str
    note: str | None = None


class FuelDefault(_Model):
    """One fuel row of one default table: NCV, carbon content, oxidation rate, derived CO2 EF (= value)."""

    fuel: str
    name_zh: str
    ncv_sets: tuple[str, ...]
    source: str  # the guide / standard table
    ncv: Dec | None = None
    ncv_unit: str | None = None
    cc: Dec | None = None  # tC/TJ (= 10^-3 tC/GJ)
    cc_unit: str | None = None
    of: Dec | None = None  # fraction (0.98 = 98 %)
    value: Dec | None = None  # derived EF = NCV × CC × OF × 44/12
    unit: str | None = None
    year: int | None = None  # standard defaults are not data-year factors
    confidence: Confidence
    evidence: tuple[str, ...] = ()
    note: str | None = None
    alt: tuple[AltValue, ...] = ()

    @property
    def ef(self) -> Decimal | None:
        return self.value

    def computed_ef(self) -> Decimal | None:
        """NCV × CC × OF × 44/12 (unrounded), in the EF unit; None if an input is missing."""
        if self.ncv is None or self.cc is None or self.of is None:
            return None
        return self.ncv * self.cc * self.of * Decimal(44) / Decimal(12) / Decimal(1000)


class FuelMatch(_Model):
    fuel: FuelDefault
    parameter: Literal["ncv", "cc", "of", "ef"]
    reference: Decimal  # the reference value in `unit`
    unit: str  # unit the match was made in, e.g. 'GJ/t', 'tC/TJ', 'tC/GJ', 'fraction', '%'

    @property
    def ncv_sets(self) -> tuple[str, ...]:
        return self.fuel.ncv_sets


class TransportMode(_Model):
    key: str
    name_zh: str
    aliases: tuple[str, ...] = ()


class TransportFactor(_Model):
    mode: str  # road | rail | water | air
    vehicle: str  # label as printed by the source
    vehicle_class: str | None = None
    fuel: str | None = None
    payload: str | None = None
    value: Dec
    unit: str
    year: int | None = None
    region: str
    region_zh: str
    kind: str
    database: str
    source: str
    cited_as: str | None = None
    confidence: Confidence
    evidence: tuple[str, ...] = ()
    note: str | None = None


class MiscFactor(_Model):
    key: str
    name_zh: str
    value: Dec
    unit: str
    kind: str
    year: int | None = None
    source: str
    confidence: Confidence
    evidence: tuple[str, ...] = ()
    note: str | None = None


class DensityRange(_Model):
    key: str
    fuel: str
    grade: str | None = None
    min: Dec
    max: Dec
    unit: str
    year: int
    source: str
    confidence: Confidence
    evidence: tuple[str, ...] = ()
    note: str | None = None


class Conversion(_Model):
    fuel: str
    density: Dec
    density_unit: str
    value: Dec
    unit: str
    source: str
    confidence: Confidence
    evidence: tuple[str, ...] = ()
    note: str | None = None


class Finding(_Model):
    """A sourced statement without a value: a gap, a cross-check, an audit rule."""

    topic: str
    statement: str
    kind: str | None = None
    region: str | None = None
    year: int | None = None
    source: str
    confidence: Confidence
    evidence: tuple[str, ...] = ()


class KnownError(_Model):
    """A wrong claim seen in reports or code, with its correction."""

    id: int
    claim: str
    correction: str
    values: tuple[Dec, ...] = ()
    source: str
    confidence: Confidence | None = None


# --------------------------------------------------------------------------- file (group) headers
# Group headers are validated here; the rows they expand into are validated as the public row
# models above (extra="forbid"), in one batch per table, so a misspelt key anywhere is an error.


class _Regions(_Model):
    national: dict[str, str]
    grid: dict[str, str]
    province: dict[str, str]
    aliases: dict[str, tuple[str, ...]] = {}
    members: dict[str, tuple[str, ...]] = {}     # regional grid -> the provinces it serves


class _Doc(_Model):
    kind: GridKind
    unit: str
    year: int | None = None  # default data year of the document's series
    source: str
    announcement: str | None = None
    issuer: str | None = None
    published: _DocDate = None
    signed: _DocDate = None
    published_note: str | None = None
    url: str | None = None


class _GwpDefaults(_Model):
    kind: Literal["gwp100", "blend_computed"]
    unit: str
    confidence: Confidence
    evidence: tuple[str, ...] = ()


class _FuelNameEntry(_Model):
    name_zh: str
    name_en: str
    aliases: tuple[str, ...] = ()


class _NcvSetHeader(_Model):
    key: str
    name: str
    guide: str
    ncv_unit: str | None = None
    cc_unit: str | None = None
    unit: str | None = None
    confidence: Confidence | None = None
    evidence: tuple[str, ...] = ()
    note: str | None = None


class _ModeEntry(_Model):
    name_zh: str
    aliases: tuple[str, ...] = ()


class _DatabaseHeader(_Model):
    key: str
    source: str
    cited_as: str | None = None
    unit: str
    year: int | None = None
    region: str
    region_zh: str
    kind: str
    confidence: Confidence
    evidence: tuple[str, ...] = ()
    note: str | None = None


_EVIDENCE = TypeAdapter(dict[str, str])
_DOCS = TypeAdapter(dict[str, _Doc])
_FUEL_NAMES = TypeAdapter(dict[str, _FuelNameEntry])
_MODES = TypeAdapter(dict[str, _ModeEntry])
# built at import so that Reference.load() only validates
_ROWS: dict[type, TypeAdapter[Any]] = {
    m: TypeAdapter(list[m])  # type: ignore[valid-type]
    for m in (GridFactor, AssessmentReport, GasInfo, GwpValue, FuelDefault, TransportFactor, MiscFactor,
              DensityRange, Conversion, Finding, KnownError)
}


def _rows_adapter(model: type) -> TypeAdapter[Any]:
    return _ROWS[model]


# --------------------------------------------------------------------------- normalisation helpers

_REGION_SUFFIXES = ("区域电网", "地区电网", "电网", "区域", "地区", "维吾尔自治区", "壮族自治区", "回族自治区",
                    "自治区", "特别行政区", "省", "市")


_WS = re.compile(r"\s+")
_GAS_STRIP = re.compile(r"[\s\-_·()（）\[\]]")


def _norm(s: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFKC", s)).strip().lower()


def _strip_suffix(s: str) -> str | None:
    for suf in _REGION_SUFFIXES:
        if s.endswith(suf) and len(s) > len(suf):
            return s[: -len(suf)]
    return None


def _gas_norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).upper()
    return _GAS_STRIP.sub("", s)


def _dec(v: Number) -> Decimal:
    if isinstance(v, Decimal):
        return v
    if isinstance(v, float):
        return Decimal(repr(v))
    if isinstance(v, int):
        return Decimal(v)
    return Decimal(str(v).strip().replace(",", ""))


def _decimals_of(d: Decimal) -> int:
    exp = d.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _half_ulp(decimals: int) -> Decimal:
    return Decimal(5).scaleb(-(decimals + 1))


_MASS = {"g": Decimal("0.001"), "克": Decimal("0.001"), "kg": Decimal(1), "千克": Decimal(1),
         "t": Decimal(1000), "吨": Decimal(1000)}
_ENERGY = {"wh": Decimal("0.001"), "kwh": Decimal(1), "千瓦时": Decimal(1), "度": Decimal(1),
           "mwh": Decimal(1000), "兆瓦时": Decimal(1000), "gwh": Decimal(10) ** 6,
           "万kwh": Decimal(10) ** 4, "万千瓦时": Decimal(10) ** 4, "10^4kwh": Decimal(10) ** 4,
           "10000kwh": Decimal(10) ** 4}
_GRID_UNIT_RE = re.compile(
    r"^(kg|g|t|千克|克|吨)(?:co2e|co2-?eq|co2当量|co2|二氧化碳当量|二氧化碳)?/(.+)$")


@functools.lru_cache(maxsize=4096)
def grid_unit_scale(unit: str | None) -> Decimal | None:
    """kg per kWh represented by 1 of `unit` (tCO2/MWh → 1, gCO2/kWh → 0.001, tCO2/kWh → 1000); None if unknown."""
    if not unit:
        return None
    u = unicodedata.normalize("NFKC", unit).lower()
    u = re.sub(r"[\s·•.()（）]", "", u).replace("⁴", "^4")
    m = _GRID_UNIT_RE.match(u)
    if not m:
        return None
    mass, energy = m.groups()
    if energy not in _ENERGY:
        return None
    return _MASS[mass] / _ENERGY[energy]


_CN_ORD = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}
_EN_ORD = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_AR_PATTERNS = (
    (re.compile(r"第\s*([二三四五六2-6])\s*次\s*(?:IPCC\s*)?(?:评估|报告)"), lambda m: _CN_ORD[m.group(1)]),
    (re.compile(r"(second|third|fourth|fifth|sixth)\s+assessment\s+report", re.I), lambda m: _EN_ORD[m.group(1).lower()]),
    (re.compile(r"(?<![A-Za-z])AR\s*-?\s*([2-6])(?!\d)", re.I), lambda m: int(m.group(1))),
    (re.compile(r"(?<![A-Za-z])(SAR|TAR)(?![A-Za-z])"), lambda m: 2 if m.group(1) == "SAR" else 3),
)
_ORD_KEY = {2: "SAR", 3: "TAR", 4: "AR4", 5: "AR5", 6: "AR6"}


def _ar_from_text(text: str) -> str | None:
    text = unicodedata.normalize("NFKC", text)
    best: tuple[int, int] | None = None  # (position, ordinal)
    for pattern, ordinal in _AR_PATTERNS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), ordinal(m))
    return _ORD_KEY[best[1]] if best else None


# --------------------------------------------------------------------------- the library


def _fail(file: str, msg: str) -> ReferenceDataError:
    return ReferenceDataError(f"rules/reference/{file}: {msg}")


# which attribute is built by which file (see Reference.__getattr__)
_FILE_OF: dict[str, str] = {
    **dict.fromkeys(("grid", "regions", "docs", "_region_index", "grid_members"), "grid_factors.toml"),
    **dict.fromkeys(("assessment_reports", "gases", "gwp_values", "_gwp", "_gas_index"), "gwp.toml"),
    **dict.fromkeys(("fuel_names", "ncv_sets", "fuels", "_fuel_index"), "fuels.toml"),
    **dict.fromkeys(("transport_modes", "transport_factors", "_mode_index"), "transport.toml"),
    **dict.fromkeys(("misc_factors", "density_ranges", "conversions", "known_errors"), "misc.toml"),
}
_LOADER_OF = {"grid_factors.toml": "_load_grid", "gwp.toml": "_load_gwp", "fuels.toml": "_load_fuels",
              "transport.toml": "_load_transport", "misc.toml": "_load_misc"}


class Reference:
    """All reference tables, validated and indexed.

    Get the packaged library with :meth:`load` (cached per process) or another directory with
    :meth:`from_dir`. Each TOML file is parsed and validated the first time one of its tables is
    used (tomllib is pure Python: parsing all five files costs ~25 ms, most of a full load), so a
    process pays only for the tables it touches. :meth:`check` loads and validates everything and
    raises :class:`ReferenceDataError` on any problem.
    """

    def __init__(self, read: Callable[[str], str]):
        self._read = read
        self._loaded: set[str] = set()
        self._lock = threading.RLock()
        self._evidence_by_file: dict[str, dict[str, str]] = {}
        self._findings_by_file: dict[str, list[Finding]] = {}

    def __getattr__(self, name: str) -> Any:
        # only called for attributes not yet set: build them from their file on first use
        file = _FILE_OF.get(name)
        if file is None or file in self.__dict__.get("_loaded", ()):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self._ensure(file)
        return self.__dict__[name]

    def _ensure(self, file: str) -> None:
        if file in self._loaded:
            return
        with self._lock:
            if file in self._loaded:
                return
            try:
                raw = tomllib.loads(self._read(file))
            except tomllib.TOMLDecodeError as e:
                raise _fail(file, f"TOML syntax: {e}") from None
            getattr(self, _LOADER_OF[file])(raw)
            self._loaded.add(file)

    # ---- construction -----------------------------------------------------------------

    @classmethod
    def load(cls) -> Reference:
        """The library in effect: the packaged one (``rules/reference``), one instance per
        process, unless ``use_extra`` put a user's files in front of it."""
        return _ACTIVE or _load_packaged()

    @classmethod
    def with_extra(cls, path: str) -> Reference:
        """The packaged library with a user's files in front: each of FILES found at ``path`` (a
        directory, or one such file) replaces the packaged file of that name whole, so a
        certification body can add next year's factors to a copy without touching the package."""
        return _load_with_extra(str(path))

    @classmethod
    def from_dir(cls, root: Traversable | str) -> Reference:
        """Uncached library from another directory holding the five TOML files (tests, drafts)."""
        from pathlib import Path

        base: Traversable = Path(root) if isinstance(root, str) else root
        return cls(lambda name: (base / name).read_text(encoding="utf-8"))

    def check(self) -> Reference:
        """Load and validate every file now (raises ReferenceDataError); returns self."""
        for file in FILES:
            self._ensure(file)
        topics = [f.topic for rows in self._findings_by_file.values() for f in rows]
        dup = sorted({t for t in topics if topics.count(t) > 1})
        if dup:
            raise ReferenceDataError(f"rules/reference: finding topics defined in more than one file: {dup}")
        return self

    @property
    def evidence(self) -> dict[str, str]:
        """Source key → description, over all files."""
        self.check()
        out: dict[str, str] = {}
        for ev in self._evidence_by_file.values():
            for k, v in ev.items():
                out.setdefault(k, v)  # a key names the same source in every file
        return out

    @property
    def findings(self) -> list[Finding]:
        """Sourced statements without a value (gaps, cross-checks, audit rules), over all files."""
        self.check()
        return [f for rows in self._findings_by_file.values() for f in rows]

    # ---- validation helpers -----------------------------------------------------------

    @staticmethod
    def _one(file: str, what: str, adapter_or_model: Any, raw: Any) -> Any:
        try:
            if isinstance(adapter_or_model, TypeAdapter):
                return adapter_or_model.validate_python(raw)
            return adapter_or_model.model_validate(raw)
        except ValidationError as e:
            raise _fail(file, f"{what}: {e}") from None

    @staticmethod
    def _rows(file: str, model: type, rows: list[dict[str, Any]], labels: list[str]) -> list[Any]:
        try:
            return _rows_adapter(model).validate_python(rows)
        except ValidationError as e:
            msgs = []
            for err in e.errors()[:8]:
                loc = err["loc"]
                where = labels[loc[0]] if loc and isinstance(loc[0], int) else "?"
                msgs.append(f"{where}: {'.'.join(str(x) for x in loc[1:])}: {err['msg']}")
            raise _fail(file, "; ".join(msgs)) from None

    @staticmethod
    def _top(file: str, raw: Mapping[str, Any], required: set[str], optional: set[str] = frozenset()) -> None:
        missing = required - raw.keys()
        extra = raw.keys() - required - optional
        if missing or extra:
            raise _fail(file, f"top-level tables: missing {sorted(missing)}, unexpected {sorted(extra)}")

    def _evidence(self, file: str, raw: Mapping[str, Any]) -> dict[str, str]:
        ev = self._one(file, "[evidence]", _EVIDENCE, raw["evidence"])
        self._evidence_by_file[file] = ev
        return ev

    @staticmethod
    def _check_evidence(file: str, known: Mapping[str, str], rows: Iterable[Any], labels: Iterable[str]) -> None:
        for row, label in zip(rows, labels):
            for key in row.evidence:
                if key not in known:
                    raise _fail(file, f"{label}: evidence key {key!r} is not in the file's [evidence] table")

    def _findings(self, file: str, raw: Mapping[str, Any], known: Mapping[str, str]) -> list[Finding]:
        table = raw.get("finding", {})
        if not isinstance(table, dict):
            raise _fail(file, "findings are tables: [finding.<topic>]")
        labels = [f"[finding.{t}]" for t in table]
        rows = self._rows(file, Finding, [{"topic": t, **body} for t, body in table.items()], labels)
        self._check_evidence(file, known, rows, labels)
        self._findings_by_file[file] = rows
        return rows

    @staticmethod
    def _groups(file: str, raw: Any, what: str) -> list[dict[str, Any]]:
        if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
            raise _fail(file, f"{what} must be an array of tables ([[{what}]])")
        return [dict(x) for x in raw]

    # ---- the five files ---------------------------------------------------------------

    def _load_grid(self, raw: Mapping[str, Any]) -> None:
        file = "grid_factors.toml"
        self._top(file, raw, {"regions", "evidence", "doc", "series"}, {"finding"})
        ev = self._evidence(file, raw)
        reg = self._one(file, "[regions]", _Regions, raw["regions"])
        regions: dict[str, Region] = {}
        for level in ("national", "grid", "province"):
            for key, zh in getattr(reg, level).items():
                if key in regions:
                    raise _fail(file, f"region key {key!r} defined twice")
                regions[key] = Region(key=key, name_zh=zh, level=level, aliases=reg.aliases.get(key, ()))
        for key in reg.aliases:
            if key not in regions:
                raise _fail(file, f"[regions.aliases] names unknown region {key!r}")
        self.grid_members: dict[str, frozenset[str]] = {}
        for key, provs in reg.members.items():
            if regions.get(key) is None or regions[key].level != "grid":
                raise _fail(file, f"[regions.members] names unknown regional grid {key!r}")
            bad = [p for p in provs if regions.get(p) is None or regions[p].level != "province"]
            if bad:
                raise _fail(file, f"[regions.members] {key} lists unknown provinces {bad}")
            self.grid_members[key] = frozenset(provs)
        self.regions: dict[str, Region] = regions
        self._region_index: dict[str, str] = {}
        for r in regions.values():
            names = {r.key, r.name_zh, *r.aliases}
            base = _strip_suffix(r.name_zh)
            if base:
                names.add(base)
            for n in names:
                n = _norm(n)
                other = self._region_index.setdefault(n, r.key)
                if other != r.key:
                    raise _fail(file, f"region name {n!r} is ambiguous ({other}, {r.key})")

        self.docs: dict[str, _Doc] = self._one(file, "[doc]", _DOCS, raw["doc"])
        docs_raw: dict[str, dict[str, Any]] = raw["doc"]
        rows: list[dict[str, Any]] = []
        labels: list[str] = []
        for i, s in enumerate(self._groups(file, raw["series"], "series")):
            doc_id = s.pop("doc", None)
            values = s.pop("values", None)
            overrides = s.pop("overrides", {})
            where = f"series #{i + 1} (doc {doc_id!r})"
            if doc_id not in docs_raw:
                raise _fail(file, f"{where}: unknown or missing doc")
            if not isinstance(values, dict) or not values:
                raise _fail(file, f"{where}: needs a [series.values] table (region key = 'value')")
            if not isinstance(overrides, dict) or not all(isinstance(o, dict) for o in overrides.values()):
                raise _fail(file, f"{where}: overrides are tables [series.overrides.<region>]")
            for key in overrides.keys() - values.keys():
                raise _fail(file, f"{where}: override for {key!r} without a value")
            base = {**docs_raw[doc_id], **s, "doc": doc_id}
            for region, value in values.items():
                if region not in regions:
                    raise _fail(file, f"{where}: unknown region key {region!r}")
                rows.append({**base, "region": region, "region_zh": regions[region].name_zh, "value": value,
                             **overrides.get(region, {})})
                labels.append(f"{where} {region}")
        grid: list[GridFactor] = self._rows(file, GridFactor, rows, labels)
        seen: set[str] = set()
        for f in grid:
            if f.id in seen:
                raise _fail(file, f"duplicate factor {f.id}")
            seen.add(f.id)
        self._check_evidence(file, ev, grid, labels)
        for f in self._findings(file, raw, ev):
            if f.region is not None and f.region not in regions:
                raise _fail(file, f"finding {f.topic!r} names unknown region {f.region!r}")
            if f.kind is not None and f.kind not in GRID_KINDS:
                raise _fail(file, f"finding {f.topic!r} names unknown kind {f.kind!r}")
        self.grid: tuple[GridFactor, ...] = tuple(grid)

    def _load_gwp(self, raw: Mapping[str, Any]) -> None:
        file = "gwp.toml"
        self._top(file, raw, {"evidence", "defaults", "assessment_report", "gas"}, {"finding"})
        ev = self._evidence(file, raw)
        defaults = self._one(file, "[defaults]", _GwpDefaults, raw["defaults"]).model_dump()
        reps_raw = self._groups(file, raw["assessment_report"], "assessment_report")
        reps: list[AssessmentReport] = self._rows(file, AssessmentReport, reps_raw,
                                                   [f"assessment_report #{i + 1}" for i in range(len(reps_raw))])
        self.assessment_reports: dict[str, AssessmentReport] = {a.key: a for a in reps}
        if len(self.assessment_reports) != len(reps):
            raise _fail(file, "duplicate assessment_report key")
        self._check_evidence(file, ev, reps, [a.key for a in reps])
        infos: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        labels: list[str] = []
        for i, b in enumerate(self._groups(file, raw["gas"], "gas")):
            info = {k: b.pop(k) for k in ("key", "name_zh", "aliases", "family") if k in b}
            if "gas_note" in b:
                info["note"] = b.pop("gas_note")
            infos.append(info)
            key = info.get("key", f"gas #{i + 1}")
            values = b.pop("values", None)
            rounded = b.pop("rounded", {})
            overrides = b.pop("overrides", {})
            if not isinstance(values, dict) or not values:
                raise _fail(file, f"{key}: needs a [gas.values] table (AR = 'value')")
            for ar in (rounded.keys() | overrides.keys()) - values.keys():
                raise _fail(file, f"{key}: rounded/override for {ar!r} without a value")
            base = {**defaults, **b}
            for ar, value in values.items():
                rep = self.assessment_reports.get(ar)
                if rep is None or not rep.years:
                    raise _fail(file, f"{key}: no assessment_report (with a year) for {ar!r}")
                row = {**base, "gas": key, "ar": ar, "value": value, "year": rep.years[0],
                       **overrides.get(ar, {})}
                row.setdefault("source", rep.source)
                if ar in rounded:
                    row["rounded"] = rounded[ar]
                rows.append(row)
                labels.append(f"{key}/{ar}")
        gases: list[GasInfo] = self._rows(file, GasInfo, infos, [f"gas #{i + 1}" for i in range(len(infos))])
        self.gases: dict[str, GasInfo] = {}
        self._gas_index: dict[str, str] = {}
        for g in gases:
            if g.key in self.gases:
                raise _fail(file, f"gas {g.key!r} defined twice")
            self.gases[g.key] = g
            for n in {g.key, g.name_zh, *g.aliases}:
                other = self._gas_index.setdefault(_gas_norm(n), g.key)
                if other != g.key:
                    raise _fail(file, f"gas name {n!r} is ambiguous ({other}, {g.key})")
        for g in gases:
            if g.family is not None and g.family not in self.gases:
                raise _fail(file, f"gas {g.key!r} has unknown family {g.family!r}")
        values_: list[GwpValue] = self._rows(file, GwpValue, rows, labels)
        self._check_evidence(file, ev, values_, labels)
        self._findings(file, raw, ev)
        self.gwp_values: tuple[GwpValue, ...] = tuple(values_)
        self._gwp = {(r.gas, r.ar): r for r in values_}

    def _load_fuels(self, raw: Mapping[str, Any]) -> None:
        file = "fuels.toml"
        self._top(file, raw, {"evidence", "fuel_names", "ncv_set"}, {"finding"})
        ev = self._evidence(file, raw)
        names = self._one(file, "[fuel_names]", _FUEL_NAMES, raw["fuel_names"])
        self.fuel_names: dict[str, FuelName] = {k: FuelName(key=k, **v.model_dump()) for k, v in names.items()}
        self._fuel_index: dict[str, str] = {}
        for f in self.fuel_names.values():
            for n in {f.key, f.name_zh, f.name_en, *f.aliases}:
                other = self._fuel_index.setdefault(_norm(n), f.key)
                if other != f.key:
                    raise _fail(file, f"fuel name {n!r} is ambiguous ({other}, {f.key})")
        sets = self._groups(file, raw["ncv_set"], "ncv_set")
        bodies = [s.pop("fuel", []) for s in sets]
        headers: list[_NcvSetHeader] = [self._one(file, f"ncv_set #{i + 1}", _NcvSetHeader, s) for i, s in enumerate(sets)]
        self.ncv_sets: dict[str, NcvSet] = {
            h.key: NcvSet(key=h.key, name=h.name, guide=h.guide, note=h.note) for h in headers}
        rows: list[dict[str, Any]] = []
        labels: list[str] = []
        for h, body in zip(headers, bodies):
            for r in self._groups(file, body, "ncv_set.fuel"):
                key = r.get("fuel")
                if key not in self.fuel_names:
                    raise _fail(file, f"ncv_set {h.key}: unknown fuel {key!r} (add it to [fuel_names])")
                also = r.pop("also_in", [])
                for other in also:
                    if other not in self.ncv_sets:
                        raise _fail(file, f"{h.key}/{key}: also_in names unknown ncv_set {other!r}")
                row: dict[str, Any] = {"name_zh": self.fuel_names[key].name_zh, "ncv_sets": [h.key, *also],
                                       "source": h.guide, "evidence": h.evidence}
                for field, unit_field, default in (("ncv", "ncv_unit", h.ncv_unit), ("cc", "cc_unit", h.cc_unit),
                                                   ("value", "unit", h.unit)):
                    if field in r and default is not None:
                        row[unit_field] = default
                if h.confidence is not None:
                    row["confidence"] = h.confidence
                if h.note is not None:
                    row["note"] = h.note
                rows.append({**row, **r})
                labels.append(f"{h.key}/{key}")
        fuels: list[FuelDefault] = self._rows(file, FuelDefault, rows, labels)
        self._check_evidence(file, ev, fuels, labels)
        self._findings(file, raw, ev)
        self.fuels: tuple[FuelDefault, ...] = tuple(fuels)

    def _load_transport(self, raw: Mapping[str, Any]) -> None:
        file = "transport.toml"
        self._top(file, raw, {"evidence", "modes", "database"}, {"finding"})
        ev = self._evidence(file, raw)
        modes = self._one(file, "[modes]", _MODES, raw["modes"])
        self.transport_modes: dict[str, TransportMode] = {
            k: TransportMode(key=k, **v.model_dump()) for k, v in modes.items()}
        self._mode_index: dict[str, str] = {}
        for m in self.transport_modes.values():
            for n in {m.key, m.name_zh, *m.aliases}:
                other = self._mode_index.setdefault(_norm(n), m.key)
                if other != m.key:
                    raise _fail(file, f"mode name {n!r} is ambiguous ({other}, {m.key})")
        rows: list[dict[str, Any]] = []
        labels: list[str] = []
        for i, db in enumerate(self._groups(file, raw["database"], "database")):
            body = db.pop("factor", [])
            h = self._one(file, f"database #{i + 1}", _DatabaseHeader, db).model_dump(exclude_none=True)
            h["database"] = h.pop("key")
            for r in self._groups(file, body, "database.factor"):
                if r.get("mode") not in self.transport_modes:
                    raise _fail(file, f"{h['database']}: unknown mode {r.get('mode')!r}")
                rows.append({**h, **r})
                labels.append(f"{h['database']}/{r.get('vehicle')}")
        factors: list[TransportFactor] = self._rows(file, TransportFactor, rows, labels)
        self._check_evidence(file, ev, factors, labels)
        self._findings(file, raw, ev)
        self.transport_factors: tuple[TransportFactor, ...] = tuple(factors)

    def _load_misc(self, raw: Mapping[str, Any]) -> None:
        file = "misc.toml"
        self._top(file, raw, {"evidence"}, {"factor", "density_range", "conversion", "finding", "known_error"})
        ev = self._evidence(file, raw)

        def table(name: str, model: type) -> list[Any]:
            rows = self._groups(file, raw.get(name, []), name)
            labels = [f"[[{name}]] #{i + 1}" for i in range(len(rows))]
            out = self._rows(file, model, rows, labels)
            if name != "known_error":
                self._check_evidence(file, ev, out, labels)
            return out

        self.misc_factors: dict[str, MiscFactor] = {f.key: f for f in table("factor", MiscFactor)}
        self.density_ranges: tuple[DensityRange, ...] = tuple(table("density_range", DensityRange))
        self.conversions: tuple[Conversion, ...] = tuple(table("conversion", Conversion))
        errors = raw.get("known_error", {})
        if not isinstance(errors, dict):
            raise _fail(file, "known errors are tables: [known_error.<n>]")
        rows = [{"id": int(k), **v} for k, v in errors.items()]
        self.known_errors: tuple[KnownError, ...] = tuple(
            self._rows(file, KnownError, rows, [f"[known_error.{k}]" for k in errors]))
        self._findings(file, raw, ev)

    # ---- electricity ----------------------------------------------------------------------

    def resolve_region(self, name: str) -> Region | None:
        """Region for a key, Chinese name or alias ('江苏', '江苏省', 'jiangsu', '全国', '华东电网', '华东区域' ...)."""
        n = _norm(name)
        while n:
            key = self._region_index.get(n)
            if key is not None:
                return self.regions[key]
            stripped = _strip_suffix(n)
            if stripped is None:
                return None
            n = stripped
        return None

    def grids_of(self, province: str) -> frozenset[str]:
        """The regional grid keys that serve a province key (two for 内蒙古, 四川, 重庆)."""
        return frozenset(g for g, provs in self.grid_members.items() if province in provs)

    def grid_factors(self, region: str | None = None, year: int | None = None, kind: str | None = None,
                     variant: str | None = None) -> list[GridFactor]:
        """Published electricity factors, filtered. An unknown region name gives []; an unknown kind raises."""
        if kind is not None and kind not in GRID_KINDS:
            raise ValueError(f"unknown grid factor kind {kind!r}; expected one of {GRID_KINDS}")
        key = None
        if region is not None:
            r = self.resolve_region(region)
            if r is None:
                return []
            key = r.key
        return [f for f in self.grid
                if (key is None or f.region == key) and (year is None or f.year == year)
                and (kind is None or f.kind == kind) and (variant is None or f.variant == variant)]

    def grid_matches(self, value: Number, decimals: int | None = None, unit: str | None = None) -> list[GridFactor]:
        """Published electricity factors equal to a printed value within its printed precision.

        A factor matches if |value − ref| ≤ ½·10^−decimals on the bare number (so tCO2/MWh and
        kgCO2/kWh, which share the number, always compare), or, when `unit` is given and understood,
        after converting both to kg/kWh (e.g. 530.6 gCO2/kWh or 0.0005306 tCO2/kWh match 0.5306).
        The caller judges whether the printed unit is right (compare with ``factor.unit``).
        ``decimals`` defaults to the decimals of `value` (pass a str or Decimal to keep them).
        """
        v = _dec(value)
        tol = _half_ulp(_decimals_of(v) if decimals is None else decimals)
        printed_scale = grid_unit_scale(unit)
        out = []
        for f in self.grid:
            if abs(v - f.value) <= tol:
                out.append(f)
                continue
            if printed_scale is not None:
                ref_scale = grid_unit_scale(f.unit)
                if ref_scale is not None and abs(v * printed_scale - f.value * ref_scale) <= tol * printed_scale:
                    out.append(f)
        return out

    def latest_grid_factor(self, kind: str, region: str, published_before: date,
                           variant: str = "average") -> GridFactor | None:
        """The factor of the latest data year (then latest publication) surely public before `published_before`.

        "Surely public" uses the last day a partial publication date can mean (published '2023-02' →
        2023-02-28; '2022' → 2022-12-31), so a report dated earlier is never blamed for not using it.
        """
        candidates = [f for f in self.grid_factors(region=region, kind=kind, variant=variant)
                      if f.published_latest is not None and f.published_latest < published_before]
        return max(candidates, key=lambda f: (f.year, f.published_latest), default=None)

    # ---- GWP -----------------------------------------------------------------------------

    def resolve_gas(self, name: str) -> str | None:
        """Canonical gas key for 'CH₄', '甲烷', 'HFC-134a', 'R-134a', 'R410A' ...; None if unknown."""
        return self._gas_index.get(_gas_norm(name))

    def resolve_ar(self, ar: str) -> str | None:
        """'AR5', 'ar5', 'AR2' (= SAR), '第五次评估报告', 'Fifth Assessment Report' → key; None if unknown."""
        a = unicodedata.normalize("NFKC", ar).strip()
        if a.upper() in self.assessment_reports:
            return a.upper()
        return _ar_from_text(a)

    def gwp(self, gas: str, ar: str) -> Decimal | None:
        key, a = self.resolve_gas(gas), self.resolve_ar(ar)
        row = self._gwp.get((key, a)) if key and a else None
        return row.value if row else None

    def gwp_value(self, gas: str, ar: str) -> GwpValue | None:
        key, a = self.resolve_gas(gas), self.resolve_ar(ar)
        return self._gwp.get((key, a)) if key and a else None

    def gwp_matches(self, gas: str, value: Number, decimals: int | None = None) -> list[str]:
        """Assessment reports (ordered SAR → AR6) whose GWP for `gas` equals `value`.

        Equality is exact unless `decimals` is given (then within ½·10^−decimals); blends also match
        their commonly printed rounded value. A gas family matches its members too: 29.8 for 'CH4'
        gives ['AR6'] (AR6 fossil CH4).
        """
        key = self.resolve_gas(gas)
        if key is None:
            return []
        v = _dec(value)
        tol = Decimal(0) if decimals is None else _half_ulp(decimals)
        ars = set()
        for r in self.gwp_values:
            if r.gas != key and self.gases[r.gas].family != key:
                continue
            if abs(v - r.value) <= tol or (r.rounded is not None and abs(v - r.rounded) <= tol):
                ars.add(r.ar)
        return sorted(ars, key=lambda a: self.assessment_reports[a].ordinal)

    def ar_year(self, ar: str) -> list[int]:
        a = self.resolve_ar(ar)
        return list(self.assessment_reports[a].years) if a in self.assessment_reports else []

    def ar_from_text(self, text: str) -> str | None:
        return _ar_from_text(text)

    # ---- fuels ---------------------------------------------------------------------------

    def resolve_fuel(self, name: str) -> str | None:
        return self._fuel_index.get(_norm(name))

    def fuel(self, name: str, ncv_set: str | None = None) -> list[FuelDefault]:
        """Default rows for a fuel ('柴油', 'diesel', '0号柴油' ...), optionally from one NCV set."""
        key = self.resolve_fuel(name)
        if key is None:
            return []
        if ncv_set is not None and ncv_set not in self.ncv_sets:
            raise ValueError(f"unknown ncv_set {ncv_set!r}; expected one of {tuple(self.ncv_sets)}")
        return [f for f in self.fuels if f.fuel == key and (ncv_set is None or ncv_set in f.ncv_sets)]

    def fuel_matches(self, value: Number, decimals: int | None = None) -> list[FuelMatch]:
        """Fuel parameters equal to a printed value within printed precision.

        Each parameter is tried in the forms it is printed in: NCV in its unit; CC in tC/TJ and
        tC/GJ (×10^−3); OF as a fraction and in %; EF in its unit; plus the source's alternative
        units (e.g. natural gas 2.1622 kgCO2/Nm3).
        """
        v = _dec(value)
        tol = _half_ulp(_decimals_of(v) if decimals is None else decimals)
        out: list[FuelMatch] = []
        for f in self.fuels:
            forms: list[tuple[str, Decimal, str]] = []
            if f.ncv is not None:
                forms.append(("ncv", f.ncv, f.ncv_unit or ""))
            if f.cc is not None:
                forms += [("cc", f.cc, "tC/TJ"), ("cc", f.cc / 1000, "tC/GJ")]
            if f.of is not None:
                forms += [("of", f.of, "fraction"), ("of", f.of * 100, "%")]
            if f.value is not None:
                forms.append(("ef", f.value, f.unit or ""))
            forms += [(a.parameter, a.value, a.unit) for a in f.alt]
            for parameter, ref, unit in forms:
                if abs(v - ref) <= tol:
                    out.append(FuelMatch(fuel=f, parameter=parameter, reference=ref, unit=unit))
        return out

    # ---- transport -----------------------------------------------------------------------

    def resolve_mode(self, name: str) -> str | None:
        return self._mode_index.get(_norm(name))

    def transport(self, mode: str | None = None) -> list[TransportFactor]:
        """Freight factors, optionally for one mode ('road'/'公路', 'rail'/'铁路', 'water'/'水运', 'air'/'航空')."""
        if mode is None:
            return list(self.transport_factors)
        key = self.resolve_mode(mode)
        return [t for t in self.transport_factors if t.mode == key] if key else []

    def transport_matches(self, value: Number, decimals: int | None = None) -> list[TransportFactor]:
        v = _dec(value)
        tol = _half_ulp(_decimals_of(v) if decimals is None else decimals)
        return [t for t in self.transport_factors if abs(v - t.value) <= tol]

    # ---- misc ----------------------------------------------------------------------------

    def is_published(self, value: Number) -> bool:
        """Whether a printed factor is, digit for digit, a value the library publishes (a grid
        factor, a GWP, a fuel default, a transport or heat factor): such a figure is the constant
        itself, not a rounding of something else, so it carries no rounding interval."""
        return Decimal(str(value)) in self._published

    @functools.cached_property
    def _published(self) -> frozenset[Decimal]:
        vals: set[Decimal] = {g.value for g in self.grid_factors()}
        vals |= {v.value for v in self.gwp_values} | {v.rounded for v in self.gwp_values if v.rounded}
        for f in self.fuels:
            vals |= {x for x in (f.value, f.ncv, f.cc) if x is not None}
            if f.cc is not None:
                vals.add(f.cc / 1000)       # tC/TJ 15.3 is printed as 0.0153 tC/GJ too
            if f.of is not None:
                vals |= {f.of, f.of * 100}  # 0.98 or 98 %
        vals |= {t.value for t in self.transport_factors} | {m.value for m in self.misc_factors.values()}
        return frozenset(vals)

    def misc_factor(self, key: str) -> MiscFactor | None:
        return self.misc_factors.get(key)

    def known_errors_for(self, value: Number) -> list[KnownError]:
        """Known wrong claims that involve this number (exact numeric equality)."""
        v = _dec(value)
        return [k for k in self.known_errors if any(v == x for x in k.values)]

    def finding(self, topic: str) -> Finding | None:
        return next((f for f in self.findings if f.topic == topic), None)


@functools.lru_cache(maxsize=1)
def _load_packaged() -> Reference:
    base = files("rules") / "reference"
    return Reference(lambda name: (base / name).read_text(encoding="utf-8"))


_ACTIVE: Reference | None = None


@functools.lru_cache(maxsize=8)
def _load_with_extra(path: str) -> Reference:
    from pathlib import Path

    p = Path(path)
    own = {p.name: p} if p.is_file() else {n: p / n for n in FILES if (p / n).is_file()}
    base = files("rules") / "reference"
    return Reference(lambda name: (own[name] if name in own else base / name).read_text(encoding="utf-8"))


@contextlib.contextmanager
def use_extra(path: str | None):
    """Within the block, Reference.load() (and every module-level look-up) answers from the
    packaged library with the user's files at ``path`` in front; no-op for None."""
    global _ACTIVE
    if not path:
        yield Reference.load()
        return
    before, _ACTIVE = _ACTIVE, Reference.with_extra(path)
    try:
        yield _ACTIVE
    finally:
        _ACTIVE = before


# --------------------------------------------------------------------------- module-level look-ups


def resolve_region(name: str) -> Region | None:
    return Reference.load().resolve_region(name)


def grid_factors(region: str | None = None, year: int | None = None, kind: str | None = None,
                 variant: str | None = None) -> list[GridFactor]:
    return Reference.load().grid_factors(region, year, kind, variant)


def grid_matches(value: Number, decimals: int | None = None, unit: str | None = None) -> list[GridFactor]:
    return Reference.load().grid_matches(value, decimals, unit)


def latest_grid_factor(kind: str, region: str, published_before: date, variant: str = "average") -> GridFactor | None:
    return Reference.load().latest_grid_factor(kind, region, published_before, variant)


def resolve_gas(name: str) -> str | None:
    return Reference.load().resolve_gas(name)


def gwp(gas: str, ar: str) -> Decimal | None:
    return Reference.load().gwp(gas, ar)


def gwp_matches(gas: str, value: Number, decimals: int | None = None) -> list[str]:
    return Reference.load().gwp_matches(gas, value, decimals)


def ar_year(ar: str) -> list[int]:
    return Reference.load().ar_year(ar)


def ar_from_text(text: str) -> str | None:
    """'第五次评估报告' / 'IPCC AR5' / 'Fifth Assessment Report' → 'AR5' (first mention wins); None if none."""
    return _ar_from_text(text)


def fuel(name: str, ncv_set: str | None = None) -> list[FuelDefault]:
    return Reference.load().fuel(name, ncv_set)


def fuel_matches(value: Number, decimals: int | None = None) -> list[FuelMatch]:
    return Reference.load().fuel_matches(value, decimals)


def transport(mode: str | None = None) -> list[TransportFactor]:
    return Reference.load().transport(mode)


def transport_matches(value: Number, decimals: int | None = None) -> list[TransportFactor]:
    return Reference.load().transport_matches(value, decimals)
