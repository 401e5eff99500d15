"""Reference library: the TOML data validates, every row is sourced, and the look-ups answer."""
from __future__ import annotations

import re
import shutil
import time
import tomllib
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditcheck import reference as R
from auditcheck.reference import Reference, ReferenceDataError

REF_DIR = Path(str(files("rules") / "reference"))


@pytest.fixture(scope="module")
def ref() -> Reference:
    return Reference.load().check()


def one(rows):
    assert len(rows) == 1, rows
    return rows[0]


# --------------------------------------------------------------------------- files and validation


def test_packaged_files_are_reachable_through_importlib_resources():
    base = files("rules") / "reference"
    for name in R.FILES:
        assert (base / name).is_file(), name
    assert (base / "README.md").is_file()


@pytest.mark.parametrize("name", R.FILES)
def test_every_toml_parses(name):
    tomllib.loads((REF_DIR / name).read_text(encoding="utf-8"))


def test_check_validates_all_files(ref):
    assert ref.check() is ref
    assert Reference.load() is Reference.load()  # cached


NUMERIC_KEYS = {"value", "ncv", "cc", "of", "min", "max", "density", "rounded"}


def _walk(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, (*path, i))
    else:
        yield path, node


@pytest.mark.parametrize("name", R.FILES)
def test_every_value_is_written_as_a_string(name):
    data = tomllib.loads((REF_DIR / name).read_text(encoding="utf-8"))
    checked = 0
    for path, leaf in _walk(data):
        keys = [p for p in path if isinstance(p, str)]
        in_values_table = any(k in ("values", "rounded") for k in keys[:-1])
        if keys and (keys[-1] in NUMERIC_KEYS or in_values_table):
            assert isinstance(leaf, str), (name, path, leaf)
            Decimal(leaf)
            checked += 1
    assert checked > 0


def test_printed_precision_is_kept(ref):
    huabei_2021 = one(ref.grid_factors("华北", 2021, "co2_emission"))
    assert str(huabei_2021.value) == "0.7120" and huabei_2021.decimals == 4
    assert str(one(ref.grid_factors("national", 2021, "carbon_market")).value) == "0.5810"
    assert str(ref.gwp_value("CH4_nonfossil", "AR6").value) == "27.0"


def test_row_counts(ref):
    kinds = {k: sum(f.kind == k for f in ref.grid) for k in R.GRID_KINDS}
    assert kinds == {"co2_emission": 120, "carbon_footprint": 5, "carbon_market": 4, "ndrc_legacy": 12,
                     "cdm_baseline": 6}
    # the 2023 attachment: 5 tables, 40 rows (finding co2_emission_2023_attachment_rows)
    assert len(ref.grid_factors(year=2023, kind="co2_emission")) == 40
    for year in (2021, 2022, 2023):
        rows = ref.grid_factors(year=year, kind="co2_emission")
        assert sum(ref.regions[f.region].level == "province" for f in rows) == 30
        assert sum(ref.regions[f.region].level == "grid" for f in rows) == 7
        assert {f.variant for f in rows if f.region == "national"} == {"average", "excl_market_nonfossil", "fossil"}
    assert len(ref.gwp_values) == 77
    assert len(ref.fuels) == 18
    assert len(ref.transport_factors) == 20
    assert len(ref.known_errors) == 19


def _all_rows(ref):
    return [*ref.grid, *ref.gwp_values, *ref.fuels, *ref.transport_factors, *ref.misc_factors.values(),
            *ref.density_ranges, *ref.conversions, *ref.findings, *ref.assessment_reports.values()]


def test_every_row_has_source_confidence_and_known_evidence(ref):
    evidence = ref.evidence
    for row in _all_rows(ref):
        assert row.source and row.source.strip(), row
        assert row.confidence in ("high", "medium", "low"), row
        for key in row.evidence:
            assert key in evidence, (row, key)
    for k in ref.known_errors:
        assert k.source == "factors.md §8" and k.claim and k.correction


