"""Engine: interval arithmetic and verdicts, on figures taken from real reports."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal as D, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditcheck.engine import Calc, Engine, Verdict, fmt
from auditcheck.numbers import Num, find_numbers, parse_number
from auditcheck.units import DimensionMismatch

E = Engine()
A, R, X = Verdict.AGREES, Verdict.ROUNDING_ONLY, Verdict.DISAGREES


def n(text: str, unit: str | None = None) -> Num:
    num = parse_number(text)
    assert num is not None, text
    return num.with_unit(unit) if unit else num


# --------------------------------------------------------------------------- sums and shares
def test_sum_rounding_tolerated_and_real_error_flagged():
    t = E.total([n("68.700"), n("2.100"), n("4.272")])
    assert t.value == D("75.072") and (t.lo, t.hi) == (D("75.0705"), D("75.0735"))
    assert t.formula == "68.700 + 2.100 + 4.272 = 75.072"
    assert E.agrees(n("75.072"), t) is A
    assert E.agrees(n("75.073"), t) is R
    assert E.agrees(n("75.172"), t) is X and X.flagged


def test_seven_rows_within_their_rounding():
    rows = ["68.700", "2.100", "4.272", "0.300", "0.200", "0.105", "0.100"]
    t = E.total([n(r) for r in rows])
    assert t.value == D("75.777")
    assert E.agrees(n("75.778"), t) is not X


def test_shares_summing_to_100_01():
    t = E.total([n("34.35%"), n("0.08%"), n("65.58%")])
    assert t.value == D("100.01") and t.unit.text == "%"
    assert E.agrees(n("100"), t) is A
    assert E.agrees(n("100.00%"), t) is R
    assert E.agrees(n("99.00%"), t) is X


def test_share_of_total():
    s = E.share(n("5.3833", "kgCO2e"), n("11.1190", "kgCO2e"))
    assert s.unit.text == "%" and fmt(s.value, 2) == "48.42"
    assert E.agrees(n("48.41%"), s) is R                 # as printed in report 002
    assert E.agrees(n("47.41%"), s) is X


def test_total_converts_units_and_notes_unlike_ones():
    t = E.total([n("1", "t"), n("500", "kg")])
    assert (t.value, t.unit.text) == (D("1.5"), "t")
    t = E.total([n("1", "t"), n("500", "kWh")])
    assert any("unlike units" in x for x in t.notes)


# --------------------------------------------------------------------------- products
def test_electricity_in_grams():
    p = E.product(n("0.242", "kWh"), n("0.5978", "kgCO2/kWh"))
    assert p.value == D("0.1446676") and p.unit.text == "kgCO2"
    g = E.convert(p, "gCO2")
    assert g.value == D("144.6676") and g.unit.text == "gCO2"
    assert E.agrees(n("144.67", "gCO2"), p) is A       # converted into the printed unit
    assert E.agrees(n("144.67", "gCO2"), g) is A


def test_grid_electricity_kwh_times_tco2_per_mwh():
    p = E.product(n("22240041", "kWh"), n("0.5306", "tCO2/MWh"))
    assert p.unit.text == "tCO2" and p.value == D("11800.5657546")
    assert p.formula == "22240041 kWh × 0.5306 tCO2/MWh = 11800.56575 tCO2"
    assert E.agrees(n("11800.56575", "tCO2"), p) is A
    # report 003's formula line: not the rounding of the product, yet within 0.5306's ±0.00005
    assert E.agrees(n("11800.5675", "tCO2"), p) is R
    assert E.agrees(n("11802.5675", "tCO2"), p) is X
    v = E.agrees(n("11800.56575", "tCO2e"), p)          # CO2 vs CO2e: same number
    assert v is A


def test_intensity_disagrees():
    r = E.per_unit(n("15547.08599", "tCO2"), n("311561.14", "t"))
    assert r.unit.text == "tCO2/t" and fmt(r.value, 4) == "0.0499"
    assert E.agrees(n("0.0497", "tCO2/t"), r) is X
    assert E.agrees(n("0.0499", "tCO2/t"), r) is A


def test_diesel_route_is_rounding_only():
    # 0.0174 kg × 42.652 GJ/t × 0.0726 tCO2/GJ = 0.05388 kgCO2: printed 0.0538 is not its
    # rounding (0.0539), but 0.0174's own ±0.00005 (0.29 %) spans 0.05369…0.05407.
    p = E.product(n("0.0174", "kg"), n("42.652", "GJ/t"), n("0.0726", "tCO2/GJ"))
    assert p.unit.text == "kgCO2" and fmt(p.value, 4) == "0.0539"
    assert p.lo < D("0.0538") < p.hi
    assert p.formula.startswith("0.0174 kg × 42.652 GJ/t × 0.0726 tCO2/GJ = 0.05387")
    assert E.agrees(n("0.0538", "kgCO2"), p) is R
    assert E.agrees(n("0.0539", "kgCO2"), p) is A
    assert E.agrees(n("0.0548", "kgCO2"), p) is X


def test_diesel_per_gj_factor_through_default_ncv():
    # seed 003: 6.93 t diesel, factor 0.072585 printed without unit, result 21.45 t — it holds
    # only through the default NCV 42.652 GJ/t that the report never prints
    p = E.product(n("6.93", "t"), n("42.652", "GJ/t"), n("0.072585", "tCO2/GJ"))
    assert p.unit.text == "tCO2" and fmt(p.value, 2) == "21.45"
    assert p.formula.startswith("6.93 t × 42.652 GJ/t × 0.072585 tCO2/GJ = 21.454")
    assert E.agrees(n("21.45", "tCO2"), p) is A
    # without the NCV the row is 1000× smaller per GJ and does not agree at all
    assert E.agrees(n("21.45", "tCO2"), E.product(n("6.93", "t"), n("0.072585", "tCO2/GJ"))) is X


def test_footprint_factor_product_disagrees_with_printed_stage():
    # seed 002: 9.4083 kWh × 0.5777 kgCO2e/kWh = 5.4352, printed 5.3833
    p = E.product(n("9.4083", "kWh"), n("0.5777", "kgCO2e/kWh"))
    assert fmt(p.value, 4) == "5.4352" and p.unit.text == "kgCO2e"
    assert E.agrees(n("5.3833", "kgCO2e"), p) is X
    assert E.agrees(n("5.4352", "kgCO2e"), p) is A


def test_natural_gas_in_wan_nm3():
    p = E.product(n("172.28216", "万Nm3"), n("389.31", "GJ/万Nm3"), n("0.055539", "tCO2/GJ"))
    assert p.unit.text == "tCO2" and fmt(p.value, 6) == "3725.065583"
    assert E.agrees(n("3725.065583", "tCO2e"), p) is A


def test_fuel_factor_and_route():
    f = E.fuel_factor(n("0.0153", "tC/GJ"), n("0.99"))
    assert f.value == D("0.055539") and f.unit.text == "tCO2/GJ"
    assert E.agrees(n("0.055539"), f) is A
    r = E.fuel_route(n("1722821.6", "m3"), n("389.31", "GJ/万Nm3"), n("0.0153", "tC/GJ"),
                     n("99%"))
    assert r.unit.text == "tCO2" and fmt(r.value, 6) == "3725.065583"
    assert "44/12" in r.formula


def test_volume_to_mass_by_litres_per_tonne():
    m = E.density(n("20693", "L"), n("1379", "L/t"))
    assert m.unit.text == "t" and fmt(m.value, 2) == "15.01"
    assert E.agrees(n("15.01", "t"), m) is A
    m = E.density(n("1000", "L"), n("0.84", "kg/L"))
    assert (m.value, m.unit.text) == (D("840"), "kg")


def test_gas_factor_per_ten_thousand_nm3_from_text():
    (vol, _), (ef, _) = find_numbers("天然气\t30m ³\t\t\t\t21.63tCO ₂ /104Nm ³\t0.06")[:2]
    p = E.product(vol, ef)
    assert p.unit.text == "tCO2" and p.value == D("0.06489")
    assert E.agrees(n("0.06"), p) is A


def test_gwp_and_transport():
    g = E.gwp_weight(n("2.5", "t"), 28)
    assert (g.value, g.unit.text) == (D("70.0"), "tCO2e")
    p = E.product(n("0.08017", "t·km"), n("0.104", "kgCO2/t·km"))
    assert p.unit.text == "kgCO2"


def test_unknown_units_stay_unknown():
    p = E.product(n("22240041"), n("0.5306"))
    assert p.unit is None and p.value == D("11800565.7546")
    p = E.product(n("22240041"), n("0.5306", "tCO2/MWh"))
    assert p.unit is None and any("unit unknown" in x for x in p.notes)


def test_convert_mismatch_and_species():
    assert isinstance(E.convert(n("1", "tC"), "tCO2"), DimensionMismatch)
    assert isinstance(E.convert(n("1"), "t"), DimensionMismatch)
    c = E.convert(n("1.5", "tCO2"), "kgCO2e")
    assert c.value == 1500 and c.notes == ("species differ: CO2 vs CO2e",)


def test_ratio_edge_cases():
    r = E.ratio(n("1"), n("0"))
    assert r.value.is_nan() and "division by zero" in r.notes
    assert E.agrees(n("5"), r) is R                       # cannot judge, never flags
    r = E.ratio(n("1"), n("0.4"))                         # [0.5, 1.5] ÷ [0.35, 0.45]
    lo, hi = D("0.5") / D("0.45"), D("1.5") / D("0.35")
    assert abs(r.lo - lo) < D("1e-26") and abs(r.hi - hi) < D("1e-26")


def test_negative_intervals_use_corners():
    p = E.product(n("-2.0"), n("3.0"))
    assert (p.lo, p.hi) == (D("-6.2525"), D("-5.7525"))
    p = E.product(n("0.0"), n("-3.0"))                   # straddling zero
    assert (p.lo, p.hi) == (D("-0.1525"), D("0.1525")) and p.value == 0


def test_truncation_mode():
    t = E.total([n("0.0538797")])
    assert E.agrees(n("0.0538"), t, mode="truncation") is A
    assert E.agrees(n("0.0539"), t, mode="truncation") is X
    assert E.agrees(n("0.0539"), t) is A


def test_non_quantities_are_refused():
    with pytest.raises(ValueError):
        E.total([n("172.2821.6")])
    with pytest.raises(TypeError):
        E.calc(0.5)


def test_fmt():
    assert fmt(D("0.049900594"), 4) == "0.0499" and fmt(D("2.5"), 0) == "3"
    assert fmt(D("2.000E+7"), -4) == "20000000" and fmt(D("1.5"), 3) == "1.500"


# --------------------------------------------------------------------------- properties
exact = st.decimals(min_value=-10**6, max_value=10**6, places=8, allow_nan=False)


def rounded(x: D, d: int) -> Num:
    r = x.quantize(D(1).scaleb(-d), rounding=ROUND_HALF_UP)
    return parse_number(f"{r:f}")


@settings(max_examples=300, deadline=None)
@given(st.lists(exact, min_size=1, max_size=12), st.integers(0, 4))
def test_sum_of_rounded_parts_never_disagrees_with_rounded_exact_sum(xs, d):
    parts = [rounded(x, d) for x in xs]
    printed = rounded(sum(xs), d)
    assert E.agrees(printed, E.total(parts)) is not X


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(exact, st.integers(0, 5)), min_size=1, max_size=4))
def test_product_interval_contains_exact_product(terms):
    c = E.product(*[rounded(x, d) for x, d in terms])
    p = D(1)
    for x, _ in terms:
        p *= x
    assert c.lo <= p <= c.hi and c.lo <= c.value <= c.hi


@settings(max_examples=200, deadline=None)
@given(exact, st.decimals(min_value=D("0.01"), max_value=10**6, places=6), st.integers(0, 4))
def test_ratio_interval_contains_exact_ratio(x, y, d):
    c = E.ratio(rounded(x, d), rounded(y, d))
    if c.value.is_finite() and c.lo.is_finite():
        with localcontext(prec=80):
            assert c.lo <= x / y <= c.hi


@settings(max_examples=300, deadline=None)
@given(exact, st.integers(0, 4), exact, st.integers(0, 4))
def test_disagreement_is_symmetric(x, dx, y, dy):
    # "a does not hold against b" must not depend on which of the two was printed last
    a, b = rounded(x, dx), rounded(y, dy)
    assert E.agrees(a, E.total([b])).flagged == E.agrees(b, E.total([a])).flagged


@settings(max_examples=200, deadline=None)
@given(exact, st.integers(0, 4))
def test_printed_value_agrees_with_itself_and_its_neighbours_by_rounding(x, d):
    a = rounded(x, d)
    assert E.agrees(a, E.total([a])) is A
    step = D(1).scaleb(-d)
    nb = parse_number(f"{a.value + step:f}")
    assert not E.agrees(nb, E.total([a])).flagged     # intervals touch: rounding only
    far = parse_number(f"{a.value + 2 * step:f}")
    assert E.agrees(far, E.total([a])).flagged


def test_calc_is_frozen():
    t = E.total([n("1.0")])
    assert isinstance(t, Calc)
    with pytest.raises(AttributeError):
        t.value = D(2)  # type: ignore[misc]


def test_share_across_units_and_species():
    s = E.share(n("500", "kgCO2e"), n("2", "tCO2e"))
    assert s.value == 25 and s.unit.text == "%" and not s.notes
    s = E.share(n("1", "tCO2"), n("4", "tCO2e"))
    assert s.value == 25
    s = E.share(n("1", "kWh"), n("4", "t"))
    assert any("unlike units" in x for x in s.notes)


def test_exact_keeps_unit_and_text_with_zero_width():
    c = E.exact(n("0.11", "tCO2/GJ"))
    assert (c.lo, c.value, c.hi) == (D("0.11"),) * 3 and c.unit.text == "tCO2/GJ"
    p = E.product(n("271290.36", "GJ"), c)
    assert E.agrees(n("29887.94", "tCO2"), p) is X          # a rounded 0.11 would excuse it
    assert E.agrees(n("29887.94", "tCO2"), E.product(n("271290.36", "GJ"), n("0.11", "tCO2/GJ"))) is R
