"""Units: spellings from the reports, dimensions, species, conversions."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditcheck.units import (DimensionMismatch, convert, divide, multiply, parse_unit,
                              same_dimension, simplify, species_note, split_number_unit)

SPELLINGS = {
    "t": ["t", "吨"], "kg": ["kg", "千克", "公斤"], "g": ["g", "克"], "万t": ["万吨", "万t"],
    "kWh": ["kWh", "KWh", "kwh", "度", "kW·h", "千瓦时"], "MWh": ["MWh", "MWH"],
    "万kWh": ["万kWh", "万度"], "GWh": ["GWh"], "GJ": ["GJ"], "MJ": ["MJ"], "TJ": ["TJ"],
    "tce": ["tce", "吨标煤", "吨标准煤"],
    "m3": ["m³", "m3", "M³", "m <sup>3</sup>", "m ³", "立方米"], "Nm3": ["Nm3", "Nm³"],
    "万Nm3": ["万Nm3", "万 Nm <sup>3</sup>", "万Nm³"], "万m3": ["万m3", "万立方米"],
    "10⁴Nm3": ["10⁴Nm³", "104Nm3"], "L": ["L", "升"],
    "km": ["km", "Km", "KM", "公里"],
    "t·km": ["t·km", "tkm", "t.km", "t*km", "吨公里", "吨·公里"],
    "套": ["套"], "台": ["台"], "功能单位": ["功能单位"], "pcs": ["pcs"],
    "a": ["a", "年"], "h": ["h", "小时"],
    "tCO2": ["tCO2", "tCO₂", "tCO<sub>2</sub>", "tCO <sub>2</sub>", "t CO2"],
    "tCO2e": ["tCO2e", "tCO2eq", "tCO ₂ e", "tCO<sub>2</sub>e", "吨CO2当量", "tCO₂-eq"],
    "kgCO2e": ["kgCO2e", "kgCO₂eq", "kgCO2当量", "千克二氧化碳当量"], "gCO2e": ["gCO2e"],
    "tC": ["tC"], "%": ["%"],
}


@pytest.mark.parametrize("canon, spelling", [(c, s) for c, ss in SPELLINGS.items() for s in ss])
def test_spellings(canon, spelling):
    u = parse_unit(spelling)
    assert u is not None, spelling
    assert u.text == canon


@pytest.mark.parametrize("spelling, canon, dimension", [
    ("kgCO2/t·km", "kgCO2/(t·km)", "CO2/L"),
    ("kgCO₂e/(t·km)", "kgCO2e/(t·km)", "CO2e/L"),
    ("tCO2/MWh", "tCO2/MWh", "M·CO2/E"),
    ("tC/TJ", "tC/TJ", "M·C/E"),
    ("GJ/万Nm3", "GJ/万Nm3", "E/V"),
    ("gCO2/g", "gCO2/g", "CO2"),
    ("tCO2e/功能单位", "tCO2e/功能单位", "M·CO2e/N"),
    ("kWh/套", "kWh/套", "E/N"),
    ("g/套", "g/套", "M/N"),
    ("tCO2/t", "tCO2/t", "CO2"),
    ("tCO <sub>2</sub> /t", "tCO2/t", "CO2"),
    ("tCO ₂ /104Nm ³", "tCO2/10⁴Nm3", "M·CO2/V"),
    ("$t/万 Nm^3$", "t/万Nm3", "M/V"),
    ("tCO<sub>2</sub> / GJ", "tCO2/GJ", "M·CO2/E"),
])
def test_compound_units(spelling, canon, dimension):
    u = parse_unit(spelling)
    assert (u.text, u.dimension) == (canon, dimension)


@pytest.mark.parametrize("junk", ["", "CO2当量", "元", "tCO", "/t", "abc", "21.63"])
def test_unknown_units(junk):
    assert parse_unit(junk) is None


def test_ton_is_the_metric_tonne():
    assert convert(D(1), "吨", "kg") == 1000 and convert(D(1), "万吨", "t") == 10000


@pytest.mark.parametrize("v, frm, to, out", [
    ("1", "万kWh", "MWh", "10"), ("22240041", "kWh", "MWh", "22240.041"),
    ("1", "tce", "GJ", "29.3076"), ("144.67", "gCO2", "kgCO2", "0.14467"),
    ("1", "万Nm3", "m3", "10000"), ("30", "m³", "10⁴Nm3", "0.003"),
    ("1", "kgCO2e/(t·km)", "gCO2e/(t·km)", "1000"), ("48.41", "%", "1", "0.4841"),
    ("1", "tCO2/MWh", "kgCO2/kWh", "1"), ("1", "L", "m3", "0.001"), ("1", "GWh", "万kWh", "100"),
])
def test_convert(v, frm, to, out):
    assert convert(D(v), frm, to) == D(out)


def test_dimension_mismatch_is_a_result():
    r = convert(D(1), "kg", "kWh")
    assert isinstance(r, DimensionMismatch) and "M vs E" in str(r)
    assert isinstance(convert(D(1), "kg", "kgCO2"), DimensionMismatch)   # emissions ≠ mass
    assert isinstance(convert(D(1), "t·km", "km"), DimensionMismatch)
    assert isinstance(convert(D(1), "bogus", "kg"), DimensionMismatch)
    r = convert(D(1), "tC", "tCO2")
    assert isinstance(r, DimensionMismatch) and "44/12" in r.reason


def test_species_convert_with_a_note():
    assert convert(D(1), "tCO2", "kgCO2e") == 1000
    assert species_note("tCO2", "kgCO2e") == "species differ: CO2 vs CO2e"
    assert species_note("tCO2", "kgCO2") is None
    assert same_dimension("tCO2", "kgCO2e") and not same_dimension("tC", "tCO2")
    assert parse_unit("tCO2e").species == ("CO2e",)


def test_carbon_to_co2_only_through_an_explicit_factor():
    u, k = simplify(multiply(parse_unit("tC"), parse_unit("tCO2/tC")))
    assert (u.text, k) == ("tCO2", 1)


@pytest.mark.parametrize("a, b, op, canon, k", [
    ("kWh", "kgCO2/kWh", multiply, "kgCO2", "1"),
    ("kWh", "tCO2/MWh", multiply, "tCO2", "0.001"),
    ("kg", "tCO2/t", multiply, "kgCO2", "1"),
    ("kg", "kgCO2e/t", multiply, "kgCO2e", "0.001"),
    ("t·km", "kgCO2e/(t·km)", multiply, "kgCO2e", "1"),
    ("m3", "tCO2/10⁴Nm3", multiply, "tCO2", "0.0001"),
    ("L", "L/t", divide, "t", "1"),
    ("kgCO2e", "t", divide, "kgCO2e/t", "1"),         # an intensity keeps its form
    ("kgCO2e", "tCO2e", divide, "1", "0.001"),
    ("tCO2", "t", divide, "tCO2/t", "1"),
])
def test_multiply_divide_simplify(a, b, op, canon, k):
    u, coef = simplify(op(parse_unit(a), parse_unit(b)))
    assert (u.text, coef) == (canon, D(k))


def test_split_number_unit():
    num, unit = split_number_unit("0.5366tCO2/KWh")
    assert num.value == D("0.5366") and num.unit == "tCO2/KWh" and unit.text == "tCO2/kWh"
    num, unit = split_number_unit("21.63tCO2/104Nm3")
    assert num.value == D("21.63") and unit.text == "tCO2/10⁴Nm3" and unit.scale == D("0.1")
    num, unit = split_number_unit("2t")
    assert (num.value, unit.text) == (2, "t")
    assert split_number_unit("22240041kwh")[1].text == "kWh"
    assert split_number_unit("12.5")[1] is None


UNITS = ["t", "kg", "g", "kWh", "MWh", "万kWh", "GJ", "MJ", "tce", "m3", "万Nm3", "10⁴Nm3", "L",
         "km", "t·km", "tCO2", "kgCO2e", "gCO2e", "tCO2/MWh", "kgCO2/kWh", "GJ/t", "MJ/kg", "%"]


@given(st.sampled_from(UNITS), st.sampled_from(UNITS),
       st.decimals(min_value=-10**12, max_value=10**12, places=6, allow_nan=False))
def test_convert_there_and_back(a, b, v):
    there = convert(v, a, b)
    if isinstance(there, DimensionMismatch):
        assert not same_dimension(a, b)
        return
    back = convert(there, b, a)
    assert abs(back - v) <= abs(v) * D("1e-40") + D("1e-40")