def test_grid_rows_carry_every_field(ref):
    for f in ref.grid:
        assert f.region in ref.regions and f.region_zh == ref.regions[f.region].name_zh
        assert f.unit in ("kgCO2/kWh", "kgCO2e/kWh", "tCO2/MWh")
        assert isinstance(f.year, int) and isinstance(f.value, Decimal)
        if f.kind != "cdm_baseline":
            assert f.published is not None, f.id
    assert len({f.id for f in ref.grid}) == len(ref.grid)


def test_confidence_kept_from_source(ref):
    # 2021 provinces rest on one transcription (medium); 安徽 2021 is corroborated (high)
    assert one(ref.grid_factors("江苏", 2021, "co2_emission")).confidence == "medium"
    assert one(ref.grid_factors("安徽", 2021, "co2_emission")).confidence == "high"
    assert one(ref.grid_factors("江苏", 2022, "co2_emission")).confidence == "high"
    assert {f.confidence for f in ref.grid_factors(year=2011, kind="ndrc_legacy")} == {"low"}
    assert one(ref.fuel("液化天然气")).confidence == "low"
    assert ref.gwp_value("R410A", "SAR").confidence == "medium"


def _copy_ref(tmp_path: Path) -> Path:
    for name in R.FILES:
        shutil.copy(REF_DIR / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_copy_of_the_data_loads(tmp_path):
    r = Reference.from_dir(_copy_ref(tmp_path)).check()
    assert len(r.grid) == len(Reference.load().grid)


@pytest.mark.parametrize("file, old, new, message", [
    ("grid_factors.toml", "jiangsu = '0.5978'", "jiangsu = 0.5978", "strings"),
    ("grid_factors.toml", "label = '省级电力平均二氧化碳排放因子'\nconfidence = 'high'",
     "label = '省级电力平均二氧化碳排放因子'\nconfidense = 'high'", "confidense"),
    ("grid_factors.toml", "jiangsu = '0.5978'", "jiangsuu = '0.5978'", "jiangsuu"),
    ("grid_factors.toml", "confidence = 'high'", "confidence = 'certain'", "confidence"),
    ("grid_factors.toml", "evidence = ['S_gh_js_2122', 'S_gh_py_2022']", "evidence = ['S_nowhere']", "S_nowhere"),
    ("grid_factors.toml", "published = '2024-12-26'", "published = '2024-13-26'", "published"),
    ("gwp.toml", "AR5 = '265'", "AR7 = '265'", "AR7"),
    ("fuels.toml", "fuel = 'diesel'", "fuel = 'biodiesel'", "biodiesel"),
    ("transport.toml", "mode = 'road'", "mode = 'pipeline'", "pipeline"),
    ("misc.toml", "value = '0.11'", "value = 'eleven'", "decimal"),
])
def test_bad_data_is_rejected(tmp_path, file, old, new, message):
    _edit(_copy_ref(tmp_path) / file, old, new)
    with pytest.raises(ReferenceDataError, match=message):
        Reference.from_dir(tmp_path).check()


def test_load_time(ref):
    R._load_packaged.cache_clear()
    try:
        start = time.process_time()
        r = Reference.load()
        lazy = time.process_time() - start
        r.check()
        full = time.process_time() - start
    finally:
        R._load_packaged.cache_clear()
    assert lazy < 0.03, lazy  # files are parsed on first use
    assert full < 0.5, full  # generous: catches pathological slowness, not machine noise


# --------------------------------------------------------------------------- electricity


def test_0_5306_is_the_2023_national_co2_emission_factor(ref):
    f = one(ref.grid_matches(Decimal("0.5306"), 4))
    assert (f.kind, f.variant, f.region, f.year) == ("co2_emission", "average", "national", 2023)
    assert f.unit == "kgCO2/kWh" and f.announcement.endswith("公告2025年第47号")
    assert f.published == "2025-12-31"
    # not a footprint factor: 2024 footprint is 0.5777, 2023 footprint 0.6205
    assert not any(m.kind == "carbon_footprint" for m in ref.grid_matches("0.5306"))


def test_0_5777_is_the_2024_national_carbon_footprint_factor(ref):
    f = one(ref.grid_matches("0.5777", 4))
    assert (f.kind, f.region, f.year, f.unit) == ("carbon_footprint", "national", 2024, "kgCO2e/kWh")
    f23 = one(ref.grid_matches("0.6205", 4))
    assert (f23.kind, f23.year, f23.announcement) == ("carbon_footprint", 2023, "生态环境部、国家统计局、国家能源局公告2025年第3号")
    assert one(ref.grid_matches("0.0545", 4)).variant == "pv"


def test_grid_matches_across_units(ref):
    target = one(ref.grid_matches(Decimal("0.5306"), 4))
    for value, decimals, unit in [("0.5306", 4, "tCO2/MWh"), ("0.5306", 4, "kgCO2/kWh"),
                                  ("0.5306", 4, "tCO2/kWh"),  # wrong unit: same number still matches
                                  ("530.6", 1, "gCO2/kWh"), ("530.6", 1, "kgCO2/MWh"),
                                  ("0.0005306", 7, "tCO2/kWh"), ("5.306", 3, "tCO2/万kWh"),
                                  ("0.5306", 4, "kg CO₂/kW·h")]:
        assert target in ref.grid_matches(Decimal(value), decimals, unit), (value, unit)
    assert target not in ref.grid_matches(Decimal("530.6"), 1)  # no unit: bare number only
    assert target not in ref.grid_matches(Decimal("530.6"), 1, "kgCO2/kWh")
    assert R.grid_unit_scale("tCO2/MWh") == 1 and R.grid_unit_scale("tCO2/kWh") == 1000
    assert R.grid_unit_scale("gCO2/kWh") == Decimal("0.001") and R.grid_unit_scale("tCO2/t") is None


def test_grid_matches_within_printed_precision(ref):
    target = one(ref.grid_matches(Decimal("0.5306"), 4))
    assert target in ref.grid_matches(Decimal("0.531"), 3)  # |0.531 − 0.5306| ≤ 0.0005
    assert target in ref.grid_matches(Decimal("0.53"), 2)
    assert target not in ref.grid_matches(Decimal("0.532"), 3)
    assert target not in ref.grid_matches(Decimal("0.5307"), 4)
    assert ref.grid_matches("0.53060") == [target]  # decimals inferred from the printed value
    assert ref.grid_matches(Decimal("0.82"), 2) == [] or all(abs(f.value - Decimal("0.82")) <= Decimal("0.005")
                                                              for f in ref.grid_matches(Decimal("0.82"), 2))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_factor_matches_itself_at_any_coarser_precision(data):
    r = Reference.load()
    f = data.draw(st.sampled_from(r.grid))
    d = data.draw(st.integers(min_value=0, max_value=f.decimals))
    printed = f.value.quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)
    assert f in r.grid_matches(printed, d)
    assert f in r.grid_matches(printed, d, f.unit)


