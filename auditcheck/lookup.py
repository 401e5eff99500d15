"""`auditcheck reference QUERY`: the reference library's answer to "what is 0.5306?", with sources."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .reference import Reference


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def describe(query: str, gas: str | None = None) -> list[str]:
    ref = Reference.load()
    out: list[str] = []
    try:
        value = Decimal(query.replace(",", ""))
    except InvalidOperation:
        value = None
    if value is not None:
        d = _decimals(query)
        for g in ref.grid_matches(value, d):
            out.append(f"grid    {g.value} {g.unit}  {g.year} {g.region_zh} {g.label} [{g.kind}]  "
                       f"{g.announcement or ''} {g.source}  (confidence {g.confidence})")
        for m in ref.fuel_matches(value, d):
            out.append(f"fuel    {m.reference} {m.unit}  {m.fuel.name_zh} {m.parameter} "
                       f"({', '.join(m.fuel.ncv_sets)})  {m.fuel.source}")
        for t in ref.transport_matches(value, d):
            out.append(f"freight {t.value} {t.unit}  {t.vehicle}  {t.source}")
        gases = [gas] if gas else sorted(ref.gases)
        for key in gases:
            for ar in ref.gwp_matches(key, value, d):
                out.append(f"GWP     {key} = {value} in {ar}")
        return out
    key = ref.resolve_gas(query)
    if key:
        for ar in ("SAR", "AR4", "AR5", "AR6"):
            v = ref.gwp(key, ar)
            if v is not None:
                out.append(f"GWP     {key} {ar} = {v}")
    for f in ref.fuel(query):
        out.append(f"fuel    {f.name_zh}: NCV {f.ncv} {f.ncv_unit}, CC {f.cc} {f.cc_unit}, OF {f.of}, EF {f.value} {f.unit} "
                   f"({', '.join(f.ncv_sets)})  {f.source}")
    return out
