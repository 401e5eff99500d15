"""Reference library: published factor values that rules compare printed numbers against.

The data lives in ``rules/reference/*.toml`` (schema and sourcing policy in
``rules/reference/README.md``) and is read with the standard-library ``tomllib``
through ``importlib.resources``, so it works from a checkout and when installed.
Every value is written in the TOML as a string and held here as ``Decimal``, so
the printed precision of the source is kept.

The TOML files group rows under the document (or table) they come from, so that
shared fields are written once; :meth:`Reference.load` expands the groups into
flat, validated rows in which every field is filled in (value, unit, year,
region, kind, source, published, confidence, evidence ...).

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
import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

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


PubDate = Annotated[str | None, BeforeValidator(_check_published)]


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
    variant: str  # average | excl_market_nonfossil | fossil | wind | pv | biomass | om
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


# --------------------------------------------------------------------------- file (group) models


class _Doc(_Model):
    kind: GridKind
    unit: str
    year: int | None = None  # default data year of the document's series
    source: str
    announcement: str | None = None
    issuer: str | None = None
    published: PubDate = None
    signed: PubDate = None
    published_note: str | None = None
    url: str | None = None


class _GridOverride(_Model):
    label: str | None = None
    confidence: Confidence | None = None
    evidence: tuple[str, ...] | None = None
    note: str | None = None


class _Series(_Model):
    doc: str
    variant: str = "average"
    label: str | None = None
    year: int | None = None  # default: the doc's year
    confidence: Confidence
    evidence: tuple[str, ...] = ()
    note: str | None = None
    values: dict[str, Dec]
    overrides: dict[str, _GridOverride] = {}


class _Regions(_Model):
    national: dict[str, str]
    grid: dict[str, str]
    province: dict[str, str]
    aliases: dict[str, tuple[str, ...]] = {}


class _FindingBody(_Model):
    statement: str
    kind: str | None = None
    region: str | None = None
    year: int | None = None
    source: str
    confidence: Confidence
    evidence: tuple[str, ...] = ()


Findings = dict[str, _FindingBody]  # [finding.<topic>]


class _GridFile(_Model):
    regions: _Regions
    evidence: dict[str, str]
    doc: dict[str, _Doc]
    series: list[_Series]
    finding: Findings = {}


class _GwpOverride(_Model):
    source: str | None = None
    confidence: Confidence | None = None
    evidence: tuple[str, ...] | None = None
    note: str | None = None


class _GwpDefaults(_Model):
    kind: Literal["gwp100", "blend_computed"]
    unit: str
    confidence: Confidence
    evidence: tuple[str, ...] = ()


class _Gas(_Model):
    key: str
    name_zh: str
    aliases: tuple[str, ...] = ()
    family: str | None = None
    gas_note: str | None = None
    kind: Literal["gwp100", "blend_computed"] | None = None  # None: [defaults]
    unit: str | None = None
    composition: str | None = None
    source: str | None = None  # default: the assessment report's GWP table
    confidence: Confidence | None = None
    evidence: tuple[str, ...] | None = None
    note: str | None = None
    values: dict[ARKey, Dec]
    rounded: dict[ARKey, Dec] = {}
    overrides: dict[ARKey, _GwpOverride] = {}


class _GwpFile(_Model):
    evidence: dict[str, str]
    defaults: _GwpDefaults
    assessment_report: list[AssessmentReport]
    gas: list[_Gas]
    finding: Findings = {}


class _FuelNameEntry(_Model):
    name_zh: str
    name_en: str
    aliases: tuple[str, ...] = ()


class _FuelRow(_Model):
    fuel: str
    ncv: Dec | None = None
    ncv_unit: str | None = None
    cc: Dec | None = None
    cc_unit: str | None = None
    of: Dec | None = None
    value: Dec | None = None
    unit: str | None = None
    confidence: Confidence | None = None
    evidence: tuple[str, ...] | None = None
    note: str | None = None
    also_in: tuple[str, ...] = ()
    alt: tuple[AltValue, ...] = ()


class _NcvSetBlock(_Model):
    key: str
    name: str
    guide: str
    ncv_unit: str | None = None
    cc_unit: str | None = None
    unit: str | None = None
    confidence: Confidence | None = None
    evidence: tuple[str, ...] = ()
    note: str | None = None
    fuel: list[_FuelRow]


class _FuelsFile(_Model):
    evidence: dict[str, str]
    fuel_names: dict[str, _FuelNameEntry]
    ncv_set: list[_NcvSetBlock]
    finding: Findings = {}


class _ModeEntry(_Model):
    name_zh: str
    aliases: tuple[str, ...] = ()


class _TransportRow(_Model):
    mode: str
    vehicle: str
    vehicle_class: str | None = None
    fuel: str | None = None
    payload: str | None = None
    value: Dec
    confidence: Confidence | None = None
    evidence: tuple[str, ...] | None = None
    note: str | None = None


class _Database(_Model):
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
    factor: list[_TransportRow]


class _TransportFile(_Model):
    evidence: dict[str, str]
    modes: dict[str, _ModeEntry]
    database: list[_Database]
    finding: Findings = {}


class _MiscFile(_Model):
    evidence: dict[str, str]
    factor: list[MiscFactor] = []
    density_range: list[DensityRange] = []
    conversion: list[Conversion] = []
    finding: Findings = {}
    known_error: list[KnownError] = []


# --------------------------------------------------------------------------- normalisation helpers

_REGION_SUFFIXES = ("区域电网", "地区电网", "电网", "区域", "地区", "维吾尔自治区", "壮族自治区", "回族自治区",
                    "自治区", "特别行政区", "省", "市")


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s)).strip().lower()


def _strip_suffix(s: str) -> str | None:
    for suf in _REGION_SUFFIXES:
        if s.endswith(suf) and len(s) > len(suf):
            return s[: -len(suf)]
    return None


def _gas_norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).upper()
    return re.sub(r"[\s\-_·()（）\[\]]", "", s)


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


class Reference:
    """All reference tables, validated and indexed. Build with :meth:`load` (cached) or :meth:`from_dir`."""

    def __init__(self, data: Mapping[str, Mapping[str, Any]]):
        self.evidence: dict[str, str] = {}
        self.findings: list[Finding] = []
        self._load_grid(data["grid_factors.toml"])
        self._load_gwp(data["gwp.toml"])
        self._load_fuels(data["fuels.toml"])
        self._load_transport(data["transport.toml"])
        self._load_misc(data["misc.toml"])

    # ---- construction -----------------------------------------------------------------

    @classmethod
    def load(cls) -> Reference:
        """The packaged reference library (``rules/reference``), parsed once per process."""
        return _load_packaged()

    @classmethod
    def from_dir(cls, root: Traversable | str) -> Reference:
        """Uncached load from another directory holding the five TOML files (for tests and drafts)."""
        from pathlib import Path

        base: Traversable = Path(root) if isinstance(root, str) else root
        data: dict[str, Any] = {}
        for name in FILES:
            try:
                data[name] = tomllib.loads((base / name).read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as e:
                raise _fail(name, f"TOML syntax: {e}") from None
        return cls(data)

    def _validate(self, model: type[_Model], file: str, raw: Mapping[str, Any]) -> Any:
        try:
            parsed = model.model_validate(raw)
        except ValidationError as e:
            raise _fail(file, str(e)) from None
        for k, v in parsed.evidence.items():
            self.evidence.setdefault(k, v)  # a key names the same source in every file
        return parsed

    @staticmethod
    def _check_evidence(file: str, known: Mapping[str, str], rows: Iterable[Any]) -> None:
        for row in rows:
            for key in row.evidence:
                if key not in known:
                    raise _fail(file, f"evidence key {key!r} is not in the file's [evidence] table ({row!r:.120})")

    def _add_findings(self, file: str, findings: Findings, known: Mapping[str, str]) -> list[Finding]:
        rows = [Finding.model_construct(topic=topic, **body.model_dump()) for topic, body in findings.items()]
        self._check_evidence(file, known, rows)
        self.findings.extend(rows)
        return rows

    def _load_grid(self, raw: Mapping[str, Any]) -> None:
        file = "grid_factors.toml"
        g: _GridFile = self._validate(_GridFile, file, raw)
        regions: dict[str, Region] = {}
        for level in ("national", "grid", "province"):
            for key, zh in getattr(g.regions, level).items():
                if key in regions:
                    raise _fail(file, f"region key {key!r} defined twice")
                regions[key] = Region(key=key, name_zh=zh, level=level, aliases=g.regions.aliases.get(key, ()))
        for key in g.regions.aliases:
            if key not in regions:
                raise _fail(file, f"[regions.aliases] names unknown region {key!r}")
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

        rows: list[GridFactor] = []
        seen: set[str] = set()
        for s in g.series:
            if s.doc not in g.doc:
                raise _fail(file, f"series names unknown doc {s.doc!r}")
            for key in s.overrides:
                if key not in s.values:
                    raise _fail(file, f"override for {key!r} without a value in a series of doc {s.doc!r}")
            doc = g.doc[s.doc].model_dump(exclude_none=True)
            base = {**doc, **s.model_dump(exclude={"values", "overrides"}, exclude_none=True)}
            if base.get("year") is None:
                raise _fail(file, f"series of doc {s.doc!r} has no year (set it on the series or the doc)")
            for region, value in s.values.items():
                if region not in regions:
                    raise _fail(file, f"unknown region key {region!r} in series {s.doc}/{s.variant}")
                fields = {**base, "region": region, "region_zh": regions[region].name_zh, "value": value}
                if region in s.overrides:
                    fields.update(s.overrides[region].model_dump(exclude_none=True))
                # every part was validated by the file model: construct without re-validating
                row = GridFactor.model_construct(**fields)
                if row.id in seen:
                    raise _fail(file, f"duplicate factor {row.id}")
                seen.add(row.id)
                rows.append(row)
        self._check_evidence(file, g.evidence, rows)
        for topic, f in g.finding.items():
            if f.region is not None and f.region not in regions:
                raise _fail(file, f"finding {topic!r} names unknown region {f.region!r}")
            if f.kind is not None and f.kind not in GRID_KINDS:
                raise _fail(file, f"finding {topic!r} names unknown kind {f.kind!r}")
        self._add_findings(file, g.finding, g.evidence)
        self.grid: tuple[GridFactor, ...] = tuple(rows)
        self.docs = {k: v for k, v in g.doc.items()}

    def _load_gwp(self, raw: Mapping[str, Any]) -> None:
        file = "gwp.toml"
        g: _GwpFile = self._validate(_GwpFile, file, raw)
        self.assessment_reports: dict[str, AssessmentReport] = {a.key: a for a in g.assessment_report}
        if len(self.assessment_reports) != len(g.assessment_report):
            raise _fail(file, "duplicate assessment_report key")
        self._check_evidence(file, g.evidence, g.assessment_report)
        self.gases: dict[str, GasInfo] = {}
        self._gas_index: dict[str, str] = {}
        rows: list[GwpValue] = []
        d = g.defaults
        for b in g.gas:
            if b.key in self.gases:
                raise _fail(file, f"gas {b.key!r} defined twice")
            self.gases[b.key] = GasInfo(key=b.key, name_zh=b.name_zh, aliases=b.aliases, family=b.family, note=b.gas_note)
            for n in {b.key, b.name_zh, *b.aliases}:
                other = self._gas_index.setdefault(_gas_norm(n), b.key)
                if other != b.key:
                    raise _fail(file, f"gas name {n!r} is ambiguous ({other}, {b.key})")
            for ar in b.overrides:
                if ar not in b.values:
                    raise _fail(file, f"override {b.key}/{ar} without a value")
            for ar, value in b.values.items():
                rep = self.assessment_reports.get(ar)
                if rep is None or not rep.years:
                    raise _fail(file, f"{b.key}: no assessment_report year for {ar}")
                fields: dict[str, Any] = {
                    "gas": b.key, "ar": ar, "value": value, "rounded": b.rounded.get(ar),
                    "unit": b.unit or d.unit, "year": rep.years[0], "kind": b.kind or d.kind,
                    "composition": b.composition, "source": b.source or rep.source,
                    "confidence": b.confidence or d.confidence,
                    "evidence": b.evidence if b.evidence is not None else d.evidence, "note": b.note,
                }
                if ar in b.overrides:
                    fields.update(b.overrides[ar].model_dump(exclude_none=True))
                rows.append(GwpValue.model_construct(**fields))
        for info in self.gases.values():
            if info.family is not None and info.family not in self.gases:
                raise _fail(file, f"gas {info.key!r} has unknown family {info.family!r}")
        self._check_evidence(file, g.evidence, rows)
        self._add_findings(file, g.finding, g.evidence)
        self.gwp_values: tuple[GwpValue, ...] = tuple(rows)
        self._gwp = {(r.gas, r.ar): r for r in rows}

    def _load_fuels(self, raw: Mapping[str, Any]) -> None:
        file = "fuels.toml"
        g: _FuelsFile = self._validate(_FuelsFile, file, raw)
        self.fuel_names: dict[str, FuelName] = {
            k: FuelName(key=k, **v.model_dump()) for k, v in g.fuel_names.items()}
        self._fuel_index: dict[str, str] = {}
        for f in self.fuel_names.values():
            for n in {f.key, f.name_zh, f.name_en, *f.aliases}:
                other = self._fuel_index.setdefault(_norm(n), f.key)
                if other != f.key:
                    raise _fail(file, f"fuel name {n!r} is ambiguous ({other}, {f.key})")
        self.ncv_sets: dict[str, NcvSet] = {
            s.key: NcvSet(key=s.key, name=s.name, guide=s.guide, note=s.note) for s in g.ncv_set}
        rows: list[FuelDefault] = []
        for s in g.ncv_set:
            for r in s.fuel:
                if r.fuel not in self.fuel_names:
                    raise _fail(file, f"ncv_set {s.key}: unknown fuel {r.fuel!r} (add it to [fuel_names])")
                for other in r.also_in:
                    if other not in self.ncv_sets:
                        raise _fail(file, f"{s.key}/{r.fuel}: also_in names unknown ncv_set {other!r}")
                confidence = r.confidence or s.confidence
                if confidence is None:
                    raise _fail(file, f"{s.key}/{r.fuel}: no confidence (row or set)")
                rows.append(FuelDefault.model_construct(
                    fuel=r.fuel, name_zh=self.fuel_names[r.fuel].name_zh, ncv_sets=(s.key, *r.also_in),
                    source=s.guide, ncv=r.ncv, ncv_unit=r.ncv_unit or (s.ncv_unit if r.ncv is not None else None),
                    cc=r.cc, cc_unit=r.cc_unit or (s.cc_unit if r.cc is not None else None), of=r.of,
                    value=r.value, unit=r.unit or (s.unit if r.value is not None else None),
                    confidence=confidence, evidence=r.evidence if r.evidence is not None else s.evidence,
                    note=r.note if r.note is not None else s.note, alt=r.alt))
        self._check_evidence(file, g.evidence, rows)
        self._add_findings(file, g.finding, g.evidence)
        self.fuels: tuple[FuelDefault, ...] = tuple(rows)

    def _load_transport(self, raw: Mapping[str, Any]) -> None:
        file = "transport.toml"
        g: _TransportFile = self._validate(_TransportFile, file, raw)
        self.transport_modes: dict[str, TransportMode] = {
            k: TransportMode(key=k, **v.model_dump()) for k, v in g.modes.items()}
        self._mode_index: dict[str, str] = {}
        for m in self.transport_modes.values():
            for n in {m.key, m.name_zh, *m.aliases}:
                other = self._mode_index.setdefault(_norm(n), m.key)
                if other != m.key:
                    raise _fail(file, f"mode name {n!r} is ambiguous ({other}, {m.key})")
        rows: list[TransportFactor] = []
        for db in g.database:
            for r in db.factor:
                if r.mode not in self.transport_modes:
                    raise _fail(file, f"{db.key}: unknown mode {r.mode!r}")
                rows.append(TransportFactor.model_construct(
                    mode=r.mode, vehicle=r.vehicle, vehicle_class=r.vehicle_class, fuel=r.fuel, payload=r.payload,
                    value=r.value, unit=db.unit, year=db.year, region=db.region, region_zh=db.region_zh, kind=db.kind,
                    database=db.key, source=db.source, cited_as=db.cited_as, confidence=r.confidence or db.confidence,
                    evidence=r.evidence if r.evidence is not None else db.evidence,
                    note=r.note if r.note is not None else db.note))
        self._check_evidence(file, g.evidence, rows)
        self._add_findings(file, g.finding, g.evidence)
        self.transport_factors: tuple[TransportFactor, ...] = tuple(rows)

    def _load_misc(self, raw: Mapping[str, Any]) -> None:
        file = "misc.toml"
        g: _MiscFile = self._validate(_MiscFile, file, raw)
        self._check_evidence(file, g.evidence, [*g.factor, *g.density_range, *g.conversion])
        self._add_findings(file, g.finding, g.evidence)
        self.misc_factors: dict[str, MiscFactor] = {f.key: f for f in g.factor}
        self.density_ranges: tuple[DensityRange, ...] = tuple(g.density_range)
        self.conversions: tuple[Conversion, ...] = tuple(g.conversion)
        self.known_errors: tuple[KnownError, ...] = tuple(g.known_error)
        topics = [f.topic for f in self.findings]
        dup = {t for t in topics if topics.count(t) > 1}
        if dup:
            raise _fail(file, f"duplicate finding topics across files: {sorted(dup)}")

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
    data: dict[str, Any] = {}
    for name in FILES:
        try:
            data[name] = tomllib.loads((base / name).read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise _fail(name, f"TOML syntax: {e}") from None
    return Reference(data)


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