def test_jiangsu_2022(ref):
    f = one(ref.grid_factors("江苏", 2022, "co2_emission"))
    assert f.value == Decimal("0.5978") and f.region == "jiangsu" and f.region_zh == "江苏"
    assert f.announcement.endswith("公告2024年第33号") and f.signed == "2024-12-20"
    for alias in ("江苏省", "jiangsu", " JiangSu ", "江苏"):
        assert ref.grid_factors(alias, 2022, "co2_emission") == [f]
    assert R.grid_factors("江苏省", 2022, "co2_emission") == [f]


@pytest.mark.parametrize("name, key", [
    ("全国", "national"), ("national", "national"), ("全国电网", "national"), ("中国", "national"),
    ("华东电网", "huadong_grid"), ("华东区域", "huadong_grid"), ("华东区域电网", "huadong_grid"), ("华东", "huadong_grid"),
    ("西南区域电网", "xinan_grid"), ("内蒙古自治区", "neimenggu"), ("广西壮族自治区", "guangxi"),
    ("新疆维吾尔自治区", "xinjiang"), ("北京市", "beijing"), ("陕西", "shaanxi"), ("山西省", "shanxi"),
    ("西藏", "xizang"),
])
def test_region_aliases_resolve(ref, name, key):
    assert ref.resolve_region(name).key == key


