"""`auditcheck reference`: the published source behind a value or a name."""
from __future__ import annotations

from auditcheck.lookup import describe


def test_value_lookups_name_their_sources():
    assert any("2023" in ln and "全国" in ln and "公告2025年第47号" in ln for ln in describe("0.5306"))
    assert any("2022" in ln and "江苏" in ln for ln in describe("0.5978"))
    assert any("2022" in ln and "全国" in ln for ln in describe("0.5366"))
    assert any("碳足迹" in ln and "2024" in ln for ln in describe("0.5777"))
    assert describe("1530", gas="HFC-134a") == ["GWP     HFC-134a = 1530 in AR6"]
    assert "AR5" in " ".join(describe("265", gas="N2O"))


def test_name_lookups():
    assert any("AR5 = 1300" in ln for ln in describe("R134a"))
    assert any("42.652" in ln for ln in describe("柴油"))
    assert describe("0.123456") == []
