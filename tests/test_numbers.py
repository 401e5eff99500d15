"""Printed numbers: every form the reports use, and the tokens that are not quantities."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditcheck.numbers import Num, find_numbers, parse_number


@pytest.mark.parametrize("text, value, decimals", [
    ("1,234.56", "1234.56", 2),
    ("1 234.56", "1234.56", 2),
    ("1\u2009234", "1234", 0),                 # thin space groups on its own
    ("１２３．４", "123.4", 1),
    ("−82.52", "-82.52", 2),
    ("-82.52", "-82.52", 2),
    ("3.2E-03", "0.0032", 4),
    ("1.2e+03", "1200", -2),
    ("75.073", "75.073", 3),
    ("100.00", "100", 2),
    ("0", "0", 0),
    ("2000万", "20000000", -4),
    ("1.2亿", "120000000", -7),
])
def test_parse_forms(text, value, decimals):
    n = parse_number(text)
    assert n is not None and n.is_value
    assert n.value == D(value) and n.decimals == decimals and n.text == text


def test_percent():
    n = parse_number("48.41%")
    assert n.percent and n.value == D("48.41") and n.decimals == 2
    assert parse_number("48.41 %").percent and parse_number("５０％").value == 50


def test_intervals_scale_with_multiplier_and_exponent():
    assert (parse_number("75.073").lo, parse_number("75.073").hi) == (D("75.0725"), D("75.0735"))
    n = parse_number("2000万")
    assert n.exp == 4 and (n.lo, n.hi) == (D("19995000"), D("20005000"))
    n = parse_number("3.2E-03")
    assert (n.lo, n.hi) == (D("0.00315"), D("0.00325"))
    assert parse_number("1.2e+03").hi == 1250


def test_with_loc_and_unit():
    n = parse_number("1.5").with_loc(page=3, line=12).with_unit("t")
    assert (n.page, n.line, n.unit, n.value) == (3, 12, "t", D("1.5"))


def test_range():
    (a, sa), (b, sb) = find_numbers("质量百分含量为 85～96%、粘结相")
    assert (a.value, b.value) == (85, 96) and a.percent and b.percent
    assert (a.range, b.range) == ("from", "to")
    (a, _), (b, _) = find_numbers("85~96")
    assert (a.range, b.range, a.percent) == ("from", "to", False)
    assert parse_number("85～96%") is None


def test_malformed_is_never_read_as_a_number():
    n = parse_number("172.2821.6")
    assert n.malformed and not n.is_value and n.value.is_nan()
    assert n.candidates == (D("1722821.6"), D("172.28216"))
    (n, _), *_ = find_numbers("天然气\t172.2821.6\t万 Nm <sup>3</sup>\t389.31")
    assert n.malformed


@pytest.mark.parametrize("text, kind", [
    ("2024年", "date"), ("2024-01-01", "date"), ("2025.09.29", "date"), ("2024/1/1", "date"),
    ("2024年1月1日", "date"), ("3.7.2.5", "section"), ("1.3.7", "section"),
])
def test_non_quantities(text, kind):
    n = parse_number(text)
    assert n is not None and n.kind == kind and not n.is_value


def test_kinds_in_running_text():
    kinds = {n.text: n.kind for n, _ in find_numbers(
        "见表3和第 5 部分，GB/T 32150-2015 与 ISO14064，代码 91370100MA3C4X，2026 年 3 月 25 签发")}
    assert kinds == {"3": "label", "5": "label", "32150": "code", "14064": "code",
                     "91370100": "code", "2026 年 3 月 25": "date"}
    assert [n.kind for n, _ in find_numbers("二氧化碳（CO<sub>2</sub>）与 CO2")] == ["code", "code"]
    assert [n.kind for n, _ in find_numbers("如表 4.2.1 所示")] == ["label"]


def test_glued_units_are_kept_raw():
    found = find_numbers("生产环节\t电力\t22240041kwh\t0.5306\t11800.56575")
    assert [(n.text, n.unit) for n, _ in found] == [
        ("22240041", "kwh"), ("0.5306", None), ("11800.56575", None)]
    assert [(n.text, n.unit) for n, _ in find_numbers("0.5366tCO2/KWh")] == [("0.5366", "tCO2/KWh")]
    assert [(n.text, n.unit) for n, _ in find_numbers("汽车运输（2t轻型汽油货车")] == [("2", "t")]
    (n, span), (m, _) = find_numbers("天然气\t30m ³\t\t21.63tCO ₂ /104Nm ³\t0.06")[:2]
    assert (n.unit, m.unit, span) == ("m ³", "tCO ₂ /104Nm ³", (4, 6))
    (n, _), (m, _) = find_numbers("碳足迹值为 11.1190 kgCO₂eq(占比:48.41%)")
    assert (n.unit, m.percent, m.value) == ("kgCO₂eq", True, D("48.41"))


def test_wan_as_unit_prefix_or_multiplier():
    (n, _), = find_numbers("172.28216 万Nm3")
    assert (n.value, n.unit) == (D("172.28216"), "万Nm3")
    (n, _), = find_numbers("投资 2000万元")
    assert n.value == D("2E7") and n.unit is None


def test_table_cells_are_not_merged_by_spaces():
    assert [n.value for n, _ in find_numbers("1 钨粉 2.29 600 0.104 0.143 84.81")] == [
        1, D("2.29"), 600, D("0.104"), D("0.143"), D("84.81")]
    assert [n.value for n, _ in find_numbers("1 200")] == [1, 200]


def test_hyphen_is_not_a_sign_after_a_digit():
    assert [n.value for n, _ in find_numbers("E = 3725.065583 - 21.45")] == [
        D("3725.065583"), D("21.45")]
    assert [n.value for n, _ in find_numbers("变化 (-82.52)")] == [D("-82.52")]


@given(st.decimals(min_value=-10**9, max_value=10**9, places=4, allow_nan=False))
def test_roundtrip_of_plain_decimals(d):
    n = parse_number(f"{d:f}")
    assert isinstance(n, Num) and n.value == d and n.decimals == 4
    assert n.lo < d < n.hi


_ALPHABET = st.sampled_from(list("0123456789０１.．,，-−+~～%％万亿年月日表第eEtkgWhCO₂³/· <sub>\t")
                            + ["<sub>2</sub>", "kWh", "tCO2", "104Nm3", "吨", "2024"])


@given(st.lists(_ALPHABET, max_size=30).map("".join))
def test_scanner_never_raises_and_spans_are_sane(s):
    last = 0
    for num, (a, b) in find_numbers(s):
        assert last <= a < b <= len(s)
        assert num.kind != "number" or num.value.is_finite()
        last = b


def test_fast_cell_path_agrees_with_the_general_scanner_on_every_fixture_cell():
    """The fast path for plain cells (`22240041kwh`) must read exactly what the general scanner reads."""
    from pathlib import Path

    from auditcheck import numbers
    from auditcheck.ingest import read

    root = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
    cells = set()
    for p in [*root.glob("*.txt"), *root.glob("extra/*.*"), *root.glob("blind*/*.*")]:
        if p.suffix in (".txt", ".md", ".html"):
            for t in read(p).tables:
                cells.update(c.text.strip() for r in t.rows for c in r.cells)
    checked = 0
    for c in cells:
        fast = numbers._fast_cell(c, True)
        if fast is None:
            continue
        checked += 1
        assert fast == tuple(numbers._scan_line(c, True)), c
    assert checked > 500