def test_unknown_region_and_kind(ref):
    assert ref.resolve_region("火星") is None
    assert ref.grid_factors("火星") == []
    assert ref.grid_factors("西藏") == []  # no 西藏 row in the official tables
    assert ref.finding("xizang_no_factor").region == "xizang"
    with pytest.raises(ValueError):
        ref.grid_factors(kind="co2")


def test_regional_and_carbon_market_values(ref):
    assert one(ref.grid_factors("华东区域", 2022, "co2_emission")).value == Decimal("0.5617")  # not 0.5366
    assert one(ref.grid_factors("西南", 2022, "co2_emission")).value == Decimal("0.2268")
    assert one(ref.grid_factors("华中", 2012, "ndrc_legacy")).value == Decimal("0.5257")
    cm = {f.year: f.value for f in ref.grid_factors("national", kind="carbon_market")}
    assert cm == {2019: Decimal("0.6101"), 2020: Decimal("0.6101"), 2021: Decimal("0.5810"), 2022: Decimal("0.5703")}
    assert one(ref.grid_factors("national", 2022, "carbon_market")).issuer == "生态环境部"
    shanxi = one(ref.grid_matches("0.6634", 4))  # '全国电网平均排放因子 0.6634' is 山西 2023
    assert (shanxi.region, shanxi.year) == ("shanxi", 2023)
    assert [k.id for k in ref.known_errors_for("0.6634")] == [6]


def test_latest_grid_factor(ref):
    assert R.latest_grid_factor("co2_emission", "全国", date(2025, 6, 1)).value == Decimal("0.5366")
    assert ref.latest_grid_factor("co2_emission", "全国", date(2026, 1, 1)).value == Decimal("0.5306")
    assert ref.latest_grid_factor("co2_emission", "national", date(2024, 4, 12)) is None  # strictly before
    assert ref.latest_grid_factor("co2_emission", "national", date(2024, 4, 13)).year == 2021
    assert ref.latest_grid_factor("co2_emission", "江苏省", date(2025, 1, 1)).value == Decimal("0.5978")
    excl = ref.latest_grid_factor("co2_emission", "national", date(2026, 1, 1), variant="excl_market_nonfossil")
    assert excl.value == Decimal("0.6096")
    # carbon market: 0.5810 ('2022' → surely public after 2022-12-31), 0.5703 ('2023-02')
    assert ref.latest_grid_factor("carbon_market", "national", date(2022, 6, 1)).value == Decimal("0.6101")
    assert ref.latest_grid_factor("carbon_market", "national", date(2023, 1, 1)).value == Decimal("0.5810")
    assert ref.latest_grid_factor("carbon_market", "national", date(2023, 3, 1)).value == Decimal("0.5703")
    assert ref.latest_grid_factor("carbon_footprint", "national", date(2025, 10, 25)).value == Decimal("0.5777")


def _co2(ref, region, year, variant="average"):
    return one(ref.grid_factors(region, year, "co2_emission", variant)).value


def _pct(new, old):
    return ((new - old) / old * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def test_published_cross_checks_reproduce(ref):
    """The source's cross-checks (findings) hold on the data: guards against transcription slips."""
    assert _pct(_co2(ref, "national", 2022), _co2(ref, "national", 2021)) == Decimal("-3.6")
    assert _pct(_co2(ref, "national", 2023), _co2(ref, "national", 2022)) == Decimal("-1.1")
    assert _pct(_co2(ref, "national", 2023, "excl_market_nonfossil"),
                _co2(ref, "national", 2022, "excl_market_nonfossil")) == Decimal("4.1")
    for y in (2021, 2022, 2023):
        assert _co2(ref, "national", y, "excl_market_nonfossil") > _co2(ref, "national", y)
        assert _co2(ref, "national", y, "fossil") > _co2(ref, "national", y, "excl_market_nonfossil")
    assert _pct(_co2(ref, "华北", 2023), _co2(ref, "华北", 2022)) == Decimal("-6.1")
    assert _pct(_co2(ref, "南方", 2023), _co2(ref, "南方", 2022)) == Decimal("4.5")
    assert _pct(_co2(ref, "西南", 2023), _co2(ref, "西南", 2022)) == Decimal("9.0")
    provinces = [k for k, r in ref.regions.items() if r.level == "province" and k != "xizang"]
    changes = [_co2(ref, p, 2023) - _co2(ref, p, 2022) for p in provinces]
    assert (sum(c < 0 for c in changes), sum(c > 0 for c in changes)) == (20, 10)  # '20个省份下降、10个省份上升'
    assert _co2(ref, "北京", 2023) < _co2(ref, "北京", 2022) and _co2(ref, "广东", 2023) > _co2(ref, "广东", 2022)
    assert _co2(ref, "云南", 2022) / _co2(ref, "河北", 2022) < Decimal("0.148")
    p2022 = {p: _co2(ref, p, 2022) for p in provinces}
    assert max(p2022, key=p2022.get) == "hebei" and min(p2022, key=p2022.get) == "yunnan"
    footprint_2023 = one(ref.grid_factors("national", 2023, "carbon_footprint", "average")).value
    assert footprint_2023 > _co2(ref, "national", 2023)
    assert _pct(one(ref.grid_factors("national", 2024, "carbon_footprint")).value, footprint_2023) == Decimal("-6.9")


# --------------------------------------------------------------------------- GWP


def test_gwp_values(ref):
    assert ref.gwp("N2O", "AR5") == 265
    assert R.gwp("N₂O", "第五次评估报告") == 265
    assert ref.gwp("氧化亚氮", "AR6") == 273
    assert ref.gwp("HFC-134a", "AR6") == 1530
    for name in ("R134a", "R-134a", "HFC134a", "hfc-134a"):
        assert ref.gwp(name, "AR6") == 1530, name
    assert ref.gwp("CH₄", "AR6") == Decimal("27.9") and ref.gwp("甲烷", "AR4") == 25
    assert ref.gwp("CH4 fossil", "AR6") == Decimal("29.8")
    assert ref.gwp("SF6", "SAR") == 23900 and ref.gwp("NF3", "SAR") is None
    assert ref.gwp("R-410A", "AR5") == Decimal("1923.5") and ref.gwp_value("R410A", "AR5").rounded == 1924
    assert ref.gwp("R22", "AR4") == 1810 and ref.gwp("R23", "AR5") == 12400
    assert ref.gwp("unobtainium", "AR5") is None and ref.gwp("CO2", "AR9") is None
    assert ref.gwp("CO2", "AR2") == 1  # AR2 = SAR


def test_gwp_matches(ref):
    assert ref.gwp_matches("CH4", 28) == ["AR5"]
    assert R.gwp_matches("甲烷", "21") == ["SAR"]
    assert ref.gwp_matches("CH4", Decimal("29.8")) == ["AR6"]  # AR6 fossil CH4 belongs to the CH4 family
    assert ref.gwp_matches("HFC-134a", 1300) == ["SAR", "AR5"]
    assert ref.gwp_matches("R410A", 2088) == ["AR4"]  # commonly printed rounded value
    assert ref.gwp_matches("R410A", Decimal("2087.5")) == ["AR4"]
    assert ref.gwp_matches("N2O", 300) == []
    assert ref.gwp_matches("N2O", 298, decimals=0) == ["AR4"]
    assert ref.gwp_matches("nothing", 1) == []


def test_blend_gwps_recompute_from_components(ref):
    for r in ref.gwp_values:
        if r.kind != "blend_computed":
            continue
        total = Decimal(0)
        for part in r.composition.split(","):
            gas, pct = part.split()
            total += Decimal(pct.rstrip("%")) / 100 * ref.gwp(gas, r.ar)
        assert abs(total - r.value) <= Decimal("0.05"), (r.gas, r.ar, total)
        assert r.rounded == r.value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize("text, ar", [
    ("第五次评估报告", "AR5"), ("IPCC第五次评估报告（AR5）", "AR5"), ("采用IPCC第四次评估报告中的GWP值", "AR4"),
    ("第六次评估报告", "AR6"), ("第二次评估报告", "SAR"), ("IPCC 第 5 次评估报告", "AR5"),
    ("AR5", "AR5"), ("IPCC AR6", "AR6"), ("GWP_AR4", "AR4"), ("Fifth Assessment Report", "AR5"),
    ("the IPCC Sixth Assessment Report (2021)", "AR6"), ("IPCC SAR values", "SAR"),
    ("第三次评估报告", "TAR"), ("按第四次评估报告，后续以AR5复核", "AR4"),
])
def test_ar_from_text(text, ar):
    assert R.ar_from_text(text) == ar


def test_ar_from_text_without_a_report():
    assert R.ar_from_text("全球变暖潜势取自IPCC 2006") is None
    assert R.ar_from_text("第二次核查") is None
    assert R.ar_from_text("CAR5 model") is None


def test_ar_year(ref):
    assert R.ar_year("AR4") == [2007]
    assert ref.ar_year("AR5") == [2013, 2014]
    assert ref.ar_year("第六次评估报告") == [2021, 2023]
    assert ref.ar_year("SAR") == [1995]
    assert ref.ar_year("TAR") == [] and ref.ar_year("AR9") == []
    for r in ref.gwp_values:
        assert r.year == ref.ar_year(r.ar)[0]


# --------------------------------------------------------------------------- fuels


def test_fuel_lookup_by_name_and_set(ref):
    diesel = R.fuel("柴油")
    assert {f.ncv for f in diesel} == {Decimal("42.652"), Decimal("43.33")}
    a = one(ref.fuel("柴油", "gbt32150_2015"))
    assert (a.ncv, a.cc, a.of, a.value, a.unit) == (Decimal("42.652"), Decimal("20.2"), Decimal("0.98"),
                                                   Decimal("3.0959"), "tCO2/t")
    assert a.source.startswith("GB/T 32150-2015")
    b = one(ref.fuel("diesel", "ndrc_guide_variant"))
    assert b.value == Decimal("3.1451") and b.confidence == "low"
    assert ref.fuel("0号柴油") == diesel
    gas = one(ref.fuel("天然气"))
    assert gas.ncv_sets == ("gbt32150_2015", "ndrc_guide_variant") and gas.unit == "tCO2/10^4 Nm3"
    assert one(ref.fuel("天然气", "ndrc_guide_variant")) == gas
    assert one(ref.fuel("汽油", "gbt32150_2015")).ncv == Decimal("43.070")
    assert one(ref.fuel("LPG", "gbt32150_2015")).value == Decimal("3.1013")
    raw = one(ref.fuel("原煤"))
    assert raw.ncv == Decimal("20.908") and raw.value is None and raw.confidence == "low"
    assert ref.fuel("液化天然气") != ref.fuel("天然气")
    assert ref.fuel("kryptonite") == []
    with pytest.raises(ValueError):
        ref.fuel("柴油", "set_c")


def test_fuel_efs_are_ncv_times_cc_times_of(ref):
    checked = 0
    for f in ref.fuels:
        if f.computed_ef() is None:
            continue
        assert f.computed_ef().quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) == f.value, f
        checked += 1
    assert checked == 17


def test_fuel_matches(ref):
    def labels(value, decimals=None):
        return {(m.fuel.fuel, m.parameter, m.unit, m.fuel.ncv_sets[0]) for m in ref.fuel_matches(value, decimals)}

    assert labels("3.0959", 4) == {("diesel", "ef", "tCO2/t", "gbt32150_2015")}
    assert ("diesel", "ncv", "GJ/t", "ndrc_guide_variant") in labels("43.33", 2)
    assert ("gasoline", "ncv", "GJ/t", "ndrc_guide_variant") in labels("44.80")
    assert ("diesel", "cc", "tC/GJ", "gbt32150_2015") in labels("0.0202", 4)
    assert ("diesel", "cc", "tC/TJ", "gbt32150_2015") in labels("20.2", 1)
    assert ("natural_gas", "ef", "kgCO2/Nm3", "gbt32150_2015") in labels("2.1622")
    assert ("natural_gas", "of", "%", "gbt32150_2015") in labels("99", 0)
    assert ("raw_coal", "ncv", "GJ/t", "energy_statistics_yearbook") in labels("20.908")
    assert labels("3.0960", 4) == set()
    assert R.fuel_matches("21.6219", 4)[0].parameter == "ef"


# --------------------------------------------------------------------------- transport and misc


def test_transport(ref):
    road = ref.transport("公路")
    assert len(road) == 11 and ref.transport("road") == road
    t = one(ref.transport_matches("0.078", 3))
    assert (t.mode, t.vehicle_class, t.fuel, t.payload, t.unit) == ("road", "heavy", "diesel", "30t", "kgCO2e/(t·km)")
    assert t.source.startswith("GB/T 51366-2019") and t.year == 2019 and t.confidence == "medium"
    assert len(R.transport("水运")) == 3 and len(ref.transport("铁路")) == 5
    air = one(ref.transport("air"))
    assert air.value == Decimal("0.921") and air.confidence == "low"
    assert one(ref.transport_matches("0.02782")).region == "uk"
    assert ref.transport("teleport") == [] and len(ref.transport()) == 20


def test_misc(ref):
    heat = ref.misc_factor("purchased_heat")
    assert (heat.value, heat.unit, heat.confidence) == (Decimal("0.11"), "tCO2/GJ", "high")
    for c in ref.conversions:
        assert (1000 / c.density).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) == c.value, c
    diesel = [d for d in ref.density_ranges if d.fuel == "diesel"]
    assert {(d.min, d.max) for d in diesel} == {(810, 850), (790, 840)}
    assert ref.finding("no_official_density").confidence == "medium"
    assert [k.id for k in ref.known_errors_for("0.2268")] == [8]
    assert {k.id for k in ref.known_errors_for("0.5810")} == {3, 4, 18}
    assert ref.known_errors[17].confidence == "medium"


def test_findings_are_unique_and_sourced(ref):
    topics = [f.topic for f in ref.findings]
    assert len(topics) == len(set(topics))
    assert ref.finding("co2_emission_2024_not_found").confidence == "low"
    assert re.search("2024", ref.finding("co2_emission_2024_not_found").statement)


def test_every_province_is_served_by_a_regional_grid(ref):
    provinces = {k for k, r in ref.regions.items() if r.level == "province"}
    assert {p for p in provinces if not ref.grids_of(p)} == set()
    assert ref.grids_of("hebei") == {"huabei_grid"}
    assert ref.grids_of("jiangsu") == {"huadong_grid"}
    assert ref.grids_of("neimenggu") == {"huabei_grid", "dongbei_grid"}
